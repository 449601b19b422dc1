//! A required response field made nullable: it becomes an `Option<_>`.

pub async fn witness(
    client: &api::response_required_field_nullable::Client,
    client_id: String,
    client_secret: api::response_required_field_nullable::Secret,
) -> Vec<i32> {
    let body = api::response_required_field_nullable::types::ClientSessionRequest::new(client_id, client_secret);
    match client.post_api_client_session(body).await {
        Err(api::response_required_field_nullable::Error::Api {
            error: api::response_required_field_nullable::PostApiClientSessionError::BadRequest(rules),
            ..
        }) => rules.into_iter().map(|rule| rule.error_code).collect(),
        _ => Vec::new(),
    }
}
