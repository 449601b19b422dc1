//! An error body's type changed (map values from string to integer).

pub async fn witness(
    client: &api::error_status_type::Client,
    grant_type: api::error_status_type::types::CreateOAuthTokenRequestGrantType,
) -> Option<String> {
    let body = api::error_status_type::types::CreateOAuthTokenRequest::new(grant_type);
    match client.create_o_auth_token(body).await {
        Err(api::error_status_type::Error::Api {
            error: api::error_status_type::CreateOAuthTokenError::Forbidden(reasons),
            ..
        }) => {
            let reasons: std::collections::BTreeMap<String, String> = reasons;
            reasons.get("error").cloned()
        }
        _ => None,
    }
}
