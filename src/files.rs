//! Which files to lint: paths, directories (walked) and globs from the command line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// What `planlint check` lints when given no paths.
pub const DEFAULT_GLOB: &str = "specs/**/*.md";

/// Extensions of Markdown files found when walking a directory.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown"];

/// A file to lint and the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
    /// Named on the command line, not found by a walk or a glob: `exclude` does not apply.
    pub named: bool,
}

/// A command-line argument that selected nothing.
#[derive(Debug, PartialEq, Eq)]
pub struct NoMatch {
    pub pattern: String,
}

/// The files that `arguments` name, relative to `cwd`, sorted and without duplicates.
///
/// A path that exists is a file to lint (even without a Markdown extension: it was asked for)
/// or a directory to walk for Markdown files, honouring `.gitignore` and never following
/// symlinks (`.gitignore` files count from the walked folder's root down, with
/// `.git/info/exclude`; `root_of` tells the root). An argument with glob characters that is
/// not an existing path is a glob. A path that does not exist is kept, so that it is reported
/// as unreadable rather than dropped.
pub fn collect(
    arguments: &[String],
    cwd: &Path,
    root_of: &mut dyn FnMut(&Path) -> PathBuf,
) -> (Vec<Input>, Vec<NoMatch>) {
    let mut inputs = BTreeSet::new();
    let mut unmatched = Vec::new();
    for argument in arguments {
        let path = cwd.join(argument);
        let found = if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            let root = root_of(&path);
            walk(&path, argument, None, &root)
        } else if path.symlink_metadata().is_ok() || !is_glob(argument) {
            vec![Input {
                named: true,
                ..input(path, argument)
            }]
        } else {
            glob(argument, cwd, root_of)
        };
        if found.is_empty() {
            unmatched.push(NoMatch {
                pattern: argument.clone(),
            });
        }
        inputs.extend(found);
    }
    (inputs.into_iter().collect(), unmatched)
}

fn is_glob(argument: &str) -> bool {
    argument.contains(['*', '?', '[', '{'])
}

/// Files under the literal directory prefix of `pattern` that the glob matches.
fn glob(pattern: &str, cwd: &Path, root_of: &mut dyn FnMut(&Path) -> PathBuf) -> Vec<Input> {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() else {
        return Vec::new();
    };
    let base: String = pattern
        .split('/')
        .take_while(|part| !is_glob(part))
        .collect::<Vec<_>>()
        .join("/");
    let base = if base == pattern { String::new() } else { base };
    let directory = if base.is_empty() {
        cwd.to_path_buf()
    } else {
        cwd.join(&base)
    };
    if !directory.is_dir() {
        return Vec::new();
    }
    let root = root_of(&directory);
    walk(&directory, &base, Some(&glob.compile_matcher()), &root)
}

/// Markdown files under `directory` (or, with a matcher, the files it matches), each
/// displayed as `prefix/relative/path`.
fn walk(directory: &Path, prefix: &str, matcher: Option<&GlobMatcher>, root: &Path) -> Vec<Input> {
    let prefix = prefix.trim_end_matches('/');
    let mut found = Vec::new();
    // Results must not depend on the machine: the walker reads the `.gitignore` files below
    // `directory`, and those from the root down to it apply through matchers of our own.
    // Canonical, like the root: the matchers must see paths under their own folders.
    let written = std::path::absolute(directory).unwrap_or_else(|_| directory.to_path_buf());
    let resolved = match written.strip_prefix(root) {
        // A folder of the repository that is a symlink out of it (`specs -> /etc`, which a
        // pull request can commit) is not walked: it is reported as the path it is, which
        // reading refuses without following.
        Ok(inside) => match crate::read::resolve_beneath(root, inside) {
            Err(crate::read::ReadError::SymlinkOutsideRoot) => {
                return vec![Input {
                    named: true,
                    ..input(written, if prefix.is_empty() { "." } else { prefix })
                }];
            }
            Ok(resolved) => Some(resolved),
            Err(_) => None,
        },
        Err(_) => None,
    };
    let directory = &resolved.unwrap_or_else(|| {
        std::fs::canonicalize(directory).unwrap_or_else(|_| directory.to_path_buf())
    });
    let above = ignores_above(directory, root);
    let walker = walker(directory)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !above.iter().any(|ignore| {
                ignore
                    .matched_path_or_any_parents(entry.path(), is_dir)
                    .is_ignore()
            })
        })
        .build();
    for entry in walker.flatten() {
        let Ok(relative) = entry.path().strip_prefix(directory) else {
            continue;
        };
        if entry.file_type().is_none_or(|t| t.is_dir()) || relative.as_os_str().is_empty() {
            continue;
        }
        let relative = relative.to_string_lossy().replace('\\', "/");
        let display = if prefix.is_empty() || prefix == "." {
            relative
        } else {
            format!("{prefix}/{relative}")
        };
        let selected = match matcher {
            Some(matcher) => matcher.is_match(&display),
            None => entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())),
        };
        if selected {
            found.push(input(entry.path().to_path_buf(), &display));
        }
    }
    found
}

