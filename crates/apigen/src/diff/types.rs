//! Named types: structs and their fields, enums and their values, unions and their
//! members, aliases. Types are matched by Rust name (a type whose name is gone, or names
//! another shape, is matched with the one new type of its shape: see `renames`), fields
//! and enum values by wire name and then, when the wire name is gone, by Rust name (a
//! spelling changed under the same field or variant: one change, which breaks no code),
//! union members by variant name (or by their type's rename).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::constraints::constraints;
use super::renames::{Rename, renamed, renamed_in, renamed_members, type_words};
use super::{Out, Severity};
use crate::model::types::Integer;
use crate::surface::{Direction, EnumValueSurface, FieldSurface, MemberSurface, Surface, TypeShape, TypeSurface};

pub(super) fn types(old: &Surface, new: &Surface, renames: &[Rename<'_>], out: &mut Out) {
    let names: BTreeSet<&str> = old.types.iter().chain(&new.types).map(|t| t.name.as_str()).collect();
    let by_old: BTreeMap<&str, &Rename<'_>> = renames.iter().map(|r| (r.old.name.as_str(), r)).collect();
    let new_names: BTreeSet<&str> = renames.iter().map(|r| r.new.name.as_str()).collect();
    let holders = super::renames::holders(new);
    let users = operation_users(new);
    for name in names {
        let item = new.item(&format!("types::{name}"));
        if let Some(rename) = by_old.get(name) {
            renamed(old, new, rename, out);
            continue;
        }
        if new_names.contains(name) {
            continue;
        }
        match (old.type_named(name), new.type_named(name)) {
            (Some(ty), None) => out.breaking("type-removed", &item, format!("{item}: {} removed", ty.shape.kind())),
            (None, Some(ty)) => out.compatible(
                "type-added",
                &item,
                format!(
                    "{item}: new {} ({}){}",
                    ty.shape.kind(),
                    ty.direction.as_str(),
                    used_by(&holders, &users, name)
                ),
            ),
            (Some(a), Some(b)) => {
                type_changes(&item, a, b, Docs { old: &old.docs, new: &new.docs }, out);
                builder(&item, (a, b), new, out);
            }
            (None, None) => {}
        }
    }
    replacements(old, new, out);
}

/// Where a new type is used: `, held by Ticket::passenger` (and how many other fields
/// hold it), so that the types a new struct brings read as its parts; else the first
/// operation whose body or answer it is (`, sent by Client::op`, `, answered by …`).
fn used_by(holders: &super::renames::Holders<'_>, users: &OperationUsers<'_>, name: &str) -> String {
    // Its own fields (a recursive type) say nothing of where it is used.
    let fields: Vec<_> = holders.get(name).into_iter().flatten().filter(|(ty, _)| ty.name != name).collect();
    let Some((ty, field)) = fields.first() else {
        return match (users.0.get(name), users.1.get(name)) {
            (Some(op), _) => format!(", sent by Client::{op}"),
            (None, Some(op)) => format!(", answered by Client::{op}"),
            (None, None) => String::new(),
        };
    };
    let more = match fields.len() - 1 {
        0 => String::new(),
        n => format!(" and {n} more field(s)"),
    };
    format!(", held by {}::{}{more}", ty.name, field.name)
}

/// The first operation that sends each type name in its body, and the first that
/// answers with it, by name.
type OperationUsers<'a> = (HashMap<&'a str, &'a str>, HashMap<&'a str, &'a str>);

fn operation_users(surface: &Surface) -> OperationUsers<'_> {
    let (mut sent, mut answered) = (HashMap::new(), HashMap::new());
    for op in &surface.operations {
        for word in op.body.iter().flat_map(|body| type_words(&body.ty)) {
            sent.entry(word).or_insert(op.name.as_str());
        }
        for outcome in op.successes.iter().chain(&op.errors) {
            for word in outcome.ty.iter().flat_map(|ty| type_words(ty)) {
                answered.entry(word).or_insert(op.name.as_str());
            }
        }
    }
    (sent, answered)
}

/// A type removed whose fields were perhaps renamed to fields of a type added (Adyen's
/// `reason: PaymentAmountUpdateRequestReason` beside `industry_usage: …IndustryUsage`):
/// its removal says which type perhaps replaces it.
fn replacements(old: &Surface, new: &Surface, out: &mut Out) {
    let words = |ty: &str| -> Vec<String> { type_words(ty).map(str::to_owned).collect() };
    let added = |name: &String| new.type_named(name).is_some() && old.type_named(name).is_none();
    let mut by_removed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (before, after) in &out.perhaps {
        let successors: Vec<String> = words(after).into_iter().filter(added).collect();
        for removed in words(before).into_iter().filter(|w| old.type_named(w).is_some() && new.type_named(w).is_none())
        {
            by_removed.entry(removed).or_default().extend(successors.iter().cloned());
        }
    }
    for change in out.changes.iter_mut().filter(|c| c.kind == "type-removed") {
        let name = change.item.rsplit("::").next().unwrap_or_default();
        if let Some(successors) = by_removed.get(name).filter(|s| !s.is_empty()) {
            let list: Vec<&str> = successors.iter().map(String::as_str).collect();
            change.reason.push_str(&format!(
                "; perhaps replaced by {} (a field of this type seems renamed to one of that type)",
                list.join(" or ")
            ));
        }
    }
}

/// A builder type under another name (a new type took its name): code naming the
/// builder type (a test helper's return type, say) must name the new one.
fn builder(item: &str, (old, new): (&TypeSurface, &TypeSurface), surface: &Surface, out: &mut Out) {
    let (Some(before), Some(after)) = (&old.builder, &new.builder) else { return };
    if before != after {
        let taken = surface.type_named(before).map(|ty| format!("; {before} now names another {}", ty.shape.kind()));
        out.breaking(
            "builder-renamed",
            format!("{item}::builder"),
            format!("{item}: builder() returns {after} (was {before}){}", taken.unwrap_or_default()),
        );
    }
}

/// The documentation of both sides, by item: a field gone and one added with the same
/// description may be one renamed.
#[derive(Clone, Copy)]
struct Docs<'a> {
    old: &'a BTreeMap<String, String>,
    new: &'a BTreeMap<String, String>,
}

