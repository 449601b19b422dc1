//! A 200 documented beside `default`: the success type is named after it now.

pub async fn witness(client: &api::success_added_beside_default::Client) -> Option<api::success_added_beside_default::types::CaptureDefault> {
    client.capture().await.ok()
}
