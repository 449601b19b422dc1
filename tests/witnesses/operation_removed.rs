//! An operation removed: calling it no longer compiles.

pub async fn witness(
    client: &api::operation_removed::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::operation_removed::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
