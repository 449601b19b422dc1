//! The whole document: servers, security schemes and operations around the types.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, SecurityScheme as SpecScheme};

use super::names::{Scope, snake_name};
use super::operations::{OperationBuilder, derived_name, id_names};
use super::types::Translator;
use super::{Api, ApiKeyLocation, ClientCredentialsFlow, Method, SchemeKind, SecurityScheme, Server, ServerVariable};
use crate::diagnostics::{Diagnostics, escape_token};
use crate::parse::Document;

/// Builds the model of one API from its parsed document.
pub fn build(module: &str, document: &Document, diags: &mut Diagnostics) -> Api {
    let spec = &document.spec;
    let default_components = openapiv3::Components::default();
    let components = spec.components.as_ref().unwrap_or(&default_components);
    let schemas: BTreeMap<&str, &ReferenceOr<openapiv3::Schema>> =
        components.schemas.iter().map(|(k, v)| (k.as_str(), v)).collect();

    let security_schemes = security_schemes(components, spec.servers.first(), diags);
    let mut translator = Translator::new(&schemas, diags);
    translator.register_components();
    let mut operations = operations(document, &security_schemes, components, &mut translator);
    check_operations(&operations, &security_schemes, components, translator.diags());
    name_credentials(&mut operations, &security_schemes);
    let shared_credentials = share_credentials(&mut operations);
    for undefined in translator.registry.undefined().map(|t| t.pointer.clone()).collect::<Vec<_>>() {
        translator.diags().error(undefined, "internal error: this schema's type was never defined");
    }
    item_names(&mut operations);
    let (registry, translated) = translator.registry_and_diags_mut();
    registry.break_recursion(translated);
    let mut registry = translator.registry;
    super::direction::assign(&operations, &mut registry);
    super::defaults::settle(&mut registry, diags);
    let mut api = Api {
        module: module.to_owned(),
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone().filter(|d| !d.trim().is_empty()),
        servers: spec.servers.iter().map(server).collect(),
        security_schemes,
        operations,
        shared_credentials,
        types: registry,
        nesting: super::send_depth::Nesting::default(),
    };
    api.nesting = super::send_depth::Nesting::of(&api);
    api
}

/// The credential lists longer than [`super::SHARED_FROM`], each once; each operation
/// asking for one points at it.
fn share_credentials(operations: &mut [super::Operation]) -> Vec<Vec<Vec<String>>> {
    let mut shared: Vec<Vec<Vec<String>>> = Vec::new();
    let mut index: std::collections::HashMap<Vec<Vec<String>>, usize> = std::collections::HashMap::new();
    for op in operations.iter_mut().filter(|op| op.credentials.len() > super::SHARED_FROM) {
        let at = match index.get(op.credentials.as_slice()) {
            Some(&at) => at,
            None => {
                shared.push(op.credentials.to_vec());
                index.insert(op.credentials.to_vec(), shared.len() - 1);
                shared.len() - 1
            }
        };
        op.shared_credentials = Some(at);
    }
    shared
}

/// The operations, in a fixed order: by path, then by method. Each path item is read
/// when it is needed and dropped after (see `parse`): once to name every operation,
/// once to build its operations.
fn operations<'a>(
    document: &Document,
    security_schemes: &[SecurityScheme],
    components: &'a openapiv3::Components,
    translator: &mut Translator<'a>,
) -> Vec<super::Operation> {
    let mut order: Vec<usize> = (0..document.paths.len()).collect();
    order.sort_by(|&a, &b| document.paths[a].0.cmp(&document.paths[b].0));
    let mut found = Vec::new();
    for &index in &order {
        let path = &document.paths[index].0;
        let Some(ids) = &document.operation_ids[index] else {
            translator.diags().error(
                format!("/paths/{}", escape_token(path)),
                "this path item is a `$ref` to no path item of the document (or to a cycle of them): it is not read",
            );
            continue;
        };
        found.extend(ids.iter().map(|(method, operation_id)| Found {
            path: path.clone(),
            method: METHODS[*method],
            operation_id: operation_id.clone(),
            pointer: format!("/paths/{}/{}", escape_token(path), METHODS[*method].as_str().to_ascii_lowercase()),
        }));
    }
    let setters: Vec<String> = security_schemes
        .iter()
        .flat_map(|s| {
            let bare = super::names::split_raw(&s.field).1;
            [format!("with_{bare}"), format!("with_{bare}_provider")]
        })
        .collect();
    let mut names = operation_names(&found, &setters, translator.diags()).into_iter();
    let mut builder =
        OperationBuilder { translator, components, module_names: module_scope(), inherited_security: None };
    let mut operations = Vec::new();
    let mut found = found.iter();
    // The path items are read on a thread of their own, a few ahead of the model. They
    // come boxed: moving a `PathItem` (about 7 KB) through the channel by value was 7% of
    // the model's instructions on GitHub's document.
    std::thread::scope(|scope| {
        let (items, read) = std::sync::mpsc::sync_channel(16);
        let order = &order;
        crate::threads::spawn(scope, move || {
            for &index in order {
                // A `$ref` was reported by the first pass already.
                if let Some(ReferenceOr::Item(item)) = document.path_item(index, &mut Diagnostics::new(""))
                    && items.send(item).is_err()
                {
                    break;
                }
            }
        });
        for item in read {
            for ((method, op), (name, at)) in operations_of(&item).zip(names.by_ref().zip(found.by_ref())) {
                let security = &document.spec.security;
                operations.push(builder.operation(name, method, &at.path, op, &item.parameters, security, &at.pointer));
            }
        }
    });
    operations
}

