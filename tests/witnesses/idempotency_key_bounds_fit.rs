//! A key header whose bounds now fit a UUID: code setting it still compiles.

pub async fn witness(
    client: &api::idempotency_key_bounds_fit::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::idempotency_key_bounds_fit::types::Account> {
    client.get_account(account_id, request_id, session).idempotency_key("order-17").await.ok()
}
