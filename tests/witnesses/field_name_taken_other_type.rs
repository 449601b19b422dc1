//! A new field of another type takes the Rust name of an old one: reading it as text
//! no longer compiles.

pub fn witness(account: &api::field_name_taken_other_type::types::Account) -> usize {
    account.id.len()
}
