//! A server added: `Client::new` with an explicit URL still compiles.

pub fn witness(base_url: &str) -> Option<api::server_added::Client> {
    api::server_added::Client::new(base_url).ok()
}
