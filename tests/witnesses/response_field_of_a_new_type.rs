//! A response field of a new type added: code reading the others still compiles.

pub async fn witness(
    client: &api::response_field_of_a_new_type::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<usize> {
    client.get_account(account_id, request_id, session).await.ok().map(|account| account.tags.map_or(0, |t| t.len()))
}
