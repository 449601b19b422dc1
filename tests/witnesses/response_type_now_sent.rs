//! A new operation sends a struct only received before: it gains `new(…)` and `with_…`
//! setters and keeps its builder, so a fake of a response built with it, and code
//! reading its fields and matching its open enum and union, still compile. Every struct
//! implements `Validate`, whichever way it travels (`Person` has nothing to check).

use api::response_type_now_sent::runtime::Validate;
use api::response_type_now_sent::types::{Account, AccountOwner, AccountStatus, Person};

pub fn witness() -> Option<(String, bool, bool)> {
    let person = Person::builder().name("Ada").build().ok()?;
    person.validate().ok()?;
    let account = Account::builder()
        .id("acc-1")
        .status(AccountStatus::Unrecognized("frozen".to_owned()))
        .tags(vec!["vip".to_owned()])
        .owner(AccountOwner::Person(person))
        .build()
        .ok()?;
    let open = matches!(account.status, AccountStatus::Open);
    let person = matches!(account.owner, Some(AccountOwner::Person(_)));
    Some((account.id.clone(), open, person))
}
