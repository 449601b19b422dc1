//! `cargo xtask diff` classifications, pair by pair: each pair is a bundled API (its
//! document and overlay from `specs/`), overlay actions applied to both sides (`base`)
//! and actions applied to the new side only (`change`). The expected changes are the
//! exact set the diff must report, as (kind, severity, item).
//!
//! The pairs live in `pairs/mod.rs`: `witness.rs` compiles code against both generated
//! versions of each pair.

#[path = "pairs/mod.rs"]
mod pairs;

use apigen::Surface;
use apigen::diff::git::ApiTexts;
use apigen::diff::{Bump, Change, Severity, cli, diff};
use apigen_tests::root;
use pairs::{PAIRS, texts};
use serde_json::Value;

use Severity::{Breaking as B, Compatible as C, Patch as P};

fn surface(texts: &ApiTexts) -> Surface {
    cli::surfaces(std::slice::from_ref(texts)).unwrap_or_else(|e| panic!("{}: {e}", texts.module)).remove(0)
}

fn key(change: &Change) -> (String, Severity, String) {
    (change.kind.clone(), change.severity, change.item.clone())
}

#[test]
fn every_pair_is_classified_as_expected() {
    let mut failures = Vec::new();
    for pair in PAIRS {
        let generated = |texts: ApiTexts| cli::surfaces(&[texts]).map(|mut s| s.remove(0));
        let (before, after) = match (generated(pair.before()), generated(pair.after())) {
            (Ok(before), Ok(after)) => (before, after),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{}: does not generate:\n{e}", pair.id));
                continue;
            }
        };
        let changes = diff(std::slice::from_ref(&before), std::slice::from_ref(&after));
        if std::env::var_os("APIGEN_DIFF_SHOW").is_some() {
            // `APIGEN_DIFF_SHOW=1 cargo test -p apigen-tests --test diff -- --nocapture` shows the reasons.
            println!("{}\n{}", pair.id, changes.iter().map(|c| format!("  {c:?}\n")).collect::<String>());
        }
        let mut got: Vec<_> = changes.iter().map(key).collect();
        let mut want: Vec<_> = pair.expect.iter().map(|(k, s, i)| (k.to_string(), *s, i.to_string())).collect();
        got.sort();
        want.sort();
        if got != want {
            let reasons: Vec<String> = changes.iter().map(|c| format!("    {} {}", c.kind, c.reason)).collect();
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}\n{}", pair.id, reasons.join("\n")));
        }
        for change in &changes {
            assert!(
                change.reason.starts_with(&format!("{}::", change.api))
                    || change.reason.starts_with(&format!("{}#", change.api))
                    || change.reason.starts_with(&format!("{}:", change.api)),
                "{}: the reason names the Rust item: {}",
                pair.id,
                change.reason
            );
            assert!(!change.reason.contains('\n'), "{}: one line: {}", pair.id, change.reason);
        }
    }
    assert!(failures.is_empty(), "{} pair(s) differ:\n{}", failures.len(), failures.join("\n"));
}

