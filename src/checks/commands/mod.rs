//! Validation commands: the commands a plan gives to prove its work, read without running
//! anything.
//!
//! A command is inline code in a list item of the validation section, or a line of a fenced
//! shell block there (`\` continuations joined, comments and prompts dropped).

pub mod last_step_validates;
pub mod missing_commands;
pub mod required_command;
pub mod tests_in_steps;
pub mod unresolvable_command;

use super::Checker;
use crate::document::{Document, Span, starting_in};
use crate::ruleset::normalize_command;

/// A command found in a plan, whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub text: String,
    pub span: Span,
    /// The code block it is a line of (its start offset): the lines of one block run in one
    /// shell, so a `cd` carries over to the next line.
    pub block: Option<usize>,
}

/// Languages of fenced blocks that hold shell commands; an untagged fence counts too.
const SHELL_LANGUAGES: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "zsh",
    "console",
    "shell-session",
    "terminal",
    "fish",
];

/// The commands in `span` of `document`.
pub fn commands_in(document: &Document, span: &Span) -> Vec<Command> {
    let items = starting_in(&document.list_items, span, |i| i.span.start);
    let mut commands: Vec<Command> = starting_in(&document.inline_code, span, |c| c.span.start)
        .iter()
        .filter(|code| {
            items
                .iter()
                .any(|i| i.span.start <= code.span.start && code.span.end <= i.span.end)
        })
        .map(|code| Command {
            text: normalize_command(&code.code),
            span: code.span.clone(),
            block: None,
        })
        .filter(|c| !c.text.is_empty())
        .collect();
    for block in starting_in(&document.code_blocks, span, |c| c.span.start) {
        let language = block
            .info
            .as_deref()
            .and_then(|i| i.split_whitespace().next())
            .unwrap_or("");
        if language.is_empty() || SHELL_LANGUAGES.contains(&language.to_lowercase().as_str()) {
            commands.extend(shell_lines(document, &block.content).into_iter().map(
                |mut command| {
                    command.block = Some(block.span.start);
                    command
                },
            ));
        }
    }
    commands.sort_by_key(|c| c.span.start);
    commands
}

/// The commands of a shell block: continuation lines joined, comments, prompts and blank
/// lines dropped.
fn shell_lines(document: &Document, content: &Span) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut pending: Option<(String, usize)> = None;
    let mut offset = content.start;
    for raw in document.text(content).split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        let line = line.strip_prefix("$ ").unwrap_or(line);
        if pending.is_none() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        let (continued, text) = match line.strip_suffix('\\') {
            Some(head) => (true, head.trim_end()),
            None => (false, line),
        };
        let (mut joined, first) = pending.take().unwrap_or((String::new(), start));
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(text);
        if continued {
            pending = Some((joined, first));
        } else {
            let end = start + raw.trim_end().len();
            commands.push(Command {
                text: normalize_command(&joined),
                span: first..end,
                block: None,
            });
        }
    }
    if let Some((joined, first)) = pending {
        commands.push(Command {
            text: normalize_command(&joined),
            span: first..content.end,
            block: None,
        });
    }
    commands
}

/// The format's validation section as the plan writes it (present, with content), and the
/// commands it holds.
pub fn validation(checker: &Checker<'_>) -> Option<(usize, Vec<Command>)> {
    let section = checker
        .alignment
        .first(checker.ruleset.commands.as_ref()?.section)?;
    let content = checker.section(section).content();
    checker
        .has_content(&content)
        .then(|| (section, commands_in(checker.document, &content)))
}

/// Whether `command` is `required` or `required` with more arguments.
pub fn satisfies(command: &str, required: &str) -> bool {
    command == required
        || command
            .strip_prefix(required)
            .is_some_and(|rest| rest.starts_with(' '))
}

pub fn check(checker: &mut Checker<'_>) {
    missing_commands::check(checker);
    required_command::check(checker);
    last_step_validates::check(checker);
    tests_in_steps::check(checker);
    unresolvable_command::check(checker);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<String> {
        let document = Document::parse(text);
        commands_in(&document, &(0..document.source.len()))
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn inline_code_in_list_items_and_shell_lines_are_commands() {
        let text = "Run these:\n\n- `make  test` - all tests\n- Read `README.md` first\n\nNot `a command`.\n\n```bash\n# comment\n$ cd app/server && \\\n    uv run pytest\nnpm run build\n```\n\n```json\n{\"a\": 1}\n```\n";
        assert_eq!(
            commands(text),
            [
                "make test",
                "README.md",
                "cd app/server && uv run pytest",
                "npm run build"
            ]
        );
    }

    #[test]
    fn required_commands_may_take_more_arguments() {
        assert!(satisfies(
            "cd app/server && uv run pytest",
            "cd app/server && uv run pytest"
        ));
        assert!(satisfies(
            "cd app/server && uv run pytest -x",
            "cd app/server && uv run pytest"
        ));
        assert!(!satisfies(
            "cd app/server && uv run pytestx",
            "cd app/server && uv run pytest"
        ));
        assert!(!satisfies(
            "uv run pytest",
            "cd app/server && uv run pytest"
        ));
    }
}
