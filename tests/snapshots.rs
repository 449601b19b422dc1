//! Snapshots of each API's public surface (reviewed with `cargo insta review` or by
//! reading the `.snap` diff when a vendor document changes): operations, arguments,
//! outcomes, types with their fields and directions, servers, security, the token
//! declaration and documentation hashes. `cargo xtask generate --check` guards the
//! generated code itself.

use apigen_tests::{apis, generated_text, surface_text};

/// One snapshot per API found under `specs/`: adding an API adds a snapshot, with no
/// list to edit here.
#[test]
fn surface_per_api() {
    let apis = apis();
    assert!(!apis.is_empty(), "specs/ holds the bundled APIs");
    for input in &apis {
        insta::assert_snapshot!(input.module.clone(), surface_text(input));
    }
}

#[test]
fn surface_is_deterministic() {
    for input in &apis() {
        assert_eq!(surface_text(input), surface_text(input), "{}", input.module);
    }
}

#[test]
fn generation_is_deterministic() {
    for input in &apis() {
        assert_eq!(generated_text(input), generated_text(input), "{}", input.module);
    }
}

/// One broken API fails the whole run, and the error names file and pointer.
#[test]
fn a_broken_api_fails_the_whole_run() {
    let dir = std::env::temp_dir().join(format!("apigen-all-or-nothing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("good")).unwrap();
    std::fs::create_dir_all(dir.join("bad")).unwrap();
    std::fs::write(dir.join("good/openapi.yaml"), "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\npaths: {}\n")
        .unwrap();
    std::fs::write(
        dir.join("bad/openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let inputs = apigen::discover(&dir).unwrap();
    assert_eq!(inputs.len(), 2);
    let errors = apigen::generate(
        &inputs,
        &dir,
        &apigen::CrateOptions {
            name: "x".into(),
            version: "0.1.0".into(),
            runtime_path: "../runtime".into(),
            specs_label: "specs/".into(),
            sources_from: None,
        },
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        "error: bad/openapi.yaml:11:24 at /paths/~1x/get/responses/200/content/application~1json/schema/$ref: unresolved $ref `#/components/schemas/Missing`: no such schema"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
