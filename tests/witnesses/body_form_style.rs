//! A form body's list property gained a style (items joined by spaces, where each was a
//! pair of its own): the Rust API is unchanged.

pub async fn witness(
    client: &api::body_form_style::Client,
    grant_type: api::body_form_style::types::CreateOAuthTokenRequestGrantType,
    scopes: Vec<String>,
) -> Option<String> {
    let body = api::body_form_style::types::CreateOAuthTokenRequest::new(grant_type).with_scopes(scopes);
    client.create_o_auth_token(body).await.ok().and_then(|token| token.token_type)
}
