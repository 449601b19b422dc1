//! An enum's values reordered: code still compiles (only the derived `Ord` changes).

pub fn witness(mut statuses: Vec<api::enum_values_reordered::types::AccountStatus>) -> bool {
    statuses.sort();
    statuses.first() == Some(&api::enum_values_reordered::types::AccountStatus::Open)
}
