//! Operations: client methods, their arguments and builder methods, bodies, outcomes
//! and security requirements. Operations are matched by method and path, then (for a
//! moved path) by Rust name; parameters by where and under what name they are sent,
//! then by Rust name, then positional arguments by place (their names are not API);
//! outcomes by status. A rename that gives the old name to another item says that code
//! naming it still compiles and now means the other one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use super::constraints::constraints;
use super::{Out, Severity};
use crate::diagnostics::escape_token;
use crate::surface::{
    BodySurface, Location, OperationSurface, OutcomeSurface, ParameterSurface, SchemeSurface, Surface,
};

pub(super) fn operations(old: &Surface, new: &Surface, out: &mut Out) {
    let m = &new.module;
    let mut pairs: Vec<(&OperationSurface, &OperationSurface)> = Vec::new();
    let mut removed: Vec<&OperationSurface> = Vec::new();
    let mut matched = vec![false; new.operations.len()];
    // The new operations by route and by Rust name, in order (looked up once per old
    // operation: a scan of all of them was quadratic in a document's size).
    let mut by_route: HashMap<(&str, &str), usize> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, n) in new.operations.iter().enumerate() {
        by_route.entry((n.method.as_str(), n.path.as_str())).or_insert(index);
        by_name.entry(n.name.as_str()).or_default().push(index);
    }
    let named = |name: &str| by_name.get(name).map(Vec::as_slice).unwrap_or_default();
    for op in &old.operations {
        match by_route.get(&(op.method.as_str(), op.path.as_str())).copied() {
            Some(index) => {
                matched[index] = true;
                pairs.push((op, &new.operations[index]));
            }
            None => removed.push(op),
        }
    }
    // A path or method changed under the same Rust name: the same method of the client.
    removed.retain(|op| {
        let found = named(&op.name).iter().copied().find(|&index| !matched[index]);
        match found {
            Some(index) => {
                matched[index] = true;
                pairs.push((op, &new.operations[index]));
                false
            }
            None => true,
        }
    });
    for op in removed {
        let item = format!("{m}::Client::{}", op.name);
        let taken = taken_by(op, named(&op.name).first().map(|&index| &new.operations[index]));
        out.breaking("operation-removed", &item, format!("{item} removed ({} {}){taken}", op.method, op.path));
    }
    for (_, op) in new.operations.iter().enumerate().filter(|(i, _)| !matched[*i]) {
        let item = format!("{m}::Client::{}", op.name);
        out.compatible("operation-added", &item, format!("{item} added ({} {})", op.method, op.path));
    }
    out.renamed_operations
        .extend(pairs.iter().filter(|(a, b)| a.name != b.name).map(|(a, b)| (a.name.clone(), b.name.clone())));
    for (a, b) in pairs {
        // Another operation of the document now has the old method's name.
        let taken = named(&a.name).iter().map(|&index| &new.operations[index]).find(|n| !std::ptr::eq(*n, b));
        operation(m, (a, b), taken, &new.security_schemes, out);
    }
}

/// What code calling `old`'s method does now that `taken` has its name: with the same
/// arguments and result it compiles and calls another route.
fn taken_by(old: &OperationSurface, taken: Option<&OperationSurface>) -> String {
    fn signature(op: &OperationSurface) -> (Vec<&str>, Option<&str>, &str) {
        let arguments: Vec<&str> = op.parameters.iter().filter(|p| p.required).map(|p| p.ty.as_str()).collect();
        let body = op.body.as_ref().filter(|body| body.required).map(|body| body.ty.as_str());
        (arguments, body, op.returns.as_str())
    }
    // Every builder method of the old request is one of the new (an optional body's too).
    fn setters(op: &OperationSurface) -> Vec<(&str, &str)> {
        let mut setters: Vec<(&str, &str)> =
            op.parameters.iter().filter(|p| !p.required).map(|p| (p.name.as_str(), p.ty.as_str())).collect();
        setters.extend(op.body.iter().filter(|body| !body.required).map(|body| ("body", body.ty.as_str())));
        setters
    }
    let taken = taken.map(|op| super::types::Taker {
        what: format!("{} {}", op.method, op.path),
        fits: signature(op) == signature(old) && setters(old).iter().all(|setter| setters(op).contains(setter)),
    });
    super::types::still_compiles(&format!("Client::{}", old.name), taken)
}

