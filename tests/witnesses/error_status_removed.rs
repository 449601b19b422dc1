//! An error status removed: naming its variant no longer compiles.

pub fn witness(error: &api::error_status_removed::Error<api::error_status_removed::GetAccountError>) -> bool {
    matches!(
        error,
        api::error_status_removed::Error::Api { error: api::error_status_removed::GetAccountError::NotFound, .. }
    )
}
