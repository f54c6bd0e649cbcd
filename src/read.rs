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

/// Reads the plan at `path`. `root` is the canonical repository root: a symlink whose target
/// lies outside it, or a path written under the root that resolves outside it (through a
/// symlinked directory), is refused without being opened.
pub fn read_plan(path: &Path, root: &Path, limit: u64) -> Result<String, ReadError> {
    let link = fs::symlink_metadata(path).map_err(not_found_or_io)?;
    if link.file_type().is_symlink() || absolute(path).starts_with(root) {
        let target = fs::canonicalize(path).map_err(not_found_or_io)?;
        if !target.starts_with(root) {
            return Err(ReadError::SymlinkOutsideRoot);
        }
    }
    let metadata = match link.file_type().is_symlink() {
        true => fs::metadata(path).map_err(not_found_or_io)?,
        false => link,
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
    let file = File::open(path).map_err(ReadError::Io)?;
    // Sized from the metadata, plus one byte to see a file that grew past the limit.
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    checked(bytes, limit)
}

/// Reads a plan from a stream (standard input) with the same checks as a file's.
pub fn read_capped(stream: impl Read, limit: u64) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    stream
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    checked(bytes, limit)
}

fn checked(bytes: Vec<u8>, limit: u64) -> Result<String, ReadError> {
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

    #[test]
    fn a_nul_after_the_probe_is_not_binary() {
        let mut bytes = vec![b'a'; BINARY_PROBE];
        bytes.push(0);
        assert!(decode(bytes).is_ok());
    }
}
