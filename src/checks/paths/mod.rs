//! File paths a plan gives, checked against the repository without leaving it.
//!
//! A reference is inline code in a list item or a table cell, or a link destination, that
//! looks like a path. It is classified from its text alone first: URLs, module specifiers
//! (`next/link`), utility classes (`bg-black/50`), git refs and prose are not paths; absolute,
//! home, variable, drive-letter, UNC and `..`-escaping paths are outside the root and never
//! touched. Only then is a repository path looked up, in the index: against the root, the
//! plan's own directory, then sub-project directories. Its kind (must exist, must be new,
//! only mentioned) comes from the section it is in, as the ruleset says.

pub mod missing_path;
pub mod new_path_exists;
pub mod path_out_of_scope;
pub mod path_outside_root;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::Checker;
use crate::document::{Span, last_after, starting_in};
pub use crate::repo::normalize;
use crate::repo::{Resolution, ancestors, forms};
use crate::ruleset::PathKind;

/// What a reference must be, from where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// In a section of existing files (or a link): it must exist.
    Existing,
    /// In a section of new files: it must not exist yet.
    New,
    /// Anywhere else: only checked for leaving the root, when unmistakable.
    Mentioned,
}

/// Why a path is outside the repository, decided from its text (or a symlink in the index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    Absolute,
    Home,
    Variable,
    Drive,
    Unc,
    Escapes,
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// In the repository: its root-relative path (the form found, else the root-relative
    /// one), whether it exists (`None` without a repository), whether `.gitignore` ignores it.
    Repo {
        path: String,
        exists: Option<bool>,
        glob: bool,
        ignored: bool,
    },
    Outside {
        why: Outside,
        /// Unmistakably a filesystem path (`/Users/…`, `~/…`, `C:\…`), wherever it stands.
        unmistakable: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Reference {
    pub span: Span,
    /// The path as written, without `:line`, `#anchor` or `::symbol` suffixes.
    pub written: String,
    pub kind: Kind,
    pub link: bool,
    pub target: Target,
}

/// Extensions that make a word a file name, lowercase and sorted (searched by bisection).
const EXTENSIONS: &[&str] = &[
    "astro",
    "bash",
    "bat",
    "c",
    "cc",
    "cfg",
    "cjs",
    "clj",
    "cmd",
    "conf",
    "cpp",
    "cs",
    "css",
    "csv",
    "dart",
    "dockerfile",
    "env",
    "erl",
    "ex",
    "exs",
    "fish",
    "fs",
    "gif",
    "go",
    "gql",
    "gradle",
    "graphql",
    "h",
    "hcl",
    "hpp",
    "htm",
    "html",
    "ico",
    "ini",
    "ipynb",
    "java",
    "jl",
    "jpeg",
    "jpg",
    "js",
    "json",
    "json5",
    "jsonc",
    "jsx",
    "kt",
    "kts",
    "less",
    "lock",
    "log",
    "lua",
    "m",
    "markdown",
    "md",
    "mdx",
    "mjs",
    "mk",
    "mm",
    "pdf",
    "pem",
    "php",
    "png",
    "prisma",
    "proto",
    "ps1",
    "py",
    "pyi",
    "r",
    "rb",
    "rs",
    "rst",
    "sass",
    "scala",
    "scss",
    "sh",
    "snap",
    "sql",
    "svelte",
    "svg",
    "swift",
    "tf",
    "toml",
    "ts",
    "tsv",
    "tsx",
    "txt",
    "vue",
    "webp",
    "xml",
    "yaml",
    "yml",
    "zsh",
];

/// File names without an extension.
const NAMES: &[&str] = &[
    "Makefile",
    "Dockerfile",
    "Procfile",
    "Gemfile",
    "Rakefile",
    "Justfile",
    "Vagrantfile",
    "LICENSE",
    "README",
    "CHANGELOG",
    "CODEOWNERS",
    "Brewfile",
    "Caddyfile",
];

/// Library names that read like file names.
const LIBRARIES: &[&str] = &[
    "node.js",
    "next.js",
    "nuxt.js",
    "vue.js",
    "react.js",
    "express.js",
    "three.js",
    "d3.js",
    "chart.js",
    "angular.js",
    "ember.js",
    "backbone.js",
    "socket.io",
    "alpine.js",
    "p5.js",
    "anime.js",
    "moment.js",
    "day.js",
];

/// Directories of one machine (a user's home by name, a mount, a dev container's workspace):
/// a path under one is outside any repository wherever a plan writes it. System paths
/// (`/etc/…`, `/tmp/…`) and `~/…` are reported only where the plan gives a path (file lists,
/// links, commands): elsewhere plans describe where software keeps its files
/// (`~/.config/app/settings.toml`).
const MACHINE_DIRS: &[&str] = &[
    "/Users/",
    "/home/",
    "/mnt/",
    "/Volumes/",
    "/root/",
    "/workspace/",
    "/workspaces/",
];

/// System directories: an absolute path under one is a filesystem path, never a route, so
/// it is reported wherever the plan gives a path, with or without an extension.
pub const SYSTEM_DIRS: &[&str] = &[
    "/etc/",
    "/tmp/",
    "/var/",
    "/opt/",
    "/proc/",
    "/dev/",
    "/usr/",
    "/srv/",
    "/sys/",
    "/private/",
    "/bin/",
    "/sbin/",
    "/lib/",
    "/boot/",
];

/// User names that examples use in place of a real one.
const ILLUSTRATIVE_USERS: &[&str] = &[
    "user",
    "username",
    "you",
    "yourname",
    "your-name",
    "me",
    "name",
    "example",
    "jdoe",
];

/// Characters that make text code, a template or prose rather than a path. `&`, `|` and `;`
/// join shell commands: `cd app && pytest tests/*.py` ends in a glob but names no file.
fn has_non_path_chars(text: &str) -> bool {
    // A table of bytes: every such character is ASCII, and this runs on every code span.
    const NON_PATH: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        let chars = b"(){}<>|=;,&\"'`@![]";
        while i < chars.len() {
            table[chars[i] as usize] = true;
            i += 1;
        }
        table
    };
    text.bytes().any(|b| NON_PATH[b as usize])
}

