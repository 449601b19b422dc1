//! A field was a `uuid::Uuid` and is now a schema named `Uuid` that is a string: code
//! using it as a UUID no longer compiles.

use api::field_type_builtin_to_a_schema_of_its_name::types::Account;

pub fn witness(account: &Account) -> Option<bool> {
    account.key.as_ref().map(|key| key.is_nil())
}
