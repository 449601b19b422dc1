//! A request list became `uniqueItems`: the Rust API is unchanged (the client refuses repeated items).

pub async fn witness(
    client: &api::request_unique_items_added::Client,
    client_id: String,
    client_secret: api::request_unique_items_added::Secret,
    scopes: Vec<String>,
) -> Option<String> {
    let body = api::request_unique_items_added::types::GetAccessTokenRequest::new(client_id, client_secret).with_scopes(scopes);
    client.get_access_token(body).await.ok().map(|response| response.token_type)
}