/// Each operation's requirements as the credentials the client keeps: a scheme that is a
/// `$ref` to another is that one's credential (both setters set it); one asked for twice
/// in an alternative that way is asked for once. (`security` keeps the spec's names, for
/// the docs and the surface: a scheme made an alias of another changes no requirement.)
fn name_credentials(operations: &mut [super::Operation], security_schemes: &[SecurityScheme]) {
    // Looked up, not searched: every operation of a document may name every scheme.
    let credential_of: std::collections::HashMap<&str, &String> =
        security_schemes.iter().map(|s| (s.name.as_str(), &s.credential)).collect();
    // Operations that share their security (the document's) share their credentials.
    let mut named: std::collections::HashMap<*const Vec<Vec<String>>, std::sync::Arc<Vec<Vec<String>>>> =
        std::collections::HashMap::new();
    for op in operations.iter_mut() {
        let security = op.security.clone();
        op.credentials = named
            .entry(std::sync::Arc::as_ptr(&security))
            .or_insert_with(|| {
                let alternative = |alternative: &Vec<String>| {
                    let mut credentials: Vec<String> = Vec::new();
                    for scheme in alternative {
                        let credential = credential_of.get(scheme.as_str()).copied().unwrap_or(scheme);
                        if !credentials.contains(credential) {
                            credentials.push(credential.clone());
                        }
                    }
                    credentials
                };
                std::sync::Arc::new(security.iter().map(alternative).collect())
            })
            .clone();
    }
}

/// Security requirements name declared schemes, and at most one operation declares
/// `x-apigen-token`.
fn check_operations(
    operations: &[super::Operation],
    security_schemes: &[SecurityScheme],
    components: &openapiv3::Components,
    diags: &mut Diagnostics,
) {
    for op in operations {
        for (index, alternative) in op.security.iter().enumerate() {
            for scheme in alternative {
                // A scheme the document has but that could not be read was reported there.
                let declared = components.security_schemes.contains_key(scheme);
                if !declared && !security_schemes.iter().any(|s| &s.name == scheme) {
                    diags.error(
                        format!("{}/security/{index}", op.pointer),
                        format!("security requirement names `{scheme}`, which is not in components.securitySchemes"),
                    );
                }
            }
        }
    }
    for op in operations {
        parameters_beside_credentials(op, security_schemes, diags);
    }
    let token_operations: Vec<&str> =
        operations.iter().filter(|op| op.token.is_some()).map(|op| op.pointer.as_str()).collect();
    if token_operations.len() > 1 {
        diags.error(
            token_operations[1],
            format!("only one operation per API may declare x-apigen-token (also declared at {})", token_operations[0]),
        );
    }
}

/// A parameter where a credential of the operation goes too (an API key of the same name
/// and place; an `Authorization` header parameter is dropped already), or a `Cookie` header
/// parameter: both are sent (the parameter first, which a server reading the first value
/// takes), or the request has two `Cookie` fields. Said, as the document asks for both.
fn parameters_beside_credentials(op: &super::Operation, schemes: &[SecurityScheme], diags: &mut Diagnostics) {
    use super::ParameterLocation as At;
    let used: BTreeSet<&str> = op.security.iter().flatten().map(String::as_str).collect();
    let placed = |scheme: &SecurityScheme| match &scheme.kind {
        SchemeKind::ApiKey { location: ApiKeyLocation::Header, name } => Some((At::Header, name.clone())),
        SchemeKind::ApiKey { location: ApiKeyLocation::Query, name } => Some((At::Query, name.clone())),
        SchemeKind::ApiKey { location: ApiKeyLocation::Cookie, name } => Some((At::Cookie, name.clone())),
        SchemeKind::Basic | SchemeKind::Bearer => None,
    };
    let same = |at: At, a: &str, b: &str| if at == At::Header { a.eq_ignore_ascii_case(b) } else { a == b };
    for param in &op.parameters {
        let clash = schemes.iter().filter(|s| used.contains(s.name.as_str())).find(|scheme| {
            placed(scheme).is_some_and(|(at, name)| at == param.location && same(at, &name, &param.name))
        });
        let message = match clash {
            Some(scheme) => format!(
                "parameter `{}` goes where security scheme `{}` puts its credential: with both set, both are sent, the parameter first",
                param.name, scheme.name
            ),
            None if param.location == At::Header && param.name.eq_ignore_ascii_case("cookie") => {
                "a `Cookie` header parameter is sent as a field of its own beside the `Cookie` field of cookie parameters and credentials (a request should have one): make each cookie a cookie parameter".to_owned()
            }
            None => continue,
        };
        diags.warning(format!("{}/parameters", op.pointer), message);
    }
}