/// What binaries built before see, and renames that break nothing, said in the reason.
#[test]
fn reasons_say_what_binaries_built_before_see() {
    let cases = [
        ("response-field-now-optional", "fail to decode answers without it"),
        ("success-status-added-same-type", "answers with status 203 arrive as Ok, as before"),
        (
            "default-takes-undocumented-successes",
            "statuses 201, 203 the document does not list are no longer read as the success; wire: once rebuilt they arrive as Error::Api holding GetAccountError::Default",
        ),
        ("default-takes-undocumented-successes", "(were Error::UnexpectedStatus (Ok for 201, 203))"),
        ("request-field-now-required", "binaries built before send requests without it where it was not set"),
        (
            "request-max-length-loosened",
            "binaries built before still refuse them, received values they send back included",
        ),
        ("success-type", "wire: binaries built before read the body as"),
        (
            "operation-path-changed",
            "requests go to the new route once rebuilt; binaries built before still call the old one",
        ),
        (
            "security-requirement-added",
            "binaries built before send them without credentials, which the server may answer 401",
        ),
        (
            "parameter-location",
            "binaries built before still send the old one, which a server reading only the new one ignores",
        ),
        ("body-media-type", "binaries built before still send"),
        (
            "response-field-added-beside-additional-properties",
            "binaries built before read it into additional_properties when its value is a String, and fail to decode answers with it otherwise",
        ),
        (
            "response-field-optional-with-default",
            "reads as \"open\"; binaries built before fail to decode answers without it",
        ),
        ("response-union-now-nullable", "binaries built before read null as Unrecognized"),
        ("operation-deprecated", "now #[deprecated] (uses warn), and the document says \"Use the v2 route.\""),
        ("parameter-deprecated", "; the document says \"Use `pageSize`.\""),
        (
            "deprecation-message-changed",
            "field tags: what the document says to use instead is now \"Use `names` instead.\" (was \"Use `labels` instead.\")",
        ),
        (
            "response-field-of-a-new-type",
            "core_banking::types::Address: new struct (response), held by Account::address",
        ),
        (
            "error-status-added-beside-default-of-another-type",
            "core_banking::types::Conflict: new struct (response), answered by Client::get_account",
        ),
        (
            "response-field-deprecated",
            "field tags now deprecated by the document, which says \"Use `labels` instead.\" (its documentation",
        ),
        (
            "request-field-now-read-only",
            "field note both ways → readOnly; Rust type unchanged (Option<String>), its documentation says which way it travels; wire: servers may now ignore or refuse it in requests, and binaries built before send it when it is set",
        ),
        ("request-field-default-added", "required → optional (with the default \"client_credentials\")"),
        ("response-field-optional-with-default", "required → optional (with the default \"open\")"),
        (
            "error-status-added-beside-default-of-another-type",
            "(were Error::Api holding GetAccountError::Default when the body is a Problem, else Error::Decode)",
        ),
        (
            "error-media-type-json-to-text",
            "binaries built before still read the body as JSON and fail to decode one that is not",
        ),
        ("response-required-field-nullable", "fail to decode answers with null"),
        ("response-field-read-only", "required → optional (it is now readOnly or writeOnly, so sent one way only)"),
        (
            "read-only-field-type-now-sent",
            "required → optional (it is readOnly, and its type now travels the other way too)",
        ),
        ("response-field-format-changes-type", "fail to decode values that do not fit i32"),
        (
            "error-status-added",
            "answers with status 400 arrive as Error::Api holding AuthenticateClientError::BadRequest (were ",
        ),
        ("security-requirement-added", "calls without bearerAuth now fail with MissingCredentials"),
        (
            "security-requirement-tightened",
            "set up only for bearerAuth now fails with MissingCredentials until it is given ApiKeyAuth + bearerAuth",
        ),
        ("request-enum-now-received", "gains the Unrecognized variant (the enum is non_exhaustive)"),
        ("response-type-now-sent", "gains new(…) and with_… setters; builder() stays"),
        ("type-deprecated", "struct now deprecated by the document, which says \"Use `Company` instead.\""),
        ("response-field-wire-name", "is \"Tags\" on the wire (was \"tags\"); Rust API unchanged"),
        ("response-enum-value-wire", "binaries built before decode \"CLOSED\" as Unrecognized"),
        (
            "union-tag-value",
            "values with \"kitty\" are read as it too; binaries built before read \"kitty\" as Unrecognized",
        ),
        ("union-tag-value-moved", "binaries built before read \"tabby\" as Dog (rebuilt ones as Cat)"),
        ("success-added-beside-default", "answers with status 200 arrive as Ok, as before"),
        ("enum-field-replaced", "AccountStatus: enum removed; perhaps replaced by AccountState"),
        ("error-range-added", "answers with status 4XX other than 404, 409 arrive as Error::Api holding"),
        ("union-member-added", "no tag chooses it: a value that fits it and an older member may now be read as it"),
        ("success-added-beside-default", "2XX no longer documented; wire: such answers arrive as Error::Api holding"),
        ("operation-renamed", "AuthorizeExternalServiceError is now IssueTokenError"),
        ("request-required-field-added", "new(…) takes one more argument (number 1 of 3)"),
        ("request-required-field-added", "binaries built before send requests without it, which the server may refuse"),
        ("request-field-removed", "field client_id removed; wire: binaries built before still send it"),
        ("response-field-removed", "field message removed; wire: binaries built before read it as absent"),
        ("response-field-renamed", "field message removed; perhaps renamed to detail"),
        (
            "response-field-renamed",
            "field detail: Option<String> added (response type: the struct is non_exhaustive and built with builder()); perhaps message renamed",
        ),
        ("path-parameter-renamed", "positional argument account_id is now named account"),
        ("type-renamed", "renamed to Trustee, the same struct"),
        ("type-name-taken", "the same type under its new name: nothing changes on the wire"),
        ("type-name-taken", "now names another enum"),
        ("parameter-name-taken", "code naming limit still compiles and now means the query parameter \"Limit\""),
        ("enum-variant-name-taken", "code naming Open still compiles and now means the value \"OPEN\""),
        ("operation-type-name-taken", "GetAccountError is now GetAccount2Error; code naming the old type must name"),
        ("union-variant-name-taken", "the Person it held is now variant Person2: patterns `Person(..)` still compile"),
        ("field-removed-name-taken", "code naming tag still compiles and now means the field \"tag\""),
        ("field-name-taken-other-type", "id now names the field \"Id\", which is used otherwise"),
        (
            "builder-name-taken",
            "builder() returns AccountBuilder2 (was AccountBuilder); AccountBuilder now names another struct",
        ),
    ];
    // An optional field (an `Option`) read null as `None` before it was nullable.
    let pair = PAIRS.iter().find(|p| p.id == "response-field-nullable").unwrap();
    let changes = diff(&[surface(&pair.before())], &[surface(&pair.after())]);
    assert!(changes.iter().all(|c| !c.reason.contains("with null")), "{changes:?}");
    // A required `readOnly` field of a type now sent too is optional in Rust, but answers
    // still carry it: binaries built before decode them as before.
    let pair = PAIRS.iter().find(|p| p.id == "read-only-field-type-now-sent").unwrap();
    let changes = diff(&[surface(&pair.before())], &[surface(&pair.after())]);
    assert!(changes.iter().all(|c| !c.reason.contains("fail to decode")), "{changes:?}");
    for (id, phrase) in cases {
        let pair = PAIRS.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no pair {id}"));
        let changes = diff(&[surface(&pair.before())], &[surface(&pair.after())]);
        let reasons: Vec<&str> = changes.iter().map(|c| c.reason.as_str()).collect();
        assert!(reasons.iter().any(|r| r.contains(phrase)), "{id}: no reason says {phrase:?}:\n{}", reasons.join("\n"));
    }
}

