//! A response field deprecated: reading it and faking the type with its builder still
//! compile (the builder method warns).

pub fn witness(account: &api::response_field_deprecated::types::Account) -> usize {
    account.tags.as_ref().map_or(0, Vec::len)
}
