//! `planlint template ID`: the plan a ruleset describes, written out with placeholders, to
//! paste into an agent's prompt. It is made from the same data that lints the plans, so the
//! two cannot drift apart: linting the template reports its placeholders and nothing else.
//!
//! Every section is written in order at its level, repeated sections as many times as the
//! format requires (at least once), with a body that meets the section's demands: the
//! example sentence, a task list, the table's columns, the fenced block, labelled steps, the
//! required commands, metadata keys. A section's `template` key in the ruleset gives its body
//! outright. Placeholders take the form the format's placeholder patterns recognise, so that
//! one left in a plan is reported.

use std::fmt::Write;

use crate::ruleset::{PathKind, Placement, Ruleset, SectionId, SectionSpec};

/// The template of `ruleset`, as Markdown.
pub fn render(ruleset: &Ruleset) -> String {
    let mut writer = Template {
        ruleset,
        out: String::new(),
    };
    writer.head();
    for &id in &ruleset.roots {
        writer.section(id);
    }
    writer.out.trim_end().to_string() + "\n"
}

struct Template<'a> {
    ruleset: &'a Ruleset,
    out: String,
}

impl Template<'_> {
    fn head(&mut self) {
        let preamble = self.ruleset.preamble.as_ref();
        let lines = |placement| {
            preamble
                .filter(|p| p.placement == placement)
                .map(|p| {
                    p.lines
                        .iter()
                        .map(|l| l.expected.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        for line in lines(Placement::BeforeTitle) {
            self.line(&line);
        }
        let title = match &self.ruleset.title {
            Some(title) => title.expected.clone(),
            None => format!("# {}", self.placeholder("the title")),
        };
        self.line(&title);
        let after = lines(Placement::AfterTitle);
        if !after.is_empty() {
            self.line("");
            for line in after {
                self.line(&line);
            }
        }
        self.line("");
    }

    fn section(&mut self, id: SectionId) {
        let spec = &self.ruleset.sections[id];
        let copies = if spec.repeat {
            // A section's `min-items` counts its steps when it has them.
            let parent_min = spec
                .parent
                .and_then(|p| self.ruleset.sections[p].content.min_items);
            spec.min.max(parent_min.unwrap_or(0)).max(1)
        } else {
            1
        };
        for copy in 1..=copies {
            let name = numbered(&spec.name, copy);
            self.line(&format!("{} {name}", "#".repeat(spec.level as usize)));
            if !spec.required {
                self.line("<!-- optional: remove this section if it does not apply -->");
            }
            let last = copy == copies && self.is_last_task(id);
            let body = self.body(id, spec, &name, last);
            if !body.is_empty() {
                self.out.push_str(&body);
            }
            self.line("");
            for &child in &spec.children {
                self.section(child);
            }
        }
    }

    /// Whether `id` is the last of the tasks, which must run the validation commands.
    fn is_last_task(&self, id: SectionId) -> bool {
        let ruleset = self.ruleset;
        ruleset
            .commands
            .as_ref()
            .and_then(|c| c.steps)
            .is_some_and(|steps| ruleset.sections[steps].children.last() == Some(&id))
    }

    fn body(&self, id: SectionId, spec: &SectionSpec, name: &str, last_task: bool) -> String {
        if let Some(body) = &spec.template {
            return format!("{}\n", body.trim_end());
        }
        let ruleset = self.ruleset;
        let mut body = String::new();
        if let Some(metadata) = ruleset.metadata.as_ref().filter(|m| m.section == id) {
            for field in &metadata.fields {
                let _ = writeln!(body, "{}: {}", field.key, self.placeholder(&field.key));
            }
            return body;
        }
        if let Some(commands) = ruleset.commands.as_ref().filter(|c| c.section == id) {
            let required = &commands.required;
            if required.is_empty() {
                let _ = writeln!(body, "- `{}`", self.placeholder("a command that validates"));
            }
            for command in required {
                let _ = writeln!(
                    body,
                    "- `{command}` - {}",
                    self.placeholder("what it checks")
                );
            }
            return body;
        }
        let content = &spec.content;
        let what = match spec.repeat {
            true => format!("this {}", first_word(&spec.name)),
            false => format!("the {}", subject(name)),
        };
        let steps = spec.children.iter().any(|&c| ruleset.sections[c].repeat);
        if let Some(text) = &content.text {
            let _ = writeln!(body, "{}", text.example);
        }
        if let Some(items) = &content.items {
            let _ = writeln!(body, "- {}", items.example);
        }
        if let Some(table) = &content.table {
            let _ = writeln!(body, "| {} |", table.columns.join(" | "));
            let _ = writeln!(body, "|{}", " --- |".repeat(table.columns.len()));
            let cells: Vec<String> = table
                .columns
                .iter()
                .map(|column| {
                    let allowed = table.values.iter().find(|(c, _)| c == column);
                    match allowed.and_then(|(_, values)| values.first()) {
                        Some(value) => value.clone(),
                        None => self.placeholder(&format!("the {}", column.to_lowercase())),
                    }
                })
                .collect();
            let _ = writeln!(body, "| {} |", cells.join(" | "));
        }
        if let Some(fence) = &content.fence {
            let start = fence.starts.first().map_or("", String::as_str);
            let _ = writeln!(body, "```{}\n{start}\n```", fence.language);
        }
        // Labels are carried by the steps of the section that demands them.
        let labels = match spec.parent {
            Some(parent) if spec.repeat => &ruleset.sections[parent].content.labels,
            _ if steps => &[][..],
            _ => &content.labels[..],
        };
        for label in labels {
            let _ = writeln!(
                body,
                "**{}:** {}",
                label.name,
                self.placeholder(&format!("the {}", label.name.to_lowercase()))
            );
        }
        for mention in &content.mentions {
            let _ = writeln!(body, "- {}", self.placeholder(&mention.example));
        }
        let items = match steps {
            true => 0,
            false => content.min_items.unwrap_or(0),
        }
        .max(usize::from(content.task_list));
        for _ in 0..items.saturating_sub(usize::from(content.items.is_some())) {
            let task = if content.task_list { "[ ] " } else { "" };
            let _ = writeln!(body, "- {task}{}", self.placeholder(&what));
        }
        match spec.paths {
            Some(PathKind::Existing) => {
                let _ = writeln!(
                    body,
                    "- {}",
                    self.placeholder("a file to read or change, and why")
                );
            }
            Some(PathKind::New) => {
                let _ = writeln!(
                    body,
                    "- {}",
                    self.placeholder("a file to create, and what it holds")
                );
            }
            None => {}
        }
        let says_enough = !body.is_empty();
        let has_children = !spec.children.is_empty();
        if !says_enough && !has_children && !spec.allow_empty {
            let _ = writeln!(body, "{}", self.placeholder(&what));
        }
        if self.in_tasks(id) {
            let _ = writeln!(
                body,
                "- {}",
                self.placeholder("the step, and the tests it adds")
            );
        }
        if last_task {
            let validation = ruleset
                .commands
                .as_ref()
                .map(|c| ruleset.sections[c.section].name.clone())
                .unwrap_or_default();
            let _ = writeln!(body, "- Run the {validation} to validate the work.");
        }
        body
    }

    /// Whether `id` is one of the tasks (a subsection of the commands' steps section).
    fn in_tasks(&self, id: SectionId) -> bool {
        let steps = self.ruleset.commands.as_ref().and_then(|c| c.steps);
        steps.is_some() && self.ruleset.sections[id].parent == steps
    }

    /// A placeholder for `what`, in the first form the format's placeholder patterns catch
    /// (`<describe the notes>`, `[Describe the notes]`, `{describe the notes}`).
    fn placeholder(&self, what: &str) -> String {
        let what = what.trim_start_matches("describe ");
        let candidates = [
            format!("<describe {what}>"),
            format!("[Describe {what}]"),
            format!("{{describe {what}}}"),
        ];
        let caught = |candidate: &String| {
            let line = format!("- {candidate}");
            self.ruleset
                .placeholders
                .iter()
                .any(|p| p.pattern.is_match(&line))
        };
        candidates
            .iter()
            .find(|c| caught(c))
            .unwrap_or(&candidates[0])
            .clone()
    }

    fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }
}

/// What a section is about, for its placeholder: `Phase 1: Foundation` -> `foundation`,
/// `The Core Problem` -> `core problem`.
fn subject(name: &str) -> String {
    let name = name
        .rsplit_once(':')
        .map_or(name, |(_, after)| after)
        .trim();
    let name = name.to_lowercase();
    name.strip_prefix("the ").unwrap_or(&name).to_string()
}

/// The first word of a section's name, without placeholder brackets: `<task>` -> `task`.
fn first_word(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or(name)
        .trim_matches(['<', '>', '[', ']'])
        .to_lowercase()
}

/// A repeated section's name with its number: `Step N: <step>` -> `Step 1: <step>`.
fn numbered(name: &str, number: usize) -> String {
    name.split(' ')
        .map(|word| match word.strip_suffix(':').unwrap_or(word) {
            "N" => word.replacen('N', &number.to_string(), 1),
            _ => word.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_name_what_a_section_is_about() {
        assert_eq!(subject("Phase 1: Foundation"), "foundation");
        assert_eq!(subject("The Core Problem"), "core problem");
        assert_eq!(subject("Notes"), "notes");
    }

    #[test]
    fn repeated_sections_are_numbered() {
        assert_eq!(numbered("Step N: <step>", 2), "Step 2: <step>");
        assert_eq!(numbered("Phase N", 1), "Phase 1");
        assert_eq!(numbered("<task>", 1), "<task>");
        assert_eq!(numbered("No Numbers", 1), "No Numbers");
    }
}

#[cfg(test)]
mod lint_tests {
    use crate::config::Config;
    use crate::lint::Linter;
    use crate::repo::Repository;
    use crate::ruleset::{Builtin, builtins};

    /// The findings of linting each built-in ruleset's template with that ruleset.
    fn findings() -> Vec<(String, Vec<(String, String)>)> {
        let dir = std::env::temp_dir();
        let repo = Repository::new(dir.clone(), Vec::new());
        let config = Config::defaults(&dir);
        builtins()
            .iter()
            .map(Builtin::ruleset)
            .map(|ruleset| {
                let mut linter = Linter::with_builtins(&repo, &config);
                linter.forced = Some(ruleset);
                let linted = linter.lint_text("template.md", None, &super::render(ruleset));
                let found = linted
                    .diagnostics
                    .iter()
                    .map(|d| (d.rule.id.to_string(), d.message.clone()))
                    .collect();
                (ruleset.id.clone(), found)
            })
            .collect()
    }

    #[test]
    fn a_template_lints_with_only_its_placeholders() {
        for (id, found) in findings() {
            let others: Vec<_> = found
                .iter()
                .filter(|(rule, _)| rule != "placeholder")
                .collect();
            assert!(others.is_empty(), "{id}: {others:?}");
            assert!(
                !found.is_empty(),
                "{id}: the template's placeholders are reported"
            );
        }
    }
}
