//! Test-only crate: see the files next to this one.
