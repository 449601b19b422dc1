//! A type that changed (a response field added) beside a new type of its old shape: the
//! type is still there under its name, so code reading it still compiles.

pub fn witness(person: &api::type_changed_beside_its_old_shape::types::Person) -> &str {
    &person.name
}