/// `text.contains(char::is_whitespace)`, a byte scan when `text` is ASCII.
fn has_whitespace(text: &str) -> bool {
    match text.is_ascii() {
        true => text.bytes().any(crate::document::is_space_byte),
        false => text.contains(char::is_whitespace),
    }
}

/// The text of a reference without its suffixes: `path:12`, `path:12-20`, `path#L10-L20`,
/// `path#anchor`, `path::symbol`.
fn strip_suffixes(text: &str) -> &str {
    // Byte scans: `split_once("::")` sets up a substring searcher on every call.
    let symbol = memchr::memchr_iter(b':', text.as_bytes())
        .find(|&at| text.as_bytes().get(at + 1) == Some(&b':'));
    let text = symbol.map_or(text, |at| &text[..at]);
    let text = text
        .bytes()
        .position(|b| b == b'#')
        .map_or(text, |at| &text[..at]);
    text.get(..line_suffix_start(text)).unwrap_or(text)
}

/// Where a trailing `:12`, `:12-20` or `:12:5` starts (`text.len()` if there is none): a colon
/// and digits, then any number of `-` or `:` and digits.
fn line_suffix_start(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    let mut start = end;
    loop {
        let digits = bytes[..end]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let Some(&separator) = bytes.get((end - digits).wrapping_sub(1)) else {
            return start;
        };
        if digits == 0 {
            return start;
        }
        end -= digits + 1;
        match separator {
            b':' => start = end,
            b'-' => {}
            _ => return start,
        }
    }
}

/// How a word that may be a path reads, before any lookup.
#[derive(Debug, PartialEq, Eq)]
pub enum Shape<'t> {
    NotAPath,
    Outside(Outside),
    /// A repository-relative path (`./` removed, `\` turned to `/`).
    Relative {
        path: Cow<'t, str>,
        glob: bool,
    },
}

