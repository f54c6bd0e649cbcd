//! `file-name`: where the plan lives and what it is called.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// The plan's file name or place does not follow its format.
    ///
    /// ## What it finds
    /// A plan whose path in the repository does not match the format's: feature-plan under
    /// `specs/`; adw-feature as `specs/feature-{adw_id}-{descriptive-name}.md` with a
    /// kebab-case name; export-plan as `EXPORT/plan_<feat_name>.md` with a kebab-case slug.
    /// Also a title that repeats part of the name differently: an export plan titled
    /// `# Plan: … (slug)` must be in `EXPORT/plan_slug.md`. Plans outside the repository
    /// root are not checked.
    ///
    /// ## Why it matters
    /// Pipelines find plans by their names: a plan in the wrong folder or with a mangled name
    /// (`issue-NA-adw-NA-.md`) is never picked up, or is picked up for the wrong run.
    ///
    /// ## Example
    /// An adw-feature plan saved as `specs/Agent Tags.md` fails with "file name
    /// `specs/Agent Tags.md` does not match `specs/feature-{adw_id}-{descriptive-name}.md`";
    /// `specs/feature-4f9c2a1e-agent-tags.md` passes.
    pub FILE_NAME, "file-name", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let (Some(rule), Some(path)) = (&checker.ruleset.file_name, checker.path) else {
        return;
    };
    let document = checker.document;
    if !rule.pattern.is_match(path) {
        let span = document
            .title()
            .map_or(0..0, |t| document.sections[t].heading_span.clone());
        checker.report(
            Diagnostic::new(
                &FILE_NAME,
                span,
                format!("file name `{path}` does not match `{}`", rule.expected),
            )
            .label("this plan's file")
            .help(format!("save the plan as `{}`", rule.expected)),
        );
        return;
    }
    let (Some(title), Some(title_rule)) = (document.title(), &checker.ruleset.title) else {
        return;
    };
    let section = &document.sections[title];
    let Some(captures) = title_rule.pattern.captures(&section.heading.text) else {
        return;
    };
    let mismatches: Vec<(String, String, String)> = title_rule
        .pattern
        .capture_names()
        .flatten()
        .filter_map(|name| {
            let in_title = captures.name(name)?.as_str();
            let in_path = rule.group(path, name)?;
            (in_title != in_path)
                .then(|| (name.to_string(), in_title.to_string(), in_path.to_string()))
        })
        .collect();
    for (name, in_title, in_path) in mismatches {
        checker.report(
            Diagnostic::new(
                &FILE_NAME,
                section.text_span.clone(),
                format!("the title's {name} `{in_title}` differs from the file name's `{in_path}`"),
            )
            .label(format!("{name} in the title"))
            .help("make the title and the file name use the same one"),
        );
    }
}
