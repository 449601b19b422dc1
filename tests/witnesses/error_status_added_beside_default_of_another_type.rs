//! An error status added beside a default: matches on the error enum already have a
//! catch-all arm.

pub fn witness(
    error: &api::error_status_added_beside_default_of_another_type::Error<
        api::error_status_added_beside_default_of_another_type::GetAccountError,
    >,
) -> Option<String> {
    match error {
        api::error_status_added_beside_default_of_another_type::Error::Api {
            error: api::error_status_added_beside_default_of_another_type::GetAccountError::Default(problem),
            ..
        } => Some(problem.title.clone()),
        _ => None,
    }
}