fn type_changes(item: &str, old: &TypeSurface, new: &TypeSurface, docs: Docs<'_>, out: &mut Out) {
    if old.shape.kind() != new.shape.kind() {
        out.breaking(
            "type-kind",
            item,
            format!("{item}: {} → {}; every use of it changes", old.shape.kind(), new.shape.kind()),
        );
        return;
    }
    direction(item, old, new, out);
    deprecation(item, old, new, out);
    let kept = kept_direction(old.direction, new.direction);
    match (&old.shape, &new.shape) {
        (
            TypeShape::Struct { fields: a, additional: x, additional_constraints: p },
            TypeShape::Struct { fields: b, additional: y, additional_constraints: q },
        ) => {
            fields(item, kept, (a, b), x.as_deref(), docs, out);
            additional(item, x, y, out);
            if x.is_some() && x == y {
                constraints(&format!("{item}::additional_properties"), p, q, kept.is_constructed(), out);
            }
        }
        (TypeShape::Enum { values: a }, TypeShape::Enum { values: b }) => values(item, kept, a, b, out),
        (
            TypeShape::Union { members: a, discriminator: x, converts_from: f },
            TypeShape::Union { members: b, discriminator: y, converts_from: g },
        ) => {
            members(item, a, b, kept, out);
            member_order(item, (a, b), kept, out);
            if x != y {
                let (x, y) = (discriminator_text(x), discriminator_text(y));
                out.compatible(
                    "union-discriminator",
                    item,
                    format!("{item}: discriminator {x} → {y}; Rust API unchanged; wire: variants are chosen differently when decoding"),
                );
            }
            conversions(item, f, g, out);
        }
        (TypeShape::Alias { target: a }, TypeShape::Alias { target: b }) if a != b => {
            retargeted(("alias-type", "alias of"), item, (a, b), out)
        }
        (TypeShape::Newtype { target: a }, TypeShape::Newtype { target: b }) if a != b => {
            retargeted(("newtype-type", "wraps"), item, (a, b), out)
        }
        _ => {}
    }
}

/// An alias or newtype whose target is written otherwise: breaking unless it is the
/// same type written through other aliases (`Vec<String>` → `Vec<Tag>`, `Tag` an alias of
/// `String`), which only the documentation shows.
fn retargeted((kind, what): (&str, &str), item: &str, (a, b): (&str, &str), out: &mut Out) {
    if out.names.same(a, b) {
        out.push(Severity::Patch, kind, item, format!("{item}: {what} {a} → {b}, the same type; Rust API unchanged"));
    } else {
        out.breaking(kind, item, format!("{item}: {what} {a} → {b}"));
    }
}

/// The document deprecates a type, or no longer does: code naming it warns (or stops).
pub(super) fn deprecation(item: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Out) {
    if old.deprecated != new.deprecated {
        let what = if new.deprecated {
            let says = super::says(", which says ", &new.deprecation);
            format!("now deprecated by the document{says} (the type is #[deprecated]: code naming it warns)")
        } else {
            "no longer deprecated".to_owned()
        };
        out.compatible("type-deprecated", item, format!("{item}: {} {what}", new.shape.kind()));
    }
    let what = format!("{item}: {}", new.shape.kind());
    out.deprecation_message(item, &what, (old.deprecated, &old.deprecation), (new.deprecated, &new.deprecation));
}

/// The direction a type's other changes are judged by: the ways it travels in both
/// versions (a struct only received before, and now sent too, had no `new(…)` for a
/// new field to change, and binaries built before never sent it). Types that travelled
/// the other way before keep nothing but their name; they are judged by the new one.
fn kept_direction(old: Direction, new: Direction) -> Direction {
    match (old.is_constructed() && new.is_constructed(), old.is_decoded() && new.is_decoded()) {
        (true, true) => new,
        (true, false) => Direction::Request,
        (false, true) => Direction::Response,
        (false, false) => new,
    }
}

/// A change of direction changes how values are built (structs: `new(…)` when sent or
/// used by no operation, a builder when received, both when both) and whether unknown
/// values are kept (enums and unions: open unless only sent). Only losing one of those
/// breaks: a struct is sent (or unused) or received no more, an enum or union received
/// (or unused) no more (see `emit::builders`, `emit::enums`).
pub(super) fn direction(item: &str, old: &TypeSurface, new: &TypeSurface, out: &mut Out) {
    if old.direction == new.direction {
        return;
    }
    let (from, to) = (old.direction.as_str(), new.direction.as_str());
    let gains = |side: fn(&TypeSurface) -> bool| !side(old) && side(new);
    let loses = |side: fn(&TypeSurface) -> bool| side(old) && !side(new);
    let constructed = |ty: &TypeSurface| ty.direction.is_constructed();
    let decoded = |ty: &TypeSurface| ty.direction.is_decoded();
    let built = |ty: &TypeSurface| ty.builder.is_some();
    let shape = &new.shape;
    let effect = match shape {
        TypeShape::Struct { .. } if loses(constructed) => {
            "new(…) and the with_… setters are gone (built with builder())"
        }
        TypeShape::Struct { .. } if loses(built) => "builder() is gone (built with new(…) and with_… setters)",
        TypeShape::Struct { .. } if gains(constructed) => "gains new(…) and with_… setters; builder() stays",
        TypeShape::Struct { .. } if gains(built) => "gains builder(); new(…) and the with_… setters stay",
        TypeShape::Enum { .. } | TypeShape::Union { .. } if loses(decoded) => "the Unrecognized variant is gone",
        TypeShape::Enum { .. } | TypeShape::Union { .. } if gains(decoded) => {
            "gains the Unrecognized variant (the enum is non_exhaustive)"
        }
        _ => "its Rust shape is unchanged",
    };
    let breaking = match shape {
        TypeShape::Struct { .. } => loses(constructed) || loses(built),
        TypeShape::Enum { .. } | TypeShape::Union { .. } => loses(decoded),
        TypeShape::Alias { .. } | TypeShape::Newtype { .. } => false,
    };
    let severity = if breaking { Severity::Breaking } else { Severity::Compatible };
    out.push(severity, "type-direction", item, format!("{item}: direction {from} → {to}; {effect}"));
}

/// The fields or enum values of two versions, indexed by wire name and by Rust name, to
/// pair them without comparing every pair (an enum of 50,000 values).
struct Spellings<'a, T> {
    old_wires: HashSet<&'a str>,
    new_by_wire: HashMap<&'a str, &'a T>,
    new_by_name: HashMap<&'a str, Vec<&'a T>>,
    wire: fn(&T) -> &str,
    name: fn(&T) -> &str,
}

impl<'a, T> Spellings<'a, T> {
    fn new(old: &'a [T], new: &'a [T], wire: fn(&T) -> &str, name: fn(&T) -> &str) -> Self {
        let mut new_by_name: HashMap<&str, Vec<&T>> = HashMap::new();
        let mut new_by_wire = HashMap::new();
        for now in new {
            new_by_name.entry(name(now)).or_default().push(now);
            new_by_wire.entry(wire(now)).or_insert(now);
        }
        Spellings { old_wires: old.iter().map(wire).collect(), new_by_wire, new_by_name, wire, name }
    }

