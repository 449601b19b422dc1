//! What an operation answers: its outcome enums (documented errors, and successes when
//! they differ in type), both `#[non_exhaustive]` so that a vendor documenting another
//! status is a compatible change, and the mapping of statuses to the
//! `apigen_runtime::Outcome`s that say how each response is read.

use std::collections::BTreeSet;

use super::docs::{Docs, inline};
use super::layout::Lines;
use crate::model::names::split_raw;
use crate::model::{Api, BodyEncoding, Operation, Response, StatusMatch, Success};

/// The success type of an operation's `send` (as text), and a sentence about it for
/// the docs.
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

/// An enum with a variant per response (holding its body, if any), and the hidden
/// variant that keeps it from `as` casts when none holds a body (see
/// [`super::enums::UNCASTABLE`]).
fn outcome_enum(out: &mut Lines, api: &Api, doc: &str, name: &str, responses: &[Response]) {
    out.doc(doc);
    out.line("#[derive(Debug, Clone, PartialEq)]");
    out.line("#[non_exhaustive]");
    // Variant sizes come from the spec's schemas.
    out.line("#[allow(clippy::large_enum_variant)]");
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
    if responses.iter().all(|response| response.body.is_none()) {
        super::enums::uncastable_variant(out);
    }
    out.close("}");
}

/// The outcome of a documented success's body: read whole as JSON, a form, text or bytes; with
/// `stream`, a binary or text body is handed over as a stream instead. `wrap` names the success
/// enum's variant when there is one.
fn success_outcome(response: &Response, stream: bool, wrap: Option<String>) -> String {
    let Some(body) = &response.body else {
        return format!("Outcome::value({})", wrap.as_deref().unwrap_or("()"));
    };
    // A success enum's variant is read whole (only the one success streams).
    let read = match body.encoding {
        BodyEncoding::Json => "json",
        BodyEncoding::Form => "form",
        BodyEncoding::Text | BodyEncoding::Bytes if stream && wrap.is_none() => "stream",
        BodyEncoding::Text => "text",
        BodyEncoding::Bytes => "bytes",
    };
    match wrap {
        Some(variant) => format!("Outcome::{read}_as({variant})"),
        None => format!("Outcome::{read}()"),
    }
}

fn status_pattern(status: StatusMatch, codes: &BTreeSet<u16>) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => range_pattern(range * 100, codes),
        StatusMatch::Default => "_".to_owned(),
    }
}

/// The statuses of the range from `start` that have no arm of their own, as ranges
/// between those that have (`401..=403 | 405..=499` beside `400` and `404`): arms that
/// overlap are what clippy's `match_overlapping_arm` refuses, though rustc takes the
/// first that matches.
fn range_pattern(start: u16, codes: &BTreeSet<u16>) -> String {
    let mut pieces = Vec::new();
    let mut from = start;
    for &code in codes.range(start..start + 100).chain(std::iter::once(&(start + 100))) {
        match code - from {
            0 => {}
            1 => pieces.push(from.to_string()),
            _ => pieces.push(format!("{from}..={}", code - 1)),
        }
        from = code + 1;
    }
    pieces.join(" | ")
}

/// The outcome of a documented success.
fn success_value(op: &Operation, response: &Response, stream: bool) -> String {
    let wrap = (op.success() == Success::Many).then(|| format!("{}::{}", op.success_enum, response.variant));
    success_outcome(response, stream, wrap)
}

/// The outcome of a documented error: the runtime reads the body (if any) into the
/// error enum's variant and takes the status from the response. The error enum is `E`
/// there (see [`dispatch`]).
fn error_value(response: &Response) -> String {
    let variant = &response.variant;
    match response.body.as_ref().map(|b| b.encoding) {
        Some(BodyEncoding::Json) => format!("Outcome::error_json(E::{variant})"),
        Some(BodyEncoding::Form) => format!("Outcome::error_form(E::{variant})"),
        Some(BodyEncoding::Text) => format!("Outcome::error_text(E::{variant})"),
        Some(BodyEncoding::Bytes) => format!("Outcome::error_bytes(E::{variant})"),
        None => format!("Outcome::error(E::{variant})"),
    }
}

/// The import of the error enum as `E` where documented errors are read (it keeps the
/// match arms of [`dispatch`] on one line each), for the start of `send`.
pub fn error_alias(op: &Operation) -> Option<String> {
    (!op.errors.is_empty()).then(|| format!("use {} as E;", op.error_enum))
}

/// What `send` hands the runtime for the status: one outcome for every status, or a
/// `match` with an arm (`pattern => outcome`) per documented status.
pub enum Dispatch {
    Any(String),
    Match(Vec<String>),
}

