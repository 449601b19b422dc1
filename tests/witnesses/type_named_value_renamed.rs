//! A schema named `Value` renamed: code naming it no longer compiles.

use api::type_named_value_renamed::types::Value;

pub fn witness(value: &Value) -> (&str, bool) {
    (value.name.as_str(), value.extra.is_some())
}
