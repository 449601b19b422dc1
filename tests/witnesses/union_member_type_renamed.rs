//! A union member whose type was renamed: its variant takes the new name, so matching
//! the old variant no longer compiles.

pub fn witness(owner: &api::union_member_type_renamed::types::AccountOwner) -> bool {
    matches!(owner, api::union_member_type_renamed::types::AccountOwner::Company(_))
}
