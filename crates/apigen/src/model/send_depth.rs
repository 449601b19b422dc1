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
use super::types::{TypeId, TypeKind, TypeRef, TypeRegistry};
use crate::diagnostics::Diagnostics;

/// rustc's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// The levels above the deepest type: the operation's enums, `Result`, `Error<E>` and
/// the future that holds them.
const ABOVE: usize = 16;

/// The highest `recursion_limit` declared: past it (a chain of some 2,000 schemas),
/// `cargo check` of the crate takes minutes and gigabytes (a chain of 20,000 needed
/// 10.7 GB), and the document is refused instead.
pub const MAX_LIMIT: usize = 8192;

/// The depth of the deepest proof about an API's types: of a named type, or of what an
/// operation sends or receives as it is written there (an inline array of arrays is no
/// named type). Measured once, when the model is built.
#[derive(Debug, Clone, Default)]
pub struct Nesting {
    /// The depth.
    pub deepest: usize,
    /// The JSON pointer of the type or operation it is of.
    pub at: String,
}

impl Nesting {
    /// The deepest proof about `api`'s types.
    pub fn of(api: &Api) -> Nesting {
        let depths = depths(&api.types);
        let named = (0..depths.len()).max_by_key(|&index| depths[index]);
        let named = named.map_or((0, ""), |index| (depths[index], api.types.get(TypeId(index)).pointer.as_str()));
        let operations = api.operations.iter().map(|op| {
            let parameters = op.parameters.iter().map(|p| &p.ty);
            let responses = op.successes.iter().chain(&op.errors).filter_map(|r| r.body.as_ref().map(|b| &b.ty));
            let held = parameters.chain(op.body.iter().map(|b| &b.ty)).chain(responses);
            (held.map(|ty| cost(ty, &|id| depths[id])).max().unwrap_or(0), op.pointer.as_str())
        });
        let (deepest, at) = operations.fold(named, |deepest, op| if op.0 > deepest.0 { op } else { deepest });
        Nesting { deepest, at: at.to_owned() }
    }

    /// The `recursion_limit` the crate needs, when rustc's default does not do. rustdoc
    /// proves every auto trait of every type to document it, and `RefUnwindSafe` goes
    /// through about twice the levels of `Send` (`BTreeMap`'s nodes sit in
    /// `MaybeUninit`): the default is kept while twice the deepest proof fits it (a
    /// document of ordinary depth gets no attribute), and a raised limit is four times
    /// it, as the measured levels are a lower bound.
    pub fn recursion_limit(&self) -> Option<usize> {
        let deepest = self.deepest + ABOVE;
        (2 * deepest > DEFAULT_LIMIT).then_some(4 * deepest)
    }

    /// Refuses a document whose types nest past what [`MAX_LIMIT`] allows, at the deepest.
    pub fn refuse_too_deep(&self, diags: &mut Diagnostics) {
        let (deepest, needed) = (self.deepest, 4 * (self.deepest + ABOVE));
        if needed > MAX_LIMIT {
            diags.error(
                &self.at,
                format!(
                    "the types here nest {deepest} levels deep (counting the wrappers between them): the generated crate would need `#![recursion_limit = \"{needed}\"]`, more than the {MAX_LIMIT} apigen declares, and gigabytes to compile; shorten the chain of schemas"
                ),
            );
        }
    }
}

/// Each named type's proof depth, without recursion of the generator's own (a chain of
/// 20,000 schemas is a chain of 20,000 types). Types that hold each other (a strongly
/// connected component) share one depth: a proof may go round all of them before it
/// leaves, so it is the sum of what each adds by itself and the deepest way out; rustc
/// assumes what it is proving when it meets it again, so a cycle is gone round once.
fn depths(types: &TypeRegistry) -> Vec<usize> {
    let held: Vec<Vec<usize>> = (0..types.len()).map(|index| held_by(types, index)).collect();
    let mut depth = vec![0; types.len()];
    let mut inside = vec![false; types.len()];
    // Components come after every component they hold: their depths are known.
    for component in components(&held) {
        component.iter().for_each(|&m| inside[m] = true);
        let out = |m: usize| own(types, m, &|id| if inside[id] { 0 } else { depth[id] });
        let shared = match component.as_slice() {
            [one] => out(*one),
            many => {
                let round: usize = many.iter().map(|&m| own(types, m, &|_| 0)).sum();
                round + many.iter().map(|&m| out(m)).max().unwrap_or(0)
            }
        };
        for &m in &component {
            depth[m] = shared;
            inside[m] = false;
        }
    }
    depth
}

