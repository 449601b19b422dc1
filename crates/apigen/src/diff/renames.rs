//! Types that kept their shape under another Rust name: a schema renamed, or an inline
//! type renamed because a new schema took its name. Reported as one change (and the
//! fields and union members holding them say so), not a removal and an addition.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Out;
use super::types::{deprecation, direction};
use crate::surface::{FieldSurface, MemberSurface, Surface, TypeShape, TypeSurface};

/// Renamed types: old Rust name → new Rust name.
pub(super) type Renamed = std::collections::BTreeMap<String, String>;

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
/// same shape kept under its name, an inline enum's twin, say, is no rival), or by name
/// when several of one shape went and several came (see [`paired`]). (A type that
/// only changed, beside a new type of its old shape, is a change of that type, not a
/// rename.) Shapes are compared with the renames found so far applied, round after round,
/// so that a struct whose inner enum was renamed with it (an inline schema moved to
/// `components`, its enum's name following) is found too.
pub(super) fn renames<'a>(old: &'a Surface, new: &'a Surface) -> Vec<Rename<'a>> {
    let gone: Vec<&TypeSurface> =
        old.types.iter().filter(|o| new.type_named(&o.name).is_none_or(|now| now.shape != o.shape)).collect();
    // The added types by shape, a shape by its JSON text (a key for a map: shapes have no
    // `Hash`, and comparing every pair was quadratic in the number of types).
    let mut added: HashMap<String, Vec<&TypeSurface>> = HashMap::new();
    for ty in new.types.iter().filter(|t| old.type_named(&t.name).is_none()) {
        added.entry(shape_key(&renamed_shape(&ty.shape, &Renamed::new(), &ty.name))).or_default().push(ty);
    }
    let holders = holders(old);
    let mut out: Vec<Rename<'a>> = Vec::new();
    let (mut renamed, mut claimed) = (HashSet::new(), HashSet::new());
    // Each round finds what the renames before it reveal; nesting is seldom deep.
    for _ in 0..8 {
        let names: Renamed = out.iter().map(|r| (r.old.name.clone(), r.new.name.clone())).collect();
        let olds: Vec<&'a TypeSurface> = gone.iter().filter(|ty| !renamed.contains(&ty.name)).copied().collect();
        // The gone types not yet paired, by their shape with the renames so far applied.
        let mut groups: BTreeMap<String, Vec<&'a TypeSurface>> = BTreeMap::new();
        for ty in &olds {
            groups.entry(shape_key(&renamed_shape(&ty.shape, &names, &ty.name))).or_default().push(ty);
        }
        let mut candidates = Vec::new();
        for (key, olds) in &groups {
            let free: Vec<&'a TypeSurface> =
                added.get(key).into_iter().flatten().filter(|a| !claimed.contains(&a.name)).copied().collect();
            candidates.extend(paired(olds, &free));
        }
        if candidates.is_empty() {
            let mut news: Vec<&'a TypeSurface> =
                added.values().flatten().filter(|a| !claimed.contains(&a.name)).copied().collect();
            news.sort_by(|a, b| a.name.cmp(&b.name));
            candidates = together(&olds, &news, &names);
        }
        let found = out.len();
        for (ty, only) in candidates {
            let taken = new.type_named(&ty.name).is_some();
            if !taken || fields_moved(&holders, new, &ty.name, &only.name) {
                renamed.insert(ty.name.clone());
                claimed.insert(only.name.clone());
                out.push(Rename { old: ty, new: only, taken });
            }
        }
        if out.len() == found {
            break;
        }
    }
    out
}

