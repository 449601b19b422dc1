//! A field removed whose Rust name another field inherits: reading it still compiles,
//! and now reads the other field (a silent break, listed in `SILENT`).

pub fn witness(account: &api::field_removed_name_taken::types::Account) -> Option<&str> {
    account.tag.as_deref()
}
