//! A pattern added and a minLength loosened on a request field: the Rust API is unchanged.

pub async fn witness(
    client: &api::request_pattern_added_min_length_loosened::Client,
    client_id: String,
    client_secret: api::request_pattern_added_min_length_loosened::Secret,
) -> Option<api::request_pattern_added_min_length_loosened::types::AuthorizeExternalServiceResponse> {
    let body = api::request_pattern_added_min_length_loosened::types::AuthorizeExternalServiceRequest::new(
        client_id,
        client_secret,
    );
    client.authorize_external_service(body).await.ok()
}
