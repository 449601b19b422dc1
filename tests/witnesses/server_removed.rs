//! The only server removed: the default server and its variables are gone.

pub fn witness() -> Option<api::server_removed::Client> {
    let variables = api::server_removed::ServerVariables::default();
    api::server_removed::Client::with_default_server()
        .ok()
        .or_else(|| api::server_removed::Client::with_server(&variables).ok())
}
