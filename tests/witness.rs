//! Witnesses of the `cargo xtask diff` classifications, the way cargo-semver-checks
//! proves its lints: for every synthetic version pair (`pairs/mod.rs`) a small program in
//! `witnesses/<pair>.rs` uses the old generated API as a user would. It must compile
//! against the old API, and against the new one it must fail when the pair is breaking
//! and still compile when it is compatible or documentation-only.
//!
//! All old sides are modules of one crate (`witness-old`), all new sides of another
//! (`witness-new`), both with the library name `api`; the same witness sources are
//! compiled by two packages, one depending on each. One `cargo check` builds all four
//! in a scratch workspace under `target/witness`; the JSON diagnostics are mapped to the
//! witness file they point into.

#[path = "pairs/mod.rs"]
mod pairs;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use apigen::diff::Severity;
use apigen::diff::git::ApiTexts;
use apigen_tests::root;
use pairs::{PAIRS, Pair};
use serde_json::Value;

/// Breaking pairs whose break no compiler sees: the witness must still compile against
/// the new API, and the reason says why. Checked both ways, so an entry goes stale (and
/// fails) as soon as the generated shape makes the break visible.
const SILENT: &[(&str, &str)] = &[
    ("parameter-name-taken", "`limit(…)` now sets the new query parameter `Limit`; the old one is `limit2(…)`"),
    ("field-removed-name-taken", "`account.tag` now reads the field `tag` (was `Tag`)"),
    ("enum-variant-name-taken", "`AccountStatus::Open` now means the value `OPEN`; `open` is `Open2`"),
    (
        "response-required-field-wire-name",
        "binaries built before look for `status` in every answer, which has `Status`",
    ),
    (
        "response-field-added-beside-additional-properties",
        "binaries built before read `count` as a string-valued additional property, and fail on its integer",
    ),
    ("response-field-optional-with-default", "binaries built before fail to decode an account without `status`"),
    ("error-media-type-json-to-text", "binaries built before decode the 400's text body as JSON, and fail"),
    ("error-media-type-json-to-form", "binaries built before decode the 403's form body as JSON, and fail"),
];

/// The pair's module name in the generated crates and its witness file's stem.
fn module(pair: &Pair) -> String {
    pair.id.replace('-', "_")
}

/// The most severe expected change decides what the witness must do.
fn severity(pair: &Pair) -> Severity {
    let severities: Vec<Severity> = pair.expect.iter().map(|e| e.1).collect();
    [Severity::Breaking, Severity::Compatible].into_iter().find(|s| severities.contains(s)).unwrap_or(Severity::Patch)
}

fn generate(pair: &Pair, texts: &ApiTexts) -> apigen::ApiOutput {
    apigen::generate_source(&module(pair), &texts.spec, texts.overlay.as_ref()).unwrap_or_else(|diagnostics| {
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{}: a side fails to generate:\n{}", pair.id, text.join("\n"))
    })
}

fn write_files(dir: &Path, files: &BTreeMap<String, String>) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// Writes one generated crate holding the given sides, with the library name `api`.
fn write_api_crate(dir: &Path, package: &str, sides: &[apigen::ApiOutput]) {
    let entries: Vec<apigen::emit::CrateEntry> = sides
        .iter()
        .map(|a| apigen::emit::CrateEntry {
            module: a.module.clone(),
            title: a.title.clone(),
            example: None,
            recursion_limit: a.recursion_limit,
        })
        .collect();
    let options = apigen::CrateOptions {
        name: package.into(),
        runtime_path: root().join("crates/apigen-runtime").display().to_string(),
        specs_label: "the witness pairs".into(),
        version: "0.1.0".into(),
        sources_from: None,
    };
    let mut files = apigen::emit::render_crate(&entries, &options).expect("crate files");
    for side in sides {
        files.extend(side.files.clone());
    }
    files.get_mut("Cargo.toml").expect("manifest").push_str("\n[lib]\nname = \"api\"\n");
    write_files(dir, &files);
}

/// The witness sources under `tests/witnesses/`, by stem.
fn witness_sources() -> BTreeMap<String, String> {
    let dir = root().join("tests/witnesses");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("tests/witnesses") {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        sources.insert(stem, std::fs::read_to_string(&path).unwrap());
    }
    sources
}

