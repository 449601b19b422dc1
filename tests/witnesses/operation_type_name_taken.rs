//! A new operation's request type takes the name of an old one's error enum: code
//! naming the error enum must name the new one.

pub fn witness(
    error: &api::operation_type_name_taken::Error<api::operation_type_name_taken::GetAccountError>,
) -> bool {
    matches!(
        error,
        api::operation_type_name_taken::Error::Api {
            error: api::operation_type_name_taken::GetAccountError::NotFound,
            ..
        }
    )
}
