//! `x-apigen-token`: an operation's declaration that it issues access tokens, and
//! where in its response the token and its expiry are. Read from the (overlaid)
//! document and checked against the response type, so that a provider needs an
//! overlay, not generator code.
//!
//! ```yaml
//! x-apigen-token:
//!   token: /data/access_token          # JSON pointer into the success body
//!   token-type: /data/token_type       # optional pointer
//!   default-token-type: Bearer         # optional, default `Bearer`
//!   expiry:                            # tried in order; the first readable wins
//!     - seconds: /data/expires_in      # seconds from now
//!     - date-time: /ExpirationDate     # RFC 3339 (offset-less read as UTC)
//!     - epoch: /expirationTime         # epoch seconds or milliseconds
//!     - jwt-exp                        # the token's own `exp` claim
//!   default-lifetime-seconds: 600      # optional: when no source is readable
//!   max-lifetime-seconds: 600          # optional: cap
//! ```

use serde_json::Value;

use super::Operation;
use super::types::{TypeKind, TypeRef, TypeRegistry};
use crate::diagnostics::Diagnostics;

/// The extension's name.
pub const EXTENSION: &str = "x-apigen-token";

/// A checked token declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenDecl {
    /// Pointer to the token.
    pub token: String,
    /// Pointer to the token type.
    pub token_type: Option<String>,
    /// The token type when the response has none.
    pub default_token_type: String,
    /// Expiry sources, in order.
    pub expiry: Vec<Expiry>,
    /// Lifetime when no source is readable.
    pub default_lifetime_seconds: Option<u64>,
    /// Upper bound on the lifetime.
    pub max_lifetime_seconds: Option<u64>,
}

/// One declared expiry source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expiry {
    /// Seconds from now at the pointer.
    Seconds(String),
    /// Date-time string at the pointer.
    DateTime(String),
    /// Epoch seconds or milliseconds at the pointer.
    Epoch(String),
    /// The JWT `exp` claim of the token.
    JwtExp,
}

/// What a pointer must lead to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Text,
    Number,
    DateTime,
}

