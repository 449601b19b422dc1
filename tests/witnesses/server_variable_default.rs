//! A server variable's default changed: the API is unchanged.

pub fn witness() -> Option<(api::server_variable_default::Client, String)> {
    let variables = api::server_variable_default::ServerVariables::default();
    let client = api::server_variable_default::Client::with_server(&variables).ok()?;
    Some((client, variables.url()))
}
