//! A parameter deprecated: its builder method still compiles (with a deprecation warning).

pub async fn witness(
    client: &api::parameter_deprecated::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_deprecated::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
