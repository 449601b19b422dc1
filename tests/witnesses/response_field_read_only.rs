//! A required response field made readOnly is optional: reading it as a value no longer
//! compiles.

use api::response_field_read_only::types::{Account, AccountStatus};

pub fn witness(account: &Account) -> bool {
    account.status == AccountStatus::Open
}
