//! A response array's maxItems tightened: the field and its builder setter are unchanged.

pub fn witness(account: &api::response_max_items_tightened::types::Account, tags: Vec<String>) -> Option<Vec<String>> {
    let copy = api::response_max_items_tightened::types::Account::builder()
        .id(account.id.clone())
        .status(account.status.clone())
        .tags(tags)
        .build()
        .ok()?;
    copy.tags
}
