//! A required field now optional with a default: its Rust type stays.

pub async fn witness(
    client: &api::response_field_optional_with_default::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::response_field_optional_with_default::types::AccountStatus> {
    client.get_account(account_id, request_id, session).await.ok().map(|account| account.status)
}
