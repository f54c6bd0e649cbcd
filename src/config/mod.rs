//! Configuration: `planlint.toml`, `.planlint.toml` or `[tool.planlint]` in `pyproject.toml`,
//! found from each linted file's folder upwards, within its repository.
//!
//! The nearest file applies, whole: configurations do not merge (as in ruff). Flags on the
//! command line override it. Globs and paths in a file are relative to its folder, except for
//! a file given with `--config`, whose are relative to the current directory.

pub mod schema;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::Spanned;

use crate::files::DEFAULT_GLOB;
use crate::read::DEFAULT_MAX_FILE_SIZE;
use crate::rules::{self, Severity};
use crate::toml_error::{self, TomlError};
use schema::{ConfigFile, PyProject};

/// The JSON Schema of the configuration file (`schemas/planlint.schema.json`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    serde_json::to_string_pretty(&schema).expect("a schema is JSON") + "\n"
}

/// The configuration file names, in the order they are looked for in a folder.
pub const CONFIG_FILES: [&str; 2] = ["planlint.toml", ".planlint.toml"];

/// The nearest folder from `start` up that holds `.git`: where a configuration stops being
/// looked for, and the default root.
pub fn repository_top(start: &Path) -> Option<&Path> {
    start
        .ancestors()
        .find(|folder| folder.join(".git").exists())
}

/// The nearest configuration for files in `dir`: from `dir` up to the first folder holding
/// `.git` (configurations above a repository do not apply to it).
pub fn discover(dir: &Path) -> Result<Option<PathBuf>, Box<TomlError>> {
    let top = repository_top(dir);
    let real_top = top.map(|top| std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf()));
    for folder in dir.ancestors() {
        let within = match (top, &real_top) {
            (Some(top), Some(real)) => (top, real.clone()),
            // Outside a repository, a file is held to its own folder.
            _ => (
                folder,
                std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf()),
            ),
        };
        if let Some(found) = in_folder(folder, within)? {
            return Ok(Some(found));
        }
        if Some(folder) == top {
            break;
        }
    }
    Ok(None)
}

/// `path` if it is a file inside `within` (written, and its real path), links followed only
/// beneath it. A configuration found through a link out of the repository (a committed
/// `planlint.toml -> /proc/self/environ`, or a folder that links out) is an error without
/// being read: parsing it would print its lines in the error.
fn inside(path: PathBuf, within: (&Path, &Path)) -> Result<Option<PathBuf>, Box<TomlError>> {
    let (written, real) = within;
    let Ok(relative) = path.strip_prefix(written) else {
        return Ok(path.is_file().then_some(path));
    };
    match crate::read::resolve_beneath(real, relative) {
        Ok(resolved) => Ok(resolved.is_file().then_some(path)),
        Err(crate::read::ReadError::SymlinkOutsideRoot) => {
            let origin = path.display().to_string();
            Err(Box::new(
                TomlError::new(
                    "config",
                    &origin,
                    "",
                    None,
                    "reached through a symlink leading outside the repository; not read",
                )
                .with_help("put the configuration itself in the repository"),
            ))
        }
        Err(_) => Ok(None),
    }
}

/// The configuration file of one folder, if it has one.
fn in_folder(
    folder: &Path,
    (written, real): (&Path, PathBuf),
) -> Result<Option<PathBuf>, Box<TomlError>> {
    let within = (written, real.as_path());
    let mut present = Vec::new();
    for name in CONFIG_FILES {
        present.extend(inside(folder.join(name), within)?);
    }
    if present.len() > 1 {
        let origin = folder.display().to_string();
        return Err(Box::new(
            TomlError::new(
                "config",
                &origin,
                "",
                None,
                format!(
                    "both {} and {} are here; planlint would not know which to use",
                    CONFIG_FILES[0], CONFIG_FILES[1]
                ),
            )
            .with_help("keep one of them"),
        ));
    }
    if let Some(path) = present.into_iter().next() {
        return Ok(Some(path));
    }
    match inside(folder.join("pyproject.toml"), within)? {
        Some(pyproject) if has_planlint_table(&pyproject)? => Ok(Some(pyproject)),
        _ => Ok(None),
    }
}

/// Whether a `pyproject.toml` has a `[tool.planlint]` table. A file that does not mention
/// planlint is not read as TOML, so that a broken one of another tool's is not our error.
fn has_planlint_table(path: &Path) -> Result<bool, Box<TomlError>> {
    let text = toml_error::read("config", path)?;
    if !text.contains("planlint") {
        return Ok(false);
    }
    let origin = path.display().to_string();
    let project: PyProject = toml_error::parse("config", &origin, &text)?;
    Ok(project.tool.and_then(|t| t.planlint).is_some())
}

