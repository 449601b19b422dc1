//! A new union member takes the variant name of an old one: matching the variant's
//! payload as the old type no longer compiles.

pub fn witness(account: &api::union_variant_name_taken::types::Account) -> Option<&str> {
    match &account.owner {
        Some(api::union_variant_name_taken::types::AccountOwner::Person(person)) => Some(person.name.as_str()),
        _ => None,
    }
}
