//! A union member's maxLength tightened: the Rust API is unchanged.

pub async fn witness(
    client: &api::union_member_max_length_tightened::Client,
    client_id: String,
    client_secret: api::union_member_max_length_tightened::Secret,
    code: String,
) -> Option<String> {
    use api::union_member_max_length_tightened::types::{GetAccessTokenRequest, GetAccessTokenRequestChannel};
    let body = GetAccessTokenRequest::new(client_id, client_secret).with_channel(GetAccessTokenRequestChannel::Code(code));
    client.get_access_token(body).await.ok().map(|response| response.token_type)
}