fn operation(
    m: &str,
    (old, new): (&OperationSurface, &OperationSurface),
    taken: Option<&OperationSurface>,
    schemes: &[SchemeSurface],
    out: &mut Out,
) {
    let item = format!("{m}::Client::{}", new.name);
    let id = |op: &OperationSurface| op.operation_id.clone().unwrap_or_else(|| "none".to_owned());
    let renamed = renamed_enums(old, new);
    if old.name != new.name {
        out.breaking(
            "operation-renamed",
            &item,
            format!(
                "{m}::Client::{} renamed to {} (operationId {} → {}, {} {}){}{}",
                old.name,
                new.name,
                id(old),
                id(new),
                new.method,
                new.path,
                renamed,
                taken_by(old, taken)
            ),
        );
    } else if old.operation_id != new.operation_id {
        out.compatible(
            "operation-id-changed",
            &item,
            format!("{item}: operationId {} → {}; the Rust method keeps its name", id(old), id(new)),
        );
    }
    // The method kept its name, but a new item took the name of one of its types.
    if old.name == new.name && !renamed.is_empty() {
        out.breaking(
            "operation-types-renamed",
            &item,
            format!("{item}: {}; code naming the old type must name the new one", renamed.trim_start_matches("; ")),
        );
    }
    let pairing = Pairing::of(old, new);
    let same_urls = renamed_route(old, &pairing) == new.path;
    if old.method == new.method && old.path != new.path && same_urls {
        out.push(
            Severity::Patch,
            "operation-path-spelling",
            &item,
            format!("{item}: path {} → {}: only variable names differ, the URLs are the same", old.path, new.path),
        );
    } else if old.method != new.method || old.path != new.path {
        out.compatible(
            "operation-path-changed",
            &item,
            format!(
                "{item}: {} {} → {} {}; Rust API unchanged; wire: requests go to the new route once rebuilt; binaries built before still call the old one",
                old.method, old.path, new.method, new.path
            ),
        );
    }
    if old.deprecated != new.deprecated {
        let says = super::says(", and the document says ", &new.deprecation);
        let what = if new.deprecated {
            format!("now #[deprecated] (uses warn){says}")
        } else {
            "no longer deprecated".to_owned()
        };
        out.compatible("operation-deprecated", &item, format!("{item}: {what}"));
    }
    out.deprecation_message(&item, &item, (old.deprecated, &old.deprecation), (new.deprecated, &new.deprecation));
    security(&item, old, new, schemes, out);
    parameters(&item, &pairing, out);
    body(&item, old, new, out);
    outcomes(m, &item, old, new, out);
    streaming(&item, old, new, out);
}

/// The operation's enums that a new Rust name renames with it: `; GetPetError is now
/// FindPetError` (code naming them breaks too).
fn renamed_enums(old: &OperationSurface, new: &OperationSurface) -> String {
    let pairs = [
        (Some(&old.request), Some(&new.request)),
        (Some(&old.error_enum), Some(&new.error_enum)),
        (old.success_enum.as_ref(), new.success_enum.as_ref()),
    ];
    pairs
        .into_iter()
        .filter_map(|pair| match pair {
            (Some(before), Some(after)) if before != after => Some(format!("; {before} is now {after}")),
            _ => None,
        })
        .collect()
}

/// The old path template with each variable named as the parameter it became names it:
/// the new template when only the variables' names changed (the URLs are the same).
fn renamed_route(old: &OperationSurface, pairing: &Pairing<'_>) -> String {
    let spelled = |variable: &str| -> Option<&str> {
        let param = old.parameters.iter().find(|p| p.location == Location::Path && p.wire == variable)?;
        let now = pairing.counterpart(param)?;
        (now.location == Location::Path).then_some(now.wire.as_str())
    };
    let mut route = String::with_capacity(old.path.len());
    let mut rest = old.path.as_str();
    while let Some((before, after)) = rest.split_once('{') {
        route.push_str(before);
        let Some((variable, tail)) = after.split_once('}') else {
            route.push('{');
            rest = after;
            continue;
        };
        route.push('{');
        route.push_str(spelled(variable).unwrap_or(variable));
        route.push('}');
        rest = tail;
    }
    route.push_str(rest);
    route
}

/// A change of an operation's requirements, judged by the credentials they ask for: a
/// client set up by the scheme names of an alternative has, in the new version, the
/// credentials its setters set there (`schemes`: the new ones; a scheme that is a `$ref`
/// to another sets that one's).
fn security(item: &str, old: &OperationSurface, new: &OperationSurface, schemes: &[SchemeSurface], out: &mut Out) {
    let sets: HashMap<&str, &String> =
        schemes.iter().filter_map(|s| Some((s.name.as_str(), s.sets.as_ref()?))).collect();
    let credential = |name: &String| sets.get(name.as_str()).map_or_else(|| name.clone(), |set| (*set).clone());
    // An old requirement names a scheme by its old key: under a new key, the same setter.
    let renamed = |name: &String| out.scheme_renames.get(name).unwrap_or(name).clone();
    let asked = |security: &[Vec<String>], keys: &dyn Fn(&String) -> String| -> Vec<BTreeSet<String>> {
        security.iter().map(|alternative| alternative.iter().map(|name| credential(&keys(name))).collect()).collect()
    };
    let (before, now) = (asked(&old.security, &renamed), asked(&new.security, &String::clone));
    // Other names for the same credentials: no client notices.
    if before == now {
        return;
    }
    // At most as many alternatives as an operation's docs list (see `SHARED_FROM`).
    let text = |security: &[Vec<String>]| -> String {
        if security.is_empty() {
            return "none".to_owned();
        }
        let alternatives: Vec<String> = security
            .iter()
            .take(crate::model::SHARED_FROM)
            .map(|a| if a.is_empty() { "anonymous".to_owned() } else { a.join(" + ") })
            .collect();
        let more = security.len() - alternatives.len();
        let more = if more > 0 { format!(" | … ({} in all)", security.len()) } else { String::new() };
        format!("{}{more}", alternatives.join(" | "))
    };
    let anonymous = |security: &[Vec<String>]| security.is_empty() || security.iter().any(Vec::is_empty);
    // A client set up for an old alternative still calls when a new one asks no more
    // schemes than it has.
    // An alternative asked for as it was serves at once; only the others are compared
    // with every new one.
    let same: HashSet<&BTreeSet<String>> = now.iter().collect();
    let served = |had: &BTreeSet<String>| {
        // The subsets of a small alternative are looked up (an alternative names one or
        // two schemes); a scan of every new alternative for each old one was quadratic.
        if had.len() <= 6 {
            let schemes: Vec<&String> = had.iter().collect();
            (0..1u32 << schemes.len()).any(|mask| {
                let subset: BTreeSet<String> = schemes
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, s)| (*s).clone())
                    .collect();
                same.contains(&subset)
            })
        } else {
            now.iter().any(|asked| asked.is_subset(had))
        }
    };
    let stranded: Vec<&Vec<String>> =
        old.security.iter().zip(&before).filter(|(_, had)| !served(had)).map(|(a, _)| a).collect();
    let wire = if anonymous(&old.security) && !anonymous(&new.security) {
        format!(
            "wire: calls without {} now fail with MissingCredentials once rebuilt; binaries built before send them without credentials, which the server may answer 401",
            text(&new.security)
        )
    } else if !anonymous(&old.security) && anonymous(&new.security) {
        "wire: credentials are no longer required".to_owned()
    } else if stranded.is_empty() {
        "wire: clients set up as before keep working (credentials are chosen from what the client has)".to_owned()
    } else {
        let stranded: Vec<String> = stranded.iter().map(|a| a.join(" + ")).collect();
        format!(
            "wire: a client set up only for {} now fails with MissingCredentials until it is given {}",
            stranded.join(" or "),
            text(&new.security)
        )
    };
    out.compatible(
        "security-requirement",
        item,
        format!("{item}: security {} → {}; Rust API unchanged; {wire}", text(&old.security), text(&new.security)),
    );
}

