//! A required request field made nullable: `new` takes an `Option` for it.

pub async fn witness(
    client: &api::request_field_nullable::Client,
    client_id: String,
    client_secret: api::request_field_nullable::Secret,
) -> Option<String> {
    let body = api::request_field_nullable::types::GetAccessTokenRequest::new(client_id, client_secret);
    let sent: &String = &body.client_id;
    let sent = sent.clone();
    client.get_access_token(body).await.ok().map(|response| format!("{sent} {}", response.token_type))
}
