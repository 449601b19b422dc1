//! A named type renamed (the same struct under another name): naming it by its old name
//! no longer compiles.

pub fn witness(trustee: String) -> api::type_renamed::types::Trust {
    api::type_renamed::types::Trust::new(trustee)
}
