//! A named type removed: naming it no longer compiles.

pub fn witness(trustee: String) -> api::type_removed::types::Trust {
    api::type_removed::types::Trust::new(trustee)
}
