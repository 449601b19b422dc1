//! Which types a parameter can carry as text: scalars, string enums, and unions whose
//! members all are (Oxide's `NameOrId`: a UUID or a name). Such a union's text is its
//! member's, and it is a secret when its member is.

use std::collections::BTreeMap;

use super::{TypeKind, TypeRef, TypeRegistry};

impl TypeRegistry {
    /// Whether `ty` (behind aliases) is sent as one piece of text.
    pub fn is_scalar(&self, ty: &TypeRef) -> bool {
        self.scalar(ty, &mut BTreeMap::new())
    }

    /// `unions` holds each union seen: `Some(answer)` once known, `None` while its
    /// members are being looked at (a union met again on its own path is no scalar: its
    /// text would never end; one met again on another path has its answer).
    fn scalar(&self, ty: &TypeRef, unions: &mut BTreeMap<usize, Option<bool>>) -> bool {
        match self.resolve(ty) {
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Enum { .. } => true,
                TypeKind::Union { variants, .. } => {
                    if let Some(known) = unions.get(&id.0) {
                        return known.unwrap_or(false);
                    }
                    unions.insert(id.0, None);
                    let scalar = variants.iter().all(|(_, member)| self.scalar(member, unions));
                    unions.insert(id.0, Some(scalar));
                    scalar
                }
                _ => false,
            },
            TypeRef::Json
            | TypeRef::JsonObject
            | TypeRef::Map(_)
            | TypeRef::Array(_)
            | TypeRef::Boxed(_)
            | TypeRef::Bytes
            | TypeRef::Nullable(_) => false,
            TypeRef::String
            | TypeRef::Secret
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
        }
    }
}

/// A conversion `From` something into a union a parameter holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Conversion {
    /// From the type of the member `variant`, which no other member shares.
    Member {
        /// The variant.
        variant: String,
        /// Its type.
        ty: TypeRef,
    },
    /// From `&str` and `&String` into the text member `variant`, as text parameters take
    /// them; only when no member is a secret (text must not turn into a non-secret member
    /// by accident when a secret one exists).
    Text {
        /// The variant.
        variant: String,
    },
}

impl TypeRegistry {
    /// What the union `id` converts from, when a parameter holds it (so that
    /// `client.op(uuid)` and `client.op("name")` take a `NameOrId` as it is); nothing
    /// otherwise.
    pub fn conversions(&self, id: super::TypeId) -> Vec<Conversion> {
        let ty = self.get(id);
        let TypeKind::Union { variants, .. } = &ty.kind else { return Vec::new() };
        if !ty.parameter {
            return Vec::new();
        }
        let shared = |member: &TypeRef| {
            variants.iter().filter(|(_, other)| self.resolve(other) == self.resolve(member)).count() > 1
        };
        let secret = variants.iter().any(|(_, member)| self.has_secret(member));
        let mut conversions = Vec::new();
        for (variant, member) in variants.iter().filter(|(_, member)| !shared(member)) {
            conversions.push(Conversion::Member { variant: variant.clone(), ty: member.clone() });
            if !secret && matches!(self.resolve(member), TypeRef::String) {
                conversions.push(Conversion::Text { variant: variant.clone() });
            }
        }
        conversions
    }
}
