//! A parameter's type changed (int32 to int64): the old value no longer fits.

pub async fn witness(
    client: &api::parameter_type::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_type::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
