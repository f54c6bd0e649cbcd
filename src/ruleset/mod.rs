//! Rulesets: one per plan format, written in TOML, compiled once and shared read-only.
//!
//! A ruleset says what a plan of its format looks like: the title, the preamble lines, the
//! sections (name, level, parent, order, optional, repeated, stage) and per-rule severities.
//! Formats are data: a new format is a TOML file, no Rust.

pub mod content;
mod extend;
mod pattern;
mod phrases;
mod profile;
mod schema;
pub mod select;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

pub use pattern::Pattern;
pub use phrases::Phrases;
pub use profile::{Profile, Root};
use toml::Spanned;

use crate::document::key;
use crate::rules::{self, Rule, Severity};
use crate::suggest;
use crate::toml_error::{self, TomlError};

use content::{
    Commands, Confirmation, FenceShape, FileName, Label, Metadata, MetadataField, Placeholder,
    SectionContent, Shape, Stages, Style, TableShape,
};
pub use schema::{PathKind, Placement, severity_table};
use schema::{RulesetFile, SectionFile};

include!(concat!(env!("OUT_DIR"), "/builtin_rulesets.rs"));

/// Index of a section in `Ruleset::sections`; sections are stored in file order, which is
/// the order a plan must follow among siblings.
pub type SectionId = usize;

#[derive(Debug)]
pub struct Ruleset {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Where the ruleset came from: `built-in` or its file path.
    pub origin: String,
    pub title: Option<Title>,
    pub preamble: Option<Preamble>,
    pub instruction_markers: Vec<String>,
    severities: HashMap<&'static str, Option<Severity>>,
    /// What detection reads of the ruleset.
    pub profile: Profile,
    pub sections: Vec<SectionSpec>,
    /// Sections without a parent, in order.
    pub roots: Vec<SectionId>,
    pub placeholders: Vec<Placeholder>,
    /// The template's instruction phrases, as one alternation.
    pub template_text: Option<Phrases>,
    /// Present for staged formats (sections with a `stage`).
    pub stages: Option<Stages>,
    pub confirmation: Option<Confirmation>,
    pub commands: Option<Commands>,
    pub style: Vec<Style>,
    pub file_name: Option<FileName>,
    pub metadata: Option<Metadata>,
    pub paths: Paths,
}

/// Where a format's file paths may point.
#[derive(Debug, Default)]
pub struct Paths {
    /// Globs paths must stay within, as written; empty: anywhere.
    pub scope: Vec<String>,
    pub scope_matcher: Option<globset::GlobSet>,
    /// Headings whose paths are new files.
    pub new_headings: Option<Pattern>,
}

/// A table whose rows say, per path, whether it exists or is new.
#[derive(Debug)]
pub struct PathTable {
    pub path_column: String,
    pub kind_column: String,
    pub existing: Vec<String>,
    pub new: Vec<String>,
}

#[derive(Debug)]
pub struct Title {
    pub pattern: Pattern,
    pub expected: String,
}

#[derive(Debug)]
pub struct Preamble {
    pub placement: Placement,
    pub lines: Vec<PreambleLine>,
}

#[derive(Debug)]
pub struct PreambleLine {
    pub pattern: Pattern,
    pub expected: String,
}

#[derive(Debug)]
pub struct SectionSpec {
    pub name: String,
    pub level: u8,
    pub parent: Option<SectionId>,
    pub children: Vec<SectionId>,
    /// Comparison keys of the name and aliases.
    keys: Vec<String>,
    pattern: Option<Pattern>,
    pub required: bool,
    pub repeat: bool,
    /// Occurrences required of a repeated section.
    pub min: usize,
    pub stage: Option<u32>,
    pub allow_empty: bool,
    pub content: SectionContent,
    /// The body `planlint template` writes, when the ruleset gives one.
    pub template: Option<String>,
    pub paths: Option<PathKind>,
    pub path_table: Option<PathTable>,
}

