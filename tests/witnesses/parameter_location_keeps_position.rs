//! A parameter moved from cookie to query: it keeps its place among the arguments.

pub async fn witness(
    client: &api::parameter_location_keeps_position::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::parameter_location_keeps_position::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
