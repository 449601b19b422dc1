//! A required response field added: faked responses still build (the builder gains a setter) and the fields read are still there.

pub fn witness(access_token: api::response_required_field_added::Secret, token_type: String) -> Option<(i64, String)> {
    let response = api::response_required_field_added::types::GetAccessTokenResponse::builder()
        .access_token(access_token)
        .expiration_time(0)
        .token_type(token_type)
        .token_validity_sec(3600)
        .build()
        .ok()?;
    Some((response.token_validity_sec, response.token_type))
}