/// Writes the scratch workspace: the two generated crates, the shared witness sources
/// and the two packages compiling them, one against each side.
fn write_workspace(dir: &Path, sources: &BTreeMap<String, String>) {
    let _ = std::fs::remove_dir_all(dir);
    let (old, new): (Vec<_>, Vec<_>) =
        PAIRS.iter().map(|pair| (generate(pair, &pair.before()), generate(pair, &pair.after()))).unzip();
    write_api_crate(&dir.join("old"), "witness-old", &old);
    write_api_crate(&dir.join("new"), "witness-new", &new);
    let mut files = BTreeMap::new();
    let mut lib = String::from("//! One module per version pair: code written against the old API.\n\n");
    for (stem, source) in sources {
        lib.push_str(&format!("pub mod {stem};\n"));
        files.insert(format!("witnesses/{stem}.rs"), source.clone());
    }
    files.insert("witnesses/lib.rs".into(), lib);
    for side in ["old", "new"] {
        files.insert(
            format!("against-{side}/Cargo.toml"),
            format!(
                "[package]\nname = \"witness-against-{side}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [lib]\npath = \"../witnesses/lib.rs\"\n\n\
                 [dependencies]\napi = {{ package = \"witness-{side}\", path = \"../{side}\" }}\n"
            ),
        );
    }
    // The project's lock file and profiles, so that the dependencies resolve offline
    // to what the project already built.
    files.insert(
        "Cargo.toml".into(),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"old\", \"new\", \"against-old\", \"against-new\"]\n\n{}",
            apigen_tests::PROFILES
        ),
    );
    write_files(dir, &files);
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// An error rustc reported: the package it was compiling, the witness file its primary
/// span is in (if any), and the rendered text.
struct CompileError {
    package: String,
    witness: Option<String>,
    rendered: String,
    /// A `deprecated` warning, not an error.
    deprecated: bool,
}

