//! Heading text as plans really write it, reduced to what a ruleset compares.
//!
//! Real plans decorate headings: `## 3. Goals`, `### 2.1 Current Flow`,
//! `### ~~Step 1: Build it~~ ✅ **COMPLETED**`, `## **Notes**`, emoji. The decoration says
//! something about progress, not about which section it is, so it is removed before comparing.

use std::borrow::Cow;

/// A heading reduced for display and for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingText {
    /// Decimal numbering in front of the text (`2.1` in `### 2.1 Current Flow`).
    pub number: Option<Vec<u32>>,
    /// Markup, emoji and trailing status removed; case kept, numbering kept.
    pub text: String,
    /// What rulesets compare: `text` without numbering, lowercased, `&` spelled `and`, hyphens
    /// and underscores as spaces, whitespace collapsed, a trailing colon dropped.
    pub key: String,
}

impl HeadingText {
    pub fn new(raw: &str) -> Self {
        let text = collapse_whitespace(&strip_status(&strip_markup(&strip_comments(raw))));
        let (number, rest) = split_number(&text);
        Self {
            number,
            key: key(rest),
            text,
        }
    }
}

/// The comparison key of a name written in a ruleset (the same folding as a heading's).
pub fn key(text: &str) -> String {
    match text.is_ascii() {
        true => ascii_key(text),
        false => unicode_key(text),
    }
}

fn unicode_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut space = false;
    let push = |out: &mut String, c: char, space: &mut bool| {
        if std::mem::take(space) && !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    };
    for c in text.chars() {
        match c {
            '&' => {
                space = true;
                "and".chars().for_each(|c| push(&mut out, c, &mut space));
                space = true;
            }
            '-' | '_' => space = true,
            c if c.is_whitespace() => space = true,
            c if c.is_ascii() => push(&mut out, c.to_ascii_lowercase(), &mut space),
            c => c.to_lowercase().for_each(|c| push(&mut out, c, &mut space)),
        }
    }
    let end = out.trim_end_matches(':').trim_end().len();
    out.truncate(end);
    out
}

/// The ASCII bytes `char::is_whitespace` accepts (`u8::is_ascii_whitespace` leaves out the
/// vertical tab).
pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The part of `text` after its last `separator` (ASCII), all of it if there is none. A byte
/// scan: `rsplit_once` and `rfind` set up a searcher per call, and the texts are short.
pub fn last_after(text: &str, separator: u8) -> &str {
    text.bytes()
        .rposition(|b| b == separator)
        .map_or(text, |at| &text[at + 1..])
}