fn how(param: &ParameterSurface) -> &'static str {
    if param.required { "positional argument" } else { "builder method" }
}

/// How the parameters of two versions of an operation pair up.
#[derive(Clone)]
struct Pairing<'a> {
    old: &'a [ParameterSurface],
    new: &'a [ParameterSurface],
    /// Positional arguments pair by place, not by name: every request is then the same
    /// as before (path variables that swap names, say), so only names changed.
    by_place: bool,
    /// Lookups, so that pairing is linear in the parameters (an operation of 10,000 took
    /// 1.9 s by scans).
    index: Rc<Index<'a>>,
}

/// Where each parameter is, by what it is sent as, by Rust name, by place.
struct Index<'a> {
    /// The first new parameter sent as each (place, name).
    new_sent: HashMap<(Location, String), &'a ParameterSurface>,
    /// What the old parameters are sent as.
    old_sent: HashSet<(Location, String)>,
    /// The new parameters of each Rust name, in order.
    new_named: HashMap<&'a str, Vec<&'a ParameterSurface>>,
    old_names: HashSet<&'a str>,
    /// The place of each old positional argument, by Rust name (the first of a name).
    old_places: HashMap<&'a str, usize>,
    new_positional: Vec<&'a ParameterSurface>,
}

/// What a parameter is sent as: its place and name (a header's in lower case, as HTTP
/// reads it).
fn sent_key(p: &ParameterSurface) -> (Location, String) {
    let name = if p.location == Location::Header { p.wire.to_ascii_lowercase() } else { p.wire.clone() };
    (p.location, name)
}

impl<'a> Index<'a> {
    fn of(old: &'a [ParameterSurface], new: &'a [ParameterSurface]) -> Self {
        let mut new_sent = HashMap::new();
        let mut new_named: HashMap<&str, Vec<&ParameterSurface>> = HashMap::new();
        for p in new {
            new_sent.entry(sent_key(p)).or_insert(p);
            new_named.entry(p.name.as_str()).or_default().push(p);
        }
        let mut old_places = HashMap::new();
        for (place, p) in old.iter().filter(|p| p.required).enumerate() {
            old_places.entry(p.name.as_str()).or_insert(place);
        }
        Index {
            new_sent,
            old_sent: old.iter().map(sent_key).collect(),
            new_named,
            old_names: old.iter().map(|p| p.name.as_str()).collect(),
            old_places,
            new_positional: new.iter().filter(|p| p.required).collect(),
        }
    }
}

impl<'a> Pairing<'a> {
    fn of(old: &'a OperationSurface, new: &'a OperationSurface) -> Self {
        let index = Rc::new(Index::of(&old.parameters, &new.parameters));
        let by_name = Pairing { old: &old.parameters, new: &new.parameters, by_place: false, index };
        let by_place = Pairing { by_place: true, ..by_name.clone() };
        let required = |list: &'a [ParameterSurface]| list.iter().filter(|p| p.required).collect::<Vec<_>>();
        let (before, after) = (required(&old.parameters), required(&new.parameters));
        let same_places = before.len() == after.len()
            && before.iter().zip(&after).any(|(a, b)| a.name != b.name)
            && before.iter().zip(&after).all(|(a, b)| {
                a.ty == b.ty && a.location == b.location && (a.location == Location::Path || a.wire == b.wire)
            });
        if same_places && renamed_route(old, &by_place) == new.path { by_place } else { by_name }
    }

