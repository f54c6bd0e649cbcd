//! The command line: `planlint [check] [PATH|GLOB...]`, `planlint rules [RULE]`,
//! `planlint rulesets`.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::files;
use crate::init::{self, InitArgs};
use crate::lint::{self, Linter};
use crate::project::{Overrides, Project, ProjectError, Projects};
use crate::report::{self, FileOutput, Format, Style};
use crate::rules;
use crate::ruleset;
use crate::template;

/// Exit status: no errors (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit status: lint errors found.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, configuration, ruleset or I/O error; something could not be checked.
pub const EXIT_FAILURE: i32 = 2;

/// Width of the human report when stdout is not a terminal.
const DEFAULT_WIDTH: usize = 100;

const EXAMPLES: &str = "\
Examples:
  planlint                              lint specs/**/*.md under the current directory
  planlint check specs/feature-x.md     lint one plan
  planlint check docs/plans 'plans/**/*.md'
  planlint check --format json specs/   machine-readable findings
  planlint check --ruleset staged-spec docs/specs/plan.md
  planlint check -v specs/              also say which configuration and format each plan got
  planlint rules missing-section        what a rule finds, why, and an example
  planlint rulesets                     the plan formats: the team's and the built-ins
  planlint template feature-plan        the plan a format describes, to paste into a prompt
  planlint init                         write a planlint.toml for the plans already here

