//! A request enum value added: the values used still exist, matches have a catch-all arm.

pub fn witness(grant_type: &api::request_enum_value_added::types::AuthenticateClientRequestGrantType) -> bool {
    match grant_type {
        api::request_enum_value_added::types::AuthenticateClientRequestGrantType::ClientCredentials => true,
        _ => false,
    }
}
