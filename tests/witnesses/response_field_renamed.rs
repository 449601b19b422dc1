//! A response field removed and another added with its description (a renaming, by the
//! look of it): code reading the old field no longer compiles.

pub fn witness(error: &api::response_field_renamed::types::UnauthorizedError) -> Option<&str> {
    error.message.as_deref()
}
