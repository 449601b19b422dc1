//! A request field's maxLength removed (its type's last constraint): the Rust API is
//! unchanged, `validate()` on the body and on the request included.

use api::request_max_length_loosened::runtime::Validate;

pub async fn witness(
    client: &api::request_max_length_loosened::Client,
    client_id: String,
    client_secret: api::request_max_length_loosened::Secret,
) -> Option<api::request_max_length_loosened::types::AuthenticationClientSessionResponse> {
    let body = api::request_max_length_loosened::types::ClientSessionRequest::new(client_id, client_secret);
    body.validate().ok()?;
    let request = client.post_api_client_session(body);
    request.validate().ok()?;
    request.await.ok()
}
