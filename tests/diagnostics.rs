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

/// Runs one document through the pipeline; the errors and how long it took.
fn errors_of(name: &str, text: String) -> (Vec<apigen::Diagnostic>, std::time::Duration) {
    let spec = apigen::SourceText { name: name.into(), text };
    let started = std::time::Instant::now();
    let result = apigen::generate_source("hostile", &spec, None);
    let elapsed = started.elapsed();
    let Err(diagnostics) = result else { panic!("{name} generated without an error") };
    (diagnostics, elapsed)
}

#[test]
fn fifty_thousand_nested_brackets_are_refused_at_once() {
    const LEVELS: usize = 50_000;
    let head = "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\npaths: {}\n";
    let yaml = format!("{head}x-deep: {}{}\n", "[".repeat(LEVELS), "]".repeat(LEVELS));
    let json = format!(r#"{{"openapi": "3.0.3", "x-deep": {}{}}}"#, "[".repeat(LEVELS), "]".repeat(LEVELS));
    // Level 101 is the 100th bracket (the document is level 1).
    for (name, text, position) in [("deep.yaml", yaml, (4, 9 + 99)), ("deep.json", json, (1, 32 + 99))] {
        let (errors, elapsed) = errors_of(name, text);
        // Before the pre-scan, the YAML readers took over a minute here in a debug build.
        assert!(elapsed.as_secs_f64() < 2.0, "{name} took {elapsed:?}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].position, Some(position), "{}", errors[0]);
        assert!(errors[0].message.contains("nests more than 100 levels"), "{}", errors[0]);
        let frame = errors[0].snippet.as_deref().expect("a code frame");
        assert!(frame.lines().all(|line| line.chars().count() < 200), "{frame}");
    }
}

/// Deeper than 100 levels and shallower than the JSON reader's own limit (128): JSON is
/// read first and scanned only then, and refused at the same place.
#[test]
fn a_json_document_a_level_too_deep_is_refused_where_it_is() {
    let json = |brackets: usize| {
        let deep = format!("{}{}", "[".repeat(brackets), "]".repeat(brackets));
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "x-deep": {deep}}}"#
        )
    };
    let column = json(1).find('[').expect("a bracket") + 1;
    let (errors, _) = errors_of("deep.json", json(110));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].position, Some((1, column + 99)), "{}", errors[0]);
    assert!(errors[0].message.contains("nests more than 100 levels"), "{}", errors[0]);
    let spec = apigen::SourceText { name: "deep.json".into(), text: json(99) };
    let generated = apigen::generate_source("deep", &spec, None);
    assert!(generated.is_ok(), "100 levels are read: {:?}", generated.err());
}

