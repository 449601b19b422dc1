//! A respelled wire name puts `new`'s arguments in another order: the call no longer
//! compiles (its arguments have other types).

use api::request_field_wire_name_reorders_new::Secret;
use api::request_field_wire_name_reorders_new::types::AuthorizeExternalServiceRequest;

pub fn witness(client_id: String, client_secret: Secret) -> AuthorizeExternalServiceRequest {
    AuthorizeExternalServiceRequest::new(client_id, client_secret)
}
