//! A required parameter added: the call with the old arguments no longer compiles.

pub async fn witness(
    client: &api::parameter_required_added::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::parameter_required_added::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