impl SectionSpec {
    /// Whether a heading with comparison key `key` stands for this section.
    pub fn matches(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key) || self.pattern.as_ref().is_some_and(|p| p.is_match(key))
    }

    /// The step number a repeated heading carries (`n` group of the pattern).
    pub fn step_number(&self, key: &str) -> Option<u32> {
        let captures = self.pattern.as_ref()?.captures(key)?;
        captures.name("n")?.as_str().parse().ok()
    }

    /// Whether the pattern numbers occurrences (has an `n` group).
    pub fn numbers_steps(&self) -> bool {
        self.pattern
            .as_ref()
            .is_some_and(|p| p.capture_names().any(|n| n == Some("n")))
    }

    /// The key a near-miss heading is compared with.
    pub fn name_key(&self) -> &str {
        &self.keys[0]
    }

    /// How a plan writes the heading: `## Notes`.
    pub fn heading(&self) -> String {
        format!("{} {}", "#".repeat(self.level as usize), self.name)
    }
}

impl Ruleset {
    /// The severity of `rule` in this format; `None` when the format turns it off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.severities
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.severity))
    }

    /// Sections directly under `parent` (`None`: the top level), in order.
    pub fn children(&self, parent: Option<SectionId>) -> &[SectionId] {
        match parent {
            Some(id) => &self.sections[id].children,
            None => &self.roots,
        }
    }

    /// Compiles `source`, its `extends` resolved among `known` (searched in order).
    pub fn compile(source: &Source, known: &[Source]) -> Result<Self, Box<TomlError>> {
        let file = effective_file(source, known)?;
        Compiler::new(source).compile(&source.id, file)
    }

    /// Parses and compiles a ruleset from TOML text; it may extend the built-ins.
    pub fn from_toml(id: &str, origin: &str, text: &str) -> Result<Self, Box<TomlError>> {
        let source = Source {
            id: id.to_string(),
            origin: origin.to_string(),
            text: text.to_string(),
        };
        Self::compile(&source, builtin_sources())
    }
}

/// The origin of the rulesets compiled into the binary.
pub const BUILT_IN: &str = "built-in";

/// A ruleset's TOML text, its id and where it comes from.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// `built-in` or the file's path.
    pub origin: String,
    pub text: String,
}

impl Source {
    /// Reads a ruleset file; its id is the file name without `.toml`.
    pub fn from_path(path: &Path) -> Result<Self, Box<TomlError>> {
        Ok(Source {
            id: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            origin: path.display().to_string(),
            text: toml_error::read("ruleset", path)?,
        })
    }

    fn is(&self, other: &Source) -> bool {
        self.id == other.id && self.origin == other.origin
    }
}

/// The file of `source` as if written out whole: `extends` applied.
fn effective_file(source: &Source, known: &[Source]) -> Result<RulesetFile, Box<TomlError>> {
    extend::resolve(
        source,
        known,
        &mut vec![format!("{} ({})", source.id, source.origin)],
    )
}

/// The ruleset `source` as TOML, `extends` applied (`planlint ruleset show`).
pub fn effective_toml(source: &Source, known: &[Source]) -> Result<String, Box<TomlError>> {
    let file = effective_file(source, known)?;
    Ok(toml::to_string_pretty(&file).expect("a ruleset file serializes to TOML"))
}

/// The JSON Schema of a ruleset file (`schemas/ruleset.schema.json`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RulesetFile);
    serde_json::to_string_pretty(&schema).expect("a schema is JSON") + "\n"
}

/// The built-in rulesets' sources, in id order.
pub fn builtin_sources() -> &'static [Source] {
    static SOURCES: OnceLock<Vec<Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        BUILTIN_RULESETS
            .iter()
            .map(|(id, text)| Source {
                id: id.to_string(),
                origin: BUILT_IN.to_string(),
                text: text.to_string(),
            })
            .collect()
    })
}

/// A built-in ruleset: its detection profile, from the index, and the ruleset itself,
/// compiled when a plan gets it.
#[derive(Debug)]
pub struct Builtin {
    pub profile: Profile,
    source: &'static Source,
    ruleset: OnceLock<Ruleset>,
}

impl Builtin {
    pub fn ruleset(&self) -> &Ruleset {
        self.ruleset.get_or_init(|| compile_builtin(self.source))
    }
}

/// The built-ins are tested to compile, so an error here is a bug in the binary, reported as
/// such rather than as a user's mistake.
fn compile_builtin(source: &Source) -> Ruleset {
    Ruleset::compile(source, builtin_sources())
        .unwrap_or_else(|e| panic!("built-in ruleset {} is broken: {e}", source.id))
}

