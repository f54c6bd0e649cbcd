//! `unresolvable-command`: a validation command the repository cannot satisfy.

use super::{Command, validation};
use crate::checks::Checker;
use crate::checks::paths::path_outside_root;
use crate::checks::paths::{Kind, Shape, Target, normalize, shape};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;
use crate::repo::{Lookup, Repository, join};

declare_rule! {
    /// A validation command needs something the repository does not have.
    ///
    /// ## What it finds
    /// Validation commands read, never run: each is split into words, and `&&`, `;`, `||`,
    /// `|` and `cd` chains are followed. It is unresolvable when `cd DIR` names no directory;
    /// a script (`./dev-start.sh`, `scripts/x.sh`, `bash x.sh`) does not exist or, run
    /// directly, is not executable; `make TARGET` has no Makefile or no such target;
    /// `npm run X`, `npm test`, `pnpm X`, `yarn X`, `bun run X` have no package.json or no such
    /// script; `uv run …`, `pytest`, `python -m pytest` have no `pyproject.toml` (or pytest
    /// config) in that directory or above it; `cargo …` has no `Cargo.toml`; an instruction
    /// file (`.claude/commands/x.md`) does not exist. Files and directories the plan lists as
    /// new are taken as existing. A machine-specific path in a command (`cd /Users/…`) is
    /// reported as `path-outside-root`.
    ///
    /// ## Why it matters
    /// The implementing agent runs these commands to prove its work. One that cannot run
    /// fails at the end of a long implementation, or is skipped and proves nothing.
    ///
    /// ## Example
    /// ```markdown
    /// ## Validation Commands
    /// - `make check` - run the checks
    /// ```
    /// warns "`make check`: no target `check` in `Makefile`" when the Makefile has only
    /// `test` and `lint`. `make test` passes.
    pub UNRESOLVABLE_COMMAND, "unresolvable-command", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let (Some(repo), Some((_, commands))) = (checker.repo, validation(checker)) else {
        return;
    };
    if repo.index().truncated {
        return;
    }
    let new_paths: Vec<String> = checker
        .references()
        .iter()
        .filter(|r| r.kind == Kind::New)
        .filter_map(|r| match &r.target {
            Target::Repo { path, .. } => Some(path.trim_end_matches('/').to_string()),
            _ => None,
        })
        .collect();
    let mut findings = Vec::new();
    // A line that is only `cd DIR` moves the rest of its shell block there; `cd DIR && cmd`
    // is a line on its own, as plans write lists of commands. `None`: a `cd` led somewhere
    // unknown, and nothing more of that block is judged.
    let mut block_cwd: Option<(usize, Option<String>)> = None;
    for command in &commands {
        let cwd = match (command.block, &block_cwd) {
            (Some(block), Some((current, cwd))) if block == *current => cwd.clone(),
            _ => Some(String::new()),
        };
        let Some(cwd) = cwd else { continue };
        let mut context = Context {
            repo,
            plan_dir: crate::checks::paths::plan_dir(checker.path),
            source: &checker.document.source,
            command,
            new_paths: &new_paths,
            cwd: cwd.clone(),
            findings: &mut findings,
        };
        let known = context.run();
        let only_cd = segments(&command.text)
            .iter()
            .all(|s| s.starts_with("cd ") || *s == "cd");
        let next = if only_cd {
            known.then_some(context.cwd)
        } else {
            Some(cwd)
        };
        block_cwd = command.block.map(|block| (block, next));
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// One command being followed, segment by segment, from the root.
struct Context<'c> {
    repo: &'c Repository,
    plan_dir: &'c str,
    source: &'c str,
    command: &'c Command,
    new_paths: &'c [String],
    /// The directory the command has `cd`ed to, relative to the root.
    cwd: String,
    findings: &'c mut Vec<Diagnostic>,
}

/// Package-manager subcommands that are not package.json scripts.
const PACKAGE_MANAGER_BUILTINS: &[&str] = &[
    "install",
    "i",
    "ci",
    "add",
    "remove",
    "rm",
    "uninstall",
    "update",
    "up",
    "upgrade",
    "exec",
    "x",
    "dlx",
    "create",
    "init",
    "why",
    "outdated",
    "link",
    "unlink",
    "publish",
    "pack",
    "audit",
    "list",
    "ls",
    "info",
    "view",
    "config",
    "import",
    "set",
    "cache",
    "store",
    "prune",
    "dedupe",
    "version",
    "help",
    "login",
    "logout",
    "whoami",
    "global",
];

impl Context<'_> {
    /// Follows the command; `false` when it ends in an unknown directory.
    fn run(&mut self) -> bool {
        let text = &self.command.text;
        // An instruction file given as the command (`.claude/commands/test_e2e.md`).
        if !text.contains(char::is_whitespace) && text.ends_with(".md") {
            self.expect_file(text, "instruction file", false);
            return true;
        }
        for segment in segments(text) {
            let Ok(words) = shell_words::split(segment) else {
                return false;
            };
            let words: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .skip_while(|w| is_assignment(w))
                .collect();
            if !self.segment(&words) {
                return false;
            }
        }
        true
    }

    /// Checks one simple command; `false` stops the chain (its directory is unknown).
    fn segment(&mut self, words: &[&str]) -> bool {
        let Some((&program, args)) = words.split_first() else {
            return true;
        };
        let first_arg = args.iter().copied().find(|a| !a.starts_with('-'));
        match program {
            "cd" => return self.cd(first_arg),
            "make" | "gmake" => self.make(args),
            "npm" => match first_arg {
                Some("run" | "run-script") => {
                    self.script(args.iter().copied().filter(|a| !a.starts_with('-')).nth(1))
                }
                Some("test" | "t" | "tst") => self.script(Some("test")),
                _ => {}
            },
            "pnpm" | "yarn" => match first_arg {
                Some("run") => {
                    self.script(args.iter().copied().filter(|a| !a.starts_with('-')).nth(1))
                }
                Some(name) if !PACKAGE_MANAGER_BUILTINS.contains(&name) && !name.contains('/') => {
                    self.script(Some(name))
                }
                _ => {}
            },
            "bun" if first_arg == Some("run") => {
                self.script(args.iter().copied().filter(|a| !a.starts_with('-')).nth(1))
            }
            // `uv run python script.py` runs a script, with or without a project.
            "uv" if first_arg == Some("run") && !runs_a_script(args) => {
                self.project("pyproject.toml", &["pyproject.toml"], "uv run")
            }
            "pytest" => self.project("pyproject.toml", PYTEST_CONFIGS, "pytest"),
            "python" | "python3" if args.windows(2).any(|w| w == ["-m", "pytest"]) => {
                self.project("pyproject.toml", PYTEST_CONFIGS, "pytest")
            }
            "cargo" => self.project("Cargo.toml", &["Cargo.toml"], "cargo"),
            "bash" | "sh" | "zsh" | "source" | "." => {
                if let Some(script) = first_arg {
                    self.expect_file(script, "script", false);
                }
            }
            _ if program.contains('/') => self.expect_file(program, "script", true),
            _ => {}
        }
        self.outside_in_arguments(program, args);
        true
    }

    fn cd(&mut self, dir: Option<&str>) -> bool {
        let Some(dir) = dir else { return false };
        match shape(dir, &|_| true) {
            Shape::Outside(why) => {
                self.outside(dir, why);
                false
            }
            Shape::Relative { path, .. } => match self.locate(&path) {
                Err(why) => {
                    self.outside(dir, why);
                    false
                }
                Ok((target, lookup)) => {
                    if !self.is_new(&target) && lookup != Lookup::Dir {
                        self.unresolvable(
                            format!("`cd {dir}`: no directory `{}`", shown(&target)),
                            "change to a directory of the repository".into(),
                        );
                        return false;
                    }
                    self.cwd = target;
                    true
                }
            },
            Shape::NotAPath => false,
        }
    }

    /// Where a relative path of the command leads: from the current directory; from the root
    /// also from the plan's directory and the sub-projects, as paths in the plan do. The first
    /// form that exists wins, else the first form.
    fn locate(&self, path: &str) -> Result<(String, Lookup), crate::checks::paths::Outside> {
        let index = self.repo.index();
        let mut candidates: Vec<String> = normalize(&self.cwd, path).into_iter().collect();
        if self.cwd.is_empty() {
            candidates.extend(normalize(self.plan_dir, path));
            candidates.extend(
                self.repo
                    .bases(self.plan_dir)
                    .into_iter()
                    .filter_map(|b| normalize(b, path)),
            );
        }
        let first = candidates
            .first()
            .cloned()
            .ok_or(crate::checks::paths::Outside::Escapes)?;
        for candidate in candidates {
            let candidate = candidate.trim_end_matches('/').to_string();
            match index.lookup(&candidate) {
                Lookup::Outside => return Err(crate::checks::paths::Outside::Link),
                lookup if lookup.exists() => return Ok((candidate, lookup)),
                _ => {}
            }
        }
        let first = first.trim_end_matches('/').to_string();
        Ok((first, Lookup::Missing))
    }

    fn make(&mut self, args: &[&str]) {
        let mut dir = self.cwd.clone();
        let mut target = None;
        let mut words = args.iter();
        while let Some(&word) = words.next() {
            match word {
                "-C" | "--directory" => {
                    if let Some(next) = words.next().and_then(|d| normalize(&self.cwd, d)) {
                        dir = next.trim_end_matches('/').to_string();
                    }
                }
                flag if flag.starts_with('-') || flag.contains('=') => {}
                name if target.is_none() => target = Some(name),
                _ => {}
            }
        }
        let makefile = ["Makefile", "makefile", "GNUmakefile"]
            .iter()
            .find(|name| self.repo.index().lookup(&join(&dir, name)).exists());
        let Some(&name) = makefile else {
            self.unresolvable(
                format!("`make`: no Makefile in `{}`", shown(&dir)),
                "run make where the Makefile is, or add the Makefile".into(),
            );
            return;
        };
        let Some(target) = target else { return };
        let has_target = if name == "Makefile" {
            self.repo.makefile(&dir).is_none_or(|m| m.has(target))
        } else {
            true
        };
        if !has_target {
            self.unresolvable(
                format!(
                    "`make {target}`: no target `{target}` in `{}`",
                    join(&dir, name)
                ),
                format!("use a target the Makefile defines, or add `{target}:` to it"),
            );
        }
    }

    fn script(&mut self, name: Option<&str>) {
        let Some(name) = name else { return };
        match self.repo.package_json(&self.cwd) {
            None => self.unresolvable(
                format!("`{name}` script: no package.json in `{}`", shown(&self.cwd)),
                "run it from the directory of the package.json".into(),
            ),
            Some(package) if !package.has(name) => self.unresolvable(
                format!(
                    "no script `{name}` in `{}`",
                    join(&self.cwd, "package.json")
                ),
                format!("use a script package.json defines, or add `{name}` to its scripts"),
            ),
            Some(_) => {}
        }
    }

    /// A project file in the current directory or one above it, as the tool looks for it.
    fn project(&mut self, wanted: &str, accepted: &[&str], tool: &str) {
        let index = self.repo.index();
        let mut dir = Some(self.cwd.as_str());
        while let Some(current) = dir {
            if accepted
                .iter()
                .any(|name| index.lookup(&join(current, name)).exists())
            {
                return;
            }
            dir = (!current.is_empty())
                .then(|| current.rsplit_once('/').map_or("", |(parent, _)| parent));
        }
        self.unresolvable(
            format!(
                "`{tool}`: no `{wanted}` in `{}` or above it",
                shown(&self.cwd)
            ),
            format!("run `{tool}` from the project's directory (`cd dir && …`)"),
        );
    }

    fn expect_file(&mut self, written: &str, what: &str, executable: bool) {
        let path = match shape(written, &|_| true) {
            Shape::Outside(why) => return self.outside(written, why),
            Shape::NotAPath => return,
            Shape::Relative { path, .. } => path,
        };
        if self.repo.is_ignored(&path) {
            return;
        }
        let located = if what == "instruction file" {
            normalize("", &path)
                .map(|p| (p.clone(), self.repo.index().lookup(&p)))
                .ok_or(crate::checks::paths::Outside::Escapes)
        } else {
            self.locate(&path)
        };
        let (path, lookup) = match located {
            Ok(found) => found,
            Err(why) => return self.outside(written, why),
        };
        if self.is_new(&path) {
            return;
        }
        match lookup {
            Lookup::File { real } if executable && !self.repo.is_executable(&real) => self
                .unresolvable(
                    format!("`{written}` is not executable"),
                    format!(
                        "make it executable (`chmod +x {path}`) or run it with `bash {written}`"
                    ),
                ),
            Lookup::File { .. } => {}
            Lookup::Outside => self.outside(written, crate::checks::paths::Outside::Link),
            _ => self.unresolvable(
                format!("{what} `{written}` does not exist"),
                format!("point the command at an existing {what}, or list it among the new files"),
            ),
        }
    }

    /// Machine paths among a command's arguments (`cat /Users/me/notes.md`).
    fn outside_in_arguments(&mut self, program: &str, args: &[&str]) {
        let path_arguments = matches!(
            program,
            "cat"
                | "ls"
                | "less"
                | "more"
                | "head"
                | "tail"
                | "cp"
                | "mv"
                | "rm"
                | "touch"
                | "mkdir"
        );
        for arg in args.iter().filter(|a| !a.starts_with('-')) {
            if let Shape::Outside(why) = shape(arg, &|_| true) {
                let machine = crate::checks::paths::unmistakable(arg, why);
                if path_arguments || machine {
                    self.outside(arg, why);
                }
            }
        }
    }

    fn is_new(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        self.new_paths
            .iter()
            .any(|new| new == path || new.starts_with(&format!("{path}/")))
    }

    fn outside(&mut self, text: &str, why: crate::checks::paths::Outside) {
        let span = self.narrow(text);
        self.findings
            .push(path_outside_root::finding(span, text, why));
    }

    fn unresolvable(&mut self, message: String, help: String) {
        let span = self.command.span.clone();
        self.findings.push(
            Diagnostic::new(&UNRESOLVABLE_COMMAND, span, message)
                .label("cannot run in this repository")
                .help(help),
        );
    }

    /// The span of `text` within the command, or the whole command.
    fn narrow(&self, text: &str) -> Span {
        let span = &self.command.span;
        self.source[span.clone()]
            .find(text)
            .map_or(span.clone(), |at| {
                span.start + at..span.start + at + text.len()
            })
    }
}

