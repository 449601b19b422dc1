//! How deep rustc's proof that a generated type is `Send` nests, and the crate's
//! `recursion_limit` that allows it.
//!
//! `Send` (like `Sync` and `Unpin`) is proved through every type a type holds, one
//! level of the compiler's recursion per struct, `Option`, and about three per `Vec`,
//! `BTreeMap` or `Box` (measured: with rustc's default limit of 128, a chain of 119
//! structs each holding the next compiles, 59 holding it in an `Option`, 30 in a `Vec`,
//! 31 in a map). A valid document of 30 objects, each holding a map of the next in a
//! property, failed `cargo check` with E0275 where an operation's future is `Send`. The model
//! measures the deepest proof and the crate root raises the limit when it must.

use super::Api;
use super::types::{TypeKind, TypeRef, TypeRegistry};

/// rustc's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// The levels above the deepest type: the operation's enums, `Result`, `Error<E>` and
/// the future that holds them.
const ABOVE: usize = 16;

/// The `recursion_limit` a crate holding `api` needs, when rustc's default does not do.
/// rustdoc proves every auto trait of every type to document it, and `RefUnwindSafe`
/// goes through about twice the levels of `Send` (`BTreeMap`'s nodes sit in
/// `MaybeUninit`): the default is kept while twice the deepest proof fits it (a
/// document of ordinary depth gets no attribute), and a raised limit is four times it,
/// as the measured levels are a lower bound.
pub fn recursion_limit(api: &Api) -> Option<usize> {
    let deepest = deepest(api) + ABOVE;
    (2 * deepest > DEFAULT_LIMIT).then_some(4 * deepest)
}

/// The depth of the deepest proof: of a named type, or of what an operation sends or
/// receives as it is written there (an inline array of arrays is no named type).
pub fn deepest(api: &Api) -> usize {
    let depths = depths(&api.types);
    let named = depths.iter().copied().max().unwrap_or(0);
    let known: Vec<Option<usize>> = depths.into_iter().map(Some).collect();
    let operations = api.operations.iter().flat_map(|op| {
        let parameters = op.parameters.iter().map(|p| &p.ty);
        let responses = op.successes.iter().chain(&op.errors).filter_map(|r| r.body.as_ref().map(|b| &b.ty));
        parameters.chain(op.body.iter().map(|b| &b.ty)).chain(responses)
    });
    operations.map(|ty| cost(ty, &known)).max().unwrap_or(0).max(named)
}

/// Each named type's proof depth. A type met again inside its own proof adds nothing
/// (rustc assumes what it is proving there). Without recursion of the generator's own:
/// a chain of 20,000 schemas is a chain of 20,000 types.
fn depths(types: &TypeRegistry) -> Vec<usize> {
    let held: Vec<Vec<usize>> = (0..types.len()).map(|index| held_by(types, index)).collect();
    let mut depth: Vec<Option<usize>> = vec![None; types.len()];
    let mut open = vec![false; types.len()];
    for root in 0..types.len() {
        let mut stack = vec![(root, 0)];
        while let Some((index, next)) = stack.pop() {
            if depth[index].is_some() {
                continue;
            }
            open[index] = true;
            let waiting = held[index].iter().skip(next).position(|&h| depth[h].is_none() && !open[h]);
            match waiting {
                Some(offset) => {
                    stack.push((index, next + offset + 1));
                    stack.push((held[index][next + offset], 0));
                }
                None => {
                    depth[index] = Some(own(types, index, &depth));
                    open[index] = false;
                }
            }
        }
    }
    depth.into_iter().map(Option::unwrap_or_default).collect()
}

/// The named types type `index` holds directly (through wrappers, not other named types).
fn held_by(types: &TypeRegistry, index: usize) -> Vec<usize> {
    let mut held: Vec<usize> =
        refs(&types.get(super::types::TypeId(index)).kind).filter_map(|ty| ty.named().map(|id| id.0)).collect();
    held.sort_unstable();
    held.dedup();
    held
}

