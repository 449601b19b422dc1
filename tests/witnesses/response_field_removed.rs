//! A response field removed: reading it no longer compiles.

pub async fn witness(
    client: &api::response_field_removed::Client,
    client_id: String,
    client_secret: api::response_field_removed::Secret,
) -> Option<String> {
    let body = api::response_field_removed::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    match client.authorize_external_service(body).await {
        Err(api::response_field_removed::Error::Api {
            error: api::response_field_removed::AuthorizeExternalServiceError::Unauthorized(unauthorized),
            ..
        }) => unauthorized.error.message,
        _ => None,
    }
}
