//! What surrounds the operations: servers, security schemes, the token declaration
//! and documentation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{Out, Severity};
use crate::surface::{FlowSurface, SchemeSurface, ServerSurface, Surface, TokenSurface};

/// Servers: the first usable one is the client's default (`DEFAULT_BASE_URL`, or
/// `ServerVariables` when it is templated); the others are listed in documentation.
pub(super) fn servers(old: &Surface, new: &Surface, out: &mut Out) {
    let m = &new.module;
    let old_first = old.servers.first().filter(|s| s.is_usable_default());
    let new_first = new.servers.first().filter(|s| s.is_usable_default());
    match (old_first, new_first) {
        (None, Some(server)) => out.compatible(
            "server-added",
            format!("{m}::Client::with_default_server"),
            format!("{m}::Client::with_default_server added: the document now names a server, {}", server.url),
        ),
        (Some(server), None) => out.breaking(
            "server-removed",
            format!("{m}::Client::with_default_server"),
            format!(
                "{m}::Client::with_default_server removed: the document no longer names a default server (was {})",
                server.url
            ),
        ),
        (Some(a), Some(b)) => default_server(m, a, b, out),
        (None, None) => {}
    }
    let urls = |servers: &[ServerSurface], skip: Option<&ServerSurface>| -> Vec<(usize, String)> {
        let skip = skip.map(|s| s.url.as_str());
        servers
            .iter()
            .enumerate()
            .filter(|(_, s)| Some(s.url.as_str()) != skip)
            .map(|(i, s)| (i, s.url.clone()))
            .collect()
    };
    let old_urls: Vec<&str> = old.servers.iter().map(|s| s.url.as_str()).collect();
    let new_urls: Vec<&str> = new.servers.iter().map(|s| s.url.as_str()).collect();
    for (index, url) in urls(&old.servers, old_first) {
        if !new_urls.contains(&url.as_str()) {
            out.breaking(
                "server-removed",
                format!("{m}#/servers/{index}"),
                format!("{m}: server {url} removed from the document; wire: clients given it with Client::new may no longer reach the API"),
            );
        }
    }
    for (index, url) in urls(&new.servers, new_first) {
        if !old_urls.contains(&url.as_str()) {
            out.compatible("server-added", format!("{m}#/servers/{index}"), format!("{m}: server {url} added"));
        }
    }
}

fn default_server(m: &str, a: &ServerSurface, b: &ServerSurface, out: &mut Out) {
    let item = |s: &ServerSurface| {
        if s.variables.is_empty() { format!("{m}::DEFAULT_BASE_URL") } else { format!("{m}::ServerVariables") }
    };
    match (a.variables.is_empty(), b.variables.is_empty()) {
        (true, false) => out.breaking(
            "server-variables",
            item(a),
            format!("{m}::DEFAULT_BASE_URL removed: the default server {} is now a template (ServerVariables)", b.url),
        ),
        (false, true) => out.breaking(
            "server-variables",
            item(a),
            format!(
                "{m}::ServerVariables and Client::with_server removed: the default server {} has no variables",
                b.url
            ),
        ),
        _ => {}
    }
    if a.url != b.url {
        out.compatible(
            "server-default-changed",
            item(b),
            format!(
                "{}: default server {} → {}; wire: Client::with_default_server sends requests there once rebuilt; binaries built before keep the old URL, so what this report says of binaries built before holds only for those that reach the new server; {}",
                item(b),
                a.url,
                b.url,
                base_url_advice(&a.url, &b.url)
            ),
        );
    }
    if a.variables.is_empty() || b.variables.is_empty() {
        return;
    }
    for variable in &a.variables {
        let field = format!("{m}::ServerVariables::{}", variable.field);
        match b.variables.iter().find(|v| v.name == variable.name) {
            None => out.breaking(
                "server-variable-removed",
                &field,
                format!("{field}: field removed with the URL variable {{{}}}", variable.name),
            ),
            Some(now) if now.default != variable.default => out.compatible(
                "server-variable-default",
                &field,
                format!(
                    "{field}: default {:?} → {:?}; wire: ServerVariables::default() now points elsewhere",
                    variable.default, now.default
                ),
            ),
            Some(now) if now.allowed != variable.allowed => out.compatible(
                "server-variable-values",
                &field,
                format!(
                    "{field}: allowed values {:?} → {:?} (documentation of the field; not checked)",
                    variable.allowed, now.allowed
                ),
            ),
            Some(_) => {}
        }
    }
    for variable in b.variables.iter().filter(|v| !a.variables.iter().any(|old| old.name == v.name)) {
        let field = format!("{m}::ServerVariables::{}", variable.field);
        out.compatible(
            "server-variable-added",
            &field,
            format!("{field}: new URL variable {{{}}} with default {:?}", variable.name, variable.default),
        );
    }
}