#[test]
fn the_pairs_cover_every_kind_and_both_sides_generate() {
    let ids: std::collections::BTreeSet<&str> = PAIRS.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), PAIRS.len(), "pair ids are unique");
    let apis: std::collections::BTreeSet<&str> = PAIRS.iter().map(|p| p.api).collect();
    assert_eq!(apis.len(), apigen_tests::apis().len(), "every bundled API has pairs");
    let kinds: std::collections::BTreeSet<&str> = PAIRS.iter().flat_map(|p| p.expect.iter().map(|e| e.0)).collect();
    for kind in [
        "operation-added",
        "operation-removed",
        "operation-renamed",
        "parameter-added",
        "parameter-removed",
        "parameter-requiredness",
        "parameter-type",
        "parameter-position",
        "parameter-renamed",
        "operation-path-spelling",
        "field-added",
        "field-removed",
        "field-requiredness",
        "field-nullability",
        "field-type",
        "field-format",
        "field-wire-name",
        "constructor-order",
        "field-deprecated",
        "parameter-deprecated",
        "parameter-idempotency-key",
        "stray-statuses",
        "type-direction",
        "type-renamed",
        "type-replaced",
        "builder-renamed",
        "operation-types-renamed",
        "enum-variant-renamed",
        "union-member-renamed",
        "constraint-tightened",
        "constraint-loosened",
        "enum-value-added",
        "enum-value-removed",
        "enum-value-wire",
        "enum-values-reordered",
        "union-members-reordered",
        "status-added",
        "status-removed",
        "success-type",
        "body-media-type",
        "response-media-type",
        "security-requirement",
        "security-scheme-added",
        "security-scheme-removed",
        "token-provider-removed",
        "security-scheme-renamed",
        "token-flow-added",
        "token-flow-removed",
        "token-url-changed",
        "server-added",
        "server-removed",
        "server-variable-added",
        "server-variable-removed",
        "token-changed",
        "union-tag-value",
        "union-conversion-removed",
        "union-conversion-added",
        "docs",
    ] {
        assert!(kinds.contains(kind), "no pair covers {kind}");
    }
}