/// The renames a round cannot find because the types name each other (`Node` holds
/// `Edge`s, which hold their `Node`; both renamed): the gone and added types not yet
/// paired, grouped by their shapes with every one of their names as `?` and paired as a
/// round pairs them, kept when each old shape, with all of these renames and those found
/// before applied, is exactly its new one.
fn together<'a>(
    olds: &[&'a TypeSurface],
    news: &[&'a TypeSurface],
    names: &Renamed,
) -> Vec<(&'a TypeSurface, &'a TypeSurface)> {
    let unknown = |types: &[&TypeSurface], base: &Renamed| -> Renamed {
        let mut map = base.clone();
        map.extend(types.iter().map(|t| (t.name.clone(), "?".to_owned())));
        map
    };
    let (old_unknown, new_unknown) = (unknown(olds, names), unknown(news, &Renamed::new()));
    let skeleton = |ty: &TypeSurface, map: &Renamed| shape_key(&renamed_shape(&ty.shape, map, &ty.name));
    let mut groups: BTreeMap<String, (Vec<&'a TypeSurface>, Vec<&'a TypeSurface>)> = BTreeMap::new();
    for ty in olds {
        groups.entry(skeleton(ty, &old_unknown)).or_default().0.push(ty);
    }
    for ty in news {
        groups.entry(skeleton(ty, &new_unknown)).or_default().1.push(ty);
    }
    let mut candidates: Vec<_> = groups.values().flat_map(|(olds, news)| paired(olds, news)).collect();
    // A candidate may hold only if another does: checked again without those that fail,
    // until none does.
    loop {
        let mut all = names.clone();
        all.extend(candidates.iter().map(|(old, new)| (old.name.clone(), new.name.clone())));
        let same = |old: &TypeSurface, new: &TypeSurface| skeleton(old, &all) == skeleton(new, &Renamed::new());
        let before = candidates.len();
        candidates.retain(|(old, new)| same(old, new));
        if candidates.len() == before {
            return candidates;
        }
    }
}

/// Gone and added types of one shape, paired: one and one; or, where several went and
/// several came (inline enums of the same values under a renamed parent:
/// `AccountInfoAgeIndicator` and `AccountInfoChangeIndicator` become
/// `AccountInformation…`), each with the one whose name ends in the most of the same
/// words, when each is the other's only best. One gone beside several added (or the
/// reverse) is no rename: which would it be? Groups of more than 64 are left unpaired (the
/// pairing is quadratic in their size).
fn paired<'a>(olds: &[&'a TypeSurface], free: &[&'a TypeSurface]) -> Vec<(&'a TypeSurface, &'a TypeSurface)> {
    match (olds, free) {
        ([one], [only]) => return vec![(*one, *only)],
        ([_], _) | (_, [_]) | ([], _) | (_, []) => return Vec::new(),
        _ if olds.len() > 64 || free.len() > 64 => return Vec::new(),
        _ => {}
    }
    let ending = |a: &str, b: &str| same_words_at_end(a, b);
    // The index of the one type of `among` whose name ends most like `name`, if one does.
    let best = |name: &str, among: &[&TypeSurface]| -> Option<usize> {
        let scores: Vec<usize> = among.iter().map(|t| ending(name, &t.name)).collect();
        let top = scores.iter().copied().max().filter(|&top| top > 0)?;
        let mut at = scores.iter().enumerate().filter(|(_, score)| **score == top).map(|(i, _)| i);
        at.next().filter(|_| at.next().is_none())
    };
    olds.iter()
        .filter_map(|ty| {
            let to = best(&ty.name, free)?;
            let back = best(&free[to].name, olds)?;
            (olds[back].name == ty.name).then_some((*ty, free[to]))
        })
        .collect()
}

/// How many bytes of whole CamelCase words `a` and `b` end alike in (`…AccountAgeIndicator`
/// and `…AccountAgeIndicator`: 19; `Status` and `Bus`: 0, `us` being no word).
fn same_words_at_end(a: &str, b: &str) -> usize {
    let alike = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    let tail = &a[a.len() - alike..];
    // Where the first word within the shared tail starts (a capital letter, or the whole
    // of both names).
    let whole = alike == a.len() || alike == b.len();
    match tail.char_indices().find(|(_, c)| c.is_ascii_uppercase()) {
        Some((0, _)) => alike,
        _ if whole => alike,
        Some((at, _)) => alike - at,
        None => 0,
    }
}

/// A shape as text: equal shapes, equal texts.
fn shape_key(shape: &TypeShape) -> String {
    serde_json::to_string(shape).unwrap_or_default()
}

/// `shape` with the names of renamed types replaced in every type it names, and the
/// type's own name (`own`) as `Self`, which no generated type is named, so that a
/// type that holds itself (a tree's `Node`) has the same shape under its new name.
fn renamed_shape(shape: &TypeShape, renamed: &Renamed, own: &str) -> TypeShape {
    let mut shape = shape.clone();
    let text = |ty: &mut String| *ty = substituted(ty, renamed, Some(own));
    match &mut shape {
        TypeShape::Struct { fields, additional, .. } => {
            fields.iter_mut().for_each(|f| text(&mut f.ty));
            additional.iter_mut().for_each(text);
        }
        TypeShape::Union { members, converts_from, .. } => {
            members.iter_mut().for_each(|m| text(&mut m.ty));
            converts_from.iter_mut().for_each(text);
        }
        TypeShape::Alias { target } | TypeShape::Newtype { target } => text(target),
        TypeShape::Enum { .. } => {}
    }
    shape
}