Configuration: the nearest planlint.toml, .planlint.toml or pyproject.toml [tool.planlint]
above each plan, within its repository (see the README's \"Configure\").

Exit status: 0 no errors, 1 lint errors found, 2 usage, configuration, ruleset or I/O error.";

#[derive(Debug, Parser)]
#[command(
    name = "planlint",
    version,
    about = "Lint the Markdown feature plans that AI coding agents write",
    long_about = "Lint the Markdown feature plans that AI coding agents write.\n\n\
        planlint checks each plan against its format (detected from its title and headings, \
        or chosen by the configuration or --ruleset): required sections, their order and \
        levels, leftover placeholders and template text, the shape of each section, \
        validation commands; and against its repository: paths that do not exist or leave it, \
        commands it cannot run. Nothing is executed. Findings point at the exact place, with \
        a hint.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint plans (the default when no command is given)
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// List the rules, or explain one: what it finds, why it matters, an example
    Rules {
        /// A rule id, such as `missing-section`
        rule: Option<String>,
    },
    /// List the rulesets (plan formats): the team's (the configuration's rulesets-dir) and
    /// the built-ins
    Rulesets(ProjectArgs),
    /// Show a ruleset
    Ruleset {
        #[command(subcommand)]
        command: RulesetCommand,
    },
    /// Print the plan a ruleset describes, with its placeholders, to paste into an agent's
    /// prompt; linting it reports only the placeholders
    Template {
        /// A ruleset id (see `planlint rulesets`) or a ruleset file
        #[arg(value_name = "ID|FILE")]
        ruleset: String,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Write a starter planlint.toml for the plans of this repository
    Init(InitArgs),
    /// Print a shell completion script: `planlint completions bash > /etc/bash_completion.d/planlint`
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `planlint man > ~/.local/share/man/man1/planlint.1`
    Man,
    /// Run a language server on stdio: diagnostics on open, change and save
    Lsp,
}

#[derive(Debug, Subcommand)]
enum RulesetCommand {
    /// Print a ruleset as TOML with `extends` applied: everything a plan is held to
    Show {
        /// A ruleset id (see `planlint rulesets`) or a ruleset file
        #[arg(value_name = "ID|FILE")]
        ruleset: String,
        #[command(flatten)]
        project: ProjectArgs,
    },
}

/// Which configuration applies (the team's rulesets come from it).
#[derive(Debug, Args)]
struct ProjectArgs {
    /// Use this configuration file [default: the nearest planlint.toml, .planlint.toml or
    /// pyproject.toml with [tool.planlint] above each plan]
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file: built-in defaults and flags only
    #[arg(long)]
    isolated: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, directories (walked for Markdown, honouring .gitignore), quoted globs, or `-`
    /// for standard input [default: the configuration's `include`, specs/**/*.md]
    #[arg(value_name = "PATH|GLOB")]
    paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lint every file with this ruleset: a built-in id (see `planlint rulesets`) or a TOML
    /// file [default: detected per file, or a `<!-- planlint ruleset=ID -->` pin]
    #[arg(long, value_name = "ID|FILE")]
    ruleset: Option<String>,
    /// Repository root, which paths in plans are checked against and never leave [default:
    /// the configuration's `root`, else the top of the repository (.git) holding the plan's
    /// configuration or the plan, else the current directory]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// A sub-project directory that plans give paths relative to (`apps/Server`); may be
    /// repeated. Directories with their own package.json, pyproject.toml, Cargo.toml, ... are
    /// found without it
    #[arg(long = "path-base", value_name = "DIR")]
    path_bases: Vec<String>,
    /// When to colour the human report
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    project: ProjectArgs,
    /// Apply the configuration's `exclude` to files named on the command line too (for
    /// pre-commit hooks, which name every changed file)
    #[arg(long)]
    force_exclude: bool,
    /// Say which configuration and which ruleset each plan got, and why (on stderr)
    #[arg(short, long)]
    verbose: bool,
    /// The name of the plan read from standard input (`-`, or no paths): it picks the
    /// configuration and the ruleset and places the plan in the repository; the file is
    /// never opened
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with status 1 when there are warnings, not only errors
    #[arg(long)]
    deny_warnings: bool,
    /// Print the findings only: no summary, no "no plans to lint" warning
    #[arg(short, long)]
    quiet: bool,
    /// Print how many findings each rule has, instead of the findings (human, compact, json)
    #[arg(long)]
    statistics: bool,
    /// How many plans to lint at once [default: one per CPU core]
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

/// Runs planlint with `args`; returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    let result = match cli.command {
        Some(Command::Check(args)) => check(args),
        None => check(cli.check),
        Some(Command::Rules { rule }) => explain_rules(rule.as_deref()),
        Some(Command::Rulesets(project)) => list_rulesets(&project),
        Some(Command::Ruleset {
            command: RulesetCommand::Show { ruleset, project },
        }) => show_ruleset(&ruleset, &project),
        Some(Command::Template { ruleset, project }) => print_template(&ruleset, &project),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "planlint", &mut io::stdout());
            Ok(EXIT_OK)
        }
        Some(Command::Man) => clap_mangen::Man::new(Cli::command())
            .render(&mut io::stdout())
            .map(|()| EXIT_OK),
        Some(Command::Lsp) => crate::lsp::run(),
    };
    result.unwrap_or_else(|error| {
        // Output closed early (`planlint rules | head`) is not an error worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("planlint: {error}");
        }
        EXIT_FAILURE
    })
}

