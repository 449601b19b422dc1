//! A field now a `$ref` of an alias of a schema of the same format: the same Rust type,
//! code still compiles.

use api::field_type_now_an_alias_of_an_alias_of_its_format::types::Account;

pub fn witness(account: &Account) -> Option<i64> {
    account.opened.map(|opened| opened.timestamp())
}
