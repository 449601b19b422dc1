//! A field's inline type became a schema generated as an alias of the same type
//! (`pub type Tags = Vec<String>`): code naming the old type still compiles.

use api::field_type_now_an_alias::types::Account;

pub fn witness(account: &Account) -> Option<Vec<String>> {
    let tags: &Option<Vec<String>> = &account.tags;
    tags.clone()
}
