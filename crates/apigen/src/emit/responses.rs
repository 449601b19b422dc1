//! What an operation answers: its outcome enums (documented errors, and successes when
//! they differ in type), both `#[non_exhaustive]` so that a vendor documenting another
//! status is a compatible change, and the mapping of statuses to the
//! `apigen_runtime::Outcome`s that say how each response is read.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{Docs, inline};
use super::layout::Lines;
use super::types::ident;
use crate::model::names::split_raw;
use crate::model::{Api, BodyEncoding, Operation, Response, StatusMatch, Success};

/// The `Ok` type of an operation, and a sentence for its docs.
pub fn success_type(api: &Api, op: &Operation) -> (TokenStream, String) {
    let (text, doc) = success_type_text(api, op);
    // Paths and identifiers only: it always lexes.
    (text.parse().unwrap_or_default(), doc)
}

/// The same, the type as text.
pub fn success_type_text(api: &Api, op: &Operation) -> (String, String) {
    match op.success() {
        Success::Unit => ("()".to_owned(), "Returns `()` on success.".to_owned()),
        Success::One(ty) => (super::types::rust_type_text(ty, &api.types, "types::"), String::new()),
        Success::Many => (
            op.success_enum.clone(),
            format!("Returns [`{}`], one variant per documented success status.", op.success_enum),
        ),
    }
}

/// The status text of a response in docs: `404`, `4XX`, `default`.
pub fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

/// The error enum of an operation, and its success enum when it has one, written as text
/// (see [`super::layout`]).
pub fn outcome_enums(api: &Api, op: &Operation) -> Lines {
    let method = split_raw(&op.name).1;
    let mut out = Lines::new();
    let doc = format!("Documented error responses of [`Client::{method}`].");
    outcome_enum(&mut out, api, &doc, &op.error_enum, &op.errors);
    if op.success() == Success::Many {
        let doc = format!("Documented success responses of [`Client::{method}`].");
        outcome_enum(&mut out, api, &doc, &op.success_enum, &op.successes);
    }
    out
}

/// An enum with a variant per response (holding its body, if any).
fn outcome_enum(out: &mut Lines, api: &Api, doc: &str, name: &str, responses: &[Response]) {
    out.doc(doc);
    out.line("#[derive(Debug, Clone, PartialEq)]");
    out.line("#[non_exhaustive]");
    // Variant sizes come from the spec's schemas.
    out.line("#[allow(clippy::large_enum_variant)]");
    if responses.is_empty() {
        out.line(&format!("pub enum {name} {{}}"));
        return;
    }
    out.open(&format!("pub enum {name} {{"));
    for response in responses {
        out.docs(&Docs::new().ours(format!("{}: {}", status_text(response.status), inline(&response.description))));
        match &response.body {
            Some(body) => {
                let ty = super::types::rust_type_text(&body.ty, &api.types, "types::");
                out.line(&format!("{}({ty}),", response.variant));
            }
            None => out.line(&format!("{},", response.variant)),
        }
    }
    out.close("}");
}

/// The outcome of a documented success's body: read whole as JSON, text or bytes; with
/// `stream`, a binary body is handed over as a stream instead. `wrap` names the success
/// enum's variant when there is one.
fn success_outcome(response: &Response, stream: bool, wrap: Option<TokenStream>) -> TokenStream {
    let Some(body) = &response.body else {
        return match wrap {
            Some(variant) => quote!(Outcome::value(#variant)),
            None => quote!(Outcome::value(())),
        };
    };
    match (body.encoding, wrap) {
        (BodyEncoding::Json | BodyEncoding::Form, None) => quote!(Outcome::json()),
        (BodyEncoding::Json | BodyEncoding::Form, Some(variant)) => quote!(Outcome::json_as(#variant)),
        (BodyEncoding::Text, None) => quote!(Outcome::text()),
        (BodyEncoding::Text, Some(variant)) => quote!(Outcome::text_as(#variant)),
        (BodyEncoding::Bytes, None) if stream => quote!(Outcome::stream()),
        (BodyEncoding::Bytes, None) => quote!(Outcome::bytes()),
        (BodyEncoding::Bytes, Some(variant)) => quote!(Outcome::bytes_as(#variant)),
    }
}

/// Whether the operation's one success is a binary body, which it can also stream.
pub fn streams(op: &Operation) -> bool {
    matches!(op.success(), Success::One(_))
        && op.successes.iter().all(|r| r.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes))
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(range) => {
            let low = proc_macro2::Literal::u16_unsuffixed(range * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(range * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The outcome of a documented success.
fn success_value(op: &Operation, response: &Response, stream: bool) -> TokenStream {
    let wrap = (op.success() == Success::Many).then(|| {
        let (name, variant) = (ident(&op.success_enum), ident(&response.variant));
        quote!(#name::#variant)
    });
    success_outcome(response, stream, wrap)
}

/// The outcome of a documented error: the runtime reads the body (if any) into the
/// error enum's variant and takes the status from the response. The error enum is `E`
/// there (see [`dispatch`]).
fn error_value(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    match response.body.as_ref().map(|b| b.encoding) {
        Some(BodyEncoding::Json | BodyEncoding::Form) => quote!(Outcome::error_json(E::#variant)),
        Some(BodyEncoding::Text) => quote!(Outcome::error_text(E::#variant)),
        Some(BodyEncoding::Bytes) => quote!(Outcome::error_bytes(E::#variant)),
        None => quote!(Outcome::error(E::#variant)),
    }
}

/// The import of the error enum as `E` where documented errors are read (it keeps the
/// match arms of [`dispatch`] on one line each), for the start of `send`.
pub fn error_alias(op: &Operation) -> Option<TokenStream> {
    let error_enum = ident(&op.error_enum);
    (!op.errors.is_empty()).then(|| quote!(use #error_enum as E;))
}

/// The mapping of statuses to outcomes that `send` hands the runtime: a closure from the
/// status to an `Outcome`.
pub fn dispatch(op: &Operation, stream: bool) -> TokenStream {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for response in &op.successes {
        let pattern = status_pattern(response.status);
        let value = success_value(op, response, stream);
        arms.push((response.status, quote!(#pattern => #value,)));
    }
    for response in &op.errors {
        let (pattern, value) = (status_pattern(response.status), error_value(response));
        arms.push((response.status, quote!(#pattern => #value,)));
    }
    // Exact codes, then ranges, then default; a catch-all for undocumented statuses.
    arms.sort_by_key(|(status, _)| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    // A range whose every status has an arm of its own is never reached.
    let codes: std::collections::BTreeSet<u16> = arms
        .iter()
        .filter_map(|(status, _)| if let StatusMatch::Code(code) = status { Some(*code) } else { None })
        .collect();
    arms.retain(|(status, _)| match status {
        StatusMatch::Range(hundreds) => !(hundreds * 100..hundreds * 100 + 100).all(|code| codes.contains(&code)),
        _ => true,
    });
    let default = op.errors.iter().find(|r| r.status == StatusMatch::Default);
    // With nothing but a catch-all, there is nothing to match on.
    if arms.iter().all(|(status, _)| *status == StatusMatch::Default) {
        let value = default.map_or_else(|| quote!(Outcome::unexpected()), error_value);
        return quote!(|_| #value);
    }
    let arms = arms.into_iter().map(|(_, arm)| arm);
    let fallback = default.is_none().then(|| quote!(_ => Outcome::unexpected(),));
    quote! {
        |status| match status {
            #(#arms)*
            #fallback
        }
    }
}
