//! `missing-commands`: the validation section holds no command.

use super::validation;
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// The section meant for validation commands holds none.
    ///
    /// ## What it finds
    /// A validation section (feature-plan's `## Validation Commands`, export-plan's
    /// `## Testing Plan`, as the ruleset says) with content but no command: no inline code in
    /// a list item and no line of a shell code block. An empty section is `empty-section`.
    ///
    /// ## Why it matters
    /// The implementing agent proves its work by running these commands. Prose such as "run
    /// the tests" leaves it to guess which tests, from where, with what tool.
    ///
    /// ## Example
    /// ```markdown
    /// ## Validation Commands
    /// Run the test suite and check the page by hand.
    /// ```
    /// fails with "`## Validation Commands` holds no command". This passes:
    /// ```markdown
    /// ## Validation Commands
    /// - `cd app/server && uv run pytest` - run the server tests
    /// ```
    pub MISSING_COMMANDS, "missing-commands", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let Some((doc, commands)) = validation(checker) else {
        return;
    };
    if !commands.is_empty() {
        return;
    }
    let heading = checker.heading(doc);
    checker.report(
        Diagnostic::new(
            &MISSING_COMMANDS,
            checker.section(doc).heading_span.clone(),
            format!("`{heading}` holds no command"),
        )
        .label("no command in this section")
        .help(
            "list each command as inline code in a list item (- `make test`) or in a ```bash block",
        ),
    );
}
