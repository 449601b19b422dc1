//! One operation: the client method taking the required parameters and body, the
//! request builder it returns (a method per optional parameter, `.body(..)` for an
//! optional body, `send()` and `IntoFuture`, and `Validate` when it declares
//! constraints), and its `send`: a chain of calls into `apigen_runtime::Request` ending
//! in `send` with the mapping of statuses to `apigen_runtime::Outcome`s.

use quote::quote;

use super::checks::{CheckGroups, Subject, nested_check, render_validate_impl, value_checks};
use super::docs::{Docs, code, inline};
use super::format::Printer;
use super::layout::{Lines, Piece, string};
use super::responses::{Dispatch, dispatch, error_alias, outcome_enums, status_text, success_type_text};
use super::structs::{deprecated_attribute, deprecated_note};
use super::types::{ident, rust_type_text};
use crate::model::names::split_raw;
use crate::model::{
    Api, BodyEncoding, FormStyle, Operation, Parameter, ParameterLocation, Part, PathSegment, RequestBody, SchemeKind,
    StatusMatch, TypeRef,
};

/// One value the request builder holds: a parameter, the body, or a multipart body's
/// content type.
struct Arg {
    /// The builder's field, and the setter's name for an optional value.
    field: String,
    /// The type the caller passes (`impl Into<String>` for text), as text.
    input: String,
    /// The type the builder holds (without the `Option` of an optional value), as text.
    held: String,
    /// Whether the input goes through `.into()`.
    into: bool,
    /// Whether it is positional (else it is a builder method).
    required: bool,
    /// The `#[deprecated]` of its builder method, when the document deprecates it.
    deprecated: Option<String>,
    /// The setter's documentation.
    doc: String,
}

/// The operation's method of `impl Client`, written as text (see [`super::layout`]).
pub fn client_method(api: &Api, op: &Operation) -> Lines {
    render_method(api, op, &arguments(api, op, SetterDocs::Without))
}

/// The operation's module-level items, printed: its request builder (the struct, its
/// methods, `IntoFuture` and `Validate`, written as text) and outcome enums.
pub fn print_module_items(printer: &mut Printer, api: &Api, op: &Operation) -> Result<(), String> {
    let args = arguments(api, op, SetterDocs::With);
    let builder = ident(&op.builder);
    let checks = checks(api, op);
    printer.text(request_struct(op, &args))?;
    let methods = builder_methods(api, op, &args, !checks.is_empty());
    printer.impl_block(quote!(impl<'a> #builder<'a>), methods.into_iter().map(Piece::Text))?;
    printer.text(into_future(api, op))?;
    printer.text(render_validate(op, &checks))?;
    printer.text(outcome_enums(api, op))
}

/// The items of the builder's `impl`: setters, `send` and, for a download, `send_streaming`.
fn builder_methods(api: &Api, op: &Operation, args: &[Arg], validated: bool) -> Vec<Lines> {
    let mut methods = setters(op, args);
    methods.push(render_send(api, op, false, validated));
    if op.streams() {
        methods.push(render_send(api, op, true, validated));
    }
    methods
}

/// The items of an operation written as text, each as a file prettyplease can print
/// (methods inside their `impl`), and whether it went over the margin: what the layout
/// test compares with prettyplease.
#[cfg(test)]
pub(crate) fn written_items(api: &Api, op: &Operation) -> Vec<(String, bool)> {
    let args = arguments(api, op, SetterDocs::With);
    let mut items = vec![
        request_struct(op, &args).finish(),
        into_future(api, op).finish(),
        render_validate(op, &checks(api, op)).finish(),
        outcome_enums(api, op).finish(),
    ];
    let methods = builder_methods(api, op, &args, !checks(api, op).is_empty());
    let methods = methods.into_iter().map(|method| (format!("impl<'a> {}<'a>", op.builder), method));
    for (header, method) in methods.chain([("impl Client".to_owned(), client_method(api, op))]) {
        let (text, overflow) = method.finish();
        items.push((format!("{header} {{\n{text}}}\n"), overflow));
    }
    items
}

