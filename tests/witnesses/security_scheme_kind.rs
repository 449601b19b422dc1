//! A scheme changed from bearer to basic: its setter takes other arguments.

pub fn witness(base_url: &str, token: api::security_scheme_kind::Secret) -> Option<api::security_scheme_kind::Client> {
    Some(api::security_scheme_kind::Client::new(base_url).ok()?.with_bearer_auth(token))
}
