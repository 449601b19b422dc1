//! A mutation fuzzer over the whole pipeline (load, normalize, overlay, parse, model,
//! emit): real documents are mutated at random, structurally and as bytes, and fed
//! to `apigen::generate_source`; any panic fails the test with the case's seed. A case
//! that generates is also described as a surface and diffed against its unmutated
//! seed (`apigen::diff`), which must not panic either.
//!
//! cargo-fuzz needs a nightly toolchain, which this project does not have, so the
//! harness is a plain test, mutating parsed documents (which reaches deeper than
//! random bytes would). CI runs a bounded number of cases; run it longer with
//!
//! ```text
//! APIGEN_FUZZ_CASES=200000 APIGEN_FUZZ_SECONDS=3600 cargo test --release -p apigen-tests --test fuzz
//! ```
//!
//! and replay one case with `APIGEN_FUZZ_SEED=<seed> APIGEN_FUZZ_CASES=1`.
//!
//! "Generation succeeded ⇒ the output compiles" is checked too: a sample of the
//! cases that generated code (`APIGEN_FUZZ_COMPILE`, default 40) become modules of
//! one crate under `target/fuzz-compile`, which `cargo check` must accept.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use apigen::SourceText;
use apigen_tests::root;
use serde_json::{Map, Value, json};

/// The documents mutations start from, with their overlays.
fn seeds() -> Vec<(SourceText, Option<SourceText>)> {
    let root = root();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for parent in ["specs", "tests/fixtures/specs", "tests/broken"] {
        for entry in std::fs::read_dir(root.join(parent)).unwrap().flatten() {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    let mut seeds = Vec::new();
    for dir in dirs {
        let Some(spec) = ["openapi.json", "openapi.yaml"].iter().map(|f| dir.join(f)).find(|p| p.is_file()) else {
            continue;
        };
        let read = |path: PathBuf| SourceText {
            name: path.strip_prefix(&root).unwrap().display().to_string(),
            // Lossy: a broken spec may not be UTF-8 (`70_not_utf8`).
            text: String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
        };
        let overlay = dir.join("overlay.yaml");
        seeds.push((read(spec), overlay.is_file().then(|| read(overlay))));
    }
    for small in ["keeper.json", "buildomat.json", "propolis-server.json"] {
        let path = root.join("../shared/corpus").join(small);
        if let Ok(text) = std::fs::read_to_string(&path) {
            seeds.push((SourceText { name: format!("corpus/{small}"), text }, None));
        }
    }
    seeds
}

/// Every JSON pointer of a value.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn random_scalar(rng: &mut fastrand::Rng) -> Value {
    match rng.usize(0..12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1e308),
        5 => json!(""),
        6 => json!("{id}"),
        7 => json!("#/components/schemas/"),
        8 => json!(["string", "null"]),
        9 => json!({"$ref": "#/components/schemas/Missing"}),
        10 => json!({"type": "object", "additionalProperties": true, "properties": {"": {}}}),
        _ => json!("x-\u{0}\u{ffff}/~"),
    }
}

/// Applies one structural mutation somewhere in `doc`.
fn mutate(doc: &mut Value, rng: &mut fastrand::Rng) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let target = all[rng.usize(0..all.len())].clone();
    let donor = doc.pointer(&all[rng.usize(0..all.len())]).cloned().unwrap_or(Value::Null);
    let Some(node) = doc.pointer_mut(&target) else { return };
    match rng.usize(0..9) {
        // Replace with a scalar or a small hostile schema.
        0 | 1 => *node = random_scalar(rng),
        // Replace with another node of the document (type confusion, cycles).
        2 | 3 => *node = donor,
        // Delete a member or an item.
        4 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.usize(0..map.len())).cloned().unwrap_or_default();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.usize(0..items.len()));
            }
            _ => *node = Value::Null,
        },
        // Rename a member (keywords, path templates, status codes).
        5 => {
            if let Value::Object(map) = node
                && let Some(key) = map.keys().nth(rng.usize(0..map.len().max(1))).cloned()
            {
                let value = map.remove(&key).unwrap_or(Value::Null);
                let names = ["type", "$ref", "{x}", "default", "2XX", "allOf", "oneOf", "x-apigen-token", "self", ""];
                map.insert(names[rng.usize(0..names.len())].to_owned(), value);
            }
        }
        // Point a $ref somewhere odd, including at itself.
        6 => {
            let mut map = Map::new();
            let refs =
                ["#/components/schemas/Pet", "#", "#/paths", "other.yaml#/x", "#/components/schemas/~1", &target];
            map.insert("$ref".into(), json!(format!("#{}", refs[rng.usize(0..refs.len())].trim_start_matches('#'))));
            *node = Value::Object(map);
        }
        // Wrap in an array or in a composition.
        7 => {
            let inner = std::mem::take(node);
            *node = if rng.bool() { json!([inner]) } else { json!({"anyOf": [inner, {"type": "null"}]}) };
        }
        // Add 3.1 keywords next to whatever is there.
        _ => {
            if let Value::Object(map) = node {
                let (key, value) = match rng.usize(0..4) {
                    0 => ("const", json!("fixed")),
                    1 => ("examples", json!([1, 2])),
                    2 => ("exclusiveMinimum", json!(3)),
                    _ => ("type", json!(["integer", "null", "string"])),
                };
                map.insert(key.into(), value);
            }
        }
    }
}

