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
        for index in 0..self.types.len() {
            self.box_slots(TypeId(index));
        }
    }

    fn break_alias_cycles(&mut self, diags: &mut Diagnostics) {
        for index in 0..self.types.len() {
            let id = TypeId(index);
            let TypeKind::Alias { target } = &self.types[index].kind else { continue };
            let Some(through_container) = self.alias_cycle(target, id, false, &mut BTreeSet::new()) else { continue };
            let target = target.clone();
            let ty = &mut self.types[index];
            if through_container {
                ty.kind = TypeKind::Newtype { target };
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

    /// Whether `ty` leads back to the alias `goal` through aliases and type
    /// constructors only; `Some(true)` when the way passes an array or a map.
    fn alias_cycle(
        &self,
        ty: &TypeRef,
        goal: TypeId,
        through_container: bool,
        seen: &mut BTreeSet<TypeId>,
    ) -> Option<bool> {
        match ty {
            TypeRef::Named(id) if *id == goal => Some(through_container),
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Alias { target } if seen.insert(*id) => {
                    self.alias_cycle(target, goal, through_container, seen)
                }
                _ => None,
            },
            TypeRef::Array(inner) | TypeRef::Map(inner) => self.alias_cycle(inner, goal, true, seen),
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => self.alias_cycle(inner, goal, through_container, seen),
            _ => None,
        }
    }

    /// Boxes, in the struct fields, union variants or newtype of `owner`, each
    /// named type held by value that contains `owner` by value again.
    fn box_slots(&mut self, owner: TypeId) {
        let boxed = |registry: &TypeRegistry, ty: &TypeRef| registry.boxed_where_recursive(ty, owner);
        let kind = match &self.types[owner.0].kind {
            TypeKind::Struct { fields, additional, additional_constraints } => {
                let mut fields = fields.clone();
                fields.iter_mut().for_each(|field| field.ty = boxed(self, &field.ty));
                let (additional, additional_constraints) = (additional.clone(), additional_constraints.clone());
                TypeKind::Struct { fields, additional, additional_constraints }
            }
            TypeKind::Union { variants, discriminator, constraints, docs } => TypeKind::Union {
                variants: variants.iter().map(|(name, ty)| (name.clone(), boxed(self, ty))).collect(),
                discriminator: discriminator.clone(),
                constraints: constraints.clone(),
                docs: docs.clone(),
            },
            TypeKind::Newtype { target } => TypeKind::Newtype { target: boxed(self, target) },
            _ => return,
        };
        self.types[owner.0].kind = kind;
    }

    /// `ty` with a `Box` around each named type it holds by value that reaches `owner`.
    fn boxed_where_recursive(&self, ty: &TypeRef, owner: TypeId) -> TypeRef {
        match ty {
            TypeRef::Named(id) if self.reaches_by_value(*id, owner) => TypeRef::Boxed(Box::new(ty.clone())),
            TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(self.boxed_where_recursive(inner, owner))),
            _ => ty.clone(),
        }
    }

    /// Whether a value of `from` holds a value of `to` inline (through struct
    /// fields, union variants, aliases, newtypes and `Option`, not through `Box`,
    /// `Vec` or maps).
    fn reaches_by_value(&self, from: TypeId, to: TypeId) -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            let mut push = |ty: &TypeRef| by_value_names(ty, &mut stack);
            match &self.get(id).kind {
                TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| push(&f.ty)),
                TypeKind::Union { variants, .. } => variants.iter().for_each(|(_, t)| push(t)),
                TypeKind::Alias { target } | TypeKind::Newtype { target } => push(target),
                TypeKind::Enum { .. } => {}
            }
        }
        false
    }
}

/// The named types a value of `ty` holds inline.
fn by_value_names(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => by_value_names(inner, out),
        _ => {}
    }
}