/// The mapping of statuses to outcomes that `send` hands the runtime: a closure from the
/// status to an `Outcome`.
pub fn dispatch(op: &Operation, stream: bool) -> Dispatch {
    let codes: BTreeSet<u16> = op
        .successes
        .iter()
        .chain(&op.errors)
        .filter_map(|response| if let StatusMatch::Code(code) = response.status { Some(code) } else { None })
        .collect();
    let mut arms: Vec<(StatusMatch, String)> = Vec::new();
    for response in &op.successes {
        let (pattern, value) = (status_pattern(response.status, &codes), success_value(op, response, stream));
        arms.push((response.status, format!("{pattern} => {value}")));
    }
    for response in &op.errors {
        let (pattern, value) = (status_pattern(response.status, &codes), error_value(response));
        arms.push((response.status, format!("{pattern} => {value}")));
    }
    if let Some(response) = op.stray_success() {
        let pattern: Vec<String> = op.stray_statuses().iter().map(u16::to_string).collect();
        let arm = format!("{} => {}", pattern.join(" | "), success_value(op, response, stream));
        arms.push((StatusMatch::Range(2), arm));
    }
    // Exact codes, then ranges, then default; a catch-all for undocumented statuses.
    arms.sort_by_key(|(status, _)| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    // A range whose every status has an arm of its own is never reached.
    arms.retain(|(status, _)| match status {
        StatusMatch::Range(hundreds) => !(hundreds * 100..hundreds * 100 + 100).all(|code| codes.contains(&code)),
        _ => true,
    });
    let default = op.errors.iter().find(|r| r.status == StatusMatch::Default);
    // With nothing but a catch-all, there is nothing to match on.
    if arms.iter().all(|(status, _)| *status == StatusMatch::Default) {
        return Dispatch::Any(default.map_or_else(|| "Outcome::unexpected()".to_owned(), error_value));
    }
    let mut arms: Vec<String> = arms.into_iter().map(|(_, arm)| arm).collect();
    if default.is_none() {
        arms.push("_ => Outcome::unexpected()".to_owned());
    }
    Dispatch::Match(arms)
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{SourceText, generate_source};

    /// The `send` of each operation of a document with these responses (YAML, by
    /// operation), as generated.
    fn dispatch_of(responses: &[(&str, &str)]) -> String {
        let paths: String = responses
            .iter()
            .map(|(id, responses)| {
                format!("  /{id}:\n    get:\n      operationId: {id}\n      responses: {responses}\n")
            })
            .collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    A: {{type: object, properties: {{a: {{type: string}}}}}}\n    B: {{type: object, properties: {{b: {{type: string}}}}}}\n"
        );
        let spec = SourceText { name: "t.yaml".into(), text };
        let output = generate_source("t", &spec, None).unwrap_or_else(|d| panic!("{d:?}"));
        output.files.iter().filter(|(path, _)| path.ends_with("mod.rs")).map(|(_, text)| text.clone()).collect()
    }

    /// A range's arm leaves out the codes listed in it (clippy refuses arms that overlap).
    /// The match arms of the `send` of operation `op` in `code`, trimmed.
    fn arms_of(code: &str, op: &str) -> Vec<String> {
        let start = code.find(&format!("request(\"GET\", \"{op}\")")).unwrap();
        let end = start + code[start..].find("})").unwrap();
        code[start..end].lines().filter(|l| l.contains("=>")).map(|l| l.trim().to_owned()).collect()
    }

    #[test]
    fn ranges_leave_out_the_codes_listed_in_them() {
        let code = dispatch_of(&[
            ("start", "{'200': {description: ok}, '400': {description: a}, 4XX: {description: b}}"),
            (
                "inside",
                "{'200': {description: ok}, '400': {description: a}, '404': {description: b}, '405': {description: c}, '499': {description: d}, 4XX: {description: e}}",
            ),
            ("end", "{'299': {description: ok}, 2XX: {description: b}}"),
        ]);
        let arms = |op: &str| arms_of(&code, op);
        assert!(
            arms("start").contains(&"401..=499 => Outcome::error(E::Status4xx),".to_owned()),
            "{:?}",
            arms("start")
        );
        let inside = "401..=403 | 406..=498 => Outcome::error(E::Status4xx),".to_owned();
        assert!(arms("inside").contains(&inside), "{:?}", arms("inside"));
        assert!(arms("end").contains(&"200..=298 => Outcome::value(()),".to_owned()), "{:?}", arms("end"));
    }

    /// 200, 201 and 203 not listed are read as the success when every success has one
    /// body type and no `default` answers for other statuses; not otherwise.
    #[test]
    fn unlisted_statuses_read_as_the_success() {
        let json = |schema: &str| {
            format!(
                "{{content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}, description: ok}}"
            )
        };
        let (a, b) = (json("A"), json("B"));
        let code = dispatch_of(&[
            ("one", &format!("{{'200': {a}}}")),
            ("same", &format!("{{'200': {a}, '201': {a}}}")),
            ("other", &format!("{{'200': {a}, '201': {b}}}")),
            ("withdefault", &format!("{{'200': {a}, default: {b}}}")),
            ("nobody", "{'204': {description: done}}"),
        ]);
        let arms = |op: &str| arms_of(&code, op);
        assert!(arms("one").contains(&"201 | 203 => Outcome::json(),".to_owned()), "{:?}", arms("one"));
        assert!(arms("same").contains(&"203 => Outcome::json(),".to_owned()), "{:?}", arms("same"));
        assert!(!arms("other").iter().any(|arm| arm.contains("203")), "{:?}", arms("other"));
        assert!(!arms("withdefault").iter().any(|arm| arm.contains("201")), "{:?}", arms("withdefault"));
        assert!(arms("nobody").contains(&"200 | 201 | 203 => Outcome::value(()),".to_owned()), "{:?}", arms("nobody"));
    }
}
