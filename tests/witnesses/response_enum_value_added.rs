//! A response enum value added: matches on the open enum already have a catch-all arm.

pub fn witness(data: &api::response_enum_value_added::types::AuthorizeExternalServiceResponseData) -> String {
    match &data.token_type {
        api::response_enum_value_added::types::AuthorizeExternalServiceResponseDataTokenType::Bearer => {
            "Bearer".to_owned()
        }
        api::response_enum_value_added::types::AuthorizeExternalServiceResponseDataTokenType::Unrecognized(other) => {
            other.clone()
        }
        other => other.as_str().to_owned(),
    }
}
