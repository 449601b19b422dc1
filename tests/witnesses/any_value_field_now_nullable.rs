//! A field of any JSON value now nullable: still an `Option<Value>`, whose `null` is `Some(Value::Null)`.

pub fn witness(account: &api::any_value_field_now_nullable::types::Account) -> bool {
    account.extra.as_ref().is_some_and(|extra| extra.is_null())
}
