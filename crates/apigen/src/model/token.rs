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

use std::collections::BTreeMap;

use serde_json::Value;

use super::Operation;
use super::types::{TypeId, TypeKind, TypeRef, TypeRegistry};
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
    /// How each pointer above is followed through the typed response, by pointer.
    pub paths: BTreeMap<String, PointerPath>,
}

/// A JSON pointer followed through the response's types: the steps the generated
/// code takes from the response value, and what it finds at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct PointerPath {
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The value at the end.
    pub leaf: Leaf,
}

/// One step from a value to a part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A struct's field.
    Field {
        /// The struct.
        owner: TypeId,
        /// The field's index in the struct.
        index: usize,
    },
    /// Into a value that may be `null` (not a field: fields say that themselves).
    Nullable,
    /// Through a box (recursive types).
    Boxed,
    /// A key of a map with typed values.
    Key(String),
    /// The rest of the pointer (escaped, starting with `/`, or empty), into untyped JSON.
    Json(String),
}

/// What a pointer leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// A plain string.
    String,
    /// A secret string.
    Secret,
    /// A string enum.
    Enum,
    /// An integer.
    Integer,
    /// A floating-point number.
    Float,
    /// A parsed date-time.
    DateTime,
    /// Untyped JSON.
    Json,
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
    let success = token_response(obj, op, &at, diags)?;
    let mut reader = Reader { at, obj, success, registry, paths: BTreeMap::new(), ok: true };
    let token = reader.pointer("token", Want::Text, diags);
    let token_type = reader.pointer("token-type", Want::Text, diags);
    if token.is_none() && !obj.contains_key("token") {
        diags.error(&reader.at, "missing `token`: the JSON pointer of the token in the response");
        return None;
    }
    let default_token_type = match obj.get("default-token-type") {
        None => "Bearer".to_owned(),
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        Some(_) => {
            diags.error(format!("{}/default-token-type", reader.at), "must be a non-empty string");
            return None;
        }
    };
    let expiry = reader.expiry(diags)?;
    let default_lifetime_seconds = reader.seconds("default-lifetime-seconds", diags);
    let max_lifetime_seconds = reader.seconds("max-lifetime-seconds", diags);
    let token = token?;
    reader.ok.then_some(TokenDecl {
        token,
        token_type,
        default_token_type,
        expiry,
        default_lifetime_seconds,
        max_lifetime_seconds,
        paths: reader.paths,
    })
}

/// Checks the declaration's keys and the operation's shape; the type of the success
/// body the token is read from.
fn token_response<'a>(
    obj: &serde_json::Map<String, Value>,
    op: &'a Operation,
    at: &str,
    diags: &mut Diagnostics,
) -> Option<&'a TypeRef> {
    let known =
        ["token", "token-type", "default-token-type", "expiry", "default-lifetime-seconds", "max-lifetime-seconds"];
    for key in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        diags.error(format!("{at}/{key}"), format!("unknown key `{key}`; expected one of {}", known.join(", ")));
    }
    if !op.parameters.is_empty() {
        diags.error(at, "a token operation cannot take parameters: the token source calls it with its body only");
    }
    let success = op.successes.iter().find_map(|r| r.body.as_ref()).map(|b| &b.ty);
    let Some(success) = success else {
        diags.error(at, "the operation has no success response body to read a token from");
        return None;
    };
    if op.successes.iter().any(|r| r.body.as_ref().map(|b| &b.ty) != Some(success)) {
        diags.error(at, "every success response of a token operation must have the same body type");
        return None;
    }
    Some(success)
}

/// Reads the parts of a declaration, following its pointers through the response type.
/// A problem is reported and clears `ok`, so that every problem is reported in one run.
struct Reader<'a> {
    at: String,
    obj: &'a serde_json::Map<String, Value>,
    success: &'a TypeRef,
    registry: &'a TypeRegistry,
    paths: BTreeMap<String, PointerPath>,
    ok: bool,
}

impl Reader<'_> {
    /// The pointer under `key`, if given, followed (a problem is reported at `key`).
    fn pointer(&mut self, key: &str, want: Want, diags: &mut Diagnostics) -> Option<String> {
        let value = self.obj.get(key)?;
        let Some(text) = value.as_str() else {
            diags.error(format!("{}/{key}", self.at), "must be a JSON pointer string such as `/data/access_token`");
            self.ok = false;
            return None;
        };
        self.follow(text, want, format!("{}/{key}", self.at), diags);
        Some(text.to_owned())
    }

    /// Follows `text` and records its path; a problem is reported at `place`.
    fn follow(&mut self, text: &str, want: Want, place: String, diags: &mut Diagnostics) {
        match follow(text, want, self.success, self.registry) {
            Ok(path) => {
                self.paths.insert(text.to_owned(), path);
            }
            Err(message) => {
                diags.error(place, message);
                self.ok = false;
            }
        }
    }

    /// The expiry sources; `None` when `expiry` is not a list.
    fn expiry(&mut self, diags: &mut Diagnostics) -> Option<Vec<Expiry>> {
        let items = match self.obj.get("expiry") {
            None => return Some(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => {
                diags.error(format!("{}/expiry", self.at), "must be a list of expiry sources");
                return None;
            }
        };
        let mut expiry = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_at = format!("{}/expiry/{index}", self.at);
            match self.expiry_source(item, &item_at, diags) {
                Some(entry) => expiry.push(entry),
                None => {
                    diags.error(
                        item_at,
                        "expected `jwt-exp` or one of `seconds: <pointer>`, `date-time: <pointer>`, `epoch: <pointer>`",
                    );
                    self.ok = false;
                }
            }
        }
        Some(expiry)
    }

    /// One expiry source: `jwt-exp`, or `{seconds|epoch|date-time: <pointer>}`.
    fn expiry_source(&mut self, item: &Value, item_at: &str, diags: &mut Diagnostics) -> Option<Expiry> {
        let object = match item {
            Value::String(s) if s == "jwt-exp" => return Some(Expiry::JwtExp),
            Value::Object(o) if o.len() == 1 => o,
            _ => return None,
        };
        let (kind, value) = object.iter().next().map(|(k, v)| (k.as_str(), v))?;
        let want = match kind {
            "seconds" | "epoch" => Want::Number,
            "date-time" => Want::DateTime,
            _ => return None,
        };
        let text = value.as_str()?;
        self.follow(text, want, format!("{item_at}/{kind}"), diags);
        Some(match kind {
            "seconds" => Expiry::Seconds(text.to_owned()),
            "epoch" => Expiry::Epoch(text.to_owned()),
            _ => Expiry::DateTime(text.to_owned()),
        })
    }

    /// A positive number of seconds under `key`, if given.
    fn seconds(&mut self, key: &str, diags: &mut Diagnostics) -> Option<u64> {
        let value = self.obj.get(key)?;
        let seconds = value.as_u64().filter(|n| *n > 0);
        if seconds.is_none() {
            diags.error(format!("{}/{key}", self.at), "must be a positive whole number of seconds");
            self.ok = false;
        }
        seconds
    }
}

