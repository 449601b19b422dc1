//! A required field of a type only received made readOnly: it is still received, so still
//! required; reading it as a value still compiles.

use api::received_field_read_only::types::{Account, AccountStatus};

pub fn witness(account: &Account) -> bool {
    account.status == AccountStatus::Open
}