/// The built-in rulesets, in id order. Their profiles come from the detection index when it
/// is current; otherwise every built-in is compiled for its profile.
pub fn builtins() -> &'static [Builtin] {
    static BUILTINS: OnceLock<Vec<Builtin>> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let sources = builtin_sources();
        match profile::read_index(DETECTION_INDEX, BUILTIN_RULESETS_HASH) {
            Some(profiles) if same_ids(&profiles, sources) => sources
                .iter()
                .zip(profiles)
                .map(|(source, profile)| Builtin {
                    profile,
                    source,
                    ruleset: OnceLock::new(),
                })
                .collect(),
            _ => sources
                .iter()
                .map(|source| {
                    let ruleset = compile_builtin(source);
                    Builtin {
                        profile: ruleset.profile.clone(),
                        source,
                        ruleset: OnceLock::from(ruleset),
                    }
                })
                .collect(),
        }
    })
}

fn same_ids(profiles: &[Profile], sources: &[Source]) -> bool {
    profiles.len() == sources.len() && profiles.iter().zip(sources).all(|(p, s)| p.id == s.id)
}

/// The built-in ruleset `id`, compiled.
pub fn builtin(id: &str) -> Option<&'static Ruleset> {
    builtins()
        .iter()
        .find(|b| b.profile.id == id)
        .map(Builtin::ruleset)
}

/// The detection index of the built-in rulesets as compiled (`rules/detection-index.json`).
pub fn detection_index() -> String {
    let profiles: Vec<Profile> = builtin_sources()
        .iter()
        .map(|source| compile_builtin(source).profile)
        .collect();
    profile::index_json(BUILTIN_RULESETS_HASH, &profiles)
}

/// Compiles a ruleset file's contents; errors point into its text.
struct Compiler<'a> {
    origin: &'a str,
    text: &'a str,
    /// Compile patterns now, to report mistakes in them: the file is not a built-in.
    eager: bool,
}

/// Longest pattern a ruleset may hold: patterns match headings and lines, not documents.
const MAX_PATTERN_LEN: usize = 1000;

impl<'a> Compiler<'a> {
    fn new(source: &'a Source) -> Self {
        Self {
            origin: &source.origin,
            text: &source.text,
            eager: source.origin != BUILT_IN,
        }
    }

    fn error(&self, span: Option<Range<usize>>, message: String) -> TomlError {
        TomlError::new("ruleset", self.origin, self.text, span, message)
    }

    fn fail<T>(
        &self,
        span: Range<usize>,
        message: String,
        help: Option<String>,
    ) -> Result<T, Box<TomlError>> {
        let mut error = self.error(Some(span), message);
        error.help = help;
        Err(Box::new(error))
    }

