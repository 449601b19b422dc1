//! An error status added: matches on the error enum already have a catch-all arm.

pub fn witness(
    error: &api::error_status_added::Error<api::error_status_added::AuthenticateClientError>,
) -> Option<u16> {
    match error {
        api::error_status_added::Error::Api { status, .. } => Some(*status),
        _ => None,
    }
}