/// Classifies `text` from its characters alone. `top_level` says whether a name is a
/// top-level entry of the repository: `app/x` is a path there, `next/link` is not.
pub fn shape<'t>(text: &'t str, top_level: &dyn Fn(&str) -> bool) -> Shape<'t> {
    let text = text.trim().trim_end_matches(['.', ',', ':', ';']);
    if text.is_empty() || text.len() > 4096 || memchr::memchr(0, text.as_bytes()).is_some() {
        return Shape::NotAPath;
    }
    if is_url(text) {
        return match starts_with_ignore_case(text, "file://") {
            true => Shape::Outside(Outside::Absolute),
            false => Shape::NotAPath,
        };
    }
    let text = strip_suffixes(text);
    // Braces otherwise make text a template (`{adw_id}`), but `${HOME}/x` is `$HOME/x`.
    if braced_variable(text) {
        return Shape::Outside(Outside::Variable);
    }
    // Before the absolute-path test: `/api/users/{id}` is a route, not a path.
    if has_non_path_chars(text) {
        return Shape::NotAPath;
    }
    if let Some(outside) = lexically_outside(text) {
        return Shape::Outside(outside);
    }
    let mut path = text;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let path = match memchr::memchr(b'\\', path.as_bytes()) {
        Some(_) => Cow::Owned(path.replace('\\', "/")),
        None => Cow::Borrowed(path),
    };
    let glob = path.bytes().any(|b| b == b'*' || b == b'?');
    let trimmed = path.trim_end_matches('/');
    let last = last_after(trimmed, b'/');
    let has_extension = last
        .bytes()
        .rposition(|b| b == b'.')
        .is_some_and(|dot| dot > 0 && is_extension(&last[dot + 1..]))
        || NAMES.contains(&last)
        || is_dotfile(last);
    if has_whitespace(&path) && !has_extension {
        return Shape::NotAPath;
    }
    let Some(first_slash) = memchr::memchr(b'/', path.as_bytes()) else {
        let library = LIBRARIES.iter().any(|l| l.eq_ignore_ascii_case(text));
        // `.env` and `.status-chip` read alike: a bare dot-name is a path only when the
        // repository has it, so it is never reported missing.
        let dot_name = is_dotfile(&path) && !top_level(&path);
        return if has_extension && !library && !glob && !dot_name {
            Shape::Relative { path, glob: false }
        } else {
            Shape::NotAPath
        };
    };
    let first = &path[..first_slash];
    let looks_like_path = has_extension
        || path.ends_with('/')
        || text.starts_with("./")
        || first == ".."
        || (glob && top_level(first))
        || top_level(first);
    if looks_like_path {
        Shape::Relative { path, glob }
    } else {
        Shape::NotAPath
    }
}

/// Whether `ext` (any case) is one of `EXTENSIONS`.
fn is_extension(ext: &str) -> bool {
    let mut lower = [0u8; 16];
    let Some(lower) = lower.get_mut(..ext.len()) else {
        return false;
    };
    lower.copy_from_slice(ext.as_bytes());
    lower.make_ascii_lowercase();
    EXTENSIONS
        .binary_search_by(|e| e.as_bytes().cmp(lower))
        .is_ok()
}

/// `.env`, `.env.example`, `.gitignore`: a name after a leading dot.
fn is_dotfile(name: &str) -> bool {
    name.strip_prefix('.')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}

fn is_url(text: &str) -> bool {
    let scheme = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    let has_scheme =
        scheme > 0 && text.as_bytes()[0].is_ascii_alphabetic() && text[scheme..].starts_with("://");
    has_scheme
        || text.starts_with("//")
        || ["www.", "mailto:", "javascript:", "data:", "tel:"]
            .iter()
            .any(|prefix| starts_with_ignore_case(text, prefix))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Paths outside any repository, from their text alone: absolute, home, variable,
/// drive-letter, UNC.
fn lexically_outside(text: &str) -> Option<Outside> {
    let bytes = text.as_bytes();
    if text.starts_with("\\\\") {
        return Some(Outside::Unc);
    }
    if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
    {
        return Some(Outside::Drive);
    }
    if text == "~" || text.starts_with("~/") || text.starts_with("~\\") || user_home(text) {
        return Some(Outside::Home);
    }
    if text.starts_with('$') || text.starts_with("%") && text[1..].contains('%') {
        return Some(Outside::Variable);
    }
    if text.starts_with('/') {
        return Some(Outside::Absolute);
    }
    None
}

/// `${NAME}` followed by a path or nothing: a variable, as `$NAME` is. More braces or code
/// after it (`${api}/users?id=${id}`) make it a template.
fn braced_variable(text: &str) -> bool {
    static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}(?:[/\\]|$)").expect("valid regex")
    });
    if !text.starts_with("${") {
        return false;
    }
    VARIABLE
        .find(text)
        .is_some_and(|m| !has_non_path_chars(&text[m.end()..]))
}