    /// The one of `new` with `thing`'s wire name.
    fn same_wire(&self, thing: &T) -> Option<&'a T> {
        self.new_by_wire.get((self.wire)(thing)).copied()
    }

    /// The ones of `new` with this Rust name.
    fn named(&self, name: &str) -> &[&'a T] {
        self.new_by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// What `thing` of `old` became in `new` when only its wire spelling changed (`name`
    /// → `Name`, `sold` → `SOLD`): its wire name is gone, and one of the same Rust name
    /// has a wire name `old` does not have.
    fn respelled(&self, thing: &T) -> Option<&'a T> {
        if self.same_wire(thing).is_some() {
            return None;
        }
        self.named((self.name)(thing)).iter().copied().find(|now| !self.old_wires.contains((self.wire)(now)))
    }
}

/// Each field of `old` with the field of `new` it became: the one of the same wire
/// name, else the one it was [`Spellings::respelled`] as.
fn counterparts<'a>(
    old: &'a [FieldSurface],
    new: &'a [FieldSurface],
) -> Vec<(&'a FieldSurface, Option<&'a FieldSurface>)> {
    let spellings = Spellings::new(old, new, |f| f.wire.as_str(), |f| f.name.as_str());
    old.iter().map(|field| (field, spellings.same_wire(field).or_else(|| spellings.respelled(field)))).collect()
}

/// The fields of a struct kept; `kept_by` is the value type of the old struct's
/// additional properties, which an added field was read into before.
fn fields(
    item: &str,
    direction: Direction,
    (old, new): (&[FieldSurface], &[FieldSurface]),
    kept_by: Option<&str>,
    docs: Docs<'_>,
    out: &mut Out,
) {
    let constructed = direction.is_constructed();
    let pairs = counterparts(old, new);
    // Sets and maps, not scans: a struct of tens of thousands of fields made the scans
    // quadratic.
    let kept: HashSet<&str> = pairs.iter().filter_map(|(_, now)| now.map(|now| now.wire.as_str())).collect();
    let added: Vec<&FieldSurface> = new.iter().filter(|f| !kept.contains(f.wire.as_str())).collect();
    let mut by_name: HashMap<&str, Vec<&FieldSurface>> = HashMap::new();
    for field in new {
        by_name.entry(field.name.as_str()).or_default().push(field);
    }
    // Each argument of the new `new(…)` by wire name: its place.
    let arguments: HashMap<&str, usize> =
        new.iter().filter(|f| f.is_constructor_argument()).enumerate().map(|(i, f)| (f.wire.as_str(), i)).collect();
    let renamings = renamings(item, &pairs, &added, docs);
    out.perhaps.extend(renamings.iter().map(|(old, now)| (old.ty.clone(), now.ty.clone())));
    let renamed_to: HashMap<&str, &FieldSurface> =
        renamings.iter().map(|(old, now)| (old.wire.as_str(), *now)).collect();
    let renamed_from: HashMap<&str, &FieldSurface> =
        renamings.iter().map(|(old, now)| (now.wire.as_str(), *old)).collect();
    for &(field, now) in &pairs {
        let at = format!("{item}::{}", field.name);
        let named = by_name.get(field.name.as_str()).map(Vec::as_slice).unwrap_or_default();
        let note = still_compiles(&field.name, field_taker(field, now, named, constructed));
        match now {
            None => {
                let wire = removed_on_the_wire(direction, field);
                let took = renamed_to.get(field.wire.as_str()).map(|now| renamed_field(direction, now));
                let took = took.unwrap_or_default();
                out.breaking("field-removed", &at, format!("{item}: field {} removed{took}{note}; {wire}", field.name))
            }
            Some(now) => {
                wire_name(item, direction, field, now, out);
                field_changes(item, direction, (field, now), &note, out);
            }
        }
    }
    if constructed {
        constructor_order(item, &pairs, new, out);
    }
    for field in added {
        let replaced = renamed_from.get(field.wire.as_str());
        let mut replaced = replaced.map(|old| format!("; perhaps {} renamed", old.name)).unwrap_or_default();
        // Binaries built before read the new key into `additional_properties`: a value
        // of another type than theirs fails the whole answer.
        let kept = kept_by.filter(|_| direction.is_decoded());
        let refused = kept.is_some_and(|ty| !holds_every(ty, &field.ty, &out.names));
        if let Some(ty) = kept {
            let otherwise = if refused { ", and fail to decode answers with it otherwise" } else { "" };
            replaced.push_str(&format!(
                "; wire: binaries built before read it into additional_properties when its value is a {ty}{otherwise}"
            ));
        }
        let place = arguments.get(field.wire.as_str()).map(|&index| (index, arguments.len()));
        field_added(item, direction, field, (place, refused), &replaced, out);
    }
}

/// Where code that used a removed field should look: the field added that has its
/// description, its type, and how it is set or read.
fn renamed_field(direction: Direction, now: &FieldSurface) -> String {
    let mut uses = Vec::new();
    if direction.is_constructed() {
        uses.push(if now.is_constructor_argument() {
            "an argument of new(…)".to_owned()
        } else {
            format!("set with with_{}(…)", bare(&now.name))
        });
    }
    if direction.is_decoded() {
        uses.push(format!("read as .{}", now.name));
    }
    format!("; perhaps renamed to {} ({}: {})", now.name, now.rust_type(), uses.join(", "))
}

