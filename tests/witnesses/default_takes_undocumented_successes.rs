//! A `default` error added: matches on the error enum already have a catch-all arm.

pub async fn witness(
    client: &api::default_takes_undocumented_successes::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Option<u16> {
    match client.get_account(account_id, request_id, session).await {
        Err(api::default_takes_undocumented_successes::Error::Api { status, .. }) => Some(status),
        _ => None,
    }
}
