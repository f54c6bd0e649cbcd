//! `last-step-validates`: the last task runs the validation commands.

use super::commands_in;
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// The last task does not run the validation commands.
    ///
    /// ## What it finds
    /// In formats whose tasks end with validation (feature-plan's `## Step by Step Tasks`),
    /// a last task that neither names the validation section ("Run the Validation Commands")
    /// nor contains one of its commands.
    ///
    /// ## Why it matters
    /// Agents work through the tasks top to bottom and stop after the last one. If it does
    /// not validate, the work is declared done without the tests having run.
    ///
    /// ## Example
    /// ```markdown
    /// ### Step 6: Update the documentation
    /// - Describe the new endpoint in README.md
    /// ```
    /// as the last task warns "the last task does not run the validation commands". This
    /// passes:
    /// ```markdown
    /// ### Step 7: Run the Validation Commands
    /// - Run every command in `Validation Commands` and fix any failure
    /// ```
    pub LAST_STEP_VALIDATES, "last-step-validates", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let Some(commands) = &checker.ruleset.commands else {
        return;
    };
    let Some(steps) = commands.steps.and_then(|s| checker.alignment.first(s)) else {
        return;
    };
    let Some(&last) = checker.section(steps).children.last() else {
        return;
    };
    let validation = checker.spec(commands.section);
    let text = checker
        .document
        .text(&checker.section(last).content())
        .to_lowercase();
    let names_section = checker
        .section(last)
        .heading
        .key
        .contains(&validation.name_key().to_string())
        || text.contains(validation.name_key());
    let runs_a_command = checker.alignment.first(commands.section).is_some_and(|v| {
        commands_in(checker.document, &checker.section(v).content())
            .iter()
            .any(|c| text.contains(&c.text.to_lowercase()))
    });
    if names_section || runs_a_command {
        return;
    }
    let heading = checker.heading(last);
    checker.report(
        Diagnostic::new(
            &LAST_STEP_VALIDATES,
            checker.section(last).heading_span.clone(),
            format!("the last task `{heading}` does not run the validation commands"),
        )
        .label("last task")
        .help(format!(
            "end the tasks with a step that runs the `{}` commands",
            validation.heading()
        )),
    );
}
