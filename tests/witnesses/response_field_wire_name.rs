//! A response field's wire name changes case: the Rust field is the same.

pub fn witness(account: &api::response_field_wire_name::types::Account) -> usize {
    account.tags.as_ref().map_or(0, Vec::len)
}
