//! A request media type dropped while application/x-www-form-urlencoded or JSON remains: calls are unchanged.

pub async fn witness(
    client: &api::body_media_type::Client,
    client_id: String,
    client_secret: api::body_media_type::Secret,
) -> Option<api::body_media_type::types::AuthenticationClientSessionResponse> {
    let body = api::body_media_type::types::ClientSessionRequest::new(client_id, client_secret);
    client.post_api_client_session(body).await.ok()
}
