//! Paths to operations: names, parameters, request bodies, responses, security.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    Components, Content, Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody as SpecRequestBody, Response as SpecResponse, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::names::{Scope, snake_name, type_name};
use super::types::{Constraints, Shape, Translator, TypeKind, TypeRef, unnullable};
use super::{
    BodyEncoding, FormStyle, Method, Operation, Parameter, ParameterLocation, Part, PathSegment, RequestBody, Response,
    ResponseBody, StatusMatch,
};
use crate::diagnostics::escape_token;

/// The media type a body is sent or read as, chosen deterministically from a
/// `content` map. Lower rank wins; ties go to the alphabetically first type.
///
/// 0. `application/json`
/// 1. concrete `application/<x>+json` (a vendor JSON type), except JSON Patch and
///    JSON Merge Patch, whose bodies mean something else
/// 2. wildcard JSON (`application/*+json`), then JSON Patch / Merge Patch
/// 3. `text/json` (last among JSON types: some validating servers reject it)
/// 4. `application/x-www-form-urlencoded`
/// 5. `text/plain`
/// 6. other `text/*`
/// 7. `application/octet-stream`, `*/*` and anything else, as bytes
pub fn choose_media_type(content: &Content) -> Option<(&str, BodyEncoding)> {
    content.keys().map(|k| (rank(k), k.as_str())).min().map(|((_, encoding), key)| (key, encoding))
}

/// How a body of `media_type` is encoded and decoded.
pub fn encoding_of(media_type: &str) -> BodyEncoding {
    rank(media_type).1
}

fn rank(media_type: &str) -> (u8, BodyEncoding) {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => (0, BodyEncoding::Json),
        "application/json-patch+json" | "application/merge-patch+json" => (2, BodyEncoding::Json),
        "text/json" => (3, BodyEncoding::Json),
        "application/x-www-form-urlencoded" => (4, BodyEncoding::Form),
        "text/plain" => (5, BodyEncoding::Text),
        e if e.ends_with("+json") && e.contains('*') => (2, BodyEncoding::Json),
        e if e.ends_with("+json") => (1, BodyEncoding::Json),
        e if e.starts_with("text/") => (6, BodyEncoding::Text),
        _ => (7, BodyEncoding::Bytes),
    }
}

/// The readable name of an operation without `operationId`: method and path words,
/// path parameters as `by_<name>` (`GET /users/{id}/keys` → `get_users_by_id_keys`).
pub fn derived_name(method: Method, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by {param}")),
            None => words.push(segment.to_owned()),
        }
    }
    snake_name(&words.join(" "), "operation")
}

/// The method name for an `operationId`. Ids of the form `Module.Controller.action`
/// (Phoenix, ASP.NET) use their last part when that part is unique in the API.
pub fn id_names(operation_id: &str) -> (Option<String>, String) {
    let full = snake_name(operation_id, "operation");
    let short = operation_id
        .rsplit('.')
        .next()
        .filter(|last| operation_id.contains('.') && !last.is_empty())
        .map(|last| snake_name(last, "operation"));
    (short, full)
}

/// Builds operations from the document's paths.
pub struct OperationBuilder<'t, 'a> {
    /// The schema translator (and its diagnostics).
    pub translator: &'t mut Translator<'a>,
    /// The document's components.
    pub components: &'a Components,
    /// Names taken in the API module: its own items, then each operation's types
    /// (see [`OPERATION_TYPE_SUFFIXES`]).
    pub module_names: Scope,
    /// The document's own security, read once and shared by every operation that
    /// inherits it.
    pub inherited_security: Option<std::sync::Arc<Vec<Vec<String>>>>,
}

/// The suffixes of the types an operation may add to its API module (request
/// builder, error enum, success enum, …); each operation's stem is chosen so that
/// no two operations' types meet.
pub const OPERATION_TYPE_SUFFIXES: &[&str] = &["", "Error", "Success", "Request", "Builder", "Outcome"];

impl OperationBuilder<'_, '_> {
    /// A stem for the types of an operation named `name`, unique in the module.
    fn type_prefix(&mut self, name: &str) -> String {
        self.module_names.claim_family(&type_name(name, "Operation"), OPERATION_TYPE_SUFFIXES)
    }
}

impl OperationBuilder<'_, '_> {
    /// Translates one operation; `name` is already unique.
    #[allow(clippy::too_many_arguments)]
    pub fn operation(
        &mut self,
        name: String,
        method: Method,
        path: &str,
        op: &SpecOperation,
        path_parameters: &[ReferenceOr<SpecParameter>],
        global_security: &Option<Vec<openapiv3::SecurityRequirement>>,
        pointer: &str,
    ) -> Operation {
        let type_prefix = self.type_prefix(&name);
        let read = |requirements: &Vec<openapiv3::SecurityRequirement>| -> Vec<Vec<String>> {
            requirements.iter().map(|requirement| requirement.keys().cloned().collect()).collect()
        };
        let security = match &op.security {
            Some(own) => std::sync::Arc::new(read(own)),
            None => self
                .inherited_security
                .get_or_insert_with(|| std::sync::Arc::new(global_security.as_ref().map(read).unwrap_or_default()))
                .clone(),
        };
        let secured = security.iter().any(|alternative| !alternative.is_empty());
        let reserved = Reserved { secured, has_body: op.request_body.is_some() };
        let parameters = self.parameters(&type_prefix, path, op, (path_parameters, reserved), pointer);
        let path_segments = self.path_segments(path, &parameters, pointer);
        let body = op.request_body.as_ref().and_then(|body| self.request_body(&type_prefix, body, pointer));
        let (successes, errors) = self.responses(&type_prefix, op, method == Method::Head, pointer);
        let sends_secret = params_or_body_secret(&parameters, body.as_ref(), &self.translator.registry);
        let mut operation = Operation {
            name,
            type_prefix,
            // Named with the module's other items (see `api::item_names`).
            builder: String::new(),
            error_enum: String::new(),
            success_enum: String::new(),
            operation_id: op.operation_id.clone(),
            method,
            path: path.to_owned(),
            path_segments,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            deprecation: super::deprecation(op.deprecated, &op.extensions),
            parameters,
            body,
            successes,
            errors,
            // Named by `api::name_credentials` once every scheme is known.
            credentials: security.clone(),
            shared_credentials: None,
            security,
            pointer: pointer.to_owned(),
            sends_secret,
            token: None,
        };
        if let Some(raw) = op.extensions.get(super::token::EXTENSION) {
            let (registry, diags) = self.translator.registry_and_diags();
            operation.token = super::token::read(raw, &operation, registry, diags);
        }
        operation
    }

