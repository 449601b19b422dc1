//! An error range documented beside a status of its own: code matching the 404 still compiles.

pub async fn witness(
    client: &api::error_range_added::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> bool {
    matches!(
        client.get_account(account_id, request_id, session).await,
        Err(api::error_range_added::Error::Api { error: api::error_range_added::GetAccountError::NotFound, .. })
    )
}
