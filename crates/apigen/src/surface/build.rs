//! The model to its surface.

use std::collections::BTreeMap;

use super::direction::directions;
use super::{
    BodySurface, ConstraintSurface, EnumValueSurface, FieldSurface, FlowSurface, Location, MemberSurface,
    OperationSurface, OutcomeSurface, ParameterSurface, SchemeSurface, ServerSurface, Surface, TokenSurface, TypeShape,
    TypeSurface, VariableSurface,
};
use crate::model::names::split_raw;
use crate::model::token::{Expiry, TokenDecl};
use crate::model::{
    Api, Constraints, Conversion, Field, Operation, ParameterLocation, Response, SchemeKind, StatusMatch, TypeKind,
    TypeRef, TypeRegistry,
};

/// The surface of one API.
pub fn from_api(api: &Api) -> Surface {
    let directions = directions(api);
    let mut surface = Surface {
        module: api.module.clone(),
        title: api.title.clone(),
        version: api.version.clone(),
        servers: api.servers.iter().map(server).collect(),
        security_schemes: api.security_schemes.iter().map(scheme).collect(),
        token: api.operations.iter().find_map(|op| op.token.as_ref().map(|decl| token(&op.name, decl))),
        operations: api.operations.iter().map(|op| operation(op, &api.types)).collect(),
        types: Vec::new(),
        docs: BTreeMap::new(),
    };
    for (id, ty) in api.types.sorted() {
        let shape = match &ty.kind {
            TypeKind::Struct { fields, additional, additional_constraints } => TypeShape::Struct {
                fields: fields.iter().map(|f| field(f, &api.types)).collect(),
                additional: additional.as_ref().map(|a| api.types.type_text(a)),
                additional_constraints: additional
                    .as_ref()
                    .map(|a| {
                        constraints(&api.types.applicable(&TypeRef::Map(Box::new(a.clone())), additional_constraints))
                    })
                    .unwrap_or_default(),
            },
            TypeKind::Enum { variants } => TypeShape::Enum {
                values: variants
                    .iter()
                    .map(|v| EnumValueSurface { wire: v.wire.clone(), variant: v.name.clone() })
                    .collect(),
            },
            TypeKind::Union { variants, discriminator, constraints: declared, .. } => {
                let tags = discriminator.as_ref().map(|d| d.values.as_slice()).unwrap_or_default();
                TypeShape::Union {
                    members: variants
                        .iter()
                        .zip(declared)
                        .enumerate()
                        .map(|(index, ((variant, ty), c))| MemberSurface {
                            variant: variant.clone(),
                            ty: api.types.type_text(ty),
                            tags: tags.get(index).cloned().unwrap_or_default(),
                            constraints: constraints(&api.types.applicable(ty, c)),
                        })
                        .collect(),
                    discriminator: discriminator.as_ref().map(|d| d.property.clone()),
                    converts_from: api
                        .types
                        .conversions(id)
                        .iter()
                        .flat_map(|c| conversion_texts(c, &api.types))
                        .collect(),
                }
            }
            TypeKind::Alias { target } => TypeShape::Alias { target: api.types.type_text(target) },
            TypeKind::Newtype { target } => TypeShape::Newtype { target: api.types.type_text(target) },
        };
        surface.types.push(TypeSurface {
            name: ty.name.clone(),
            direction: directions[id.0],
            shape,
            builder: ty.builder.clone(),
            deprecated: ty.deprecated,
            deprecation: ty.deprecation.clone(),
        });
    }
    surface.docs = docs(api, &surface);
    surface
}

/// The Rust types a conversion takes, as text.
fn conversion_texts(conversion: &Conversion, registry: &TypeRegistry) -> Vec<String> {
    match conversion {
        Conversion::Member { ty, .. } => vec![registry.type_text(ty)],
        Conversion::Text { .. } => vec!["&str".to_owned(), "&String".to_owned()],
    }
}

fn server(server: &crate::model::Server) -> ServerSurface {
    ServerSurface {
        url: server.url.clone(),
        variables: server
            .variables
            .iter()
            .map(|v| VariableSurface {
                name: v.name.clone(),
                field: v.field.clone(),
                default: v.default.clone(),
                allowed: v.allowed.clone(),
            })
            .collect(),
    }
}

