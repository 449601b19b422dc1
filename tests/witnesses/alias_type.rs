//! An alias's target type changed from string to integer.

pub fn witness(id: String) -> api::alias_type::types::AccountId {
    id
}
