//! `tests-in-steps`: the tasks include tests.

use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// No task adds or runs tests.
    ///
    /// ## What it finds
    /// In formats that ask for tests throughout the tasks (feature-plan), a task section
    /// with tasks none of which matches the format's test pattern (tests, pytest, e2e, ...).
    ///
    /// ## Why it matters
    /// Tests written at the end, or never, let each step's mistakes pile up; the format asks
    /// the plan to build them with the feature.
    ///
    /// ## Example
    /// Tasks that only add a model, an endpoint and a page warn "no task in `## Step by Step
    /// Tasks` adds or runs tests". A task such as `### Step 3: Add unit tests for the
    /// bookmark service` passes.
    pub TESTS_IN_STEPS, "tests-in-steps", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let Some(commands) = &checker.ruleset.commands else {
        return;
    };
    let (Some(steps), Some(tests)) = (
        commands.steps.and_then(|s| checker.alignment.first(s)),
        &commands.tests,
    ) else {
        return;
    };
    let section = checker.section(steps);
    if section.children.is_empty() || tests.is_match(checker.document.scanned(&section.content())) {
        return;
    }
    let heading = checker.heading(steps);
    checker.report(
        Diagnostic::new(
            &TESTS_IN_STEPS,
            section.heading_span.clone(),
            format!("no task in `{heading}` adds or runs tests"),
        )
        .label("no tests in these tasks")
        .help("add tests in the steps that build the feature, not only at the end"),
    );
}
