//! `new-path-exists`: a path the plan gives as new already exists.

use super::{Kind, Target, shown};
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// A file the plan says it will create already exists.
    ///
    /// ## What it finds
    /// Paths in the sections that list new files (feature-plan's `### New Files`,
    /// adw-feature's `### New Files to Create`, any heading naming new files, the `new` rows
    /// of export-plan's impact table) that are already in the repository.
    ///
    /// ## Why it matters
    /// A plan that creates an existing file overwrites it, or was written against an old
    /// tree. After the plan is implemented the files exist, so on finished plans this warns
    /// by design.
    ///
    /// ## Example
    /// ```markdown
    /// ### New Files
    /// - `app/server/server.py` - the API server
    /// ```
    /// warns "`app/server/server.py` already exists". A path that is not yet in the
    /// repository passes.
    pub NEW_PATH_EXISTS, "new-path-exists", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for reference in checker.references() {
        let Target::Repo {
            path,
            exists: Some(true),
            glob: false,
            ..
        } = &reference.target
        else {
            continue;
        };
        if reference.kind != Kind::New {
            continue;
        }
        findings.push(
            Diagnostic::new(
                &NEW_PATH_EXISTS,
                reference.span.clone(),
                format!("`{}` already exists", reference.written),
            )
            .label(format!("`{}` is in the repository", shown(path)))
            .help("list it among the files to modify, or give the new file another path"),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}
