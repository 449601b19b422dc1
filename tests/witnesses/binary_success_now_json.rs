//! A binary success streamed: `send_streaming` is gone once the success is JSON.

pub async fn witness(client: &api::binary_success_now_json::Client) -> bool {
    client.get_statement("s-1").send_streaming().await.is_ok()
}
