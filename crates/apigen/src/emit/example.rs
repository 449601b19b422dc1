//! The example of each API in the generated crate's docs: written by the generator from
//! the model's names and types, never from spec text, and compiled (`no_run`) by
//! `cargo test --doc`. It builds a client, calls the API's first operation with the
//! values it needs taken as parameters, matches a documented error apart from the
//! others, and puts a token cache over the API's token source when it has one.

use std::fmt::Write;

use super::operation::required_arguments;
use crate::model::Api;
use crate::model::names::split_raw;

/// The example's Markdown (a `rust,no_run` block) with `{crate}` standing for the
/// crate's name, or `None` for an API without operations.
pub fn api_example(api: &Api) -> Option<String> {
    let op = api.operations.first()?;
    let module = &api.module;
    let args = required_arguments(api, op);
    let token_op = api.operations.iter().find(|o| o.token.is_some());
    let credentials = token_op
        .and_then(|o| o.body.as_ref())
        .map(|body| super::types::rust_type_text(&body.ty, &api.types, "types::"));
    // The token source's argument, named apart from the operation's.
    let mut credentials_name = "credentials".to_owned();
    while args.iter().any(|(name, _)| *name == credentials_name) {
        credentials_name.push('_');
    }
    let mut params: Vec<String> = args.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
    params.extend(credentials.iter().map(|ty| format!("{credentials_name}: {ty}")));
    let values: Vec<&str> = args.iter().map(|(name, _)| name.as_str()).collect();
    let client = if api.servers.is_empty() {
        format!("{module}::Client::new(\"https://api.example.com\")?")
    } else {
        format!("{module}::Client::with_default_server()?")
    };
    let mut text = String::from("```rust,no_run\n");
    // `::` first: the crate and the module may have the same name.
    let _ = writeln!(text, "# #[allow(unused_imports)] use ::{{crate}}::{module}::{{self, types}};");
    let _ = writeln!(text, "# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{", params.join(", "));
    let _ = writeln!(text, "let client = {client};");
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

/// A token cache over the API's `TokenSource`, and one token from it.
fn token_example(text: &mut String, module: &str, operation: &str, credentials: Option<&str>) {
    let arguments = match credentials {
        Some(name) => format!("client.clone(), {name}"),
        None => "client.clone()".to_owned(),
    };
    let _ = writeln!(text, "let tokens = {module}::TokenSource::new({arguments}).into_cache();");
    let _ = writeln!(
        text,
        "let token = tokens.token().await?; // from `{}`, cached until it expires",
        split_raw(operation).1
    );
    text.push_str("println!(\"expires at {:?}\", token.expires_at());\n");
}