/// `~user/…`: another user's home, as `~/…` is one's own.
fn user_home(text: &str) -> bool {
    static HOME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^~[A-Za-z_][A-Za-z0-9._-]*[/\\]").expect("valid regex"));
    text.starts_with('~') && HOME.is_match(text)
}

/// Whether `text` starts as one machine's path may (`/Users/…`, `C:\\…`, `\\\\server`): a
/// cheap test before `shape`, for the many code spans of running text.
fn could_be_outside(text: &str) -> bool {
    let text = text.trim_start().as_bytes();
    matches!(text.first(), Some(b'/' | b'\\')) || text.get(1) == Some(&b':')
}

/// Whether a path outside the root could only be a path on one machine.
pub fn unmistakable(text: &str, why: Outside) -> bool {
    match why {
        Outside::Absolute => MACHINE_DIRS.iter().any(|dir| {
            // `/home/user/project/…` in a spec is an example, not somebody's machine.
            text.strip_prefix(dir).is_some_and(|rest| {
                let owner = rest.split('/').next().unwrap_or("");
                !ILLUSTRATIVE_USERS.contains(&owner.to_ascii_lowercase().as_str())
            })
        }),
        Outside::Drive | Outside::Unc => true,
        Outside::Home | Outside::Variable | Outside::Escapes | Outside::Link => false,
    }
}

/// The plan's directory relative to the root, or the root when the plan is outside it.
pub fn plan_dir(path: Option<&str>) -> &str {
    path.and_then(|p| p.bytes().rposition(|b| b == b'/').map(|slash| &p[..slash]))
        .unwrap_or("")
}

/// Every path reference of the document, classified and, with a repository, looked up.
pub fn find(checker: &Checker<'_>) -> Vec<Reference> {
    let document = checker.document;
    let index = checker.repo.map(|r| r.index());
    let top_level = |name: &str| index.is_some_and(|i| i.has_top_level(name));
    let kinds = section_kinds(checker);
    let mut references = Vec::new();
    let mut taken: HashSet<usize> = HashSet::new();
    for (span, text, kind) in table_cells(checker) {
        taken.insert(span.start);
        if let Some(reference) = reference(checker, span, &text, kind, false, &top_level) {
            references.push(reference);
        }
    }
    for code in &document.inline_code {
        if taken.contains(&code.span.start) {
            continue;
        }
        // In running text, only one machine's paths (`/home/alice/app`) are references:
        // elsewhere a code span there names a module, a command or a value as often as a file.
        if !in_list_or_table(checker, &code.span) {
            let outside = could_be_outside(&code.code)
                && matches!(shape(&code.code, &top_level), Shape::Outside(_));
            let machine = outside
                .then(|| {
                    let span = code.span.clone();
                    reference(
                        checker,
                        span,
                        &code.code,
                        Kind::Mentioned,
                        false,
                        &top_level,
                    )
                })
                .flatten()
                .filter(|r| {
                    matches!(
                        r.target,
                        Target::Outside {
                            unmistakable: true,
                            ..
                        }
                    )
                });
            references.extend(machine);
            continue;
        }
        let kind = kind_at(checker, &kinds, code.span.start);
        if let Some(reference) = reference(
            checker,
            code.span.clone(),
            &code.code,
            kind,
            false,
            &top_level,
        ) {
            references.push(reference);
        }
    }
    for link in document.links.iter().filter(|l| !l.destination.is_empty()) {
        if link.destination.starts_with('#') || checker.in_code(&link.span) {
            continue;
        }
        let kind = match kind_at(checker, &kinds, link.span.start) {
            Kind::New => Kind::New,
            _ => Kind::Existing,
        };
        let destination = crate::uri::decode(&link.destination);
        if let Some(reference) = reference(
            checker,
            link.span.clone(),
            &destination,
            kind,
            true,
            &top_level,
        ) {
            references.push(reference);
        }
    }
    references.sort_by_key(|r| r.span.start);
    references
}

fn reference(
    checker: &Checker<'_>,
    span: Span,
    text: &str,
    kind: Kind,
    link: bool,
    top_level: &dyn Fn(&str) -> bool,
) -> Option<Reference> {
    let target = match shape(text, top_level) {
        Shape::NotAPath => return None,
        Shape::Outside(why) => Target::Outside {
            why,
            unmistakable: unmistakable(text.trim(), why),
        },
        Shape::Relative { path, glob } => resolve(checker, &path, glob, link)?,
    };
    Some(Reference {
        span,
        written: strip_suffixes(text.trim()).to_string(),
        kind,
        link,
        target,
    })
}

