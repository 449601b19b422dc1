//! `OwnerRef` becomes a query parameter and gains conversions: code that built it by
//! variant still compiles.

pub fn witness(name: String) -> api::union_conversion_added::types::OwnerRef {
    api::union_conversion_added::types::OwnerRef::String(name)
}