    fn parameters(
        &mut self,
        prefix: &str,
        path: &str,
        op: &SpecOperation,
        (path_parameters, reserved): (&[ReferenceOr<SpecParameter>], Reserved),
        pointer: &str,
    ) -> Vec<Parameter> {
        let merged = self.merged_parameters(path, op, (path_parameters, reserved), pointer);
        let mut scope = Scope::new();
        // Parameters become fields and methods of the operation's request builder (and
        // arguments of the client method): they keep clear of its other field (`client`),
        // the body's field and method, its methods (`send` and `send_streaming`, reserved
        // whether or not the operation streams, and `into_future`, `clone` and `validate`,
        // trait methods that a method of the same name would shadow: a vendor adding a
        // `validate` query flag must not change what `request.validate()` means).
        let methods = ["send", "send_streaming", "into_future", "clone", "validate"];
        for taken in ["client", "body", "content_type"].into_iter().chain(methods) {
            scope.claim(taken);
        }
        let mut out: Vec<Parameter> =
            merged.into_iter().map(|(param, at)| self.parameter(&param, &at, prefix, &mut scope)).collect();
        // Path parameters in the order they appear in the path, then the others by name
        // (location only breaks ties): a parameter a vendor moves from a cookie to the
        // query keeps its place among the arguments, so old calls still mean the same.
        // Names count in lower case, as HTTP reads a header's, and the place breaks their
        // ties before the name as written: a vendor writing `x-request-id` for
        // `X-Request-Id` (or `id` for a header `ID` beside a query `id`) must not swap two
        // string arguments.
        let position = |p: &Parameter| path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX);
        let key = |p: &Parameter| {
            (
                p.location != ParameterLocation::Path,
                position(p),
                p.name.to_ascii_lowercase(),
                p.location,
                p.name.clone(),
            )
        };
        out.sort_by_cached_key(key);
        out
    }

    /// The path-level and operation parameters, resolved, with the pointer of each.
    /// Operation parameters override path-level ones with the same name and location,
    /// and within one list the last of a name and location is kept (the check stage
    /// warns about such duplicates, and about the path parameters dropped here: a path
    /// parameter that is not in the path template has nowhere to go).
    fn merged_parameters(
        &mut self,
        path: &str,
        op: &SpecOperation,
        (path_parameters, reserved): (&[ReferenceOr<SpecParameter>], Reserved),
        pointer: &str,
    ) -> Vec<(SpecParameter, String)> {
        // Slots in the order kept, and where each name and location is: a parameter that
        // overrides another empties its slot and takes one at the end (a map, not a scan:
        // an operation may list thousands).
        let mut merged: Vec<Option<(SpecParameter, String)>> = Vec::new();
        let mut slots: BTreeMap<(ParameterLocation, String), usize> = BTreeMap::new();
        let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p.to_owned()).unwrap_or_default();
        let template = crate::check::template_variables(path);
        let lists = [(path_parameters, path_pointer.as_str()), (op.parameters.as_slice(), pointer)];
        for (list, base) in lists {
            for (index, param) in list.iter().enumerate() {
                let at = format!("{base}/parameters/{index}");
                let Some(param) = self.resolve_parameter(param, &at) else { continue };
                let data = param.parameter_data_ref();
                let location = location_of(&param);
                if location == ParameterLocation::Path && !template.contains(&data.name.as_str()) {
                    continue;
                }
                // OpenAPI: such a header parameter "SHALL be ignored" (the media types and
                // the security schemes say what goes there).
                if location == ParameterLocation::Header
                    && let Some(set_by) = reserved.set_by(&data.name)
                {
                    self.translator.diags().warning(
                        at.clone(),
                        format!(
                            "a header parameter named `{}` is ignored, as OpenAPI says: {set_by} that header",
                            data.name
                        ),
                    );
                    continue;
                }
                if let Some(slot) = slots.insert((location, name_key(location, &data.name)), merged.len()) {
                    merged[slot] = None;
                }
                merged.push(Some((param, at)));
            }
        }
        merged.into_iter().flatten().collect()
    }

    /// One parameter of the model: its type, serialization and argument name.
    fn parameter(&mut self, param: &SpecParameter, at: &str, prefix: &str, scope: &mut Scope) -> Parameter {
        let data = param.parameter_data_ref();
        let location = location_of(param);
        let (shape, ty) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let hint = format!("{prefix}{}", type_name(&data.name, "Param"));
                let shape = self.translator.schema(schema, &hint, &format!("{at}/schema"));
                let ty = self.scalar_parameter_type(shape.ty.clone(), at);
                (shape, ty)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.translator.diags().warning(
                    format!("{at}/content"),
                    "parameters with `content` are sent as JSON text: serde_json::Value",
                );
                (Shape::plain(TypeRef::Json), TypeRef::Json)
            }
        };
        // `explode` defaults to true for style `form` only (query and cookie parameters
        // without a style); space- and pipe-delimited arrays are joined.
        let form = match param {
            SpecParameter::Query { style, .. } => matches!(style, openapiv3::QueryStyle::Form),
            SpecParameter::Cookie { .. } => true,
            _ => false,
        };
        self.unsupported_path_style(param, at);
        self.unsupported_query_style(param, &ty, at);
        let delimiter = match param {
            SpecParameter::Query { style: openapiv3::QueryStyle::SpaceDelimited, .. } => ' ',
            SpecParameter::Query { style: openapiv3::QueryStyle::PipeDelimited, .. } => '|',
            _ => ',',
        };
        let required = data.required || location == ParameterLocation::Path;
        // A `$ref` to a string schema is not a key: its `format` (`byte`, say) is not known here.
        let typed = (&ty, shape.format.as_deref());
        let idempotency_key = !required && is_idempotency_key(&data.name, location, typed, &shape.constraints);
        Parameter {
            name: data.name.clone(),
            arg: scope.claim(&snake_name(&data.name, "param")),
            location,
            required,
            idempotency_key,
            ty,
            explode: data.explode.unwrap_or(form),
            delimiter,
            constraints: shape.constraints,
            format: shape.format,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            deprecation: super::deprecation(data.deprecated.unwrap_or(false), &data.extensions),
        }
    }

    /// Warnings for what a query parameter asks and is not done: `allowReserved` (reserved
    /// characters are percent-encoded all the same) and `deepObject` on a value that is
    /// no object (sent as style `form`; objects are sent as JSON text, warned of already).
    fn unsupported_query_style(&mut self, param: &SpecParameter, ty: &TypeRef, at: &str) {
        let SpecParameter::Query { allow_reserved, style, .. } = param else { return };
        if *allow_reserved {
            self.translator.diags().warning(
                format!("{at}/allowReserved"),
                "`allowReserved` is not supported: reserved characters (`/?#[]@!$&'()*+,;=`) are percent-encoded as in any query value",
            );
        }
        if matches!(style, openapiv3::QueryStyle::DeepObject) && !matches!(ty, TypeRef::Json) {
            self.translator.diags().warning(
                format!("{at}/style"),
                "style `deepObject` describes objects: this value, which is none, is sent as style `form`",
            );
        }
    }

    /// A warning for a path parameter of style `matrix` or `label` (`;id=5`, `.5`), which
    /// is sent as `simple` (`5`): silently, the server would get a path it may not know.
    fn unsupported_path_style(&mut self, param: &SpecParameter, at: &str) {
        let style = match param {
            SpecParameter::Path { style: openapiv3::PathStyle::Matrix, .. } => "matrix",
            SpecParameter::Path { style: openapiv3::PathStyle::Label, .. } => "label",
            _ => return,
        };
        self.translator.diags().warning(
            format!("{at}/style"),
            format!("path parameter style `{style}` is not supported: the value is sent as style `simple`, which a server expecting `{style}` may not accept"),
        );
    }

    /// The path template as literal text and parameters. A variable without a path
    /// parameter of its name is an error; an unclosed `{` is literal text.
    fn path_segments(&mut self, path: &str, parameters: &[Parameter], pointer: &str) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else { break };
            literal.push_str(&rest[..start]);
            let name = &rest[start + 1..start + length];
            rest = &rest[start + length + 1..];
            match parameters.iter().position(|p| p.location == ParameterLocation::Path && p.name == name) {
                Some(index) => {
                    if !literal.is_empty() {
                        segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(PathSegment::Parameter(index));
                }
                None => self
                    .translator
                    .diags()
                    .error(pointer, format!("path template variable `{{{name}}}` has no matching path parameter")),
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(PathSegment::Literal(literal));
        }
        segments
    }

    /// Parameters are sent as text: scalars, enums, unions of them and arrays of those are
    /// supported, anything else is sent as JSON text.
    fn scalar_parameter_type(&mut self, ty: TypeRef, at: &str) -> TypeRef {
        let registry = &self.translator.registry;
        match registry.resolve(&ty) {
            TypeRef::Array(item) if registry.is_scalar(item) => ty,
            _ if registry.is_scalar(&ty) => ty,
            _ => {
                self.translator.diags().warning(
                    format!("{at}/schema"),
                    "only scalars, enums, unions of them and arrays of those are sent as text (objects, deepObject and friends are not supported); the value is sent as JSON text",
                );
                TypeRef::Json
            }
        }
    }

    fn resolve_parameter(&mut self, param: &ReferenceOr<SpecParameter>, at: &str) -> Option<SpecParameter> {
        let components = self.components;
        self.resolve(param, "parameters", &components.parameters, at)
    }

    /// The item itself, or the component a local `$ref` names (see
    /// [`super::references::follow`]); when there is none, an error.
    fn resolve<T: Clone>(
        &mut self,
        item: &ReferenceOr<T>,
        section: &str,
        components: &indexmap::IndexMap<String, ReferenceOr<T>>,
        at: &str,
    ) -> Option<T> {
        match super::references::follow(item, section, components) {
            Ok(item) => Some(item.clone()),
            Err(message) => {
                self.translator.diags().error(format!("{at}/$ref"), message);
                None
            }
        }
    }

    fn request_body(
        &mut self,
        prefix: &str,
        body: &ReferenceOr<SpecRequestBody>,
        pointer: &str,
    ) -> Option<RequestBody> {
        let at = format!("{pointer}/requestBody");
        let components = self.components;
        let body = self.resolve(body, "requestBodies", &components.request_bodies, &at)?;
        let (media_type, encoding) =
            files_as_multipart(&body.content, &self.components.schemas).or_else(|| choose_media_type(&body.content))?;
        self.foreign_charset(media_type, encoding, &at);
        let media = &body.content[media_type];
        self.unread_schema(media_type, encoding, media.schema.as_ref(), &at);
        let schema_at = format!("{at}/content/{}/schema", escape_token(media_type));
        let ty = match (&media.schema, encoding) {
            (_, BodyEncoding::Bytes) => TypeRef::Bytes,
            (_, BodyEncoding::Text) => TypeRef::String,
            (Some(schema), _) => self.body_type(schema, &format!("{prefix}Request"), &schema_at),
            (None, _) => TypeRef::Json,
        };
        let multipart = media_type.starts_with("multipart/");
        if multipart {
            self.translator.diags().warning(
                format!("{at}/content/{}", escape_token(media_type)),
                "multipart bodies are built by the caller (`apigen_runtime::Multipart`), which passes the bytes and their content type (with the boundary); the operation's docs list the parts",
            );
        }
        Some(RequestBody {
            media_type: media_type.to_owned(),
            encoding,
            ty,
            required: body.required,
            description: body.description.clone().filter(|d| !d.trim().is_empty()),
            form_styles: if encoding == BodyEncoding::Form { form_styles(media) } else { Vec::new() },
            binary_media_types: body
                .content
                .keys()
                .filter(|media| encoding_of(media) == BodyEncoding::Bytes && !media.starts_with("multipart/"))
                .cloned()
                .collect(),
            parts: if multipart { parts_of(media, &self.components.schemas) } else { Vec::new() },
        })
    }

    /// A body schema's type. Inline maps get a name of their own, so that a status
    /// such as "403: map of messages" reads as a named type in signatures.
    fn body_type(&mut self, schema: &ReferenceOr<openapiv3::Schema>, hint: &str, at: &str) -> TypeRef {
        let shape = self.translator.schema(schema, hint, at);
        match shape.ty {
            TypeRef::Map(_) => {
                let doc = shape.doc.clone();
                let ty = shape.nullable_ty();
                self.translator.alias(hint, at, ty, doc)
            }
            // A body that may be `null` (FastAPI's `anyOf: [Item, null]`).
            _ => shape.nullable_ty(),
        }
    }

    /// The operation's successes and errors; `head`: it is a `HEAD` request, whose
    /// responses have no content.
    fn responses(
        &mut self,
        prefix: &str,
        op: &SpecOperation,
        head: bool,
        pointer: &str,
    ) -> (Vec<Response>, Vec<Response>) {
        let mut entries: Vec<(StatusMatch, &ReferenceOr<SpecResponse>, String)> = Vec::new();
        for (status, response) in &op.responses.responses {
            let (status, key) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(range) => (StatusMatch::Range(*range), format!("{range}XX")),
            };
            entries.push((status, response, format!("{pointer}/responses/{key}")));
        }
        if let Some(default) = &op.responses.default {
            entries.push((StatusMatch::Default, default, format!("{pointer}/responses/default")));
        }
        entries.sort_by_key(|(status, _, _)| *status);
        let mut scope = Scope::new();
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        for (status, response, at) in entries {
            let Some(response) = self.resolve_response(response, &at) else { continue };
            let variant = scope.claim(&variant_name(status));
            let success = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(range) => range == 2,
                StatusMatch::Default => false,
            };
            let hint = if success { format!("{prefix}Response") } else { format!("{prefix}{variant}") };
            let content = if self.without_content(head, status, &response, &at) { None } else { Some(&response) };
            let body = content.and_then(|r| choose_media_type(&r.content)).map(|(media_type, encoding)| {
                self.foreign_charset(media_type, encoding, &at);
                let media = &response.content[media_type];
                self.unread_schema(media_type, encoding, media.schema.as_ref(), &at);
                let schema_at = format!("{at}/content/{}/schema", escape_token(media_type));
                let ty = match (&media.schema, encoding) {
                    (_, BodyEncoding::Bytes) => TypeRef::Bytes,
                    (_, BodyEncoding::Text) => TypeRef::String,
                    (Some(schema), _) => self.body_type(schema, &hint, &schema_at),
                    (None, _) => TypeRef::Json,
                };
                if encoding == BodyEncoding::Form {
                    self.unformable(&ty, &schema_at);
                }
                ResponseBody { media_type: media_type.to_owned(), encoding, ty }
            });
            let response = Response { status, variant, description: response.description.clone(), body };
            if success { successes.push(response) } else { errors.push(response) }
        }
        // With no 2xx documented, `default` describes the successes too (Petstore's
        // `createUser`): a 2xx decodes as the success, anything else as the error.
        if successes.is_empty()
            && let Some(default) = errors.iter().find(|r| r.status == StatusMatch::Default)
        {
            let mut success = default.clone();
            success.status = StatusMatch::Range(2);
            success.variant = "Success".to_owned();
            successes.push(success);
        }
        (successes, errors)
    }

    /// A warning for a text, JSON or form body whose media type names a charset other than UTF-8's
    /// (or ASCII, its subset): the client sends and reads text as UTF-8, so anything
    /// beyond ASCII would arrive as other characters (`at` is the request body or
    /// response holding it).
    fn foreign_charset(&mut self, media_type: &str, encoding: BodyEncoding, at: &str) {
        let charset = media_type.split(';').skip(1).find_map(|parameter| {
            let (name, value) = parameter.split_once('=')?;
            name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"').to_ascii_lowercase())
        });
        let Some(charset) = charset.filter(|c| !matches!(c.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii")) else {
            return;
        };
        if encoding != BodyEncoding::Bytes {
            self.translator.diags().warning(
                format!("{at}/content/{}", escape_token(media_type)),
                format!("text, JSON and forms are sent and read as UTF-8: `charset={charset}` is not honoured, and characters beyond ASCII arrive as others"),
            );
        }
    }

    /// A warning for a form answer whose type a form cannot fill: a form's values are
    /// text, so a field (or the values of a map) holding a list, an object or a union with
    /// one of them fails to decode, or is left empty; so does a body that is no object.
    fn unformable(&mut self, ty: &TypeRef, at: &str) {
        let registry = &self.translator.registry;
        let text = |ty: &TypeRef| text_value(registry, ty, 0);
        let (fields, whole) = match registry.resolve(ty) {
            TypeRef::Named(id) => match &registry.get(*id).kind {
                TypeKind::Struct { fields, additional, .. } => {
                    let mut names: Vec<String> =
                        fields.iter().filter(|f| !text(&f.ty)).map(|f| format!("`{}`", f.wire)).collect();
                    if additional.as_ref().is_some_and(|value| !text(value)) {
                        names.push("the other properties".to_owned());
                    }
                    (names, false)
                }
                _ => (Vec::new(), true),
            },
            TypeRef::Map(value) => (if text(value) { Vec::new() } else { vec!["its values".to_owned()] }, false),
            _ => (Vec::new(), true),
        };
        let message = if whole {
            "a form answer is an object of text values: this body, which is no object, cannot be read from one"
                .to_owned()
        } else if !fields.is_empty() {
            format!(
                "a form answer's values are text: {} (a list, an object or a union holding one) cannot be read from one, and an answer holding it fails to decode",
                fields.join(", ")
            )
        } else {
            return;
        };
        self.translator.diags().warning(at.to_owned(), message);
    }

    /// A warning for a schema of a body the client hands over as bytes (XML, `*/*`,
    /// `application/octet-stream`) that describes more than a string: it is not read, and
    /// the body is `Vec<u8>` (springdoc writes `*/*` with the JSON schema by default).
    fn unread_schema(
        &mut self,
        media_type: &str,
        encoding: BodyEncoding,
        schema: Option<&ReferenceOr<openapiv3::Schema>>,
        at: &str,
    ) {
        let described = schema.and_then(|schema| resolved(schema, &self.components.schemas)).is_some_and(|schema| {
            match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => false,
                SchemaKind::Any(any) => *any != openapiv3::AnySchema::default(),
                _ => true,
            }
        });
        if described && encoding == BodyEncoding::Bytes && !media_type.starts_with("multipart/") {
            self.translator.diags().warning(
                format!("{at}/content/{}/schema", escape_token(media_type)),
                format!("a body of `{media_type}` is handed over as bytes (`Vec<u8>`): this schema is not read (declare `application/json` with it, with an overlay, to have it decoded)"),
            );
        }
    }

    /// Whether a response has no content whatever its documentation says: the answer to
    /// a `HEAD` request, a 204, 205 or 304 (RFC 9110 9.3.2, 15.3.5, 15.3.6, 15.4.5).
    /// Documented content is warned of: read, it would fail every call with nothing to
    /// decode.
    fn without_content(&mut self, head: bool, status: StatusMatch, response: &SpecResponse, at: &str) -> bool {
        let bodiless = match status {
            StatusMatch::Code(code @ (204 | 205 | 304)) => Some(code),
            _ => None,
        };
        if (head || bodiless.is_some()) && !response.content.is_empty() {
            let what = match bodiless {
                Some(code) => format!("a {code} response"),
                None => "the answer to a HEAD request".to_owned(),
            };
            let message = format!("{what} has no content (RFC 9110): the content documented here is not read");
            self.translator.diags().warning(format!("{at}/content"), message);
        }
        head || bodiless.is_some()
    }

    fn resolve_response(&mut self, response: &ReferenceOr<SpecResponse>, at: &str) -> Option<SpecResponse> {
        let components = self.components;
        self.resolve(response, "responses", &components.responses, at)
    }
}

