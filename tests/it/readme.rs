//! The README's rule table lists exactly the registered rules, with their default severity.

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rules_section = readme
        .split("\n## ")
        .find(|section| section.starts_with("Rules"))
        .expect("README has a `## Rules` section");
    let rows: Vec<(String, String)> = rules_section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let id = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((id.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    let registry: Vec<(String, String)> = planlint::rules::all()
        .iter()
        .map(|rule| (rule.id.to_string(), rule.severity.to_string()))
        .collect();
    assert_eq!(rows, registry, "README rule table and rule registry differ");
}

/// The README's TOML examples are valid: the configuration parses, every ruleset compiles.
#[test]
fn readme_toml_examples_are_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(
        blocks.len() >= 4,
        "the README shows a configuration and rulesets"
    );
    for block in blocks {
        // Helix's languages.toml in "Editors" is the editor's file, not planlint's.
        if block.contains("[language-server.") {
            continue;
        }
        if block.contains("include =") {
            let config: Result<planlint::config::schema::ConfigFile, _> = toml::from_str(block);
            assert!(config.is_ok(), "{block}\n{config:?}");
        } else {
            let compiled = planlint::ruleset::Ruleset::from_toml("readme", "README.md", block);
            assert!(compiled.is_ok(), "{block}\n{:?}", compiled.err());
        }
    }
}

/// `docs/rules/RULE.md` is each rule's documentation, as `planlint rules RULE` prints it and
/// as SARIF and the language server link to it. Regenerate with
/// `PLANLINT_UPDATE_DOCS=1 cargo test docs`.
#[test]
fn docs_rules_pages_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("PLANLINT_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for rule in planlint::rules::all() {
        let path = dir.join(format!("{}.md", rule.id));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, rule.page()).unwrap();
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(rule.page().as_str()) {
            stale.push(rule.id);
        }
    }
    let pages = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert!(
        stale.is_empty() && pages == planlint::rules::all().len(),
        "docs/rules is out of date ({stale:?}): run `PLANLINT_UPDATE_DOCS=1 cargo test docs`"
    );
}
