//! An alias's format changes and its Rust type does not: code still compiles.

use api::alias_format_changed::types::Account;

pub fn witness(account: &Account) -> &str {
    account.id.as_str()
}
