//! Which way the values of each named type travel, found by walking what the
//! operations reach: parameters and request bodies reach `request` types, response
//! bodies `response` types. The generated shapes depend on it (a received struct is
//! built with a builder, a sent one with `new`, one of both with either; a received
//! enum keeps unknown values), and so does what a change of the type breaks.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{Api, TypeId, TypeKind, TypeRef, TypeRegistry};

/// The direction of a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Reachable from request bodies or parameters only.
    Request,
    /// Reachable from responses only.
    Response,
    /// Reachable from both.
    Both,
    /// Reachable from no operation (a component nothing uses). Judged like `both`,
    /// the most constrained case: built like a request type, read like a response.
    Unused,
}

impl Direction {
    /// As written in the surface text.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "both",
            Direction::Unused => "unused",
        }
    }

    /// Whether values are built by users with `new` and `with_…` (request, both, unused).
    pub fn is_constructed(self) -> bool {
        self != Direction::Response
    }

    /// Whether values are decoded from responses (response, both, unused): enums and
    /// unions of such types keep values they do not know.
    pub fn is_decoded(self) -> bool {
        self != Direction::Request
    }
}

/// The direction of every type of `api`, indexed by [`TypeId`].
pub fn directions(api: &Api) -> Vec<Direction> {
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in &api.operations {
        for param in &op.parameters {
            reach(&param.ty, &api.types, &mut request);
        }
        if let Some(body) = &op.body {
            reach(&body.ty, &api.types, &mut request);
        }
        for outcome in op.successes.iter().chain(&op.errors) {
            if let Some(body) = &outcome.body {
                reach(&body.ty, &api.types, &mut response);
            }
        }
    }
    (0..api.types.len())
        .map(TypeId)
        .map(|id| match (request.contains(&id), response.contains(&id)) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            (false, false) => Direction::Unused,
        })
        .collect()
}

/// Adds every named type a value of `ty` can hold to `seen`.
fn reach(ty: &TypeRef, registry: &TypeRegistry, seen: &mut BTreeSet<TypeId>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match &registry.get(*id).kind {
                    TypeKind::Struct { fields, additional, .. } => {
                        stack.extend(fields.iter().map(|f| &f.ty));
                        stack.extend(additional);
                    }
                    TypeKind::Union { variants, .. } => stack.extend(variants.iter().map(|(_, t)| t)),
                    TypeKind::Alias { target } | TypeKind::Newtype { target } => stack.push(target),
                    TypeKind::Enum { .. } => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner)
            }
            _ => {}
        }
    }
}
