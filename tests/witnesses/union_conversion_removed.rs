//! A second text member (an email) means `OwnerRef` no longer converts from text: a call
//! passing a name as it is stops compiling.

pub fn witness(client: &api::union_conversion_removed::Client) -> api::union_conversion_removed::GetAccount<'_> {
    client.get_account("acc-1", "req-1", "session").owner("ada")
}
