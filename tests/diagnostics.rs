//! Broken specs: each folder of tests/broken holds a document (and maybe an overlay)
//! with one kind of mistake. Generation must fail without panicking, and what it
//! says — file, JSON pointer, line:column, code frame — is snapshot-tested.

use apigen_tests::root;

#[test]
fn every_broken_spec_gets_a_located_diagnostic() {
    let dir = root().join("tests/broken");
    let inputs = apigen::discover(&dir).expect("tests/broken is readable");
    assert!(inputs.len() >= 20, "at least 20 broken specs, found {}", inputs.len());
    for input in &inputs {
        let result = std::panic::catch_unwind(|| apigen::generate_api(input, &dir));
        let Ok(result) = result else { panic!("{} made the generator panic", input.module) };
        let Err(diagnostics) = result else { panic!("{} generated without an error", input.module) };
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == apigen::Severity::Error).collect();
        assert!(!errors.is_empty(), "{}: no error among {diagnostics:?}", input.module);
        for error in &errors {
            assert!(error.position.is_some(), "{}: no line:column for {error}", input.module);
            assert!(error.snippet.is_some(), "{}: no code frame for {error}", input.module);
        }
        let rendered: String = diagnostics.iter().map(apigen::Diagnostic::render).collect();
        insta::assert_snapshot!(format!("broken_{}", input.module), rendered);
    }
}
