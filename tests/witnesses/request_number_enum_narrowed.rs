//! A request number's `enum` lost a value: the Rust API is unchanged (the client refuses more).

pub async fn witness(
    client: &api::request_number_enum_narrowed::Client,
    client_id: String,
    client_secret: api::request_number_enum_narrowed::Secret,
    attempt: i64,
) -> Option<String> {
    let body = api::request_number_enum_narrowed::types::GetAccessTokenRequest::new(client_id, client_secret).with_attempt(attempt);
    client.get_access_token(body).await.ok().map(|response| response.token_type)
}