    /// The parameter of `new` that `param` of `old` became: the one sent in the same
    /// place under the same name (whatever its Rust name now: a new parameter may have
    /// taken it), else the one of the same Rust name, else, for a positional argument
    /// whose name is gone, the positional argument of the same type at its place whose
    /// name is new (callers pass it by position, so its name is not API); by place first
    /// when [`Pairing::by_place`].
    fn counterpart(&self, param: &ParameterSurface) -> Option<&'a ParameterSurface> {
        let index = &self.index;
        let place = || index.old_places.get(param.name.as_str()).copied();
        if self.by_place && param.required {
            return index.new_positional.get(place()?).copied();
        }
        // The same Rust name, unless another old parameter is sent as that one.
        let same_name = || {
            let named = index.new_named.get(param.name.as_str())?;
            named.iter().copied().find(|p| !index.old_sent.contains(&sent_key(p)))
        };
        if let Some(same) = index.new_sent.get(&sent_key(param)).copied().or_else(same_name) {
            return Some(same);
        }
        let there = *index.new_positional.get(place()?)?;
        let renamed = there.ty == param.ty && !index.old_names.contains(there.name.as_str());
        renamed.then_some(there)
    }
}

/// What a call does once an `Idempotency-Key` header is one the client makes.
const GENERATED_KEY: &str = "each call not given a key sends a fresh one (a UUID, the same for its retries), and is sent again after a 408, 5xx or broken connection whatever its method";

fn parameters(item: &str, pairing: &Pairing<'_>, out: &mut Out) {
    let (old, new) = (pairing.old, pairing.new);
    // Each old parameter's counterpart, found once (asking it for every new parameter was
    // cubic in their number).
    let counterparts: Vec<Option<&ParameterSurface>> = old.iter().map(|param| pairing.counterpart(param)).collect();
    for (param, counterpart) in old.iter().zip(&counterparts) {
        let at = format!("{item}::{}", param.name);
        match *counterpart {
            None => out.breaking(
                "parameter-removed",
                &at,
                format!(
                    "{item}: {} {} removed ({} {:?}){}",
                    how(param),
                    param.name,
                    param.location.as_str(),
                    param.wire,
                    parameter_taker(param, new)
                ),
            ),
            Some(now) => parameter(item, (param, now), pairing.new, out),
        }
    }
    let paired: BTreeSet<&str> = counterparts.iter().flatten().map(|c| c.name.as_str()).collect();
    let is_new = |p: &&ParameterSurface| !paired.contains(p.name.as_str());
    for param in new.iter().filter(is_new) {
        let at = format!("{item}::{}", param.name);
        let what = format!(
            "{item}: {} {}: {} added ({} {:?})",
            how(param),
            param.name,
            param.ty,
            param.location.as_str(),
            param.wire
        );
        if param.required {
            out.breaking("parameter-added", &at, format!("{what}; every call needs it"));
        } else if param.idempotency_key {
            out.compatible("parameter-added", &at, format!("{what}; wire: {GENERATED_KEY}"));
        } else {
            out.compatible("parameter-added", &at, what);
        }
    }
    positions(item, pairing, out);
}

/// Positional arguments that stay positional, in their new order (by their new names).
fn positions(item: &str, pairing: &Pairing<'_>, out: &mut Out) {
    let before: Vec<String> = pairing
        .old
        .iter()
        .filter(|p| p.required)
        .filter_map(|p| pairing.counterpart(p).filter(|now| now.required).map(|now| now.name.clone()))
        .collect();
    let kept: HashSet<&String> = before.iter().collect();
    let after: Vec<String> =
        pairing.new.iter().filter(|p| p.required && kept.contains(&p.name)).map(|p| p.name.clone()).collect();
    if before != after {
        out.breaking(
            "parameter-position",
            item,
            format!("{item}: positional arguments ({}) → ({})", before.join(", "), after.join(", ")),
        );
    }
}

/// What code setting `old` does now that a parameter of `all` has its Rust name.
fn parameter_taker(old: &ParameterSurface, all: &[ParameterSurface]) -> String {
    let taken = all.iter().find(|p| p.name == old.name).map(|p| super::types::Taker {
        what: format!("the {} parameter {:?}", p.location.as_str(), p.wire),
        fits: p.ty == old.ty && p.required == old.required,
    });
    super::types::still_compiles(&old.name, taken)
}

/// A parameter's Rust name changed: a builder method's rename breaks callers, a
/// positional argument's does not.
fn parameter_name(
    item: &str,
    (old, new): (&ParameterSurface, &ParameterSurface),
    all: &[ParameterSurface],
    out: &mut Out,
) {
    let (at, name) = (format!("{item}::{}", new.name), &new.name);
    if old.name != new.name && !(old.required && new.required) {
        out.breaking(
            "parameter-renamed",
            &at,
            format!(
                "{item}: builder method {} renamed to {name} ({} {:?}){}",
                old.name,
                new.location.as_str(),
                new.wire,
                parameter_taker(old, all)
            ),
        );
    } else if old.name != new.name {
        out.push(
            Severity::Patch,
            "parameter-renamed",
            &at,
            format!(
                "{item}: positional argument {} is now named {name}; callers pass it by position: Rust API unchanged",
                old.name
            ),
        );
    }
}

