//! The effective document's YAML (`apigen::effective`) reads back as the JSON it was
//! written from, with two YAML readers (libyaml's, through `yaml_serde`, and
//! `yaml-rust2`), and no string is written plain where a YAML 1.1 reader would take it
//! for a boolean, a number, a date or null.

use apigen_tests::root;
use serde_json::{Map, Value};

/// `value` through `apigen::effective::yaml` and back with both readers.
fn assert_reads_back(name: &str, value: &Value) {
    let json = serde_json::to_string(value).unwrap();
    let yaml = apigen::effective::yaml("# preamble\n", &json).unwrap();
    let libyaml: Value = yaml_serde::from_str(&yaml).unwrap_or_else(|e| panic!("{name}: libyaml: {e}\n{yaml}"));
    assert!(libyaml == *value, "{name}: libyaml reads another value back");
    let mut docs = yaml_rust2::YamlLoader::load_from_str(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    assert!(from_yaml_rust2(docs.remove(0)) == *value, "{name}: yaml-rust2 reads another value back");
}

fn from_yaml_rust2(yaml: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::from(i),
        // An integer beyond `i64` (a `uint64` bound) is a real to yaml-rust2.
        Yaml::Real(text) => text.parse::<u64>().map_or_else(|_| Value::from(text.parse::<f64>().unwrap()), Value::from),
        Yaml::String(text) => Value::String(text),
        Yaml::Array(items) => Value::Array(items.into_iter().map(from_yaml_rust2).collect()),
        Yaml::Hash(hash) => {
            let entries = hash.into_iter().map(|(key, value)| match key {
                Yaml::String(key) => (key, from_yaml_rust2(value)),
                other => panic!("a key that is not a string: {other:?}"),
            });
            Value::Object(entries.collect())
        }
        other => panic!("not JSON's data model: {other:?}"),
    }
}

#[test]
fn every_document_at_hand_reads_back_as_written() {
    let root = root();
    let mut files = Vec::new();
    for folder in ["specs", "tests/fixtures/specs"] {
        for input in apigen::discover(&root.join(folder)).unwrap() {
            files.push(input.spec.clone());
            files.extend(input.overlay.clone());
        }
    }
    for file in ["keeper.json", "nexus.json", "api.github.com.json", "versions/adyen_checkout_v70.json"] {
        files.push(root.join("../shared/corpus").join(file));
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: Value = if file.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).unwrap()
        } else {
            yaml_serde::from_str(&text).unwrap()
        };
        assert_reads_back(&file.display().to_string(), &value);
    }
}

/// Every string of up to three characters of an alphabet of YAML's indicators, spaces,
/// line breaks, quotes, escapes and invisible characters, and words YAML 1.1 resolves.
fn hazards() -> Vec<String> {
    let alphabet = [
        'a',
        '1',
        ' ',
        '\n',
        '\t',
        '\r',
        '\0',
        ':',
        '#',
        '-',
        '?',
        '\'',
        '"',
        '\\',
        '.',
        '{',
        '[',
        ',',
        '!',
        '&',
        '*',
        '|',
        '>',
        '%',
        '@',
        '`',
        '~',
        '=',
        '<',
        '+',
        'é',
        '\u{85}',
        '\u{2028}',
        '\u{202e}',
        '\u{feff}',
        '\u{61c}',
        '\u{e0041}',
    ];
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..3 {
        last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
        out.extend(last.iter().cloned());
    }
    let words = "y Y n N yes Yes NO on Off true FALSE null Null NULL ~ .inf -.Inf .NaN 0x1F 0o17 017 0b101 1_000 \
        1e5 1.5e-3 +1 -1 .5 1:20 190:20:30 2020-01-21 2001-12-14t21:59:43.10-05:00 << = - --- ... \
        a:b a: b a #b a# #a |a >a a\n\nb \na a\n a\n\n a\nb\n";
    out.extend(words.split(' ').map(str::to_owned));
    out.push("k".repeat(1500));
    // Keys of at most 1000 characters that quoting or escaping makes longer than YAML
    // allows an implicit key to be.
    out.extend(["'".repeat(512), "\n".repeat(512), "\u{1}".repeat(171), "'".repeat(1000)]);
    out.push(format!("{}\nmore", "long line ".repeat(200)));
    out
}

