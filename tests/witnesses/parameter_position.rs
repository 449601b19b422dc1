//! A parameter moved from cookie to query, which moves it among the arguments.

pub async fn witness(
    client: &api::parameter_position::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::parameter_position::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
