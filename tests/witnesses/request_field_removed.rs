//! A request field removed: reading it no longer compiles.

pub fn witness(client_id: String, client_secret: api::request_field_removed::Secret) -> String {
    let body = api::request_field_removed::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    body.client_id
}
