//! A multipart body gained a part: the caller builds the parts, so the Rust API is the same.

pub async fn witness(client: &api::body_part_added::Client, body: Vec<u8>, content_type: String) -> bool {
    client.upload_document(body, content_type).await.is_ok()
}