/// A requirement naming a scheme that is a `$ref` to another asks for that one's
/// credential: moving between the two names, or making a scheme an alias, strands no client.
#[test]
fn requirements_are_judged_by_the_credentials_they_ask_for() {
    let document = |requirement: &str, key: &str| {
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
              "paths": {{"/a": {{"get": {{"operationId": "getA", "security": [{{"{requirement}": []}}],
                "responses": {{"204": {{"description": "ok"}}}}}}}}}},
              "components": {{"securitySchemes": {{"ApiKey": {{"type": "apiKey", "in": "header", "name": "X-Key"}}, "key": {key}}}}}}}"#
        );
        let spec = apigen::SourceText { name: "a.json".into(), text };
        apigen::surface_source("a", &spec, None).unwrap_or_else(|d| panic!("{d:?}")).0
    };
    let alias = r##"{"$ref": "#/components/securitySchemes/ApiKey"}"##;
    let plain = r#"{"type": "apiKey", "in": "header", "name": "X-Key"}"#;
    let kinds = |old: &Surface, new: &Surface| -> Vec<String> {
        diff(std::slice::from_ref(old), std::slice::from_ref(new)).iter().map(|c| c.kind.clone()).collect()
    };
    // `key` → `ApiKey`, where `key` is an alias of `ApiKey`: the same credential.
    assert!(kinds(&document("key", alias), &document("ApiKey", alias)).is_empty());
    // `key` made an alias of `ApiKey`: `with_key` sets the credential asked for.
    assert!(kinds(&document("key", plain), &document("key", alias)).is_empty());
    // The other way, a plain `key` asked for: a client set up with `with_api_key` is stranded.
    let changes = diff(std::slice::from_ref(&document("ApiKey", alias)), std::slice::from_ref(&document("key", plain)));
    let reason = &changes.iter().find(|c| c.kind == "security-requirement").expect("a requirement change").reason;
    assert!(reason.contains("a client set up only for ApiKey now fails with MissingCredentials"), "{reason}");
}

#[test]
fn apis_added_and_removed() {
    let forte = surface(&texts("forte", &[]));
    let added = diff(&[], std::slice::from_ref(&forte));
    assert_eq!(added.iter().map(key).collect::<Vec<_>>(), [("api-added".to_owned(), C, "forte".to_owned())]);
    let removed = diff(std::slice::from_ref(&forte), &[]);
    assert_eq!(removed.iter().map(key).collect::<Vec<_>>(), [("api-removed".to_owned(), B, "forte".to_owned())]);
    assert!(diff(std::slice::from_ref(&forte), std::slice::from_ref(&forte)).is_empty());
}

