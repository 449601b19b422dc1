//! An operation deprecated: calls still compile (with a warning).

pub async fn witness(
    client: &api::operation_deprecated::Client,
    client_id: String,
    client_secret: api::operation_deprecated::Secret,
) -> Option<String> {
    let body = api::operation_deprecated::types::GetAccessTokenRequest::new(client_id, client_secret);
    let sent: &String = &body.client_id;
    let sent = sent.clone();
    client.get_access_token(body).await.ok().map(|response| format!("{sent} {}", response.token_type))
}
