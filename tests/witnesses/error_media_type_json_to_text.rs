//! A documented error body sent as text instead of JSON: its Rust type stays.

pub fn witness(
    error: &api::error_media_type_json_to_text::Error<api::error_media_type_json_to_text::GetAccountError>,
) -> Option<String> {
    match error {
        api::error_media_type_json_to_text::Error::Api {
            error: api::error_media_type_json_to_text::GetAccountError::BadRequest(text),
            ..
        } => Some(text.clone()),
        _ => None,
    }
}