/// An operation as naming sees it.
struct Found {
    path: String,
    method: Method,
    operation_id: Option<String>,
    pointer: String,
}

/// Methods in the order of [`parse::operations`](crate::parse::operations).
const METHODS: [Method; 8] = [
    Method::Get,
    Method::Put,
    Method::Post,
    Method::Delete,
    Method::Options,
    Method::Head,
    Method::Patch,
    Method::Trace,
];

/// The operations of a path item, in method order.
fn operations_of(item: &openapiv3::PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    crate::parse::operations(item).map(|(method, op)| (METHODS[method], op))
}

/// Unique method names. `operationId`s must be unique (an error otherwise); a
/// dotted id uses its last part unless another operation would get the same name.
fn operation_names(found: &[Found], reserved: &[String], diags: &mut Diagnostics) -> Vec<String> {
    let mut seen_ids: BTreeMap<&str, &str> = BTreeMap::new();
    for Found { operation_id, pointer, .. } in found {
        if let Some(id) = operation_id.as_deref()
            && let Some(first) = seen_ids.insert(id, pointer)
        {
            diags.error(
                format!("{pointer}/operationId"),
                format!("duplicate operationId `{id}` (first used at {first})"),
            );
        }
    }
    let candidates: Vec<(Option<String>, String)> = found
        .iter()
        .map(|found| match found.operation_id.as_deref() {
            Some(id) => id_names(id),
            None => (None, derived_name(found.method, &found.path)),
        })
        .collect();
    let mut short_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (short, _) in &candidates {
        if let Some(short) = short {
            *short_counts.entry(short.as_str()).or_default() += 1;
        }
    }
    let fulls: BTreeSet<&str> = candidates.iter().map(|(_, full)| full.as_str()).collect();
    let mut scope = Scope::new();
    // The client's own methods keep their names; an operation called `new` is `new2`.
    for name in CLIENT_METHODS.iter().map(|m| m.to_string()).chain(reserved.iter().cloned()) {
        scope.claim(&name);
    }
    candidates
        .iter()
        .map(|(short, full)| match short {
            Some(short) if short_counts[short.as_str()] == 1 && !fulls.contains(short.as_str()) => scope.claim(short),
            _ => scope.claim(full),
        })
        .collect()
}

/// Names of the module-level items made per operation (request builder, error enum,
/// and success enum where successes differ in type), unique among each other and clear of the module's other items and
/// the prelude names generated code uses.
fn item_names(operations: &mut [super::Operation]) {
    let mut scope = module_scope();
    for op in operations.iter_mut() {
        op.builder = scope.claim(&op.type_prefix);
        op.error_enum = scope.claim(&super::names::joined(&op.type_prefix, "Error"));
        if op.success() == super::Success::Many {
            op.success_enum = scope.claim(&super::names::joined(&op.type_prefix, "Success"));
        }
    }
}

/// The names an API module's items may not take: [`MODULE_ITEMS`] and the prelude's
/// derive macros (see `names::PRELUDE_DERIVES`).
fn module_scope() -> Scope {
    let mut scope = Scope::with_taken(MODULE_ITEMS);
    for name in super::names::PRELUDE_DERIVES {
        scope.claim(name);
    }
    scope
}

/// Names an API module declares or uses unqualified besides the per-operation items.
const MODULE_ITEMS: &[&str] = &[
    "Client",
    "ServerVariables",
    "TokenSource",
    "Error",
    "Secret",
    "Box",
    "Fn",
    "Send",
    "Sync",
    "Default",
    "Err",
    "Into",
    "None",
    "Ok",
    "Option",
    "Result",
    "Some",
    "String",
    "Vec",
];