/// The styles of a form body's properties that have an Encoding Object saying one (or
/// `explode`); the others are written as the specification's defaults say.
fn form_styles(media: &openapiv3::MediaType) -> Vec<(String, FormStyle)> {
    use openapiv3::QueryStyle;
    let style = |encoding: &openapiv3::Encoding| match (&encoding.style, encoding.explode) {
        (None, false) => None,
        (None | Some(QueryStyle::Form), true) => Some(FormStyle::Exploded),
        (Some(QueryStyle::Form), false) => Some(FormStyle::Joined(',')),
        (Some(QueryStyle::SpaceDelimited), _) => Some(FormStyle::Joined(' ')),
        (Some(QueryStyle::PipeDelimited), _) => Some(FormStyle::Joined('|')),
        (Some(QueryStyle::DeepObject), _) => Some(FormStyle::Deep),
    };
    media.encoding.iter().filter_map(|(name, encoding)| Some((name.clone(), style(encoding)?))).collect()
}

/// Whether a value of `ty` can be read from a form's text: a scalar, an enum, any JSON
/// value (a string then), a union of such (through aliases; `depth` bounds the walk).
fn text_value(registry: &super::TypeRegistry, ty: &TypeRef, depth: usize) -> bool {
    match registry.resolve(unnullable(ty)) {
        TypeRef::Named(id) => match &registry.get(*id).kind {
            TypeKind::Enum { .. } => true,
            TypeKind::Union { variants, .. } if depth < 8 => {
                variants.iter().all(|(_, variant)| text_value(registry, variant, depth + 1))
            }
            _ => false,
        },
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::JsonObject | TypeRef::Boxed(_) => false,
        _ => true,
    }
}

