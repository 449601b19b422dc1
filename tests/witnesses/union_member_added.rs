//! A union member added (the union is open), and the new member's type is now built with a builder instead of `new`.

pub fn witness(
    account: &api::union_member_added::types::Account,
    trustee: String,
) -> (String, api::union_member_added::types::Trust) {
    let owner = match &account.owner {
        Some(api::union_member_added::types::AccountOwner::Person(person)) => person.name.clone(),
        Some(api::union_member_added::types::AccountOwner::Company(company)) => company.registration.clone(),
        _ => String::new(),
    };
    (owner, api::union_member_added::types::Trust::new(trustee))
}
