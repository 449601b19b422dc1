//! Schemas to named types: the one registry of every type an API module declares.
//!
//! [`Translator::schema`] turns a schema into a [`TypeRef`] (plus nullability and
//! constraints), registering a [`NamedType`] for every object, enum and union it
//! meets. Component schemas are registered first so that their names win over
//! names derived for inline schemas.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::direction::Direction;
use super::names::{Scope, snake_name, type_name};
use crate::diagnostics::{Diagnostics, escape_token};

mod integer;
mod recursion;
pub use integer::Integer;
mod scalars;
pub use scalars::Conversion;
mod tags;

/// A type as used somewhere (field, body, parameter).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`
    String,
    /// A redacting secret string.
    Secret,
    /// `bool`
    Bool,
    /// An integer of the width its `format` gives (`i64` without one).
    Integer(Integer),
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `chrono::DateTime<Utc>`
    DateTime,
    /// `chrono::NaiveDate`
    Date,
    /// `uuid::Uuid`
    Uuid,
    /// `Vec<u8>` (binary bodies)
    Bytes,
    /// Any JSON value.
    Json,
    /// A JSON object with unknown keys.
    JsonObject,
    /// A registered type.
    Named(TypeId),
    /// `Vec<T>`
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
    /// `Box<T>`, to break recursion.
    Boxed(Box<TypeRef>),
    /// `Option<T>` where the value itself may be `null` (array items, map values,
    /// whole bodies); fields say optional/nullable on their own.
    Nullable(Box<TypeRef>),
}

/// The index of a [`NamedType`] in its [`TypeRegistry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A type the API module declares.
#[derive(Debug, Clone)]
pub struct NamedType {
    /// The Rust name.
    pub name: String,
    /// Documentation (`title`, `description`).
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// The JSON pointer of the schema it comes from.
    pub pointer: String,
    /// Which way its values travel (decides the shape users construct it with).
    pub direction: Direction,
    /// For a struct an operation receives: the name of its builder type (unique among types).
    pub builder: Option<String>,
    /// Whether a parameter holds its values (a union of scalars is then sent as text).
    pub parameter: bool,
    /// `deprecated` on the component schema it comes from.
    pub deprecated: bool,
    /// What the document says to use instead (`x-deprecatedMessage`), when deprecated.
    pub deprecation: Option<String>,
}

/// The property whose value chooses a union's variant, and the values choosing each.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property.
    pub property: String,
    /// The values choosing each variant, in variant order: one or more each (a mapping
    /// may give a member two values, listed sorted), the first naming it.
    pub values: Vec<Vec<String>>,
}

impl Discriminator {
    /// A discriminator of one value per variant.
    pub fn single(property: String, values: Vec<String>) -> Self {
        Discriminator { property, values: values.into_iter().map(|value| vec![value]).collect() }
    }

    /// The value naming each variant (the first of its values), in order.
    pub fn names(&self) -> Vec<String> {
        self.values.iter().map(|values| values.first().cloned().unwrap_or_default()).collect()
    }
}

/// What a named type is.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct; `additional` holds the type of extra keys, if allowed and typed.
    Struct {
        /// The declared properties.
        fields: Vec<Field>,
        /// `additionalProperties` with a schema: kept in a flattened map.
        additional: Option<TypeRef>,
        /// The declared constraints of that map (`elements`: each value's).
        additional_constraints: Constraints,
    },
    /// A string enum.
    Enum {
        /// The values.
        variants: Vec<EnumVariant>,
    },
    /// `oneOf`/`anyOf`: with a discriminator, chosen by its property's value;
    /// otherwise the first member that fits.
    Union {
        /// The members, each a variant.
        variants: Vec<(String, TypeRef)>,
        /// What chooses each variant, with a discriminator (or a property every member
        /// pins to a value of its own).
        discriminator: Option<Discriminator>,
        /// Each variant's declared constraints, in order (an inline or aliased scalar
        /// member's `maxLength`, `pattern`, …), checked before a value is sent.
        constraints: Vec<Constraints>,
        /// Each variant's documentation, in order: an inline member's description or title
        /// (a `$ref` member's is on its own type).
        docs: Vec<Option<String>>,
        /// Without a discriminator, each variant's pinned properties, in order: those of an
        /// object member that allow a fixed set of values (a `const`, an `enum`), with the
        /// values; a value holding another one there is tried on other members first.
        pins: Vec<Vec<(String, Vec<Value>)>>,
    },
    /// A type alias (`type Name = …`).
    Alias {
        /// The aliased type. (Its schema's constraints are copied to every use.)
        target: TypeRef,
    },
    /// A newtype (`struct Name(pub …)`, serialized as the inner value): an alias that
    /// contains itself through an array or a map, which `type` cannot express.
    Newtype {
        /// The wrapped type.
        target: TypeRef,
    },
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The wire name.
    pub wire: String,
    /// The Rust name.
    pub name: String,
    /// The type (without the `Option` that `required`/`nullable` add).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// Declared constraints.
    pub constraints: Constraints,
    /// The schema's `default`, if any.
    pub default: Option<Value>,
    /// The schema's `format`, as written (`int32`, `date-time`, `email`, …).
    pub format: Option<String>,
    /// The JSON pointer of the property's schema.
    pub pointer: String,
    /// `deprecated` on the property's own schema.
    pub deprecated: bool,
    /// What the document says to use instead, when it deprecates the property: the
    /// `x-deprecatedMessage` extension (Adyen's), as written.
    pub deprecation: Option<String>,
    /// Listed in `required` but `readOnly` or `writeOnly`, and so optional: its type
    /// travels both ways (or the other way only).
    pub required_one_way: bool,
    /// The one way a `readOnly` (`Response`) or `writeOnly` (`Request`) property travels.
    pub only: Option<Direction>,
}

/// A string enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The wire value.
    pub wire: String,
    /// The Rust variant name.
    pub name: String,
    /// Documentation: the description of the `oneOf` member that lists the value, when a
    /// union of string enums became one enum.
    pub doc: Option<String>,
}

/// Constraints checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `pattern` (only patterns the `regex` crate accepts).
    pub pattern: Option<String>,
    /// `maximum` and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `minimum` and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `multipleOf` of a number (greater than 0: others are not read).
    pub multiple_of: Option<f64>,
    /// The values the `enum` (or 3.1 `const`) of a number lists; empty when it lists none.
    pub listed: Vec<serde_json::Number>,
    /// `uniqueItems: true` of an array.
    pub unique_items: bool,
    /// A float must be finite to be sent (JSON has no NaN or infinity): not declared, so
    /// only [`TypeRegistry::checked`] sets it.
    pub finite: bool,
    /// The constraints of each item of an array, or each value of a map, when it has any.
    pub elements: Option<Box<Constraints>>,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// `elements` as the constraints of each element: `None` when there are none.
    fn with_elements(mut self, elements: Constraints) -> Self {
        self.elements = (!elements.is_empty()).then(|| Box::new(elements));
        self
    }
}

/// Every named type of one API, with unique names.
#[derive(Debug, Clone, Default)]
pub struct TypeRegistry {
    types: Vec<NamedType>,
    names: Scope,
    components: BTreeMap<String, TypeId>,
    /// Types reserved (for their name, and for references to them) but not yet
    /// defined. Empty once translation is done; [`TypeRegistry::undefined`] lets the
    /// model check that before anything is rendered.
    pending: BTreeSet<TypeId>,
    /// Per named type, whether a value of it has something to validate: computed for
    /// all types at the first question, which only the emitter asks, once the model is
    /// complete (asked type by type, each search went through everything the type holds:
    /// quadratic time in a chain of 20,000 structs).
    validating: std::sync::OnceLock<Vec<bool>>,
}

