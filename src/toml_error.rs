//! The TOML files planlint reads (rulesets and configuration): reading them safely, and
//! errors that point into them.

use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use serde::de::DeserializeOwned;

/// Largest TOML file planlint reads: rulesets and configurations are a few kilobytes.
pub const MAX_TOML_SIZE: u64 = 1 << 20;

/// A ruleset or configuration that cannot be used: bad TOML, an unknown key, a bad value.
#[derive(Debug)]
pub struct TomlError {
    /// What the file is: `ruleset` or `config`.
    pub kind: &'static str,
    pub origin: String,
    /// The TOML text, under its file name for the snippet header.
    pub source: NamedSource<String>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl TomlError {
    /// An error in `text` (the file `origin`); a span beyond the text (a value inherited
    /// from another file, see `ruleset::extend`) is no span.
    pub fn new(
        kind: &'static str,
        origin: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            origin: origin.to_string(),
            source: NamedSource::new(origin, text.to_string()).with_language("toml"),
            span: span.filter(|s| s.end <= text.len()),
            message: message.into(),
            help: None,
        }
    }

    /// The error with its file named relative to `dir` when it lies below it, as messages
    /// name files.
    pub fn shown_from(mut self, dir: &std::path::Path) -> Self {
        if let Ok(relative) = std::path::Path::new(&self.origin).strip_prefix(dir) {
            self.origin = relative.display().to_string();
            let text = self.source.inner().clone();
            self.source = NamedSource::new(&self.origin, text).with_language("toml");
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for TomlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} {}: {}", self.kind, self.origin, self.message)
    }
}

impl std::error::Error for TomlError {}

impl Diagnostic for TomlError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.as_ref().map(|_| &self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".to_string()), span),
        )))
    }
}

/// Reads a TOML file as text: at most [`MAX_TOML_SIZE`], UTF-8 (a bad byte is reported at
/// its line and column), a leading byte order mark removed.
pub fn read(kind: &'static str, path: &Path) -> Result<String, Box<TomlError>> {
    let origin = path.display().to_string();
    let fail = |message: String| Box::new(TomlError::new(kind, &origin, "", None, message));
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_TOML_SIZE + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_TOML_SIZE {
        return Err(fail(format!(
            "larger than {} KiB; {kind} files are a few kilobytes",
            MAX_TOML_SIZE / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        fail(format!(
            "not UTF-8: invalid byte at line {line}, column {column}; TOML files are UTF-8"
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Parses TOML `text` (the file `origin`) into `T`; an error points at its place.
pub fn parse<T: DeserializeOwned>(
    kind: &'static str,
    origin: &str,
    text: &str,
) -> Result<T, Box<TomlError>> {
    toml::from_str(text).map_err(|e| {
        let mut error = TomlError::new(kind, origin, text, e.span(), e.message().trim_end());
        if let Some(near) = closest_field(e.message()) {
            error = error.with_help(format!("did you mean `{near}`?"));
        } else if e.message().contains("escape") {
            error = error.with_help(
                "write patterns in single quotes ('\\d+'): backslashes in double quotes are TOML escapes",
            );
        }
        Box::new(error)
    })
}

/// For serde's "unknown field `includs`, expected one of `include`, ...": the closest.
fn closest_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2);
    crate::suggest::closest(unknown, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_byte_is_reported_at_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, b"a = 1\n# caf\xe9\n").unwrap();
        let error = read("config", &path).unwrap_err();
        assert!(
            error.message.contains("line 2, column 6"),
            "{}",
            error.message
        );
    }

    #[test]
    fn an_unknown_key_gets_the_closest_known_one() {
        let message = "unknown field `includes`, expected one of `include`, `exclude`, `match`";
        assert_eq!(closest_field(message), Some("include"));
        assert_eq!(closest_field("unknown field `zzz`, expected `a`"), None);
    }

    #[test]
    fn a_byte_order_mark_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.toml");
        std::fs::write(&path, "\u{feff}a = 1\n").unwrap();
        assert_eq!(read("config", &path).unwrap(), "a = 1\n");
    }

    #[test]
    fn a_backslash_in_double_quotes_gets_a_hint() {
        let error = parse::<toml::Table>("ruleset", "x.toml", "pattern = \"\\d+\"\n").unwrap_err();
        assert!(error.help.unwrap().contains("single quotes"));
        assert!(error.span.is_some());
    }
}
