//! The description of one value of a documented enum (a `oneOf` of string enums): the
//! value reads and names the same.

pub fn witness(standing: &api::docs_of_a_documented_enum_value::types::Standing) -> &str {
    match standing {
        api::docs_of_a_documented_enum_value::types::Standing::Frozen => "frozen",
        other => other.as_str(),
    }
}
