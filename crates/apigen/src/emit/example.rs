//! The example of each API in the generated crate's docs: written by the generator from
//! the model's names and types, never from spec text, and compiled (`no_run`) by
//! `cargo test --doc`. It builds a client (for the spec's first server when that is an
//! `https` URL of a real host, else for a base URL it is given), gives it the credentials
//! an operation needs (the first that documents an error and has no optional body the
//! example would leave out, see `example_operation`), calls it with the values it needs
//! taken as parameters, matches a documented error apart from the others, and puts a
//! token cache over the API's token source when it has one.

use std::fmt::Write;

use super::operation::required_arguments;
use crate::model::names::split_raw;
use crate::model::{Api, Operation, SchemeKind};

/// The example's Markdown (a `rust,no_run` block) with `{crate}` standing for the
/// crate's name, or `None` for an API without operations.
pub fn api_example(api: &Api) -> Option<String> {
    let op = example_operation(api)?;
    let module = &api.module;
    let args = required_arguments(api, op);
    let token_op = api.operations.iter().find(|o| o.token.is_some());
    let credentials = token_op
        .and_then(|o| o.body.as_ref())
        .map(|body| super::types::rust_type_text(&body.ty, &api.types, "types::"));
    let mut params: Vec<(String, String)> = args.clone();
    // The token source's argument, and those below, named apart from the operation's.
    let credentials_name = unique(&params, "credentials");
    if let Some(ty) = &credentials {
        params.push((credentials_name.clone(), ty.clone()));
    }
    let values: Vec<&str> = args.iter().map(|(name, _)| name.as_str()).collect();
    let client = if real_https_server(api) {
        format!("{module}::Client::with_default_server()?")
    } else {
        let base_url = unique(&params, "base_url");
        params.push((base_url.clone(), "&str".to_owned()));
        format!("{module}::Client::new({base_url})?")
    };
    let setters = credential_setters(api, op, &mut params);
    let params: Vec<String> = params.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
    let mut text = String::from("```rust,no_run\n");
    // `::` first: the crate and the module may have the same name.
    let _ = writeln!(text, "# #[allow(unused_imports)] use ::{{crate}}::{module}::{{self, types}};");
    // The token source's body type (or, failing another operation, the one called) may
    // be one the document deprecates.
    let _ = writeln!(
        text,
        "# #[allow(deprecated)] async fn example({}) -> Result<(), Box<dyn ::std::error::Error>> {{",
        params.join(", ")
    );
    let _ = writeln!(text, "let client = {client}{setters};");
    let _ = writeln!(text, "match client.{}({}).await {{", op.name, values.join(", "));
    text.push_str("    Ok(_answer) => {}\n");
    let _ = writeln!(
        text,
        "    Err({module}::Error::Api {{ status, error }}) => eprintln!(\"documented error {{status}}: {{error:?}}\"),"
    );
    text.push_str("    Err(other) => eprintln!(\"{other}\"),\n}\n");
    if let Some(token_op) = token_op {
        let credentials = credentials.is_some().then_some(credentials_name.as_str());
        token_example(&mut text, module, &token_op.name, credentials);
    }
    text.push_str("# Ok(()) }\n```");
    Some(text)
}

/// The operation the example calls: the first that is not deprecated, takes no value of
/// a deprecated type, documents an error (what the example's `Error::Api` arm matches)
/// and has no optional body (which the example would call it without); else the first.
fn example_operation(api: &Api) -> Option<&Operation> {
    let takes_deprecated = |op: &Operation| {
        let required = op.parameters.iter().filter(|p| p.required).map(|p| &p.ty);
        required
            .chain(op.body.iter().map(|b| &b.ty))
            .any(|ty| ty.named().is_some_and(|id| api.types.get(id).deprecated))
    };
    let fits = |op: &&Operation| {
        !op.deprecated && !takes_deprecated(op) && !op.errors.is_empty() && op.body.as_ref().is_none_or(|b| b.required)
    };
    api.operations.iter().find(fits).or_else(|| api.operations.first())
}

/// `base`, or `base` with `_` appended until no parameter has the name.
fn unique(params: &[(String, String)], base: &str) -> String {
    let mut name = base.to_owned();
    while params.iter().any(|(taken, _)| *taken == name) {
        name.push('_');
    }
    name
}

/// Whether the spec's first server is an `https` URL (variables at their defaults) of a
/// host that is no placeholder: not one of the names RFC 2606 and RFC 6761 reserve for
/// examples and tests (`example.com`, `*.example`, `*.test`, `*.invalid`, `localhost`).
fn real_https_server(api: &Api) -> bool {
    let Some(server) = api.servers.first() else { return false };
    let mut text = server.url.clone();
    for variable in &server.variables {
        text = text.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    let Ok(url) = url::Url::parse(&text) else { return false };
    let host = url.host_str().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase();
    let placeholder = ["example.com", "example.org", "example.net"]
        .iter()
        .any(|name| host == *name || host.ends_with(&format!(".{name}")))
        || [".example", ".test", ".invalid", ".localhost"].iter().any(|tld| host.ends_with(tld))
        || host == "localhost";
    url.scheme() == "https" && !placeholder
}

/// The `.with_…(…)` calls that give the client the credentials of the first security
/// alternative of `op`, adding the values they take to `params`.
fn credential_setters(api: &Api, op: &crate::model::Operation, params: &mut Vec<(String, String)>) -> String {
    let Some(alternative) = op.security.first() else { return String::new() };
    let mut calls = String::new();
    for name in alternative {
        let Some(scheme) = api.security_schemes.iter().find(|s| &s.name == name) else { continue };
        let wanted: &[&str] = match scheme.kind {
            SchemeKind::Basic => &["username", "password"],
            SchemeKind::Bearer => &["token"],
            SchemeKind::ApiKey { .. } => &["api_key"],
        };
        let mut values = Vec::new();
        for base in wanted {
            let value = unique(params, base);
            params.push((value.clone(), "String".to_owned()));
            values.push(value);
        }
        let _ = write!(calls, "\n    .with_{}({})", split_raw(&scheme.field).1, values.join(", "));
    }
    calls
}

/// A token cache over the API's `TokenSource`, and one token from it.
fn token_example(text: &mut String, module: &str, operation: &str, credentials: Option<&str>) {
    let arguments = match credentials {
        Some(name) => format!("client.clone(), {name}"),
        None => "client.clone()".to_owned(),
    };
    let _ = writeln!(text, "let tokens = {module}::TokenSource::new({arguments}).into_cache();");
    let _ = writeln!(
        text,
        "let token = tokens.token().await?; // from `{}`, cached, and refreshed before it expires",
        split_raw(operation).1
    );
    text.push_str("println!(\"expires at {:?}\", token.expires_at());\n");
}
