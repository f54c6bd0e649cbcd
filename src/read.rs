//! Reading a plan from disk or standard input, refusing what is not a plan before it is
//! read.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::document::LineIndex;

/// Files larger than this are refused before they are read: a plan is a few kilobytes, and a
/// 100 MB "plan" is a mistake or an attack.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Git's heuristic: a NUL byte in the first 8,000 bytes makes a file binary.
const BINARY_PROBE: usize = 8000;

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// A FIFO, socket, device or directory where a file was expected.
    NotRegular(&'static str),
    SymlinkOutsideRoot,
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
    Binary {
        offset: usize,
    },
    Utf16 {
        bom: &'static str,
    },
    InvalidUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); not read"),
            ReadError::SymlinkOutsideRoot => {
                write!(
                    f,
                    "symlink leading outside the repository root; not followed"
                )
            }
            ReadError::TooLarge { size, limit } => write!(
                f,
                "file is {} bytes, over the {} byte limit; not read",
                size, limit
            ),
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
            ReadError::Binary { offset } => {
                write!(
                    f,
                    "binary file (NUL byte at offset {offset}); not a Markdown plan"
                )
            }
            ReadError::Utf16 { bom } => write!(f, "not UTF-8: the file is {bom}"),
            ReadError::InvalidUtf8 {
                offset,
                line,
                column,
            } => write!(
                f,
                "not UTF-8: invalid byte at offset {offset} (line {line}, column {column})"
            ),
        }
    }
}

impl ReadError {
    pub fn help(&self) -> &'static str {
        match self {
            ReadError::NotFound => "check the path; globs must be quoted to reach planlint",
            ReadError::NotRegular(_) => "pass the plan file itself",
            ReadError::SymlinkOutsideRoot => {
                "lint the link's target directly if you trust it; links out of the repository are not followed"
            }
            ReadError::TooLarge { .. } => {
                "check that this is the plan you meant: plans are a few kilobytes"
            }
            ReadError::Io(_) => "check the file's permissions",
            ReadError::Binary { .. } => "pass a Markdown text file",
            ReadError::Utf16 { .. } | ReadError::InvalidUtf8 { .. } => "save the file as UTF-8",
        }
    }
}

/// A plan read from disk.
#[derive(Debug)]
pub struct Plan {
    pub text: String,
    /// Its path with every symlink resolved, when it was reached from under the root (the
    /// reading resolves it anyway, so the linter need not ask the system again).
    pub real: Option<PathBuf>,
}

/// Reads the plan at `path`. `root` is the canonical repository root: a symlink whose target
/// lies outside it, or a path written under the root that resolves outside it (through a
/// symlinked directory), is refused without being opened.
pub fn read_plan(path: &Path, root: &Path, limit: u64) -> Result<Plan, ReadError> {
    let written = absolute(path);
    let (path, metadata, inside) = match written.strip_prefix(root) {
        Ok(inside) => {
            let beneath = walk_beneath(root, inside)?;
            (beneath.path, beneath.last, true)
        }
        Err(_) => {
            // Named on the command line outside the root: the user's choice of file, whose
            // own folder may hold anything; only a link from there is checked.
            let link = fs::symlink_metadata(path).map_err(not_found_or_io)?;
            if link.file_type().is_symlink() {
                let target = fs::canonicalize(path).map_err(not_found_or_io)?;
                if !target.starts_with(root) {
                    return Err(ReadError::SymlinkOutsideRoot);
                }
            }
            (path.to_path_buf(), None, false)
        }
    };
    let metadata = match metadata {
        Some(metadata) => metadata,
        None => fs::metadata(&path).map_err(not_found_or_io)?,
    };
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(file_kind(&metadata)));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let file = File::open(&path).map_err(ReadError::Io)?;
    // Sized from the metadata, plus one byte to see a file that grew past the limit.
    let text = read_into(file, limit, Vec::with_capacity(metadata.len() as usize + 1))?;
    Ok(Plan {
        text,
        real: inside.then_some(path),
    })
}

/// Linux's limit on the links one path may go through (ELOOP).
const MAX_LINKS: usize = 40;

/// Follows `relative` down from `root` one component at a time, reading each symlink's text
/// instead of letting the system resolve it (as openat2's `RESOLVE_BENEATH` does): a link whose
/// text leads out of the root is refused there. Nothing outside the root is ever looked at, so
/// a committed link to a file that exists out there gets the same answer as one to a file that
/// does not, and the repository cannot probe the machine it is checked on.
pub(crate) fn resolve_beneath(root: &Path, relative: &Path) -> Result<PathBuf, ReadError> {
    walk_beneath(root, relative).map(|beneath| beneath.path)
}

/// Where `resolve_beneath` arrived, and the metadata of the last component when it is not a
/// link (that of the file itself: no need to ask again).
struct Beneath {
    path: PathBuf,
    last: Option<fs::Metadata>,
}