fn scheme(scheme: &crate::model::SecurityScheme) -> SchemeSurface {
    let credential = match &scheme.kind {
        SchemeKind::Basic => "basic".to_owned(),
        SchemeKind::Bearer => "bearer".to_owned(),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                crate::model::ApiKeyLocation::Header => "header",
                crate::model::ApiKeyLocation::Query => "query",
                crate::model::ApiKeyLocation::Cookie => "cookie",
            };
            format!("api-key {location} {name}")
        }
    };
    let bare = split_raw(&scheme.field).1;
    SchemeSurface {
        name: scheme.name.clone(),
        method: format!("with_{bare}"),
        credential,
        sets: (scheme.credential != scheme.name).then(|| scheme.credential.clone()),
        provider: (scheme.kind == SchemeKind::Bearer).then(|| format!("with_{bare}_provider")),
        client_credentials: scheme.client_credentials.as_ref().map(|flow| {
            let bare = split_raw(&flow.prefix).1;
            FlowSurface {
                function: format!("{bare}_client_credentials"),
                constant: format!("{}_TOKEN_URL", bare.to_ascii_uppercase()),
                token_url: flow.token_url.clone(),
            }
        }),
    }
}

fn token(operation: &str, decl: &TokenDecl) -> TokenSurface {
    TokenSurface {
        operation: operation.to_owned(),
        token: decl.token.clone(),
        token_type: decl.token_type.clone(),
        default_token_type: decl.default_token_type.clone(),
        expiry: decl
            .expiry
            .iter()
            .map(|e| match e {
                Expiry::Seconds(p) => format!("seconds {p}"),
                Expiry::DateTime(p) => format!("date-time {p}"),
                Expiry::Epoch(p) => format!("epoch {p}"),
                Expiry::JwtExp => "jwt-exp".to_owned(),
            })
            .collect(),
        default_lifetime_seconds: decl.default_lifetime_seconds,
        max_lifetime_seconds: decl.max_lifetime_seconds,
    }
}

fn constraints(c: &Constraints) -> ConstraintSurface {
    ConstraintSurface {
        max_length: c.max_length,
        min_length: c.min_length,
        pattern: c.pattern.clone(),
        maximum: c.maximum,
        minimum: c.minimum,
        max_items: c.max_items,
        min_items: c.min_items,
        multiple_of: c.multiple_of,
        listed: c.listed.clone(),
        unique_items: c.unique_items,
        elements: c.elements.as_deref().map(|e| Box::new(constraints(e))),
    }
}

fn field(field: &Field, registry: &TypeRegistry) -> FieldSurface {
    // The emitter's own rule decides whether the default makes the field a plain `T`.
    let defaulted = crate::emit::types::default_value(field, registry).is_some();
    FieldSurface {
        name: field.name.clone(),
        wire: field.wire.clone(),
        ty: registry.type_text(&field.ty),
        required: field.required,
        // As the emitter writes it: any JSON value holds `null` itself.
        nullable: crate::emit::structs::holds_null(field, registry),
        default: field.default.as_ref().filter(|_| defaulted).map(ToString::to_string),
        format: field.format.clone(),
        constraints: constraints(&registry.applicable(&field.ty, &field.constraints)),
        deprecated: field.deprecated,
        deprecation: field.deprecation.clone(),
        required_one_way: field.required_one_way,
        only: field.only.map(|way| {
            match way {
                crate::model::Direction::Response => "readOnly",
                crate::model::Direction::Request => "writeOnly",
                crate::model::Direction::Both => "readOnly and writeOnly",
            }
            .to_owned()
        }),
    }
}

/// `201`, `4XX` or `default`.
pub fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn outcome(response: &Response, registry: &TypeRegistry) -> OutcomeSurface {
    OutcomeSurface {
        status: status_text(response.status),
        variant: response.variant.clone(),
        ty: response.body.as_ref().map(|b| registry.type_text(&b.ty)),
        media_type: response.body.as_ref().map(|b| b.media_type.clone()),
    }
}

