//! A required request field added: `new` with the old arguments no longer compiles.

pub async fn witness(
    client: &api::request_required_field_added::Client,
    client_id: String,
    client_secret: api::request_required_field_added::Secret,
) -> Option<api::request_required_field_added::types::AuthorizeExternalServiceResponse> {
    let body = api::request_required_field_added::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.ok()
}
