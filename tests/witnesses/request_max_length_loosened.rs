//! A request field's maxLength removed: the Rust API is unchanged.

pub async fn witness(
    client: &api::request_max_length_loosened::Client,
    client_id: String,
    client_secret: api::request_max_length_loosened::Secret,
) -> Option<api::request_max_length_loosened::types::AuthenticationClientSessionResponse> {
    let body = api::request_max_length_loosened::types::ClientSessionRequest::new(client_id, client_secret);
    client.post_api_client_session(body).await.ok()
}
