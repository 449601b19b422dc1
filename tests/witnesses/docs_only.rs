//! Documentation only (version and summary): nothing to change.

pub async fn witness(
    client: &api::docs_only::Client,
    client_id: String,
    client_secret: api::docs_only::Secret,
) -> Option<api::docs_only::types::AuthorizeExternalServiceResponse> {
    let body = api::docs_only::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    client.authorize_external_service(body).await.ok()
}