/// The positional arguments of an operation's client method: name and type as text
/// (types of the API module as `types::…`), for the generated examples.
pub fn required_arguments(api: &Api, op: &Operation) -> Vec<(String, String)> {
    arguments(api, op, SetterDocs::Without).into_iter().filter(|a| a.required).map(|a| (a.field, a.held)).collect()
}

/// The type a parameter is held as, and whether its input goes through `Into`.
fn parameter_type(param: &Parameter, api: &Api) -> (String, bool) {
    let rust = rust_type_text(&param.ty, &api.types, "types::");
    match api.types.resolve(&param.ty) {
        TypeRef::String | TypeRef::Secret => (rust, true),
        // A union of scalars converts from each member's type (see `unions::render_param`).
        TypeRef::Named(id) => (rust, matches!(api.types.get(*id).kind, crate::model::TypeKind::Union { .. })),
        TypeRef::Array(item) => (format!("Vec<{}>", rust_type_text(item, &api.types, "types::")), false),
        _ => (rust, false),
    }
}

/// What a setter of an idempotency key says of the key sent without it.
const IDEMPOTENCY_KEY: &str = "Without it, each call sends a fresh random key (a UUID), the same for its retries, so that the server knows a retry for one; set it to make a repeat of an earlier call known as one.";

/// A setter's documentation: where the parameter goes, its description, its checks.
fn parameter_doc(api: &Api, param: &Parameter) -> String {
    let description = param.description.as_deref().map(inline).unwrap_or_default();
    let checked = super::structs::describe_constraints(&api.types.checked(&param.ty, &param.constraints), true)
        .unwrap_or_default();
    let place = format!("{} in the {}.", code(&param.name), location_name(param.location));
    let deprecated = if param.deprecated { deprecated_note(param.deprecation.as_deref()) } else { String::new() };
    let key = if param.idempotency_key { IDEMPOTENCY_KEY } else { "" };
    // A description without a full stop ends its sentence before the notes after it.
    let followed = !(checked.is_empty() && deprecated.is_empty() && key.is_empty());
    let unended = !description.trim_end().ends_with(['.', '!', '?', ':', ';']);
    let description = if followed && unended && !description.is_empty() {
        format!("{}.", description.trim_end())
    } else {
        description
    };
    let doc = [place, description, checked, deprecated, key.to_owned()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    doc.trim_end().to_owned()
}

/// Whether [`arguments`] writes each setter's documentation (the client's method and
/// the crate's example do not show it; its Markdown was a tenth of printing a method).
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetterDocs {
    With,
    Without,
}

fn arguments(api: &Api, op: &Operation, docs: SetterDocs) -> Vec<Arg> {
    let mut args: Vec<Arg> = op
        .parameters
        .iter()
        .map(|param| {
            let (held, into) = parameter_type(param, api);
            let doc = if docs == SetterDocs::With { parameter_doc(api, param) } else { String::new() };
            let input = if into { format!("impl Into<{held}>") } else { held.clone() };
            Arg {
                field: param.arg.clone(),
                input,
                held,
                into,
                required: param.required,
                deprecated: deprecated_attribute(param.deprecated, param.deprecation.as_deref()),
                doc,
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let into = body.through_into();
        let held = match body.encoding {
            BodyEncoding::Text => "String".to_owned(),
            BodyEncoding::Bytes => "Vec<u8>".to_owned(),
            _ => rust_type_text(&body.ty, &api.types, "types::"),
        };
        let input = if into { format!("impl Into<{held}>") } else { held.clone() };
        let doc = format!("The body, sent as {}.", code(&body.media_type));
        args.push(Arg { field: "body".to_owned(), input, held, into, required: body.required, deprecated: None, doc });
        if body.takes_content_type() || body.chooses_media_type() {
            args.push(Arg {
                field: "content_type".to_owned(),
                input: "impl Into<String>".to_owned(),
                held: "String".to_owned(),
                into: true,
                required: body.required && body.takes_content_type(),
                deprecated: None,
                doc: if body.chooses_media_type() { media_type_doc(body) } else { String::new() },
            });
        }
    }
    args
}

fn render_method(api: &Api, op: &Operation, args: &[Arg]) -> Lines {
    let builder = &op.builder;
    let mut params = vec!["&self".to_owned()];
    params.extend(args.iter().filter(|a| a.required).map(|a| format!("{}: {}", a.field, a.input)));
    let mut inits = vec!["client: self".to_owned()];
    inits.extend(args.iter().map(|a| match (a.required, a.into) {
        (true, true) => format!("{0}: {0}.into()", a.field),
        (true, false) => a.field.clone(),
        (false, _) => format!("{}: None", a.field),
    }));
    // An item of `impl Client`.
    let mut out = Lines::at_depth(1);
    out.docs(&operation_docs(api, op));
    if let Some(attribute) = deprecated_attribute(op.deprecated, op.deprecation.as_deref()) {
        out.line(&attribute);
    }
    if params.len() > 7 {
        out.line("#[allow(clippy::too_many_arguments)]");
    }
    out.line("#[inline]");
    out.signature(&format!("pub fn {}", op.name), &params, &format!(" -> {builder}<'_>"));
    out.struct_literal("", builder, &inits, "");
    out.close("}");
    out
}

/// The request builder's struct.
fn request_struct(op: &Operation, args: &[Arg]) -> Lines {
    let method = split_raw(&op.name).1;
    let optional =
        if args.iter().any(|a| !a.required) { "set optional parameters with its methods, then " } else { "" };
    let mut out = Lines::new();
    out.doc(&format!(
        "The request of [`Client::{method}`]: {optional}`.await` it to send it (or call [`{}::send`] for the future).",
        op.builder
    ));
    out.line("#[derive(Debug, Clone)]");
    out.line("#[must_use = \"a request does nothing until it is awaited\"]");
    out.open(&format!("pub struct {}<'a> {{", op.builder));
    out.line("client: &'a Client,");
    for a in args {
        match a.required {
            true => out.line(&format!("{}: {},", a.field, a.held)),
            false => out.line(&format!("{}: Option<{}>,", a.field, a.held)),
        }
    }
    out.close("}");
    out
}

/// `IntoFuture`, so that awaiting the request sends it.
fn into_future(api: &Api, op: &Operation) -> Lines {
    let (success, _) = success_type_text(api, op);
    let (builder, error_enum) = (&op.builder, &op.error_enum);
    let mut out = Lines::new();
    out.impl_header("impl<'a> std::future::IntoFuture", &format!("{builder}<'a>"));
    out.list("type Output = Result<", &[success.clone(), format!("Error<{error_enum}>")], ">;");
    let parameters = ["'a".to_owned(), success, error_enum.clone()];
    out.list("type IntoFuture = apigen_runtime::Pending<", &parameters, ">;");
    out.line("#[inline]");
    out.open("fn into_future(self) -> Self::IntoFuture {");
    out.line("self.send()");
    out.close("}");
    out.close("}");
    out
}

/// A method per optional value (items of the builder's `impl`); a multipart body's
/// method also takes its content type.
fn setters(op: &Operation, args: &[Arg]) -> Vec<Lines> {
    let multipart = op.body.as_ref().is_some_and(|b| !b.required && b.media_type.starts_with("multipart/"));
    // An optional multipart body's content type is set with the body.
    let optional = |a: &&Arg| !(a.required || multipart && a.field == "content_type");
    let setter = |a: &Arg| {
        let value = if a.into { "value.into()" } else { "value" };
        let mut out = Lines::at_depth(1);
        out.doc(&a.doc);
        let mut params = vec!["mut self".to_owned(), format!("value: {}", a.input)];
        let body = multipart && a.field == "body";
        if body {
            out.doc("`content_type` is the whole `Content-Type` value with its `boundary`.");
            params.push("content_type: impl Into<String>".to_owned());
        }
        if let Some(attribute) = &a.deprecated {
            out.line(attribute);
        }
        out.line("#[inline]");
        out.signature(&format!("pub fn {}", a.field), &params, " -> Self");
        out.line(&format!("self.{} = Some({value});", a.field));
        if body {
            out.line("self.content_type = Some(content_type.into());");
        }
        out.line("self");
        out.close("}");
        out
    };
    args.iter().filter(optional).map(setter).collect()
}

/// `send` (or, with `stream`, `send_streaming`): the request chain (the checks first),
/// then the mapping of statuses to outcomes, written as text (an item of the builder's
/// `impl`).
///
/// `send` is a plain function handing the request and the mapping of statuses to the
/// runtime, whose future does the sending and reading: the operation has no state machine
/// of its own to compile. It is not `#[inline]`: the instance of the runtime's future for
/// the operation's types (and the decoders of its bodies) is compiled once, in the
/// generated crate, not again in every crate that awaits the operation (BENCHMARKS.md).
fn render_send(api: &Api, op: &Operation, stream: bool, validated: bool) -> Lines {
    if op.body.as_ref().is_some_and(|body| !body.required) {
        return optional_body_send(api, op, stream, validated);
    }
    let mut out = send_head(api, op, stream);
    // The start on a line of its own: a chain from `self.client.core` would spend a line
    // on each field.
    let (steps, arguments) = request_start(op);
    out.let_chain("request", &steps, ".request", &arguments);
    out.line("request");
    out.depth_in();
    for call in chain(api, op, validated) {
        out.line(&call);
    }
    send_call(&mut out, op, stream);
    out.depth_out();
    out.close("}");
    out
}

/// The calls of the request chain before `send`: the checks (when `validated`), path,
/// parameters, `Accept`, a required body, security.
fn chain(api: &Api, op: &Operation, validated: bool) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    if validated {
        chain.push(".validated(apigen_runtime::Validate::validate(&self))".to_owned());
    }
    // A literal and the parameter after it are one call.
    let mut before = String::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => before.push_str(text),
            PathSegment::Parameter(index) => {
                chain.push(format!(".path_param({}, &self.{})", string(&before), op.parameters[*index].arg));
                before.clear();
            }
        }
    }
    if !before.is_empty() {
        chain.push(format!(".path({})", string(&before)));
    }
    chain.extend(op.parameters.iter().filter_map(|param| parameter_call(param, api)));
    if let Some(accept) = accept(op) {
        chain.push(format!(".accept({})", string(&accept)));
    }
    if op.body.as_ref().is_some_and(|body| body.required) {
        chain.push(body_call(op));
    }
    if let Some(at) = op.shared_credentials {
        chain.push(format!(".security({})", super::shared_credentials_name(at)));
    } else if !op.credentials.is_empty() {
        let alternatives: Vec<String> = op
            .credentials
            .iter()
            .map(|alternative| format!("&[{}]", alternative.iter().map(|s| string(s)).collect::<Vec<_>>().join(", ")))
            .collect();
        chain.push(format!(".security(&[{}])", alternatives.join(", ")));
    }
    if op.sends_secret {
        chain.push(".carries_credentials()".to_owned());
    }
    chain
}

