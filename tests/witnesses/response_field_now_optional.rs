//! A required response field made optional: it becomes an `Option`.

pub async fn witness(
    client: &api::response_field_now_optional::Client,
    client_id: String,
    client_secret: api::response_field_now_optional::Secret,
) -> Option<String> {
    let body = api::response_field_now_optional::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    match client.authorize_external_service(body).await {
        Err(api::response_field_now_optional::Error::Api {
            error: api::response_field_now_optional::AuthorizeExternalServiceError::Unauthorized(unauthorized),
            ..
        }) => {
            let reason: String = unauthorized.error.reason;
            Some(reason)
        }
        _ => None,
    }
}
