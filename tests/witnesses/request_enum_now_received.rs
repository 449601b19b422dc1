//! A request enum is now also received: it gains `Unrecognized(String)`. No enum is
//! `Copy`, `as_str` borrows from the value whether it is open or closed, and every enum
//! is `non_exhaustive`: code that cloned, matched and read the closed enum still
//! compiles.

use api::request_enum_now_received::types::GrantType;

pub fn witness(grant_type: &GrantType) -> (String, GrantType, bool) {
    let copy = grant_type.clone();
    let listed = matches!(grant_type, GrantType::ClientCredentials);
    (grant_type.as_str().to_owned(), copy, listed)
}