/// Mutates the text itself: truncation, byte flips, inserted brackets.
fn mutate_text(text: &str, rng: &mut fastrand::Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.usize(1..4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.usize(0..bytes.len());
        match rng.usize(0..3) {
            0 => bytes.truncate(at),
            1 => bytes[at] = b"{}[]:,\"'-\n\t #&*!|>"[rng.usize(0..18)],
            _ => bytes.insert(at, b"{["[rng.usize(0..2)]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A seed document (and its overlay) mutated as `rng` says: one time in five its text,
/// otherwise its parsed value, and one time in three its overlay too.
fn mutated(
    (spec, overlay): &(SourceText, Option<SourceText>),
    rng: &mut fastrand::Rng,
) -> (SourceText, Option<SourceText>) {
    let mut spec = spec.clone();
    let mut overlay = overlay.clone();
    if rng.usize(0..5) == 0 {
        spec.text = mutate_text(&spec.text, rng);
        return (spec, overlay);
    }
    let parsed: Option<Value> = if spec.name.ends_with(".json") {
        serde_json::from_str(&spec.text).ok()
    } else {
        yaml_serde::from_str(&spec.text).ok()
    };
    if let Some(mut doc) = parsed {
        for _ in 0..rng.usize(1..3) {
            mutate(&mut doc, rng);
        }
        // Write it back as JSON or YAML, whichever the name says.
        spec.text = if spec.name.ends_with(".json") {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            yaml_serde::to_string(&doc).unwrap()
        };
    }
    if let Some(overlay) = overlay.as_mut().filter(|_| rng.usize(0..3) == 0)
        && let Ok(mut doc) = yaml_serde::from_str::<Value>(&overlay.text)
    {
        mutate(&mut doc, rng);
        overlay.text = yaml_serde::to_string(&doc).unwrap();
    }
    (spec, overlay)
}

/// Generates one case, and when it generates and its seed did too, diffs the two
/// surfaces and renders the reports (which must not panic either).
fn run(
    seed: u64,
    spec: &SourceText,
    overlay: Option<&SourceText>,
    before: &Option<apigen::Surface>,
) -> Result<apigen::ApiOutput, Vec<apigen::Diagnostic>> {
    let output = apigen::generate_source(&format!("case_{seed}"), spec, overlay);
    if let (Ok(_), Some(before)) = (&output, before)
        && let Ok((after, _)) = apigen::surface_source("fuzzed", spec, overlay)
    {
        let changes = apigen::diff::diff(std::slice::from_ref(before), std::slice::from_ref(&after));
        let report = apigen::diff::Report { base: "seed".into(), head: "mutated".into(), changes, current: None };
        let _ = (after.render(), report.text(), report.json());
    }
    output
}

#[test]
fn the_pipeline_never_panics() {
    let seeds = seeds();
    assert!(seeds.len() >= 30, "seeds: {}", seeds.len());
    // The surface of each seed that generates, to diff mutated cases against.
    let seed_surfaces: Vec<Option<apigen::Surface>> = seeds
        .iter()
        .map(|(spec, overlay)| apigen::surface_source("fuzzed", spec, overlay.as_ref()).ok().map(|(s, _)| s))
        .collect();
    let cases = env("APIGEN_FUZZ_CASES", 5000);
    let budget = Duration::from_secs(env("APIGEN_FUZZ_SECONDS", 60));
    let first_seed = env("APIGEN_FUZZ_SEED", 0x5eed);
    let started = Instant::now();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut ran = 0;
    let mut generated = 0;
    let mut failure = None;
    let sample_size = env("APIGEN_FUZZ_COMPILE", 40) as usize;
    let mut sample: Vec<apigen::ApiOutput> = Vec::new();
    for case in 0..cases {
        if started.elapsed() > budget {
            break;
        }
        let seed = first_seed.wrapping_add(case);
        let mut rng = fastrand::Rng::with_seed(seed);
        let index = rng.usize(0..seeds.len());
        let (spec, overlay) = mutated(&seeds[index], &mut rng);
        // Saved before it runs: a stack overflow aborts the process without unwinding,
        // and then this file holds the case that did it.
        let last = root().join("target/fuzz-failures");
        std::fs::create_dir_all(&last).unwrap();
        std::fs::write(last.join("last-case.txt"), format!("seed {seed} from {}\n{}", spec.name, spec.text)).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(seed, &spec, overlay.as_ref(), &seed_surfaces[index])));
        ran += 1;
        if let Ok(Ok(output)) = &outcome {
            generated += 1;
            if sample.len() < sample_size {
                sample.push(output.clone());
            }
        }
        if outcome.is_err() {
            let dir = root().join("target/fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{seed}.txt")), &spec.text).unwrap();
            failure = Some((seed, spec.name.clone()));
            break;
        }
    }
    std::panic::set_hook(previous_hook);
    if let Some((seed, name)) = failure {
        panic!(
            "the pipeline panicked on case {seed} (from {name}); input saved to target/fuzz-failures/{seed}.txt; replay with APIGEN_FUZZ_SEED={seed} APIGEN_FUZZ_CASES=1"
        );
    }
    eprintln!(
        "fuzz: {ran} cases without a panic in {:.1} s ({generated} generated code, {} were rejected with diagnostics)",
        started.elapsed().as_secs_f64(),
        ran - generated
    );
    assert!(ran >= cases.min(50), "too few cases ran: {ran}");
    // Both paths must be exercised, or the mutations have become too mild or too wild.
    assert!(generated > 0 && generated < ran, "{generated} of {ran} cases generated code");
    compile(&sample);
}