/// Schemes whose key changed while their setter kept its name (`my-auth` → `my_auth`: both
/// `with_my_auth`): old key → new key. Found before operations are compared, whose
/// requirements name schemes by key.
pub(super) fn scheme_renames(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    let names = |schemes: &[SchemeSurface]| -> HashSet<String> { schemes.iter().map(|s| s.name.clone()).collect() };
    let (old_names, new_names) = (names(&old.security_schemes), names(&new.security_schemes));
    // The first new scheme of each setter whose key the old document did not have.
    let mut fresh: HashMap<&str, &str> = HashMap::new();
    for scheme in new.security_schemes.iter().filter(|n| !old_names.contains(&n.name)) {
        fresh.entry(scheme.method.as_str()).or_insert(scheme.name.as_str());
    }
    let gone = old.security_schemes.iter().filter(|o| !new_names.contains(&o.name));
    gone.filter_map(|o| Some((o.name.clone(), fresh.get(o.method.as_str())?.to_string()))).collect()
}

/// Security schemes: one `with_…` method each.
pub(super) fn security_schemes(old: &Surface, new: &Surface, out: &mut Out) {
    let m = &new.module;
    for scheme in &old.security_schemes {
        let item = format!("{m}::Client::{}", scheme.method);
        let key = out.scheme_renames.get(&scheme.name).unwrap_or(&scheme.name).clone();
        if key != scheme.name {
            let reason = format!(
                "{item}: the document's key for its scheme is {key} (was {}); Rust API unchanged, but MissingCredentials names the scheme by its new key",
                scheme.name
            );
            out.push(Severity::Patch, "security-scheme-renamed", &item, reason);
        }
        match new.security_schemes.iter().find(|s| s.name == key) {
            None => out.breaking(
                "security-scheme-removed",
                &item,
                format!("{item}{} removed with the security scheme {}", also(&scheme.provider), scheme.name),
            ),
            Some(now) if now.method != scheme.method => out.breaking(
                "security-scheme-changed",
                &item,
                format!(
                    "{item}{} renamed to {}{} (security scheme {})",
                    also(&scheme.provider),
                    now.method,
                    also(&now.provider),
                    scheme.name
                ),
            ),
            Some(now) if now.credential != scheme.credential => {
                let severity = if now.arity() == scheme.arity() { Severity::Compatible } else { Severity::Breaking };
                let effect = if severity == Severity::Breaking {
                    "the method takes other arguments"
                } else {
                    "same arguments; wire: the credential is sent differently"
                };
                out.push(
                    severity,
                    "security-scheme-changed",
                    &item,
                    format!(
                        "{item}: scheme {} is now {} (was {}): {effect}",
                        scheme.name, now.credential, scheme.credential
                    ),
                );
            }
            Some(_) => {}
        }
        let now = new.security_schemes.iter().find(|s| s.name == key);
        providers(scheme, now, m, out);
        flows(scheme.client_credentials.as_ref(), now.and_then(|s| s.client_credentials.as_ref()), m, out);
    }
    let renamed: BTreeSet<String> = out.scheme_renames.values().cloned().collect();
    let added = new.security_schemes.iter().filter(|s| !old.security_schemes.iter().any(|o| o.name == s.name));
    for scheme in added.filter(|s| !renamed.contains(&s.name)) {
        let item = format!("{m}::Client::{}", scheme.method);
        out.compatible(
            "security-scheme-added",
            &item,
            format!("{item} added for the new security scheme {} ({})", scheme.name, scheme.credential),
        );
        flows(None, scheme.client_credentials.as_ref(), m, out);
    }
}

