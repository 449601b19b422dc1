//! A union's members in another order: code matching them still compiles.

pub fn witness(owner: &api::union_members_reordered::types::AccountOwner) -> Option<&str> {
    match owner {
        api::union_members_reordered::types::AccountOwner::Person(person) => Some(&person.name),
        _ => None,
    }
}