impl TypeRegistry {
    /// A type reference as Rust text as users read it (in diagnostics and API reports),
    /// with the module's types by bare name.
    pub fn type_text(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::String => "String".to_owned(),
            TypeRef::Secret => "Secret".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::Integer(integer) => integer.rust().to_owned(),
            TypeRef::F32 => "f32".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::DateTime => "DateTime<Utc>".to_owned(),
            TypeRef::Date => "NaiveDate".to_owned(),
            TypeRef::Uuid => "Uuid".to_owned(),
            TypeRef::Bytes => "Vec<u8>".to_owned(),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
            TypeRef::Named(id) => self.get(*id).name.clone(),
            TypeRef::Array(inner) => format!("Vec<{}>", self.type_text(inner)),
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", self.type_text(inner)),
            TypeRef::Boxed(inner) => format!("Box<{}>", self.type_text(inner)),
            TypeRef::Nullable(inner) => format!("Option<{}>", self.type_text(inner)),
        }
    }

    /// The type with this id.
    pub fn get(&self, id: TypeId) -> &NamedType {
        &self.types[id.0]
    }

    /// The fields of a struct, to change what the model decides after translation.
    pub(super) fn fields_mut(&mut self, id: TypeId) -> Option<&mut Vec<Field>> {
        match &mut self.types[id.0].kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// All types with their ids, sorted by name.
    pub fn sorted(&self) -> Vec<(TypeId, &NamedType)> {
        let mut all: Vec<_> = self.types.iter().enumerate().map(|(i, t)| (TypeId(i), t)).collect();
        all.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        all
    }

    /// The number of types.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Whether there are no types.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Reserves a unique name derived from `wanted`. Until [`TypeRegistry::set`] defines
    /// it, the type is pending: an alias of `serde_json::Value` that contains nothing.
    fn reserve(&mut self, wanted: &str, pointer: &str) -> TypeId {
        let name = self.names.claim(&super::names::composed_type_name(wanted));
        self.reserve_named(name, pointer)
    }

    /// [`TypeRegistry::reserve`] under `name`, already claimed.
    fn reserve_named(&mut self, name: String, pointer: &str) -> TypeId {
        self.types.push(NamedType {
            name,
            doc: None,
            kind: TypeKind::Alias { target: TypeRef::Json },
            pointer: pointer.to_owned(),
            direction: Direction::Both,
            builder: None,
            parameter: false,
            deprecated: false,
            deprecation: None,
        });
        let id = TypeId(self.types.len() - 1);
        self.pending.insert(id);
        id
    }

    fn set(&mut self, id: TypeId, doc: Option<String>, kind: TypeKind) {
        let ty = &mut self.types[id.0];
        ty.doc = doc;
        ty.kind = kind;
        self.pending.remove(&id);
    }

    /// Marks a type deprecated, with what the document says to use instead.
    fn deprecate(&mut self, id: TypeId, deprecation: Option<String>) {
        let ty = &mut self.types[id.0];
        ty.deprecated = true;
        ty.deprecation = deprecation;
    }

    /// Types that were reserved and never defined (none, unless the translator is wrong).
    pub fn undefined(&self) -> impl Iterator<Item = &NamedType> {
        self.pending.iter().map(|id| self.get(*id))
    }

    /// Claims a type name derived from `wanted` (for types the emitter adds, such as builders).
    pub(super) fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(wanted)
    }

    /// Sets a type's direction, and the name of its builder if it has one.
    pub(super) fn set_direction(&mut self, id: TypeId, direction: Direction, builder: Option<String>, parameter: bool) {
        let ty = &mut self.types[id.0];
        ty.direction = direction;
        ty.builder = builder;
        ty.parameter = parameter;
        // A required `readOnly` property of a type only received (or a `writeOnly` one
        // of a type only sent) is required: it travels the one way the type does.
        if let TypeKind::Struct { fields, .. } = &mut ty.kind {
            for field in fields.iter_mut().filter(|f| f.required_one_way && f.only == Some(direction)) {
                field.required = true;
                field.required_one_way = false;
            }
            // A `readOnly` property's default in a type that is sent would be sent with
            // every request (a field with a default is a plain value): it stays an
            // `Option`, unset unless the caller sets it.
            if direction.sent() {
                for field in fields.iter_mut().filter(|f| f.only == Some(Direction::Response)) {
                    field.default = None;
                }
            }
        }
    }

    /// The type an alias stands for, following aliases of aliases (bounded, so a cycle
    /// of aliases ends at itself); other types are returned as they are.
    pub fn resolve<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        let mut current = ty;
        for _ in 0..64 {
            match current {
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias { target } => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Whether a value of this type has something to validate: a named type it holds
    /// (through arrays, maps and options) has a constrained field or member, or holds one
    /// that has.
    pub fn has_validation(&self, ty: &TypeRef) -> bool {
        let mut held = Vec::new();
        named_in(ty, &mut held);
        let validating = self.validating.get_or_init(|| self.find_validating());
        held.iter().any(|&index| validating[index])
    }

    /// [`TypeRegistry::has_validation`] of every named type: those with a constrained
    /// field or member, then, backwards along what holds what, those holding one.
    fn find_validating(&self) -> Vec<bool> {
        let constrained = |ty: &TypeRef, c: &Constraints| !self.checked(ty, c).is_empty();
        let mut marked = vec![false; self.types.len()];
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); self.types.len()];
        for (index, ty) in self.types.iter().enumerate() {
            let mut held = Vec::new();
            match &ty.kind {
                TypeKind::Struct { fields, additional, additional_constraints } => {
                    let map = |value: &TypeRef| TypeRef::Map(Box::new(value.clone()));
                    // Beside declared fields, no extra key may be one of theirs.
                    marked[index] = fields.iter().any(|f| constrained(&f.ty, &f.constraints))
                        || additional.is_some() && !fields.is_empty()
                        || additional.as_ref().is_some_and(|a| constrained(&map(a), additional_constraints));
                    fields.iter().for_each(|f| named_in(&f.ty, &mut held));
                    additional.iter().for_each(|a| named_in(a, &mut held));
                }
                TypeKind::Union { variants, constraints, .. } => {
                    marked[index] = variants.iter().zip(constraints).any(|((_, t), c)| constrained(t, c));
                    variants.iter().for_each(|(_, t)| named_in(t, &mut held));
                }
                TypeKind::Alias { target } | TypeKind::Newtype { target } => named_in(target, &mut held),
                TypeKind::Enum { .. } => {}
            }
            held.into_iter().for_each(|inner| holders[inner].push(index));
        }
        let mut queue: Vec<usize> = (0..marked.len()).filter(|&index| marked[index]).collect();
        while let Some(index) = queue.pop() {
            for &holder in &holders[index] {
                if !marked[holder] {
                    marked[holder] = true;
                    queue.push(holder);
                }
            }
        }
        marked
    }

    /// The declared constraints that apply to a value of type `ty` as Rust holds it (a
    /// date-time's `maxLength` does not: it is written in one format), those of its
    /// elements too. These are what `apigen diff` compares.
    pub fn applicable(&self, ty: &TypeRef, c: &Constraints) -> Constraints {
        let resolved = self.resolve(ty);
        let elements = |inner: &TypeRef| {
            let elements = c.elements.as_deref().map(|e| self.applicable(unnullable(inner), e));
            elements.filter(|e| !e.is_empty()).map(Box::new)
        };
        match resolved {
            TypeRef::String | TypeRef::Secret => Constraints {
                max_length: c.max_length,
                min_length: c.min_length,
                pattern: c.pattern.clone(),
                ..Constraints::default()
            },
            TypeRef::Integer(_) | TypeRef::F32 | TypeRef::F64 => Constraints {
                maximum: c.maximum,
                minimum: c.minimum,
                multiple_of: c.multiple_of.filter(|&m| !whole_multiples(resolved, m)),
                listed: c.listed.iter().filter(|&n| holds(resolved, n)).cloned().collect(),
                ..Constraints::default()
            },
            TypeRef::Array(inner) => Constraints {
                max_items: c.max_items,
                min_items: c.min_items,
                unique_items: c.unique_items,
                elements: elements(inner),
                ..Constraints::default()
            },
            TypeRef::Map(inner) => Constraints { elements: elements(inner), ..Constraints::default() },
            _ => Constraints::default(),
        }
    }

    /// The constraints of a value of type `ty` that are checked: the applicable ones
    /// ([`TypeRegistry::applicable`]) but a bound its integer type keeps (`minimum: 0` of
    /// a `uint32`, `maximum: 255` of a `uint8`), which checks nothing; and a float's
    /// finiteness, its items' or values' too (where nothing is declared of them).
    pub fn checked(&self, ty: &TypeRef, c: &Constraints) -> Constraints {
        let mut c = self.applicable(ty, c);
        let resolved = self.resolve(ty);
        if let TypeRef::Integer(integer) = resolved {
            let (low, high) = integer.range();
            // A bound beyond every `i128` (an `f64`) is kept by any integer type.
            c.maximum =
                c.maximum.filter(|&(n, open)| exact_integer(n).is_some_and(|n| n < high || (open && n == high)));
            c.minimum = c.minimum.filter(|&(n, open)| exact_integer(n).is_some_and(|n| n > low || (open && n == low)));
        }
        c.finite = matches!(resolved, TypeRef::F32 | TypeRef::F64);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) = resolved {
            let elements = c.elements.take().map(|elements| *elements).unwrap_or_default();
            c = c.with_elements(self.checked(unnullable(inner), &elements));
        }
        c
    }

    /// Whether a value of this type contains a secret.
    pub fn has_secret(&self, ty: &TypeRef) -> bool {
        self.contains(ty, &|ty| matches!(ty, TypeRef::Secret), &|_, _| false, &mut BTreeSet::new())
    }

    /// Whether `ty`, or any type a value of it holds, is a `leaf` or has a field or
    /// union variant whose constraints are `constrained`. Each named type is visited once.
    fn contains(
        &self,
        ty: &TypeRef,
        leaf: &dyn Fn(&TypeRef) -> bool,
        constrained: &dyn Fn(&TypeRef, &Constraints) -> bool,
        seen: &mut BTreeSet<TypeId>,
    ) -> bool {
        if leaf(ty) {
            return true;
        }
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    return false;
                }
                match &self.get(*id).kind {
                    TypeKind::Struct { fields, additional, additional_constraints } => {
                        fields.iter().any(|f| {
                            constrained(&f.ty, &f.constraints) || self.contains(&f.ty, leaf, constrained, seen)
                        }) || additional.as_ref().is_some_and(|a| {
                            constrained(&TypeRef::Map(Box::new(a.clone())), additional_constraints)
                                || self.contains(a, leaf, constrained, seen)
                        })
                    }
                    TypeKind::Union { variants, constraints, .. } => {
                        variants.iter().zip(constraints).any(|((_, t), c)| constrained(t, c))
                            || variants.iter().any(|(_, t)| self.contains(t, leaf, constrained, seen))
                    }
                    TypeKind::Alias { target } | TypeKind::Newtype { target } => {
                        self.contains(target, leaf, constrained, seen)
                    }
                    TypeKind::Enum { .. } => false,
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                self.contains(inner, leaf, constrained, seen)
            }
            _ => false,
        }
    }
}

