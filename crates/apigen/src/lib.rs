//! `apigen`: generates Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: read JSON or YAML (by file extension) into a `serde_json::Value`, after
//!    [`nesting`] has checked in one linear pass that it does not nest too deeply,
//!    and [`bundle`] the files it references into one document;
//! 2. [`normalize`]: rewrite 3.1 constructs into the 3.0 model;
//! 3. [`overlay`]: apply the API's Overlay 1.0 document (corrections kept apart from vendor text);
//! 4. [`check`]: warn about structural lies and unknown keywords in the effective document;
//! 5. [`parse`]: deserialize into `openapiv3`'s typed model;
//! 6. [`model`]: translate into a typed intermediate representation (operations, named types);
//! 7. [`emit`]: render Rust code with `quote`, formatted by `prettyplease`;
//! 8. [`write`](mod@write): write the files all at once, or compare them (`--check`).
//!
//! The effective document (the spec as the generator read it) is written as YAML by
//! [`effective`] beside the code.
//!
//! Beside the emitter, [`surface`] describes an API's public surface from the model
//! (what the snapshot tests record), and [`diff`] compares two surfaces and classifies
//! each change by what it breaks for users of the generated crate.
//!
//! Every stage reports problems to a [`Diagnostics`] collector instead of panicking;
//! a run that collected an error writes nothing.

pub mod bundle;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod effective;
pub mod emit;
pub mod frame;
mod indent;
pub mod load;
pub mod locate;
pub mod model;
pub mod nesting;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod pipeline;
pub mod surface;
mod threads;
pub mod write;

#[cfg(test)]
mod testing;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::CrateOptions;
pub use pipeline::{
    ApiInput, ApiOutput, Generated, SourceText, check_names, discover, generate, generate_api, generate_source,
    surface_api, surface_source,
};
pub use surface::Surface;