/// Looks a relative path up: against the root, the plan's directory, then sub-projects
/// (see `Repository::resolve`).
fn resolve(checker: &Checker<'_>, path: &str, glob: bool, link: bool) -> Option<Target> {
    let dir = plan_dir(checker.path);
    let escapes = Target::Outside {
        why: Outside::Escapes,
        unmistakable: false,
    };
    let Some(repo) = checker.repo else {
        let [first, second] = forms(dir, path, link);
        return Some(first.or(second).map_or(escapes, |path| Target::Repo {
            path,
            exists: None,
            glob,
            ignored: false,
        }));
    };
    Some(match repo.resolve(dir, path, glob, link) {
        Resolution::Found { path, ignored } => Target::Repo {
            path,
            exists: Some(true),
            glob,
            ignored,
        },
        Resolution::Missing { path, ignored } => Target::Repo {
            path,
            exists: Some(false),
            glob,
            ignored,
        },
        Resolution::ThroughOutsideLink => Target::Outside {
            why: Outside::Link,
            unmistakable: false,
        },
        Resolution::Escapes => escapes,
    })
}

/// `found` (root-relative) in the form the plan would write it, given that it wrote `missing`
/// (the root-relative form of what it wrote): a link relative to the plan's folder, other
/// paths relative to the folder whose contents they start from (`internal/httpapi/router.go`
/// for `internal/http/router.go` when `internal/` is in the sub-project `services/ledger/`),
/// so that the suggestion can be pasted in place.
pub fn written_as(checker: &Checker<'_>, missing: &str, found: &str, link: bool) -> String {
    let dir = plan_dir(checker.path);
    if link {
        return relative_to(dir, found);
    }
    let Some(repo) = checker.repo else {
        return found.to_string();
    };
    let Some((first, _)) = missing.split_once('/') else {
        return found.to_string();
    };
    let mut frames = vec![""];
    frames.push(dir);
    frames.extend(ancestors(dir));
    frames.extend(repo.bases(dir));
    let index = repo.index();
    let frame = frames
        .into_iter()
        .find(|frame| normalize(frame, first).is_some_and(|start| index.lookup(&start).exists()));
    frame
        .filter(|frame| !frame.is_empty())
        .and_then(|frame| found.strip_prefix(&format!("{}/", frame.trim_end_matches('/'))))
        .filter(|short| {
            matches!(resolve(checker, short, false, false),
                Some(Target::Repo { path, exists: Some(true), .. }) if path == found)
        })
        .map_or_else(|| found.to_string(), str::to_string)
}

/// `path` (root-relative) as a relative link from the folder `dir`.
fn relative_to(dir: &str, path: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = path.split('/').collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - shared];
    parts.extend(&to[shared..]);
    parts.join("/")
}

/// Whether `span` lies in a list item or a table cell.
fn in_list_or_table(checker: &Checker<'_>, span: &Span) -> bool {
    let document = checker.document;
    let before = |start: usize| start <= span.start;
    let items = &document.list_items[..document
        .list_items
        .partition_point(|i| before(i.span.start))];
    let in_item = items.iter().rev().take(64).any(|i| span.end <= i.span.end);
    let tables = &document.tables[..document.tables.partition_point(|t| before(t.span.start))];
    in_item || tables.last().is_some_and(|t| span.end <= t.span.end)
}

/// The kind of path each section holds: the nearest enclosing section whose heading names
/// new files, or whose format section says. Sections come after their parents, so one pass
/// suffices.
fn section_kinds(checker: &Checker<'_>) -> Vec<Kind> {
    let document = checker.document;
    let new_headings = checker.ruleset.paths.new_headings.as_ref();
    let mut kinds: Vec<Kind> = Vec::with_capacity(document.sections.len());
    for (index, section) in document.sections.iter().enumerate() {
        let named_new = new_headings.is_some_and(|p| p.is_match(&section.heading.text));
        let own =
            checker.alignment.spec_of[index].and_then(|(spec, _)| match checker.spec(spec).paths {
                Some(PathKind::Existing) => Some(Kind::Existing),
                Some(PathKind::New) => Some(Kind::New),
                None => None,
            });
        let kind = match (named_new, own) {
            (true, _) => Kind::New,
            (false, Some(kind)) => kind,
            (false, None) => section.parent.map_or(Kind::Mentioned, |p| kinds[p]),
        };
        kinds.push(kind);
    }
    kinds
}

