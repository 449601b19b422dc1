//! A new query parameter takes the Rust name of an old one: the call still compiles,
//! and `limit(…)` now sets the new parameter (a silent break, listed in `SILENT`).

pub async fn witness(
    client: &api::parameter_name_taken::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::parameter_name_taken::types::Account> {
    client.get_account(account_id, request_id, session).limit(5).await.ok()
}
