//! A parameter's maximum tightened: the Rust API is unchanged (the server may reject more).

pub async fn witness(
    client: &api::parameter_constraint_tightened::Client,
    account_id: String,
    request_id: String,
    session: String,
    limit: i32,
) -> Option<api::parameter_constraint_tightened::types::Account> {
    client.get_account(account_id, request_id, session).limit(limit).await.ok()
}
