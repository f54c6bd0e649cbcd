//! A finding: what was found, where, and how to fix it. Data only; `report` renders it.

use crate::document::Span;
use crate::rules::{Rule, Severity};

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// What was found, and where in words ("`## Notes` is empty").
    pub message: String,
    /// Byte range in the document's source; empty for findings about the whole file.
    pub span: Span,
    /// Text under the primary span in the human report.
    pub label: Option<String>,
    /// Further places that explain the finding (the first of two duplicate sections).
    pub related: Vec<(Span, String)>,
    /// How to fix it, starting with a verb.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

/// A suggested fix: byte-range replacements in the document's source, applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    /// A finding with the rule's default severity; the ruleset's setting applies later.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, message: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix {
            message: message.into(),
            edits,
        });
        self
    }
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(at..at, text)
    }
}
