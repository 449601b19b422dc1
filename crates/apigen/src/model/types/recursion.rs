//! Recursive schemas made into Rust types that compile.
//!
//! Two things rustc rejects: a type alias that names itself (`type S = Vec<S>`, or
//! `A → B → A`), and a type that contains itself by value (a struct field, union
//! variant or newtype holding its own type, directly or through `Option`). The
//! first becomes a newtype when the cycle passes through an array or map (the
//! value has a finite JSON shape), or `serde_json::Value` with a warning when it is
//! aliases only (`S: {$ref: S}` describes no value at all). The second gets a `Box`
//! at each place where the containing type is reached again.

use std::collections::BTreeSet;

use super::{TypeId, TypeKind, TypeRef, TypeRegistry};
use crate::diagnostics::Diagnostics;

impl TypeRegistry {
    /// Makes every recursive type finite and every alias acyclic (see the module docs).
    pub fn break_recursion(&mut self, diags: &mut Diagnostics) {
        self.break_alias_cycles(diags);
        // Boxing only takes ways away: a type can reach another by value only if it
        // could before any box, i.e. within one strongly connected component of the
        // by-value graph. Types in components of their own are never searched (a chain
        // of 20,000 structs searched to its end from each link took 26 s).
        let edges: Vec<Vec<usize>> = (0..self.types.len()).map(|index| self.by_value(TypeId(index))).collect();
        let component = components(&edges);
        for index in 0..self.types.len() {
            self.box_slots(TypeId(index), &component);
        }
    }

    /// Each alias leads to at most one other alias (its target, through `Option`,
    /// `Box`, arrays and maps): aliases and those links form a graph in which every node
    /// has one way out, whose cycles are its strongly connected components (following
    /// every alias's chain to its end took quadratic time: 20,000 chained aliases took
    /// 14 s). The
    /// first alias of each cycle (by index) becomes a newtype, or `serde_json::Value`,
    /// which breaks the cycle for the others.
    fn break_alias_cycles(&mut self, diags: &mut Diagnostics) {
        let next: Vec<Option<(usize, bool)>> = (0..self.types.len())
            .map(|index| match &self.types[index].kind {
                TypeKind::Alias { target } => self.next_alias(target, false),
                _ => None,
            })
            .collect();
        for cycle in cycles(&next) {
            let Some(&first) = cycle.iter().min() else { continue };
            let through_container = cycle.iter().any(|&index| next[index].is_some_and(|(_, container)| container));
            let ty = &mut self.types[first];
            let TypeKind::Alias { target } = &ty.kind else { continue };
            if through_container {
                ty.kind = TypeKind::Newtype { target: target.clone() };
            } else {
                diags.warning(
                    ty.pointer.clone(),
                    format!(
                        "`{}` is defined only in terms of itself (through $refs), which describes no particular value; it falls back to serde_json::Value",
                        ty.name
                    ),
                );
                ty.kind = TypeKind::Alias { target: TypeRef::Json };
            }
        }
    }

    /// The alias `ty` names (through `Option`, `Box`, arrays and maps), and whether the
    /// way passes an array or a map.
    fn next_alias(&self, ty: &TypeRef, through_container: bool) -> Option<(usize, bool)> {
        match ty {
            TypeRef::Named(id) => {
                matches!(self.get(*id).kind, TypeKind::Alias { .. }).then_some((id.0, through_container))
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) => self.next_alias(inner, true),
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => self.next_alias(inner, through_container),
            _ => None,
        }
    }

    /// Boxes, in the struct fields, union variants or newtype of `owner`, each
    /// named type held by value that contains `owner` by value again.
    fn box_slots(&mut self, owner: TypeId, component: &[usize]) {
        let boxed = |registry: &TypeRegistry, ty: &TypeRef| registry.boxed_where_recursive(ty, owner, component);
        let kind = match &self.types[owner.0].kind {
            TypeKind::Struct { fields, additional, additional_constraints } => {
                let mut fields = fields.clone();
                fields.iter_mut().for_each(|field| field.ty = boxed(self, &field.ty));
                let (additional, additional_constraints) = (additional.clone(), additional_constraints.clone());
                TypeKind::Struct { fields, additional, additional_constraints }
            }
            TypeKind::Union { variants, discriminator, constraints, docs, pins } => TypeKind::Union {
                variants: variants.iter().map(|(name, ty)| (name.clone(), boxed(self, ty))).collect(),
                discriminator: discriminator.clone(),
                constraints: constraints.clone(),
                docs: docs.clone(),
                pins: pins.clone(),
            },
            TypeKind::Newtype { target } => TypeKind::Newtype { target: boxed(self, target) },
            _ => return,
        };
        self.types[owner.0].kind = kind;
    }

