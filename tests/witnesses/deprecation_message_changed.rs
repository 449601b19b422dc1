//! What to use instead of a deprecated field changed: code still compiles.

pub async fn witness(
    client: &api::deprecation_message_changed::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<String> {
    client.get_account(account_id, request_id, session).await.ok().map(|account| account.id.to_string())
}
