//! The document deprecates a schema: code naming its type warns, and still compiles.

use api::type_deprecated::types::Person;

pub fn witness() -> Option<String> {
    let person = Person::builder().name("Ada").build().ok()?;
    Some(person.name)
}