/// A configuration, read and checked.
#[derive(Debug)]
pub struct Config {
    /// The file it comes from; `None` for the defaults.
    pub origin: Option<PathBuf>,
    /// The folder its globs and paths are relative to.
    pub dir: PathBuf,
    /// Plans linted when no paths are given, as globs relative to `dir`.
    pub include: Vec<String>,
    exclude: GlobSet,
    /// (globs, ruleset id) of each `[[match]]`, in order.
    matches: Vec<(GlobSet, String)>,
    pub rulesets_dir: Option<PathBuf>,
    severity: HashMap<&'static str, Option<Severity>>,
    ruleset_severity: HashMap<String, HashMap<&'static str, Option<Severity>>>,
    /// The root the file sets, already joined to `dir`.
    pub root: Option<PathBuf>,
    pub path_bases: Vec<String>,
    pub max_file_size: u64,
    /// The file as written and its text, to point at its values when they turn out wrong
    /// once the rulesets are known.
    file: ConfigFile,
    text: String,
}

impl Config {
    /// The defaults, for files with no configuration; globs relative to `dir`.
    pub fn defaults(dir: &Path) -> Self {
        Self::compile(None, dir, ConfigFile::default(), String::new())
            .expect("the default configuration is valid")
    }

    /// Reads the configuration at `path`. `dir` is what its globs and paths are relative to:
    /// its own folder when discovered, the current directory with `--config`.
    pub fn load(path: &Path, dir: &Path) -> Result<Self, Box<TomlError>> {
        let text = toml_error::read("config", path)?;
        let origin = path.display().to_string();
        let file = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
            let project: PyProject = toml_error::parse("config", &origin, &text)?;
            project.tool.and_then(|t| t.planlint).ok_or_else(|| {
                Box::new(TomlError::new(
                    "config",
                    &origin,
                    &text,
                    None,
                    "no [tool.planlint] table",
                ))
            })?
        } else {
            toml_error::parse("config", &origin, &text)?
        };
        Self::compile(Some(path.to_path_buf()), dir, file, text)
    }

    fn compile(
        origin: Option<PathBuf>,
        dir: &Path,
        file: ConfigFile,
        text: String,
    ) -> Result<Self, Box<TomlError>> {
        let at = Place {
            origin: origin
                .as_ref()
                .map_or_else(String::new, |o| o.display().to_string()),
            text: &text,
        };
        let include = match &file.include {
            Some(globs) => {
                at.globs(globs)?;
                globs.iter().map(|g| g.get_ref().clone()).collect()
            }
            None => vec![DEFAULT_GLOB.to_string()],
        };
        let exclude = at.globs(&file.exclude)?;
        let matches = file
            .matches
            .iter()
            .map(|m| Ok((at.globs(&m.files)?, m.ruleset.get_ref().clone())))
            .collect::<Result<_, Box<TomlError>>>()?;
        let rulesets_dir = file
            .rulesets_dir
            .as_ref()
            .map(|d| at.inside(d).map(|d| dir.join(d)))
            .transpose()?;
        let severity = at.severities(&file.severity)?;
        let mut ruleset_severity = HashMap::new();
        for (id, table) in &file.ruleset_severity {
            ruleset_severity.insert(id.get_ref().clone(), at.severities(table)?);
        }
        let root = file
            .root
            .as_ref()
            .map(|r| at.inside(r).map(|r| dir.join(r)))
            .transpose()?;
        let path_bases = file
            .path_bases
            .iter()
            .map(|b| at.inside(b).map(str::to_string))
            .collect::<Result<_, _>>()?;
        let max_file_size = match &file.max_file_size {
            Some(size) if *size.get_ref() == 0 => {
                return Err(at.error(size.span(), "the size cap must be above 0 bytes", None));
            }
            Some(size) => *size.get_ref(),
            None => DEFAULT_MAX_FILE_SIZE,
        };
        Ok(Self {
            origin,
            dir: dir.to_path_buf(),
            include,
            exclude,
            matches,
            rulesets_dir,
            severity,
            ruleset_severity,
            root,
            path_bases,
            max_file_size,
            file,
            text,
        })
    }

    /// Whether `path` (relative to `dir`) is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(path)
    }

    /// The ruleset id the first `[[match]]` whose globs match `path` (relative to `dir`)
    /// gives, with the glob that matched.
    pub fn matched(&self, path: &Path) -> Option<&str> {
        self.matches
            .iter()
            .find(|(globs, _)| globs.is_match(path))
            .map(|(_, id)| id.as_str())
    }

    /// The severity this configuration sets for `rule` in the format `ruleset`: `None` when
    /// it says nothing, `Some(None)` for "off".
    pub fn severity(&self, ruleset: Option<&str>, rule: &str) -> Option<Option<Severity>> {
        ruleset
            .and_then(|id| self.ruleset_severity.get(id))
            .and_then(|table| table.get(rule))
            .or_else(|| self.severity.get(rule))
            .copied()
    }

    /// An error about the `rulesets-dir` the file gives.
    pub fn rulesets_dir_error(&self, message: String) -> Box<TomlError> {
        let span = self.file.rulesets_dir.as_ref().map(|d| d.span());
        let origin = self
            .origin
            .as_ref()
            .map_or_else(String::new, |o| o.display().to_string());
        Box::new(TomlError::new("config", &origin, &self.text, span, message))
    }

    /// Checks the ruleset ids the file names (`[[match]]`, `[ruleset-severity.ID]`) against
    /// the rulesets known.
    pub fn check_ruleset_ids<'a>(
        &self,
        known: impl Iterator<Item = &'a str> + Clone,
    ) -> Result<(), Box<TomlError>> {
        let at = Place {
            origin: self
                .origin
                .as_ref()
                .map_or_else(String::new, |o| o.display().to_string()),
            text: &self.text,
        };
        let named = self
            .file
            .matches
            .iter()
            .map(|m| &m.ruleset)
            .chain(self.file.ruleset_severity.keys());
        for id in named {
            if !known.clone().any(|k| k == id.get_ref()) {
                let help = crate::suggest::closest(id.get_ref(), known.clone())
                    .map(|near| format!("did you mean `{near}`?"))
                    .or_else(|| Some("`planlint rulesets` lists the rulesets".into()));
                return Err(at.error(
                    id.span(),
                    &format!("unknown ruleset `{}`", id.get_ref()),
                    help,
                ));
            }
        }
        Ok(())
    }
}

