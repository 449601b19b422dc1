//! A security scheme's key changed (`bearerAuth` → `bearer_auth`): the same setters.

pub fn witness(
    client: api::security_scheme_renamed::Client,
    token: api::security_scheme_renamed::Secret,
    source: api::security_scheme_renamed::TokenSource,
) -> api::security_scheme_renamed::Client {
    client.with_bearer_auth(token).with_bearer_auth_provider(source.into_cache())
}
