//! Types that kept their shape under another Rust name: a schema renamed, or an inline
//! type renamed because a new schema took its name. Reported as one change (and the
//! fields and union members holding them say so), not a removal and an addition.

use super::Out;
use super::types::direction;
use crate::surface::{MemberSurface, Surface, TypeShape, TypeSurface};

/// A type that kept its shape under another Rust name: a schema renamed, or an inline
/// type whose name a new schema took (`PetKind` becomes `PetKind2`, and `PetKind` names
/// the new schema's type).
pub(super) struct Rename<'a> {
    pub old: &'a TypeSurface,
    pub new: &'a TypeSurface,
    /// The old name now names another type.
    pub taken: bool,
}

/// The renames of `old`'s types: each type whose name is gone, or names another shape now
/// while every field that held it holds the new type, paired with the one new type of
/// exactly its shape, when no other old type of that shape went too (an old type of the
/// same shape kept under its name, an inline enum's twin, say, is no rival). (A type that
/// only changed, beside a new type of its old shape, is a change of that type, not a
/// rename.)
pub(super) fn renames<'a>(old: &'a Surface, new: &'a Surface) -> Vec<Rename<'a>> {
    let added: Vec<&TypeSurface> = new.types.iter().filter(|t| old.type_named(&t.name).is_none()).collect();
    let kept = |o: &TypeSurface| new.type_named(&o.name).is_some_and(|now| now.shape == o.shape);
    let mut out = Vec::new();
    for ty in &old.types {
        let taken = match new.type_named(&ty.name) {
            None => false,
            Some(now) if now.shape != ty.shape => true,
            Some(_) => continue,
        };
        let same: Vec<&&TypeSurface> = added.iter().filter(|a| a.shape == ty.shape).collect();
        let unique = old.types.iter().filter(|o| o.shape == ty.shape && !kept(o)).count() == 1;
        if let ([only], true) = (same.as_slice(), unique)
            && (!taken || fields_moved(old, new, &ty.name, &only.name))
        {
            out.push(Rename { old: ty, new: only, taken });
        }
    }
    out
}

/// Whether some field held type `from` and every field that did, still there, holds `to`
/// in its place now (an inline type renamed because a new schema took its name).
fn fields_moved(old: &Surface, new: &Surface, from: &str, to: &str) -> bool {
    let renamed = [(from.to_owned(), to.to_owned())];
    let mut moved = false;
    for ty in &old.types {
        let (TypeShape::Struct { fields, .. }, Some(TypeShape::Struct { fields: now, .. })) =
            (&ty.shape, new.type_named(&ty.name).map(|t| &t.shape))
        else {
            continue;
        };
        for field in fields.iter().filter(|f| mentions(&f.ty, from)) {
            match now.iter().find(|n| n.wire == field.wire) {
                Some(n) if renamed_in(&field.ty, &n.ty, &renamed) => moved = true,
                Some(_) => return false,
                None => {}
            }
        }
    }
    moved
}

/// Whether type text `ty` names the type `name` (whole names: `Vec<Dog>` names `Dog`, not `Do`).
fn mentions(ty: &str, name: &str) -> bool {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name)
}

/// A rename, reported at the old name: code naming it must name the new one.
pub(super) fn renamed(old: &Surface, new: &Surface, rename: &Rename<'_>, out: &mut Out) {
    let item = old.item(&format!("types::{}", rename.old.name));
    let kind = rename.old.shape.kind();
    let now = &rename.new.name;
    out.breaking(
        "type-renamed",
        &item,
        format!("{item}: renamed to {now}, the same {kind}; code naming it must name {now}"),
    );
    let item_now = new.item(&format!("types::{now}"));
    direction(&item_now, &rename.new.shape, rename.old.direction, rename.new.direction, out);
    if let (true, Some(other)) = (rename.taken, new.type_named(&rename.old.name)) {
        out.breaking(
            "type-replaced",
            &item,
            format!(
                "{item}: now names another {} ({}); code naming it for the old {kind} fails to compile or means the other one",
                other.shape.kind(),
                other.direction.as_str()
            ),
        );
    }
}

/// Whether type text `new` is `old` with renamed types' names replaced (whole names only:
/// `Vec<Dog>` → `Vec<Hound>`).
pub(super) fn renamed_in(old: &str, new: &str, renamed: &[(String, String)]) -> bool {
    let mut replaced = String::with_capacity(new.len());
    let mut word = String::new();
    let flush = |word: &mut String, replaced: &mut String| {
        let now = renamed.iter().find(|(from, _)| from == word).map_or(word.as_str(), |(_, to)| to.as_str());
        replaced.push_str(now);
        word.clear();
    };
    for c in old.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut replaced);
            replaced.push(c);
        }
    }
    flush(&mut word, &mut replaced);
    replaced != old && replaced == new
}

/// The new member that an old member, whose variant is gone, became when its type was
/// renamed: a new variant holding the renamed type.
pub(super) fn renamed_member<'a>(
    member: &MemberSurface,
    old: &[MemberSurface],
    new: &'a [MemberSurface],
    renamed: &[(String, String)],
) -> Option<&'a MemberSurface> {
    new.iter().filter(|m| !old.iter().any(|o| o.variant == m.variant)).find(|m| renamed_in(&member.ty, &m.ty, renamed))
}