/// The changes of a parameter kept (`old` became `new`; `all` are the new operation's).
fn parameter(item: &str, (old, new): (&ParameterSurface, &ParameterSurface), all: &[ParameterSurface], out: &mut Out) {
    let at = format!("{item}::{}", new.name);
    let name = &new.name;
    parameter_name(item, (old, new), all, out);
    // A path variable's name is not sent: the route's change, if any, is the operation's.
    let path = old.location == Location::Path && new.location == Location::Path;
    // Header names are one in any case, as HTTP compares them.
    let header = old.location == Location::Header && new.location == Location::Header;
    let renamed = if header { !old.wire.eq_ignore_ascii_case(&new.wire) } else { old.wire != new.wire };
    if old.location != new.location || (renamed && !path) {
        let kind = if old.location != new.location { "parameter-location" } else { "parameter-wire-name" };
        out.compatible(
            kind,
            &at,
            format!(
                "{item}: {name} sent as {} {:?} (was {} {:?}); Rust API unchanged; wire: the server must accept the new place; binaries built before still send the old one, which a server reading only the new one ignores (or refuses, where it requires the new)",
                new.location.as_str(),
                new.wire,
                old.location.as_str(),
                old.wire
            ),
        );
    }
    if old.required != new.required {
        out.breaking(
            "parameter-requiredness",
            &at,
            format!("{item}: {name} is now a {} (was a {})", how(new), how(old)),
        );
    }
    if old.idempotency_key != new.idempotency_key {
        let what = match new.idempotency_key {
            true => format!("the client now makes this idempotency key when none is set; wire: {GENERATED_KEY}"),
            false => "the client no longer makes this idempotency key (now required, or a UUID no longer fits it); wire: calls send it only when set, and a call whose method is not idempotent is no longer sent again after a 408, 5xx or broken connection unless it is set".to_owned(),
        };
        out.compatible("parameter-idempotency-key", &at, format!("{item}: {name}: {what}"));
    }
    if old.deprecated != new.deprecated {
        let what = match (new.deprecated, new.required) {
            (true, true) => "now deprecated by the document (said in the method's documentation)",
            (true, false) => "now deprecated by the document (its builder method is #[deprecated]: uses warn)",
            (false, _) => "no longer deprecated",
        };
        let says = if new.deprecated { super::says("; the document says ", &new.deprecation) } else { String::new() };
        out.compatible("parameter-deprecated", &at, format!("{item}: {name} {what}{says}"));
    }
    let what = format!("{item}: {name}");
    out.deprecation_message(&at, &what, (old.deprecated, &old.deprecation), (new.deprecated, &new.deprecation));
    if !out.names.same(&old.ty, &new.ty) {
        let note = out.renamed_note(&old.ty, &new.ty);
        out.breaking("parameter-type", &at, format!("{item}: {name} type {} → {}{note}", old.ty, new.ty));
    } else if old.format != new.format {
        out.compatible(
            "parameter-format",
            &at,
            format!(
                "{item}: {name} format {} → {}; Rust type unchanged ({}); wire: values are expected in the new format",
                old.format.as_deref().unwrap_or("none"),
                new.format.as_deref().unwrap_or("none"),
                new.ty
            ),
        );
    }
    if old.style != new.style {
        out.compatible(
            "parameter-style",
            &at,
            format!(
                "{item}: {name} arrays {} (were {}); Rust API unchanged; wire: serialized differently",
                new.style.as_deref().unwrap_or("not an array"),
                old.style.as_deref().unwrap_or("not an array")
            ),
        );
    }
    constraints(&at, &old.constraints, &new.constraints, true, out);
}

fn body(item: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Out) {
    let at = format!("{item}::body");
    match (&old.body, &new.body) {
        (None, Some(body)) if body.required => {
            out.breaking("body-added", &at, format!("{item}: required body {} added; every call needs it", body.ty))
        }
        (None, Some(body)) => {
            out.compatible("body-added", &at, format!("{item}: optional body {} added (builder method body)", body.ty))
        }
        (Some(body), None) => out.breaking("body-removed", &at, format!("{item}: body {} removed", body.ty)),
        (Some(a), Some(b)) => {
            if a.required != b.required {
                let what = if b.required {
                    "now required: a positional argument"
                } else {
                    "now optional: builder method body"
                };
                out.breaking("body-requiredness", &at, format!("{item}: body {what}"));
            }
            if !out.names.same(&a.ty, &b.ty) {
                let note = out.renamed_note(&a.ty, &b.ty);
                out.breaking("body-type", &at, format!("{item}: body type {} → {}{note}", a.ty, b.ty));
            }
            let argument = out.names.same(&a.ty, &b.ty) && body_argument(item, &at, a, b, out);
            if a.media_type != b.media_type {
                let api = if argument { "the argument as said" } else { "Rust API unchanged" };
                out.compatible(
                    "body-media-type",
                    &at,
                    format!(
                        "{item}: body sent as {} (was {}); {api}; wire: servers expecting {} reject it; binaries built before still send {}, which servers expecting {} reject",
                        b.media_type, a.media_type, a.media_type, a.media_type, b.media_type
                    ),
                );
            } else {
                form_styles(item, &at, a, b, out);
                parts(item, &at, a, b, out);
            }
        }
        (None, None) => {}
    }
}

