//! A required response field's wire name respelled: the Rust field is the same.

pub fn witness(account: &api::response_required_field_wire_name::types::Account) -> String {
    account.status.as_str().to_owned()
}