#[test]
fn the_most_severe_change_decides_the_bump() {
    let change = |severity| Change {
        api: "a".into(),
        severity,
        kind: "k".into(),
        item: "a::x".into(),
        reason: "a::x: r".into(),
    };
    assert_eq!(Bump::of(&[]), Bump::None);
    assert_eq!(Bump::of(&[change(P)]), Bump::Patch);
    assert_eq!(Bump::of(&[change(P), change(C)]), Bump::Minor);
    assert_eq!(Bump::of(&[change(C), change(B), change(P)]), Bump::Major);
    assert!(Bump::Major.explain().contains("0.3.1 → 0.4.0"));
    // The next version, by Cargo's rules for 0.y.z and 0.0.z too.
    let next = |bump: Bump, current: &str| bump.next(&semver::Version::parse(current).unwrap()).to_string();
    let cases = [
        (Bump::Major, "1.4.2", "2.0.0"),
        (Bump::Minor, "1.4.2", "1.5.0"),
        (Bump::Patch, "1.4.2", "1.4.3"),
        (Bump::None, "1.4.2", "1.4.2"),
        (Bump::Major, "0.3.1", "0.4.0"),
        (Bump::Minor, "0.3.1", "0.3.2"),
        (Bump::Patch, "0.3.1", "0.3.2"),
        (Bump::Minor, "0.0.3", "0.0.4"),
        (Bump::Major, "1.0.0-rc.1", "2.0.0"),
        // No change: the version as it is, a pre-release too; the largest part stays.
        (Bump::None, "1.0.0-alpha.1", "1.0.0-alpha.1"),
        (Bump::Major, "18446744073709551615.0.0", "18446744073709551615.0.0"),
        (Bump::Major, "0.18446744073709551615.5", "0.18446744073709551615.5"),
        (Bump::Minor, "0.0.18446744073709551615", "0.0.18446744073709551615"),
    ];
    for (bump, current, expected) in cases {
        assert_eq!(next(bump, current), expected, "{bump:?} after {current}");
    }
    // Said for the version the crate is at: no "major" beside 0.1.0 → 0.2.0 unexplained.
    let explained = |bump: Bump, current: &str| bump.explain_for(&semver::Version::parse(current).unwrap());
    assert_eq!(
        explained(Bump::Major, "0.1.0"),
        "breaking changes: bump the minor version, which is the major one of a 0.x crate"
    );
    assert_eq!(explained(Bump::Minor, "1.4.2"), "compatible changes: bump the minor version");
    assert_eq!(
        explained(Bump::Major, "0.0.3"),
        "breaking changes: bump the patch version (in a 0.0.z crate every version is incompatible with the others)"
    );
}

/// A scratch git repository with `specs/` copied from this one.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str, apis: &[&str]) -> Scratch {
        let dir = std::env::temp_dir().join(format!("apigen-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("specs")).unwrap();
        for api in apis {
            std::fs::create_dir_all(dir.join("specs").join(api)).unwrap();
            for entry in std::fs::read_dir(root().join("specs").join(api)).unwrap() {
                let path = entry.unwrap().path();
                std::fs::copy(&path, dir.join("specs").join(api).join(path.file_name().unwrap())).unwrap();
            }
        }
        let scratch = Scratch(dir);
        scratch.git(&["init", "--quiet"]);
        scratch.git(&["add", "specs"]);
        scratch.git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "commit",
            "--quiet",
            "--allow-empty",
            "-m",
            "specs",
        ]);
        scratch
    }

    fn git(&self, args: &[&str]) {
        let status = std::process::Command::new("git").arg("-C").arg(&self.0).args(args).status().unwrap();
        assert!(status.success(), "git {args:?}");
    }

    fn run(&self, args: &[&str]) -> cli::Outcome {
        cli::run(&self.0, &cli::parse_args(args).unwrap())
    }

    fn append_to_overlay(&self, api: &str, actions: &str) {
        let path = self.0.join("specs").join(api).join("overlay.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{actions}")).unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Parses stdout as exactly one JSON object (serde_json rejects anything after it).
fn json(outcome: &cli::Outcome) -> Value {
    let value: Value = serde_json::from_str(&outcome.stdout).unwrap_or_else(|e| panic!("{e}: {}", outcome.stdout));
    assert!(value.is_object(), "{value}");
    value
}

