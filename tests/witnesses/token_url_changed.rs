//! The token URL changed: the same items, another endpoint.

pub fn witness(secret: api::token_url_changed::Secret) -> Option<(&'static str, api::token_url_changed::Client)> {
    api::token_url_changed::o_auth_client_credentials("id", secret).ok()?;
    let client = api::token_url_changed::Client::new(api::token_url_changed::O_AUTH_TOKEN_URL).ok()?;
    Some((api::token_url_changed::O_AUTH_TOKEN_URL, client))
}