/// The strongly connected components of the graph `held` (Tarjan's algorithm, with a
/// stack of its own instead of recursion), each after every component it reaches.
fn components(held: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let (mut order, mut low) = (vec![UNSEEN; held.len()], vec![0; held.len()]);
    let (mut on_stack, mut stack, mut found, mut next) = (vec![false; held.len()], Vec::new(), Vec::new(), 0);
    for root in 0..held.len() {
        let mut work = if order[root] == UNSEEN { vec![(root, 0)] } else { Vec::new() };
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                (order[node], low[node], next) = (next, next, next + 1);
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&held_node) = held[node].get(child) {
                work.push((node, child + 1));
                if order[held_node] == UNSEEN {
                    work.push((held_node, 0));
                } else if on_stack[held_node] {
                    low[node] = low[node].min(order[held_node]);
                }
                continue;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                found.push(component);
            }
        }
    }
    found
}

/// The named types type `index` holds directly (through wrappers, not other named types).
fn held_by(types: &TypeRegistry, index: usize) -> Vec<usize> {
    let mut held: Vec<usize> =
        refs(&types.get(TypeId(index)).kind).filter_map(|ty| ty.named().map(|id| id.0)).collect();
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

/// Type `index`'s depth, given those of the named types it holds.
fn own(types: &TypeRegistry, index: usize, depth: &dyn Fn(usize) -> usize) -> usize {
    let cost = |ty: &TypeRef| cost(ty, depth);
    match &types.get(TypeId(index)).kind {
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
fn cost(ty: &TypeRef, depth: &dyn Fn(usize) -> usize) -> usize {
    match ty {
        TypeRef::Named(id) => depth(id.0),
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

    /// A chain whose limit would pass [`MAX_LIMIT`] is refused at the type it starts from.
    #[test]
    fn a_chain_past_the_cap_is_refused_where_it_starts() {
        let mut diags = Diagnostics::new("t.json");
        chain(2000, |next| next).nesting.refuse_too_deep(&mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.items());
        chain(2100, |next| next).nesting.refuse_too_deep(&mut diags);
        let error = &diags.items()[0];
        assert_eq!(error.pointer, "/components/schemas/S0");
        assert!(error.message.contains("2103 levels deep") && error.message.contains("8476"), "{}", error.message);
    }

    /// The measured thresholds under rustc's default limit (see the module's docs) need
    /// no attribute; a few levels more do; a cycle does not count twice.
    #[test]
    fn the_limit_is_raised_only_past_what_the_default_proves() {
        let map = |next| json!({"type": "object", "additionalProperties": next});
        let array = |next| json!({"type": "array", "items": next});
        // An order's lines' product's variants' prices: no attribute.
        assert_eq!(chain(10, array).nesting.recursion_limit(), None);
        assert_eq!(chain(30, |next| next).nesting.recursion_limit(), None);
        assert!(chain(31, map).nesting.recursion_limit().is_some_and(|limit| limit > 4 * 31));
        assert!(chain(30, array).nesting.recursion_limit().is_some_and(|limit| limit > 4 * 30));
        assert!(chain(119, |next| next).nesting.recursion_limit().is_some_and(|limit| limit > 119));
        // 20,000 types in a chain: no recursion of the generator's own.
        assert_eq!(chain(20_000, |next| next).nesting.deepest, 20_000 + 3);
        // Arrays of arrays written in place, as a response: no named type holds them.
        let mut nested = json!({"type": "integer"});
        for _ in 0..44 {
            nested = array(nested);
        }
        let inline = model(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/it": {"get": {"operationId": "getIt", "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": nested}}}}}}}}));
        assert!(
            inline.nesting.recursion_limit().is_some_and(|limit| limit > 4 * 44),
            "{:?}",
            inline.nesting.recursion_limit()
        );
        // Cycles in a row, each holding the one before: each adds its round to the depth.
        let cycles = |count: usize| {
            let mut schemas = serde_json::Map::new();
            for cycle in 0..count {
                for node in 0..5 {
                    let name = |c: usize, n: usize| format!("#/components/schemas/C{c}N{n}");
                    let mut properties = json!({"next": {"$ref": name(cycle, (node + 1) % 5)}});
                    if node == 3 && cycle > 0 {
                        properties["back"] = json!({"type": "array", "items": {"$ref": name(cycle - 1, 4)}});
                    }
                    schemas.insert(format!("C{cycle}N{node}"), json!({"type": "object", "properties": properties}));
                }
            }
            model(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": schemas}}))
            .nesting
            .deepest
        };
        assert!(cycles(8) > cycles(4) + 4 * 5, "{} {}", cycles(8), cycles(4));
        // `S0` holds itself in a `Box` (3, itself 0 inside its own proof), `S1` and `S2` hold `S0`.
        let cyclic = chain(3, |_| json!({"$ref": "#/components/schemas/S0"}));
        assert_eq!(cyclic.nesting.deepest, 1 + (1 + 3));
    }
}
