//! planlint: a linter for the Markdown feature plans that AI coding agents write.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! files (walk + globs) -> project (config, rulesets, repository) -> read -> Document (parse)
//!   -> ruleset (pin / match / detect) -> checks -> Diagnostic -> suppressions -> report
//! ```
//!
//! - [`files`]: which files to lint; [`project`] and [`config`]: what each is linted with;
//!   [`read`]: refusing what is not a plan.
//! - [`document`]: one pulldown-cmark pass into sections and blocks.
//! - [`ruleset`]: the formats, as TOML data (`extends` applied); [`ruleset::select`] picks
//!   one per document; [`matcher`] is the regex engine their patterns compile to.
//! - [`checks`]: one module per rule family; [`rules`] lists them with their docs.
//! - [`diagnostic`]: a finding as data; [`suppress`] drops the findings that the plan's
//!   `<!-- planlint-disable … -->` comments cover; [`report`] renders the rest.
//! - [`lint`] ties the stages together, in parallel; [`cli`] is the command line, with
//!   [`template`] and [`init`] writing a plan template and a configuration; [`lsp`] is the
//!   language server, the same pipeline on the editor's text.

pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod escape;
pub mod files;
pub mod init;
pub mod lint;
pub mod lsp;
pub mod matcher;
pub mod project;
pub mod read;
pub mod repo;
pub mod report;
pub mod rules;
pub mod ruleset;
pub mod suggest;
pub mod suppress;
pub mod template;
pub mod toml_error;
pub mod uri;
