//! A field and its enum replaced by another pair: code naming the old ones breaks.

pub fn witness(account: &api::enum_field_replaced::types::Account) -> bool {
    account.status == api::enum_field_replaced::types::AccountStatus::Open
}
