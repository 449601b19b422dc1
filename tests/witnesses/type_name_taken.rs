//! An inline type renamed because a new schema took its name: the old name now names
//! another enum, whose variants are not the old ones.

pub fn witness(account: &api::type_name_taken::types::Account) -> bool {
    matches!(account.status, api::type_name_taken::types::AccountStatus::Closed)
}
