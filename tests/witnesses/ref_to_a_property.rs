//! A new operation names a property of a component by its pointer: the property's type
//! keeps its name, so code naming it (and the field holding it) still compiles.

pub fn witness(account: &api::ref_to_a_property::types::Account) -> bool {
    let status: &api::ref_to_a_property::types::AccountStatus = &account.status;
    matches!(status, api::ref_to_a_property::types::AccountStatus::Open)
}
