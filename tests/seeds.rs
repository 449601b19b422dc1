//! The vendor documents in specs/ are the code blocks of the published pages in
//! ../shared/seeds, byte for byte: extracted here and compared, so vendor text can
//! never be edited by hand (corrections go into overlay.yaml).

use apigen_tests::root;

/// The lines between the first opening fence (three or more backticks) and the
/// matching closing fence, each followed by a newline.
fn code_block(text: &str) -> String {
    let mut lines = text.lines();
    let fence = lines
        .by_ref()
        .find_map(|line| {
            let ticks = line.chars().take_while(|&c| c == '`').count();
            (ticks >= 3).then(|| "`".repeat(ticks))
        })
        .expect("the seed has a fenced code block");
    let mut out = String::new();
    for line in lines {
        if line.trim_end() == fence {
            return out;
        }
        out.push_str(line);
        out.push('\n');
    }
    panic!("the code block is not closed");
}

fn check(seed: &str, spec: &str) {
    let seed_path = root().join("../shared/seeds").join(seed);
    let seed_text =
        std::fs::read_to_string(&seed_path).unwrap_or_else(|e| panic!("cannot read {}: {e}", seed_path.display()));
    let spec_text = std::fs::read_to_string(root().join(spec)).expect("spec is readable");
    let block = code_block(&seed_text);
    assert!(!block.trim().is_empty());
    assert!(block == spec_text, "{spec} differs from the code block of {seed}");
    let source = std::fs::read_to_string(root().join(spec).with_file_name("SOURCE.md")).expect("SOURCE.md");
    assert!(source.contains(seed), "SOURCE.md beside {spec} must name its seed {seed}");
}

#[test]
fn frontstream_is_verbatim() {
    check("000_b26f1637e4cca9a2.txt", "specs/frontstream/openapi.json");
}

#[test]
fn forte_is_verbatim() {
    check("001_c1e0b381b208457e.txt", "specs/forte/openapi.yaml");
}

#[test]
fn alternative_payments_is_verbatim() {
    check("003_dc75c454e1213261.txt", "specs/alternative_payments/openapi.json");
}

#[test]
fn extraction_stops_at_the_matching_fence() {
    let text = "intro\n````yaml\na: 1\n```\nnot closed by three\n````\nafter\n";
    assert_eq!(code_block(text), "a: 1\n```\nnot closed by three\n");
}

/// Every API's SOURCE.md says whether its document is verbatim vendor text or
/// hand-written: tools/lint/run.sh lints the hand-written ones by that word, and a
/// document that says neither would silently escape both the seed check and the lint.
#[test]
fn every_source_says_verbatim_or_hand_written() {
    for input in apigen_tests::apis() {
        let source = input.spec.with_file_name("SOURCE.md");
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let verbatim = text.contains("**verbatim**");
        let hand_written = text.contains("**hand-written**");
        assert!(
            verbatim != hand_written,
            "{} must say exactly one of **verbatim** and **hand-written**",
            source.display()
        );
    }
}

/// The scratch crates the tests build copy the workspace's profiles from
/// `apigen_tests::PROFILES`, which must stay what `Cargo.toml` says.
#[test]
fn scratch_profiles_are_the_workspace_profiles() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains(apigen_tests::PROFILES), "Cargo.toml's [profile] sections changed: update PROFILES");
}
