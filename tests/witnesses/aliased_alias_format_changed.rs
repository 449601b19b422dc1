//! The format of an alias's alias changes, its Rust type does not: code still compiles.

use api::aliased_alias_format_changed::types::Account;

pub fn witness(account: &Account) -> Option<&str> {
    account.contact.as_deref()
}
