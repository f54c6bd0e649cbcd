//! Embeds every `rules/*.toml` in the binary, so that a new built-in format is a TOML file
//! and no Rust change, with the detection index generated from them
//! (`rules/detection-index.json`) and a hash of them that tells whether the index is current.
use std::{env, fs, path::Path};

const INDEX: &str = "rules/detection-index.json";

fn main() {
    println!("cargo::rerun-if-changed=rules");
    let mut files: Vec<_> = fs::read_dir("rules")
        .expect("the rules/ folder holds the built-in rulesets")
        .map(|entry| entry.expect("readable rules/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("pub const BUILTIN_RULESETS: &[(&str, &str)] = &[\n");
    let mut hash = Fnv::new();
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
        hash.add(id.as_bytes());
        hash.add(&fs::read(path).expect("readable rules/ file"));
        println!("cargo::rerun-if-changed={}", path.display());
    }
    code.push_str("];\n");
    let hash = format!("{:016x}", hash.0);
    code.push_str(&format!(
        "pub const BUILTIN_RULESETS_HASH: &str = {hash:?};\n"
    ));
    println!("cargo::rerun-if-changed={INDEX}");
    let index = fs::read_to_string(INDEX).unwrap_or_default();
    if !index.contains(&hash) {
        println!(
            "cargo::warning={INDEX} is out of date: detection compiles every built-in ruleset \
             until `PLANLINT_UPDATE_INDEX=1 cargo test detection_index` regenerates it"
        );
    }
    code.push_str(&format!("pub const DETECTION_INDEX: &str = {index:?};\n"));
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rulesets.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// FNV-1a, 64 bits: stable across Rust releases, unlike the standard library's hasher.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Adds `bytes` and a separator, so that ("ab", "c") and ("a", "bc") differ.
    fn add(&mut self, bytes: &[u8]) {
        for &byte in bytes.iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
