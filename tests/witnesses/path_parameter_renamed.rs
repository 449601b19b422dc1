//! The path's variables are renamed: the URLs are the same and the arguments keep their
//! places, so calls compile unchanged.

pub async fn witness(client: &api::path_parameter_renamed::Client, account_id: String, card_number: i64) -> bool {
    client.get_card(account_id, card_number).await.is_ok()
}