#[test]
fn diff_against_a_git_revision_end_to_end() {
    let repo = Scratch::new("e2e", &["forte", "opencrvs"]);
    // Nothing changed.
    let same = repo.run(&["--json", "--fail-on-breaking"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    let value = json(&same);
    assert_eq!(value["base"], "HEAD");
    assert_eq!(value["semver"], "none");
    assert_eq!(value["changes"], serde_json::json!([]));

    // A compatible change: exit 0 even with --fail-on-breaking.
    repo.append_to_overlay(
        "opencrvs",
        "  - {target: \"$.paths['/auth/token'].post.responses\", update: {'400': {description: Bad request.}}}\n",
    );
    let compatible = repo.run(&["--json", "--fail-on-breaking"]);
    assert_eq!(compatible.code, 0, "{}", compatible.stderr);
    let value = json(&compatible);
    assert_eq!(value["semver"], "minor");
    assert_eq!(value["changes"][0]["severity"], "compatible");
    assert_eq!(value["changes"][0]["bump"], "minor");
    assert_eq!(value["changes"][0]["item"], "opencrvs::AuthenticateClientError::BadRequest");
    assert_eq!(value["head"], "working tree");

    // A breaking change, and an API added.
    repo.append_to_overlay(
        "forte",
        "  - {target: $.components.schemas.authorize_external_service_request.properties.client_id, remove: true}\n",
    );
    std::fs::create_dir_all(repo.0.join("specs/frontstream")).unwrap();
    for file in ["openapi.json", "overlay.yaml"] {
        std::fs::copy(root().join("specs/frontstream").join(file), repo.0.join("specs/frontstream").join(file))
            .unwrap();
    }
    let breaking = repo.run(&["--base", "HEAD", "--json", "--fail-on-breaking"]);
    assert_eq!(breaking.code, 1, "{}", breaking.stderr);
    let value = json(&breaking);
    assert_eq!(value["semver"], "major");
    let changes = value["changes"].as_array().unwrap();
    let find = |kind: &str| changes.iter().find(|c| c["kind"] == kind).unwrap_or_else(|| panic!("{kind}: {changes:?}"));
    assert_eq!(find("field-removed")["severity"], "breaking");
    assert_eq!(find("field-removed")["bump"], "major");
    assert_eq!(find("field-removed")["api"], "forte");
    assert_eq!(
        find("field-removed")["reason"],
        "forte::types::AuthorizeExternalServiceRequest: field client_id removed; wire: binaries built before still send it"
    );
    assert_eq!(find("api-added")["item"], "frontstream");
    // Without --fail-on-breaking it ran: 0. Text and Markdown say the same.
    let text = repo.run(&[]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("breaking   field-removed"), "{}", text.stdout);
    assert!(text.stdout.contains("suggested version bump: major"), "{}", text.stdout);
    let markdown = repo.run(&["--markdown"]);
    assert!(
        markdown
            .stdout
            .contains("| **breaking** | field-removed | `forte::types::AuthorizeExternalServiceRequest::client_id` |"),
        "{}",
        markdown.stdout
    );

    // Errors: an unknown revision, and a working tree that does not generate.
    let unknown = repo.run(&["--base", "no-such-rev", "--json"]);
    assert_eq!((unknown.code, unknown.stdout.as_str()), (2, ""));
    assert!(unknown.stderr.contains("unknown revision `no-such-rev`"), "{}", unknown.stderr);
    repo.append_to_overlay("opencrvs", "  - {target: $.paths['/nowhere'], remove: true}\n");
    let broken = repo.run(&["--json", "--fail-on-breaking"]);
    assert_eq!((broken.code, broken.stdout.as_str()), (2, ""));
    assert!(broken.stderr.contains("specs/opencrvs/overlay.yaml"), "{}", broken.stderr);
    assert!(broken.stderr.contains("working tree fails to generate"), "{}", broken.stderr);
}

#[test]
fn arguments() {
    let options = cli::parse_args(&["--base", "v1", "--markdown", "--fail-on-breaking"]).unwrap();
    assert_eq!(options, cli::Options { base: "v1".into(), format: cli::Format::Markdown, fail_on_breaking: true });
    assert!(cli::parse_args(&["--json", "--markdown"]).is_err());
    assert!(cli::parse_args(&["--base"]).is_err());
    assert!(cli::parse_args(&["--frobnicate"]).is_err());
}

/// A real vendor update: Adyen Checkout API v69 → v70 (OpenAPI 3.1, about 0.9 MB each),
/// as a user would run it: v69 committed as an API of a scratch repository, replaced
/// by v70 in the working tree, `diff --json`. Prints the counts per kind and the time.
/// Not in the default run (it generates two large documents): run it with
/// `cargo test -p apigen-tests --test diff -- --ignored adyen --nocapture`.
#[test]
#[ignore = "reads ../shared/corpus/versions and takes seconds in a debug build"]
fn adyen_checkout_v69_to_v70() {
    let versions = root().join("../shared/corpus/versions");
    let repo = Scratch::new("adyen", &[]);
    std::fs::create_dir_all(repo.0.join("specs/adyen_checkout")).unwrap();
    let spec = repo.0.join("specs/adyen_checkout/openapi.json");
    // Read and written rather than copied: the corpus files are read-only.
    let copy = |version: &str| std::fs::write(&spec, std::fs::read(versions.join(version)).unwrap()).unwrap();
    copy("adyen_checkout_v69.json");
    repo.git(&["add", "specs"]);
    repo.git(&["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "v69"]);
    copy("adyen_checkout_v70.json");
    let started = std::time::Instant::now();
    let outcome = repo.run(&["--json", "--fail-on-breaking"]);
    let millis = started.elapsed().as_millis();
    assert_ne!(outcome.code, 2, "{}", outcome.stderr);
    let value = json(&outcome);
    let changes = value["changes"].as_array().unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for change in changes {
        *counts.entry((change["severity"].as_str().unwrap(), change["kind"].as_str().unwrap())).or_insert(0) += 1;
    }
    println!("adyen v69 → v70: {} change(s), semver {}, {millis} ms", changes.len(), value["semver"]);
    for ((severity, kind), count) in &counts {
        println!("  {severity:<10} {kind:<26} {count}");
    }
    if std::env::var_os("APIGEN_DIFF_SHOW").is_some() {
        println!("{}", repo.run(&[]).stdout);
    }
    assert!(!changes.is_empty());
    assert_eq!(outcome.code, if value["semver"] == "major" { 1 } else { 0 });
}

/// A schema renamed is one change where it is defined, and where an operation uses it the
/// reason says it is the same type under its new name.
#[test]
fn a_renamed_schema_is_one_change_and_its_uses_say_so() {
    let document = |name: &str| ApiTexts {
        module: "shop".into(),
        spec: apigen::SourceText {
            name: "shop.yaml".into(),
            text: format!(
                "openapi: 3.0.3\ninfo: {{title: Shop, version: '1'}}\npaths:\n  /pets:\n    post:\n      operationId: createPet\n      requestBody:\n        required: true\n        content: {{application/json: {{schema: {{$ref: '#/components/schemas/{name}'}}}}}}\n      responses:\n        '201':\n          description: created\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/{name}'}}}}}}\ncomponents:\n  schemas:\n    {name}: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}\n"
            ),
        },
        overlay: None,
    };
    let changes = diff(&[surface(&document("NewPet"))], &[surface(&document("PetInput"))]);
    let kinds: Vec<&str> = changes.iter().map(|c| c.kind.as_str()).collect();
    assert!(kinds.contains(&"type-renamed") && !kinds.contains(&"type-removed"), "{changes:#?}");
    for kind in ["body-type", "success-type"] {
        let change = changes.iter().find(|c| c.kind == kind).unwrap_or_else(|| panic!("no {kind}: {changes:#?}"));
        assert!(change.reason.ends_with("; the same type under its new name"), "{}", change.reason);
    }
    // A type of the same shape kept under its name is no rival: still one rename.
    let twin = "    Twin: {type: object, required: [name], properties: {name: {type: string}}}\n";
    let with_twin = |name: &str| {
        let mut texts = document(name);
        texts.spec.text.push_str(twin);
        texts
    };
    let changes = diff(&[surface(&with_twin("NewPet"))], &[surface(&with_twin("PetInput"))]);
    let renamed: Vec<&str> = changes.iter().filter(|c| c.kind == "type-renamed").map(|c| c.item.as_str()).collect();
    assert_eq!(renamed, ["shop::types::NewPet"], "{changes:#?}");
    // A type that holds itself (a tree's node) is renamed too.
    let tree = |name: &str| {
        let mut texts = document("Pet");
        texts.spec.text.push_str(&format!(
            "    {name}: {{type: object, properties: {{children: {{type: array, items: {{$ref: '#/components/schemas/{name}'}}}}}}}}\n"
        ));
        texts.spec.text = texts.spec.text.replace(
            "required: [name], properties: {name: {type: string}}",
            &format!("properties: {{root: {{$ref: '#/components/schemas/{name}'}}}}"),
        );
        texts
    };
    let changes = diff(&[surface(&tree("Node"))], &[surface(&tree("TreeNode"))]);
    let renamed: Vec<&str> = changes.iter().filter(|c| c.kind == "type-renamed").map(|c| c.item.as_str()).collect();
    assert_eq!(renamed, ["shop::types::Node"], "{changes:#?}");
    // One gone beside two added of its shape is no rename: which would it be?
    let mut one = document("NewPet");
    one.spec.text.push_str("    Kept: {type: object, properties: {pet: {$ref: '#/components/schemas/NewPet'}}}\n");
    let mut two = document("PetInput");
    two.spec.text.push_str("    PetOutput: {type: object, required: [name], properties: {name: {type: string}}}\n");
    let changes = diff(&[surface(&one)], &[surface(&two)]);
    assert!(!changes.iter().any(|c| c.kind == "type-renamed"), "{changes:#?}");
}

/// An inline schema moved into `components`: it and the enum inside it are renamed
/// together, and the field holding it says nothing changes on the wire.
#[test]
fn a_schema_moved_to_components_is_renamed_with_what_it_holds() {
    let document = |risk: &str, components: &str| ApiTexts {
        module: "shop".into(),
        spec: apigen::SourceText {
            name: "shop.yaml".into(),
            text: format!(
                "openapi: 3.0.3\ninfo: {{title: Shop, version: '1'}}\npaths:\n  /payments/{{id}}:\n    get:\n      operationId: getPayment\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Payment'}}}}}}\ncomponents:\n  schemas:\n    Payment: {{type: object, properties: {{risk: {risk}}}}}\n{components}"
            ),
        },
        overlay: None,
    };
    // Two inline enums of the same values: paired by name, each with its own.
    let inline = "{type: object, properties: {level: {type: string, enum: [low, high]}, trend: {type: string, enum: [low, high]}}}";
    let moved = "    Risk: {type: object, properties: {level: {type: string, enum: [low, high]}, trend: {type: string, enum: [low, high]}}}\n";
    let changes =
        diff(&[surface(&document(inline, ""))], &[surface(&document("{$ref: '#/components/schemas/Risk'}", moved))]);
    let renamed: Vec<&str> = changes.iter().filter(|c| c.kind == "type-renamed").map(|c| c.item.as_str()).collect();
    assert_eq!(
        renamed,
        ["shop::types::PaymentRisk", "shop::types::PaymentRiskLevel", "shop::types::PaymentRiskTrend"],
        "{changes:#?}"
    );
    let level = changes.iter().find(|c| c.item == "shop::types::PaymentRiskLevel").unwrap();
    assert!(level.reason.contains("renamed to RiskLevel,"), "{}", level.reason);
    let field = changes.iter().find(|c| c.kind == "field-type").unwrap_or_else(|| panic!("{changes:#?}"));
    assert!(field.reason.ends_with("nothing changes on the wire"), "{}", field.reason);
    assert!(!changes.iter().any(|c| c.kind == "type-removed" || c.kind == "type-added"), "{changes:#?}");
}