/// Follows `pointer` through the response type, checks where it ends, and says how
/// the generated code gets there.
fn follow(pointer: &str, want: Want, root: &TypeRef, registry: &TypeRegistry) -> Result<PointerPath, String> {
    if !pointer.starts_with('/') {
        return Err(format!("`{pointer}` is not a JSON pointer (it must start with `/`)"));
    }
    let mut steps = Vec::new();
    let mut ty = root;
    let raw_tokens: Vec<&str> = pointer[1..].split('/').collect();
    for (position, raw) in raw_tokens.iter().enumerate() {
        let token = crate::diagnostics::unescape_token(raw);
        ty = unwrap(ty, registry, &mut steps);
        match ty {
            TypeRef::Named(id) => match &registry.get(*id).kind {
                TypeKind::Struct { fields, .. } => match fields.iter().position(|f| f.wire == token) {
                    Some(index) => {
                        steps.push(Step::Field { owner: *id, index });
                        ty = &fields[index].ty;
                    }
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
            TypeRef::Map(inner) => {
                steps.push(Step::Key(token));
                ty = inner;
            }
            // Untyped JSON: nothing to check against; the rest is read as JSON.
            TypeRef::Json | TypeRef::JsonObject => {
                let skip = usize::from(matches!(ty, TypeRef::JsonObject));
                if skip == 1 {
                    steps.push(Step::Key(token));
                }
                let rest: String = raw_tokens[position + skip..].iter().map(|t| format!("/{t}")).collect();
                steps.push(Step::Json(rest));
                return Ok(PointerPath { steps, leaf: Leaf::Json });
            }
            _ => return Err(format!("`{pointer}`: cannot go into a value that is not an object at `{token}`")),
        }
    }
    let end = unwrap(ty, registry, &mut steps);
    let leaf = match end {
        TypeRef::String => Leaf::String,
        TypeRef::Secret => Leaf::Secret,
        TypeRef::Integer(_) => Leaf::Integer,
        TypeRef::F32 | TypeRef::F64 => Leaf::Float,
        TypeRef::DateTime => Leaf::DateTime,
        TypeRef::Json => Leaf::Json,
        TypeRef::Named(id) if matches!(registry.get(*id).kind, TypeKind::Enum { .. }) => Leaf::Enum,
        _ => return Err(mismatch(pointer, want, end, registry)),
    };
    let fits = match want {
        Want::Text => matches!(leaf, Leaf::String | Leaf::Secret | Leaf::Enum),
        Want::Number => matches!(leaf, Leaf::Integer | Leaf::Float | Leaf::String),
        Want::DateTime => matches!(leaf, Leaf::DateTime | Leaf::String),
    } || leaf == Leaf::Json;
    if fits { Ok(PointerPath { steps, leaf }) } else { Err(mismatch(pointer, want, end, registry)) }
}

impl Want {
    fn noun(self) -> &'static str {
        match self {
            Want::Text => "a string",
            Want::Number => "a number",
            Want::DateTime => "a date-time string",
        }
    }
}

/// Follows aliases and goes through `Box`/`Option` wrappers to the value's own type,
/// noting each wrapper as a step.
/// A pointer that leads to a value of another type than the declaration wants.
fn mismatch(pointer: &str, want: Want, found: &TypeRef, registry: &TypeRegistry) -> String {
    format!("`{pointer}` must lead to {}, but the response type has `{}` there", want.noun(), registry.type_text(found))
}

fn unwrap<'a>(ty: &'a TypeRef, registry: &'a TypeRegistry, steps: &mut Vec<Step>) -> &'a TypeRef {
    let mut ty = registry.resolve(ty);
    for _ in 0..64 {
        match ty {
            TypeRef::Boxed(inner) => {
                steps.push(Step::Boxed);
                ty = registry.resolve(inner);
            }
            TypeRef::Nullable(inner) => {
                steps.push(Step::Nullable);
                ty = registry.resolve(inner);
            }
            _ => return ty,
        }
    }
    ty
}
