//! Which way the values of each named type travel: sent in requests, received in
//! responses, or both. The emitter gives each direction the shape that keeps a vendor's
//! compatible changes compatible for users (see ARCHITECTURE.md, "Generated shapes").

use std::collections::BTreeSet;

use super::Operation;
use super::types::{TypeId, TypeKind, TypeRef, TypeRegistry};

/// Which way values of a named type travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// Only sent: reachable from request bodies and parameters only. Built with
    /// `new(required…)` and `with_…` setters; enums and unions are closed.
    Request,
    /// Only received: reachable from responses only. Decoded, or built for fakes with a
    /// builder; enums and unions are open (they keep values the spec does not list).
    Response,
    /// Both, or neither (a component no operation uses): built like a request type and,
    /// when received, like a response type too (structs have `new` and a builder), open
    /// like a response type. So a vendor's operation that sends a type only received
    /// before, or receives one only sent before, takes nothing away from it.
    Both,
}

impl Direction {
    /// Whether values are decoded from responses (so enums and unions must be open).
    pub fn received(self) -> bool {
        matches!(self, Direction::Response | Direction::Both)
    }

    /// Whether users construct values to send (so structs get `new` and `with_…`).
    pub fn sent(self) -> bool {
        matches!(self, Direction::Request | Direction::Both)
    }
}

/// Computes every type's direction from the operations, marks the types parameters hold,
/// and names the builders of structs that are received (claimed in name order, so that
/// collisions resolve the same way on every run).
pub fn assign(operations: &[Operation], registry: &mut TypeRegistry) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    let parameters: Vec<&TypeRef> = operations.iter().flat_map(|op| op.parameters.iter().map(|p| &p.ty)).collect();
    for op in operations {
        sent.extend(op.parameters.iter().map(|p| &p.ty));
        sent.extend(op.body.iter().map(|b| &b.ty));
        for response in op.successes.iter().chain(&op.errors) {
            received.extend(response.body.iter().map(|b| &b.ty));
        }
    }
    let sent = reachable(&sent, registry);
    let received = reachable(&received, registry);
    let parameters = reachable(&parameters, registry);
    let sorted: Vec<(TypeId, bool)> =
        registry.sorted().into_iter().map(|(id, ty)| (id, matches!(ty.kind, TypeKind::Struct { .. }))).collect();
    for (id, is_struct) in sorted {
        let direction = match (sent.contains(&id), received.contains(&id)) {
            (true, false) => Direction::Request,
            (false, true) => Direction::Response,
            _ => Direction::Both,
        };
        // A builder for fakes of what responses carry: not for a type no operation uses,
        // which the vendor may start to send as well as to receive.
        let builder = (is_struct && received.contains(&id)).then(|| {
            // From the bare name (`Self_` → `SelfBuilder`, not `Self_Builder`).
            let base = super::names::split_raw(&registry.get(id).name).1.trim_end_matches('_').to_owned();
            registry.claim_name(&super::names::type_name(&format!("{base} builder"), "Builder"))
        });
        registry.set_direction(id, direction, builder, parameters.contains(&id));
    }
}

/// Every named type a value of one of `roots` can hold.
fn reachable(roots: &[&TypeRef], registry: &TypeRegistry) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.to_vec();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match &registry.get(*id).kind {
                    TypeKind::Struct { fields, additional, .. } => {
                        stack.extend(fields.iter().map(|f| &f.ty));
                        stack.extend(additional.iter());
                    }
                    TypeKind::Union { variants, .. } => stack.extend(variants.iter().map(|(_, t)| t)),
                    TypeKind::Alias { target } | TypeKind::Newtype { target } => stack.push(target),
                    TypeKind::Enum { .. } => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                stack.push(inner);
            }
            _ => {}
        }
    }
    seen
}