/// Reads and checks the declaration on `op`, if any. `raw` is the extension's value.
pub fn read(raw: &Value, op: &Operation, registry: &TypeRegistry, diags: &mut Diagnostics) -> Option<TokenDecl> {
    let at = format!("{}/{EXTENSION}", op.pointer);
    let Some(obj) = raw.as_object() else {
        diags.error(at, "must be an object (see the generator's documentation of x-apigen-token)");
        return None;
    };
    let known =
        ["token", "token-type", "default-token-type", "expiry", "default-lifetime-seconds", "max-lifetime-seconds"];
    for key in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        diags.error(format!("{at}/{key}"), format!("unknown key `{key}`; expected one of {}", known.join(", ")));
    }
    if !op.parameters.is_empty() {
        diags.error(&at, "a token operation cannot take parameters: the token source calls it with its body only");
    }
    let success = op.successes.iter().find_map(|r| r.body.as_ref()).map(|b| &b.ty);
    let Some(success) = success else {
        diags.error(&at, "the operation has no success response body to read a token from");
        return None;
    };
    let mut ok = true;
    let mut pointer = |key: &str, want: Want, diags: &mut Diagnostics| -> Option<String> {
        let value = obj.get(key)?;
        let Some(text) = value.as_str() else {
            diags.error(format!("{at}/{key}"), "must be a JSON pointer string such as `/data/access_token`");
            ok = false;
            return None;
        };
        if let Err(message) = check_pointer(text, want, success, registry) {
            diags.error(format!("{at}/{key}"), message);
            ok = false;
        }
        Some(text.to_owned())
    };
    let token = pointer("token", Want::Text, diags);
    let token_type = pointer("token-type", Want::Text, diags);
    if token.is_none() && !obj.contains_key("token") {
        diags.error(&at, "missing `token`: the JSON pointer of the token in the response");
        return None;
    }
    let default_token_type = match obj.get("default-token-type") {
        None => "Bearer".to_owned(),
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        Some(_) => {
            diags.error(format!("{at}/default-token-type"), "must be a non-empty string");
            return None;
        }
    };
    let mut expiry = Vec::new();
    match obj.get("expiry") {
        None => {}
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let item_at = format!("{at}/expiry/{index}");
                let entry = match item {
                    Value::String(s) if s == "jwt-exp" => Some(Expiry::JwtExp),
                    Value::Object(o) if o.len() == 1 => {
                        let (kind, value) = o.iter().next().map(|(k, v)| (k.as_str(), v)).unwrap_or(("", &Value::Null));
                        let want = match kind {
                            "seconds" | "epoch" => Some(Want::Number),
                            "date-time" => Some(Want::DateTime),
                            _ => None,
                        };
                        match (want, value.as_str()) {
                            (Some(want), Some(text)) => {
                                if let Err(message) = check_pointer(text, want, success, registry) {
                                    diags.error(format!("{item_at}/{kind}"), message);
                                    ok = false;
                                }
                                Some(match kind {
                                    "seconds" => Expiry::Seconds(text.to_owned()),
                                    "epoch" => Expiry::Epoch(text.to_owned()),
                                    _ => Expiry::DateTime(text.to_owned()),
                                })
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match entry {
                    Some(entry) => expiry.push(entry),
                    None => {
                        diags.error(item_at, "expected `jwt-exp` or one of `seconds: <pointer>`, `date-time: <pointer>`, `epoch: <pointer>`");
                        ok = false;
                    }
                }
            }
        }
        Some(_) => {
            diags.error(format!("{at}/expiry"), "must be a list of expiry sources");
            return None;
        }
    }
    let mut seconds = |key: &str| match obj.get(key) {
        None => None,
        Some(value) => match value.as_u64().filter(|n| *n > 0) {
            Some(n) => Some(n),
            None => {
                diags.error(format!("{at}/{key}"), "must be a positive whole number of seconds");
                ok = false;
                None
            }
        },
    };
    let default_lifetime_seconds = seconds("default-lifetime-seconds");
    let max_lifetime_seconds = seconds("max-lifetime-seconds");
    let token = token?;
    ok.then_some(TokenDecl {
        token,
        token_type,
        default_token_type,
        expiry,
        default_lifetime_seconds,
        max_lifetime_seconds,
    })
}

/// Follows `pointer` through the response type and checks where it ends.
fn check_pointer(pointer: &str, want: Want, root: &TypeRef, registry: &TypeRegistry) -> Result<(), String> {
    if !pointer.starts_with('/') {
        return Err(format!("`{pointer}` is not a JSON pointer (it must start with `/`)"));
    }
    let mut ty = root;
    for token in pointer[1..].split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        ty = resolve(ty, registry);
        match ty {
            TypeRef::Named(id) => match &registry.get(*id).kind {
                TypeKind::Struct { fields, .. } => match fields.iter().find(|f| f.wire == token) {
                    Some(field) => ty = &field.ty,
                    None => {
                        let names: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
                        return Err(format!(
                            "`{pointer}`: the response type `{}` has no property `{token}` (it has {})",
                            registry.get(*id).name,
                            names.join(", ")
                        ));
                    }
                },
                _ => return Err(format!("`{pointer}`: `{}` is not an object", registry.get(*id).name)),
            },
            // Untyped JSON: nothing to check against.
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => return Ok(()),
            _ => return Err(format!("`{pointer}`: cannot go into a value that is not an object at `{token}`")),
        }
    }
    let end = resolve(ty, registry);
    let fits = match want {
        Want::Text => {
            matches!(end, TypeRef::String | TypeRef::Secret)
                || matches!(end, TypeRef::Named(id) if matches!(registry.get(*id).kind, TypeKind::Enum { .. }))
        }
        Want::Number => matches!(end, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 | TypeRef::String),
        Want::DateTime => matches!(end, TypeRef::DateTime | TypeRef::String),
        // Anything JSON-shaped is accepted where the schema says nothing.
    } || matches!(end, TypeRef::Json);
    if fits {
        Ok(())
    } else {
        let wanted = match want {
            Want::Text => "a string",
            Want::Number => "a number",
            Want::DateTime => "a date-time string",
        };
        Err(format!("`{pointer}` must lead to {wanted}, but the response type has {end:?} there"))
    }
}

/// Follows aliases and `Box`/`Option` wrappers to the value's own type.
fn resolve<'a>(ty: &'a TypeRef, registry: &'a TypeRegistry) -> &'a TypeRef {
    let mut ty = registry.resolve(ty);
    for _ in 0..64 {
        match ty {
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => ty = registry.resolve(inner),
            _ => return ty,
        }
    }
    ty
}