    fn compile(&self, id: &str, file: RulesetFile) -> Result<Ruleset, Box<TomlError>> {
        self.standalone(&file)?;
        let Some(name) = file.name.clone() else {
            return Err(Box::new(
                self.error(None, "a ruleset needs a `name`".into()),
            ));
        };
        let title = match file.title {
            Some(t) => Some(Title {
                pattern: self.regex(&t.pattern)?,
                expected: t.expected,
            }),
            None => None,
        };
        let preamble = match file.preamble {
            Some(p) => Some(Preamble {
                placement: p.placement,
                lines: p
                    .lines
                    .into_iter()
                    .map(|line| {
                        Ok(PreambleLine {
                            pattern: self.regex(&line.pattern)?,
                            expected: line.expected,
                        })
                    })
                    .collect::<Result<_, Box<TomlError>>>()?,
            }),
            None => None,
        };
        let title_weight = match file.detect.and_then(|d| d.title_weight) {
            Some(w) if !(0.0..=1.0).contains(w.get_ref()) => {
                return self.fail(
                    w.span(),
                    "title-weight must be between 0 and 1".into(),
                    None,
                );
            }
            Some(w) => w.into_inner(),
            None => 0.5,
        };
        let mut severities = HashMap::new();
        for (rule_id, setting) in &file.severity {
            let Some(rule) = rules::find(rule_id.get_ref()) else {
                let help =
                    rules::closest(rule_id.get_ref()).map(|id| format!("did you mean `{id}`?"));
                return self.fail(
                    rule_id.span(),
                    format!("unknown rule `{}`", rule_id.get_ref()),
                    help,
                );
            };
            let Some(severity) = Severity::parse_setting(setting.get_ref()) else {
                return self.fail(
                    setting.span(),
                    format!("unknown severity `{}`", setting.get_ref()),
                    Some("use \"error\", \"warning\", \"info\" or \"off\"".into()),
                );
            };
            severities.insert(rule.id, severity);
        }
        let (sections, roots) = self.sections(file.sections)?;
        let find = |name: &Spanned<String>| self.section_named(name, &sections);
        let placeholders = file
            .placeholders
            .iter()
            .map(|p| {
                Ok(Placeholder {
                    pattern: self.regex(&p.pattern)?,
                    code: p.code,
                })
            })
            .collect::<Result<_, Box<TomlError>>>()?;
        let has_stages = sections.iter().any(|s| s.stage.is_some());
        let stages = match file.stages {
            Some(stages) => Some(Stages {
                complete: stages
                    .complete_pattern
                    .as_ref()
                    .map(|p| self.regex(p))
                    .transpose()?,
            }),
            None => has_stages.then(Stages::default),
        };
        let confirmation = match file.confirmation {
            Some(c) => Some(Confirmation {
                marker: c.marker,
                section: find(&c.section)?,
            }),
            None => None,
        };
        let commands = match file.commands {
            Some(c) => Some(Commands {
                section: find(&c.section)?,
                required: c.required.iter().map(|r| normalize_command(r)).collect(),
                steps: c.steps.as_ref().map(find).transpose()?,
                tests: c.tests.as_ref().map(|t| self.regex(t)).transpose()?,
            }),
            None => None,
        };
        let style = file
            .style
            .iter()
            .map(|style| {
                Ok(Style {
                    pattern: self.regex(&style.pattern)?,
                    message: style.message.clone(),
                    help: style.help.clone(),
                    sections: style.sections.iter().map(find).collect::<Result<_, _>>()?,
                    code: style.code,
                })
            })
            .collect::<Result<_, Box<TomlError>>>()?;
        let file_name = match file.file_name {
            Some(f) => Some(FileName {
                pattern: self.regex(&f.pattern)?,
                expected: f.expected,
                captures: f.captures.as_ref().map(|c| self.regex(c)).transpose()?,
            }),
            None => None,
        };
        let metadata = match file.metadata {
            Some(m) => Some(self.metadata(m, &sections, file_name.as_ref())?),
            None => None,
        };
        let paths = match file.paths {
            Some(p) => self.paths(p)?,
            None => Paths::default(),
        };
        let profile = Profile::new(id, title.as_ref(), title_weight, &sections, &roots);
        Ok(Ruleset {
            id: id.to_string(),
            name,
            description: file.description.unwrap_or_default(),
            origin: self.origin.to_string(),
            title,
            preamble,
            instruction_markers: file.instruction_markers,
            severities,
            profile,
            sections,
            roots,
            placeholders,
            template_text: self.phrases(&file.template_text)?,
            stages,
            confirmation,
            commands,
            style,
            file_name,
            metadata,
            paths,
        })
    }

    /// Keys that only mean something in a ruleset that extends another, in one that is
    /// compiled as it stands: a mistake, not something to ignore.
    fn standalone(&self, file: &RulesetFile) -> Result<(), Box<TomlError>> {
        let help = || Some("these keys change a base ruleset: add `extends = \"ID\"`".to_string());
        if let Some(first) = file.remove_sections.first() {
            return self.fail(
                first.span(),
                "`remove-sections` without `extends`".into(),
                help(),
            );
        }
        if let Some(old) = file.rename_sections.keys().next() {
            return self.fail(
                old.span(),
                "`rename-sections` without `extends`".into(),
                help(),
            );
        }
        let placed = file
            .sections
            .iter()
            .find_map(|s| s.after.as_ref().or(s.before.as_ref()));
        if let Some(place) = placed {
            return self.fail(
                place.span(),
                "`after` and `before` place sections in a base ruleset".into(),
                Some("without `extends`, sections come in the order they are written".into()),
            );
        }
        Ok(())
    }

