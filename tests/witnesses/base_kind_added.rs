//! Another kind extending a base with the discriminator: the union of its kinds is open.

pub fn witness(account: &api::base_kind_added::types::Account) -> Option<i64> {
    match &account.animal {
        Some(api::base_kind_added::types::Animal::Bird(bird)) => bird.wings,
        _ => None,
    }
}