/// `send` of an operation whose body is optional: the body is set by a statement after the
/// chain.
fn optional_body_send(api: &Api, op: &Operation, stream: bool, validated: bool) -> Lines {
    let mut out = send_head(api, op, stream);
    let (steps, arguments) = request_start(op);
    out.let_chain("mut request", &steps, ".request", &arguments);
    let calls = chain(api, op, validated);
    let flat = format!("request = request{};", calls.concat());
    if out.fits(&flat) || calls.is_empty() {
        out.line(&flat);
    } else {
        out.line("request = request");
        out.depth_in();
        for (index, call) in calls.iter().enumerate() {
            if index + 1 == calls.len() { out.line(&format!("{call};")) } else { out.line(call) }
        }
        out.depth_out();
    }
    let multipart = op.body.as_ref().is_some_and(|body| body.media_type.starts_with("multipart/"));
    let by_ref = op.body.as_ref().is_some_and(|body| matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Form));
    let binding = match (multipart, by_ref) {
        (true, _) => "let (Some(body), Some(content_type)) = (self.body, self.content_type)",
        (false, true) => "let Some(body) = &self.body",
        (false, false) => "let Some(body) = self.body",
    };
    out.open(&format!("if {binding} {{"));
    out.line(&format!("request = request{};", body_call(op)));
    out.close("}");
    out.line("request");
    out.depth_in();
    send_call(&mut out, op, stream);
    out.depth_out();
    out.close("}");
    out
}

