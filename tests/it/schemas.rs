//! The JSON Schemas shipped in `schemas/` for TOML editors are the ones the code defines.
//! After a change to a configuration or ruleset key, regenerate them with
//! `PLANLINT_UPDATE_SCHEMAS=1 cargo test schemas`.

use std::path::Path;

fn check(file: &str, generated: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(file);
    if std::env::var_os("PLANLINT_UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == generated,
        "schemas/{file} is out of date: run `PLANLINT_UPDATE_SCHEMAS=1 cargo test schemas`"
    );
}

#[test]
fn the_configuration_schema_is_up_to_date() {
    check("planlint.schema.json", planlint::config::json_schema());
}

#[test]
fn the_ruleset_schema_is_up_to_date() {
    check("ruleset.schema.json", planlint::ruleset::json_schema());
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
            files.push((entry.unwrap().path(), &ruleset));
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
