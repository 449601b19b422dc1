//! The token declaration's maximum lifetime changed: the token source is built the same way.

pub fn witness(
    client: api::token_changed::Client,
    client_id: String,
    client_secret: api::token_changed::Secret,
    grant_type: api::token_changed::types::AuthenticateClientRequestGrantType,
) -> (String, impl Sized) {
    let body = api::token_changed::types::AuthenticateClientRequest::new(client_id, client_secret, grant_type);
    let cache = api::token_changed::TokenSource::new(client, body).into_cache();
    (api::token_changed::TOKEN_MAPPING.token.to_owned(), cache)
}
