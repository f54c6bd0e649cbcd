//! The configuration file as written: `planlint.toml`, `.planlint.toml` or `[tool.planlint]`
//! in `pyproject.toml`. Strict: an unknown key is an error, with its place in the file.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::ruleset::severity_table;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// planlint's configuration: `planlint.toml`, `.planlint.toml` or `[tool.planlint]` in
/// `pyproject.toml`.
#[derive(Debug, Default, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "planlint configuration")]
pub struct ConfigFile {
    /// Globs of the plans linted when planlint is given no paths [default: `specs/**/*.md`].
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files never linted when folders are walked or globs expanded (files named on
    /// the command line too, with `--force-exclude`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// The ruleset of the plans matching some globs, before detection.
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<MatchFile>,
    /// A folder of the team's rulesets, one `ID.toml` per format.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub rulesets_dir: Option<Spanned<String>>,
    /// Severity per rule id, for every format: "error", "warning", "info" or "off".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "severity_table")]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Severity per rule id for one format: `[ruleset-severity.staged-spec]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "ruleset_severity_table")]
    pub ruleset_severity: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<String>>>,
    /// The repository root for path checks: a folder at or below the configuration's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub root: Option<Spanned<String>>,
    /// Sub-project folders that plans give paths relative to (`apps/Server`), from the root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub path_bases: Vec<Spanned<String>>,
    /// The largest plan read, in bytes [default: 10 MiB].
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u64>")]
    pub max_file_size: Option<Spanned<u64>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchFile {
    /// Globs of the plans this entry is for.
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    /// The ruleset they get: a built-in id or one of the team's.
    #[schemars(with = "String")]
    pub ruleset: Spanned<String>,
}

/// `pyproject.toml`: only `[tool.planlint]` is planlint's; the rest is not looked at.
#[derive(Debug, Deserialize)]
pub struct PyProject {
    pub tool: Option<PyProjectTools>,
}

#[derive(Debug, Deserialize)]
pub struct PyProjectTools {
    pub planlint: Option<ConfigFile>,
}

/// The schema of `[ruleset-severity]`: a severity table per ruleset id.
fn ruleset_severity_table(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let table = severity_table(generator);
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": table
    })
}
