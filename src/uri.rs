//! Percent-encoding, for the URIs planlint reads (link destinations in plans, `file:` URIs
//! from editors) and writes (SARIF, the language server).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a path keeps as it is in a URI: letters, digits, `-._~` and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A path as a URI path: spaces, `#`, `%`, non-ASCII and the like percent-encoded.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// `%XX` escapes decoded; text that does not decode to UTF-8 is kept as written.
pub fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for path in [
            "specs/x.md",
            "docs/release notes.md",
            "docs/café.md",
            "a#b%c.md",
        ] {
            assert_eq!(decode(&encode_path(path)), path);
        }
        assert_eq!(
            encode_path("docs/café notes.md"),
            "docs/caf%C3%A9%20notes.md"
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%ff"), "%ff");
    }
}
