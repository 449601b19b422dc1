//! Spec prose is data, never code: `cargo test --doc` on the fixture crate collects
//! no doctest from the hostile prose of `tests/fixtures/specs/hostile_docs` (every
//! Markdown container that can hold a code block, HTML, hidden characters), and
//! none of its payloads runs.

use std::process::Command;

use apigen_tests::root;

/// The `ran: …` / `compiled: …` marker of each hostile case that has a payload,
/// from the spec's `x-hostile-cases`.
fn payload_markers() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/specs/hostile_docs/openapi.yaml")).unwrap();
    let spec: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let cases = spec["x-hostile-cases"].as_object().expect("x-hostile-cases is a mapping");
    assert!(cases.len() >= 30, "the battery lost cases: {}", cases.len());
    cases
        .iter()
        .filter_map(|(name, case)| {
            let case = case.as_str().expect("each case is a string");
            let start = case.find("\"ran: ").or_else(|| case.find("\"compiled: "))?;
            let end = case[start + 1..].find('"')? + start + 1;
            Some((name.clone(), case[start + 1..end].to_owned()))
        })
        .collect()
}

/// Every hostile payload reaches the generated docs (so the check below is about
/// something), each inside a `text` fence or a code span.
#[test]
fn every_hostile_case_reaches_the_docs() {
    let dir = root().join("tests/fixtures/generated/src/hostile_docs");
    let generated = ["mod.rs", "types.rs"].map(|f| std::fs::read_to_string(dir.join(f)).unwrap()).join("\n");
    let markers = payload_markers();
    assert!(markers.len() >= 25, "{markers:?}");
    for (name, marker) in &markers {
        assert!(generated.contains(&format!("{marker}\"")), "case {name}: `{marker}` is not in the generated docs");
    }
    let bidi =
        ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];
    // Tag characters and the deprecated format characters show as nothing too.
    for hidden in bidi.into_iter().chain(['\u{e0041}', '\u{206a}']) {
        assert!(!generated.contains(hidden), "a raw U+{:04X} reached the generated code", u32::from(hidden));
    }
    // A note rustdoc would read as a link, an image and HTML is a code span (rustdoc
    // renders notes as Markdown: a link to `javascript:` would be a live one).
    assert!(generated.contains("note = \"`Use [New] instead; see [the guide](javascript:"), "{generated}");
    // Types named as the prelude's derive macros are not (rustdoc's links would be ambiguous).
    assert!(generated.contains("pub struct Hash2 ") && generated.contains("pub struct Debug2<"), "{generated}");
}

/// `cargo test --doc -p fixture-apis` passes (no payload ran: each fails when run or
/// compiled) and collects no doctest from the hostile API.
#[test]
fn spec_prose_never_becomes_a_doctest() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // The shared target dir (CARGO_TARGET_DIR, when set) is inherited.
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["test", "--doc", "-p", "fixture-apis", "--", "--test-threads=1"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo test --doc failed:\n{stdout}\n{stderr}");
    let running: Vec<usize> =
        stdout.lines().filter_map(|l| l.strip_prefix("running ")?.split(' ').next()?.parse().ok()).collect();
    let tests: Vec<&str> = stdout.lines().filter(|l| l.starts_with("test ") && l.contains(" ... ")).collect();
    assert_eq!(running.len(), 1, "one doctest run expected:\n{stdout}\n{stderr}");
    assert_eq!(running[0], tests.len(), "{stdout}");
    let hostile: Vec<&&str> = tests.iter().filter(|l| l.contains("hostile_docs")).collect();
    assert!(hostile.is_empty(), "doctests collected from spec prose:\n{hostile:#?}");
    eprintln!("fixture-apis: {} doctest(s), {} from hostile_docs", running[0], hostile.len());
}