/// Runs one `cargo check` over the scratch workspace and returns its errors and its
/// `deprecated` warnings.
fn check(dir: &Path) -> Vec<CompileError> {
    let output = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args(["check", "--offline", "--workspace", "--keep-going", "--message-format=json", "--target-dir"])
        .arg(apigen_tests::target_dir())
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        let deprecated = message["message"]["code"]["code"] == "deprecated";
        if message["reason"] != "compiler-message" || (message["message"]["level"] != "error" && !deprecated) {
            continue;
        }
        let spans = message["message"]["spans"].as_array().cloned().unwrap_or_default();
        let witness = spans
            .iter()
            .filter(|span| span["is_primary"] == true)
            .filter_map(|span| span["file_name"].as_str())
            .find_map(|file| file.rsplit_once("witnesses/").and_then(|(_, f)| f.strip_suffix(".rs")))
            .map(str::to_owned);
        errors.push(CompileError {
            package: message["target"]["name"].as_str().unwrap_or_default().to_owned(),
            witness,
            rendered: message["message"]["rendered"].as_str().unwrap_or_default().to_owned(),
            deprecated,
        });
    }
    if errors.iter().all(|e| e.deprecated) {
        assert!(
            output.status.success(),
            "cargo check failed without errors:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    errors
}

/// Pairs in which the document deprecates what the witness uses: against the new API,
/// and only there, rustc warns.
const WARNED: &[&str] = &["type-deprecated", "operation-deprecated", "parameter-deprecated"];

fn deprecations_warn(warnings: &[CompileError]) {
    // The generated crates use what their documents deprecate without a warning.
    let inside: Vec<&CompileError> = warnings.iter().filter(|w| w.witness.is_none()).collect();
    assert!(inside.is_empty(), "deprecation warnings in a generated crate:\n{}", show(&inside));
    let warned = |package: &str| -> BTreeSet<&str> {
        warnings.iter().filter(|w| w.package == package).filter_map(|w| w.witness.as_deref()).collect()
    };
    let stems: BTreeSet<String> = PAIRS.iter().filter(|pair| WARNED.contains(&pair.id)).map(module).collect();
    let stems: BTreeSet<&str> = stems.iter().map(String::as_str).collect();
    assert_eq!(warned("witness_against_new"), stems, "the witnesses that warn of something deprecated");
    assert!(warned("witness_against_old").is_disjoint(&stems), "a witness warns against the old API");
}

fn show(errors: &[&CompileError]) -> String {
    errors.iter().flat_map(|e| e.rendered.lines().take(12)).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_witness_compiles_against_the_old_api_and_as_classified_against_the_new() {
    let sources = witness_sources();
    let modules: BTreeSet<String> = PAIRS.iter().map(module).collect();
    let files: BTreeSet<String> = sources.keys().cloned().collect();
    let dir = root().join("target/witness");
    write_workspace(&dir, &sources);
    assert_eq!(files, modules, "one witness per pair, named after it");
    let started = Instant::now();
    let (warnings, errors): (Vec<CompileError>, Vec<CompileError>) =
        check(&dir).into_iter().partition(|e| e.deprecated);
    let seconds = started.elapsed().as_secs_f64();
    deprecations_warn(&warnings);

    let against_old: Vec<&CompileError> = errors.iter().filter(|e| e.package != "witness_against_new").collect();
    assert!(against_old.is_empty(), "errors against the old API or in a generated crate:\n{}", show(&against_old));
    let mut failures = Vec::new();
    for pair in PAIRS {
        let stem = module(pair);
        let own: Vec<&CompileError> = errors.iter().filter(|e| e.witness.as_deref() == Some(stem.as_str())).collect();
        let silent = SILENT.iter().find(|(id, _)| *id == pair.id);
        match severity(pair) {
            Severity::Breaking if silent.is_some() && !own.is_empty() => {
                failures.push(format!("{}: listed as a silent break, but the witness now fails: remove it", pair.id));
            }
            Severity::Breaking if silent.is_none() && own.is_empty() => {
                failures.push(format!("{}: classified breaking, but the witness still compiles", pair.id));
            }
            Severity::Compatible | Severity::Patch if !own.is_empty() => {
                failures.push(format!(
                    "{}: classified {:?}, but the witness fails:\n{}",
                    pair.id,
                    severity(pair),
                    show(&own)
                ));
            }
            _ => {}
        }
    }
    let stray: Vec<&CompileError> = errors.iter().filter(|e| e.witness.is_none()).collect();
    assert!(stray.is_empty(), "errors outside the witnesses:\n{}", show(&stray));
    let count = |s: Severity| PAIRS.iter().filter(|p| severity(p) == s).count();
    eprintln!(
        "witness: {} pairs ({} breaking, {} of them silent, {} compatible, {} patch) checked in {seconds:.1} s",
        PAIRS.len(),
        count(Severity::Breaking),
        SILENT.len(),
        count(Severity::Compatible),
        count(Severity::Patch)
    );
    for (id, why) in SILENT {
        assert!(PAIRS.iter().any(|p| p.id == *id && severity(p) == Severity::Breaking), "{id}: not a breaking pair");
        eprintln!("witness: {id} breaks without a compile error: {why}");
    }
    assert!(failures.is_empty(), "{} pair(s) disagree:\n{}", failures.len(), failures.join("\n"));
}

/// Silent breaks that are failures to decode: the pair, the type (in its module), and an
/// answer the new document allows. Binaries built before must fail to decode it, rebuilt
/// ones must not. (`error-media-type-json-to-text` is not here: what fails is reading a
/// text body as JSON, which the runtime does, not a generated type.)
const UNDECODABLE: &[(&str, &str, &str)] = &[
    ("response-required-field-wire-name", "types::Account", r#"{"id": "a-1", "Status": "open"}"#),
    (
        "response-field-added-beside-additional-properties",
        "types::Account",
        r#"{"id": "a-1", "status": "open", "note": "kept", "count": 3}"#,
    ),
    ("response-field-optional-with-default", "types::Account", r#"{"id": "a-1"}"#),
];

/// A scratch workspace with the two sides of the `UNDECODABLE` pairs and a program that
/// decodes each answer with both, printing `<pair> <old decodes> <new decodes>`.
fn write_decoder(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let pairs: Vec<&Pair> =
        UNDECODABLE.iter().map(|(id, ..)| PAIRS.iter().find(|p| p.id == *id).expect("a pair")).collect();
    let (old, new): (Vec<_>, Vec<_>) =
        pairs.iter().map(|pair| (generate(pair, &pair.before()), generate(pair, &pair.after()))).unzip();
    write_api_crate(&dir.join("old"), "decode-old", &old);
    write_api_crate(&dir.join("new"), "decode-new", &new);
    let mut main = String::from("fn main() {\n");
    for ((id, ty, answer), pair) in UNDECODABLE.iter().zip(&pairs) {
        let path = format!("{}::{ty}", module(pair));
        main.push_str(&format!(
            "    let answer = {answer:?};\n    let old = serde_json::from_str::<old::{path}>(answer).is_ok();\n    \
             let new = serde_json::from_str::<new::{path}>(answer).is_ok();\n    println!(\"{id} {{old}} {{new}}\");\n"
        ));
    }
    main.push_str("}\n");
    let files = BTreeMap::from([
        ("decoder/src/main.rs".to_owned(), main),
        (
            "decoder/Cargo.toml".to_owned(),
            "[package]\nname = \"decoder\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
             old = { package = \"decode-old\", path = \"../old\" }\nnew = { package = \"decode-new\", path = \"../new\" }\n\
             serde_json = \"1\"\n"
                .to_owned(),
        ),
        (
            "Cargo.toml".to_owned(),
            format!("[workspace]\nresolver = \"3\"\nmembers = [\"old\", \"new\", \"decoder\"]\n\n{}", apigen_tests::PROFILES),
        ),
    ]);
    write_files(dir, &files);
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

#[test]
fn silent_breaks_of_decoding_fail_in_binaries_built_before_and_not_in_rebuilt_ones() {
    let dir = root().join("target/witness-decode");
    write_decoder(&dir);
    let output = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args(["run", "--quiet", "--offline", "-p", "decoder", "--target-dir"])
        .arg(apigen_tests::target_dir())
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the decoder failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let want: Vec<String> = UNDECODABLE.iter().map(|(id, ..)| format!("{id} false true")).collect();
    assert_eq!(lines, want, "each answer: fails to decode with the old types, decodes with the new");
    for (id, ..) in UNDECODABLE {
        assert!(SILENT.iter().any(|(silent, _)| silent == id), "{id}: a decode break is a silent one");
    }
}
