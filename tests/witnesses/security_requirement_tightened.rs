//! A second scheme required with the first: the call compiles unchanged (a client without the new credential fails at run time, as the reason says).

pub async fn witness(
    client: api::security_requirement_tightened::Client,
    token: api::security_requirement_tightened::Secret,
    client_id: String,
    client_secret: api::security_requirement_tightened::Secret,
) -> bool {
    let client = client.with_bearer_auth(token);
    let body = api::security_requirement_tightened::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.is_ok()
}
