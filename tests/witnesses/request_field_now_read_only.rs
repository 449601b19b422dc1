//! An optional request field now `readOnly`: code setting it still compiles.

pub async fn witness(
    client: &api::request_field_now_read_only::Client,
    client_id: String,
    client_secret: api::request_field_now_read_only::Secret,
) -> Option<String> {
    let body = api::request_field_now_read_only::types::GetAccessTokenRequest::new(client_id, client_secret)
        .with_note("set by the caller".to_owned());
    let note: &Option<String> = &body.note;
    let note = note.clone();
    client.get_access_token(body).await.ok().map(|response| format!("{note:?} {}", response.token_type))
}