/// The named types `ty` is or holds through arrays, maps, boxes and options, by index.
fn named_in(ty: &TypeRef, out: &mut Vec<usize>) {
    out.extend(ty.named().map(|id| id.0));
}

impl TypeRef {
    /// The named type it is or holds through arrays, maps, boxes and options (`Pet` for
    /// `Option<Vec<Pet>>`), if any.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                inner.named()
            }
            _ => None,
        }
    }
}

/// What a schema translates to at one place of use.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The type.
    pub ty: TypeRef,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Constraints to check at this place.
    pub constraints: Constraints,
    /// The schema's description, for the place of use.
    pub doc: Option<String>,
    /// The schema's `format`, as written.
    pub format: Option<String>,
}

impl Shape {
    /// A shape of `ty` with nothing else said about it.
    pub fn plain(ty: TypeRef) -> Self {
        Shape { ty, nullable: false, constraints: Constraints::default(), doc: None, format: None }
    }

    /// Takes the type, constraints and nullability of the schema this one refines, and
    /// its docs and format where this one has none.
    fn absorb(&mut self, inner: Shape) {
        self.ty = inner.ty;
        self.nullable |= inner.nullable;
        self.constraints = inner.constraints;
        self.doc = self.doc.take().or(inner.doc);
        self.format = self.format.take().or(inner.format);
    }

    /// The type where the value itself may be `null` (array items, map values, bodies):
    /// `Option<T>` when the schema is nullable.
    pub fn nullable_ty(self) -> TypeRef {
        if self.nullable && !matches!(self.ty, TypeRef::Json) { TypeRef::Nullable(Box::new(self.ty)) } else { self.ty }
    }
}

/// Translates schemas of one document.
pub struct Translator<'a> {
    /// The registry being filled.
    pub registry: TypeRegistry,
    components: &'a BTreeMap<&'a str, &'a ReferenceOr<Schema>>,
    diags: &'a mut Diagnostics,
    /// Inline schemas already given a type, by pointer.
    inline_types: BTreeMap<String, TypeId>,
}

