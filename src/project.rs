//! What each linted file is linted with: the configuration that applies to it, the rulesets
//! (the team's and the built-ins), the ruleset `--ruleset` forces, and the repository its
//! paths are checked against. Worked out once per folder and shared by the files in it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Config};
use crate::lint::Linter;
use crate::repo::Repository;
use crate::ruleset::select::Candidate;
use crate::ruleset::{self, Ruleset, Source};
use crate::suggest;
use crate::toml_error::TomlError;

/// What the command line says about configuration; it overrides the files.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`: this configuration for every file, none looked for.
    pub config: Option<PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
    /// `--root DIR`.
    pub root: Option<PathBuf>,
    /// `--path-base DIR`, added to the configuration's.
    pub path_bases: Vec<String>,
    /// `--ruleset ID|FILE`.
    pub ruleset: Option<String>,
}

/// A configuration with what it brings: rulesets, repository.
pub struct Project {
    pub config: Config,
    /// The team's rulesets (from `rulesets-dir`), compiled.
    team: Vec<Ruleset>,
    /// The ruleset `--ruleset FILE` loads.
    forced_file: Option<Ruleset>,
    /// The id `--ruleset ID` names, among the team's and the built-ins.
    forced_id: Option<String>,
    /// The sources of the team's rulesets, then the built-ins', for `extends`.
    pub sources: Vec<Source>,
    pub repo: Arc<Repository>,
}

impl Project {
    /// The rulesets files are detected among: the team's, then the built-ins they do not
    /// replace (a team ruleset named like a built-in replaces it).
    pub fn rulesets(&self) -> Vec<Candidate<'_>> {
        let team = self.team.iter().map(Candidate::Compiled);
        let builtin = ruleset::builtins()
            .iter()
            .filter(|b| !self.team.iter().any(|t| t.id == b.profile.id))
            .map(Candidate::Builtin);
        team.chain(builtin).collect()
    }

    /// The source of the ruleset `name`: one of the project's by id, else a file (relative
    /// to `cwd`).
    pub fn source(&self, name: &str, cwd: &Path) -> Result<Source, ProjectError> {
        if let Some(source) = self.sources.iter().find(|s| s.id == name) {
            return Ok(source.clone());
        }
        let path = cwd.join(name);
        if path.is_file() {
            return Ok(Source::from_path(&path)?);
        }
        let ids: Vec<&str> = self.rulesets().iter().map(|r| r.id()).collect();
        Err(ProjectError::Usage(
            match suggest::closest(name, ids.iter().copied()) {
                Some(near) => format!("unknown ruleset `{name}`; did you mean `{near}`?"),
                None => format!(
                    "unknown ruleset `{name}`: not a ruleset id ({}) nor a file",
                    ids.join(", ")
                ),
            },
        ))
    }

    pub fn linter(&self) -> Linter<'_> {
        let rulesets = self.rulesets();
        let forced = self.forced_file.as_ref().or_else(|| {
            let id = self.forced_id.as_deref()?;
            rulesets.iter().find(|r| r.id() == id).map(|r| r.ruleset())
        });
        Linter {
            rulesets,
            forced,
            repo: &self.repo,
            config: &self.config,
        }
    }
}

/// Why a folder's files cannot be linted: printed once, exit status 2.
#[derive(Debug)]
pub enum ProjectError {
    /// A configuration or ruleset file is wrong: points into it.
    File(Box<TomlError>),
    /// The command line is wrong.
    Usage(String),
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProjectError::File(error) => error.fmt(f),
            ProjectError::Usage(message) => f.write_str(message),
        }
    }
}

impl From<Box<TomlError>> for ProjectError {
    fn from(error: Box<TomlError>) -> Self {
        ProjectError::File(error)
    }
}

/// The projects of a run, found as files are collected.
pub struct Projects {
    overrides: Overrides,
    cwd: PathBuf,
    pub list: Vec<Project>,
    /// Folder -> index in `list`; `None` when its project could not be set up.
    by_dir: HashMap<PathBuf, Option<usize>>,
    /// (configuration file, root) -> index in `list`.
    by_key: HashMap<(Option<PathBuf>, PathBuf), Option<usize>>,
    repos: HashMap<(PathBuf, Vec<String>), Arc<Repository>>,
    pub errors: Vec<ProjectError>,
}

impl Projects {
    pub fn new(overrides: Overrides, cwd: PathBuf) -> Self {
        Self {
            overrides,
            cwd,
            list: Vec::new(),
            by_dir: HashMap::new(),
            by_key: HashMap::new(),
            repos: HashMap::new(),
            errors: Vec::new(),
        }
    }

    /// The project of the files in `dir` (absolute); `None` when it cannot be set up (the
    /// reason is in `errors`, once).
    pub fn for_dir(&mut self, dir: &Path) -> Option<usize> {
        if let Some(&known) = self.by_dir.get(dir) {
            return known;
        }
        let project = self.set_up(dir).unwrap_or_else(|error| {
            self.fail(error);
            None
        });
        self.by_dir.insert(dir.to_path_buf(), project);
        project
    }

    /// The project of the current directory: whose `include` globs are linted when no
    /// paths are given.
    pub fn for_cwd(&mut self) -> Option<usize> {
        let cwd = self.cwd.clone();
        self.for_dir(&cwd)
    }