fn walk_beneath(root: &Path, relative: &Path) -> Result<Beneath, ReadError> {
    let mut pending: Vec<Component> = Vec::new();
    push_components(&mut pending, relative)?;
    let mut resolved = root.to_path_buf();
    let mut last = None;
    let mut depth = 0usize;
    let mut links = 0usize;
    while let Some(component) = pending.pop() {
        last = None;
        let name = match component {
            Component::Up if depth == 0 => return Err(ReadError::SymlinkOutsideRoot),
            Component::Up => {
                resolved.pop();
                depth -= 1;
                continue;
            }
            Component::Name(name) => name,
        };
        let next = resolved.join(&name);
        let metadata = fs::symlink_metadata(&next).map_err(not_found_or_io)?;
        if !metadata.file_type().is_symlink() {
            resolved = next;
            depth += 1;
            last = Some(metadata);
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Err(ReadError::Io(io::Error::other(
                "too many levels of symbolic links",
            )));
        }
        let target = fs::read_link(&next).map_err(ReadError::Io)?;
        if target.is_absolute() {
            // An absolute link stays inside only if its text names a place under the root.
            let inside = target
                .strip_prefix(root)
                .map_err(|_| ReadError::SymlinkOutsideRoot)?;
            resolved = root.to_path_buf();
            depth = 0;
            push_components(&mut pending, inside)?;
        } else {
            push_components(&mut pending, &target)?;
        }
    }
    Ok(Beneath {
        path: resolved,
        last,
    })
}

enum Component {
    Up,
    Name(std::ffi::OsString),
}

/// Puts the components of `path` on the stack so that its first one is popped first.
fn push_components(stack: &mut Vec<Component>, path: &Path) -> Result<(), ReadError> {
    use std::path::Component as C;
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            C::CurDir => {}
            C::ParentDir => parts.push(Component::Up),
            C::Normal(name) => parts.push(Component::Name(name.to_os_string())),
            C::RootDir | C::Prefix(_) => return Err(ReadError::SymlinkOutsideRoot),
        }
    }
    stack.extend(parts.into_iter().rev());
    Ok(())
}

/// Reads a plan from a stream (standard input) with the same checks as a file's.
pub fn read_capped(stream: impl Read, limit: u64) -> Result<String, ReadError> {
    read_into(stream, limit, Vec::new())
}

/// Reads at most `limit` bytes and one more into `bytes`, and checks them.
fn read_into(stream: impl Read, limit: u64, mut bytes: Vec<u8>) -> Result<String, ReadError> {
    stream
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(bytes)
}

/// Checks the bytes of a plan: no UTF-16, no binary, valid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(bom) = utf16_bom(&bytes) {
        return Err(ReadError::Utf16 { bom });
    }
    if let Some(offset) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]) {
        return Err(ReadError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let position = LineIndex::new(valid).position(valid, offset);
        ReadError::InvalidUtf8 {
            offset,
            line: position.line,
            column: position.column,
        }
    })
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 (byte order mark FF FE 00 00)"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 (byte order mark 00 00 FE FF)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (byte order mark FF FE)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (byte order mark FE FF)"),
        _ => None,
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn not_found_or_io(error: io::Error) -> ReadError {
    if error.kind() == io::ErrorKind::NotFound {
        ReadError::NotFound
    } else {
        ReadError::Io(error)
    }
}

fn file_kind(metadata: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if metadata.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_refuses_what_is_not_utf8_text() {
        assert_eq!(decode(b"# Plan\n".to_vec()).unwrap(), "# Plan\n");
        assert!(matches!(
            decode(vec![0xFF, 0xFE, b'#', 0]),
            Err(ReadError::Utf16 { .. })
        ));
        assert!(matches!(
            decode(b"ab\0cd".to_vec()),
            Err(ReadError::Binary { offset: 2 })
        ));
        match decode(b"# T\nab\xC0\xAFc".to_vec()) {
            Err(ReadError::InvalidUtf8 {
                offset,
                line,
                column,
            }) => {
                assert_eq!((offset, line, column), (6, 2, 3));
            }
            other => panic!("expected invalid UTF-8, got {other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_beneath_the_root_and_refused_from_their_text_when_they_leave_it() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("exists.md"), "# secret\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("specs/real")).unwrap();
        fs::write(root.join("specs/real/plan.md"), "# Plan\n").unwrap();
        symlink("real", root.join("specs/dir")).unwrap();
        symlink("dir/plan.md", root.join("specs/chain.md")).unwrap();
        symlink(
            root.join("specs/real/plan.md"),
            root.join("specs/absolute.md"),
        )
        .unwrap();
        symlink("dir/../real/plan.md", root.join("specs/up.md")).unwrap();
        symlink(outside.path().join("exists.md"), root.join("specs/out.md")).unwrap();
        symlink(
            outside.path().join("absent.md"),
            root.join("specs/absent.md"),
        )
        .unwrap();
        symlink("../../x.md", root.join("specs/escape.md")).unwrap();
        symlink("loop.md", root.join("specs/loop.md")).unwrap();
        let read = |name: &str| {
            read_plan(&root.join(name), &root, DEFAULT_MAX_FILE_SIZE).map(|plan| plan.text)
        };
        for inside in [
            "specs/dir/plan.md",
            "specs/chain.md",
            "specs/absolute.md",
            "specs/up.md",
        ] {
            assert_eq!(read(inside).unwrap(), "# Plan\n", "{inside}");
        }
        // Whether the target exists out there or not, the answer is the same: nothing
        // outside the root is looked at.
        for out in ["specs/out.md", "specs/absent.md", "specs/escape.md"] {
            assert!(
                matches!(read(out), Err(ReadError::SymlinkOutsideRoot)),
                "{out}"
            );
        }
        match read("specs/loop.md") {
            Err(ReadError::Io(e)) => assert!(e.to_string().contains("symbolic links"), "{e}"),
            other => panic!("expected a loop error, got {other:?}"),
        }
        assert!(matches!(read("specs/gone.md"), Err(ReadError::NotFound)));
    }

    #[test]
    fn a_nul_after_the_probe_is_not_binary() {
        let mut bytes = vec![b'a'; BINARY_PROBE];
        bytes.push(0);
        assert!(decode(bytes).is_ok());
    }
}