/// Fields gone paired with fields added that may be them renamed (see [`meaning`]),
/// each added field taken once, in order.
fn renamings<'a>(
    item: &str,
    pairs: &[(&'a FieldSurface, Option<&FieldSurface>)],
    added: &[&'a FieldSurface],
    docs: Docs<'_>,
) -> Vec<(&'a FieldSurface, &'a FieldSurface)> {
    // The added fields by the first line of their description, in order: each removed
    // field looks its own up (comparing every pair was quadratic, and cubic with the
    // fields already taken).
    let mut by_meaning: HashMap<String, std::collections::VecDeque<&'a FieldSurface>> = HashMap::new();
    for field in added {
        if let Some(line) = meaning(docs.new, item, field) {
            by_meaning.entry(line).or_default().push_back(field);
        }
    }
    let mut found: Vec<(&FieldSurface, &FieldSurface)> = Vec::new();
    for (old, _) in pairs.iter().filter(|(_, now)| now.is_none()) {
        let free = meaning(docs.old, item, old).and_then(|line| by_meaning.get_mut(&line)?.pop_front());
        if let Some(now) = free {
            found.push((old, now));
        }
    }
    found
}

/// What binaries built before do with a field that is gone: send it (the server may
/// refuse what it no longer knows) and, reading it, find it absent (a required one makes
/// every response without it fail to decode).
fn removed_on_the_wire(direction: Direction, field: &FieldSurface) -> String {
    let always = field.required || field.default.is_some();
    let sent = direction.is_constructed().then_some(if always { "still send it" } else { "still send it when set" });
    let read = direction.is_decoded().then_some(match (field.default.is_some(), field.required && !field.nullable) {
        (true, _) => "read it as its default",
        (false, true) => "fail to decode responses without it (it was required)",
        (false, false) => "read it as absent",
    });
    match (sent, read) {
        (Some(sent), Some(read)) => format!("wire: binaries built before {sent}, and {read}"),
        (Some(sent), None) => format!("wire: binaries built before {sent}"),
        (None, Some(read)) => format!("wire: binaries built before {read}"),
        (None, None) => String::new(),
    }
}

/// The first line of a field's description, when it says something (16 bytes or more):
/// an added field whose description begins as a removed one's may be it renamed (a vendor
/// renaming a field often adds to the rest), which is said beside both.
fn meaning(docs: &BTreeMap<String, String>, item: &str, field: &FieldSurface) -> Option<String> {
    let first = |doc: &String| doc.trim().lines().next().unwrap_or_default().trim().to_owned();
    docs.get(&format!("{item}::{}", field.name)).map(first).filter(|line| line.len() >= 16)
}

/// A field added; `place` is its place among the arguments of `new(…)` and their number,
/// `refused` whether binaries built before fail to decode answers with it, and
/// `replaced` ends the reason (a field it may be the renaming of).
fn field_added(
    item: &str,
    direction: Direction,
    field: &FieldSurface,
    (place, refused): (Option<(usize, usize)>, bool),
    replaced: &str,
    out: &mut Out,
) {
    let severity = if refused { Severity::Breaking } else { Severity::Compatible };
    let at = format!("{item}::{}", field.name);
    let ty = field.rust_type();
    let constructed = direction.is_constructed();
    if constructed && field.is_constructor_argument() {
        let place = place.map(|(index, count)| format!(" (number {} of {count})", index + 1));
        out.breaking(
            "field-added",
            &at,
            format!(
                "{item}: required field {}: {ty} added; new(…) takes one more argument{}{replaced}; wire: binaries built before send requests without it, which the server may refuse",
                field.name,
                place.unwrap_or_default()
            ),
        );
    } else if constructed {
        out.push(
            severity,
            "field-added",
            &at,
            format!(
                "{item}: optional field {}: {ty} added (set with with_{}){replaced}",
                field.name,
                bare(&field.name)
            ),
        );
    } else {
        // `build()` requires what is required and has no default.
        let fakes = if field.is_constructor_argument() { "; builder()…build() fails until it is set" } else { "" };
        out.push(
            severity,
            "field-added",
            &at,
            format!(
                "{item}: field {}: {ty} added (response type: the struct is non_exhaustive and built with builder()){fakes}{replaced}",
                field.name
            ),
        );
    }
}

/// `new(…)` takes its arguments in wire-name order: arguments that stay arguments but
/// come in another order (a wire name respelled `zone` → `Zone`) take the caller's
/// values in other places.
fn constructor_order(
    item: &str,
    pairs: &[(&FieldSurface, Option<&FieldSurface>)],
    new: &[FieldSurface],
    out: &mut Out,
) {
    let before: Vec<&str> = pairs
        .iter()
        .filter(|(field, _)| field.is_constructor_argument())
        .filter_map(|(_, now)| now.filter(|now| now.is_constructor_argument()))
        .map(|now| now.name.as_str())
        .collect();
    let kept: HashSet<&str> = before.iter().copied().collect();
    let after: Vec<&str> = new
        .iter()
        .filter(|f| f.is_constructor_argument() && kept.contains(f.name.as_str()))
        .map(|f| f.name.as_str())
        .collect();
    if before != after {
        out.breaking(
            "constructor-order",
            item,
            format!("{item}: new(…) takes ({}) in another order: ({})", before.join(", "), after.join(", ")),
        );
    }
}

/// A field whose wire name changed under the same Rust name.
fn wire_name(item: &str, direction: Direction, old: &FieldSurface, new: &FieldSurface, out: &mut Out) {
    if old.wire == new.wire {
        return;
    }
    let mut effects = Vec::new();
    if direction.is_constructed() {
        effects.push(format!("binaries built before send it as {:?}", old.wire));
    }
    if direction.is_decoded() {
        let missing = if old.required { ", and fail to decode answers (it is required)" } else { ", and see None" };
        effects.push(format!("binaries built before look for {:?}{missing}", old.wire));
    }
    // Binaries built before look for the old name: where it was required, no answer decodes.
    let severity = if direction.is_decoded() && old.required { Severity::Breaking } else { Severity::Compatible };
    out.push(
        severity,
        "field-wire-name",
        format!("{item}::{}", new.name),
        format!(
            "{item}: field {} is {:?} on the wire (was {:?}); Rust API unchanged; wire: {}",
            new.name,
            new.wire,
            old.wire,
            effects.join("; ")
        ),
    );
}

/// Another item that now has the name of a renamed or removed one: what it is, and
/// whether it fits every use of the old one (same type, same signature).
pub(super) struct Taker {
    pub(super) what: String,
    pub(super) fits: bool,
}

/// What code naming `old` does now that `taken` has the name: with a taker that fits,
/// it still compiles and means the other item, which no compiler error points out;
/// with one of another type, only code that fits both compiles; with none, nothing to
/// add (the compiler finds every use).
pub(super) fn still_compiles(old: &str, taken: Option<Taker>) -> String {
    match taken {
        Some(Taker { what, fits: true }) => {
            format!("; code naming {old} still compiles and now means {what}: no compiler error points to it")
        }
        Some(Taker { what, fits: false }) => format!(
            "; {old} now names {what}, which is used otherwise: most code naming it fails to compile, and what still compiles means the new item"
        ),
        None => String::new(),
    }
}

/// The field of `named` (the new fields with `field`'s Rust name) other than `kept` (the
/// old field's counterpart, if any): the one that now has `field`'s Rust name.
fn field_taker(
    field: &FieldSurface,
    kept: Option<&FieldSurface>,
    named: &[&FieldSurface],
    constructed: bool,
) -> Option<Taker> {
    let taker = named.iter().find(|f| kept.is_none_or(|kept| f.wire != kept.wire))?;
    let fits = taker.rust_type() == field.rust_type()
        && (!constructed || taker.is_constructor_argument() == field.is_constructor_argument());
    Some(Taker { what: format!("the field {:?}", taker.wire), fits })
}

/// The changes of a field kept (`old` became `new`); `renamed` ends the reason of a
/// rename (see [`still_compiles`]).
fn field_changes(
    item: &str,
    direction: Direction,
    (old, new): (&FieldSurface, &FieldSurface),
    renamed: &str,
    out: &mut Out,
) {
    let constructed = direction.is_constructed();
    let at = format!("{item}::{}", new.name);
    if old.name != new.name {
        out.breaking(
            "field-renamed",
            &at,
            format!("{item}: field {} renamed to {} (wire name {:?}){renamed}", old.name, new.name, new.wire),
        );
    }
    if !out.names.same(&old.ty, &new.ty) {
        let format = if old.format != new.format {
            format!(" (format {} → {})", shown(&old.format), shown(&new.format))
        } else {
            String::new()
        };
        let decoded = if renamed_in(&old.ty, &new.ty, &out.renamed) {
            "; the same type under its new name: nothing changes on the wire".to_owned()
        } else if holds_every(&old.ty, &new.ty, &out.names) {
            let mut wire = Vec::new();
            if direction.is_decoded() {
                wire.push(format!("binaries built before read every value {} allows", new.ty));
            }
            if direction.is_constructed() {
                wire.push(format!("binaries built before may send values {} does not allow", new.ty));
            }
            format!("; wire: {}", wire.join("; "))
        } else if direction.is_decoded() {
            format!("; wire: binaries built before fail to decode values that do not fit {}", old.ty)
        } else {
            String::new()
        };
        out.breaking(
            "field-type",
            &at,
            format!("{item}: field {} type {} → {}{format}{decoded}", new.name, old.ty, new.ty),
        );
    } else if old.format != new.format {
        out.compatible(
            "field-format",
            &at,
            format!(
                "{item}: field {} format {} → {}; Rust type unchanged ({}); wire: values are expected in the new format",
                new.name,
                shown(&old.format),
                shown(&new.format),
                new.ty
            ),
        );
    }
    presence(item, direction, old, new, out);
    if old.deprecated != new.deprecated {
        let says = super::says(", which says ", &new.deprecation);
        let what = if new.deprecated {
            format!(
                "now deprecated by the document{says} (its documentation says so; its setters are #[deprecated]: uses warn)"
            )
        } else {
            "no longer deprecated".to_owned()
        };
        out.compatible("field-deprecated", &at, format!("{item}: field {} {what}", new.name));
    }
    let what = format!("{item}: field {}", new.name);
    out.deprecation_message(&at, &what, (old.deprecated, &old.deprecation), (new.deprecated, &new.deprecation));
    // With `required` changed too, `presence` says it.
    if let Some(reason) = one_way_change(item, direction, old, new).filter(|_| old.required == new.required) {
        out.compatible("field-one-way", &at, reason);
    }
    constraints(&at, &old.constraints, &new.constraints, constructed, out);
}

/// A field newly `readOnly` or `writeOnly`, or no longer, where that matters: in a type
/// sent (`readOnly`) or received (`writeOnly`). Its Rust type is the same (the field stays
/// settable), its documentation says which way it travels, and servers may treat it
/// otherwise. In a type that travels the field's way only, nothing changes.
fn one_way_change(item: &str, direction: Direction, old: &FieldSurface, new: &FieldSurface) -> Option<String> {
    let shown = |only: &Option<String>| only.clone().unwrap_or_else(|| "both ways".to_owned());
    let read_only = |field: &FieldSurface| field.only.as_deref().is_some_and(|only| only.starts_with("readOnly"));
    let write_only = |field: &FieldSurface| field.only.as_deref().is_some_and(|only| only.ends_with("writeOnly"));
    let mut wire = Vec::new();
    if direction.is_constructed() && read_only(new) && !read_only(old) {
        wire.push("servers may now ignore or refuse it in requests, and binaries built before send it when it is set");
    }
    if direction.is_constructed() && read_only(old) && !read_only(new) {
        wire.push("servers now read it in requests");
    }
    if direction.is_decoded() && write_only(new) && !write_only(old) {
        wire.push("answers now leave it out");
    }
    if direction.is_decoded() && write_only(old) && !write_only(new) {
        wire.push("answers may now hold it");
    }
    (!wire.is_empty()).then(|| {
        format!(
            "{item}: field {} {} → {}; Rust type unchanged ({}), its documentation says which way it travels; wire: {}",
            new.name,
            shown(&old.only),
            shown(&new.only),
            new.rust_type(),
            wire.join("; ")
        )
    })
}

/// Whether every JSON value of the Rust type `new` also decodes as `old` (both as the
/// surface writes them): an integer where a wider integer or a number was, a uuid, a
/// date-time or a string enum where a string was, any string where an open enum was,
/// anything where any JSON value was. Other named types are compared by name only (a
/// schema named `Uuid` is one of them, not `uuid::Uuid`).
fn holds_every(old: &str, new: &str, names: &super::TypeNames) -> bool {
    const STRINGS: [&str; 5] = ["String", "Secret", "DateTime<Utc>", "NaiveDate", "Uuid"];
    if old == new || old == "serde_json::Value" {
        return true;
    }
    let string = |ty: &str| names.new_string_enums.contains(ty) || (STRINGS.contains(&ty) && !names.new.contains(ty));
    let inner = |text: &'static str| {
        let open = |ty: &str| ty.strip_prefix(text).and_then(|rest| rest.strip_suffix('>')).map(str::to_owned);
        open(old).zip(open(new))
    };
    if let Some((a, b)) = ["Vec<", "BTreeMap<String, ", "Option<", "Box<"].into_iter().find_map(inner) {
        return holds_every(&a, &b, names);
    }
    let integer = |ty: &str| Integer::from_rust(ty).map(Integer::range);
    match (old, integer(old), integer(new)) {
        ("String" | "Secret", ..) if !names.old.contains(old) => string(new),
        _ if names.old_open_enums.contains(old) => string(new),
        ("f64", _, Some(_)) => true,
        ("f64", ..) => new == "f32",
        (_, Some((low, high)), Some((from, to))) => low <= from && to <= high,
        _ => false,
    }
}

/// Required, nullable and default together decide the field's Rust type and whether
/// `new` takes it: a change of any is breaking exactly when one of those changes.
fn presence(item: &str, direction: Direction, old: &FieldSurface, new: &FieldSurface, out: &mut Out) {
    let constructed = direction.is_constructed();
    let at = format!("{item}::{}", new.name);
    let argument_changed = constructed && old.is_constructor_argument() != new.is_constructor_argument();
    let (before, after) = (old.rust_type(), new.rust_type());
    let breaking = before != after || argument_changed || refuses_absence_before(direction, old, new);
    let severity = if breaking { Severity::Breaking } else { Severity::Compatible };
    let open_union = out.names.old_open_unions.contains(&old.ty);
    let effect = match (before != after, argument_changed) {
        (true, true) => format!(
            "the field is {after} (was {before}) and new(…) takes other arguments{}{}",
            newly_filled(direction, old, new),
            unset_before(direction, old, new)
        ),
        (true, false) => format!(
            "the field is {after} (was {before}){}{}{}",
            stricter_before(direction, old, new, open_union),
            newly_filled(direction, old, new),
            unset_before(direction, old, new)
        ),
        (false, true) => format!("new(…) takes other arguments{}", unset_before(direction, old, new)),
        (false, false) => format!("Rust type unchanged ({after}); wire: {}", default_effect(direction, old, new)),
    };
    let word = |flag: bool, yes: &str, no: &str| if flag { yes.to_owned() } else { no.to_owned() };
    if old.required != new.required {
        let change = format!(
            "{} → {}{}",
            word(old.required, "required", "optional"),
            word(new.required, "required", "optional"),
            default_with_requiredness(old, new)
        );
        // Still listed in `required`: `readOnly` or `writeOnly` made it optional.
        // Either the keyword changed, or the type's direction did (a required `readOnly`
        // field is required in a type only received).
        let kept = old.only.as_ref().filter(|&only| new.only.as_ref() == Some(only));
        let change = match (old.required_one_way, new.required_one_way, kept) {
            (false, true, Some(only)) => format!("{change} (it is {only}, and its type now travels the other way too)"),
            (true, false, Some(only)) => format!("{change} (it is {only}, and its type now travels only its way)"),
            (false, true, None) => format!("{change} (it is now readOnly or writeOnly, so sent one way only)"),
            (true, false, None) => format!("{change} (it is no longer readOnly or writeOnly)"),
            _ => change,
        };
        out.push(severity, "field-requiredness", &at, format!("{item}: field {} {change}; {effect}", new.name));
    }
    if old.nullable != new.nullable {
        let change = word(new.nullable, "now nullable", "no longer nullable");
        out.push(severity, "field-nullability", &at, format!("{item}: field {} {change}; {effect}", new.name));
    }
    // With `required` changed too, the requiredness change says it.
    if old.default != new.default && old.required == new.required {
        let change = format!("default {} → {}", shown(&old.default), shown(&new.default));
        out.push(severity, "field-default", &at, format!("{item}: field {} {change}; {effect}", new.name));
    }
}

/// The default's change beside a requiredness change: a required field takes no default
/// (the document may still declare one), an optional one may.
fn default_with_requiredness(old: &FieldSurface, new: &FieldSurface) -> String {
    match (&old.default, &new.default) {
        (Some(before), None) => format!(" (its default {before} no longer applies)"),
        (None, Some(after)) => format!(" (with the default {after})"),
        (Some(before), Some(after)) if before != after => format!(" (default {before} → {after})"),
        _ => String::new(),
    }
}

/// What binaries built before do with answers the new document allows and the old
/// one did not: without the field, or with `null` (which an open union, `open_union`,
/// reads as `Unrecognized`).
fn stricter_before(direction: Direction, old: &FieldSurface, new: &FieldSurface, open_union: bool) -> String {
    // A field that is an `Option` reads null and absence as `None` already; one with a
    // default is not an `Option`; any JSON value reads null.
    let optional = old.rust_type().starts_with("Option<");
    // Still listed in `required` and `readOnly`: answers still carry it.
    let answered = new.required_one_way && new.only.as_deref() == Some("readOnly");
    let absent = old.required && !new.required && new.default.is_none() && !optional && !answered;
    let null = !optional && !old.nullable && new.nullable && old.ty != "serde_json::Value";
    let (null, unrecognized) = (null && !open_union, null && open_union && direction.is_decoded());
    let read = if unrecognized { "; wire: binaries built before read null as Unrecognized" } else { "" };
    let allowed = match (absent, null) {
        _ if !direction.is_decoded() => return String::new(),
        (true, _) if unrecognized => "without it (and read null as Unrecognized)",
        (false, false) => return read.to_owned(),
        (true, true) => "without it or with null",
        (true, false) => "without it",
        (false, true) => "with null",
    };
    format!("; wire: binaries built before fail to decode answers {allowed}")
}

/// What binaries built before send of a field now required: nothing, where it was not
/// set.
fn unset_before(direction: Direction, old: &FieldSurface, new: &FieldSurface) -> &'static str {
    let now_needed = !old.required && old.default.is_none() && new.required && new.default.is_none();
    if direction.is_constructed() && now_needed {
        "; wire: binaries built before send requests without it where it was not set, which the server may refuse"
    } else {
        ""
    }
}

