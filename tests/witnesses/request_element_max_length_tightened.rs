//! A request field's items' maxLength tightened: the Rust API is unchanged.

pub async fn witness(
    client: &api::request_element_max_length_tightened::Client,
    client_id: String,
    client_secret: api::request_element_max_length_tightened::Secret,
    scopes: Vec<String>,
) -> Option<String> {
    let body = api::request_element_max_length_tightened::types::GetAccessTokenRequest::new(client_id, client_secret)
        .with_scopes(scopes);
    let sent: &Option<Vec<String>> = &body.scopes;
    let sent = sent.clone().unwrap_or_default().join(" ");
    client.get_access_token(body).await.ok().map(|response| format!("{sent} {}", response.token_type))
}
