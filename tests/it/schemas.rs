//! The generated files shipped in the repository are the ones the code generates: the JSON
//! Schemas in `schemas/` for TOML editors, and the detection index of the built-in rulesets
//! (`rules/detection-index.json`). After a change to a configuration or ruleset key,
//! regenerate the schemas with `PLANLINT_UPDATE_SCHEMAS=1 cargo test schemas`; after a
//! change to `rules/`, the index with `PLANLINT_UPDATE_INDEX=1 cargo test detection_index`.

use std::path::Path;

/// Compares `file` (relative to the checkout) with `generated`, rewriting it first when the
/// environment has `variable`.
fn check(file: &str, generated: String, variable: &str, filter: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os(variable).is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == generated,
        "{file} is out of date: run `{variable}=1 cargo test {filter}`"
    );
}

fn check_schema(file: &str, generated: String) {
    check(
        &format!("schemas/{file}"),
        generated,
        "PLANLINT_UPDATE_SCHEMAS",
        "schemas",
    );
}

#[test]
fn the_configuration_schema_is_up_to_date() {
    check_schema("planlint.schema.json", planlint::config::json_schema());
}

#[test]
fn the_ruleset_schema_is_up_to_date() {
    check_schema("ruleset.schema.json", planlint::ruleset::json_schema());
}

/// The index detection reads instead of compiling every built-in ruleset: were it stale, the
/// binary would compile them all (correct, but slower; the build warns).
#[test]
fn the_detection_index_is_up_to_date() {
    check(
        "rules/detection-index.json",
        planlint::ruleset::detection_index(),
        "PLANLINT_UPDATE_INDEX",
        "detection_index",
    );
}

/// The rulesets and configurations in the repository follow the schemas: every key is
/// known and every value of the type the schema says (patterns and section names are
/// planlint's own checks).
#[test]
fn the_shipped_rulesets_and_configurations_follow_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = |file: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root.join("schemas").join(file)).unwrap())
            .unwrap()
    };
    let ruleset = schema("ruleset.schema.json");
    let config = schema("planlint.schema.json");
    let mut files: Vec<(std::path::PathBuf, &serde_json::Value)> = Vec::new();
    for dir in ["rules", "fixtures/repos/team/rulesets"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push((path, &ruleset));
            }
        }
    }
    files.push((root.join("fixtures/repos/team/planlint.toml"), &config));
    let mut errors = Vec::new();
    let wrong = serde_json::json!({"name": 3, "sectoin": [], "severity": {"titel": "off"}});
    validate(&ruleset, &ruleset, &wrong, "", &mut errors);
    assert_eq!(
        errors.len(),
        3,
        "the validator catches mistakes: {errors:?}"
    );
    for (path, schema) in files {
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        let mut errors = Vec::new();
        validate(schema, schema, &json, "", &mut errors);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// A small validator for the parts of JSON Schema the generated schemas use: `$ref`, `type`,
/// `properties`, `additionalProperties`, `propertyNames`, `items`, `enum`, `anyOf`/`oneOf`.
fn validate(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    use serde_json::Value;
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/$defs/");
        return validate(root, &root["$defs"][name], value, at, errors);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options.iter().any(|option| {
                let mut inner = Vec::new();
                validate(root, option, value, at, &mut inner);
                inner.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: fits none of {key}"));
            }
            return;
        }
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        errors.push(format!("{at}: {value} is not one of {allowed:?}"));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let type_of = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let number = type_of == "integer" && types.contains(&"number");
    if !types.is_empty() && !types.contains(&type_of) && !number {
        errors.push(format!("{at}: a {type_of}, not {types:?}"));
    }
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                validate(root, &schema["items"], item, &format!("{at}[{i}]"), errors);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let at = format!("{at}.{key}");
                if let Some(names) = schema.get("propertyNames") {
                    validate(root, names, &Value::String(key.clone()), &at, errors);
                }
                match (
                    schema["properties"].get(key),
                    &schema["additionalProperties"],
                ) {
                    (Some(property), _) => validate(root, property, item, &at, errors),
                    (None, Value::Bool(false)) => errors.push(format!("{at}: unknown key")),
                    (None, Value::Object(_)) => {
                        validate(root, &schema["additionalProperties"], item, &at, errors)
                    }
                    (None, _) => {}
                }
            }
        }
        _ => {}
    }
}
