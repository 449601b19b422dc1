//! A server variable removed: its field and setter are gone.

pub fn witness(port: String) -> Option<(api::server_variable_removed::Client, String)> {
    let variables = api::server_variable_removed::ServerVariables::default().with_port(port);
    let client = api::server_variable_removed::Client::with_server(&variables).ok()?;
    Some((client, variables.port.clone()))
}
