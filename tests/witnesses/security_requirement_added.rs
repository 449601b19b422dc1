//! A security requirement added to an operation: the call compiles unchanged (the credential is now sent).

pub async fn witness(
    client: api::security_requirement_added::Client,
    token: api::security_requirement_added::Secret,
    client_id: String,
    client_secret: api::security_requirement_added::Secret,
) -> bool {
    let client = client.with_bearer_auth(token);
    let body = api::security_requirement_added::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.is_ok()
}
