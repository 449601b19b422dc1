//! A required field made optional with a default: it leaves `new`.

pub async fn witness(
    client: &api::request_field_default_added::Client,
    client_id: String,
    client_secret: api::request_field_default_added::Secret,
) -> Option<api::request_field_default_added::types::AuthenticateClientResponse> {
    let grant_type = api::request_field_default_added::types::AuthenticateClientRequestGrantType::ClientCredentials;
    let body =
        api::request_field_default_added::types::AuthenticateClientRequest::new(client_id, client_secret, grant_type);
    client.authenticate_client(body).await.ok()
}
