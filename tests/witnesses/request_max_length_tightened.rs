//! A request field's maxLength tightened: the Rust API is unchanged.

pub async fn witness(
    client: &api::request_max_length_tightened::Client,
    client_id: String,
    client_secret: api::request_max_length_tightened::Secret,
) -> Option<String> {
    let body = api::request_max_length_tightened::types::GetAccessTokenRequest::new(client_id, client_secret);
    let sent: &String = &body.client_id;
    let sent = sent.clone();
    client.get_access_token(body).await.ok().map(|response| format!("{sent} {}", response.token_type))
}