fn operation(op: &Operation, registry: &TypeRegistry) -> OperationSurface {
    // One success type when the success bodies agree (as the emitter decides), else an enum.
    let mut bodies: Vec<Option<&TypeRef>> = op.successes.iter().map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
    bodies.dedup();
    let success_enum = crate::model::names::joined(&op.type_prefix, "Success");
    let (returns, success_enum) = match bodies.as_slice() {
        [] | [None] => ("()".to_owned(), None),
        [Some(ty)] => (registry.type_text(ty), None),
        _ => (success_enum.clone(), Some(success_enum)),
    };
    OperationSurface {
        name: op.name.clone(),
        method: op.method.as_str().to_owned(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
        deprecated: op.deprecated,
        deprecation: op.deprecation.clone(),
        security: op.security.to_vec(),
        parameters: op
            .parameters
            .iter()
            .map(|p| ParameterSurface {
                name: p.arg.clone(),
                wire: p.name.clone(),
                location: match p.location {
                    ParameterLocation::Path => Location::Path,
                    ParameterLocation::Query => Location::Query,
                    ParameterLocation::Header => Location::Header,
                    ParameterLocation::Cookie => Location::Cookie,
                },
                ty: registry.type_text(&p.ty),
                required: p.required,
                format: p.format.clone(),
                constraints: constraints(&registry.applicable(&p.ty, &p.constraints)),
                style: matches!(registry.resolve(&p.ty), TypeRef::Array(_))
                    .then(|| if p.explode { "exploded".to_owned() } else { format!("joined by {:?}", p.delimiter) }),
                deprecated: p.deprecated,
                deprecation: p.deprecation.clone(),
                idempotency_key: p.idempotency_key,
            })
            .collect(),
        body: op.body.as_ref().map(|b| BodySurface {
            ty: registry.type_text(&b.ty),
            required: b.required,
            media_type: b.media_type.clone(),
            through_into: b.through_into(),
            content_type: b.takes_content_type(),
            form_styles: b.form_styles.iter().map(|(name, style)| (name.clone(), style.to_string())).collect(),
            parts: b.parts.iter().map(|part| (part.name.clone(), part.to_string())).collect(),
        }),
        returns,
        success_enum,
        error_enum: crate::model::names::joined(&op.type_prefix, "Error"),
        request: op.builder.clone(),
        successes: op.successes.iter().map(|r| outcome(r, registry)).collect(),
        errors: op.errors.iter().map(|r| outcome(r, registry)).collect(),
        stray_success: op.stray_success().is_some(),
        streams: op.streams(),
    }
}

/// The documentation of every documentable item, keyed by item path (Rust paths;
/// `module#/pointer` for what has no Rust item of its own).
fn docs(api: &Api, surface: &Surface) -> BTreeMap<String, String> {
    let mut docs = BTreeMap::new();
    let mut put = |item: String, text: Option<&str>| {
        docs.insert(item, text.map(str::trim).unwrap_or_default().to_owned());
    };
    let m = &api.module;
    put(format!("{m}#/info/title"), Some(&api.title));
    put(format!("{m}#/info/version"), Some(&api.version));
    put(format!("{m}#/info/description"), api.description.as_deref());
    for (index, server) in api.servers.iter().enumerate() {
        put(format!("{m}#/servers/{index}"), server.description.as_deref());
        for variable in &server.variables {
            put(format!("{m}#/servers/{index}/variables/{}", variable.name), variable.description.as_deref());
        }
    }
    for scheme in &api.security_schemes {
        put(format!("{m}::Client::with_{}", split_raw(&scheme.field).1), scheme.description.as_deref());
    }
    for op in &api.operations {
        let at = format!("{m}::Client::{}", op.name);
        let text: Vec<&str> = [op.summary.as_deref(), op.description.as_deref()].into_iter().flatten().collect();
        put(at.clone(), Some(&text.join("\n\n")));
        for param in &op.parameters {
            put(format!("{at}::{}", param.arg), param.description.as_deref());
        }
        if let Some(body) = &op.body {
            put(format!("{at}::body"), body.description.as_deref());
        }
        for response in op.successes.iter().chain(&op.errors) {
            put(format!("{at}::{}", status_text(response.status)), Some(&response.description));
        }
    }
    for (_, ty) in api.types.sorted() {
        let at = surface.item(&format!("types::{}", ty.name));
        put(at.clone(), ty.doc.as_deref());
        match &ty.kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields {
                    put(format!("{at}::{}", field.name), field.doc.as_deref());
                }
            }
            TypeKind::Enum { variants } => {
                // Every variant, documented or not: documentation added to one is a change.
                for variant in variants {
                    put(format!("{at}::{}", variant.name), variant.doc.as_deref());
                }
            }
            TypeKind::Union { variants, docs, .. } => {
                for ((variant, _), doc) in variants.iter().zip(docs) {
                    put(format!("{at}::{variant}"), doc.as_deref());
                }
            }
            _ => {}
        }
    }
    docs
}