/// A document as deep as is read (100 levels) generates, its path items read and its
/// types printed on the run's own threads, in a debug build too. The run is started on a
/// thread with the main thread's stack, as the command line's runs are.
#[test]
fn a_document_a_hundred_levels_deep_generates() {
    let mut schema = r#"{"type": "string"}"#.to_owned();
    for _ in 0..45 {
        schema = format!(r#"{{"allOf": [{schema}]}}"#);
    }
    let mut component = r#"{"type": "string"}"#.to_owned();
    for _ in 0..45 {
        component = format!(r#"{{"type": "object", "properties": {{"p": {component}}}}}"#);
    }
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{"/x": {{"get": {{"operationId": "x", "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {schema}}}}}}}}}}}}}}}, "components": {{"schemas": {{"A": {component}}}}}}}"#
    );
    let spec = apigen::SourceText { name: "deep.json".into(), text };
    let run =
        std::thread::Builder::new().stack_size(8 << 20).spawn(move || apigen::generate_source("deep", &spec, None));
    let generated = run.unwrap().join().expect("no thread overflows its stack");
    assert!(generated.is_ok(), "{:?}", generated.err());
}

/// An overlay may make a document deeper than any one file may be: past what the
/// reader of the typed document takes, it is refused there, not further on.
#[test]
fn a_document_an_overlay_makes_too_deep_is_refused_when_read() {
    let nest = |levels: usize| {
        let mut schema = r#"{"type": "string"}"#.to_owned();
        for _ in 0..levels {
            schema = format!(r#"{{"type": "object", "properties": {{"p": {schema}}}}}"#);
        }
        schema
    };
    let spec = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Deep", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{"A": {}}}}}}}"#,
        nest(45)
    );
    let target = format!("$.components.schemas.A{}", ".properties.p".repeat(45));
    let overlay = format!(
        r#"{{"overlay": "1.0.0", "info": {{"title": "Deeper", "version": "1"}}, "actions": [{{"target": "{target}", "update": {}}}]}}"#,
        nest(45)
    );
    let spec = apigen::SourceText { name: "deep.json".into(), text: spec };
    let overlay = apigen::SourceText { name: "overlay.json".into(), text: overlay };
    let Err(errors) = apigen::generate_source("deep", &spec, Some(&overlay)) else { panic!("generated") };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|m| m.contains("recursion limit")), "{messages:#?}");
    assert!(messages.iter().all(|m| !m.contains("effective document")), "{messages:#?}");
}

#[test]
fn an_error_in_a_minified_document_shows_a_short_frame() {
    // About 1.6 MB on one line, with a wrong type in the middle.
    let schema = r#"{"type":"object","description":"A thing with a long enough description.","properties":{"id":{"type":"string"}}}"#;
    let mut schemas: Vec<String> = (0..14_000).map(|i| format!(r#""Thing{i}":{schema}"#)).collect();
    schemas.insert(7_000, r#""Bad":{"type":"strnig"}"#.into());
    let text = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Minified","version":"1"}},"paths":{{}},"components":{{"schemas":{{{}}}}}}}"#,
        schemas.join(",")
    );
    assert!(text.len() > 1_500_000);
    let (errors, elapsed) = errors_of("minified.json", text.clone());
    assert!(elapsed.as_secs_f64() < 20.0, "took {elapsed:?}");
    let column = text.find("\"strnig\"").expect("the bad type") - "\"type\":".len() + 1;
    assert_eq!(errors[0].position, Some((1, column)), "{}", errors[0]);
    assert_eq!(errors[0].pointer, "/components/schemas/Bad/type");
    let frame = errors[0].snippet.as_deref().expect("a code frame");
    let line = frame.lines().find(|line| line.starts_with("1 │")).expect("the source line");
    assert!(line.starts_with("1 │ …") && line.ends_with('…') && line.chars().count() < 130, "{frame}");
    assert!(line.contains(r#"},"Bad":{"type":"strnig"},"Thing"#), "{frame}");
}

/// What was refused or dropped without a word: a byte order mark before a YAML
/// document, a 3.1 operation without `responses` (optional there), and a path that does
/// not start with `/` (not read: now a warning says so, where it is).
#[test]
fn documents_are_read_as_written_or_said_why_not() {
    let generate = |name: &str, text: &str| {
        let spec = apigen::SourceText { name: name.into(), text: text.into() };
        apigen::generate_source("api", &spec, None).unwrap_or_else(|d| panic!("{name}: {d:?}"))
    };
    let bom = generate("bom.yaml", "\u{feff}openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(bom.warnings.is_empty(), "{:?}", bom.warnings);
    let no_responses =
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n";
    assert_eq!(generate("no_responses.yaml", no_responses).operations, 1);
    let relative = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  pets: {get: {responses: {'204': {description: ok}}}}\n";
    let output = generate("relative.yaml", relative);
    assert_eq!(output.operations, 0);
    let warning = output.warnings.iter().find(|w| w.pointer == "/paths/pets").expect("a warning at the path");
    assert!(warning.message.contains("does not start with `/`") && warning.position == Some((4, 3)), "{warning}");
}

/// `$anchor` is a keyword of 3.1 (JSON Schema 2020-12): a 3.0 document's is ignored, as
/// its warning says, and a reference to it names nothing.
#[test]
fn anchors_are_followed_in_3_1_only() {
    let document = |version: &str| {
        let text = format!(
            r##"{{"openapi": "{version}", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
              "components": {{"schemas": {{"Money": {{"$anchor": "money", "type": "integer"}},
                "Price": {{"$ref": "#money"}}}}}}}}"##
        );
        apigen::generate_source("a", &apigen::SourceText { name: "a.json".into(), text }, None)
    };
    assert!(document("3.1.0").is_ok());
    let Err(diagnostics) = document("3.0.3") else { panic!("a 3.0 reference to an anchor names nothing") };
    let said: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(said.iter().any(|m| m.contains("keyword `$anchor` of a schema is OpenAPI 3.1")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("no schema has `$anchor: money`")), "{said:?}");
}
