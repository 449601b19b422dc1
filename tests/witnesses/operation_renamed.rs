//! An operation renamed: the old method name is gone.

pub async fn witness(
    client: &api::operation_renamed::Client,
    client_id: String,
    client_secret: api::operation_renamed::Secret,
) -> Option<api::operation_renamed::types::AuthorizeExternalServiceResponse> {
    let body = api::operation_renamed::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.ok()
}
