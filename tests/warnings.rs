//! Documents that generate, but with warnings: each folder of tests/warnings holds a
//! document (and maybe an overlay) that says something untrue or unknown (a server
//! variable without a definition, a path parameter not in the path, a duplicate
//! parameter, `required` naming nothing, unknown keywords, …) or, `49_clean`, nothing
//! of the sort. Each must generate; every warning must have a line:column; what is
//! said is snapshot-tested. The vendor documents' warnings are snapshot-tested too, so
//! a new warning there (or one gone) shows up for review.

use apigen_tests::{apis, root};

fn rendered(warnings: &[apigen::Diagnostic]) -> String {
    warnings.iter().map(|w| format!("{w}\n")).collect()
}

#[test]
fn every_warning_document_generates_with_located_warnings() {
    let dir = root().join("tests/warnings");
    let inputs = apigen::discover(&dir).expect("tests/warnings is readable");
    assert!(inputs.len() >= 12, "at least 12 warning documents, found {}", inputs.len());
    for input in &inputs {
        let result = std::panic::catch_unwind(|| apigen::generate_api(input, &dir));
        let Ok(result) = result else { panic!("{} made the generator panic", input.module) };
        let output = result.unwrap_or_else(|diagnostics| panic!("{} failed: {}", input.module, rendered(&diagnostics)));
        for warning in &output.warnings {
            assert_eq!(warning.severity, apigen::Severity::Warning);
            assert!(warning.position.is_some(), "{}: no line:column for {warning}", input.module);
        }
        if input.module.ends_with("_clean") {
            assert!(output.warnings.is_empty(), "{}: {}", input.module, rendered(&output.warnings));
        } else {
            assert!(!output.warnings.is_empty(), "{}: no warning", input.module);
        }
        insta::assert_snapshot!(format!("warnings_{}", input.module), rendered(&output.warnings));
    }
}

#[test]
fn unknown_keywords_are_capped_per_document() {
    let dir = root().join("tests/warnings");
    let input = apigen::discover(&dir)
        .expect("tests/warnings is readable")
        .into_iter()
        .find(|i| i.module.ends_with("unknown_keyword_flood"))
        .expect("the flood document");
    let output = apigen::generate_api(&input, &dir).expect("generates");
    let unknown = output.warnings.iter().filter(|w| w.message.starts_with("unknown keyword")).count();
    assert_eq!(unknown, apigen::check::report::MAX_REPORTED);
    let summary = output.warnings.last().expect("a summary line");
    assert_eq!(summary.message, "10 more unknown keyword(s) not shown (60 in all; the first 50 are reported)");
}

#[test]
fn vendor_documents_warnings_are_the_reviewed_ones() {
    let mut text = String::new();
    for input in apis() {
        let output = apigen::generate_api(&input, &root())
            .unwrap_or_else(|diagnostics| panic!("{} failed: {}", input.module, rendered(&diagnostics)));
        text.push_str(&format!(
            "{}: {} warning(s)\n{}",
            input.module,
            output.warnings.len(),
            rendered(&output.warnings)
        ));
    }
    insta::assert_snapshot!("warnings_vendor_documents", text);
}
