//! A request enum is now also received: it gains `Unrecognized(String)`, so it is no
//! longer `Copy` (the value is used after the copy) and `as_str` no longer gives a
//! `&'static str` (the text outlives the value).

use api::request_enum_now_received::types::GrantType;

pub fn witness(grant_type: GrantType) -> (&'static str, GrantType) {
    let copy = grant_type;
    (grant_type.as_str(), copy)
}
