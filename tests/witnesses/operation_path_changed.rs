//! An operation moved to another path: the method is unchanged.

pub async fn witness(
    client: &api::operation_path_changed::Client,
    client_id: String,
    client_secret: api::operation_path_changed::Secret,
) -> Option<api::operation_path_changed::types::AuthenticateClientResponse> {
    let grant_type = api::operation_path_changed::types::AuthenticateClientRequestGrantType::ClientCredentials;
    let body = api::operation_path_changed::types::AuthenticateClientRequest::new(client_id, client_secret, grant_type);
    client.authenticate_client(body).await.ok()
}