/// The fields of the old version's structs by each type name their type names (whole
/// names: `Vec<Dog>` names `Dog`, not `Do`), with the struct that has them: asked once
/// per candidate rename, so that a candidate does not scan every struct.
pub(super) type Holders<'a> = HashMap<&'a str, Vec<(&'a TypeSurface, &'a FieldSurface)>>;

pub(super) fn holders(old: &Surface) -> Holders<'_> {
    let mut holders: Holders<'_> = HashMap::new();
    for ty in &old.types {
        let TypeShape::Struct { fields, .. } = &ty.shape else { continue };
        for field in fields {
            let mut words: Vec<&str> = type_words(&field.ty).collect();
            words.sort_unstable();
            words.dedup();
            words.into_iter().for_each(|w| holders.entry(w).or_default().push((ty, field)));
        }
    }
    holders
}

/// The names a Rust type's text names (`Vec<Dog>`: `Vec`, `Dog`), whole.
pub(super) fn type_words(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|word| !word.is_empty())
}

/// Whether some field held type `from` and every field that did, still there, holds `to`
/// in its place now (an inline type renamed because a new schema took its name).
fn fields_moved(holders: &Holders<'_>, new: &Surface, from: &str, to: &str) -> bool {
    let renamed = Renamed::from([(from.to_owned(), to.to_owned())]);
    let mut moved = false;
    for (ty, field) in holders.get(from).into_iter().flatten() {
        let Some(TypeShape::Struct { fields: now, .. }) = new.type_named(&ty.name).map(|t| &t.shape) else { continue };
        match now.iter().find(|n| n.wire == field.wire) {
            Some(n) if renamed_in(&field.ty, &n.ty, &renamed) => moved = true,
            Some(_) => return false,
            None => {}
        }
    }
    moved
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
    direction(&item_now, rename.old, rename.new, out);
    deprecation(&item_now, rename.old, rename.new, out);
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
pub(super) fn renamed_in(old: &str, new: &str, renamed: &Renamed) -> bool {
    let now = replaced(old, renamed);
    now != old && now == new
}

/// Type text `old` with renamed types' names replaced (whole names only).
fn replaced(old: &str, renamed: &Renamed) -> String {
    substituted(old, renamed, None)
}

/// [`replaced`], and the name `own` as `Self`. A word after `::` is in a crate's path
/// (`serde_json::Value`), never a type of the document, and stays.
fn substituted(old: &str, renamed: &Renamed, own: Option<&str>) -> String {
    super::words_replaced(old, |word, in_path| match word {
        _ if in_path => None,
        _ if own == Some(word) => Some("Self".to_owned()),
        _ => renamed.get(word).cloned(),
    })
}

/// The old members whose variant is gone, by variant, each with the new member its type
/// became when it was renamed: a new variant holding the renamed type (the first, when
/// several do). Found through a map of the new variants' types, not pair by pair.
pub(super) fn renamed_members<'a>(
    old: &'a [MemberSurface],
    new: &'a [MemberSurface],
    renamed: &Renamed,
) -> HashMap<&'a str, &'a MemberSurface> {
    let old_variants: HashSet<&str> = old.iter().map(|m| m.variant.as_str()).collect();
    let new_variants: HashSet<&str> = new.iter().map(|m| m.variant.as_str()).collect();
    let mut by_type: HashMap<&str, &MemberSurface> = HashMap::new();
    for member in new.iter().filter(|m| !old_variants.contains(m.variant.as_str())) {
        by_type.entry(member.ty.as_str()).or_insert(member);
    }
    let gone = old.iter().filter(|m| !new_variants.contains(m.variant.as_str()));
    gone.filter_map(|member| {
        let now = replaced(&member.ty, renamed);
        let became = by_type.get(now.as_str()).filter(|_| now != member.ty)?;
        Some((member.variant.as_str(), *became))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::same_words_at_end;

    #[test]
    fn names_end_alike_in_whole_words() {
        assert_eq!(same_words_at_end("AccountInfoAccountAgeIndicator", "AccountInformationAccountAgeIndicator"), 19);
        assert_eq!(same_words_at_end("AccountInfoAccountAgeIndicator", "AccountInformationAccountChangeIndicator"), 9);
        assert_eq!(same_words_at_end("Status", "Bus"), 0, "`us` is no word");
        assert_eq!(same_words_at_end("PetKind", "Kind"), 4, "a whole name is a word");
        assert_eq!(same_words_at_end("Pet", "Dog"), 0);
    }
}
