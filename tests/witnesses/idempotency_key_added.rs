//! An optional `Idempotency-Key` header added: the call without it still compiles (the
//! client now sends a key of its own).

pub async fn witness(
    client: &api::idempotency_key_added::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::idempotency_key_added::types::Account> {
    client.get_account(account_id, request_id, session).await.ok()
}