/// ` and Client::<provider>` for a scheme that has a token-provider method.
fn also(provider: &Option<String>) -> String {
    provider.as_ref().map(|method| format!(" and Client::{method}")).unwrap_or_default()
}

/// The `with_<scheme>_provider` method, which only bearer and OAuth 2.0 schemes have: gone
/// when the scheme becomes another kind (a scheme removed or renamed says so itself).
fn providers(old: &SchemeSurface, new: Option<&SchemeSurface>, m: &str, out: &mut Out) {
    let Some(new) = new else { return };
    match (&old.provider, &new.provider) {
        (Some(method), None) => {
            let item = format!("{m}::Client::{method}");
            let reason =
                format!("{item} removed: scheme {} is now {} (was {})", old.name, new.credential, old.credential);
            out.breaking("token-provider-removed", &item, reason);
        }
        (None, Some(method)) => {
            let item = format!("{m}::Client::{method}");
            out.compatible("token-provider-added", &item, format!("{item} added: scheme {} takes tokens", new.name));
        }
        _ => {}
    }
}

/// The items of an OAuth 2.0 client-credentials flow: the function that makes its token
/// source and the constant holding its token URL.
fn flows(old: Option<&FlowSurface>, new: Option<&FlowSurface>, m: &str, out: &mut Out) {
    match (old, new) {
        (Some(flow), None) => {
            let item = format!("{m}::{}", flow.function);
            let reason = format!("{item} and {m}::{} removed with the client-credentials flow", flow.constant);
            out.breaking("token-flow-removed", &item, reason);
        }
        (None, Some(flow)) => {
            let item = format!("{m}::{}", flow.function);
            let reason = format!("{item} and {m}::{} added for a client-credentials flow", flow.constant);
            out.compatible("token-flow-added", &item, reason);
        }
        (Some(a), Some(b)) => {
            if a.function != b.function {
                let item = format!("{m}::{}", a.function);
                let reason = format!("{item} and {m}::{} renamed to {} and {}", a.constant, b.function, b.constant);
                out.breaking("token-flow-renamed", &item, reason);
            }
            if a.token_url != b.token_url {
                let item = format!("{m}::{}", b.constant);
                let reason = format!(
                    "{item}: token URL {} → {}; wire: token sources made by {m}::{} ask the new endpoint, binaries built before the old one",
                    a.token_url, b.token_url, b.function
                );
                out.compatible("token-url-changed", &item, reason);
            }
        }
        (None, None) => {}
    }
}

/// The token declaration (`TokenSource`).
pub(super) fn token(old: &Surface, new: &Surface, out: &mut Out) {
    let item = format!("{}::TokenSource", new.module);
    match (&old.token, &new.token) {
        (None, Some(token)) => out.compatible(
            "token-added",
            &item,
            format!("{item} added: operation {} now declares x-apigen-token", token.operation),
        ),
        (Some(token), None) => out.breaking(
            "token-removed",
            &item,
            format!("{item} removed: operation {} no longer declares x-apigen-token", token.operation),
        ),
        (Some(a), Some(b)) if a != b => out.compatible(
            "token-changed",
            &item,
            format!(
                "{item}: token declaration changed ({}); the TokenSource reads the response differently",
                token_changes(a, b)
            ),
        ),
        _ => {}
    }
}

