//! An optional parameter removed: its setter is gone.

pub async fn witness(
    client: &api::parameter_removed::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_removed::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