/// The kind of path at byte `at`: that of the innermost section holding it.
fn kind_at(checker: &Checker<'_>, kinds: &[Kind], at: usize) -> Kind {
    let sections = &checker.document.sections;
    let last = sections.partition_point(|s| s.heading_span.start <= at);
    let Some(mut section) = last.checked_sub(1) else {
        return Kind::Mentioned;
    };
    // Past the end of the innermost section: climb to the one that contains it.
    while at >= sections[section].end {
        match sections[section].parent {
            Some(parent) => section = parent,
            None => return Kind::Mentioned,
        }
    }
    kinds[section]
}

/// Path cells of the tables the ruleset reads by column (export-plan's impact table), with
/// the kind their change-type cell gives.
fn table_cells(checker: &Checker<'_>) -> Vec<(Span, String, Kind)> {
    let document = checker.document;
    let mut cells = Vec::new();
    for (spec, section) in checker.ruleset.sections.iter().enumerate() {
        let Some(table) = &section.path_table else {
            continue;
        };
        for &doc in &checker.alignment.found[spec] {
            let content = checker.section(doc).content();
            for found in starting_in(&document.tables, &content, |t| t.span.start) {
                let column = |name: &str| {
                    found.header.iter().position(|h| {
                        crate::document::key(&document.text(h).replace(['*', '`'], ""))
                            == crate::document::key(name)
                    })
                };
                let (Some(path_column), Some(kind_column)) =
                    (column(&table.path_column), column(&table.kind_column))
                else {
                    continue;
                };
                for row in &found.rows {
                    let (Some(path_cell), Some(kind_cell)) =
                        (row.get(path_column), row.get(kind_column))
                    else {
                        continue;
                    };
                    let change = document
                        .text(kind_cell)
                        .replace(['*', '`', '_'], "")
                        .to_lowercase();
                    let change = change
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .unwrap_or("");
                    let kind = if table
                        .existing
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(change))
                    {
                        Kind::Existing
                    } else if table.new.iter().any(|n| n.eq_ignore_ascii_case(change)) {
                        Kind::New
                    } else {
                        Kind::Mentioned
                    };
                    let codes: Vec<_> =
                        starting_in(&document.inline_code, path_cell, |c| c.span.start)
                            .iter()
                            .map(|c| (c.span.clone(), c.code.clone(), kind))
                            .collect();
                    if codes.is_empty() {
                        cells.push((
                            path_cell.clone(),
                            document.text(path_cell).to_string(),
                            kind,
                        ));
                    } else {
                        cells.extend(codes);
                    }
                }
            }
        }
    }
    cells
}

