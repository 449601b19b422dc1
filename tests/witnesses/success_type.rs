//! The success type changed from an object to an array.

pub async fn witness(
    client: &api::success_type::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::success_type::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
