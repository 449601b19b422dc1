//! An optional parameter made required: it becomes an argument, its setter is gone.

pub async fn witness(
    client: &api::parameter_now_required::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_now_required::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