/// The last call of the chain: `.send(…)` with the status dispatch.
fn send_call(out: &mut Lines, op: &Operation, stream: bool) {
    match dispatch(op, stream) {
        // How prettyplease lays out a chain ending in a one-line closure is left to it.
        Dispatch::Any(value) => {
            out.line(&format!(".send(|_| {value})"));
            out.reformat();
        }
        Dispatch::Match(arms) => {
            out.open(".send(|status| match status {");
            for arm in arms {
                out.line(&format!("{arm},"));
            }
            out.close("})");
        }
    }
}

/// The docs, signature and imports of `send` (or `send_streaming`).
fn send_head(api: &Api, op: &Operation, stream: bool) -> Lines {
    let mut out = Lines::at_depth(1);
    let (success, name) = match stream {
        false => (success_type_text(api, op).0, "send"),
        true => ("apigen_runtime::ByteStream".to_owned(), "send_streaming"),
    };
    out.doc(if stream {
        "Like `send`, but the awaited result hands over the body's bytes as a stream\nof chunks as they arrive, not read into memory (`send` reads it whole, up to the\nclient's body limit: server-sent events would wait for the stream's end). Bound it with [`apigen_runtime::ByteStream::limit`] if you like;\n[`with_headers`](apigen_runtime::Pending::with_headers) on the future gives the response's headers too."
    } else {
        "Encodes the parameters and body now; builds the request, checks it, sends it and reports any error when the returned future is awaited (as `.await` on the request does). The future borrows the client; [`with_headers`](apigen_runtime::Pending::with_headers) on it gives a success with its response's status and headers."
    });
    let arguments = ["'a".to_owned(), success, op.error_enum.clone()];
    out.signature_returning(&format!("pub fn {name}"), &["self".to_owned()], " -> apigen_runtime::Pending", &arguments);
    // `Outcome` is imported here rather than in the module, so that no operation name is taken.
    out.line("use apigen_runtime::Outcome;");
    if let Some(alias) = error_alias(op) {
        out.line(&alias);
    }
    out
}

