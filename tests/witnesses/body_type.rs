//! The request body's type changed: the old body type is no longer accepted.

pub async fn witness(
    client: &api::body_type::Client,
    client_id: String,
    client_secret: api::body_type::Secret,
) -> Option<api::body_type::types::AuthenticationClientSessionResponse> {
    let body = api::body_type::types::ClientSessionRequest::new(client_id, client_secret);
    client.post_api_client_session(body).await.ok()
}
