//! A new schema takes the name of a response struct's builder type: code naming the
//! builder type (a test helper's return type) must name the new one.

pub fn witness() -> api::builder_name_taken::types::AccountBuilder {
    api::builder_name_taken::types::Account::builder().id("a")
}