    /// Records an error, unless the same one is known (a broken configuration is found
    /// from every folder below it).
    fn fail(&mut self, error: ProjectError) {
        if !self
            .errors
            .iter()
            .any(|e| e.to_string() == error.to_string())
        {
            self.errors.push(error);
        }
    }

    /// Finds or makes the project for `dir`.
    fn set_up(&mut self, dir: &Path) -> Result<Option<usize>, ProjectError> {
        let (config_path, config_dir) = self.config_for(dir)?;
        let config = match &config_path {
            Some(path) => Config::load(path, &config_dir)?,
            None => Config::defaults(&self.cwd),
        };
        let discovered = config_path.is_some() && self.overrides.config.is_none();
        let root = self.root_for(&config, discovered, dir)?;
        let key = (config_path, root.clone());
        if let Some(&known) = self.by_key.get(&key) {
            return Ok(known);
        }
        let project = match self.make(config, root) {
            Ok(project) => {
                self.list.push(project);
                Some(self.list.len() - 1)
            }
            Err(error) => {
                self.fail(error);
                None
            }
        };
        self.by_key.insert(key, project);
        Ok(project)
    }

    /// The configuration file for `dir` and the folder its paths are relative to.
    fn config_for(&self, dir: &Path) -> Result<(Option<PathBuf>, PathBuf), ProjectError> {
        if self.overrides.isolated {
            return Ok((None, self.cwd.clone()));
        }
        if let Some(path) = &self.overrides.config {
            let path = self.cwd.join(path);
            if !path.is_file() {
                return Err(ProjectError::Usage(format!(
                    "the configuration `{}` is not a file",
                    path.display()
                )));
            }
            return Ok((Some(path), self.cwd.clone()));
        }
        let found = config::discover(dir)?;
        let folder = found
            .as_ref()
            .and_then(|p| p.parent())
            .map_or_else(|| self.cwd.clone(), Path::to_path_buf);
        Ok((found, folder))
    }

    /// The root: `--root`, else the configuration's `root`, else the top of the repository
    /// holding the configuration found (or its folder, outside a repository), else the top of
    /// the repository holding `dir`, else the current directory.
    fn root_for(
        &self,
        config: &Config,
        discovered: bool,
        dir: &Path,
    ) -> Result<PathBuf, ProjectError> {
        let root = if let Some(root) = &self.overrides.root {
            self.cwd.join(root)
        } else if let Some(root) = &config.root {
            root.clone()
        } else if discovered {
            config::repository_top(&config.dir)
                .map_or_else(|| config.dir.clone(), Path::to_path_buf)
        } else {
            config::repository_top(dir).map_or_else(|| self.cwd.clone(), Path::to_path_buf)
        };
        match std::fs::canonicalize(&root) {
            Ok(root) if root.is_dir() => Ok(root),
            _ => Err(ProjectError::Usage(format!(
                "the root `{}` is not a directory",
                root.display()
            ))),
        }
    }

    fn make(&mut self, config: Config, root: PathBuf) -> Result<Project, ProjectError> {
        let team_sources = match &config.rulesets_dir {
            Some(dir) => team_sources(&config, dir)?,
            None => Vec::new(),
        };
        let mut sources = team_sources.clone();
        sources.extend(ruleset::builtin_sources().iter().cloned());
        let team = team_sources
            .iter()
            .map(|source| Ruleset::compile(source, &sources))
            .collect::<Result<Vec<_>, _>>()?;
        let mut bases = config.path_bases.clone();
        bases.extend(self.overrides.path_bases.iter().cloned());
        let repo = self
            .repos
            .entry((root.clone(), bases.clone()))
            .or_insert_with(|| Arc::new(Repository::new(root, bases)))
            .clone();
        let mut project = Project {
            config,
            team,
            forced_file: None,
            forced_id: None,
            sources,
            repo,
        };
        let ids: Vec<String> = project
            .rulesets()
            .iter()
            .map(|r| r.id().to_string())
            .collect();
        project
            .config
            .check_ruleset_ids(ids.iter().map(String::as_str))?;
        if let Some(name) = &self.overrides.ruleset {
            if ids.contains(name) {
                project.forced_id = Some(name.clone());
            } else {
                let source = project.source(name, &self.cwd)?;
                project.forced_file = Some(Ruleset::compile(&source, &project.sources)?);
            }
        }
        Ok(project)
    }
}

/// The `*.toml` files of the team's rulesets folder, in name order. A file that is a symlink
/// leading out of the configuration's folder is refused, not read.
fn team_sources(config: &Config, dir: &Path) -> Result<Vec<Source>, ProjectError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| config.rulesets_dir_error(format!("cannot read the rulesets folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let inside = std::fs::canonicalize(&config.dir).unwrap_or_else(|_| config.dir.clone());
    paths
        .iter()
        .map(|path| {
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !real.starts_with(&inside) {
                return Err(config.rulesets_dir_error(format!(
                    "`{}` leads outside the project; not read",
                    path.display()
                )));
            }
            Source::from_path(path)
        })
        .collect::<Result<_, _>>()
        .map_err(ProjectError::from)
}
