//! `planlint init`: a starter `planlint.toml` for the plans already in a repository.
//!
//! Every Markdown file under the current directory (gitignore-aware) whose format is detected
//! is taken for a plan. The folders holding plans become `include` globs, and a folder whose
//! plans all share one format gets a `[[match]]` for it, so that a plan too broken to be
//! detected is still held to its folder's format. Then the plans are linted with the new
//! configuration and what fails is listed, rule by rule, with the lines that would relax a
//! rule left commented out: whether to relax is the team's decision, not planlint's.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::{EXIT_FAILURE, EXIT_OK};
use crate::config::CONFIG_FILES;
use crate::document::Document;
use crate::files::{self, Input};
use crate::lint;
use crate::project::{Overrides, Projects};
use crate::read;
use crate::rules::Severity;
use crate::ruleset::select::{self, Selection};

/// Markdown files looked at, at most: a repository with more is not a plans folder.
const MAX_FILES: usize = 20_000;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Replace an existing planlint.toml
    #[arg(long)]
    force: bool,
}

pub fn run(args: &InitArgs) -> io::Result<i32> {
    let cwd = std::env::current_dir()?;
    let target = cwd.join(CONFIG_FILES[0]);
    let existing: Vec<&str> = CONFIG_FILES
        .iter()
        .copied()
        .filter(|name| cwd.join(name).exists())
        .collect();
    if !existing.is_empty() && !args.force {
        eprintln!(
            "planlint: error: {} already exists here; pass --force to replace it",
            existing.join(" and ")
        );
        return Ok(EXIT_FAILURE);
    }
    let plans = find_plans(&cwd);
    let text = config_text(&plans, &[]);
    std::fs::write(&target, &text)?;
    let failing = failing_rules(&lint_with_new_config(&cwd, &plans));
    if !failing.is_empty() {
        std::fs::write(&target, config_text(&plans, &failing))?;
    }
    report(&mut io::stderr().lock(), &plans, &failing)?;
    Ok(EXIT_OK)
}

/// A plan found: its path relative to the current directory and its detected format.
struct Plan {
    path: String,
    format: String,
}

/// Markdown files whose format is detected, in path order.
fn find_plans(cwd: &Path) -> Vec<Plan> {
    let builtin = select::builtin_candidates();
    let walker = files::walker(cwd)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    walker
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
        .take(MAX_FILES)
        .filter_map(|entry| {
            let plan = read::read_plan(entry.path(), cwd, read::DEFAULT_MAX_FILE_SIZE).ok()?;
            let document = Document::parse(&plan.text);
            let Selection::Chosen { ruleset, .. } = select::select(&document, &builtin, None, None)
            else {
                return None;
            };
            let path = entry.path().strip_prefix(cwd).ok()?;
            Some(Plan {
                path: path.to_string_lossy().replace('\\', "/"),
                format: ruleset.id.clone(),
            })
        })
        .collect()
}

/// The folders holding plans (a folder inside another one listed is left out), each with
/// its plans' formats and how many.
fn folders(plans: &[Plan]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut folders: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for plan in plans {
        let folder = plan.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        *folders
            .entry(folder.to_string())
            .or_default()
            .entry(plan.format.clone())
            .or_default() += 1;
    }
    let tops: Vec<String> = folders
        .keys()
        .filter(|folder| {
            !folders
                .keys()
                .any(|other| other != *folder && is_inside(folder, other))
        })
        .cloned()
        .collect();
    let mut merged: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (folder, formats) in folders {
        let top = tops
            .iter()
            .find(|top| folder == **top || is_inside(&folder, top))
            .cloned()
            .unwrap_or(folder);
        for (format, count) in formats {
            *merged
                .entry(top.clone())
                .or_default()
                .entry(format)
                .or_default() += count;
        }
    }
    merged
}

fn is_inside(folder: &str, other: &str) -> bool {
    other.is_empty() || folder.starts_with(&format!("{other}/"))
}