impl<'a> Translator<'a> {
    /// A translator over `components` (the document's component schemas).
    pub fn new(components: &'a BTreeMap<&'a str, &'a ReferenceOr<Schema>>, diags: &'a mut Diagnostics) -> Self {
        let mut registry = TypeRegistry::default();
        // Generated code names these prelude items unqualified; a schema named `Result`
        // or `String` becomes `Result2` / `String2` rather than shadow them. The others are
        // the types outside the document that the API's surface (and so `apigen diff`)
        // writes without their path, as `type_text` does: a schema named `Uuid` becomes
        // `Uuid2`, so that `Uuid` in a type's text is always `uuid::Uuid`.
        let prelude =
            ["Box", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some", "String", "Vec"];
        let unqualified = ["BTreeMap", "DateTime", "NaiveDate", "Secret", "Utc", "Uuid"];
        for name in prelude.into_iter().chain(unqualified).chain(super::names::PRELUDE_DERIVES.iter().copied()) {
            registry.names.claim(name);
        }
        Translator { registry, components, diags, inline_types: BTreeMap::new() }
    }

    /// The type of an inline schema, one per schema: `allOf` merging reaches the same
    /// property schemas again (and, through a `$ref` back to the enclosing component,
    /// again while still defining them), and they are one type, not a new one each time.
    fn define_inline(&mut self, schema: &Schema, hint: &str, pointer: &str) -> TypeId {
        if let Some(id) = self.inline_types.get(pointer) {
            return *id;
        }
        let id = self.registry.reserve(hint, pointer);
        self.inline_types.insert(pointer.to_owned(), id);
        self.define(id, schema, pointer);
        id
    }

    /// Registers a type alias named after `hint` (for inline body maps).
    pub fn alias(&mut self, hint: &str, pointer: &str, target: TypeRef, doc: Option<String>) -> TypeRef {
        let id = self.registry.reserve(hint, pointer);
        self.registry.set(id, doc, TypeKind::Alias { target });
        TypeRef::Named(id)
    }

    /// The registry and the diagnostics at once (for checks that read one and write the other).
    pub fn registry_and_diags(&mut self) -> (&TypeRegistry, &mut Diagnostics) {
        (&self.registry, self.diags)
    }

    /// The registry and the diagnostics, both to change (for whole-registry passes).
    pub fn registry_and_diags_mut(&mut self) -> (&mut TypeRegistry, &mut Diagnostics) {
        (&mut self.registry, self.diags)
    }

    /// Records a diagnostic.
    pub fn diags(&mut self) -> &mut Diagnostics {
        self.diags
    }

    /// Registers every component schema. Objects, enums and unions become types of
    /// their own; other schemas become aliases.
    pub fn register_components(&mut self) {
        for (name, claimed) in self.component_names() {
            let pointer = format!("/components/schemas/{}", escape_token(name));
            let id = self.registry.reserve_named(claimed, &pointer);
            self.registry.components.insert(name.to_string(), id);
        }
        let components = self.components;
        for (&name, &schema) in components {
            let id = self.registry.components[name];
            let pointer = self.registry.get(id).pointer.clone();
            let doc = doc_of(schema);
            // A schema the document deprecates (a property or parameter deprecated in
            // place is deprecated where it stands, not as a type).
            if let ReferenceOr::Item(item) = schema
                && item.schema_data.deprecated
            {
                let deprecation = super::deprecation(true, &item.schema_data.extensions);
                self.registry.deprecate(id, deprecation);
            }
            let narrowed = match schema {
                ReferenceOr::Item(item) => self.narrow(item, &pointer).map(ReferenceOr::Item),
                ReferenceOr::Reference { .. } => None,
            };
            let schema = narrowed.as_ref().unwrap_or(schema);
            match schema {
                ReferenceOr::Item(schema) if self.declares_type(schema) => {
                    self.define(id, schema, &pointer);
                }
                _ => {
                    let shape = self.schema(schema, &type_name(name, "Schema"), &pointer);
                    self.registry.set(id, doc, TypeKind::Alias { target: shape.ty });
                }
            }
        }
    }

    /// Each component schema's type name, in key order. A schema keeps its own name
    /// whenever no reserved name and no schema before it has it; the others get `2`,
    /// `3`, … only after that, so a new schema `Hash` (a reserved name) does not take
    /// `Hash2` from the schema of that name, which a vendor adding `Hash` would otherwise
    /// have renamed to `Hash22` under users' code.
    fn component_names(&mut self) -> Vec<(&'a str, String)> {
        let wanted: Vec<(&'a str, String)> = self
            .components
            .keys()
            .map(|&name| (name, super::names::composed_type_name(&type_name(name, "Schema"))))
            .collect();
        // Free names first, claimed as they come (a second schema of the same name finds
        // it taken); then the others.
        let names = &mut self.registry.names;
        let own: Vec<bool> = wanted
            .iter()
            .map(|(_, type_name)| {
                let free = !names.contains(type_name);
                if free {
                    names.claim(type_name);
                }
                free
            })
            .collect();
        wanted
            .into_iter()
            .zip(own)
            .map(|((name, type_name), own)| (name, if own { type_name } else { self.registry.names.claim(&type_name) }))
            .collect()
    }

    /// Whether a schema becomes a named type of its own (rather than an alias).
    fn declares_type(&self, schema: &Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
            SchemaKind::AllOf { all_of } => all_of.len() > 1,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::Any(any) => !any.properties.is_empty(),
            _ => false,
        }
    }

    /// Fills a reserved type from its schema.
    fn define(&mut self, id: TypeId, schema: &Schema, pointer: &str) {
        let name = self.registry.get(id).name.clone();
        // A title that only repeats the component's key says nothing.
        let key = pointer.rsplit('/').next().unwrap_or_default();
        let doc = schema_doc(schema).filter(|doc| doc != key);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => enum_kind(s.enumeration.iter().flatten().map(|wire| (wire, None))),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } if members.is_empty() => {
                self.diags.warning(
                    pointer,
                    "a oneOf or anyOf without members allows no value; the type falls back to serde_json::Value",
                );
                TypeKind::Alias { target: TypeRef::Json }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union_kind(&name, schema, members, pointer)
            }
            _ => match self.object_parts(schema, pointer) {
                Some(parts) => self.struct_kind(&name, parts),
                None => {
                    self.diags.warning(
                        pointer,
                        "this allOf cannot be merged into one object; the type falls back to serde_json::Value",
                    );
                    TypeKind::Alias { target: TypeRef::Json }
                }
            },
        };
        self.registry.set(id, doc, kind);
    }

    /// A `oneOf`/`anyOf`: one string enum when every member is an inline string enum and no
    /// value is listed twice (each value documented by its member's description, as
    /// schemars writes documented Rust enums); else a union of its members.
    fn union_kind(&mut self, name: &str, schema: &Schema, members: &[ReferenceOr<Schema>], pointer: &str) -> TypeKind {
        if schema.schema_data.discriminator.is_none()
            && let Some(values) = string_enum_members(members)
        {
            return enum_kind(values.into_iter());
        }
        let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
        let discriminator = match &schema.schema_data.discriminator {
            Some(d) => self.discriminator(d, members, pointer),
            None => tags::implicit_tag(members, self.components)
                .map(|(property, values)| Discriminator::single(property, values)),
        };
        let tags = discriminator.as_ref().map(Discriminator::names);
        let (variants, constraints) = self.union_variants(name, members, tags.as_deref(), &format!("{pointer}/{key}"));
        let docs = members.iter().map(doc_of).collect();
        let pins = match discriminator {
            Some(_) => Vec::new(),
            None => members.iter().map(|member| tags::pins(member, self.components)).collect(),
        };
        TypeKind::Union { variants, discriminator, constraints, docs, pins }
    }

    /// A union's variants, a name and a type per member, and their constraints
    /// (`members_pointer` is the pointer of the `oneOf`/`anyOf` list). An inline member without a title is named after its tag
    /// value, when `tags` gives one per member, else after its own (see `tags::member_tags`).
    fn union_variants(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        tags: Option<&[String]>,
        members_pointer: &str,
    ) -> (Vec<(String, TypeRef)>, Vec<Constraints>) {
        let mut scope = Scope::new();
        // Unions a response can carry get a variant of this name for other values.
        scope.claim("Unrecognized");
        let (mut variants, mut constraints) = (Vec::new(), Vec::new());
        let own_tags = if tags.is_none() { tags::member_tags(members, self.components) } else { Vec::new() };
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{members_pointer}/{index}");
            let hint = match member {
                ReferenceOr::Reference { reference } => {
                    type_name(reference.rsplit('/').next().unwrap_or_default(), "Variant")
                }
                ReferenceOr::Item(item) => item
                    .schema_data
                    .title
                    .as_deref()
                    .map(str::to_owned)
                    .or_else(|| tags.and_then(|tags| tags.get(index)).cloned())
                    .or_else(|| own_tags.get(index).cloned().flatten())
                    .map(|t| type_name(&t, "Variant"))
                    .unwrap_or_else(|| member_name(item, index)),
            };
            let shape = self.schema(member, &format!("{name}{hint}"), &member_pointer);
            variants.push((scope.claim(&hint), shape.ty));
            constraints.push(shape.constraints);
        }
        (variants, constraints)
    }

    /// The property and each member's values of a usable discriminator: every member a
    /// `$ref` (or allowing one value of the property), and no value choosing two members
    /// (else a warning: matched by shape).
    fn discriminator(
        &mut self,
        d: &openapiv3::Discriminator,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<Discriminator> {
        let property = d.property_name.as_str();
        // Each mapping value's target, and the component it ends at, found once.
        let targets: Vec<Target<'_>> = d
            .mapping
            .iter()
            .map(|(value, reference)| Target {
                value,
                reference,
                component: reference.rsplit('/').next().unwrap_or_default(),
                end: self.aliased(reference).map(str::to_owned),
            })
            .collect();
        let shared = self.shared_ends(members);
        let values: Option<Vec<Vec<String>>> = members
            .iter()
            .map(|member| {
                let mapped = match member {
                    ReferenceOr::Reference { reference } => self.mapped(&targets, &shared, reference),
                    ReferenceOr::Item(_) => Vec::new(),
                };
                if !mapped.is_empty() {
                    return Some(mapped);
                }
                // Unmapped, a member that allows one value names itself by it (a `Cat`
                // whose `petType` can only be `cat` never carries `Cat`); else a `$ref`
                // by its component's name.
                tags::pinned_value(member, property, self.components)
                    .or_else(|| match member {
                        ReferenceOr::Reference { reference } => component_name(reference).map(str::to_owned),
                        ReferenceOr::Item(_) => None,
                    })
                    .map(|value| vec![value])
            })
            .collect();
        let Some(values) = values else {
            self.diags.warning(
                format!("{pointer}/discriminator"),
                format!(
                    "a discriminator needs every member to be a $ref or to allow one value of `{property}`; the union is matched by shape instead"
                ),
            );
            return None;
        };
        let all: Vec<&String> = values.iter().flatten().collect();
        if all.iter().collect::<BTreeSet<_>>().len() != all.len() {
            self.diags.warning(
                format!("{pointer}/discriminator/mapping"),
                "two members have the same discriminator value; the union is matched by shape instead",
            );
            return None;
        }
        // A mapping value choosing no member (to a schema that is none of them): said,
        // not dropped silently. One to no schema at all is an error of the checks already.
        let all: BTreeSet<&String> = all.into_iter().collect();
        let unused: Vec<(&String, &String)> = targets
            .iter()
            .filter(|target| !all.contains(target.value) && target.end.is_some())
            .map(|target| (target.value, target.reference))
            .collect();
        for (value, target) in unused {
            self.diags.warning(
                format!("{pointer}/discriminator/mapping/{}", escape_token(value)),
                format!("discriminator value `{value}` (to `{target}`) chooses none of the union's members, and a payload with this value is decoded as `Unrecognized`"),
            );
        }
        Some(Discriminator { property: property.to_owned(), values })
    }

    /// The components that two members or more end at (through aliases).
    fn shared_ends(&self, members: &[ReferenceOr<Schema>]) -> BTreeSet<String> {
        let mut ends: BTreeMap<&str, usize> = BTreeMap::new();
        for member in members {
            if let ReferenceOr::Reference { reference } = member
                && let Some(end) = self.aliased(reference)
            {
                *ends.entry(end).or_default() += 1;
            }
        }
        ends.into_iter().filter(|(_, n)| *n > 1).map(|(end, _)| end.to_owned()).collect()
    }

    /// The mapping values of a discriminator that choose the member `reference`, sorted
    /// (as the mapping is read): those naming it by the reference itself or its component's name;
    /// if none does, those naming the component both end at through components that are
    /// `$ref`s to others (what bundling an index file makes: the member and its mapping
    /// value may reach one schema by two paths). Values naming the member itself win:
    /// two members may be aliases of one schema.
    fn mapped(&self, targets: &[Target<'_>], shared: &BTreeSet<String>, reference: &str) -> Vec<String> {
        let component = reference.rsplit('/').next().unwrap_or_default();
        let values = |chosen: &dyn Fn(&Target<'_>) -> bool| -> Vec<String> {
            targets.iter().filter(|target| chosen(target)).map(|target| target.value.clone()).collect()
        };
        let direct = values(&|target| target.reference == reference || target.component == component);
        match self.aliased(reference) {
            // Not through a component other members end at too: which one is meant is unknown.
            Some(end) if direct.is_empty() && !shared.contains(end) => {
                values(&|target| target.end.as_deref() == Some(end))
            }
            _ => direct,
        }
    }

    /// The component schema a reference (or a mapping's bare schema name) ends at,
    /// following components that are `$ref`s to other components.
    fn aliased<'r>(&'r self, reference: &'r str) -> Option<&'r str> {
        let mut name = if reference.contains('/') { component_name(reference)? } else { reference };
        for _ in 0..=self.components.len() {
            match self.components.get(name)? {
                ReferenceOr::Reference { reference } => name = component_name(reference)?,
                ReferenceOr::Item(_) => return Some(name),
            }
        }
        None
    }

    /// Collects the properties of an object schema, merging `allOf` members.
    fn object_parts(&mut self, schema: &Schema, pointer: &str) -> Option<ObjectParts> {
        let mut parts = ObjectParts::default();
        self.collect_object(schema, pointer, &mut parts, 0)?;
        Some(parts)
    }

    fn collect_object(&mut self, schema: &Schema, pointer: &str, parts: &mut ObjectParts, depth: usize) -> Option<()> {
        if depth > 32 {
            return None;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (key, property) in &object.properties {
                    let property_pointer = format!("{pointer}/properties/{}", escape_token(key));
                    parts.properties.insert(key.clone(), (property.clone().unbox(), property_pointer));
                }
                parts.required.extend(object.required.iter().cloned());
                parts.read_additional(object.additional_properties.as_ref(), pointer);
                Some(())
            }
            SchemaKind::Any(any) => {
                for (key, property) in &any.properties {
                    let property_pointer = format!("{pointer}/properties/{}", escape_token(key));
                    parts.properties.insert(key.clone(), (property.clone().unbox(), property_pointer));
                }
                parts.required.extend(any.required.iter().cloned());
                if !any.all_of.is_empty() {
                    for (index, member) in any.all_of.iter().enumerate() {
                        let member_pointer = format!("{pointer}/allOf/{index}");
                        self.collect_member(member, &member_pointer, parts, depth)?;
                    }
                }
                // Beside `allOf`, the schema's own other keys (after its members': its own).
                parts.read_additional(any.additional_properties.as_ref(), pointer);
                Some(())
            }
            SchemaKind::AllOf { all_of } => {
                for (index, member) in all_of.iter().enumerate() {
                    let member_pointer = format!("{pointer}/allOf/{index}");
                    self.collect_member(member, &member_pointer, parts, depth)?;
                }
                Some(())
            }
            _ => None,
        }
    }

    fn collect_member(
        &mut self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        parts: &mut ObjectParts,
        depth: usize,
    ) -> Option<()> {
        match member {
            ReferenceOr::Item(schema) => self.collect_object(schema, pointer, parts, depth + 1),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference)?;
                let schema = self.components.get(name)?;
                if !parts.merged.insert(name.to_owned()) {
                    return Some(());
                }
                let target_pointer = format!("/components/schemas/{}", escape_token(name));
                match schema {
                    ReferenceOr::Item(schema) => self.collect_object(schema, &target_pointer, parts, depth + 1),
                    ReferenceOr::Reference { .. } => self.collect_member(schema, &target_pointer, parts, depth + 1),
                }
            }
        }
    }

    fn struct_kind(&mut self, name: &str, parts: ObjectParts) -> TypeKind {
        let mut scope = Scope::new();
        // Builders of response structs have a setter per field and a `build` method.
        scope.claim("build");
        if parts.additional.is_some() && !parts.closed {
            // The emitter names the flattened map of extra properties so.
            scope.claim("additional_properties");
        }
        let mut fields = Vec::new();
        // Properties are sorted by wire name (BTreeMap): the output does not depend
        // on the key order of the document.
        for (wire, (property, property_pointer)) in &parts.properties {
            let hint = format!("{name}{}", type_name(wire, "Field"));
            let shape = self.schema(property, &hint, property_pointer);
            let (default, one_way, only, deprecated, deprecation) = match property {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    let only = match (data.read_only, data.write_only) {
                        (true, false) => Some(Direction::Response),
                        (false, true) => Some(Direction::Request),
                        _ => None,
                    };
                    let deprecation = super::deprecation(data.deprecated, &data.extensions);
                    (data.default.clone(), data.read_only || data.write_only, only, data.deprecated, deprecation)
                }
                ReferenceOr::Reference { .. } => (None, false, None, false, None),
            };
            // An integer default its type cannot hold is no default. An inline integer's
            // was warned about where it was read; one beside a reference is warned here.
            let integer = self.integer_of(property);
            if let (Some(integer), ReferenceOr::Item(schema)) = (integer, property)
                && integer_type(schema).is_none()
            {
                self.check_integer_values(integer, default.as_ref(), &[], property_pointer);
            }
            let default = default.filter(|value| integer.is_none_or(|integer| integer.holds_value(value)));
            // A required or nullable field takes no default (see `model::defaults`).
            let used = !parts.required.contains(wire) && !shape.nullable;
            let default = default.filter(|value| !used || self.default_in_values(property, value, property_pointer));
            fields.push(Field {
                default,
                wire: wire.clone(),
                name: scope.claim(&snake_name(wire, "field")),
                ty: shape.ty,
                // A required `readOnly` property is never sent and a required `writeOnly` one
                // never received: optional, unless its type travels only its way (decided
                // when directions are, `set_direction`).
                required: parts.required.contains(wire) && !one_way,
                required_one_way: parts.required.contains(wire) && one_way,
                only,
                nullable: shape.nullable,
                doc: shape.doc,
                constraints: shape.constraints,
                format: shape.format,
                pointer: property_pointer.clone(),
                deprecated,
                deprecation,
            });
        }
        let (additional, additional_constraints) = match parts.additional {
            Some((schema, pointer)) if !parts.closed => {
                let value = self.schema(&schema, &format!("{name}Value"), &pointer);
                let constraints = Constraints::default().with_elements(value.constraints.clone());
                (Some(value.nullable_ty()), constraints)
            }
            _ => (None, Constraints::default()),
        };
        TypeKind::Struct { fields, additional, additional_constraints }
    }

    /// Translates a schema at one place of use. `hint` names any type it must create.
    pub fn schema(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline(schema, hint, pointer),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> Shape {
        let Some(name) = component_name(reference) else {
            // `normalize` moves every schema a local `$ref` names into `components`: one
            // left names nothing there.
            let message = match reference.strip_prefix('#') {
                Some(pointer) if pointer.starts_with('/') => {
                    format!("unresolved $ref `{reference}`: it names no schema")
                }
                Some("") => format!("unresolved $ref `{reference}`: it names the whole document, which is no schema"),
                Some(anchor) => format!("unresolved $ref `{reference}`: no schema has `$anchor: {anchor}`"),
                None => format!(
                    "unsupported $ref `{reference}`: it names no `$id` of the document, and references are followed within the document (and to files beside it) only"
                ),
            };
            self.diags.error(format!("{pointer}/$ref"), message);
            return Shape::plain(TypeRef::Json);
        };
        let Some(id) = self.registry.components.get(name).copied() else {
            self.diags.error(format!("{pointer}/$ref"), format!("unresolved $ref `{reference}`: no such schema"));
            return Shape::plain(TypeRef::Json);
        };
        let mut shape = Shape::plain(TypeRef::Named(id));
        shape.nullable = self.component_allows_null(name, true);
        // The target's `format` is the use's too (through aliases of aliases): a field
        // moving between an inline `date-time` and a `$ref` to a `date-time` schema keeps
        // its format.
        shape.format = self.component_format(name, 0);
        // An alias's constraints hold wherever it is used. They are read from the
        // component itself, which may not be translated yet (components go in key order).
        shape.constraints = self.component_constraints(name, 0);
        shape
    }

    fn inline(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Shape {
        if self.unknown_type(schema, pointer) {
            return Shape::plain(TypeRef::Json);
        }
        if let Some(narrowed) = self.narrow(schema, pointer) {
            return self.inline(&narrowed, hint, pointer);
        }
        let mut shape = Shape {
            ty: TypeRef::Json,
            nullable: schema.schema_data.nullable,
            constraints: Constraints::default(),
            doc: schema_doc(schema),
            format: format_of(&schema.schema_kind),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => return self.string_shape(schema, s, shape, hint, pointer),
            SchemaKind::Type(Type::Integer(i)) => {
                let integer = Integer::from_format(shape.format.as_deref());
                shape.ty = TypeRef::Integer(integer);
                let values: Vec<Value> = i.enumeration.iter().flatten().map(|&n| Value::from(n)).collect();
                self.check_integer_values(integer, schema.schema_data.default.as_ref(), &values, pointer);
                shape.constraints = constraints_of(schema);
            }
            // An integer with a bound openapiv3 reads only as a float: beyond `i64`
            // (`maximum: 18446744073709551615` of a `uint64`) or written `1e3`.
            SchemaKind::Any(any) if any.typ.as_deref() == Some("integer") => {
                let integer = wide_integer(any);
                shape.ty = TypeRef::Integer(integer);
                self.check_integer_values(integer, schema.schema_data.default.as_ref(), &any.enumeration, pointer);
                shape.constraints = constraints_of(schema);
            }
            SchemaKind::Type(Type::Number(n)) => {
                shape.ty = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                };
                shape.constraints = constraints_of(schema);
                self.check_float_values(&shape, pointer);
            }
            SchemaKind::Type(Type::Boolean(_)) => shape.ty = TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array_shape(a, &mut shape, hint, pointer),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                let (ty, elements) = self.map_type(object, hint, pointer);
                shape.ty = ty;
                shape.constraints = std::mem::take(&mut shape.constraints).with_elements(elements);
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                shape.absorb(self.schema(&all_of[0], hint, &format!("{pointer}/allOf/0")));
            }
            SchemaKind::Not { not } => self.not_warning(not, pointer),
            SchemaKind::Any(any) if refines_one_reference(any) => {
                // `$ref` with annotations beside it (3.1), normalized to a one-member
                // `allOf`: the referenced type, with the siblings' docs and constraints.
                shape.absorb(self.schema(&any.all_of[0], hint, &format!("{pointer}/allOf/0")));
                shape.constraints = refined_constraints(std::mem::take(&mut shape.constraints), any);
                // A number's values are checked (`refined_constraints`); others are not.
                let number =
                    matches!(self.registry.resolve(&shape.ty), TypeRef::Integer(_) | TypeRef::F32 | TypeRef::F64);
                let checked = number && any.enumeration.iter().all(Value::is_number);
                if !any.enumeration.is_empty() && !checked {
                    let message =
                        "`enum` beside a `$ref` is not checked: the value is read as the type the `$ref` names";
                    self.diags.warning(format!("{pointer}/enum"), message);
                }
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                // No type keyword: anything goes. Arrays and strings spelled without
                // `type` are read by their keywords.
                if let Some(items) = &any.items {
                    let item = self.schema(&items.clone().unbox(), &format!("{hint}Item"), &format!("{pointer}/items"));
                    shape.ty = TypeRef::Array(Box::new(item.ty));
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                shape.nullable |= members.iter().any(|member| self.allows_null(member, false));
                shape.ty = TypeRef::Named(self.define_inline(schema, hint, pointer));
            }
            _ => shape.ty = TypeRef::Named(self.define_inline(schema, hint, pointer)),
        }
        shape
    }

    /// Whether the component `name` allows `null`: through components that are `$ref`s
    /// themselves (an alias of a nullable schema allows it as that schema does), and, with
    /// `members`, a `oneOf`/`anyOf` one of whose members does (one level: normalize marks
    /// a union whose inline member allows `null`).
    fn component_allows_null(&self, name: &str, members: bool) -> bool {
        let Some(ReferenceOr::Item(target)) = self.aliased(name).and_then(|end| self.components.get(end)) else {
            return false;
        };
        let union = match &target.schema_kind {
            SchemaKind::OneOf { one_of: m } | SchemaKind::AnyOf { any_of: m } if members => m.as_slice(),
            _ => &[],
        };
        target.schema_data.nullable || union.iter().any(|member| self.allows_null(member, false))
    }

    /// Whether a schema allows `null` (see [`Translator::component_allows_null`]).
    fn allows_null(&self, schema: &ReferenceOr<Schema>, members: bool) -> bool {
        match schema {
            ReferenceOr::Item(schema) => schema.schema_data.nullable,
            ReferenceOr::Reference { reference } => {
                component_name(reference).is_some_and(|name| self.component_allows_null(name, members))
            }
        }
    }

    /// Warns about `enum` values an `f32` cannot hold (they are not checked).
    fn check_float_values(&mut self, shape: &Shape, pointer: &str) {
        let unheld: Vec<String> =
            shape.constraints.listed.iter().filter(|n| !holds(&shape.ty, n)).map(ToString::to_string).collect();
        if !unheld.is_empty() {
            let message = format!(
                "`enum` value(s) {} are beyond what an `f32` holds (infinite, or 0): they are not checked",
                unheld.join(", ")
            );
            self.diags.warning(format!("{pointer}/enum"), message);
        }
    }

    /// Warns about a `default` or `enum` values an integer's type cannot hold: such a
    /// default is dropped (see [`Translator::integer_of`]), such values are never seen.
    fn check_integer_values(&mut self, integer: Integer, default: Option<&Value>, values: &[Value], pointer: &str) {
        let rust = integer.rust();
        if let Some(default) = default.filter(|d| !integer.holds_value(d)) {
            let message =
                format!("`default` {default} is not a `{rust}` (the integer's type, from its format) and is ignored");
            self.diags.warning(format!("{pointer}/default"), message);
        }
        let outside: Vec<String> = values.iter().filter(|v| !integer.holds_value(v)).map(Value::to_string).collect();
        if !outside.is_empty() {
            let message = format!(
                "`enum` value(s) {} are not a `{rust}` (the integer's type, from its format): no value of the type is one",
                outside.join(", ")
            );
            self.diags.warning(format!("{pointer}/enum"), message);
        }
    }

    /// Whether `default` is one of the `enum` values a number or boolean schema lists (or
    /// the schema lists none); warns when it is not: such a default is no default. (A
    /// string enum is a type of its own, whose values `model::defaults` checks.)
    fn default_in_values(&mut self, schema: &ReferenceOr<Schema>, default: &Value, pointer: &str) -> bool {
        let Some(values) = self.scalar_values_of(schema) else { return true };
        // `2.0` is the integer 2; integers are compared exactly (not through `f64`).
        let float = |value: &Value| value.as_f64().filter(|_| value.is_f64());
        let same = |value: &Value| {
            value == default || float(value).or(float(default)).is_some_and(|_| value.as_f64() == default.as_f64())
        };
        if values.iter().any(same) {
            return true;
        }
        let listed: Vec<String> = values.iter().map(Value::to_string).collect();
        let message = format!(
            "`default` {default} is not one of the `enum` values ({}): it is not used, and the field stays an `Option`",
            listed.join(", ")
        );
        self.diags.warning(format!("{pointer}/default"), message);
        false
    }

    /// The `enum` values of an integer, number or boolean schema, through references and
    /// a one-member `allOf`, when it lists any.
    fn scalar_values_of(&self, schema: &ReferenceOr<Schema>) -> Option<Vec<Value>> {
        fn listed<T: Clone + Into<Value>>(values: &[Option<T>]) -> Option<Vec<Value>> {
            let values: Vec<Value> = values.iter().flatten().cloned().map(Into::into).collect();
            (!values.is_empty()).then_some(values)
        }
        self.through_aliases(schema, |schema| match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => Some(listed(&integer.enumeration)),
            SchemaKind::Type(Type::Number(number)) => Some(listed(&number.enumeration)),
            SchemaKind::Type(Type::Boolean(boolean)) => Some(listed(&boolean.enumeration)),
            _ => None,
        })
        .flatten()
    }

    /// The integer type of a schema, through references and a one-member `allOf`, if it
    /// is an integer.
    fn integer_of(&self, schema: &ReferenceOr<Schema>) -> Option<Integer> {
        self.through_aliases(schema, integer_type)
    }

    /// What `found` gives for the first schema, of `schema` and those it stands for
    /// (through references, a one-member `allOf`, a `$ref` with annotations beside it),
    /// that it gives something for.
    fn through_aliases<'s, T>(
        &'s self,
        schema: &'s ReferenceOr<Schema>,
        found: impl Fn(&'s Schema) -> Option<T>,
    ) -> Option<T> {
        follow_aliases(|name| self.components.get(name).copied(), schema, found)
    }

    /// The constraints an alias component (or a schema inside one) declares, and those of
    /// its array items or map values, through references to other aliases.
    fn alias_constraints(&self, schema: &Schema, depth: usize) -> Constraints {
        // A bound on the chain: references may cycle.
        if depth > 16 {
            return constraints_of(schema);
        }
        let referenced = |reference: &str| {
            component_name(reference).map(|name| self.component_constraints(name, depth + 1)).unwrap_or_default()
        };
        let member = |member: &ReferenceOr<Schema>| match member {
            ReferenceOr::Item(item) => self.alias_constraints(item, depth + 1),
            ReferenceOr::Reference { reference } => referenced(reference),
        };
        let elements = match &schema.schema_kind {
            // An alias of an alias (`allOf` of one, or a 3.1 `$ref` with constraints beside it).
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => return member(&all_of[0]),
            SchemaKind::Any(any) if refines_one_reference(any) => {
                return refined_constraints(member(&any.all_of[0]), any);
            }
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(ReferenceOr::Item(item)) => self.alias_constraints(item, depth + 1),
                Some(ReferenceOr::Reference { reference }) => referenced(reference),
                None => Constraints::default(),
            },
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => match &o.additional_properties {
                Some(AdditionalProperties::Schema(value)) => member(value),
                _ => Constraints::default(),
            },
            _ => Constraints::default(),
        };
        constraints_of(schema).with_elements(elements)
    }

    /// The `format` of component `name`, followed through `$ref`s and `allOf`s of one
    /// (aliases of aliases), up to a bound: references may cycle.
    fn component_format(&self, name: &str, depth: usize) -> Option<String> {
        fn only(members: &[ReferenceOr<Schema>]) -> Result<Option<&str>, Option<String>> {
            match &members[0] {
                ReferenceOr::Reference { reference } => Ok(component_name(reference)),
                ReferenceOr::Item(item) => Err(format_of(&item.schema_kind)),
            }
        }
        let next = match self.components.get(name)? {
            _ if depth > 16 => return None,
            ReferenceOr::Reference { reference } => Ok(component_name(reference)),
            ReferenceOr::Item(target) => match &target.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => only(all_of),
                SchemaKind::Any(any) if refines_one_reference(any) => only(&any.all_of),
                kind => Err(format_of(kind)),
            },
        };
        match next {
            Ok(next) => self.component_format(next?, depth + 1),
            Err(format) => format,
        }
    }

    /// The constraints of the component `name` where it is an alias (a type of its own
    /// has its own checks), through components that are only a `$ref`.
    fn component_constraints(&self, name: &str, depth: usize) -> Constraints {
        match self.components.get(name) {
            _ if depth > 16 => Constraints::default(),
            Some(ReferenceOr::Item(target)) if !self.declares_type(target) => self.alias_constraints(target, depth),
            Some(ReferenceOr::Reference { reference }) => {
                component_name(reference).map(|next| self.component_constraints(next, depth + 1)).unwrap_or_default()
            }
            _ => Constraints::default(),
        }
    }

    /// Whether the schema's `type` is none of OpenAPI's (an error is reported).
    fn unknown_type(&mut self, schema: &Schema, pointer: &str) -> bool {
        const TYPES: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];
        let SchemaKind::Any(any) = &schema.schema_kind else { return false };
        let Some(typ) = any.typ.as_deref().filter(|t| !TYPES.contains(t)) else { return false };
        self.diags
            .error(format!("{pointer}/type"), format!("unknown type `{typ}`; expected one of {}", TYPES.join(", ")));
        true
    }

    /// A string: its constraints and the type its `format` (or `x-secret`) gives; an
    /// inline enum of strings becomes a named type.
    fn string_shape(
        &mut self,
        schema: &Schema,
        s: &openapiv3::StringType,
        mut shape: Shape,
        hint: &str,
        pointer: &str,
    ) -> Shape {
        shape.constraints.max_length = s.max_length.map(|n| n as u64);
        shape.constraints.min_length = s.min_length.map(|n| n as u64);
        if let Some(pattern) = &s.pattern {
            if regex_accepts(pattern) {
                shape.constraints.pattern = Some(pattern.clone());
            } else {
                self.diags.warning(
                    format!("{pointer}/pattern"),
                    "this pattern is not supported by the `regex` crate; it is not checked client-side",
                );
            }
        }
        if s.enumeration.iter().any(Option::is_some) {
            shape.nullable |= s.enumeration.iter().any(Option::is_none);
            shape.ty = TypeRef::Named(self.define_inline(schema, hint, pointer));
            shape.constraints = Constraints::default();
            return shape;
        }
        let secret = schema.schema_data.extensions.get("x-secret").and_then(Value::as_bool).unwrap_or(false);
        shape.ty = match &s.format {
            _ if secret => TypeRef::Secret,
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
            // Within JSON, bytes can only be a string (pydantic writes `format: binary` for a
            // `bytes` field): read and sent as the string it is. A body of bytes is read as
            // bytes by its media type, not by this.
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
            _ => TypeRef::String,
        };
        shape
    }

    /// An array: its item type and item-count constraints.
    fn array_shape(&mut self, a: &openapiv3::ArrayType, shape: &mut Shape, hint: &str, pointer: &str) {
        let (item, elements) = match &a.items {
            Some(items) => {
                let item = self.schema(&items.clone().unbox(), &format!("{hint}Item"), &format!("{pointer}/items"));
                let elements = item.constraints.clone();
                (item.nullable_ty(), elements)
            }
            None => (TypeRef::Json, Constraints::default()),
        };
        shape.ty = TypeRef::Array(Box::new(item));
        shape.constraints.max_items = a.max_items.map(|n| n as u64);
        shape.constraints.min_items = a.min_items.map(|n| n as u64);
        shape.constraints.unique_items = a.unique_items;
        shape.constraints = std::mem::take(&mut shape.constraints).with_elements(elements);
    }

    /// An object without properties: a map of its `additionalProperties` (and the
    /// constraints of each value), or any object.
    fn map_type(&mut self, object: &openapiv3::ObjectType, hint: &str, pointer: &str) -> (TypeRef, Constraints) {
        match &object.additional_properties {
            Some(AdditionalProperties::Schema(value)) => {
                let value = self.schema(value, &format!("{hint}Value"), &format!("{pointer}/additionalProperties"));
                let elements = value.constraints.clone();
                (TypeRef::Map(Box::new(value.nullable_ty())), elements)
            }
            _ => (TypeRef::JsonObject, Constraints::default()),
        }
    }

    /// `not` is not supported: the type stays `serde_json::Value`, with a warning.
    fn not_warning(&mut self, not: &ReferenceOr<Schema>, pointer: &str) {
        let message = if matches!(not, ReferenceOr::Item(s) if is_empty_schema(s)) {
            "this schema (`false`, or `not: {}`) allows no value; the type falls back to serde_json::Value"
        } else {
            "`not` schemas are not supported; the type falls back to serde_json::Value"
        };
        self.diags.warning(pointer, message);
    }

    /// A schema with a `type` that the parser could not read as that type, because
    /// it carries keywords of another type (Forte writes `maximum` on strings), is
    /// read again without them; each dropped keyword gets a warning.
    fn narrow(&mut self, schema: &Schema, pointer: &str) -> Option<Schema> {
        let SchemaKind::Any(any) = &schema.schema_kind else { return None };
        let typ = any.typ.as_deref()?;
        if !any.one_of.is_empty() || !any.all_of.is_empty() || !any.any_of.is_empty() {
            return None;
        }
        let allowed: &[&str] = match typ {
            "string" => &["format", "pattern", "enum", "minLength", "maxLength"],
            "integer" | "number" => {
                &["format", "multipleOf", "exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum", "enum"]
            }
            "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
            "array" => &["items", "minItems", "maxItems", "uniqueItems"],
            "boolean" => &["enum"],
            _ => return None,
        };
        const TYPE_KEYWORDS: &[&str] = &[
            "format",
            "pattern",
            "enum",
            "minLength",
            "maxLength",
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minimum",
            "maximum",
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
        ];
        let Ok(Value::Object(mut value)) = serde_json::to_value(schema) else { return None };
        // `not` beside a `type` narrows what that type allows: read as the type, unchecked.
        let dropped: Vec<String> = value
            .keys()
            .filter(|k| (TYPE_KEYWORDS.contains(&k.as_str()) && !allowed.contains(&k.as_str())) || *k == "not")
            .cloned()
            .collect();
        for key in &dropped {
            value.remove(key);
            let hint = if typ == "string" && matches!(key.as_str(), "minimum" | "maximum") {
                "; if a length is meant, correct it to minLength/maxLength in an overlay"
            } else {
                ""
            };
            // JSON Schema applies `enum` to any type: this model holds it for scalars only.
            let message = match key.as_str() {
                "enum" => format!("`enum` on type `{typ}` is not checked: it is ignored"),
                "not" => format!(
                    "`not` is not checked: the value is read as a `{typ}`, and what `not` excludes is not refused"
                ),
                _ => format!("`{key}` does not apply to type `{typ}` and is ignored{hint}"),
            };
            self.diags.warning(format!("{pointer}/{key}"), message);
        }
        serde_json::from_value::<Schema>(Value::Object(value))
            .ok()
            .filter(|narrowed| !matches!(narrowed.schema_kind, SchemaKind::Any(_)))
    }
}

