//! A header parameter's name in another case: nothing changes for callers.

pub async fn witness(
    client: &api::header_name_case::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<String> {
    client.get_account(account_id, request_id, session).await.ok().map(|account| account.id.to_string())
}