fn glob(folder: &str) -> String {
    match folder {
        "" => "*.md".to_string(),
        folder => format!("{folder}/**/*.md"),
    }
}

/// The configuration, as TOML with comments; `failing` (rule, findings) become commented
/// severity lines.
fn config_text(plans: &[Plan], failing: &[(String, usize)]) -> String {
    let folders = folders(plans);
    let mut text = String::from(
        "# planlint configuration, written by `planlint init`.\n\
         # Keys: https://github.com/planlint/planlint#configure\n\n",
    );
    if folders.is_empty() {
        text.push_str(
            "# No plans were found; planlint lints `specs/**/*.md` until you say otherwise:\n\
             # include = [\"specs/**/*.md\"]\n",
        );
    } else {
        let globs: Vec<String> = folders.keys().map(|f| format!("{:?}", glob(f))).collect();
        text.push_str(&format!(
            "# The folders that hold plans.\ninclude = [{}]\n",
            globs.join(", ")
        ));
    }
    for (folder, formats) in &folders {
        let summary: Vec<String> = formats
            .iter()
            .map(|(format, count)| format!("{count} {format}"))
            .collect();
        text.push_str(&format!("\n# {}: {}\n", glob(folder), summary.join(", ")));
        if let [(format, _)] = formats.iter().collect::<Vec<_>>()[..] {
            text.push_str(&format!(
                "[[match]]\nfiles = [{:?}]\nruleset = {format:?}\n",
                glob(folder)
            ));
        }
    }
    if !failing.is_empty() {
        text.push_str(
            "\n# Rules the plans fail today, with how many errors. Uncomment a line to make a\n\
             # rule a warning while the plans are fixed, or \"off\" where the team disagrees.\n\
             # [severity]\n",
        );
        for (rule, count) in failing {
            let line = format!("{rule} = \"warning\"");
            text.push_str(&format!("# {line:<32} # {count}\n"));
        }
    }
    text
}

/// The rule ids of the errors found in each plan, linted with the configuration just written.
fn lint_with_new_config(cwd: &Path, plans: &[Plan]) -> Vec<Vec<&'static str>> {
    let mut projects = Projects::new(Overrides::default(), cwd.to_path_buf());
    let inputs: Vec<(Input, usize)> = plans
        .iter()
        .filter_map(|plan| {
            let path: PathBuf = cwd.join(&plan.path);
            let project = projects.for_dir(path.parent()?)?;
            let input = Input {
                display: plan.path.clone(),
                path,
                named: false,
            };
            Some((input, project))
        })
        .collect();
    let linters: Vec<_> = projects.list.iter().map(|p| p.linter()).collect();
    lint::lint_all(&linters, &inputs, |linted| {
        linted
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule.id)
            .collect()
    })
}

/// Rules with error findings, and how many, most first.
fn failing_rules(errors: &[Vec<&'static str>]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for rule in errors.iter().flatten() {
        *counts.entry(rule).or_default() += 1;
    }
    let mut failing: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(r, c)| (r.to_string(), c))
        .collect();
    failing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    failing
}

fn report(out: &mut dyn Write, plans: &[Plan], failing: &[(String, usize)]) -> io::Result<()> {
    writeln!(
        out,
        "planlint: wrote {} for {} plan{}.",
        CONFIG_FILES[0],
        plans.len(),
        if plans.len() == 1 { "" } else { "s" }
    )?;
    if failing.is_empty() {
        if !plans.is_empty() {
            writeln!(out, "planlint: every plan passes.")?;
        }
        return Ok(());
    }
    writeln!(out, "planlint: the plans fail these rules today:")?;
    for (rule, count) in failing {
        writeln!(out, "  {rule:<22} {count}")?;
    }
    writeln!(
        out,
        "planlint: run `planlint` to see them; `planlint rules RULE` explains one. The \
         configuration lists them, commented out, to relax while the plans are fixed."
    )
}