/// `multipart/form-data` where a body offered as a form too has a file (`format: binary`)
/// among its properties: a form carries text, and a file in it would be a `String`
/// (OpenAPI 3.0.3, "Considerations for File Uploads", sends files as multipart).
fn files_as_multipart<'c>(
    content: &'c Content,
    schemas: &IndexMap<String, ReferenceOr<openapiv3::Schema>>,
) -> Option<(&'c str, BodyEncoding)> {
    let (chosen, encoding) = choose_media_type(content)?;
    let multipart = content.keys().find(|media| media.starts_with("multipart/form-data"))?;
    let files = parts_of(&content[chosen], schemas).iter().any(|part| part.kind == "a file");
    (encoding == BodyEncoding::Form && files).then_some((multipart.as_str(), BodyEncoding::Bytes))
}

/// The parts of a multipart body: its schema's properties (through `$ref`s and `allOf`s,
/// whose members' properties it has), each a file (`format: binary`), JSON (an object)
/// or text, one part per item of a list, with the `contentType` its Encoding Object gives.
fn parts_of(media: &openapiv3::MediaType, schemas: &IndexMap<String, ReferenceOr<openapiv3::Schema>>) -> Vec<Part> {
    let Some(body) = media.schema.as_ref().and_then(|schema| resolved(schema, schemas)) else { return Vec::new() };
    let mut properties = Vec::new();
    let mut required = Vec::new();
    collect_properties(&body, schemas, (&mut properties, &mut required), &mut Vec::new(), 0);
    let kind = |schema: &openapiv3::Schema| match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => {
            "a file"
        }
        SchemaKind::Type(Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)) => "text",
        _ => "JSON",
    };
    let part = |(name, property): (String, ReferenceOr<openapiv3::Schema>)| {
        let property = resolved(&property, schemas)?;
        let item = match &property.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                array.items.as_ref().and_then(|items| resolved(&items.clone().unbox(), schemas))
            }
            _ => None,
        };
        Some(Part {
            required: required.contains(&name),
            kind: kind(item.as_ref().unwrap_or(&property)),
            list: item.is_some(),
            content_type: media.encoding.get(&name).and_then(|encoding| encoding.content_type.clone()),
            name,
        })
    };
    properties.into_iter().filter_map(part).collect()
}

