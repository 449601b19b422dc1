//! A server variable added with a default: the variables are built from `default()` and setters, so it still compiles.

pub fn witness(domain: String) -> Option<(api::server_variable_added::Client, String)> {
    let variables = api::server_variable_added::ServerVariables::default().with_domain(domain);
    let client = api::server_variable_added::Client::with_server(&variables).ok()?;
    Some((client, variables.domain.clone()))
}
