//! An error's body is a form instead of JSON, with the same schema: the error variant is
//! unchanged (binaries built before decode the form as JSON).

pub async fn witness(
    client: &api::error_media_type_json_to_form::Client,
    grant_type: api::error_media_type_json_to_form::types::CreateOAuthTokenRequestGrantType,
) -> Option<String> {
    let body = api::error_media_type_json_to_form::types::CreateOAuthTokenRequest::new(grant_type);
    match client.create_o_auth_token(body).await {
        Err(api::error_media_type_json_to_form::Error::Api {
            error: api::error_media_type_json_to_form::CreateOAuthTokenError::Forbidden(reasons),
            ..
        }) => {
            let reasons: std::collections::BTreeMap<String, String> = reasons;
            reasons.get("error").cloned()
        }
        _ => None,
    }
}