fn server(server: &openapiv3::Server) -> Server {
    // `a-b` and `a_b` are two variables, and two fields of `ServerVariables`.
    let mut fields = Scope::new();
    let sorted: BTreeMap<&String, &openapiv3::ServerVariable> = server.variables.iter().flatten().collect();
    let mut variables: Vec<ServerVariable> = sorted
        .into_iter()
        .map(|(name, variable)| ServerVariable {
            name: name.clone(),
            field: fields.claim(&snake_name(name, "variable")),
            default: variable.default.clone(),
            allowed: variable.enumeration.clone(),
            description: variable.description.clone(),
        })
        .collect();
    variables.sort_by_key(|v| server.url.find(&format!("{{{}}}", v.name)).unwrap_or(usize::MAX));
    Server { url: server.url.clone(), description: server.description.clone(), variables }
}

/// Methods every generated `Client` has, besides one per operation and security scheme.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_default_server",
    "with_server",
    "with_http_client",
    "with_body_limit",
    "with_timeout",
    "with_retries",
    "base_url",
    "with_response_observer",
    "allow_insecure_http",
    // What `Client` has from the traits it implements (`Clone`, `Debug`) and blanket
    // ones: a method of the same name would take its place (`client.clone()` would
    // build a request).
    "clone",
    "clone_from",
    "clone_into",
    "fmt",
    "to_owned",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
];

fn security_schemes(
    components: &openapiv3::Components,
    server: Option<&openapiv3::Server>,
    diags: &mut Diagnostics,
) -> Vec<SecurityScheme> {
    let mut scope = Scope::new();
    // `with_<field>` must not be one of the client's own methods.
    for method in CLIENT_METHODS.iter().filter_map(|m| m.strip_prefix("with_")) {
        scope.claim(method);
    }
    let sorted: BTreeMap<&String, &ReferenceOr<SpecScheme>> = components.security_schemes.iter().collect();
    let mut out = Vec::new();
    for (name, scheme) in sorted {
        let pointer = format!("/components/securitySchemes/{}", escape_token(name));
        let (scheme, end) = match super::references::follow_to(scheme, "securitySchemes", &components.security_schemes)
        {
            Ok(followed) => followed,
            Err(message) => {
                diags.error(format!("{pointer}/$ref"), message);
                continue;
            }
        };
        let (kind, description) = match scheme {
            SpecScheme::HTTP { scheme, description, .. } => {
                match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (SchemeKind::Basic, description),
                    "bearer" => (SchemeKind::Bearer, description),
                    other => {
                        diags.warning(
                        format!("{pointer}/scheme"),
                        format!("HTTP scheme `{other}` is not supported; it is sent as a bearer-style Authorization value"),
                    );
                        (SchemeKind::Bearer, description)
                    }
                }
            }
            SpecScheme::APIKey { location, name, description, .. } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                    openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                    openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: name.clone() }, description)
            }
            SpecScheme::OAuth2 { description, .. } | SpecScheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        // `with_<field>` and, for bearer schemes, `with_<field>_provider` are both free.
        let field = scope.claim_family(&snake_name(name, "auth"), &["", "_provider"]);
        let client_credentials = match scheme {
            SpecScheme::OAuth2 { flows, .. } => flows.client_credentials.as_ref().and_then(|flow| {
                client_credentials(flow, server, &field, &format!("{pointer}/flows/clientCredentials"), diags)
            }),
            _ => None,
        };
        out.push(SecurityScheme {
            name: name.clone(),
            credential: end.unwrap_or_else(|| name.clone()),
            field,
            kind,
            description: description.clone(),
            client_credentials,
        });
    }
    out
}

/// The client-credentials flow of an `oauth2` scheme, with its token URL made absolute
/// (a relative one is resolved against the first server, when that is absolute).
fn client_credentials(
    flow: &openapiv3::ClientCredentialsOAuth2Flow,
    server: Option<&openapiv3::Server>,
    field: &str,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<ClientCredentialsFlow> {
    let absolute = |text: &str| {
        url::Url::parse(text).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.query().is_none())
    };
    let token_url = match absolute(&flow.token_url) {
        Some(url) => url,
        None => {
            let base = server.filter(|s| !s.url.contains('{')).and_then(|s| absolute(&s.url));
            match base.and_then(|base| base.join(&flow.token_url).ok()).filter(|u| u.query().is_none()) {
                Some(url) if url::Url::parse(&flow.token_url).is_err() => url,
                _ => {
                    diags.warning(
                        format!("{pointer}/tokenUrl"),
                        "`tokenUrl` is neither an absolute http(s) URL without query nor relative to an absolute first server; no token source is generated for this flow",
                    );
                    return None;
                }
            }
        }
    };
    let mut scopes: Vec<(String, String)> = flow.scopes.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    scopes.sort();
    let relative = absolute(&flow.token_url).is_none().then(|| flow.token_url.clone());
    Some(ClientCredentialsFlow { token_url: token_url.to_string(), relative, scopes, prefix: field.to_owned() })
}