/// `key` of ASCII text, a byte at a time.
fn ascii_key(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len() + 4);
    let mut space = false;
    for &b in text.as_bytes() {
        match b {
            b'&' => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend_from_slice(b"and");
                space = true;
            }
            b'-' | b'_' => space = true,
            b if is_space_byte(b) => space = true,
            _ => {
                if std::mem::take(&mut space) && !out.is_empty() {
                    out.push(b' ');
                }
                out.push(b.to_ascii_lowercase());
            }
        }
    }
    while out.last() == Some(&b':') {
        out.pop();
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Whitespace runs as one space, none at the ends.
pub fn collapse_whitespace(text: &str) -> String {
    // Headings and commands are mostly ASCII and collapsed already: a byte scan tells.
    if text.is_ascii() && is_collapsed(text.as_bytes()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// No whitespace at the ends, and none inside but single spaces.
fn is_collapsed(bytes: &[u8]) -> bool {
    let is_space = |b: &u8| is_space_byte(*b);
    !bytes.first().is_some_and(is_space)
        && !bytes.last().is_some_and(is_space)
        && !bytes
            .windows(2)
            .any(|pair| is_space(&pair[0]) && (pair[0] != b' ' || is_space(&pair[1])))
}

/// Drops HTML comments: a note or a `<!-- planlint-disable-line RULE -->` on a heading's line
/// is not part of its name. An unclosed `<!--` is kept.
fn strip_comments(raw: &str) -> Cow<'_, str> {
    if memchr::memchr(b'<', raw.as_bytes()).is_none() || !raw.contains("<!--") {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find("<!--") {
        let Some(close) = rest[open + 2..].find("-->") else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + 2 + close + 3..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Drops emphasis, strikethrough and code markers, keeps a link's text, unescapes `\x`.
fn strip_markup(raw: &str) -> Cow<'_, str> {
    let marked = |b: &u8| matches!(b, b'\\' | b'*' | b'~' | b'`' | b'[');
    if !raw.as_bytes().iter().any(marked) {
        return Cow::Borrowed(raw);
    }
    // Every marker is ASCII, so byte indices found here are character boundaries.
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (skip, keep) = match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => (1, None),
            b'*' | b'~' | b'`' => (1, None),
            b'[' => match link_end(bytes, i) {
                Some((text_end, after)) => (after - i, Some(i + 1..text_end)),
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&raw[kept..i]);
        if let Some(text) = keep {
            out.push_str(&raw[text]);
        }
        i += skip;
        kept = i;
        // An escaped character is kept as it is, whatever it is.
        if bytes[i - 1] == b'\\' {
            i += 1;
        }
    }
    out.push_str(&raw[kept..]);
    Cow::Owned(out)
}

/// For `[text](dest)` starting at `open`: the index of `]` and the index after `)`.
fn link_end(bytes: &[u8], open: usize) -> Option<(usize, usize)> {
    let close = open + memchr::memchr(b']', &bytes[open..])?;
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let paren = close + 1 + memchr::memchr(b')', &bytes[close + 1..])?;
    Some((close, paren + 1))
}

/// Removes emoji, and cuts trailing status text: an emoji followed by text without lowercase
/// letters (`✅ COMPLETED`, `🧪 PENDING TESTING`), or a trailing all-caps word or two
/// (`**DONE**`, whose bold markers are already gone).
fn strip_status(text: &str) -> Cow<'_, str> {
    let last_word = last_after(text.trim_end(), b' ');
    let plain =
        (text.is_ascii() || !text.chars().any(is_emoji)) && !STATUS_WORDS.contains(&last_word);
    if plain {
        return Cow::Borrowed(text);
    }
    let cut = text
        .char_indices()
        .find(|&(_, c)| is_emoji(c))
        .filter(|&(at, _)| !text[at..].chars().any(char::is_lowercase))
        .map_or(text.len(), |(at, _)| at);
    let mut kept: String = text[..cut].chars().filter(|&c| !is_emoji(c)).collect();
    let trimmed = kept.trim_end();
    if let Some(space) = trimmed.rfind(' ') {
        let last = &trimmed[space + 1..];
        let is_status = last.len() >= 4
            && last.chars().all(|c| c.is_ascii_uppercase() || c == '-')
            && STATUS_WORDS.contains(&last);
        if is_status {
            kept.truncate(space);
        }
    }
    Cow::Owned(kept)
}

/// Status words plans append to headings of finished work. Only these are cut: an all-caps
/// word in general can be a name (`## API`, `## REQ-1 (MUST)`).
const STATUS_WORDS: &[&str] = &[
    "DONE",
    "COMPLETE",
    "COMPLETED",
    "TODO",
    "WIP",
    "BLOCKED",
    "PENDING",
    "TESTING",
    "SKIPPED",
    "DEFERRED",
    "IN-PROGRESS",
    "SUPERSEDED",
    "CANCELLED",
];

/// Pictographs, dingbats and their joiners; enough to cover the status marks plans use
/// (✅ ❌ 🚧 ⏳ 🧪 ⚠️ 🎯) without a Unicode-data dependency.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x2300..=0x23FF       // ⌛ ⏳ ⏩
        | 0x2600..=0x27BF     // ☑ ✅ ✔ ❌ ⚠ dingbats
        | 0x2B00..=0x2BFF     // ⬆ ⭐
        | 0x1F000..=0x1FAFF   // emoji blocks
        | 0xFE0F | 0xFE0E     // variation selectors
        | 0x200D              // zero-width joiner
        | 0x20E3) // keycap
}

