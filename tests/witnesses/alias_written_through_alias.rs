//! An alias of `Vec<String>` written as `Vec<Tag>`, `Tag` an alias of `String`: the same type.

pub fn witness(account: &api::alias_written_through_alias::types::Account) -> Vec<String> {
    let labels: Option<api::alias_written_through_alias::types::Tags> = account.labels.clone();
    let plain: Vec<String> = labels.unwrap_or_default();
    plain
}
