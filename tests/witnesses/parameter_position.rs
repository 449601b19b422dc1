//! The path template's variables swap places, and so do the arguments.

pub async fn witness(client: &api::parameter_position::Client, account_id: String, card_number: i64) -> bool {
    client.get_card(account_id, card_number).await.is_ok()
}
