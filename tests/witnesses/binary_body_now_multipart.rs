//! A binary body passed alone: a multipart body takes its `Content-Type` too.

pub async fn witness(client: &api::binary_body_now_multipart::Client) -> bool {
    client.upload_file(b"bytes".to_vec()).await.is_ok()
}
