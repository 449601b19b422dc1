//! An optional request body added: the call without it still compiles.

pub async fn witness(
    client: &api::body_optional_added::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::body_optional_added::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
