//! A bearer scheme rewritten as an API key in the `Authorization` header: `with_bearer_auth`
//! still takes one argument, but a token cache can no longer be given.

pub fn witness(
    client: api::token_provider_removed::Client,
    source: api::token_provider_removed::TokenSource,
) -> api::token_provider_removed::Client {
    client.with_bearer_auth_provider(source.into_cache())
}