/// A walker that honours the `.gitignore` files of the folders it walks and reads nothing
/// else: not the global git config, not ignore files above its folder (the `ignore`
/// crate's git support looks for repositories up to `/`), never through a symlink.
pub fn walker(directory: &Path) -> WalkBuilder {
    let mut builder = WalkBuilder::new(directory);
    builder
        .standard_filters(false)
        .hidden(true)
        .add_custom_ignore_filename(".gitignore")
        .follow_links(false);
    builder
}

/// Matchers for the repository's `.git/info/exclude` and the `.gitignore` files of the folders
/// from `root` down to the parent of `directory`; none when `directory` is outside the root.
fn ignores_above(directory: &Path, root: &Path) -> Vec<Gitignore> {
    if !directory.starts_with(root) {
        return Vec::new();
    }
    let parents = directory
        .ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(root))
        .map(|dir| (dir, dir.join(".gitignore")));
    std::iter::once((root, root.join(".git/info/exclude")))
        .chain(parents)
        .filter(|(_, file)| file.is_file())
        .filter_map(|(dir, file)| {
            let mut builder = GitignoreBuilder::new(dir);
            builder.add(file);
            builder.build().ok()
        })
        .collect()
}

fn input(path: PathBuf, display: &str) -> Input {
    let display = display
        .strip_prefix("./")
        .unwrap_or(display)
        .replace('\\', "/");
    Input {
        display: crate::escape::escape_name(&display).into_owned(),
        path,
        named: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "# x\n").unwrap();
        }
        dir
    }

    fn displays(inputs: &[Input]) -> Vec<&str> {
        inputs.iter().map(|i| i.display.as_str()).collect()
    }

    #[test]
    fn directories_are_walked_for_markdown_honouring_gitignore() {
        let dir = tree(&[
            "specs/a.md",
            "specs/sub/b.markdown",
            "specs/c.txt",
            "specs/ignored.md",
        ]);
        fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
        let (inputs, unmatched) = collect(&["specs".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/a.md", "specs/sub/b.markdown"]);
        assert!(unmatched.is_empty());
    }

    #[test]
    fn the_repository_gitignore_applies_to_a_folder_walked_inside_it() {
        let dir = tree(&["specs/a.md", "specs/draft.md"]);
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".gitignore"), "specs/draft.md\n").unwrap();
        let (inputs, _) = collect(&["specs".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/a.md"]);
    }

    #[test]
    fn the_repository_exclude_file_applies_to_walks() {
        let dir = tree(&["specs/a.md", "specs/local.md", ".git/info/exclude"]);
        fs::write(dir.path().join(".git/info/exclude"), "local.md\n").unwrap();
        let (inputs, _) = collect(&["specs".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/a.md"]);
    }

    #[test]
    fn globs_match_with_literal_separators() {
        let dir = tree(&["specs/a.md", "specs/deep/b.md", "other/c.md"]);
        let (inputs, _) = collect(&["specs/*.md".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/a.md"]);
        let (inputs, _) = collect(&["specs/**/*.md".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/a.md", "specs/deep/b.md"]);
        let (inputs, unmatched) = collect(&["nothing/**/*.md".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert!(inputs.is_empty());
        assert_eq!(
            unmatched,
            [NoMatch {
                pattern: "nothing/**/*.md".into()
            }]
        );
    }

    #[test]
    fn invisible_characters_in_names_are_escaped() {
        let dir = tree(&["specs/\u{1b}[31mred.md"]);
        let (inputs, _) = collect(&["specs".into()], dir.path(), &mut |_| {
            dir.path().to_path_buf()
        });
        assert_eq!(displays(&inputs), ["specs/\\u{1b}[31mred.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_links_out_of_the_root_is_not_walked() {
        let outside = tree(&["notes.md"]);
        let dir = tree(&["repo/specs/a.md"]);
        let root = fs::canonicalize(dir.path().join("repo")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("linked")).unwrap();
        std::os::unix::fs::symlink("specs", root.join("inside")).unwrap();
        for argument in ["linked/", "linked/**/*.md"] {
            let (inputs, _) = collect(&[argument.into()], &root, &mut |_| root.clone());
            assert_eq!(displays(&inputs), ["linked"], "{argument}");
            assert_eq!(inputs[0].path, root.join("linked"));
        }
        let (inputs, _) = collect(&["inside/".into()], &root, &mut |_| root.clone());
        assert_eq!(displays(&inputs), ["inside/a.md"]);
    }

    #[test]
    fn missing_and_explicit_files_are_kept() {
        let dir = tree(&["notes.txt"]);
        let (inputs, unmatched) = collect(
            &["./notes.txt".into(), "gone.md".into()],
            dir.path(),
            &mut |_| dir.path().to_path_buf(),
        );
        assert_eq!(displays(&inputs), ["gone.md", "notes.txt"]);
        assert!(unmatched.is_empty());
    }
}
