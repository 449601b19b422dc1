//! Output is byte-identical across runs and does not depend on the key order of the
//! input: every API of specs/, the test fixtures and the corpus is generated twice,
//! and once more from copies with every object's keys shuffled.

use apigen::SourceText;
use apigen_tests::root;
use serde_json::Value;

/// JSON text (also valid YAML) with each object's keys in a random order.
fn shuffled(value: &Value, rng: &mut fastrand::Rng) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            rng.shuffle(&mut entries);
            let members: Vec<String> = entries
                .into_iter()
                // A YAML merge key stays one: plain, where a quoted `"<<"` is a key like another.
                .map(|(key, child)| match key.as_str() {
                    "<<" => format!("<<: {}", shuffled(child, rng)),
                    _ => format!("{}: {}", Value::String(key.clone()), shuffled(child, rng)),
                })
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(|item| shuffled(item, rng)).collect::<Vec<_>>().join(", "))
        }
        scalar => scalar.to_string(),
    }
}

fn parse(source: &SourceText) -> Value {
    if source.name.ends_with(".json") {
        serde_json::from_str(&source.text).unwrap()
    } else {
        yaml_serde::from_str(&source.text).unwrap()
    }
}

/// A document, its overlay, and the folder the files it references are read from.
type Document = (String, SourceText, Option<SourceText>, Option<apigen::bundle::Base>);

fn documents() -> Vec<Document> {
    let root = root();
    let mut out = Vec::new();
    for parent in ["specs", "tests/fixtures/specs"] {
        for input in apigen::discover(&root.join(parent)).unwrap() {
            let read = |path: &std::path::Path| SourceText {
                name: path.strip_prefix(&root).unwrap().display().to_string(),
                text: std::fs::read_to_string(path).unwrap(),
            };
            let base = apigen::pipeline::base_of(&input, &root);
            out.push((input.module.clone(), read(&input.spec), input.overlay.as_deref().map(read), Some(base)));
        }
    }
    for file in ["keeper.json", "buildomat.json", "propolis-server.json", "nexus.json", "api.github.com.json"] {
        let path = root.join("../shared/corpus").join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((
            file.trim_end_matches(".json").replace(['.', '-'], "_"),
            SourceText { name: file.into(), text },
            None,
            None,
        ));
    }
    out
}

#[test]
fn same_input_same_bytes_whatever_the_key_order() {
    let mut rng = fastrand::Rng::with_seed(7);
    for (module, spec, overlay, base) in documents() {
        let generate = |spec: &SourceText, overlay: Option<&SourceText>| {
            apigen::pipeline::generate_bundled(&module, spec, overlay, base.as_ref())
                .unwrap_or_else(|d| panic!("{module}: {}", d.iter().map(ToString::to_string).collect::<String>()))
        };
        let first = generate(&spec, overlay.as_ref());
        let second = generate(&spec, overlay.as_ref());
        assert_eq!(first.files, second.files, "{module}: two runs differ");

        let spec_shuffled = SourceText { name: spec.name.clone(), text: shuffled(&parse(&spec), &mut rng) };
        assert_ne!(spec_shuffled.text, serde_json::to_string(&parse(&spec)).unwrap(), "{module}: not shuffled");
        let overlay_shuffled =
            overlay.as_ref().map(|o| SourceText { name: o.name.clone(), text: shuffled(&parse(o), &mut rng) });
        let third = generate(&spec_shuffled, overlay_shuffled.as_ref());
        for (path, text) in &first.files {
            assert!(third.files.get(path) == Some(text), "{module}: {path} depends on key order");
        }
        assert_eq!(first.files.len(), third.files.len());
    }
}
