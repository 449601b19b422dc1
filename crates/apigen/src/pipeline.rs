//! The stages run in order for each API, and the crate around the API modules.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, CrateEntry, CrateOptions, Files};
use crate::model::names::snake_name;
use crate::{load, model, normalize, overlay, parse};

/// One API to generate: `specs/<module>/openapi.{json,yaml}` and its optional overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInput {
    /// Module and feature name (the folder name).
    pub module: String,
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// `overlay.yaml` beside it, if present.
    pub overlay: Option<PathBuf>,
}

/// Finds the APIs under `specs_dir`: every folder holding `openapi.json`,
/// `openapi.yaml` or `openapi.yml`, sorted by folder name.
pub fn discover(specs_dir: &Path) -> Result<Vec<ApiInput>, String> {
    let entries = std::fs::read_dir(specs_dir).map_err(|e| format!("cannot read {}: {e}", specs_dir.display()))?;
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    let mut inputs = Vec::new();
    for dir in dirs {
        let Some(spec) = ["openapi.json", "openapi.yaml", "openapi.yml"].iter().map(|f| dir.join(f)).find(|p| p.is_file())
        else {
            continue;
        };
        let overlay = dir.join("overlay.yaml");
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        inputs.push(ApiInput {
            module: snake_name(name, "api"),
            spec,
            overlay: overlay.is_file().then_some(overlay),
        });
    }
    Ok(inputs)
}

/// The result of generating one API.
#[derive(Debug, Clone)]
pub struct ApiOutput {
    /// Module name.
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
    /// Warnings (errors make generation fail instead).
    pub warnings: Vec<Diagnostic>,
    /// The module's files.
    pub files: Files,
    /// The effective document: vendor spec with overlay applied, normalized.
    pub effective: Value,
    /// Time spent, in milliseconds.
    pub millis: u128,
}

/// Everything a run produces.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Per API.
    pub apis: Vec<ApiOutput>,
    /// All files of the output crate, by relative path.
    pub files: Files,
}

/// Shows a path relative to `root` with `/` separators, so output does not depend
/// on where the checkout is.
pub fn display_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Runs load → normalize → overlay → parse → model → emit for one API.
pub fn generate_api(input: &ApiInput, root: &Path) -> Result<ApiOutput, Vec<Diagnostic>> {
    let started = Instant::now();
    let spec_name = display_path(&input.spec, root);
    let mut diags = Diagnostics::new(&spec_name);
    let Some(source) = load::load(&input.spec, &mut diags) else {
        return Err(diags.items().to_vec());
    };
    let mut doc = source.value;
    let mut sources = vec![spec_name.clone()];
    normalize::normalize(&mut doc, &mut diags);
    if diags.has_errors() {
        return Err(diags.items().to_vec());
    }
    if let Some(overlay_path) = &input.overlay {
        let overlay_name = display_path(overlay_path, root);
        let mut overlay_diags = Diagnostics::new(&overlay_name);
        if let Some(overlay) = load::load(overlay_path, &mut overlay_diags) {
            overlay::apply(&mut doc, &overlay.value, &mut overlay_diags);
            // An overlay may add 3.1 constructs too.
            normalize::normalize(&mut doc, &mut overlay_diags);
        }
        diags.extend(overlay_diags);
        sources.push(overlay_name);
        if diags.has_errors() {
            return Err(diags.items().to_vec());
        }
    }
    let Some(spec) = parse::parse(&doc, &mut diags) else {
        return Err(diags.items().to_vec());
    };
    let api = model::build(&input.module, &spec, &mut diags);
    if diags.has_errors() {
        return Err(diags.items().to_vec());
    }
    let files = match emit::render_api(&api, &sources) {
        Ok(files) => files,
        Err(message) => {
            diags.error("", message);
            return Err(diags.items().to_vec());
        }
    };
    Ok(ApiOutput {
        module: api.module.clone(),
        title: api.title.clone(),
        operations: api.operations.len(),
        types: api.types.len(),
        warnings: diags.items().to_vec(),
        files,
        effective: doc,
        millis: started.elapsed().as_millis(),
    })
}

/// Generates every API and the crate around them. Any error in any API fails the
/// whole run (and the caller writes nothing).
pub fn generate(inputs: &[ApiInput], root: &Path, options: &CrateOptions) -> Result<Generated, Vec<Diagnostic>> {
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match generate_api(input, root) {
            Ok(output) => apis.push(output),
            Err(diagnostics) => errors.extend(diagnostics),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let entries: Vec<CrateEntry> =
        apis.iter().map(|a| CrateEntry { module: a.module.clone(), title: a.title.clone() }).collect();
    let mut files = emit::render_crate(&entries, options).map_err(|message| {
        let mut diags = Diagnostics::new("specs/");
        diags.error("", message);
        diags.items().to_vec()
    })?;
    for api in &apis {
        files.extend(api.files.clone());
    }
    Ok(Generated { apis, files })
}