    fn paths(&self, file: schema::PathsFile) -> Result<Paths, Box<TomlError>> {
        let mut set = globset::GlobSetBuilder::new();
        for glob in &file.scope {
            let compiled = globset::GlobBuilder::new(glob.get_ref())
                .literal_separator(true)
                .build()
                .or_else(|e| self.fail(glob.span(), format!("invalid glob: {}", e.kind()), None))?;
            set.add(compiled);
        }
        let scope_matcher = match file.scope.is_empty() {
            true => None,
            false => Some(
                set.build()
                    .or_else(|e| self.fail(0..0, format!("invalid scope: {e}"), None))?,
            ),
        };
        Ok(Paths {
            scope: file.scope.iter().map(|g| g.get_ref().clone()).collect(),
            scope_matcher,
            new_headings: file
                .new_headings
                .as_ref()
                .map(|p| self.regex(p))
                .transpose()?,
        })
    }

    /// The section a demand names.
    fn section_named(
        &self,
        name: &Spanned<String>,
        sections: &[SectionSpec],
    ) -> Result<SectionId, Box<TomlError>> {
        let wanted = key(name.get_ref());
        if let Some(id) = sections.iter().position(|s| s.keys[0] == wanted) {
            return Ok(id);
        }
        let help = suggest::closest(name.get_ref(), sections.iter().map(|s| s.name.as_str()))
            .map(|near| format!("did you mean `{near}`?"));
        self.fail(
            name.span(),
            format!("unknown section `{}`", name.get_ref()),
            help,
        )
    }

    /// One case-insensitive regex for all phrases, each matching across line breaks.
    fn phrases(&self, phrases: &[String]) -> Result<Option<Phrases>, Box<TomlError>> {
        Phrases::new(phrases, self.eager)
            .map_err(|e| Box::new(self.error(None, format!("template-text: {e}"))))
    }

    fn metadata(
        &self,
        file: schema::MetadataFile,
        sections: &[SectionSpec],
        file_name: Option<&FileName>,
    ) -> Result<Metadata, Box<TomlError>> {
        let section = self.section_named(&file.section, sections)?;
        let mut fields = Vec::new();
        for field in file.fields {
            // Built-in patterns are checked by a test instead: this would compile them.
            if let Some(group) = field.file_name.as_ref().filter(|_| self.eager) {
                let known = file_name.is_some_and(|f| {
                    [Some(&f.pattern), f.captures.as_ref()]
                        .into_iter()
                        .flatten()
                        .any(|r| r.capture_names().any(|n| n == Some(group)))
                });
                if !known {
                    return self.fail(
                        file.section.span(),
                        format!("metadata field `{}` refers to `{group}`, which no file-name pattern captures", field.key),
                        Some(format!("add a named group `(?P<{group}>...)` to [file-name]")),
                    );
                }
            }
            fields.push(MetadataField {
                key: field.key,
                required: field.required,
                file_name: field.file_name,
            });
        }
        Ok(Metadata {
            section,
            fields,
            empty_values: file.empty_values,
        })
    }

    fn content(&self, file: &SectionFile) -> Result<SectionContent, Box<TomlError>> {
        let shape = |pattern: &Option<Spanned<String>>, example: &Option<String>| {
            pattern
                .as_ref()
                .map(|p| {
                    Ok::<_, Box<TomlError>>(Shape {
                        pattern: self.regex(p)?,
                        example: example.clone().unwrap_or_else(|| p.get_ref().clone()),
                    })
                })
                .transpose()
        };
        let table = match &file.table {
            Some(table) => {
                let mut values = Vec::new();
                for (column, allowed) in &table.values {
                    if !table
                        .columns
                        .iter()
                        .any(|c| key(c) == key(column.get_ref()))
                    {
                        return self.fail(
                            column.span(),
                            format!("`{}` is not one of the table's columns", column.get_ref()),
                            None,
                        );
                    }
                    values.push((column.get_ref().clone(), allowed.clone()));
                }
                Some(TableShape {
                    columns: table.columns.clone(),
                    values,
                })
            }
            None => None,
        };
        Ok(SectionContent {
            text: shape(&file.text, &file.text_example)?,
            task_list: file.task_list.unwrap_or(false),
            table,
            fence: file.fence.as_ref().map(|f| FenceShape {
                language: f.language.clone(),
                starts: f.starts.clone(),
            }),
            items: shape(&file.items, &file.items_example)?,
            labels: file
                .labels
                .iter()
                .flatten()
                .map(|l| Label::new(l))
                .collect(),
            mentions: file
                .mentions
                .iter()
                .flatten()
                .map(|m| {
                    Ok(Shape {
                        pattern: self.regex(&m.pattern)?,
                        example: m.what.clone(),
                    })
                })
                .collect::<Result<_, Box<TomlError>>>()?,
            one_paragraph: file.one_paragraph.unwrap_or(false),
            min_items: file.min_items,
        })
    }

