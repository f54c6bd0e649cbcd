//! The pipeline for one file: read -> Document -> ruleset -> checks -> diagnostics ->
//! suppressions; and for many files, in parallel, each rendered as soon as it is linted so
//! that no file's text outlives its turn.

use std::cell::Cell;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use rayon::prelude::*;

use crate::checks::{self, internal_error, invalid_input, invalid_suppression, unknown_format};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::files::Input;
use crate::read::{self, ReadError};
use crate::repo::Repository;
use crate::ruleset::Ruleset;
use crate::ruleset::select::{self, Candidate, Reason, Selection};
use crate::suppress;

/// What a file is linted with: its project's rulesets, repository and configuration.
pub struct Linter<'a> {
    /// The rulesets detection chooses from, in order of preference on a tie.
    pub rulesets: Vec<Candidate<'a>>,
    /// `--ruleset`: used for every file.
    pub forced: Option<&'a Ruleset>,
    /// The repository: its canonical root and, built on first use, its index.
    pub repo: &'a Repository,
    pub config: &'a Config,
}

/// A linted file.
#[derive(Debug)]
pub struct Linted {
    pub display: String,
    /// The parsed plan; `None` when the file could not be read.
    pub document: Option<Document>,
    pub ruleset: Option<String>,
    /// Why the file got its ruleset.
    pub reason: Option<Reason>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings dropped because a `<!-- planlint-disable … -->` comment covers them.
    pub suppressed: usize,
    /// The file could not be checked (unreadable, or planlint failed on it): exit status 2.
    pub failed: bool,
}

impl<'a> Linter<'a> {
    /// The built-in rulesets with `config`, for files in `repo`.
    pub fn with_builtins(repo: &'a Repository, config: &'a Config) -> Self {
        Self {
            rulesets: select::builtin_candidates(),
            forced: None,
            repo,
            config,
        }
    }

    /// Lints a plan's text; `file` is where it lives (absolute), if anywhere.
    pub fn lint_text(&self, display: &str, file: Option<&Path>, text: &str) -> Linted {
        let path = file.and_then(|f| self.repository_path(f));
        self.lint_at(display, file, path, text)
    }

    /// Lints a plan's text; `path` is where `file` lives relative to the root.
    fn lint_at(
        &self,
        display: &str,
        file: Option<&Path>,
        path: Option<String>,
        text: &str,
    ) -> Linted {
        let document = Document::parse(text);
        let matched = file.and_then(|f| self.matched(f));
        let (ruleset, reason, mut diagnostics) =
            match select::select(&document, &self.rulesets, self.forced, matched) {
                Selection::Chosen { ruleset, reason } => {
                    // Without a path inside the root there is no repository to check paths against.
                    let repo = path.as_ref().map(|_| self.repo);
                    let diagnostics = checks::check(&document, ruleset, path.as_deref(), repo);
                    (Some(ruleset), Some(reason), diagnostics)
                }
                Selection::UnknownPin { id, span } => (
                    None,
                    None,
                    vec![unknown_format::unknown_pin(&self.rulesets, &id, span)],
                ),
                Selection::Undetected { best } => (
                    None,
                    None,
                    vec![unknown_format::undetected(&document, &self.rulesets, best)],
                ),
            };
        // Suppressions apply to what the checks found, never to the findings about the
        // suppression comments themselves.
        let directives = suppress::read(&document);
        let suppressed = suppress::apply(&document, &directives.directives, &mut diagnostics);
        diagnostics.extend(invalid_suppression::check(&directives.problems, ruleset));
        let ruleset = ruleset.map(|r| r.id.clone());
        self.configure(ruleset.as_deref(), &mut diagnostics);
        sort(&mut diagnostics);
        Linted {
            display: display.to_string(),
            document: Some(document),
            ruleset,
            reason,
            diagnostics,
            suppressed,
            failed: false,
        }
    }

    /// Reads and lints one file. A file that cannot be read becomes an `invalid-input`
    /// finding; a panic inside planlint becomes an `internal-error` finding for this file.
    pub fn lint_file(&self, input: &Input) -> Linted {
        let outcome = catch_panic(|| {
            match read::read_plan(&input.path, self.repo.root(), self.config.max_file_size) {
                Ok(plan) => {
                    let path = match &plan.real {
                        Some(real) => self.relative(real),
                        None => self.repository_path(&input.path),
                    };
                    self.lint_at(&input.display, Some(&input.path), path, &plan.text)
                }
                Err(error) => unreadable(&input.display, &error),
            }
        });
        outcome
            .unwrap_or_else(|message| failed(&input.display, internal_error::diagnostic(&message)))
    }