/// What a default the field did not have does on the wire (its Rust type changed too).
fn newly_filled(direction: Direction, old: &FieldSurface, new: &FieldSurface) -> String {
    let (None, Some(value)) = (&old.default, &new.default) else { return String::new() };
    let mut effects = Vec::new();
    if direction.is_decoded() {
        effects.push(format!("an answer without it reads as {value}"));
    }
    if direction.is_constructed() {
        effects.push(format!("new(…) fills {value}, sent by every request that does not set it"));
    }
    if effects.is_empty() { String::new() } else { format!("; wire: {}", effects.join("; ")) }
}

/// Whether a field must be in an answer for it to decode: one that is not an `Option`
/// fails to decode where it is absent, unless a default fills it.
fn needed(field: &FieldSurface) -> bool {
    field.required && field.default.is_none() && !field.rust_type().starts_with("Option<")
}

/// Whether binaries built before fail to decode answers the new document allows: without
/// a field they needed, which may now be absent (no longer required, and not a required
/// `readOnly` field, which answers still carry).
fn refuses_absence_before(direction: Direction, old: &FieldSurface, new: &FieldSurface) -> bool {
    let answered = new.required_one_way && new.only.as_deref() == Some("readOnly");
    direction.is_decoded() && needed(old) && !new.required && !answered
}