/// Files that make a directory a pytest project.
const PYTEST_CONFIGS: &[&str] = &[
    "pyproject.toml",
    "pytest.ini",
    "setup.cfg",
    "tox.ini",
    "conftest.py",
];

/// `uv run python x.py`, `uv run --script x.py`, `uv run x.py`: a script, not a project
/// command.
fn runs_a_script(args: &[&str]) -> bool {
    let rest: Vec<&str> = args
        .iter()
        .copied()
        .skip(1)
        .filter(|a| !a.starts_with('-') || *a == "--script")
        .collect();
    match rest.as_slice() {
        ["--script", ..] => true,
        [python, script, ..] if python.starts_with("python") => script.ends_with(".py"),
        [script, ..] => script.ends_with(".py"),
        [] => false,
    }
}

/// `VAR=value` before a command.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The simple commands of a command line: split at `&&`, `||`, `;` and `|` outside quotes.
fn segments(text: &str) -> Vec<&str> {
    // Every operator and quote is ASCII, so the byte indices are character boundaries.
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut start = 0;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'&' | b'|') if bytes.get(i + 1) == Some(&b) => {
                segments.push(&text[start..i]);
                i += 1;
                start = i + 1;
            }
            (None, b';' | b'|') => {
                segments.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    segments.push(&text[start..]);
    segments
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn shown(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_at_operators_outside_quotes() {
        assert_eq!(
            segments("cd app && uv run pytest; make lint"),
            ["cd app", "uv run pytest", "make lint"]
        );
        assert_eq!(
            segments("echo 'a && b' | grep a || true"),
            ["echo 'a && b'", "grep a", "true"]
        );
        assert!(is_assignment("DATABASE_URL=postgres://x"));
        assert!(runs_a_script(&["run", "python", "adws/ops.py", "--test"]));
        assert!(runs_a_script(&["run", "tool.py"]));
        assert!(!runs_a_script(&["run", "pytest", "-v"]));
        assert!(!is_assignment("--flag=x"));
    }
}
