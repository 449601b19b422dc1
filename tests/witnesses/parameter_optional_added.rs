//! An optional parameter added: the call without it still compiles.

pub async fn witness(
    client: &api::parameter_optional_added::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_optional_added::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
