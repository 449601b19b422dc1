//! A discriminator's mapping gives one member a second value (`cat`, now also `kitty`):
//! the Rust API is the same; values with either are read as that member.

pub fn witness(account: &api::union_tag_value_added::types::Account) -> Option<i64> {
    match &account.pet {
        Some(api::union_tag_value_added::types::Pet::Cat(cat)) => cat.lives,
        _ => None,
    }
}
