//! `required-command`: a command the format requires is not among the validation commands.

use super::{satisfies, validation};
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit};

declare_rule! {
    /// A validation command the format requires is missing.
    ///
    /// ## What it finds
    /// A command the ruleset requires in the validation section (feature-plan:
    /// `cd app/server && uv run pytest`; adw-feature: `make test`, `make lint`, `make format`,
    /// `./dev-start.sh`) that no command there starts with, after collapsing whitespace. Extra
    /// arguments are fine (`uv run pytest -x`).
    ///
    /// ## Why it matters
    /// These commands are the project's definition of done; a plan that leaves one out lets
    /// the implementation skip it.
    ///
    /// ## Example
    /// ```markdown
    /// ## Validation Commands
    /// - `npm test`
    /// ```
    /// fails in the feature-plan format with "`## Validation Commands` lacks
    /// `cd app/server && uv run pytest`". This passes:
    /// ```markdown
    /// ## Validation Commands
    /// - `cd app/server && uv run pytest` - run the server tests
    /// - `npm test`
    /// ```
    pub REQUIRED_COMMAND, "required-command", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let (Some(commands), Some((doc, found))) = (&checker.ruleset.commands, validation(checker))
    else {
        return;
    };
    // No command at all is one finding, `missing-commands`, not one per required command.
    if found.is_empty() {
        return;
    }
    let section = checker.section(doc);
    let heading = checker.heading(doc);
    let newline = checker.document.newline();
    let findings: Vec<Diagnostic> = commands
        .required
        .iter()
        .filter(|required| !found.iter().any(|c| satisfies(&c.text, required)))
        .map(|required| {
            let item = format!("- `{required}`{newline}");
            let at = if section.end == checker.document.source.len()
                && !checker.document.source.ends_with(['\n', '\r'])
            {
                format!("{newline}{item}")
            } else {
                item
            };
            Diagnostic::new(
                &REQUIRED_COMMAND,
                section.heading_span.clone(),
                format!("`{heading}` lacks `{required}`"),
            )
            .label("required command missing here")
            .help(format!("add `{required}` to the commands"))
            .fix(
                format!("add `{required}`"),
                vec![Edit::insert(section.end, at)],
            )
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::ruleset::Ruleset;

    fn added(text: &str) -> Vec<String> {
        let ruleset = Ruleset::from_toml(
            "t",
            "t.toml",
            "name = \"t\"\n[[section]]\nname = \"Validation Commands\"\n\
             [commands]\nsection = \"Validation Commands\"\nrequired = [\"make lint\"]\n",
        )
        .unwrap();
        crate::checks::check(&Document::parse(text), &ruleset, None, None)
            .into_iter()
            .filter(|d| d.rule.id == "required-command")
            .flat_map(|d| d.fix.unwrap().edits)
            .map(|edit| edit.replacement)
            .collect()
    }

    #[test]
    fn the_added_command_starts_a_line_of_its_own_once() {
        // Found by the line-ending twins property: after a last line ended by a lone CR, the
        // fix began with one more line ending, a blank line its LF twin did not get.
        for ending in ["\n", "\r\n", "\r"] {
            let text = format!("## Validation Commands{ending}- `make test`{ending}");
            assert_eq!(
                added(&text),
                [format!("- `make lint`{ending}")],
                "{ending:?}"
            );
        }
        let unended = "## Validation Commands\n- `make test`";
        assert_eq!(added(unended), ["\n- `make lint`\n"]);
    }
}
