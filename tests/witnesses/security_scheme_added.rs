//! A security scheme added: the existing credential setter is unchanged.

pub fn witness(
    base_url: &str,
    token: api::security_scheme_added::Secret,
) -> Option<api::security_scheme_added::Client> {
    Some(api::security_scheme_added::Client::new(base_url).ok()?.with_bearer_auth(token))
}