/// `self.client.core.request("GET", "name")`: the receiver step by step, and the call's
/// arguments.
fn request_start(op: &Operation) -> ([String; 3], [String; 2]) {
    let steps = ["self".to_owned(), ".client".to_owned(), ".core".to_owned()];
    (steps, [string(op.method.as_str()), string(split_raw(&op.name).1)])
}

/// The chain call of a query, header or cookie parameter.
fn parameter_call(param: &Parameter, api: &Api) -> Option<String> {
    let (arg, wire) = (&param.arg, string(&param.name));
    let array = matches!(api.types.resolve(&param.ty), TypeRef::Array(_));
    Some(match param.location {
        ParameterLocation::Path => return None,
        ParameterLocation::Query if array && !param.explode => {
            let delimiter = proc_macro2::Literal::character(param.delimiter);
            format!(".query_joined({wire}, &self.{arg}, {delimiter})")
        }
        ParameterLocation::Query => format!(".query({wire}, &self.{arg})"),
        ParameterLocation::Header if param.idempotency_key => format!(".idempotency_key({wire}, &self.{arg})"),
        ParameterLocation::Header => format!(".header({wire}, &self.{arg})"),
        ParameterLocation::Cookie => format!(".cookie({wire}, &self.{arg})"),
    })
}

/// The doc of a binary body's `content_type` setter: what is sent without it, and what
/// the document lists.
fn media_type_doc(body: &RequestBody) -> String {
    let listed: Vec<String> = body.binary_media_types.iter().map(|media| code(media)).collect();
    format!(
        "The body's media type, sent as `Content-Type` ({} unless set; the document lists {}).",
        code(body.default_media_type()),
        listed.join(", ")
    )
}

