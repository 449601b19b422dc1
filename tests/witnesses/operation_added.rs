//! An operation added: the existing operation is still called the same way.

pub async fn witness(
    client: &api::operation_added::Client,
    client_id: String,
    client_secret: api::operation_added::Secret,
) -> Option<api::operation_added::types::AuthorizeExternalServiceResponse> {
    let body = api::operation_added::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.ok()
}
