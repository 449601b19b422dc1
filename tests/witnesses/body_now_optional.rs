//! A required body made optional: it is no longer an argument of the operation.

pub async fn witness(
    client: &api::body_now_optional::Client,
    client_id: String,
    client_secret: api::body_now_optional::Secret,
) -> Option<api::body_now_optional::types::AuthorizeExternalServiceResponse> {
    let body = api::body_now_optional::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.ok()
}