/// The type of an integer whose bounds openapiv3 reads only as floats: its format's, or
/// `u64` for bounds only `u64` holds without a format (`minimum: 0` and a `maximum` above
/// `i64::MAX`: an `i64` could not read the values above it that the schema allows).
fn wide_integer(any: &openapiv3::AnySchema) -> Integer {
    let unsigned = any.minimum.is_some_and(|m| m >= 0.0) && any.maximum.is_some_and(|m| m > i64::MAX as f64);
    match any.format.as_deref() {
        None if unsigned => Integer::U64,
        format => Integer::from_format(format),
    }
}

/// A discriminator's mapping entry: its value, the reference (or schema name) it maps
/// to, that reference's last segment, and the component it ends at through aliases.
struct Target<'a> {
    value: &'a String,
    reference: &'a String,
    component: &'a str,
    end: Option<String>,
}

#[derive(Debug, Default)]
struct ObjectParts {
    properties: BTreeMap<String, (ReferenceOr<Schema>, String)>,
    required: BTreeSet<String>,
    additional: Option<(ReferenceOr<Schema>, String)>,
    closed: bool,
    /// Components merged already: merging one again adds nothing, and `allOf: [$ref A,
    /// $ref A]` on every level would otherwise cost time exponential in the depth.
    merged: BTreeSet<String>,
}

