//! A field added beside string-valued additional properties: reading them still compiles.

pub async fn witness(
    client: &api::response_field_added_beside_additional_properties::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> Vec<String> {
    match client.get_account(account_id, request_id, session).await {
        Ok(account) => account.additional_properties.into_keys().collect(),
        Err(_) => Vec::new(),
    }
}