fn token_changes(a: &TokenSurface, b: &TokenSurface) -> String {
    let mut parts = Vec::new();
    let mut field = |name: &str, x: String, y: String| {
        if x != y {
            parts.push(format!("{name} {x} → {y}"));
        }
    };
    field("operation", a.operation.clone(), b.operation.clone());
    field("token", a.token.clone(), b.token.clone());
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_owned());
    let seconds = |value: Option<u64>| value.map(|s| format!("{s} s")).unwrap_or_else(|| "none".to_owned());
    field("token type", text(&a.token_type), text(&b.token_type));
    field("default token type", a.default_token_type.clone(), b.default_token_type.clone());
    field("expiry", a.expiry.join(", "), b.expiry.join(", "));
    field("default lifetime", seconds(a.default_lifetime_seconds), seconds(b.default_lifetime_seconds));
    field("max lifetime", seconds(a.max_lifetime_seconds), seconds(b.max_lifetime_seconds));
    parts.join("; ")
}

/// What to do with a base URL passed to `Client::new`: a vendor that puts its API's
/// version in the path (`/checkout/v69` → `/checkout/v70`) serves the new version there
/// only, and a base URL of the vendor's other hosts (live, another region) passed by the
/// caller keeps the old path until the caller changes it.
fn base_url_advice(old: &str, new: &str) -> String {
    // The path: what follows the authority (`scheme://host[:port]`), as written; the
    // URL may be a template (`https://{region}.example.com/v1`), which `url` does not read.
    let path = |url: &str| -> String {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        rest.find('/').map_or(String::new(), |at| rest[at..].trim_end_matches('/').to_owned())
    };
    let (was, is) = (path(old), path(new));
    if was == is {
        return "a base URL you pass to Client::new is yours to change".to_owned();
    }
    let shown = |path: &str| if path.is_empty() { "/".to_owned() } else { path.to_owned() };
    format!(
        "the path changed ({} → {}): a base URL you pass to Client::new (another host of the vendor's, say) keeps the old path until you change it",
        shown(&was),
        shown(&is)
    )
}

/// `item` (an item path of the old surface) under the new name of the type or client
/// method it is or is in: `m::types::Old::field` → `m::types::New::field`.
fn renamed_item(item: &str, out: &Out) -> String {
    for (marker, renames) in [("::types::", &out.renamed), ("::Client::", &out.renamed_operations)] {
        let Some((module, rest)) = item.split_once(marker) else { continue };
        let (name, tail) = rest.split_once("::").map_or((rest, None), |(name, tail)| (name, Some(tail)));
        if let Some(new) = renames.get(name) {
            return match tail {
                Some(tail) => format!("{module}{marker}{new}::{tail}"),
                None => format!("{module}{marker}{new}"),
            };
        }
    }
    item.to_owned()
}

/// Documentation of items on both sides (items added or removed are reported as such).
pub(super) fn docs(old: &Surface, new: &Surface, out: &mut Out) {
    let new_docs: &BTreeMap<String, String> = &new.docs;
    let mut budget = super::excerpt::BUDGET;
    for (item, before) in &old.docs {
        // A renamed type's or method's documentation is under its new name.
        let item = &renamed_item(item, out);
        let Some(after) = new_docs.get(item) else { continue };
        if before == after {
            continue;
        }
        let what = match item.rsplit_once("#/info/") {
            Some((_, field @ ("title" | "version"))) => format!("{field} {before:?} → {after:?}"),
            _ if before.is_empty() => "documentation added".to_owned(),
            _ if after.is_empty() => "documentation removed".to_owned(),
            _ => format!("documentation changed: {}", super::excerpt::changed_excerpt(before, after, &mut budget)),
        };
        out.push(Severity::Patch, "docs", item, format!("{item}: {what}"));
    }
}

#[cfg(test)]
mod tests {
    use super::base_url_advice;

    #[test]
    fn a_new_path_in_the_default_server_is_said_for_base_urls_passed_too() {
        let advice = base_url_advice("https://checkout-test.example.com/v69", "https://checkout-test.example.com/v70/");
        assert!(advice.starts_with("the path changed (/v69 → /v70): a base URL you pass"), "{advice}");
        let advice = base_url_advice("https://{region}.example.com", "https://{region}.example.com/v2");
        assert!(advice.starts_with("the path changed (/ → /v2)"), "{advice}");
        let same = base_url_advice("https://a.example.com/v1?debug=1", "https://b.example.com/v1/");
        assert_eq!(same, "a base URL you pass to Client::new is yours to change");
    }
}