impl ObjectParts {
    /// The `additionalProperties` of a schema merged in (at `pointer`): a schema types the
    /// other keys (the last one read wins); `true` keeps them as any JSON values, as `{}`
    /// does, where nothing typed them yet (pydantic writes it for `extra="allow"`; they
    /// were dropped on the way in and could not be sent); `false` closes the object.
    fn read_additional(&mut self, additional: Option<&AdditionalProperties>, pointer: &str) {
        let at = || format!("{pointer}/additionalProperties");
        match additional {
            Some(AdditionalProperties::Schema(extra)) => self.additional = Some(((**extra).clone(), at())),
            Some(AdditionalProperties::Any(true)) if self.additional.is_none() => {
                let any = Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) };
                self.additional = Some((ReferenceOr::Item(any), at()));
            }
            Some(AdditionalProperties::Any(false)) => self.closed = true,
            _ => {}
        }
    }
}

/// The constraints a primitive or array schema declares (patterns only when the
/// `regex` crate accepts them, as client-side checks use it).
fn constraints_of(schema: &Schema) -> Constraints {
    let pattern = |p: &Option<String>| p.clone().filter(|p| regex_accepts(p));
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.max_length = s.max_length.map(|n| n as u64);
            c.min_length = s.min_length.map(|n| n as u64);
            c.pattern = pattern(&s.pattern);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
            c.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
            c.multiple_of = positive(i.multiple_of.map(|m| m as f64));
            c.listed = i.enumeration.iter().flatten().map(|&n| n.into()).collect();
        }
        // An integer with a bound openapiv3 reads only as a float: beyond `i64` or `1e3`.
        SchemaKind::Any(any) if any.typ.as_deref() == Some("integer") => {
            c.maximum = any.maximum.map(|m| (m, any.exclusive_maximum.unwrap_or(false)));
            c.minimum = any.minimum.map(|m| (m, any.exclusive_minimum.unwrap_or(false)));
            c.multiple_of = positive(any.multiple_of);
            c.listed = any.enumeration.iter().filter_map(|n| n.as_number().cloned()).collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
            c.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            c.multiple_of = positive(n.multiple_of);
            c.listed = n.enumeration.iter().flatten().filter_map(|&n| serde_json::Number::from_f64(n)).collect();
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.max_items = a.max_items.map(|n| n as u64);
            c.min_items = a.min_items.map(|n| n as u64);
            c.unique_items = a.unique_items;
        }
        SchemaKind::Any(any) if any.typ.as_deref() == Some("string") => {
            c.max_length = any.max_length.map(|n| n as u64);
            c.min_length = any.min_length.map(|n| n as u64);
            c.pattern = pattern(&any.pattern);
        }
        _ => {}
    }
    c
}

