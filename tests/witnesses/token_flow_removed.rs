//! The client-credentials flow removed: its token source and token URL go with it.

pub fn witness(secret: api::token_flow_removed::Secret) -> Option<&'static str> {
    api::token_flow_removed::o_auth_client_credentials("id", secret).ok()?;
    Some(api::token_flow_removed::O_AUTH_TOKEN_URL)
}