/// The body's chain call (an optional body is bound to `body`).
fn body_call(op: &Operation) -> String {
    let Some(body) = op.body.as_ref() else { return String::new() };
    let media = body.default_media_type();
    let by_ref = matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Form);
    let value = match (body.required, by_ref) {
        (true, true) => "&self.body",
        (true, false) => "self.body",
        (false, _) => "body",
    };
    let content_type = if body.required { "&self.content_type" } else { "&content_type" };
    match body.encoding {
        BodyEncoding::Json => format!(".json({}, {value})", string(media)),
        BodyEncoding::Form => format!(".form({value}, {})", form_styles(&body.form_styles)),
        BodyEncoding::Text => format!(".text({}, {value})", string(media)),
        BodyEncoding::Bytes if body.media_type.starts_with("multipart/") => format!(".bytes({content_type}, {value})"),
        BodyEncoding::Bytes => {
            format!(".bytes(self.content_type.as_deref().unwrap_or({}), {value})", string(media))
        }
    }
}

/// The `Accept` header: every media type a documented success comes in (wildcards say
/// nothing to ask for), then, at `q=0.9`, those of documented errors it does not list (a
/// server that honours `Accept` strictly may otherwise answer 406 where an error was
/// documented: RFC 9110 12.5.1). None when no success has a body.
fn accept(op: &Operation) -> Option<String> {
    // Each media type once, in the order the responses give them.
    let media = |responses: &[crate::model::Response]| -> Vec<String> {
        let mut listed: Vec<String> = Vec::new();
        let types = responses.iter().filter_map(|r| r.body.as_ref()).map(|b| &b.media_type);
        for media in types.filter(|media| !media.contains('*')) {
            if !listed.contains(media) {
                listed.push(media.clone());
            }
        }
        listed
    };
    let mut accept = media(&op.successes);
    if accept.is_empty() {
        return None;
    }
    let errors: Vec<String> = media(&op.errors).into_iter().filter(|error| !accept.contains(error)).collect();
    accept.extend(errors.iter().map(|error| format!("{error};q=0.9")));
    Some(accept.join(", "))
}

/// A multipart body's parts as a list: name, what each holds, whether required.
fn parts_list(parts: &[Part]) -> String {
    let line = |part: &Part| {
        let kind = match (part.list, &part.content_type) {
            (false, None) => part.kind.to_owned(),
            (false, Some(media)) => format!("{} ({})", part.kind, code(media)),
            (true, None) => format!("{}, one part per item", part.kind),
            (true, Some(media)) => format!("{} ({}), one part per item", part.kind, code(media)),
        };
        let required = if part.required { ", required" } else { "" };
        format!("- {}: {kind}{required}", code(&part.name))
    };
    parts.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// A form body's styles as a slice of `apigen_runtime::FormStyle`s (`&[]` for none).
fn form_styles(styles: &[(String, FormStyle)]) -> String {
    let style = |style: &FormStyle| match style {
        FormStyle::Exploded => "Exploded".to_owned(),
        FormStyle::Joined(delimiter) => format!("Joined({delimiter:?})"),
        FormStyle::Deep => "Deep".to_owned(),
    };
    let entries: Vec<String> = styles
        .iter()
        .map(|(name, form)| format!("({}, apigen_runtime::FormStyle::{})", string(name), style(form)))
        .collect();
    format!("&[{}]", entries.join(", "))
}

/// The request's checks of declared constraints: a `Validate` impl (no method name of
/// its own that a parameter's setter could take), run by `send` before anything is sent
/// when the operation declares any, and callable by users before that. Every request
/// has one, so that a vendor dropping the last constraint takes no method away.
fn render_validate(op: &Operation, checks: &CheckGroups) -> Lines {
    let mut out = Lines::new();
    let doc = "Checks the declared constraints of the parameters and body.";
    render_validate_impl(&mut out, &format!("{}<'_>", op.builder), Some(doc), checks);
    out
}

/// Checks of declared constraints: statements, each group inside the block that binds an
/// optional parameter when it is set.
fn checks(api: &Api, op: &Operation) -> CheckGroups {
    let mut checks = Vec::new();
    for param in &op.parameters {
        let arg = &param.arg;
        let subject =
            if param.required { Subject::Place(format!("self.{arg}")) } else { Subject::Bound("value".into()) };
        let param_checks = value_checks(&param.name, &param.ty, &param.constraints, &api.types, &subject);
        if param_checks.is_empty() {
            continue;
        }
        let opening = (!param.required).then(|| format!("if let Some(value) = &self.{arg} {{"));
        checks.push((opening, param_checks));
    }
    if let Some(body) = &op.body
        && matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Form)
        && api.types.has_validation(&body.ty)
    {
        checks.push((None, vec![nested_check("&self.body", "\"body\"")]));
    }
    checks
}