fn check(args: CheckArgs) -> io::Result<i32> {
    let cwd = std::env::current_dir()?;
    if args.statistics && !matches!(args.format, Format::Human | Format::Compact | Format::Json) {
        eprintln!("planlint: error: --statistics works with the human, compact and json formats");
        return Ok(EXIT_FAILURE);
    }
    // As in ruff, `--stdin-filename` alone also means standard input.
    let dash = args.paths.iter().any(|p| p == "-");
    let stdin = dash || (args.stdin_filename.is_some() && args.paths.is_empty());
    if dash && args.paths.len() > 1 {
        eprintln!("planlint: error: `-` (standard input) cannot be mixed with paths");
        return Ok(EXIT_FAILURE);
    }
    if args.stdin_filename.is_some() && !stdin {
        eprintln!("planlint: error: --stdin-filename names the plan read from `-`, not paths");
        return Ok(EXIT_FAILURE);
    }
    if let Some(threads) = args.threads {
        // Only fails when the pool was already built, which `check` runs before.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.get())
            .build_global();
    }
    let mut projects = Projects::new(
        Overrides {
            config: args.project.config.clone(),
            isolated: args.project.isolated,
            root: args.root.clone(),
            path_bases: args.path_bases.clone(),
            ruleset: args.ruleset.clone(),
        },
        cwd.clone(),
    );
    let style = style(&args);
    let mut run = if stdin {
        lint_stdin(&args, &mut projects, &cwd, style)
    } else {
        lint_files(&args, &mut projects, &cwd, style)
    };
    if !projects.errors.is_empty() {
        run.failed = true;
        print_errors(&mut projects, &cwd);
    }
    if args.verbose {
        for (display, project, output) in &run.linted {
            let origin = project
                .and_then(|p| projects.list[p].config.origin.as_ref())
                .map_or_else(
                    || "none".to_string(),
                    |o| o.strip_prefix(&cwd).unwrap_or(o).display().to_string(),
                );
            eprintln!(
                "planlint: {display}: {}; configuration: {origin}",
                output.choice
            );
        }
    }
    let outputs: Vec<FileOutput> = run.linted.into_iter().map(|(_, _, o)| o).collect();
    let summary = report::Summary {
        not_checked: run.not_checked,
        errors_above: run.failed,
        ..report::Summary::of(&outputs)
    };
    let mut report = Vec::new();
    report::write(args.format, style, &outputs, summary, &mut report)?;
    match &args.output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, &report) {
                eprintln!(
                    "planlint: error: cannot write the report to {}: {error}",
                    path.display()
                );
                return Ok(EXIT_FAILURE);
            }
        }
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&report)?;
            stdout.flush()?;
        }
    }
    let warnings_fail = args.deny_warnings && summary.warnings > 0;
    Ok(if run.failed || summary.failed > 0 {
        EXIT_FAILURE
    } else if summary.errors > 0 || warnings_fail {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What a run linted: (name, project, output) per plan, in order.
struct Run {
    linted: Vec<(String, Option<usize>, FileOutput)>,
    /// Plans whose configuration could not be set up.
    not_checked: usize,
    /// Something could not be checked: exit status 2.
    failed: bool,
}

fn lint_files(args: &CheckArgs, projects: &mut Projects, cwd: &Path, style: Style) -> Run {
    let defaulted = args.paths.is_empty();
    let arguments = if defaulted {
        included(projects, cwd)
    } else {
        args.paths.clone()
    };
    let (found, unmatched) = files::collect(&arguments, cwd, &mut |dir| {
        projects.for_dir(dir).map_or_else(
            || dir.to_path_buf(),
            |p| projects.list[p].repo.root().to_path_buf(),
        )
    });
    let mut failed = false;
    for no_match in &unmatched {
        if !defaulted {
            eprintln!("planlint: error: `{}` matches no file", no_match.pattern);
            failed = true;
        } else if !args.quiet {
            eprintln!(
                "planlint: warning: no plans to lint: `{}` matches no file under {} (pass paths to lint other files)",
                no_match.pattern,
                cwd.display()
            );
        }
    }
    let mut inputs = Vec::with_capacity(found.len());
    let mut not_checked = 0;
    for input in found {
        let dir = input.path.parent().unwrap_or(cwd).to_path_buf();
        let Some(project) = projects.for_dir(&dir) else {
            not_checked += 1;
            continue;
        };
        let config = &projects.list[project].config;
        let excluded = (!input.named || args.force_exclude)
            && input
                .path
                .strip_prefix(&config.dir)
                .is_ok_and(|relative| config.excludes(relative));
        if !excluded {
            inputs.push((input, project));
        }
    }
    for project in inputs.iter().map(|&(_, p)| p).collect::<BTreeSet<_>>() {
        projects.list[project].repo.prefetch_index();
    }
    let linters: Vec<Linter> = projects.list.iter().map(Project::linter).collect();
    let outputs = lint::lint_all(&linters, &inputs, |linted| {
        report::render_file(args.format, style, linted)
    });
    Run {
        linted: inputs
            .into_iter()
            .zip(outputs)
            .map(|((input, project), output)| (input.display, Some(project), output))
            .collect(),
        not_checked,
        failed,
    }
}

/// `planlint check -`: the plan on standard input, named by `--stdin-filename` (never
/// opened: the name picks the configuration and ruleset and places the plan in the
/// repository).
fn lint_stdin(args: &CheckArgs, projects: &mut Projects, cwd: &Path, style: Style) -> Run {
    let file = args.stdin_filename.as_ref().map(|name| cwd.join(name));
    let display = args.stdin_filename.as_ref().map_or_else(
        || "-".to_string(),
        |n| crate::escape::escape_name(&n.to_string_lossy()).into_owned(),
    );
    let dir = file
        .as_ref()
        .and_then(|f| f.parent())
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    let Some(project) = projects.for_dir(&dir) else {
        return Run {
            linted: Vec::new(),
            not_checked: 1,
            failed: true,
        };
    };
    let linted =
        projects.list[project]
            .linter()
            .lint_stream(&display, file.as_deref(), io::stdin().lock());
    let output = report::render_file(args.format, style, &linted);
    Run {
        linted: vec![(display, Some(project), output)],
        not_checked: 0,
        failed: false,
    }
}

/// The configured `include` globs of the current directory's project, as paths from the
/// current directory (the configuration may be in a folder above it).
fn included(projects: &mut Projects, cwd: &Path) -> Vec<String> {
    let Some(project) = projects.for_cwd() else {
        return Vec::new();
    };
    let config = &projects.list[project].config;
    let up = cwd
        .strip_prefix(&config.dir)
        .map_or(0, |below| below.components().count());
    config
        .include
        .iter()
        .map(|glob| format!("{}{glob}", "../".repeat(up)))
        .collect()
}

fn style(args: &CheckArgs) -> Style {
    let terminal = io::stdout().is_terminal() && args.output.is_none();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal && !no_color && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    };
    let width = terminal_size::terminal_size()
        .filter(|_| terminal)
        .map_or(DEFAULT_WIDTH, |(width, _)| usize::from(width.0));
    Style {
        color,
        width,
        deny_warnings: args.deny_warnings,
        quiet: args.quiet,
        statistics: args.statistics,
    }
}

fn explain_rules(rule: Option<&str>) -> io::Result<i32> {
    let mut out = io::stdout().lock();
    match rule {
        None => {
            for rule in rules::all() {
                writeln!(
                    out,
                    "{:<20} {:<8} {}",
                    rule.id,
                    rule.severity.as_str(),
                    rule.summary()
                )?;
            }
            writeln!(
                out,
                "\nRun `planlint rules RULE` for what a rule finds, why, and an example."
            )?;
            Ok(EXIT_OK)
        }
        Some(id) => match rules::find(id) {
            Some(rule) => {
                writeln!(out, "{} ({} by default)\n", rule.id, rule.severity)?;
                write!(out, "{}", rule.documentation())?;
                Ok(EXIT_OK)
            }
            None => {
                match rules::closest(id) {
                    Some(near) => {
                        eprintln!("planlint: error: unknown rule `{id}`; did you mean `{near}`?")
                    }
                    None => eprintln!(
                        "planlint: error: unknown rule `{id}`; `planlint rules` lists them"
                    ),
                }
                Ok(EXIT_FAILURE)
            }
        },
    }
}

/// The project of the current directory, for the commands about rulesets; `Err` is the exit
/// status after its errors are printed.
fn cwd_project(args: &ProjectArgs) -> io::Result<Result<(Projects, usize), i32>> {
    let cwd = std::env::current_dir()?;
    let overrides = Overrides {
        config: args.config.clone(),
        isolated: args.isolated,
        ..Overrides::default()
    };
    let mut projects = Projects::new(overrides, cwd.clone());
    Ok(match projects.for_cwd() {
        Some(project) => Ok((projects, project)),
        None => {
            print_errors(&mut projects, &cwd);
            Err(EXIT_FAILURE)
        }
    })
}

/// Prints a report on stderr in one write: stderr is unbuffered, and miette writes a snippet a
/// piece at a time (a 600 KB line of a broken ruleset made 600,000 writes).
fn eprint_report(report: miette::Report) {
    let text = format!("{report:?}\n");
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Prints the errors met while setting projects up.
fn print_errors(projects: &mut Projects, cwd: &Path) {
    for error in std::mem::take(&mut projects.errors) {
        match error {
            ProjectError::File(error) => {
                eprint_report(miette::Report::new(error.shown_from(cwd)));
            }
            ProjectError::Usage(message) => eprintln!("planlint: error: {message}"),
        }
    }
}

fn list_rulesets(args: &ProjectArgs) -> io::Result<i32> {
    let (projects, project) = match cwd_project(args)? {
        Ok(found) => found,
        Err(status) => return Ok(status),
    };
    let mut out = io::stdout().lock();
    let cwd = std::env::current_dir()?;
    let rulesets = projects.list[project].rulesets();
    let width = rulesets.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for ruleset in rulesets.iter().map(|r| r.ruleset()) {
        let origin = match ruleset.origin.as_str() {
            "built-in" => String::new(),
            origin => {
                let path = Path::new(origin);
                format!(" ({})", path.strip_prefix(&cwd).unwrap_or(path).display())
            }
        };
        writeln!(out, "{:<width$}  {}{origin}", ruleset.id, ruleset.name)?;
        if !ruleset.description.is_empty() {
            writeln!(out, "{:<width$}  {}", "", ruleset.description)?;
        }
    }
    Ok(EXIT_OK)
}

/// The source of the ruleset `name` in the current directory's project, with the sources
/// it may extend; `Err` is the exit status.
fn named_source(
    name: &str,
    args: &ProjectArgs,
) -> io::Result<Result<(ruleset::Source, Vec<ruleset::Source>), i32>> {
    let (mut projects, project) = match cwd_project(args)? {
        Ok(found) => found,
        Err(status) => return Ok(Err(status)),
    };
    let cwd = std::env::current_dir()?;
    let found = projects.list[project].source(name, &cwd);
    Ok(match found {
        Ok(source) => Ok((source, projects.list[project].sources.clone())),
        Err(error) => {
            projects.errors.push(error);
            print_errors(&mut projects, &cwd);
            Err(EXIT_FAILURE)
        }
    })
}

fn show_ruleset(name: &str, args: &ProjectArgs) -> io::Result<i32> {
    let (source, known) = match named_source(name, args)? {
        Ok(found) => found,
        Err(status) => return Ok(status),
    };
    match ruleset::effective_toml(&source, &known) {
        Ok(text) => {
            let mut out = io::stdout().lock();
            let cwd = std::env::current_dir()?;
            let origin = Path::new(&source.origin);
            writeln!(
                out,
                "# The ruleset `{}` ({}), with `extends` applied.\n",
                source.id,
                origin.strip_prefix(&cwd).unwrap_or(origin).display()
            )?;
            out.write_all(text.as_bytes())?;
            Ok(EXIT_OK)
        }
        Err(error) => {
            eprint_report(miette::Report::new(*error));
            Ok(EXIT_FAILURE)
        }
    }
}

fn print_template(name: &str, args: &ProjectArgs) -> io::Result<i32> {
    let (source, known) = match named_source(name, args)? {
        Ok(found) => found,
        Err(status) => return Ok(status),
    };
    match ruleset::Ruleset::compile(&source, &known) {
        Ok(ruleset) => {
            io::stdout()
                .lock()
                .write_all(template::render(&ruleset).as_bytes())?;
            Ok(EXIT_OK)
        }
        Err(error) => {
            eprint_report(miette::Report::new(*error));
            Ok(EXIT_FAILURE)
        }
    }
}
