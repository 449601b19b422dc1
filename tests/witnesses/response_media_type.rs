//! An error's media type changed with the same schema: the error variant is unchanged.

pub async fn witness(
    client: &api::response_media_type::Client,
    grant_type: api::response_media_type::types::CreateOAuthTokenRequestGrantType,
) -> Option<String> {
    let body = api::response_media_type::types::CreateOAuthTokenRequest::new(grant_type);
    match client.create_o_auth_token(body).await {
        Err(api::response_media_type::Error::Api {
            error: api::response_media_type::CreateOAuthTokenError::Forbidden(reasons),
            ..
        }) => {
            let reasons: std::collections::BTreeMap<String, String> = reasons;
            reasons.get("error").cloned()
        }
        _ => None,
    }
}
