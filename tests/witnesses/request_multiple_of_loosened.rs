//! A request number's `multipleOf` loosened: the Rust API is unchanged.

pub async fn witness(
    client: &api::request_multiple_of_loosened::Client,
    client_id: String,
    client_secret: api::request_multiple_of_loosened::Secret,
    weight: f64,
) -> Option<String> {
    let body = api::request_multiple_of_loosened::types::GetAccessTokenRequest::new(client_id, client_secret).with_weight(weight);
    client.get_access_token(body).await.ok().map(|response| response.token_type)
}
