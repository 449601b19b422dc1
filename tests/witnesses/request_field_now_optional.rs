//! A required request field made optional: it leaves `new` and becomes an `Option`.

pub fn witness(client_id: String, client_secret: api::request_field_now_optional::Secret) -> String {
    let body = api::request_field_now_optional::types::AuthorizeExternalServiceRequest::new(client_id, client_secret);
    body.client_id
}
