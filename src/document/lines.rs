//! Byte offsets to the 1-based line and character column that people and editors see.

/// Start offsets of every line, with CommonMark's line endings: `\n`, `\r\n` and a lone `\r`.
///
/// `str::lines()` would miss lone CRs; a CRLF file and its LF twin must report the same lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based position: `column` counts characters (Unicode scalar values), not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\r` of a CRLF ends the line where its `\n` does.
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(at + 1);
        }
        Self { starts }
    }

    /// The 0-based line holding `offset` (an offset past the end is on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte range of the 0-based `line` without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of `offset`. Offsets inside a multi-byte character
    /// or past the end are clamped, so a position is always printable.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str) -> Vec<(usize, usize)> {
        let index = LineIndex::new(text);
        (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .map(|o| {
                let p = index.position(text, o);
                (p.line, p.column)
            })
            .collect()
    }

    #[test]
    fn lf_crlf_and_cr_give_the_same_lines() {
        for text in ["a\nbc\n", "a\r\nbc\r\n", "a\rbc\r"] {
            let index = LineIndex::new(text);
            assert_eq!(index.line_count(), 3, "{text:?}");
            let b = text.find('b').unwrap();
            assert_eq!(index.position(text, b), Position { line: 2, column: 1 });
            assert_eq!(index.position(text, b + 1), Position { line: 2, column: 2 });
            assert_eq!(&text[index.line_range(text, 1)], "bc");
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "é✅x\n";
        let x = text.find('x').unwrap();
        assert_eq!(LineIndex::new(text).position(text, x).column, 3);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 99), Position { line: 1, column: 2 });
        assert_eq!(positions("").len(), 1);
    }
}