/// A `multipleOf` that means something: greater than 0 (`check::bounds` warns of others).
fn positive(multiple_of: Option<f64>) -> Option<f64> {
    multiple_of.filter(|m| m.is_finite() && *m > 0.0)
}

/// What `found` gives for the first schema, of `schema` and those it stands for (through
/// references `component` looks up by name, a one-member `allOf`, a `$ref` with annotations
/// beside it), that it gives something for; up to a bound, as references may cycle.
pub(crate) fn follow_aliases<'s, T>(
    component: impl Fn(&str) -> Option<&'s ReferenceOr<Schema>>,
    schema: &'s ReferenceOr<Schema>,
    found: impl Fn(&'s Schema) -> Option<T>,
) -> Option<T> {
    let mut current = schema;
    for _ in 0..16 {
        current = match current {
            ReferenceOr::Reference { reference } => component(component_name(reference)?)?,
            ReferenceOr::Item(schema) => match (&schema.schema_kind, found(schema)) {
                (_, Some(found)) => return Some(found),
                (SchemaKind::AllOf { all_of }, _) if all_of.len() == 1 => &all_of[0],
                (SchemaKind::Any(any), _) if refines_one_reference(any) => &any.all_of[0],
                _ => return None,
            },
        };
    }
    None
}

/// Whether every value of the number type `ty` is a multiple of `m`: every integer is
/// one of 1 (and of 0.5, 0.25, …), which then checks nothing.
fn whole_multiples(ty: &TypeRef, m: f64) -> bool {
    matches!(ty, TypeRef::Integer(_)) && (1.0 / m).fract() == 0.0
}