fn location_name(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "headers",
        ParameterLocation::Cookie => "cookies",
    }
}

fn operation_docs(api: &Api, op: &Operation) -> Docs {
    let endpoint = code(&format!("{} {}", op.method.as_str(), op.path));
    let mut docs = match &op.summary {
        Some(summary) => Docs::new().spec(Some(summary)),
        None => Docs::new().ours(&endpoint),
    };
    if let Some(description) = &op.description
        && Some(description.trim()) != op.summary.as_deref().map(str::trim)
    {
        docs = docs.spec(Some(description));
    }
    let mut facts = vec![endpoint];
    if let Some(id) = &op.operation_id {
        facts.push(format!("operationId {}", code(id)));
    }
    docs = docs.ours(facts.join(", "));
    if op.deprecation.is_some() {
        docs = docs.ours(deprecated_note(op.deprecation.as_deref()));
    }
    if let Some(body) = &op.body {
        docs = docs.spec(body.description.as_deref()).ours(format!("The body is sent as {}.", code(&body.media_type)));
        if body.media_type.starts_with("multipart/") {
            let builds = if body.media_type.starts_with("multipart/form-data") {
                ": [`apigen_runtime::Multipart`] builds both"
            } else {
                ""
            };
            docs = docs.ours(format!(
                "The body is the encoded parts, and `content_type` the whole `Content-Type` value with its `boundary`{builds}."
            ));
            if !body.parts.is_empty() {
                docs = docs.ours(format!("Parts:\n{}", parts_list(&body.parts)));
            }
        }
    }
    let params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let description = p.description.as_deref().map(inline).unwrap_or_default();
            let how = if p.required { "" } else { " (optional: a method of the request)" };
            let (arg, wire, place) = (split_raw(&p.arg).1, code(&p.name), location_name(p.location));
            let deprecated = if p.deprecated { deprecated_note(p.deprecation.as_deref()) } else { String::new() };
            let notes =
                [description.as_str(), deprecated.as_str()].into_iter().filter(|n| !n.is_empty()).collect::<Vec<_>>();
            format!("- `{arg}`: {wire} in the {place}{how}. {}", notes.join(" ")).trim_end().to_owned()
        })
        .collect();
    if !params.is_empty() {
        docs = docs.ours(format!("Parameters:\n{}", params.join("\n")));
    }
    let streaming =
        if op.streams() { " `send_streaming()` on it hands the body over as a stream instead." } else { "" };
    docs = docs.ours(format!(
        "`.await` the returned [`{}`] to send the request. {}{streaming}",
        op.builder,
        success_type_text(api, op).1
    ));
    let checked = !checks(api, op).is_empty();
    docs.ours(security_sentence(op)).ours(errors_section(api, op, checked))
}

fn security_sentence(op: &Operation) -> String {
    if op.security.is_empty() {
        return "No credentials needed.".to_owned();
    }
    let alternatives: Vec<String> =
        op.security
            .iter()
            .take(crate::model::SHARED_FROM)
            .map(|a| {
                if a.is_empty() { "none".to_owned() } else { a.iter().map(|s| code(s)).collect::<Vec<_>>().join(" + ") }
            })
            .collect();
    // A longer list is the document's to read, not every operation's docs to repeat.
    let more = op.security.len() - alternatives.len();
    let rest = match more {
        0 => String::new(),
        1 => " or one more alternative the document lists".to_owned(),
        _ => format!(" or one of {more} more alternatives the document lists"),
    };
    format!("Credentials: {}{rest}.", alternatives.join(" or "))
}

