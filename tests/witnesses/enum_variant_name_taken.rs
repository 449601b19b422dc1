//! A new enum value takes the Rust name of an old one: matching the variant still
//! compiles, and now matches the new value (a silent break, listed in `SILENT`).

pub fn witness(account: &api::enum_variant_name_taken::types::Account) -> bool {
    matches!(account.status, api::enum_variant_name_taken::types::AccountStatus::Open)
}