    fn sections(
        &self,
        files: Vec<SectionFile>,
    ) -> Result<(Vec<SectionSpec>, Vec<SectionId>), Box<TomlError>> {
        let mut sections: Vec<SectionSpec> = Vec::with_capacity(files.len());
        let mut by_name: HashMap<String, SectionId> = HashMap::new();
        let mut roots = Vec::new();
        for file in files {
            let name = file.name.get_ref().trim().to_string();
            if name.is_empty() {
                return self.fail(file.name.span(), "a section needs a name".into(), None);
            }
            let name_key = key(&name);
            if by_name.contains_key(&name_key) {
                return self.fail(
                    file.name.span(),
                    format!("two sections are named `{name}`"),
                    Some("give each section its own name: sections are referred to by name".into()),
                );
            }
            let parent = match &file.parent {
                Some(parent) => Some(self.parent(parent, &by_name, &sections)?),
                None => None,
            };
            let default_level = parent.map_or(2, |p| sections[p].level + 1);
            let level = match &file.level {
                Some(level) if !(1..=6).contains(level.get_ref()) => {
                    return self.fail(level.span(), "a heading level is 1 to 6".into(), None);
                }
                Some(level) if parent.is_some_and(|p| sections[p].level >= *level.get_ref()) => {
                    return self.fail(
                        level.span(),
                        "a section's level must be deeper than its parent's".into(),
                        None,
                    );
                }
                Some(level) => *level.get_ref(),
                None => default_level,
            };
            let pattern = file.pattern.as_ref().map(|p| self.regex(p)).transpose()?;
            let content = self.content(&file)?;
            let mut keys = vec![name_key.clone()];
            keys.extend(file.aliases.iter().flatten().map(|a| key(a)));
            let id = sections.len();
            match parent {
                Some(p) => sections[p].children.push(id),
                None => roots.push(id),
            }
            by_name.insert(name_key, id);
            sections.push(SectionSpec {
                name,
                level,
                parent,
                children: Vec::new(),
                keys,
                pattern,
                required: file.required.unwrap_or(true),
                repeat: file.repeat.unwrap_or(false),
                min: file.min.unwrap_or(0),
                stage: file.stage,
                allow_empty: file.allow_empty.unwrap_or(false),
                content,
                template: file.template.clone(),
                paths: file.paths,
                path_table: file.path_table.map(|t| PathTable {
                    path_column: t.path_column,
                    kind_column: t.kind_column,
                    existing: t.existing,
                    new: t.new,
                }),
            });
        }
        Ok((sections, roots))
    }

    fn parent(
        &self,
        parent: &Spanned<String>,
        by_name: &HashMap<String, SectionId>,
        sections: &[SectionSpec],
    ) -> Result<SectionId, Box<TomlError>> {
        if let Some(&id) = by_name.get(&key(parent.get_ref())) {
            return Ok(id);
        }
        let help = suggest::closest(parent.get_ref(), sections.iter().map(|s| s.name.as_str()))
            .map(|name| format!("did you mean `{name}`?"))
            .or_else(|| Some("a parent must be a section declared earlier in the file".into()));
        self.fail(
            parent.span(),
            format!("unknown parent section `{}`", parent.get_ref()),
            help,
        )
    }

    fn regex(&self, pattern: &Spanned<String>) -> Result<Pattern, Box<TomlError>> {
        if pattern.get_ref().len() > MAX_PATTERN_LEN {
            return self.fail(
                pattern.span(),
                format!("pattern longer than {MAX_PATTERN_LEN} characters"),
                None,
            );
        }
        if !self.eager {
            return Ok(Pattern::lazy(pattern.get_ref().clone(), true));
        }
        Pattern::eager(pattern.get_ref(), true)
            .or_else(|e| {
                let help = pattern
                    .get_ref()
                    .contains('\\')
                    .then(|| "in TOML, write patterns in single quotes ('\\d+') so backslashes reach the regex".to_string());
                self.fail(pattern.span(), format!("invalid pattern: {}", first_line(&e.to_string())), help)
            })
    }
}

