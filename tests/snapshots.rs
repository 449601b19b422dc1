//! Snapshots of the code generated for each API (reviewed with `cargo insta review`
//! or by reading the `.snap` diff when a vendor document changes).

use apigen_tests::{apis, generated_text};

#[test]
fn generated_code_per_api() {
    let apis = apis();
    assert_eq!(apis.len(), 5, "one snapshot per API in specs/");
    for input in &apis {
        insta::assert_snapshot!(input.module.clone(), generated_text(input));
    }
}

#[test]
fn generation_is_deterministic() {
    for input in &apis() {
        assert_eq!(generated_text(input), generated_text(input), "{}", input.module);
    }
}