fn errors_section(api: &Api, op: &Operation, checked: bool) -> String {
    let mut before = Vec::new();
    if checked {
        before.push("[`Error::Validation`] when a declared constraint does not hold");
    }
    // Text and lists can be empty, `.` or `..`, which would change the path.
    let textual = |p: &Parameter| {
        !matches!(
            api.types.resolve(&p.ty),
            TypeRef::Integer(_)
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::Bool
                | TypeRef::Uuid
                | TypeRef::Date
                | TypeRef::DateTime
        )
    };
    if op.parameters.iter().any(|p| p.location == ParameterLocation::Path && textual(p)) {
        before.push("[`Error::Url`] when a path parameter is empty, `.` or `..`");
    }
    if !op.security.is_empty() && op.security.iter().all(|alternative| !alternative.is_empty()) {
        before.push("[`Error::MissingCredentials`] when the client lacks the credentials");
    }
    if op.carries_credentials() {
        before.push("[`Error::InsecureTransport`] for credentials over plain `http://` to a host other than loopback");
    }
    let mut errors = String::from("# Errors\n\n");
    if !before.is_empty() {
        errors.push_str(&format!("Before anything is sent: {}.\n\n", before.join("; ")));
    }
    errors.push_str("[`Error::Api`] for documented error statuses:");
    for response in &op.errors {
        let status = match response.status {
            StatusMatch::Default => "any other".to_owned(),
            status => status_text(status),
        };
        errors.push_str(&format!(
            "\n- {status}: [`{}::{}`]: {}",
            op.error_enum,
            split_raw(&response.variant).1,
            inline(&response.description)
        ));
    }
    if op.errors.is_empty() {
        errors.push_str(" none documented.");
    }
    errors.push_str("\n\n");
    if op.stray_success().is_some() {
        let codes: Vec<String> = op.stray_statuses().iter().map(u16::to_string).collect();
        errors.push_str(&format!(
            "Statuses {}, which the document does not list, are read as the success too; other statuses give [`Error::UnexpectedStatus`]. ",
            codes.join(", ")
        ));
    } else if !op.errors.iter().any(|r| r.status == StatusMatch::Default) {
        errors.push_str("Other statuses give [`Error::UnexpectedStatus`]. ");
    }
    errors.push_str(
        "A failed connection, a call over the client's time bound, a body over its size limit and a body that does not decode give [`Error::Transport`], [`Error::Timeout`], [`Error::BodyTooLarge`] and [`Error::Decode`]",
    );
    // Only bearer schemes take a token provider (`with_…_provider`). Schemes are sorted
    // by name: a search, not a scan (an operation may list thousands of alternatives).
    let schemes = &api.security_schemes;
    let bearer = |name: &String| {
        schemes.binary_search_by(|s| s.name.cmp(name)).is_ok_and(|at| schemes[at].kind == SchemeKind::Bearer)
    };
    errors.push_str(if op.security.iter().flatten().any(bearer) {
        "; a token provider that cannot supply a token, [`Error::Token`]."
    } else {
        "."
    });
    errors.push_str(acted_on(op));
    errors
}

/// What an error of a request that is not idempotent leaves open: whether the server acted.
fn acted_on(op: &Operation) -> &'static str {
    let keyed = op.parameters.iter().any(|p| p.idempotency_key);
    match op.method {
        crate::model::Method::Post | crate::model::Method::Patch if keyed => {
            " The server may have acted on the request before any error but those before sending: to send it again without acting twice, set the idempotency key yourself and send the same one."
        }
        crate::model::Method::Post | crate::model::Method::Patch => {
            " The server may have acted on the request before any error but those before sending."
        }
        _ => "",
    }
}