/// Each part of a multipart body added, removed or changed: the caller builds the parts
/// (the Rust API is the same), so the server may refuse a body built as before.
fn parts(item: &str, at: &str, a: &BodySurface, b: &BodySurface, out: &mut Out) {
    let part = |parts: &[(String, String)], name: &str| parts.iter().find(|(n, _)| n == name).map(|(_, p)| p.clone());
    let mut names: Vec<&String> = a.parts.iter().chain(&b.parts).map(|(name, _)| name).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (was, now) = (part(&a.parts, name), part(&b.parts, name));
        let change = match (&was, &now) {
            (None, Some(now)) => format!("part `{name}` added: {now}"),
            (Some(_), None) => format!("part `{name}` removed"),
            (Some(was), Some(now)) if was != now => format!("part `{name}` is {now} (was {was})"),
            _ => continue,
        };
        out.compatible(
            "body-part",
            at,
            format!("{item}: multipart {change}; Rust API unchanged (the caller builds the parts); wire: a body built as before may be refused"),
        );
    }
}

/// Each property of a form body whose style changed: the same Rust API, other text on
/// the wire (binaries built before send it the old way).
fn form_styles(item: &str, at: &str, a: &BodySurface, b: &BodySurface, out: &mut Out) {
    let style = |styles: &[(String, String)], name: &str| {
        let style = styles.iter().find(|(styled, _)| styled == name).map(|(_, style)| style.as_str());
        style.unwrap_or("the default style, a pair per list item and an object as JSON text").to_owned()
    };
    let mut names: Vec<&String> = a.form_styles.iter().chain(&b.form_styles).map(|(name, _)| name).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (was, now) = (style(&a.form_styles, name), style(&b.form_styles, name));
        if was != now {
            out.compatible(
                "body-form-style",
                at,
                format!("{item}: form property `{name}` was sent as {was}, now as {now}; Rust API unchanged; wire: binaries built before still send it the old way"),
            );
        }
    }
}

/// How a body of the same type is passed, which its media type decides: through `Into`
/// (text and binary bodies) or as its type, and with a `content_type` argument
/// (multipart) or without. Whether anything was said.
fn body_argument(item: &str, at: &str, a: &BodySurface, b: &BodySurface, out: &mut Out) -> bool {
    match (a.through_into, b.through_into) {
        (true, false) => out.breaking(
            "body-argument",
            at,
            format!(
                "{item}: body taken as {} (was impl Into<{}>): values that converted into it no longer do",
                b.ty, a.ty
            ),
        ),
        (false, true) => {
            out.compatible("body-argument", at, format!("{item}: body taken as impl Into<{}> (was {})", b.ty, a.ty))
        }
        _ => {}
    }
    match (a.content_type, b.content_type) {
        (false, true) => out.breaking(
            "body-content-type",
            at,
            format!(
                "{item}: body comes with a content_type argument (the multipart boundary), in new(…) or beside .body(…)"
            ),
        ),
        (true, false) => {
            out.breaking("body-content-type", at, format!("{item}: the body's content_type argument is gone"))
        }
        _ => {}
    }
    a.through_into != b.through_into || a.content_type != b.content_type
}

/// `send_streaming`, which the request has while every success is a binary or text body.
fn streaming(item: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Out) {
    match (old.streams, new.streams) {
        (true, false) => out.breaking(
            "send-streaming",
            item,
            format!("{item}: send_streaming() removed (not every success is a binary or text body now)"),
        ),
        (false, true) => out.compatible("send-streaming", item, format!("{item}: send_streaming() added")),
        _ => {}
    }
}

fn outcomes(m: &str, item: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Out) {
    if !out.names.same(&old.returns, &new.returns) {
        let note = out.renamed_note(&old.returns, &new.returns);
        // A success enum is chosen by status; text and bytes never fail to decode.
        let json = old.success_enum.is_none() && old.successes.iter().all(decodes_json);
        let wire = match (note.is_empty(), old.returns.as_str()) {
            (false, _) => String::new(),
            (true, "()") => "; wire: binaries built before ignore the body".to_owned(),
            (true, was) if json => format!(
                "; wire: binaries built before read the body as {was} and fail to decode one that is not (an empty one, null)"
            ),
            (true, was) => format!("; wire: binaries built before read the body as {was}"),
        };
        out.breaking(
            "success-type",
            item,
            format!("{item}: returns {} (was {}){note}{wire}", new.returns, old.returns),
        );
    }
    let enums = old.success_enum.is_some() && new.success_enum.is_some();
    let pointer = |status: &str| {
        format!("{m}#/paths/{}/{}/responses/{status}", escape_token(&new.path), new.method.to_ascii_lowercase())
    };
    let success_item = |o: &OutcomeSurface| match &new.success_enum {
        Some(name) if enums => format!("{m}::{name}::{}", o.variant),
        _ => pointer(&o.status),
    };
    for response in &old.successes {
        match new.successes.iter().find(|r| r.status == response.status) {
            None if enums => out.breaking(
                "status-removed",
                success_item(response),
                format!(
                    "{item}: {} removed with its variant {}",
                    described("success", &response.status),
                    response.variant
                ),
            ),
            None => out.compatible(
                "status-removed",
                success_item(response),
                format!(
                    "{item}: {} no longer documented; wire: such answers arrive as {}",
                    described("success", &response.status),
                    covered_by(new, &response.status).0
                ),
            ),
            Some(now) => outcome(item, &success_item(now), response, now, enums, out),
        }
    }
    for response in new.successes.iter().filter(|r| !old.successes.iter().any(|o| o.status == r.status)) {
        let what = if enums { "; the success enum is non_exhaustive" } else { "" };
        let now = match &new.success_enum {
            Some(name) if enums => format!("{name}::{}", response.variant),
            _ => "Ok".to_owned(),
        };
        out.compatible(
            "status-added",
            success_item(response),
            format!(
                "{item}: {} added{what}; {}",
                described("success", &response.status),
                rerouted(old, new, &response.status, &now)
            ),
        );
    }
    error_outcomes(m, item, old, new, out);
    stray_change(item, old, new, out);
}

