//! A success status added with the same type: the operation's output is unchanged.

pub async fn witness(
    client: &api::success_status_added_same_type::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::success_status_added_same_type::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