/// A command as compared: whitespace runs collapsed.
pub fn normalize_command(command: &str) -> String {
    crate::document::collapse_whitespace(command)
}

/// The regex crate's errors are multi-line drawings; the label already points at the pattern.
fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map_or_else(
            || message.lines().next().unwrap_or("").to_string(),
            |l| l.trim_start_matches("error: ").to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> TomlError {
        *Ruleset::from_toml("test", "test.toml", text).expect_err("ruleset should be rejected")
    }

    fn spanned_text(e: &TomlError) -> &str {
        &e.source.inner()[e.span.clone().expect("error has a span")]
    }

    #[test]
    fn builtin_rulesets_compile() {
        let ids: Vec<_> = builtins().iter().map(|b| b.ruleset().id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "adw-feature",
                "bug-plan",
                "chore-plan",
                "export-plan",
                "feature-plan",
                "numbered-plan",
                "patch-plan",
                "spec-kit-plan",
                "spec-kit-spec",
                "spec-kit-tasks",
                "staged-spec"
            ]
        );
    }

    /// Built-in patterns compile on first use, where a mistake could only panic: each is
    /// compiled here, as a user's ruleset would be.
    #[test]
    fn builtin_patterns_compile() {
        for source in builtin_sources() {
            let file = effective_file(source, builtin_sources()).expect("built-in parses");
            let compiler = Compiler {
                eager: true,
                ..Compiler::new(source)
            };
            if let Err(e) = compiler.compile(&source.id, file) {
                panic!("{}: {}", source.id, e.message);
            }
        }
    }

    #[test]
    fn bad_toml_points_at_the_error() {
        let e = error("name = \"x\"\n[[section]\n");
        assert!(e.span.is_some(), "{e:?}");
    }

    #[test]
    fn unknown_key_is_rejected() {
        let e = error("name = \"x\"\n[[section]]\nname = \"A\"\nrequird = true\n");
        assert!(
            e.message.contains("unknown field `requird`"),
            "{}",
            e.message
        );
        assert_eq!(spanned_text(&e), "requird");
    }

    #[test]
    fn bad_regex_points_at_the_pattern() {
        let e = error("name = \"x\"\n[[section]]\nname = \"A\"\nmatch = 'step (\\d+'\n");
        assert_eq!(spanned_text(&e), "'step (\\d+'");
        assert!(e.message.starts_with("invalid pattern"), "{}", e.message);
    }

    #[test]
    fn unknown_parent_suggests_the_closest() {
        let e = error(
            "name = \"x\"\n[[section]]\nname = \"Testing\"\n[[section]]\nname = \"B\"\nparent = \"Testin\"\n",
        );
        assert_eq!(spanned_text(&e), "\"Testin\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `Testing`?"));
    }

    #[test]
    fn unknown_rule_in_severity_is_rejected() {
        let e = error("name = \"x\"\n[severity]\nmissing-sections = \"off\"\n");
        assert_eq!(spanned_text(&e), "missing-sections");
        assert_eq!(e.help.as_deref(), Some("did you mean `missing-section`?"));
        let e = error("name = \"x\"\n[severity]\nmissing-section = \"loud\"\n");
        assert_eq!(spanned_text(&e), "\"loud\"");
    }

    #[test]
    fn levels_default_from_the_parent() {
        let r = Ruleset::from_toml(
            "t",
            "t.toml",
            "name = \"x\"\n[[section]]\nname = \"A\"\n[[section]]\nname = \"B\"\nparent = \"A\"\n",
        )
        .unwrap();
        assert_eq!(r.sections[0].level, 2);
        assert_eq!(r.sections[1].level, 3);
        assert_eq!(r.children(Some(0)), &[1]);
        let e = error(
            "name = \"x\"\n[[section]]\nname = \"A\"\n[[section]]\nname = \"B\"\nparent = \"A\"\nlevel = 2\n",
        );
        assert!(e.message.contains("deeper"), "{}", e.message);
    }

    #[test]
    fn duplicate_names_are_rejected() {
        let e = error("name = \"x\"\n[[section]]\nname = \"A\"\n[[section]]\nname = \"a\"\n");
        assert_eq!(spanned_text(&e), "\"a\"");
    }
}