    /// Lints a plan read from `stream` (standard input) as if it were the file at `file`,
    /// which is never opened: it picks the configuration and the ruleset and places the
    /// plan in the repository.
    pub fn lint_stream(&self, display: &str, file: Option<&Path>, stream: impl Read) -> Linted {
        let outcome = catch_panic(
            || match read::read_capped(stream, self.config.max_file_size) {
                Ok(text) => self.lint_text(display, file, &text),
                Err(error) => unreadable(display, &error),
            },
        );
        outcome.unwrap_or_else(|message| failed(display, internal_error::diagnostic(&message)))
    }

    /// `path` relative to the repository root, with `/` separators; `None` outside it. A
    /// file that does not exist yet (a plan being written) is placed by its folders.
    fn repository_path(&self, path: &Path) -> Option<String> {
        self.relative(&canonical(path)?)
    }

    /// `real` (symlinks resolved) relative to the repository root, with `/` separators.
    fn relative(&self, real: &Path) -> Option<String> {
        let relative = real.strip_prefix(self.repo.root()).ok()?;
        Some(relative.to_string_lossy().replace('\\', "/"))
    }

    /// The ruleset a `[[match]]` of the configuration gives the file at `path`.
    fn matched(&self, path: &Path) -> Option<&'a Ruleset> {
        let relative = path.strip_prefix(&self.config.dir).ok()?;
        let id = self.config.matched(relative)?;
        self.rulesets
            .iter()
            .find(|r| r.id() == id)
            .map(|r| r.ruleset())
    }

    /// Applies the configuration's severities; a rule it turns off is dropped.
    fn configure(&self, ruleset: Option<&str>, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|diagnostic| {
            match self.config.severity(ruleset, diagnostic.rule.id) {
                Some(Some(severity)) => {
                    diagnostic.severity = severity;
                    true
                }
                Some(None) => false,
                None => true,
            }
        });
    }
}

/// `path` with symlinks resolved. A file not on disk yet (a new plan open in an editor, maybe
/// in a new folder) is placed by its nearest existing folder.
fn canonical(path: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return Some(
                missing
                    .iter()
                    .rev()
                    .fold(real, |path, name| path.join(name)),
            );
        }
        missing.push(existing.file_name()?);
        existing = existing.parent()?;
    }
}

/// Lints every input with its linter (`inputs` pairs each with an index into `linters`), in
/// parallel, and hands each result to `render` on the worker that linted it; results come
/// back in input order.
pub fn lint_all<R: Send>(
    linters: &[Linter<'_>],
    inputs: &[(Input, usize)],
    render: impl Fn(&Linted) -> R + Sync,
) -> Vec<R> {
    install_panic_hook();
    let lint = |(input, linter): &(Input, usize)| {
        let linted = linters[*linter].lint_file(input);
        catch_panic(|| render(&linted)).unwrap_or_else(|message| {
            render(&failed(
                &input.display,
                internal_error::diagnostic(&message),
            ))
        })
    };
    // One plan (a hook on one file, an editor's save) needs no pool: starting rayon's
    // threads cost more than linting it.
    match inputs {
        [_] => inputs.iter().map(lint).collect(),
        _ => inputs.par_iter().map(lint).collect(),
    }
}

fn unreadable(display: &str, error: &ReadError) -> Linted {
    failed(display, invalid_input::diagnostic(error))
}

fn failed(display: &str, diagnostic: Diagnostic) -> Linted {
    Linted {
        display: display.to_string(),
        document: None,
        ruleset: None,
        reason: None,
        diagnostics: vec![diagnostic],
        suppressed: 0,
        failed: true,
    }
}

/// Sorted by place, then rule; findings at the same place keep the order the checks made
/// them in (missing sections in the format's order). The checks are deterministic, so the
/// output is the same on every run, whatever the thread count.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.id).cmp(&(b.span.start, b.span.end, b.rule.id))
    });
}

thread_local! {
    /// Set while a file is linted: a panic there is reported as a finding, not printed.
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into its message.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was_quiet = QUIET_PANICS.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(was_quiet));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_and_reported_for_its_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let inputs: Vec<Input> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|name| {
                std::fs::write(dir.path().join(name), "# Plan Spec: x\n").unwrap();
                Input {
                    display: name.to_string(),
                    path: dir.path().join(name),
                    named: true,
                }
            })
            .collect();
        let repo = Repository::new(std::fs::canonicalize(dir.path()).unwrap(), Vec::new());
        let config = Config::defaults(dir.path());
        let linters = [Linter::with_builtins(&repo, &config)];
        let inputs: Vec<(Input, usize)> = inputs.into_iter().map(|i| (i, 0)).collect();
        let results = lint_all(&linters, &inputs, |linted| {
            assert!(linted.failed || linted.display != "b.md", "boom in b");
            (
                linted.display.clone(),
                linted.failed,
                linted.diagnostics[0].rule.id,
                linted.diagnostics[0].message.clone(),
            )
        });
        assert!(!results[0].1);
        assert!(!results[2].1);
        assert_eq!(
            results[1],
            (
                "b.md".to_string(),
                true,
                "internal-error",
                "planlint failed on this file: boom in b".to_string()
            )
        );
    }
}
