//! `apigen`: generates Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: read JSON or YAML (by file extension) into a `serde_json::Value`, after
//!    [`nesting`] has checked in one linear pass that it does not nest too deeply;
//! 2. [`normalize`]: rewrite 3.1 constructs into the 3.0 model;
//! 3. [`overlay`]: apply the API's Overlay 1.0 document (corrections kept apart from vendor text);
//! 4. [`parse`]: deserialize into `openapiv3`'s typed model;
//! 5. [`model`]: translate into a typed intermediate representation (operations, named types);
//! 6. [`emit`]: render Rust code with `quote`, formatted by `prettyplease`;
//! 7. [`write`](mod@write): write the files all at once, or compare them (`--check`).
//!
//! Every stage reports problems to a [`Diagnostics`] collector instead of panicking;
//! a run that collected an error writes nothing.

pub mod diagnostics;
pub mod emit;
pub mod frame;
pub mod load;
pub mod locate;
pub mod model;
pub mod nesting;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod pipeline;
pub mod write;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::CrateOptions;
pub use pipeline::{ApiInput, ApiOutput, Generated, SourceText, discover, generate, generate_api, generate_source};
