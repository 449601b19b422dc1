//! A discriminator's value for one member changes (`cat` → `kitty`): the Rust API is the
//! same; only which values are read as that member changes.

pub fn witness(account: &api::union_tag_value::types::Account) -> Option<i64> {
    match &account.pet {
        Some(api::union_tag_value::types::Pet::Cat(cat)) => cat.lives,
        _ => None,
    }
}