/// What a change of presence that keeps the Rust type does on the wire (a field
/// required before and now optional with a default: binaries built before still
/// require it).
fn default_effect(direction: Direction, old: &FieldSurface, new: &FieldSurface) -> String {
    let decoded = direction.is_decoded();
    if old.rust_type().starts_with("Option<") {
        return "absent and null both read as None, as before".to_owned();
    }
    if decoded && needed(new) && !needed(old) {
        let was = old.default.as_deref().map(|value| format!(" (read as {value})")).unwrap_or_default();
        return format!(
            "rebuilt binaries fail to decode answers without it; binaries built before read them as before{was}"
        );
    }
    let before = if refuses_absence_before(direction, old, new) {
        "; binaries built before fail to decode answers without it"
    } else {
        ""
    };
    let Some(value) = new.default.as_ref().filter(|_| old.default.is_some() || !before.is_empty()) else {
        return format!("the value may now be absent or null as the document says{before}");
    };
    let mut effects = Vec::new();
    if decoded {
        effects.push(format!("an answer without it now reads as {value}"));
    }
    if direction.is_constructed() {
        effects.push(format!("new(…) now fills {value}, sent by every request that does not set it"));
    }
    format!("{}{before}", effects.join("; "))
}

fn additional(item: &str, old: &Option<String>, new: &Option<String>, out: &mut Out) {
    let at = format!("{item}::additional_properties");
    match (old, new) {
        (None, Some(ty)) => out.compatible(
            "field-added",
            &at,
            format!("{item}: field additional_properties: BTreeMap<String, {ty}> added (other keys are kept)"),
        ),
        (Some(_), None) => out.breaking("field-removed", &at, format!("{item}: field additional_properties removed")),
        (Some(a), Some(b)) if a != b => out.breaking(
            "field-type",
            &at,
            format!("{item}: field additional_properties type BTreeMap<String, {a}> → BTreeMap<String, {b}>"),
        ),
        _ => {}
    }
}

