//! A ruleset's regular expression, compiled when a check first needs it.
//!
//! Compiling every pattern of the eleven built-in rulesets took nine tenths of the time of
//! linting one plan, though a plan uses the patterns of one ruleset only. Built-in patterns
//! are therefore compiled on first use (a test compiles every one of them, so this cannot
//! fail); the patterns of a user's ruleset are compiled as it is loaded, so that a mistake
//! is reported there, pointing into the file.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

pub struct Pattern {
    source: String,
    case_insensitive: bool,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` now.
    pub fn eager(source: &str, case_insensitive: bool) -> Result<Self, regex::Error> {
        let compiled = build(source, case_insensitive)?;
        Ok(Self {
            source: source.to_string(),
            case_insensitive,
            compiled: OnceLock::from(compiled),
        })
    }

    /// Compiles `source`, which is known to be valid, on first use.
    pub fn lazy(source: String, case_insensitive: bool) -> Self {
        Self {
            source,
            case_insensitive,
            compiled: OnceLock::new(),
        }
    }

    /// Compiles the pattern now if it was not yet; the error if it is invalid.
    pub fn force(&self) -> Result<&Regex, regex::Error> {
        if let Some(regex) = self.compiled.get() {
            return Ok(regex);
        }
        let regex = build(&self.source, self.case_insensitive)?;
        Ok(self.compiled.get_or_init(|| regex))
    }
}

fn build(source: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(case_insensitive)
        .build()
}

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.force()
            .expect("lazy patterns are built-in or generated, and tested to compile")
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}
