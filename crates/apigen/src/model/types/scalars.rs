//! Which types a parameter can carry as text: scalars, string enums, and unions whose
//! members all are (Oxide's `NameOrId`: a UUID or a name). Such a union's text is its
//! member's.

use std::collections::BTreeSet;

use super::{TypeKind, TypeRef, TypeRegistry};

impl TypeRegistry {
    /// Whether `ty` (behind aliases) is sent as one piece of text.
    pub fn is_scalar(&self, ty: &TypeRef) -> bool {
        self.scalar(ty, &mut BTreeSet::new())
    }

    fn scalar(&self, ty: &TypeRef, seen: &mut BTreeSet<usize>) -> bool {
        match self.resolve(ty) {
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Enum { .. } => true,
                // A union reached again is not a scalar: its text would never end.
                TypeKind::Union { variants, .. } => {
                    seen.insert(id.0)
                        && variants.iter().all(|(_, member)| {
                            !matches!(self.resolve(member), TypeRef::Secret) && self.scalar(member, seen)
                        })
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
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
        }
    }
}