/// A schema through `$ref`s and `allOf`s of one member (an alias, or 3.0's nullable
/// reference), up to a bound: references may cycle.
fn resolved(
    schema: &ReferenceOr<openapiv3::Schema>,
    schemas: &IndexMap<String, ReferenceOr<openapiv3::Schema>>,
) -> Option<openapiv3::Schema> {
    let alias =
        |schema: &openapiv3::Schema| matches!(&schema.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() == 1);
    super::types::follow_aliases(|name| schemas.get(name), schema, |schema| (!alias(schema)).then(|| schema.clone()))
}

/// The properties of an object schema and of the members of its `allOf`s (`depth` levels
/// down, at most 16), in order, and the names they require. A member `$ref` merged
/// already (`merged`) is not merged again: it adds nothing, and `allOf: [$ref A, $ref A]`
/// on every level would cost time exponential in the depth (as `ObjectParts::merged`
/// says of the model's merge).
fn collect_properties(
    schema: &openapiv3::Schema,
    schemas: &IndexMap<String, ReferenceOr<openapiv3::Schema>>,
    (properties, required): (&mut Vec<(String, ReferenceOr<openapiv3::Schema>)>, &mut Vec<String>),
    merged: &mut Vec<String>,
    depth: usize,
) {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in &object.properties {
                if !properties.iter().any(|(known, _)| known == name) {
                    properties.push((name.clone(), property.clone().unbox()));
                }
            }
            required.extend(object.required.iter().cloned());
        }
        SchemaKind::AllOf { all_of } if depth < 16 => {
            for member in all_of {
                if let ReferenceOr::Reference { reference } = member {
                    if merged.contains(reference) {
                        continue;
                    }
                    merged.push(reference.clone());
                }
                if let Some(member) = resolved(member, schemas) {
                    collect_properties(&member, schemas, (&mut *properties, &mut *required), merged, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn params_or_body_secret(parameters: &[Parameter], body: Option<&RequestBody>, registry: &super::TypeRegistry) -> bool {
    parameters.iter().any(|p| registry.has_secret(&p.ty)) || body.is_some_and(|b| registry.has_secret(&b.ty))
}

fn location_of(param: &SpecParameter) -> ParameterLocation {
    match param {
        SpecParameter::Path { .. } => ParameterLocation::Path,
        SpecParameter::Query { .. } => ParameterLocation::Query,
        SpecParameter::Header { .. } => ParameterLocation::Header,
        SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
    }
}

/// `400` → `BadRequest`, `418` → `ImATeapot`, `499` → `Status499`, `4XX` → `Status4xx`.
pub fn variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map(|reason| type_name(reason, "Status"))
            .unwrap_or_else(|| format!("Status{code}")),
        StatusMatch::Range(range) => format!("Status{range}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// What sets the headers OpenAPI reserves (Parameter Object, `name`: `Accept`,
/// `Content-Type` and `Authorization` parameters "SHALL be ignored"). A parameter is
/// ignored only when something else does set its header: a document that declares no
/// security but an `Authorization` parameter (keeper.json's "bearer token") keeps it,
/// or its calls could not be authenticated at all.
#[derive(Clone, Copy)]
struct Reserved {
    /// The operation has a security requirement that is not anonymous.
    secured: bool,
    /// The operation has a request body (whose media type sets `Content-Type`).
    has_body: bool,
}

impl Reserved {
    /// What sets the header `name` (with its verb), when a parameter of that name is to be
    /// ignored.
    fn set_by(self, name: &str) -> Option<&'static str> {
        let is = |reserved: &str| name.eq_ignore_ascii_case(reserved);
        match () {
            _ if is("accept") => Some("the responses' media types set"),
            _ if is("content-type") && self.has_body => Some("the request body's media type sets"),
            _ if is("authorization") && self.secured => Some("the operation's security scheme sets"),
            _ => None,
        }
    }
}

/// What a parameter in `location` is known by: header names without case, as HTTP
/// compares them (`Idempotency-Key` and `idempotency-key` are one header).
fn name_key(location: ParameterLocation, name: &str) -> String {
    if location == ParameterLocation::Header { name.to_ascii_lowercase() } else { name.to_owned() }
}

/// Whether a header is an idempotency key (the IETF draft's `Idempotency-Key`, as
/// payment APIs declare it) that a random UUID fits: a string (of no format, or a
/// `uuid`) or UUID, written in place, without a pattern, whose length bounds allow 36
/// characters.
fn is_idempotency_key(
    name: &str,
    location: ParameterLocation,
    (ty, format): (&TypeRef, Option<&str>),
    constraints: &Constraints,
) -> bool {
    const UUID_LENGTH: u64 = 36;
    let fits = constraints.pattern.is_none()
        && constraints.max_length.is_none_or(|max| max >= UUID_LENGTH)
        && constraints.min_length.is_none_or(|min| min <= UUID_LENGTH);
    location == ParameterLocation::Header
        && name.eq_ignore_ascii_case("idempotency-key")
        && matches!(ty, TypeRef::String | TypeRef::Uuid)
        && format.is_none_or(|format| format == "uuid")
        && fits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts_through_references_and_all_of() {
        let components: IndexMap<String, ReferenceOr<openapiv3::Schema>> = serde_json::from_value(serde_json::json!({
            "Binary": {"type": "string", "format": "binary"},
            "BinaryAlias": {"$ref": "#/components/schemas/Binary"},
            "Upload": {"type": "object", "required": ["alias"], "properties": {
                "alias": {"$ref": "#/components/schemas/BinaryAlias"},
                "wrapped": {"allOf": [{"$ref": "#/components/schemas/Binary"}], "nullable": true},
            }},
        }))
        .unwrap();
        let media: openapiv3::MediaType = serde_json::from_value(serde_json::json!({"schema": {"allOf": [
            {"$ref": "#/components/schemas/Upload"},
            {"type": "object", "properties": {"note": {"type": "string"}, "tags": {"type": "array", "items": {"type": "object"}}}},
        ]}}))
        .unwrap();
        let parts: Vec<(String, &str, bool, bool)> =
            parts_of(&media, &components).into_iter().map(|p| (p.name, p.kind, p.list, p.required)).collect();
        let expected = [
            ("alias", "a file", false, true),
            ("wrapped", "a file", false, false),
            ("note", "text", false, false),
            ("tags", "JSON", true, false),
        ];
        assert_eq!(parts, expected.map(|(n, k, l, r)| (n.to_owned(), k, l, r)));
    }

    #[test]
    fn a_reference_merged_once_is_not_merged_again() {
        // 15 levels of `allOf: [$ref next ×4]`: 4^15 merges without the check (a hang).
        let mut components = serde_json::Map::new();
        for level in 0..15 {
            let next = serde_json::json!({"$ref": format!("#/components/schemas/S{}", level + 1)});
            components.insert(format!("S{level}"), serde_json::json!({"allOf": [next, next, next, next]}));
        }
        let file =
            serde_json::json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}});
        components.insert("S15".to_owned(), file);
        let components: IndexMap<String, ReferenceOr<openapiv3::Schema>> =
            serde_json::from_value(serde_json::Value::Object(components)).unwrap();
        let media: openapiv3::MediaType =
            serde_json::from_value(serde_json::json!({"schema": {"$ref": "#/components/schemas/S0"}})).unwrap();
        let parts = parts_of(&media, &components);
        assert_eq!(parts.iter().map(|part| (part.name.as_str(), part.kind)).collect::<Vec<_>>(), [("file", "a file")]);
    }

    #[test]
    fn a_form_with_a_file_goes_as_multipart() {
        let media = |schema: serde_json::Value| -> openapiv3::MediaType {
            serde_json::from_value(serde_json::json!({"schema": schema})).unwrap()
        };
        let avatar =
            serde_json::json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}});
        let text = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
        let offered = |schema: &serde_json::Value| -> Content {
            [
                ("application/x-www-form-urlencoded", media(schema.clone())),
                ("multipart/form-data", media(schema.clone())),
            ]
            .into_iter()
            .map(|(name, media)| (name.to_owned(), media))
            .collect()
        };
        let none = IndexMap::new();
        assert_eq!(files_as_multipart(&offered(&avatar), &none), Some(("multipart/form-data", BodyEncoding::Bytes)));
        assert_eq!(files_as_multipart(&offered(&text), &none), None);
        let components: IndexMap<String, ReferenceOr<openapiv3::Schema>> =
            [("Avatar".to_owned(), ReferenceOr::Item(serde_json::from_value(avatar).unwrap()))].into_iter().collect();
        let referenced = offered(&serde_json::json!({"$ref": "#/components/schemas/Avatar"}));
        assert_eq!(files_as_multipart(&referenced, &components).map(|c| c.0), Some("multipart/form-data"));
    }

    #[test]
    fn media_type_choice_prefers_json_and_avoids_patch_and_text_json() {
        let content = |types: &[&str]| -> Content {
            types.iter().map(|t| (t.to_string(), openapiv3::MediaType::default())).collect()
        };
        let frontstream =
            content(&["application/json-patch+json", "application/json", "text/json", "application/*+json"]);
        assert_eq!(choose_media_type(&frontstream).unwrap().0, "application/json");
        let no_plain = content(&["application/json-patch+json", "text/json", "application/*+json"]);
        assert_eq!(choose_media_type(&no_plain).unwrap().0, "application/*+json");
        let vendor = content(&["text/json", "application/vnd.x+json"]);
        assert_eq!(choose_media_type(&vendor).unwrap().0, "application/vnd.x+json");
        assert_eq!(choose_media_type(&content(&["text/html", "text/plain"])).unwrap().0, "text/plain");
        let form = content(&["application/x-www-form-urlencoded", "text/plain"]);
        assert_eq!(choose_media_type(&form).unwrap(), ("application/x-www-form-urlencoded", BodyEncoding::Form));
        let bytes = content(&["*/*"]);
        assert_eq!(choose_media_type(&bytes).unwrap().1, BodyEncoding::Bytes);
        assert!(choose_media_type(&content(&[])).is_none());
    }

    #[test]
    fn names() {
        assert_eq!(derived_name(Method::Post, "/api/ClientSession"), "post_api_client_session");
        assert_eq!(derived_name(Method::Get, "/users/{id}/keys"), "get_users_by_id_keys");
        assert_eq!(derived_name(Method::Get, "/"), "get");
        assert_eq!(
            id_names("ForteAuthSvcWeb.S2SController.authorize_external_service"),
            (
                Some("authorize_external_service".into()),
                "forte_auth_svc_web_s2s_controller_authorize_external_service".into()
            )
        );
        assert_eq!(id_names("createOAuthToken"), (None, "create_o_auth_token".into()));
        assert_eq!(variant_name(StatusMatch::Code(400)), "BadRequest");
        assert_eq!(variant_name(StatusMatch::Code(499)), "Status499");
        assert_eq!(variant_name(StatusMatch::Range(4)), "Status4xx");
    }

    /// Header names are one without case: an operation's `idempotency-key` overrides the
    /// path's `Idempotency-Key`, and two in one list are one (the last, with a warning),
    /// so a call sends one key, never a caller's beside a random one.
    #[test]
    fn headers_of_one_name_in_another_case_are_one() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    parameters:\n      - {name: Idempotency-Key, in: header, required: true, schema: {type: string}}\n    post:\n      operationId: inherited\n      parameters:\n        - {name: idempotency-key, in: header, schema: {type: string}}\n      responses: {'200': {description: ok}}\n  /b:\n    post:\n      operationId: listed\n      parameters:\n        - {name: Idempotency-Key, in: header, required: true, schema: {type: string}}\n        - {name: IDEMPOTENCY-KEY, in: header, schema: {type: string}}\n      responses: {'200': {description: ok}}\n";
        let spec = crate::pipeline::SourceText { name: "t.yaml".into(), text: text.into() };
        let output = crate::pipeline::generate_source("t", &spec, None).unwrap_or_else(|d| panic!("{d:?}"));
        let code: String = output.files.values().cloned().collect();
        assert_eq!(code.matches(".idempotency_key(\"idempotency-key\"").count(), 1, "{code}");
        assert_eq!(code.matches(".idempotency_key(\"IDEMPOTENCY-KEY\"").count(), 1, "{code}");
        assert!(!code.to_ascii_lowercase().contains(".header(\"idempotency-key\""), "{code}");
        let warned: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].contains("as `IDEMPOTENCY-KEY` (HTTP header names ignore case)"), "{warned:?}");
    }

    /// Only a header of that name, of a type and bounds a UUID fits, is an idempotency key.
    #[test]
    fn an_idempotency_key_is_a_header_a_uuid_fits() {
        let header = ParameterLocation::Header;
        let bounded = |max: Option<u64>, pattern: Option<&str>| Constraints {
            max_length: max,
            pattern: pattern.map(str::to_owned),
            ..Constraints::default()
        };
        assert!(is_idempotency_key("Idempotency-Key", header, (&TypeRef::String, None), &bounded(Some(64), None)));
        assert!(is_idempotency_key("idempotency-key", header, (&TypeRef::Uuid, None), &bounded(None, None)));
        assert!(!is_idempotency_key("Idempotency-Key", header, (&TypeRef::String, None), &bounded(Some(20), None)));
        assert!(!is_idempotency_key(
            "Idempotency-Key",
            header,
            (&TypeRef::String, None),
            &bounded(None, Some("^[0-9]+$"))
        ));
        assert!(!is_idempotency_key(
            "Idempotency-Key",
            ParameterLocation::Query,
            (&TypeRef::String, None),
            &bounded(None, None)
        ));
        assert!(!is_idempotency_key("Idempotency-Key", header, (&TypeRef::Bool, None), &bounded(None, None)));
        assert!(!is_idempotency_key("X-Request-Id", header, (&TypeRef::String, None), &bounded(None, None)));
        // A UUID is not base64 (`byte`) nor a date; it is a `uuid` string.
        let any = bounded(None, None);
        assert!(!is_idempotency_key("Idempotency-Key", header, (&TypeRef::String, Some("byte")), &any));
        assert!(is_idempotency_key("Idempotency-Key", header, (&TypeRef::String, Some("uuid")), &any));
    }
}
