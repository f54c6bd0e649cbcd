//! `path-outside-root`: a path that leaves the repository.

use super::{Kind, Outside, Target};
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;

declare_rule! {
    /// A path points outside the repository.
    ///
    /// ## What it finds
    /// Absolute paths (`/etc/shadow`), home paths (`~/.ssh/id_rsa`), paths through an
    /// environment variable (`$HOME/x`), drive-letter and UNC paths (`C:\x`, `\\host\share`),
    /// paths that climb above the root (`../../etc/passwd`) and symlinks in the repository that
    /// lead out of it. They are decided from the text alone, so the finding is the same whether
    /// or not the target exists, and nothing outside the root is ever touched. They are
    /// reported where a path is expected (sections of files, path table columns, links, `cd`
    /// and other commands' arguments), and anywhere when they can only be one machine's
    /// (`/Users/alice/…`, `/home/alice/…`, `/mnt/c/…`, `C:\…`). Elsewhere, routes such as
    /// `/api/health` and the places software keeps its files (`~/.config/app.toml`,
    /// `/etc/hosts`) are left alone.
    ///
    /// ## Why it matters
    /// A plan is run on another machine, by another agent: `cd /Users/alice/project` fails
    /// there, and a path outside the repository is not part of the change.
    ///
    /// ## Example
    /// ```markdown
    /// ## Validation Commands
    /// - `cd /Users/alice/project/app/server && uv run pytest`
    /// ```
    /// fails with "`/Users/alice/project/app/server` is outside the repository". This passes:
    /// ```markdown
    /// - `cd app/server && uv run pytest`
    /// ```
    pub PATH_OUTSIDE_ROOT, "path-outside-root", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let findings: Vec<Diagnostic> = checker
        .references()
        .iter()
        .filter_map(|reference| {
            let Target::Outside { why, unmistakable } = reference.target else {
                return None;
            };
            let expected = reference.kind != Kind::Mentioned || reference.link;
            // An absolute path in a file list is a path only if it reads like one.
            let reads_as_file =
                why != Outside::Absolute || unmistakable || looks_like_file(&reference.written);
            ((expected && reads_as_file) || unmistakable)
                .then(|| finding(reference.span.clone(), &reference.written, why))
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}

/// `/etc/shadow`, `/src/app.py` or `/app/` read as file paths; `/api/bookmarks` may be a
/// route.
fn looks_like_file(text: &str) -> bool {
    super::SYSTEM_DIRS.iter().any(|dir| text.starts_with(dir))
        || text.ends_with('/')
        || text
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// The finding for a path outside the root at `span`.
pub fn finding(span: Span, text: &str, why: Outside) -> Diagnostic {
    let (reason, help) = match why {
        Outside::Absolute => (
            "an absolute path",
            "use a path relative to the repository root",
        ),
        Outside::Home => (
            "in a home directory",
            "use a path relative to the repository root",
        ),
        Outside::Variable => (
            "behind an environment variable",
            "write the path relative to the repository root",
        ),
        Outside::Drive => (
            "a drive-letter path",
            "use a path relative to the repository root, with `/`",
        ),
        Outside::Unc => (
            "a network path",
            "use a path relative to the repository root",
        ),
        Outside::Escapes => ("above the repository root", "point inside the repository"),
        Outside::Link => (
            "reached through a symlink that leads out of the repository",
            "point at the file inside the repository",
        ),
    };
    Diagnostic::new(
        &PATH_OUTSIDE_ROOT,
        span,
        format!(
            "`{}` is outside the repository",
            crate::checks::shorten(text, 80)
        ),
    )
    .label(reason)
    .help(help)
}