#[test]
fn strings_that_look_like_something_else_read_back_as_strings() {
    let strings = hazards();
    let map: Map<String, Value> = strings.iter().map(|s| (s.clone(), Value::String(s.clone()))).collect();
    let items: Vec<Value> = strings.iter().map(|s| Value::String(s.clone())).collect();
    let mut nested = Map::new();
    nested.insert("map".into(), Value::Object(map.clone()));
    nested.insert("list".into(), Value::Array(items.clone()));
    nested.insert(
        "lists".into(),
        Value::Array(vec![Value::Array(items.clone()), Value::Object(map.clone()), json_empties()]),
    );
    assert_reads_back("hazards", &Value::Object(nested));
    // Explicit keys (longer than an implicit key may be) first in a sequence's item,
    // with a literal block, a mapping, a sequence and an empty mapping as values.
    let long = "a".repeat(1200);
    let explicit = serde_json::json!([
        { long.clone(): "a\nb\n", "b": 1 },
        { long.clone(): { "x": [1] } },
        { long.clone(): ["a", ["b"]] },
        { long: {} },
    ]);
    assert_reads_back("explicit keys", &explicit);
    // The same strings as whole documents, without a mapping around them: the words and
    // long texts, and every 25th of the short ones.
    for (_, s) in strings.iter().enumerate().filter(|(i, s)| i % 25 == 0 || s.chars().count() > 3) {
        assert_reads_back(&format!("{s:?} alone"), &Value::String(s.clone()));
    }
}

fn json_empties() -> Value {
    serde_json::json!({ "a": {}, "b": [], "c": [{}, [], [[]], null, true, 1, -2, 1.5, 1e100], "": { "": "" } })
}

/// What a YAML 1.1 reader (PyYAML's resolvers, and the spec's `y`/`n`) takes a plain
/// scalar for when it is not a string.
fn yaml_1_1_resolves(text: &str) -> bool {
    static RESOLVERS: std::sync::LazyLock<regex::RegexSet> =
        std::sync::LazyLock::new(|| regex::RegexSet::new(RESOLVED).unwrap());
    RESOLVERS.is_match(text)
}

const RESOLVED: [&str; 6] = [
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    r"^(?:~|null|Null|NULL|)$",
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?",
    r"^(?:<<|=)$",
];

#[test]
fn no_plain_string_is_a_yaml_1_1_boolean_number_date_or_null() {
    let github = std::fs::read_to_string(root().join("../shared/corpus/api.github.com.json")).unwrap();
    let github: Value = serde_json::from_str(&github).unwrap();
    let mut strings = hazards();
    collect_strings(&github, &mut strings);
    let mut plain = 0;
    for s in &strings {
        let json = serde_json::to_string(&Value::Array(vec![Value::String(s.clone())])).unwrap();
        let yaml = apigen::effective::yaml("", &json).unwrap();
        let written = yaml.strip_prefix("- ").and_then(|w| w.strip_suffix('\n')).unwrap();
        if !written.starts_with(['\'', '"', '|']) {
            plain += 1;
            assert_eq!(written, s, "a plain string is written as it is");
            assert!(!yaml_1_1_resolves(written), "{s:?} is written plain but YAML 1.1 reads something else");
        }
    }
    assert!(plain > 10_000, "most of GitHub's strings are written plain ({plain})");
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Object(map) => map.iter().for_each(|(key, item)| {
            out.push(key.clone());
            collect_strings(item, out);
        }),
        _ => {}
    }
}

/// Characters that make text read otherwise than it is: none is written as it is.
#[test]
fn invisible_characters_are_escaped() {
    let invisible = [
        '\u{61c}',
        '\u{3164}',
        '\u{115f}',
        '\u{ad}',
        '\u{180e}',
        '\u{200b}',
        '\u{202e}',
        '\u{2066}',
        '\u{feff}',
        '\u{e0041}',
        '\u{85}',
    ];
    for c in invisible {
        let value = serde_json::json!({ format!("key{c}"): format!("value{c}"), "list": [format!("a{c}\nb")] });
        let yaml = apigen::effective::yaml("", &value.to_string()).unwrap();
        assert!(!yaml.contains(c), "{c:?} is written as it is:\n{yaml}");
        assert_reads_back(&format!("{c:?}"), &value);
    }
}

/// Floats are written in a form YAML 1.1 readers also read as floats (`1.0e+300`, not
/// `1e300`), and read back as the same numbers.
#[test]
fn floats_are_floats_to_yaml_1_1_readers() {
    let floats =
        [1.0, 1.5, -0.5, 1e300, 1e-7, 5e-324, 1e20, 1e16, 123_456.789, 1.5e-3, f64::MAX, f64::MIN_POSITIVE, -2.5e-10];
    let float = regex::Regex::new(RESOLVED[3]).unwrap();
    for x in floats {
        let value = Value::Array(vec![Value::from(x)]);
        let yaml = apigen::effective::yaml("", &value.to_string()).unwrap();
        let written = yaml.strip_prefix("- ").and_then(|w| w.strip_suffix('\n')).unwrap();
        assert!(float.is_match(written), "{x} is written {written}, which YAML 1.1 does not read as a float");
        assert_reads_back(written, &value);
    }
}