fn values(item: &str, direction: Direction, old: &[EnumValueSurface], new: &[EnumValueSurface], out: &mut Out) {
    // Values whose spelling changed under the same variant (`sold` → `SOLD`).
    let spellings = Spellings::new(old, new, |v| v.wire.as_str(), |v| v.variant.as_str());
    let respellings: Vec<Option<&EnumValueSurface>> = old.iter().map(|value| spellings.respelled(value)).collect();
    for (value, respelling) in old.iter().zip(&respellings) {
        let at = format!("{item}::{}", value.variant);
        if let Some(now) = respelling {
            let mut effects = Vec::new();
            if direction.is_constructed() {
                effects.push(format!("binaries built before send {:?}", value.wire));
            }
            if direction.is_decoded() {
                effects.push(format!("binaries built before decode {:?} as Unrecognized", now.wire));
            }
            out.compatible(
                "enum-value-wire",
                &at,
                format!(
                    "{item}: variant {} is {:?} on the wire (was {:?}); Rust API unchanged; wire: {}",
                    now.variant,
                    now.wire,
                    value.wire,
                    effects.join("; ")
                ),
            );
            continue;
        }
        // A unit variant: any other of the same name fits every use of it.
        let taken = (spellings.named(&value.variant).iter())
            .find(|v| v.wire != value.wire)
            .map(|v| Taker { what: format!("the value {:?}", v.wire), fits: true });
        match spellings.same_wire(value) {
            None => out.breaking(
                "enum-value-removed",
                &at,
                format!(
                    "{item}: variant {} ({:?}) removed{}",
                    value.variant,
                    value.wire,
                    still_compiles(&value.variant, taken)
                ),
            ),
            Some(now) if now.variant != value.variant => {
                out.breaking(
                    "enum-variant-renamed",
                    format!("{item}::{}", now.variant),
                    format!(
                        "{item}: variant {} renamed to {} (value {:?}){}",
                        value.variant,
                        now.variant,
                        value.wire,
                        still_compiles(&value.variant, taken)
                    ),
                );
            }
            Some(_) => {}
        }
    }
    reordered(item, old, new, out);
    let respelled: HashSet<&str> = respellings.iter().flatten().map(|v| v.wire.as_str()).collect();
    let added =
        |v: &&EnumValueSurface| !spellings.old_wires.contains(v.wire.as_str()) && !respelled.contains(v.wire.as_str());
    for value in new.iter().filter(added) {
        let decoding = if direction.is_decoded() { "; binaries built before decode it as Unrecognized" } else { "" };
        out.compatible(
            "enum-value-added",
            format!("{item}::{}", value.variant),
            format!("{item}: variant {} ({:?}) added; the enum is non_exhaustive{decoding}", value.variant, value.wire),
        );
    }
}

/// Values both versions have, in another order: the variants follow the document, and
/// so does the order the enum's derived `Ord` gives them.
fn reordered(item: &str, old: &[EnumValueSurface], new: &[EnumValueSurface], out: &mut Out) {
    let (wires, now) = (old.iter().map(|v| v.wire.as_str()), new.iter().map(|v| v.wire.as_str()));
    if let Some((before, after)) = other_order(wires.collect(), now.collect()) {
        out.compatible(
            "enum-values-reordered",
            item,
            format!(
                "{item}: values in another order ({} → {}); names and wire unchanged; the derived Ord and VALUES follow the document's order, so code sorting these values, keying a BTreeMap by them or listing VALUES sees another order",
                listed(&before),
                listed(&after)
            ),
        );
    }
}

fn members(item: &str, old: &[MemberSurface], new: &[MemberSurface], direction: Direction, out: &mut Out) {
    let sent = direction.is_constructed();
    // Old members whose variant is gone, with the new member their renamed type became.
    let renamed = renamed_members(old, new, &out.renamed);
    let by_variant: HashMap<&str, &MemberSurface> = new.iter().map(|m| (m.variant.as_str(), m)).collect();
    for member in old {
        let at = format!("{item}::{}", member.variant);
        let kept = by_variant.get(member.variant.as_str()).copied();
        // A member's own constraints are checked before a union value is sent.
        let same = kept.is_some_and(|now| out.names.same(&member.ty, &now.ty));
        if let Some(now) = kept.filter(|_| same) {
            constraints(&at, &member.constraints, &now.constraints, sent, out);
        }
        match kept {
            None => {
                let now = renamed.get(member.variant.as_str()).copied();
                member_gone((item, &at), member, now, out)
            }
            Some(now) if !same => {
                let note = out.renamed_note(&member.ty, &now.ty);
                // The old member is still there, under another variant: a new member took
                // its variant's name.
                let moved = new.iter().find(|m| m.ty == member.ty && m.variant != member.variant).map(|m| {
                    format!(
                        "; the {} it held is now variant {}: patterns `{}(..)` still compile and now match {}",
                        member.ty, m.variant, member.variant, now.ty
                    )
                });
                out.breaking(
                    "union-member-type",
                    &at,
                    format!(
                        "{item}: variant {} holds {} (was {}){note}{}",
                        member.variant,
                        now.ty,
                        member.ty,
                        moved.unwrap_or_default()
                    ),
                )
            }
            // Both tagged: a change of the tag alone (when the tag appears or goes, the
            // discriminator change says it).
            Some(now) if now.tags != member.tags && !now.tags.is_empty() && !member.tags.is_empty() => {
                tag_values(item, (&at, direction), old, now, out)
            }
            Some(_) => {}
        }
    }
    let old_variants: BTreeSet<&str> = old.iter().map(|m| m.variant.as_str()).collect();
    let renamed_to: BTreeSet<&str> = renamed.values().map(|now| now.variant.as_str()).collect();
    let added =
        new.iter().filter(|m| !old_variants.contains(m.variant.as_str()) && !renamed_to.contains(m.variant.as_str()));
    for member in added {
        // Without a tag, a value is read as the first member it fits, by the union's order.
        let untagged = if member.tags.is_empty() && direction.is_decoded() {
            "; no tag chooses it: a value that fits it and an older member may now be read as it, and code matching that member no longer sees such values"
        } else {
            ""
        };
        out.compatible(
            "union-member-added",
            format!("{item}::{}", member.variant),
            format!("{item}: variant {}({}) added; the enum is non_exhaustive{untagged}", member.variant, member.ty),
        );
    }
}

/// Values for a message, quoted: the first ten, and how many there are in all.
fn listed(values: &[&str]) -> String {
    quoted(values, ", ", ", ")
}

/// `values` quoted, joined by `joint`: the first ten, then `more` and how many in all.
fn quoted<S: AsRef<str>>(values: &[S], joint: &str, more: &str) -> String {
    let shown: Vec<String> = values.iter().take(10).map(|v| format!("{:?}", v.as_ref())).collect();
    let rest = if values.len() > 10 { format!("{more}… ({} in all)", values.len()) } else { String::new() };
    format!("{}{rest}", shown.join(joint))
}

