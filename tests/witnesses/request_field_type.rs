//! A request field's type changed from string to integer.

pub async fn witness(
    client: &api::request_field_type::Client,
    client_id: String,
    client_secret: api::request_field_type::Secret,
) -> Option<String> {
    let body = api::request_field_type::types::GetAccessTokenRequest::new(client_id, client_secret);
    let sent: &String = &body.client_id;
    let sent = sent.clone();
    client.get_access_token(body).await.ok().map(|response| format!("{sent} {}", response.token_type))
}
