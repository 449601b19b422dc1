//! The default server's URL changed: the constant and constructor are unchanged.

pub fn witness() -> Option<(api::server_default_changed::Client, &'static str)> {
    Some((
        api::server_default_changed::Client::with_default_server().ok()?,
        api::server_default_changed::DEFAULT_BASE_URL,
    ))
}
