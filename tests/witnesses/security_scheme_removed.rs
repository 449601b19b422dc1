//! A security scheme removed: its credential setter is gone.

pub fn witness(
    base_url: &str,
    username: String,
    password: api::security_scheme_removed::Secret,
) -> Option<api::security_scheme_removed::Client> {
    Some(api::security_scheme_removed::Client::new(base_url).ok()?.with_basic_auth(username, password))
}