/// The documented error statuses of one operation on both sides.
fn error_outcomes(m: &str, item: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Out) {
    let error_item = |o: &OutcomeSurface| format!("{m}::{}::{}", new.error_enum, o.variant);
    for response in &old.errors {
        match new.errors.iter().find(|r| r.status == response.status) {
            None => out.breaking(
                "status-removed",
                error_item(response),
                format!(
                    "{item}: {} removed with its variant {}::{}",
                    described("error", &response.status),
                    old.error_enum,
                    response.variant
                ),
            ),
            Some(now) => outcome(item, &error_item(now), response, now, true, out),
        }
    }
    for response in new.errors.iter().filter(|r| !old.errors.iter().any(|o| o.status == r.status)) {
        out.compatible(
            "status-added",
            error_item(response),
            format!(
                "{item}: {} added as {}::{}; the error enum is non_exhaustive; {}",
                described("error", &response.status),
                new.error_enum,
                response.variant,
                rerouted(
                    old,
                    new,
                    &response.status,
                    &format!("Error::Api holding {}::{}", new.error_enum, response.variant)
                )
            ),
        );
    }
}

/// Where answers with a newly documented `status` went before (the old range or
/// `default` that covered it, else an unexpected status) and where they go now.
fn rerouted(old: &OperationSurface, new: &OperationSurface, status: &str, now: &str) -> String {
    let (before, read_as) = covered_by(old, status);
    // The outcome that covered the status decodes its own type: an answer of the new
    // status's type is that outcome only when it also fits it.
    let new_ty = new.successes.iter().chain(&new.errors).find(|o| o.status == status).map(|o| o.ty.as_deref());
    let mismatch = read_as.filter(|ty| new_ty != Some(Some(ty.as_str())));
    // A range leaves the statuses documented on their own, before or now, to themselves
    // (`2XX` beside `200`: a 200 is the 200's).
    let mut listed: Vec<&str> = [old, new]
        .into_iter()
        .flat_map(|op| op.successes.iter().chain(&op.errors))
        .map(|o| o.status.as_str())
        .filter(|s| status.ends_with("XX") && s.len() == 3 && !s.ends_with("XX") && s.starts_with(&status[..1]))
        .collect();
    listed.sort_unstable();
    listed.dedup();
    let answers = match (status, listed.as_slice()) {
        ("default", _) => "answers with statuses not listed".to_owned(),
        (_, []) => format!("answers with status {status}"),
        (_, listed) => format!("answers with status {status} other than {}", listed.join(", ")),
    };
    if before == now {
        let decoded =
            mismatch.map(|ty| format!("; binaries built before decode them as a {ty} and fail on a body that is not"));
        return format!("wire: {answers} arrive as {now}, as before{}", decoded.unwrap_or_default());
    }
    let before = match mismatch {
        Some(ty) => format!("{before} when the body is a {ty}, else Error::Decode"),
        None => before,
    };
    format!("wire: {answers} arrive as {now} (were {before}); code matching the old outcome no longer sees them")
}

/// What answers with `status` are under `surface`'s documented outcomes other than
/// `status` itself: the range that covers it, `default`, else an unexpected status; and
/// the type that outcome decodes the body as, if it has one.
fn covered_by(surface: &OperationSurface, status: &str) -> (String, Option<String>) {
    let range = format!("{}XX", status.chars().next().unwrap_or('0'));
    // The statuses read as the first success though not listed (`Operation::stray_success`).
    let strays = stray_statuses(surface);
    if let Some(first) = surface.successes.first().filter(|_| strays.iter().any(|code| code == status)) {
        return ("Ok".to_owned(), first.ty.clone().filter(|_| decodes_json(first)));
    }
    // A range or `default` covers them too, where they were read as the success before.
    let also = match strays.as_slice() {
        [] => String::new(),
        codes if status == "2XX" || status == "default" => format!(" (Ok for {})", codes.join(", ")),
        _ => String::new(),
    };
    let covering = |wanted: &str| -> Option<(String, Option<String>)> {
        // The type a body must fit, where a body that does not fails to decode.
        let fits = |o: &OutcomeSurface| o.ty.clone().filter(|_| decodes_json(o));
        let success = surface.successes.iter().find(|o| o.status == wanted).map(|o| match &surface.success_enum {
            Some(name) => (format!("Ok({name}::{})", o.variant), fits(o)),
            None => ("Ok".to_owned(), fits(o)),
        });
        let error = || {
            let o = surface.errors.iter().find(|o| o.status == wanted)?;
            Some((format!("Error::Api holding {}::{}", surface.error_enum, o.variant), fits(o)))
        };
        success.or_else(error)
    };
    [range.as_str(), "default"]
        .into_iter()
        .filter(|wanted| *wanted != status)
        .find_map(covering)
        .unwrap_or_else(|| (format!("Error::UnexpectedStatus{also}"), None))
}

