//! Two path variables swap names: the same call requests the same URL.

pub async fn witness(client: &api::path_variables_swap_names::Client, first: String, second: String) -> bool {
    client.get_branch(first, second).await.is_ok()
}
