//! Document text made safe to print. A plan is untrusted input: an ESC sequence in it would
//! drive the terminal, a bidi override would make a report read differently from what the
//! plan holds (the "Trojan Source" trick), and zero-width characters hide differences.

use std::borrow::Cow;

/// Characters that are not shown as themselves: controls (but tab and line ends, which
/// layout needs), bidi controls, zero-width characters, line and paragraph separators, BOM.
fn is_invisible(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c as u32,
            0x061C | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2069 | 0xFEFF
        )
}

/// Text for a message or a label: every invisible character as a visible `\u{…}` escape,
/// and a line break (from a multi-line heading or placeholder quoted in it) as a space.
pub fn escape(text: &str) -> Cow<'_, str> {
    replace(text, |c| match c {
        '\n' | '\r' => Some(" ".to_string()),
        c if is_invisible(c) => Some(format!("\\u{{{:x}}}", c as u32)),
        _ => None,
    })
}

/// A file name as it is printed: every control character, tab and line breaks included, and
/// every other invisible character as a `\u{…}` escape.
pub fn escape_name(name: &str) -> Cow<'_, str> {
    replace(name, |c| {
        (c.is_control() || is_invisible(c)).then(|| format!("\\u{{{:x}}}", c as u32))
    })
}

fn replace(text: &str, with: impl Fn(char) -> Option<String>) -> Cow<'_, str> {
    // Printable ASCII is never replaced: most text is, and a byte scan tells.
    let printable = text.bytes().all(|b| matches!(b, b' '..=b'~'));
    if printable || !text.chars().any(|c| with(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| with(c).unwrap_or_else(|| c.to_string()))
            .collect(),
    )
}

/// Text whose line breaks are meant (a help listing lines to add), with what cannot be seen
/// escaped line by line.
pub fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| escape(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A document's source for a snippet: each invisible character replaced by a visible one of
/// the same length in bytes, so that every offset into the source still holds: `?` for one
/// byte, `¿` for two, `�` for three. A lone CR (a line end to CommonMark, but not to the
/// snippet renderer) becomes LF.
pub fn neutralize(source: &str) -> Cow<'_, str> {
    let lone_cr = |i: usize| source.as_bytes().get(i + 1) != Some(&b'\n');
    let changes = |(i, c): (usize, char)| is_invisible(c) || (c == '\r' && lone_cr(i));
    if !source.char_indices().any(changes) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    for (i, c) in source.char_indices() {
        match (c, changes((i, c))) {
            ('\r', true) => out.push('\n'),
            (_, false) => out.push(c),
            (_, true) => out.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            }),
        }
    }
    debug_assert_eq!(out.len(), source.len());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_make_invisible_characters_visible() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\u{202e}y\u{200b}"), "x\\u{202e}y\\u{200b}");
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(escape_name("a\nb\tc.md"), "a\\u{a}b\\u{9}c.md");
    }

    #[test]
    fn neutralizing_keeps_every_offset() {
        let source = "a\u{1b}b\u{85}c\u{202e}d\re\r\nf\u{2066}\t";
        let shown = neutralize(source);
        assert_eq!(shown.len(), source.len());
        assert_eq!(shown, "a?b¿c\u{FFFD}d\ne\r\nf\u{FFFD}\t");
        assert!(matches!(neutralize("clean\ntext"), Cow::Borrowed(_)));
    }
}
