//! Rust names for OpenAPI names: types, fields, variants, operations.
//!
//! Case conversion is `heck`'s; this module adds what makes the result a valid,
//! unique identifier: keyword escaping, leading digits, empty names, collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved) that need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The prelude's derive macros (`Default` aside, which generated code also names as a
/// trait): a type of the same name makes rustdoc's links to it ambiguous (a struct and a
/// derive macro), which `cargo doc -D warnings` refuses, so such a type gets a `2`.
pub const PRELUDE_DERIVES: &[&str] = &["Clone", "Copy", "Debug", "Eq", "Hash", "Ord", "PartialEq", "PartialOrd"];

/// Whether `name` is a Rust keyword, strict, reserved or one that cannot be raw.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || UNRAWABLE.contains(&name)
}

/// Splits an identifier that may carry an `r#` prefix into (is_raw, bare name).
pub fn split_raw(ident: &str) -> (bool, &str) {
    match ident.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, ident),
    }
}

/// The longest name made from one document name, in bytes. A longer one (a
/// 50,000-character `operationId`) is cut and ends with a hash of the whole, so that
/// names cut alike stay apart: every item path, reason and line of code naming it
/// repeats it, and a 369 KB document made `apigen diff` write 501 MB. Real documents'
/// names stay well within (GitHub's longest makes 85 bytes).
const MAX_NAME: usize = 96;

/// `name` (ASCII, from [`upper_camel`] or [`snake`]) within [`MAX_NAME`] bytes: its start
/// and an FNV-1a hash of the whole (hand-written: eight lines, where a crate would be a
/// dependency for one hash), `_`-joined when `snake`.
fn capped(name: String, snake: bool) -> String {
    if name.len() <= MAX_NAME {
        return name;
    }
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    let start = name[..MAX_NAME - 10].trim_end_matches('_');
    if snake { format!("{start}_{hash:08x}") } else { format!("{start}X{hash:08x}") }
}

fn escape(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Keeps only ASCII letters and digits, turning the rest into word separators, so
/// that `heck` sees words (`a.b-c` → `a b c`). Non-ASCII characters are dropped too:
/// some that count as alphanumeric (`²`) cannot be in an identifier, and names that
/// only a few keyboards can type do not help users.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The runs of ASCII letters and digits of `raw`: the words `heck` sees in [`words`]`(raw)`.
fn ascii_words(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty())
}

/// `heck`'s `UpperCamelCase` of [`words`]`(raw)`, told at once for the forms most names
/// of real documents take (`PullRequest`, `pull-request`, `per_page`): `heck` costs
/// thousands of instructions a name (GitHub's model: 0.24 G instructions with `heck`
/// for every name, 0.19 G with these), and handles every other form (acronyms, mixed
/// case). A test compares the two on random names of every form.
fn upper_camel(raw: &str) -> String {
    let bytes = raw.as_bytes();
    // Already UpperCamelCase: every capital after a small letter (no acronym to fold).
    let camel = bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.windows(2).all(|pair| !pair[1].is_ascii_uppercase() || pair[0].is_ascii_lowercase());
    if camel {
        return raw.to_owned();
    }
    if bytes.iter().any(u8::is_ascii_uppercase) {
        return words(raw).to_upper_camel_case();
    }
    // Small letters and digits: each word capitalised.
    let mut name = String::with_capacity(raw.len());
    for word in ascii_words(raw) {
        name.push(char::from(word.as_bytes()[0].to_ascii_uppercase()));
        name.push_str(&word[1..]);
    }
    name
}

/// `heck`'s `snake_case` of [`words`]`(raw)`, told at once when `raw` has no capital
/// letter (see [`upper_camel`]).
fn snake(raw: &str) -> String {
    if raw.bytes().any(|c| c.is_ascii_uppercase()) {
        return words(raw).to_snake_case();
    }
    ascii_words(raw).collect::<Vec<_>>().join("_")
}

/// An `UpperCamelCase` type name; `fallback` is used when `raw` has no letters or digits.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = upper_camel(raw);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}{name}");
    }
    escape(capped(name, false))
}

/// A `snake_case` field, parameter or method name.
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let mut name = snake(raw);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    escape(capped(name, true))
}