/// The items both lists have, in each list's order, when those orders differ.
fn other_order<'a>(old: Vec<&'a str>, new: Vec<&'a str>) -> Option<(Vec<&'a str>, Vec<&'a str>)> {
    let (in_old, in_new): (BTreeSet<&str>, BTreeSet<&str>) =
        (old.iter().copied().collect(), new.iter().copied().collect());
    let before: Vec<&str> = old.into_iter().filter(|item| in_new.contains(item)).collect();
    let after: Vec<&str> = new.into_iter().filter(|item| in_old.contains(item)).collect();
    (before != after).then_some((before, after))
}

/// Members of a union without a discriminator in another order: a value that fits several
/// is read as the first that fits, so the order decides which variant it becomes.
fn member_order(item: &str, (old, new): (&[MemberSurface], &[MemberSurface]), direction: Direction, out: &mut Out) {
    if !direction.is_decoded() || new.iter().chain(old).any(|m| !m.tags.is_empty()) {
        return;
    }
    let (variants, now) = (old.iter().map(|m| m.variant.as_str()), new.iter().map(|m| m.variant.as_str()));
    if let Some((before, after)) = other_order(variants.collect(), now.collect()) {
        out.compatible(
            "union-members-reordered",
            item,
            format!(
                "{item}: members in another order ({} → {}); Rust API unchanged; wire: a value that fits several members equally well (the same required keys present, as many keys, or no object) is read as the first of them, so rebuilt binaries may read such a value as another variant than binaries built before",
                listed(&before),
                listed(&after)
            ),
        );
    }
}

/// A member whose variant is gone: renamed with its type (`now`), or removed.
fn member_gone((item, at): (&str, &str), member: &MemberSurface, now: Option<&MemberSurface>, out: &mut Out) {
    let Some(now) = now else {
        return out.breaking("union-member-removed", at, format!("{item}: variant {} removed", member.variant));
    };
    // A discriminator's implicit mapping names schemas: its value may change too.
    let wire = if now.tags == member.tags {
        "nothing changes on the wire".to_owned()
    } else {
        format!("wire: it is chosen by {} (was {})", tags_text(&now.tags), tags_text(&member.tags))
    };
    out.breaking(
        "union-member-renamed",
        at,
        format!(
            "{item}: variant {}({}) is now {}({}), its type renamed; code naming the variant must name the new one; {wire}",
            member.variant, member.ty, now.variant, now.ty
        ),
    )
}

/// The discriminator values that choose a member changed (both versions have some): those
/// no longer listed are no longer read as it; those added are, by the new crate only.
fn tag_values(
    item: &str,
    (at, direction): (&str, Direction),
    members: &[MemberSurface],
    new: &MemberSurface,
    out: &mut Out,
) {
    let Some(old) = members.iter().find(|m| m.variant == new.variant) else { return };
    let dropped: Vec<String> = old.tags.iter().filter(|tag| !new.tags.contains(tag)).cloned().collect();
    let added: Vec<String> = new.tags.iter().filter(|tag| !old.tags.contains(tag)).cloned().collect();
    let mut wire = Vec::new();
    if !added.is_empty() {
        wire.push(format!("values with {} are read as it too", tags_text(&added)));
        if direction.is_decoded() {
            // What chose them before: another member (a value moved), or none: received
            // unions are open, and a value no variant claims is kept as unrecognized.
            for tag in added.iter().take(10) {
                let before = members.iter().find(|m| m.tags.contains(tag)).map_or("Unrecognized", |m| &m.variant);
                wire.push(format!("binaries built before read {tag:?} as {before} (rebuilt ones as {})", old.variant));
            }
        }
    }
    if !dropped.is_empty() {
        wire.push(format!("values with {} are no longer read as it", tags_text(&dropped)));
        // The tag is a field of the member that code sets: what it set is sent as before.
        if direction.is_constructed() {
            wire.push(format!("binaries built before that set {} still send it", tags_text(&dropped)));
        }
    }
    let wire = wire.join("; ");
    out.compatible(
        "union-tag-value",
        at,
        format!(
            "{item}: variant {} is chosen by {} (was {}); Rust API unchanged; wire: {wire}",
            old.variant,
            tags_text(&new.tags),
            tags_text(&old.tags)
        ),
    )
}

/// A member's discriminator values for a message, quoted (a value may hold spaces):
/// `"cat"`, `"cat" or "kitty"` (at most ten, then how many in all), or `none`.
fn tags_text(tags: &[String]) -> String {
    if tags.is_empty() { "none".to_owned() } else { quoted(tags, " or ", " ") }
}

/// A discriminator property for a message: `` `kind` `` or `none`.
fn discriminator_text(property: &Option<String>) -> String {
    property.as_ref().map_or_else(|| "none".to_owned(), |property| format!("`{property}`"))
}

/// A union's conversions: one gone breaks the code that used it, one added breaks nothing.
fn conversions(item: &str, old: &[String], new: &[String], out: &mut Out) {
    for from in old.iter().filter(|from| !new.contains(from)) {
        out.breaking(
            "union-conversion-removed",
            item,
            format!("{item}: From<{from}> removed; passing a {from} where the union is taken no longer compiles"),
        );
    }
    for from in new.iter().filter(|from| !old.contains(from)) {
        out.compatible("union-conversion-added", item, format!("{item}: From<{from}> added"));
    }
}

fn shown(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("none")
}

fn bare(name: &str) -> &str {
    crate::model::names::split_raw(name).1
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::holds_every;

    #[test]
    fn a_narrower_type_is_held_by_the_wider_one() {
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<String>>();
        // `Status` a string enum in both versions, received in the old one; `Secret` a schema.
        let enums = super::super::TypeNames {
            new: set(&["Status", "Pet", "Cat", "Secret"]),
            old: set(&["Status"]),
            new_string_enums: set(&["Status"]),
            old_open_enums: set(&["Status"]),
            old_open_unions: BTreeSet::new(),
            aliases: Default::default(),
        };
        for (old, new) in [
            ("f64", "i32"),
            ("f64", "u64"),
            ("i64", "i32"),
            ("i64", "u32"),
            ("String", "Uuid"),
            ("String", "DateTime<Utc>"),
            ("Secret", "String"),
            ("String", "Status"),
            ("Status", "String"),
            ("serde_json::Value", "Vec<Pet>"),
            ("Option<Vec<f64>>", "Option<Vec<i64>>"),
            ("BTreeMap<String, String>", "BTreeMap<String, NaiveDate>"),
        ] {
            assert!(holds_every(old, new, &enums), "{old} holds {new}");
        }
        for (old, new) in [
            ("i32", "i64"),
            ("u64", "i64"),
            ("i64", "f64"),
            ("Uuid", "String"),
            ("Vec<i32>", "i32"),
            ("Pet", "Cat"),
            ("String", "Secret"),
        ] {
            assert!(!holds_every(old, new, &enums), "{old} does not hold {new}");
        }
    }
}
