//! A required union field now nullable: it becomes an `Option`.

pub async fn witness(
    client: &api::response_union_now_nullable::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<api::response_union_now_nullable::types::AccountOwner> {
    let account = client.get_account(account_id, request_id, session).await.ok()?;
    let owner: api::response_union_now_nullable::types::AccountOwner = account.owner;
    Some(owner)
}