/// A path relative to the root for messages: `README.md`, `app/server/`.
pub fn shown(path: &str) -> &str {
    if path.is_empty() { "." } else { path }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(text: &str) -> Shape<'_> {
        shape(text, &|name| {
            ["app", "src", "docs", "specs", "scripts"].contains(&name)
        })
    }

    fn relative(path: &str) -> Shape<'_> {
        Shape::Relative {
            path: Cow::Borrowed(path),
            glob: path.contains('*'),
        }
    }

    #[test]
    fn extensions_are_sorted_lowercase_and_any_case_matches() {
        assert!(EXTENSIONS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(EXTENSIONS.iter().all(|e| *e == e.to_lowercase()));
        assert!(is_extension("md") && is_extension("PY") && is_extension("Dockerfile"));
        assert!(
            !is_extension("") && !is_extension("example") && !is_extension("a-very-long-suffix")
        );
    }

    #[test]
    fn paths_and_their_suffixes() {
        assert_eq!(
            shape_of("app/server/main.py"),
            relative("app/server/main.py")
        );
        assert_eq!(
            shape_of("./app/server/main.py:42"),
            relative("app/server/main.py")
        );
        assert_eq!(shape_of("src/lib.rs#L10-L20"), relative("src/lib.rs"));
        assert_eq!(shape_of("src/api.py::Handler"), relative("src/api.py"));
        assert_eq!(shape_of("src/api.py:12:5"), relative("src/api.py"));
        assert_eq!(shape_of("app/server/"), relative("app/server/"));
        assert_eq!(shape_of("app/server/**"), relative("app/server/**"));
        assert_eq!(shape_of("README.md"), relative("README.md"));
        assert_eq!(
            shape_of("docs/release notes.md"),
            relative("docs/release notes.md")
        );
        assert_eq!(shape_of("docs/café.md"), relative("docs/café.md"));
        assert_eq!(shape_of("app/client"), relative("app/client"));
        assert_eq!(
            shape_of("config/.env.example"),
            relative("config/.env.example")
        );
        assert_eq!(
            shape_of(".status-chip"),
            Shape::NotAPath,
            "a bare dot-name the repository lacks"
        );
        assert_eq!(shape_of("Makefile"), relative("Makefile"));
        assert_eq!(shape_of("../../README.md"), relative("../../README.md"));
    }

    #[test]
    fn look_alikes_are_not_paths() {
        for text in [
            "next/link",
            "bg-black/50",
            "w-1/2",
            "actions/setup-node@v4",
            "origin/main",
            "ROOT/Child",
            "transform/background-color",
            "@scope/pkg",
            "https://example.com/docs/x.md",
            "mailto:a@b.c",
            "GET /health",
            "/api/users/{id}",
            "agents/{adw_id}/plan.md",
            "Node.js",
            "user.email",
            "v1.2.3",
            "foo(bar)",
            "a and b",
            "cd app/server && uv run python -m py_compile server.py core/*.py",
            "",
        ] {
            assert_eq!(shape_of(text), Shape::NotAPath, "{text:?}");
        }
    }

    #[test]
    fn outside_paths_are_decided_from_text() {
        assert_eq!(shape_of("/etc/shadow"), Shape::Outside(Outside::Absolute));
        assert_eq!(
            shape_of("/Users/me/project/app.py"),
            Shape::Outside(Outside::Absolute)
        );
        assert_eq!(shape_of("~/.ssh/id_rsa"), Shape::Outside(Outside::Home));
        assert_eq!(shape_of("~root/.bashrc"), Shape::Outside(Outside::Home));
        assert_eq!(
            shape_of("${HOME}/.aws/credentials"),
            Shape::Outside(Outside::Variable)
        );
        assert_eq!(shape_of("${{ secrets.TOKEN }}/x"), Shape::NotAPath);
        assert_eq!(shape_of("${api}/users/${id}"), Shape::NotAPath);
        assert_eq!(
            shape_of("$HOME/.config/x.toml"),
            Shape::Outside(Outside::Variable)
        );
        assert_eq!(shape_of("C:\\x\\y.txt"), Shape::Outside(Outside::Drive));
        assert_eq!(shape_of("\\\\host\\share\\x"), Shape::Outside(Outside::Unc));
        assert_eq!(
            shape_of("file:///etc/passwd"),
            Shape::Outside(Outside::Absolute)
        );
        assert!(unmistakable("/Users/alice/x", Outside::Absolute));
        assert!(unmistakable("/mnt/c/Users/alice/x", Outside::Absolute));
        assert!(!unmistakable("/api/health", Outside::Absolute));
        assert!(!unmistakable("/home/user/project/x.md", Outside::Absolute));
        assert!(!unmistakable("~/.config/app.toml", Outside::Home));
    }

    #[test]
    fn links_are_suggested_relative_to_the_plan() {
        assert_eq!(relative_to("specs", "docs/guide.md"), "../docs/guide.md");
        assert_eq!(relative_to("specs/done", "specs/x.md"), "../x.md");
        assert_eq!(relative_to("", "docs/guide.md"), "docs/guide.md");
        assert_eq!(relative_to("specs", "specs/x.md"), "x.md");
    }

    #[test]
    fn ancestors_of_the_plan_directory() {
        let found: Vec<&str> = ancestors("docs/project/specs/done").collect();
        assert_eq!(found, ["docs/project/specs", "docs/project", "docs"]);
        assert_eq!(ancestors("specs").count(), 0);
    }

    #[test]
    fn normalizing_never_climbs_above_the_root() {
        assert_eq!(normalize("specs", "../README.md"), Some("README.md".into()));
        assert_eq!(normalize("", "./app/./x.py"), Some("app/x.py".into()));
        assert_eq!(normalize("specs", "../../etc/passwd"), None);
        assert_eq!(normalize("", "app/"), Some("app/".into()));
    }
}