/// `stem` with `suffix` appended: `Self_` + `Error` is `SelfError` (the underscore only
/// escapes the keyword, and `Self_Error` would not be UpperCamelCase).
pub fn joined(stem: &str, suffix: &str) -> String {
    match stem.trim_end_matches('_') {
        trimmed if !suffix.is_empty() && !trimmed.is_empty() => format!("{trimmed}{suffix}"),
        _ => format!("{stem}{suffix}"),
    }
}

/// A type name put together from others (`{parent}{member}`), which may hold the `_` of
/// an escaped `Self` inside (`LinkSelf_Rel` → `LinkSelfRel`); type names have no other
/// underscores. (Where the stem and suffix are still apart, [`joined`] does the same.)
pub fn composed_type_name(wanted: &str) -> String {
    let joined = wanted.replace('_', "");
    if joined == "Self" || joined.is_empty() { wanted.to_owned() } else { capped(joined, false) }
}

/// A set of names already taken in one scope; [`Scope::claim`] makes a name unique
/// by appending `2`, `3`, … in the order names are claimed (which callers keep
/// deterministic by walking sorted input).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// Per stem, the first number not yet found taken: names are never given back, so
    /// the search goes on from there (20,000 names with one stem cost linear time, not
    /// quadratic).
    next: std::collections::HashMap<String, u64>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope in which `names` are taken already.
    pub fn with_taken(names: &[&str]) -> Self {
        Scope { taken: names.iter().map(|n| (*n).to_owned()).collect(), next: Default::default() }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name`, or the first free `name2`, `name3`, ….
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        // `r#type` becomes `type2`, `Self_` `Self2`: a keyword with a digit appended is no
        // longer a keyword (and `Self_2` would not be UpperCamelCase; `self_2` is snake case).
        let (_, bare) = split_raw(name);
        let bare = match bare.trim_end_matches('_') {
            stem if stem.starts_with(|c: char| c.is_ascii_uppercase()) => stem,
            _ => bare,
        };
        let mut n = self.next.get(bare).copied().unwrap_or(2);
        loop {
            let candidate = format!("{bare}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next.insert(bare.to_owned(), n);
                return candidate;
            }
        }
    }

    /// Claims a family of names that share a stem: the first of `stem`, `stem2`, …
    /// for which `stem + suffix` is free for every suffix, and claims them all.
    /// Returns the stem. (Operation types: `GetPet`, `GetPetError`, `GetPetSuccess`
    /// must not meet another operation's `GetPetError`.)
    pub fn claim_family(&mut self, stem: &str, suffixes: &[&str]) -> String {
        let (_, bare) = split_raw(stem);
        let key = format!("{bare}\0{}", suffixes.join("\0"));
        let mut n = self.next.get(&key).copied().unwrap_or(1);
        let mut candidate = if n == 1 { stem.to_owned() } else { format!("{bare}{n}") };
        loop {
            let (_, plain) = split_raw(&candidate);
            let free = suffixes.iter().all(|suffix| !self.taken.contains(&joined(plain, suffix)))
                && !self.taken.contains(&candidate);
            if free {
                for suffix in suffixes {
                    self.taken.insert(joined(plain, suffix));
                }
                self.taken.insert(candidate.clone());
                self.next.insert(key, n + 1);
                return candidate;
            }
            n += 1;
            candidate = format!("{bare}{n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names past [`MAX_NAME`] bytes are cut and keep apart by a hash of the whole;
    /// shorter ones are as they were.
    #[test]
    fn long_names_are_cut_and_stay_distinct() {
        let long = |end: &str| format!("{}{end}", "get_every_thing_".repeat(3_000));
        let (a, b) = (snake_name(&long("a"), "op"), snake_name(&long("b"), "op"));
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME && a != b, "{a} {b}");
        assert!(a.starts_with("get_every_thing_get") && a.as_bytes()[a.len() - 9] == b'_', "{a}");
        let ty = type_name(&long("a"), "T");
        assert!(ty.len() <= MAX_NAME && ty.starts_with("GetEveryThingGet") && !ty.contains('_'), "{ty}");
        assert!(composed_type_name(&format!("{ty}{ty}")).len() <= MAX_NAME);
        let limit = "a".repeat(MAX_NAME);
        assert_eq!(snake_name(&limit, "op"), limit);
        // The fallback a leading digit takes counts too.
        assert!(snake_name(&format!("9{}", "k".repeat(100)), "operation").len() <= MAX_NAME);
    }

    /// The quick forms give what `heck` gives, on random names over alphabets that mix
    /// capitals, small letters, digits, separators and non-ASCII letters (a fixed seed).
    #[test]
    fn quick_case_conversions_are_hecks() {
        for alphabet in ["AaBb0Zz19", "ab0z9-_ .", "aZ0-_ .b9Y", "aé Éb_2"] {
            for raw in crate::testing::random_texts(alphabet, 10, 50_000) {
                assert_eq!(upper_camel(&raw), words(&raw).to_upper_camel_case(), "{raw:?}");
                assert_eq!(snake(&raw), words(&raw).to_snake_case(), "{raw:?}");
            }
        }
        for raw in ["PullRequest", "pull-request", "per_page", "HTTPServer", "v2Beta", "Ab1C", "Z1B", "page_2", "a2B"] {
            assert_eq!(upper_camel(raw), words(raw).to_upper_camel_case(), "{raw:?}");
            assert_eq!(snake(raw), words(raw).to_snake_case(), "{raw:?}");
        }
    }

    #[test]
    fn types() {
        assert_eq!(type_name("authorize_external_service_request", "Type"), "AuthorizeExternalServiceRequest");
        assert_eq!(type_name("BrokenRule", "Type"), "BrokenRule");
        assert_eq!(type_name("2fa-code", "Type"), "Type2faCode");
        assert_eq!(type_name("", "Empty"), "Empty");
        assert_eq!(type_name("self", "T"), "Self_");
        assert_eq!(type_name("a.b-c", "T"), "ABC");
        assert_eq!(type_name("x²", "T"), "X");
        assert_eq!(type_name("日本", "Value"), "Value");
    }

    #[test]
    fn fields() {
        assert_eq!(snake_name("ClientSecret", "field"), "client_secret");
        assert_eq!(snake_name("accessToken", "field"), "access_token");
        assert_eq!(snake_name("type", "field"), "r#type");
        assert_eq!(snake_name("self", "field"), "self_");
        assert_eq!(snake_name("+1", "field"), "field_1");
        assert_eq!(snake_name("@timestamp", "field"), "timestamp");
        assert_eq!(snake_name("größe", "field"), "gr_e");
    }

    #[test]
    fn scope_makes_names_unique() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("a"), "a");
        assert_eq!(scope.claim("a"), "a2");
        assert_eq!(scope.claim("a"), "a3");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type2");
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
    }

    #[test]
    fn families_do_not_meet() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim_family("GetPet", &["", "Error"]), "GetPet");
        // `getPetError`'s own type would be `GetPetError`, which `GetPet` took.
        assert_eq!(scope.claim_family("GetPetError", &["", "Error"]), "GetPetError2");
        assert_eq!(scope.claim_family("GetPet", &["", "Error"]), "GetPet2");
        assert_eq!(scope.claim_family("Self_", &["", "Error"]), "Self_");
        assert!(scope.contains("SelfError") && !scope.contains("Self_Error"));
        assert_eq!(joined("Self_", "Error"), "SelfError");
        assert_eq!(joined("Self_", ""), "Self_");
        assert_eq!(composed_type_name("LinkSelf_Rel"), "LinkSelfRel");
        assert_eq!(composed_type_name("Self_"), "Self_");
    }

    #[test]
    fn claims_go_on_from_the_last_number_taken() {
        let mut scope = Scope::with_taken(&["a3"]);
        let names: Vec<String> = (0..5).map(|_| scope.claim("a")).collect();
        assert_eq!(names, ["a", "a2", "a4", "a5", "a6"]);
        assert_eq!(scope.claim("a7"), "a7");
        assert_eq!(scope.claim("a"), "a8");
        let mut many = Scope::new();
        let last = (0..20_000).map(|_| many.claim("A")).last();
        assert_eq!(last.as_deref(), Some("A20000"));
        let mut families = Scope::with_taken(&["GetError"]);
        let stems: Vec<String> = (0..3).map(|_| families.claim_family("Get", &["", "Error"])).collect();
        assert_eq!(stems, ["Get2", "Get3", "Get4"]);
    }
}
