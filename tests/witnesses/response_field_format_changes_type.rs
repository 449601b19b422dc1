//! A response field's format changed from int32 to int64.

pub async fn witness(
    client: &api::response_field_format_changes_type::Client,
    client_id: String,
    client_secret: api::response_field_format_changes_type::Secret,
) -> Vec<i32> {
    let body = api::response_field_format_changes_type::types::ClientSessionRequest::new(client_id, client_secret);
    match client.post_api_client_session(body).await {
        Err(api::response_field_format_changes_type::Error::Api {
            error: api::response_field_format_changes_type::PostApiClientSessionError::BadRequest(rules),
            ..
        }) => rules.into_iter().filter_map(|rule| rule.error_code).collect(),
        _ => Vec::new(),
    }
}
