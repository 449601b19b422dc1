//! A query flag named `validate` added: `validate()` on the request is still the trait's
//! check (the flag's setter is `validate2`).

use api::parameter_named_validate_added::runtime::Validate;

pub fn witness(
    client: &api::parameter_named_validate_added::Client,
    account_id: String,
    request_id: String,
    session: String,
) -> bool {
    client.get_account(account_id, request_id, session).validate().is_ok()
}
