//! Embeds every `rules/*.toml` in the binary, so that a new built-in format is a TOML file
//! and no Rust change.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=rules");
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("the rules/ folder holds the built-in rulesets")
        .map(|entry| entry.expect("readable rules/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("pub const BUILTIN_RULESETS: &[(&str, &str)] = &[\n");
    for path in &files {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name");
        let full = fs::canonicalize(path).expect("rules/ file exists");
        code.push_str(&format!(
            "    ({id:?}, include_str!({:?})),\n",
            full.display().to_string()
        ));
        println!("cargo::rerun-if-changed={}", path.display());
    }
    code.push_str("];\n");
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rulesets.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
