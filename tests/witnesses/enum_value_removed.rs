//! An enum value removed: naming its variant no longer compiles.

pub fn witness(account: &api::enum_value_removed::types::Account) -> bool {
    matches!(account.status, api::enum_value_removed::types::AccountStatus::Closed)
}
