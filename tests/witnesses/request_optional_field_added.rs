//! An optional request field added: `new` takes the same arguments, the fields read are still there.

pub async fn witness(
    client: &api::request_optional_field_added::Client,
    client_id: String,
    client_secret: api::request_optional_field_added::Secret,
) -> Option<String> {
    let body = api::request_optional_field_added::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    let sent: String = body.client_id.clone();
    client.authorize_external_service(body).await.ok().map(|_| sent)
}
