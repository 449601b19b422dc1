//! A schema `Hash` added beside `Hash2`: `Hash2` keeps its name and its fields.

use api::reserved_name_added_beside_its_2::types::Hash2;

pub fn witness(hash: &Hash2) -> &str {
    hash.name.as_str()
}
