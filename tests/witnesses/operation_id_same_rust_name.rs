//! An operationId changed to one with the same Rust name: calls are unchanged.

pub async fn witness(
    client: &api::operation_id_same_rust_name::Client,
    client_id: String,
    client_secret: api::operation_id_same_rust_name::Secret,
) -> Option<api::operation_id_same_rust_name::types::AuthenticationClientSessionResponse> {
    let body = api::operation_id_same_rust_name::types::ClientSessionRequest::new(client_id, client_secret);
    client.post_api_client_session(body).await.ok()
}
