//! A discriminator value moved from one member to another: code still compiles.

pub fn witness(pet: &api::union_tag_value_moved::types::Pet) -> Option<i64> {
    match pet {
        api::union_tag_value_moved::types::Pet::Cat(cat) => cat.lives,
        _ => None,
    }
}