/// Writes the sampled outputs as one crate and runs `cargo check` on it.
fn compile(sample: &[apigen::ApiOutput]) {
    if sample.is_empty() {
        return;
    }
    let dir = root().join("target/fuzz-compile");
    let _ = std::fs::remove_dir_all(&dir);
    let entries: Vec<apigen::emit::CrateEntry> = sample
        .iter()
        .map(|a| apigen::emit::CrateEntry {
            module: a.module.clone(),
            title: a.title.clone(),
            example: None,
            recursion_limit: a.recursion_limit,
        })
        .collect();
    let options = apigen::CrateOptions {
        name: "fuzz-compiled".into(),
        runtime_path: root().join("crates/apigen-runtime").display().to_string(),
        specs_label: "fuzz cases".into(),
        version: "0.1.0".into(),
        sources_from: None,
    };
    let mut files = apigen::emit::render_crate(&entries, &options).expect("crate files");
    for api in sample {
        files.extend(api.files.clone());
    }
    // Its own workspace, with the project's lock file and profiles, so that the
    // dependencies resolve offline to what the project already built.
    let manifest = files.get_mut("Cargo.toml").expect("manifest");
    manifest.push_str(&format!("\n[workspace]\n\n{}", apigen_tests::PROFILES));
    for (path, content) in &files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let started = Instant::now();
    let output = std::process::Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args(["check", "--offline", "--quiet", "--message-format=short", "--target-dir"])
        .arg(apigen_tests::target_dir())
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated code of {} fuzz cases does not compile (crate left in target/fuzz-compile):\n{}",
        sample.len(),
        stderr.lines().take(60).collect::<Vec<_>>().join("\n")
    );
    eprintln!("fuzz: the output of {} cases compiles ({:.1} s)", sample.len(), started.elapsed().as_secs_f64());
}