/// `2.1 Current Flow` -> ([2, 1], "Current Flow"); `3. Goals` -> ([3], "Goals"); `1) Setup`
/// -> ([1], "Setup"). A bare number (`2026 roadmap`) is text, not numbering.
fn split_number(text: &str) -> (Option<Vec<u32>>, &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut parts = Vec::new();
    let mut dotted = false;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            return (None, text);
        }
        parts.push(text[start..i].parse().unwrap_or(0));
        match bytes.get(i) {
            Some(b'.') => {
                dotted = true;
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
            }
            Some(b')') => {
                dotted = true;
                i += 1;
            }
            _ => {}
        }
        break;
    }
    let rest = &text[i..];
    if !dotted || !(rest.is_empty() || rest.starts_with(' ')) {
        return (None, text);
    }
    (Some(parts), rest.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(raw: &str) -> String {
        HeadingText::new(raw).key
    }

    #[test]
    fn ascii_keys_fold_as_the_general_path_does() {
        for text in [
            "Step by Step Tasks",
            "Q&A",
            "&x",
            "a & b",
            "  Notes: ",
            "x_y-z",
            "A\tB:",
            "a: :",
            "a :",
            "",
        ] {
            assert_eq!(ascii_key(text), unicode_key(text), "{text:?}");
        }
    }

    #[test]
    fn whitespace_collapses_as_split_whitespace_would() {
        for text in [
            "",
            " ",
            "a",
            "cd app && uv run pytest",
            "  cd app\t&&  uv run\npytest ",
            "a\x0bb\x0cc\rd",
            "a \u{a0} b\u{2003}c",
            "x  ",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn numbering_is_split_off() {
        let h = HeadingText::new("2.1 Current Flow");
        assert_eq!(h.number, Some(vec![2, 1]));
        assert_eq!(h.key, "current flow");
        assert_eq!(HeadingText::new("3. Goals").number, Some(vec![3]));
        assert_eq!(HeadingText::new("1) Setup").number, Some(vec![1]));
        assert_eq!(HeadingText::new("2.1. Step").number, Some(vec![2, 1]));
        assert_eq!(HeadingText::new("2026 roadmap").number, None);
        assert_eq!(HeadingText::new("3.5x faster").number, None);
        assert_eq!(key_of("2026 roadmap"), "2026 roadmap");
    }

    #[test]
    fn decorations_are_removed() {
        assert_eq!(
            key_of("~~Step 1: Remove DotMatrix~~ ✅ **COMPLETED**"),
            "step 1: remove dotmatrix"
        );
        assert_eq!(key_of("**Notes**"), "notes");
        assert_eq!(key_of("Step 7: Validate ✅"), "step 7: validate");
        assert_eq!(
            key_of("Step 1: Configure 🧪 **PENDING TESTING**"),
            "step 1: configure"
        );
        assert_eq!(key_of("Rollout Plan **DONE**"), "rollout plan");
        assert_eq!(key_of("🚀 Launch checklist"), "launch checklist");
        assert_eq!(key_of("`Relevant`   Files"), "relevant files");
        assert_eq!(key_of("[Testing](#testing) Strategy"), "testing strategy");
        assert_eq!(
            key_of("User Story <!-- planlint-disable-line heading-level -->"),
            "user story"
        );
        assert_eq!(key_of("Notes <!-- a --> <!-- b -->"), "notes");
        assert_eq!(HeadingText::new(r"2\*3 \\ é \`x\`").text, r"2*3 \ é `x`");
        assert_eq!(HeadingText::new("[é *a*](u) [b] c\\").text, "é *a* [b] c\\");
        assert_eq!(
            HeadingText::new("Notes <!-- unclosed").text,
            "Notes <!-- unclosed"
        );
    }

    #[test]
    fn case_ampersand_and_colon_are_folded() {
        assert_eq!(
            key_of("Assumptions & Constraints"),
            key("assumptions and constraints")
        );
        assert_eq!(key_of("NOTES:"), "notes");
        assert_eq!(key_of("UI/UX Changes"), "ui/ux changes");
        assert_eq!(key_of("REQ-1 (MUST)"), "req 1 (must)");
        assert_eq!(
            key_of("Desired-state requirements"),
            key("Desired State Requirements")
        );
        assert_eq!(key_of("API"), "api");
    }

    #[test]
    fn display_text_keeps_case_and_placeholders() {
        assert_eq!(
            HeadingText::new("Feature: <feature name>").text,
            "Feature: <feature name>"
        );
        assert_eq!(
            HeadingText::new("Plan Spec: [Feature or Task Title]").text,
            "Plan Spec: [Feature or Task Title]"
        );
    }
}