/// Errors at a place in the configuration file.
struct Place<'a> {
    origin: String,
    text: &'a str,
}

impl Place<'_> {
    fn error(&self, span: Range<usize>, message: &str, help: Option<String>) -> Box<TomlError> {
        let error = TomlError::new("config", &self.origin, self.text, Some(span), message);
        Box::new(match help {
            Some(help) => error.with_help(help),
            None => error,
        })
    }

    fn globs(&self, globs: &[Spanned<String>]) -> Result<GlobSet, Box<TomlError>> {
        let mut set = GlobSetBuilder::new();
        for glob in globs {
            let compiled = GlobBuilder::new(glob.get_ref().trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    self.error(glob.span(), &format!("invalid glob: {}", e.kind()), None)
                })?;
            set.add(compiled);
        }
        set.build()
            .map_err(|e| self.error(0..0, &format!("invalid globs: {e}"), None))
    }

    /// A relative path that stays inside the folder it is relative to.
    fn inside<'v>(&self, value: &'v Spanned<String>) -> Result<&'v str, Box<TomlError>> {
        let path = value.get_ref();
        let escapes = Path::new(path)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        let drive = path.as_bytes().get(1) == Some(&b':') || path.starts_with('\\');
        if path.is_empty() || escapes || drive || path.starts_with('~') {
            return Err(self.error(
                value.span(),
                &format!("`{path}` leaves the project's folder"),
                Some(
                    "a configuration names folders inside its project, relative to it; \
                     pass --root to check another tree"
                        .into(),
                ),
            ));
        }
        Ok(path)
    }

    fn severities(
        &self,
        table: &std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
    ) -> Result<HashMap<&'static str, Option<Severity>>, Box<TomlError>> {
        let mut severities = HashMap::new();
        for (rule_id, setting) in table {
            let Some(rule) = rules::find(rule_id.get_ref()) else {
                let help =
                    rules::closest(rule_id.get_ref()).map(|id| format!("did you mean `{id}`?"));
                return Err(self.error(
                    rule_id.span(),
                    &format!("unknown rule `{}`", rule_id.get_ref()),
                    help,
                ));
            };
            let Some(severity) = Severity::parse_setting(setting.get_ref()) else {
                return Err(self.error(
                    setting.span(),
                    &format!("unknown severity `{}`", setting.get_ref()),
                    Some("use \"error\", \"warning\", \"info\" or \"off\"".into()),
                ));
            };
            if severity.is_none() && !rules::can_be_turned_off(rule) {
                return Err(self.error(
                    setting.span(),
                    &format!("`{}` cannot be turned off", rule.id),
                    Some("a file that could not be checked is never reported as clean".into()),
                ));
            }
            severities.insert(rule.id, severity);
        }
        Ok(severities)
    }
}