    /// `ty` with a `Box` around each named type it holds by value that reaches `owner`.
    fn boxed_where_recursive(&self, ty: &TypeRef, owner: TypeId, component: &[usize]) -> TypeRef {
        match ty {
            TypeRef::Named(id)
                if component[id.0] == component[owner.0] && self.reaches_by_value(*id, owner, component) =>
            {
                TypeRef::Boxed(Box::new(ty.clone()))
            }
            TypeRef::Nullable(inner) => {
                TypeRef::Nullable(Box::new(self.boxed_where_recursive(inner, owner, component)))
            }
            _ => ty.clone(),
        }
    }

    /// Whether a value of `from` holds a value of `to` inline (through struct
    /// fields, union variants, aliases, newtypes and `Option`, not through `Box`,
    /// `Vec` or maps).
    /// The way, if any, only passes types of `to`'s component (any other could not
    /// lead back into it), so only those are searched.
    fn reaches_by_value(&self, from: TypeId, to: TypeId, component: &[usize]) -> bool {
        let mut stack = vec![from.0];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if id == to.0 {
                return true;
            }
            if component[id] == component[to.0] && seen.insert(id) {
                stack.extend(self.by_value(TypeId(id)));
            }
        }
        false
    }

    /// The named types a value of `id` holds inline, by index.
    fn by_value(&self, id: TypeId) -> Vec<usize> {
        let mut out = Vec::new();
        let mut push = |ty: &TypeRef| by_value_names(ty, &mut out);
        match &self.get(id).kind {
            TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| push(&f.ty)),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|(_, t)| push(t)),
            TypeKind::Alias { target } | TypeKind::Newtype { target } => push(target),
            TypeKind::Enum { .. } => {}
        }
        out.into_iter().map(|id| id.0).collect()
    }
}

/// The strongly connected component of each node (Tarjan's algorithm, with a stack of
/// its own rather than recursion: a chain of 20,000 types is 20,000 levels deep).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![NONE; n], vec![0; n], vec![NONE; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        let mut work = vec![(root, 0)];
        (index[root], low[root], on_stack[root]) = (next_index, next_index, true);
        next_index += 1;
        stack.push(root);
        while let Some(&(node, edge)) = work.last() {
            if let Some(&to) = edges[node].get(edge) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[to] == NONE {
                    (index[to], low[to], on_stack[to]) = (next_index, next_index, true);
                    next_index += 1;
                    stack.push(to);
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    (on_stack[member], component[member]) = (false, next_component);
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// The cycles of a graph in which each node has at most one way out (`next`), each
/// once, its nodes in order, by their lowest node.
fn cycles(next: &[Option<(usize, bool)>]) -> Vec<Vec<usize>> {
    // A cycle is a strongly connected component of more than one node, or of one that
    // leads to itself; the others lead into a cycle or to an end.
    let edges: Vec<Vec<usize>> = next.iter().map(|link| link.map(|(to, _)| vec![to]).unwrap_or_default()).collect();
    let component = components(&edges);
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    (0..next.len()).for_each(|node| members.entry(component[node]).or_default().push(node));
    let mut found: Vec<Vec<usize>> = members
        .into_values()
        .filter(|nodes| nodes.len() > 1 || next[nodes[0]].is_some_and(|(to, _)| to == nodes[0]))
        .collect();
    found.sort_by_key(|nodes| nodes[0]);
    found
}

/// The named types a value of `ty` holds inline.
fn by_value_names(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => by_value_names(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{components, cycles};

    /// Nodes on a common cycle share a component; a chain's nodes have one each.
    #[test]
    fn strongly_connected_components() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 3, 4 → 0.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![0]];
        let c = components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2] && c[2] != c[3] && c[3] != c[4] && c[4] != c[0]);
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![] }).collect();
        let c = components(&chain);
        assert_eq!(c.iter().collect::<std::collections::BTreeSet<_>>().len(), 100_000);
    }

    /// Each cycle once, with its members in order; tails into a cycle and chains
    /// that end are no cycles; a long chain is one cycle, found without recursion.
    #[test]
    fn cycles_of_a_graph_with_one_way_out() {
        let link = |to: usize| Some((to, false));
        // 0 → 1 → 2 → 1 (a tail into a cycle), 3 → 3, 4 → 5 (ends), 6 → 7 → 6.
        let next = [link(1), link(2), link(1), link(3), link(5), None, link(7), link(6)];
        assert_eq!(cycles(&next), vec![vec![1, 2], vec![3], vec![6, 7]]);
        let chain: Vec<Option<(usize, bool)>> = (0..200_000).map(|i| link(i + 1)).chain([link(0)]).collect();
        assert_eq!(cycles(&chain).len(), 1);
    }
}