/// The type references a type's kind holds (the `Option` levels a field adds are
/// [`own`]'s).
fn refs(kind: &TypeKind) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
    match kind {
        TypeKind::Struct { fields, additional, .. } => Box::new(fields.iter().map(|f| &f.ty).chain(additional)),
        TypeKind::Union { variants, .. } => Box::new(variants.iter().map(|(_, ty)| ty)),
        TypeKind::Alias { target } | TypeKind::Newtype { target } => Box::new(std::iter::once(target)),
        TypeKind::Enum { .. } => Box::new(std::iter::empty()),
    }
}

/// Type `index`'s depth, those of the types it holds known (`None`: being proved).
fn own(types: &TypeRegistry, index: usize, depth: &[Option<usize>]) -> usize {
    let cost = |ty: &TypeRef| cost(ty, depth);
    match &types.get(super::types::TypeId(index)).kind {
        TypeKind::Struct { fields, additional, .. } => {
            let field = |f: &super::types::Field| cost(&f.ty) + usize::from(!f.required) + usize::from(f.nullable);
            let map = additional.as_ref().map_or(0, |value| 3 + cost(value));
            1 + fields.iter().map(field).max().unwrap_or(0).max(map)
        }
        TypeKind::Union { variants, .. } => 1 + variants.iter().map(|(_, ty)| cost(ty)).max().unwrap_or(0),
        TypeKind::Alias { target } => cost(target),
        TypeKind::Newtype { target } => 1 + cost(target),
        TypeKind::Enum { .. } => 1,
    }
}

/// The depth a type reference adds, its named type's included.
fn cost(ty: &TypeRef, depth: &[Option<usize>]) -> usize {
    match ty {
        TypeRef::Named(id) => depth[id.0].unwrap_or(0),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => 3 + cost(inner, depth),
        TypeRef::Nullable(inner) => 1 + cost(inner, depth),
        TypeRef::Json | TypeRef::JsonObject => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::diagnostics::Diagnostics;

    /// The model of a document of `count` objects, each holding the next as `wrap` says.
    fn chain(count: usize, wrap: impl Fn(Value) -> Value) -> Api {
        let mut schemas = serde_json::Map::new();
        for index in 0..count {
            let next = wrap(json!({"$ref": format!("#/components/schemas/S{}", index + 1)}));
            schemas
                .insert(format!("S{index}"), json!({"type": "object", "required": ["s"], "properties": {"s": next}}));
        }
        schemas.insert(format!("S{count}"), json!({"type": "object", "properties": {"v": {"type": "string"}}}));
        model(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": schemas}}))
    }

    fn model(doc: Value) -> Api {
        let mut diags = Diagnostics::new("t.json");
        let spec = crate::parse::parse(doc, &mut diags).expect("parses");
        super::super::build("t", &spec, &mut diags)
    }

    /// The measured thresholds under rustc's default limit (see the module's docs) need
    /// no attribute; a few levels more do; a cycle does not count twice.
    #[test]
    fn the_limit_is_raised_only_past_what_the_default_proves() {
        let map = |next| json!({"type": "object", "additionalProperties": next});
        let array = |next| json!({"type": "array", "items": next});
        // An order's lines' product's variants' prices: no attribute.
        assert_eq!(recursion_limit(&chain(10, array)), None);
        assert_eq!(recursion_limit(&chain(30, |next| next)), None);
        assert!(recursion_limit(&chain(31, map)).is_some_and(|limit| limit > 4 * 31));
        assert!(recursion_limit(&chain(30, array)).is_some_and(|limit| limit > 4 * 30));
        assert!(recursion_limit(&chain(119, |next| next)).is_some_and(|limit| limit > 119));
        // 20,000 types in a chain: no recursion of the generator's own.
        assert_eq!(deepest(&chain(20_000, |next| next)), 20_000 + 3);
        // Arrays of arrays written in place, as a response: no named type holds them.
        let mut nested = json!({"type": "integer"});
        for _ in 0..44 {
            nested = array(nested);
        }
        let inline = model(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/it": {"get": {"operationId": "getIt", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": nested}}}}}}}}));
        assert!(recursion_limit(&inline).is_some_and(|limit| limit > 4 * 44), "{:?}", recursion_limit(&inline));
        // `S0` holds itself in a `Box` (3, itself 0 inside its own proof), `S1` and `S2` hold `S0`.
        let cyclic = chain(3, |_| json!({"$ref": "#/components/schemas/S0"}));
        assert_eq!(deepest(&cyclic), 1 + (1 + 3));
    }
}