/// Whether the number type `ty` holds the `enum` value `n` (one it cannot hold is warned
/// of where the type is read, and never sent): an integer type its whole values in its
/// range, an `f32` the values it holds without becoming infinite or 0.
fn holds(ty: &TypeRef, n: &serde_json::Number) -> bool {
    match ty {
        TypeRef::Integer(integer) => {
            let (low, high) = integer.range();
            whole(n).is_some_and(|n| (low..=high).contains(&n))
        }
        TypeRef::F32 => n.as_f64().is_some_and(|f| (f as f32).is_finite() && (f == 0.0 || f as f32 != 0.0)),
        _ => true,
    }
}

/// A JSON number's value as a whole number, if it is one (`3`, `3.0`; not `3.5`).
pub fn whole(n: &serde_json::Number) -> Option<i128> {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(n), ..) => Some(n.into()),
        (_, Some(n), _) => Some(n.into()),
        (.., Some(f)) => exact_integer(f),
        _ => None,
    }
}

/// A float's value as an `i128`, when it is a whole number an `i128` holds.
pub fn exact_integer(f: f64) -> Option<i128> {
    (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
}

/// Whether the `regex` crate (which checks patterns at run time) accepts `pattern`.
/// Compiling one can take tens of milliseconds, and documents repeat their patterns:
/// each is compiled once per thread.
fn regex_accepts(pattern: &str) -> bool {
    thread_local! {
        static ACCEPTED: std::cell::RefCell<std::collections::HashMap<String, bool>> = Default::default();
    }
    ACCEPTED.with(|accepted| {
        if let Some(known) = accepted.borrow().get(pattern) {
            return *known;
        }
        let known = regex::Regex::new(pattern).is_ok();
        accepted.borrow_mut().insert(pattern.to_owned(), known);
        known
    })
}

/// Whether a schema says nothing at all (`{}`).
fn is_empty_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        && schema.schema_data == openapiv3::SchemaData::default()
}

/// A one-member `allOf` whose siblings only annotate or constrain a value of the
/// member's type (no type of their own, no properties, items or other compositions).
fn refines_one_reference(any: &openapiv3::AnySchema) -> bool {
    any.all_of.len() == 1
        && any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && matches!(any.typ.as_deref(), None | Some("string" | "integer" | "number" | "boolean"))
}

/// The member's constraints, with those the siblings declare taking precedence.
fn refined_constraints(mut c: Constraints, any: &openapiv3::AnySchema) -> Constraints {
    c.max_length = any.max_length.map(|n| n as u64).or(c.max_length);
    c.min_length = any.min_length.map(|n| n as u64).or(c.min_length);
    c.pattern = any.pattern.clone().filter(|p| regex_accepts(p)).or(c.pattern);
    c.maximum = any.maximum.map(|m| (m, any.exclusive_maximum.unwrap_or(false))).or(c.maximum);
    c.minimum = any.minimum.map(|m| (m, any.exclusive_minimum.unwrap_or(false))).or(c.minimum);
    c.multiple_of = positive(any.multiple_of).or(c.multiple_of);
    c.unique_items |= any.unique_items == Some(true);
    // Numbers beside a reference to a number type (checked where the type is one).
    if !any.enumeration.is_empty() && any.enumeration.iter().all(Value::is_number) {
        c.listed = any.enumeration.iter().filter_map(|n| n.as_number().cloned()).collect();
    }
    c
}

/// The `format` a string, integer or number schema declares, as written.
fn format_of(kind: &SchemaKind) -> Option<String> {
    fn text<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
        match format {
            VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok()?.as_str().map(str::to_owned),
            VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match kind {
        SchemaKind::Type(Type::String(s)) => text(&s.format),
        SchemaKind::Type(Type::Integer(i)) => text(&i.format),
        SchemaKind::Type(Type::Number(n)) => text(&n.format),
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

/// The variant name of an untitled inline union member: its type, else its position.
fn member_name(schema: &Schema, index: usize) -> String {
    match &schema.schema_kind {
        // A format says more than the type: `Uuid(uuid::Uuid)`, not `String(uuid::Uuid)`.
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(format) => match format {
                StringFormat::Date => "Date",
                StringFormat::DateTime => "DateTime",
                StringFormat::Password => "Password",
                StringFormat::Byte => "Byte",
                StringFormat::Binary => "Binary",
            }
            .to_owned(),
            VariantOrUnknownOrEmpty::Unknown(format) => type_name(format, "String"),
            VariantOrUnknownOrEmpty::Empty => "String".to_owned(),
        },
        SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
        SchemaKind::Type(Type::Array(_)) => "Array".to_owned(),
        SchemaKind::Type(Type::Object(_)) => "Object".to_owned(),
        _ => format!("Variant{index}"),
    }
}

/// A string enum's kind: a variant per value, named after it.
fn enum_kind<'a>(values: impl Iterator<Item = (&'a String, Option<String>)>) -> TypeKind {
    let mut scope = Scope::new();
    // Enums a response can carry get a variant of this name for other values.
    scope.claim("Unrecognized");
    let variants = values
        .map(|(wire, doc)| {
            let fallback = if wire.is_empty() { "Empty" } else { "Value" };
            EnumVariant { wire: wire.clone(), name: scope.claim(&type_name(wire, fallback)), doc }
        })
        .collect();
    TypeKind::Enum { variants }
}

/// The values of a union whose members are all inline, non-null string enums, each with
/// its member's documentation; `None` when a member is anything else or a value repeats.
fn string_enum_members(members: &[ReferenceOr<Schema>]) -> Option<Vec<(&String, Option<String>)>> {
    let mut values = Vec::new();
    let mut seen = BTreeSet::new();
    for member in members {
        let ReferenceOr::Item(schema) = member else { return None };
        let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else { return None };
        if schema.schema_data.nullable || s.enumeration.is_empty() {
            return None;
        }
        for wire in &s.enumeration {
            let wire = wire.as_ref()?;
            if !seen.insert(wire.as_str()) {
                return None;
            }
            values.push((wire, schema_doc(schema)));
        }
    }
    (!values.is_empty()).then_some(values)
}

/// `#/components/schemas/Name` → `Name`.
/// The integer type of an integer schema itself (openapiv3 reads one whose bound does
/// not fit an `i64` as an untyped schema of `type: integer`).
fn integer_type(schema: &Schema) -> Option<Integer> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(_)) => Some(Integer::from_format(format_of(&schema.schema_kind).as_deref())),
        SchemaKind::Any(any) if any.typ.as_deref() == Some("integer") => {
            Some(Integer::from_format(any.format.as_deref()))
        }
        _ => None,
    }
}

/// The type inside a `Nullable` (an array item or map value that may be `null`).
pub(crate) fn unnullable(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) => inner,
        other => other,
    }
}

pub fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/").filter(|name| !name.contains('/'))
}

fn doc_of(schema: &ReferenceOr<Schema>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => schema_doc(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

/// A schema's documentation: its description, else its title.
pub fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.as_deref().or(data.title.as_deref()).map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned)
}
