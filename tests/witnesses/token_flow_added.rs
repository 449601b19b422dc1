//! An OAuth 2.0 scheme with a client-credentials flow added: code using the bearer scheme
//! still compiles.

pub fn witness(base_url: &str, token: api::token_flow_added::Secret) -> Option<api::token_flow_added::Client> {
    Some(api::token_flow_added::Client::new(base_url).ok()?.with_bearer_auth(token))
}
