//! A text body passed as a `&str`, which converted into it.

pub async fn witness(client: &api::text_body_now_json::Client) -> bool {
    client.post_note("remember the milk").await.is_ok()
}
