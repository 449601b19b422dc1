//! An optional request field now required: `new` takes one more argument.

pub fn witness(
    client_id: String,
    client_secret: api::request_field_now_required::Secret,
) -> api::request_field_now_required::types::AuthorizeExternalServiceRequest {
    api::request_field_now_required::types::AuthorizeExternalServiceRequest::new(client_id, client_secret)
        .with_merchant_id("m-1")
}
