//! A parameter moved from header to query without changing its position: calls are unchanged.

pub async fn witness(
    client: &api::parameter_location::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::parameter_location::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
