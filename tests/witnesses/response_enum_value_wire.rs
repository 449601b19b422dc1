//! A response enum value is spelled otherwise on the wire under the same variant.

pub fn witness(status: &api::response_enum_value_wire::types::AccountStatus) -> bool {
    matches!(status, api::response_enum_value_wire::types::AccountStatus::Closed)
}
