//! The first kind extending a base with the discriminator: the struct becomes the union of its kinds.

pub fn witness(account: &api::base_first_kind_added::types::Account) -> Option<String> {
    account.animal.as_ref().and_then(|animal| animal.name.clone())
}
