//! A type only received is now sent too: its required `readOnly` field becomes optional,
//! and reading it as a value no longer compiles.

use api::read_only_field_type_now_sent::types::{Account, AccountStatus};

pub fn witness(account: &Account) -> bool {
    account.status == AccountStatus::Open
}