/// The statuses an operation reads as its success though its document does not list them.
fn stray_statuses(surface: &OperationSurface) -> Vec<String> {
    let listed = |code: &String| surface.successes.iter().any(|o| o.status == *code);
    let codes = crate::model::STRAY_STATUSES.iter().map(u16::to_string);
    codes.filter(|code| surface.stray_success && !listed(code)).collect()
}

/// Statuses read as the success though not listed, before and now (a success of another
/// type, a `2XX` or a `default` added takes them; their removal gives them back).
fn stray_change(item: &str, old: &OperationSurface, new: &OperationSurface, out: &mut Out) {
    let (before, now) = (stray_statuses(old), stray_statuses(new));
    let gone: Vec<&String> = before.iter().filter(|code| !now.contains(code) && !listed_in(new, code)).collect();
    let added: Vec<&String> = now.iter().filter(|code| !before.contains(code) && !listed_in(old, code)).collect();
    if let Some(first) = gone.first() {
        let list: Vec<&str> = gone.iter().map(|code| code.as_str()).collect();
        out.compatible(
            "stray-statuses",
            item,
            format!(
                "{item}: statuses {} the document does not list are no longer read as the success; wire: once rebuilt they arrive as {}",
                list.join(", "),
                covered_by(new, first).0
            ),
        );
    }
    if let Some(first) = added.first() {
        let list: Vec<&str> = added.iter().map(|code| code.as_str()).collect();
        out.compatible(
            "stray-statuses",
            item,
            format!(
                "{item}: statuses {} the document does not list are now read as the success; wire: once rebuilt they arrive as Ok (were {})",
                list.join(", "),
                covered_by(old, first).0
            ),
        );
    }
}

/// Whether `surface` documents `status` itself.
fn listed_in(surface: &OperationSurface, status: &str) -> bool {
    surface.successes.iter().chain(&surface.errors).any(|o| o.status == status)
}

/// A documented status as a reason names it: `error status 404`, or `the default error
/// response (any status not listed)` for the document's `default`.
fn described(kind: &str, status: &str) -> String {
    if status == "default" {
        format!("the default {kind} response (any status not listed)")
    } else {
        format!("{kind} status {status}")
    }
}

/// One status on both sides; `variant`: whether it is a variant of its own whose
/// payload type users match on (errors, and successes of a success enum).
fn outcome(item: &str, at: &str, old: &OutcomeSurface, new: &OutcomeSurface, variant: bool, out: &mut Out) {
    // The variant as a pattern names it: `NotFound(Problem)`, or `NotFound` without a body.
    let shown = |o: &OutcomeSurface| match &o.ty {
        Some(ty) => format!("{}({ty})", o.variant),
        None => format!("{} (no body)", o.variant),
    };
    let same_type = match (&old.ty, &new.ty) {
        (Some(was), Some(now)) => out.names.same(was, now),
        (was, now) => was == now,
    };
    if variant && (!same_type || old.variant != new.variant) {
        let renamed = match (&old.ty, &new.ty) {
            (Some(was), Some(now)) => out.renamed_note(was, now),
            _ => "",
        };
        out.breaking(
            "status-type",
            at,
            format!("{at}: status {} is now {} (was {}){renamed}", new.status, shown(new), shown(old)),
        );
    }
    if let (Some(was), Some(now)) = (&old.media_type, &new.media_type)
        && was != now
    {
        // The client reads a body by the media type documented, not the one received:
        // binaries built before decode as JSON what is no longer JSON, and fail.
        let (before, after) = (media_class(was), media_class(now));
        let refused = decoded(before) && after != before;
        let wire = if before == after {
            format!("read as {after} as before")
        } else if refused {
            format!(
                "decoded as the new media type once rebuilt; binaries built before still read the body as {before} and fail to decode one that is not"
            )
        } else {
            format!("decoded as the new media type once rebuilt; binaries built before still read the body as {before}")
        };
        out.push(
            if refused { Severity::Breaking } else { Severity::Compatible },
            "response-media-type",
            at,
            format!("{item}: status {} read as {now} (was {was}); wire: {wire}", new.status),
        );
    }
}

/// How the client reads a body of `media_type`: as JSON, a form, text or bytes.
fn media_class(media_type: &str) -> &'static str {
    use crate::model::BodyEncoding;
    match crate::model::operations::encoding_of(media_type) {
        BodyEncoding::Json => "JSON",
        BodyEncoding::Form => "a form",
        BodyEncoding::Text => "text",
        BodyEncoding::Bytes => "bytes",
    }
}

/// Whether a body read as `class` is decoded into a type (and fails when it does not
/// fit): JSON and forms; text and bytes never fail to decode.
fn decoded(class: &str) -> bool {
    matches!(class, "JSON" | "a form")
}

/// Whether the client decodes `outcome`'s body into its type (see [`decoded`]).
fn decodes_json(outcome: &OutcomeSurface) -> bool {
    outcome.ty.is_some() && outcome.media_type.as_deref().is_some_and(|media| decoded(media_class(media)))
}
