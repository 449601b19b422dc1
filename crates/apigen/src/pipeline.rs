//! The stages run in order for each API, and the crate around the API modules.

use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, CrateEntry, CrateOptions, Files};
use crate::model::names::snake_name;
use crate::surface::Surface;
use crate::{bundle, check, load, model, normalize, overlay, parse};

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
        let Some(spec) =
            ["openapi.json", "openapi.yaml", "openapi.yml"].iter().map(|f| dir.join(f)).find(|p| p.is_file())
        else {
            continue;
        };
        let overlay = dir.join("overlay.yaml");
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        inputs.push(ApiInput { module: snake_name(name, "api"), spec, overlay: overlay.is_file().then_some(overlay) });
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
    /// The effective document (vendor spec with overlay applied, normalized) as YAML with
    /// sorted keys, after a preamble: the text of `openapi/{module}.yaml`.
    pub effective: String,
    /// The crate docs' example of the API (see `emit::example`).
    pub example: Option<String>,
    /// The `recursion_limit` the crate root needs for the API's types, when rustc's
    /// default is not enough (see `model::send_depth`).
    pub recursion_limit: Option<usize>,
    /// Time spent, in milliseconds.
    pub millis: u128,
}

/// Everything a run produces.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Per API (its `files` and `effective` are moved into `files`, and empty here).
    pub apis: Vec<ApiOutput>,
    /// All files of the output crate, by relative path.
    pub files: Files,
}

/// Shows a path relative to `root` with `/` separators, so output does not depend
/// on where the checkout is.
/// A path outside `root` stays absolute (`/work/spec.yaml`, not `//work/spec.yaml`).
pub fn display_path(path: &Path, root: &Path) -> String {
    slash_separated(path.strip_prefix(root).unwrap_or(path))
}

/// A document in memory: its name as shown in diagnostics and output, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The name (a path relative to the workspace, `/`-separated).
    pub name: String,
    /// The text.
    pub text: String,
}

/// Runs load → normalize → overlay → parse → model → emit for one API.
pub fn generate_api(input: &ApiInput, root: &Path) -> Result<ApiOutput, Vec<Diagnostic>> {
    generate_api_named(input, root, None)
}

/// [`generate_api`], the generated files naming the document and overlay relative to
/// `sources_from` when given (diagnostics name them relative to `root` either way).
fn generate_api_named(
    input: &ApiInput,
    root: &Path,
    sources_from: Option<&Path>,
) -> Result<ApiOutput, Vec<Diagnostic>> {
    let (spec, overlay) = read_input(input, root)?;
    let named = |path: &Path| sources_from.map(|from| source_label(&root.join(path), from));
    let labels =
        named(&input.spec).map(|spec| std::iter::once(spec).chain(input.overlay.as_deref().and_then(named)).collect());
    generate_labeled(&input.module, &spec, overlay.as_ref(), Some(&base_of(input, root)), labels)
}

/// `path` as seen from the folder `from` (both absolute; `from` a [`real_path`]),
/// `/`-separated: relative when they share more than the root, else absolute. `path`'s
/// symbolic links are resolved, so it is spelled the same however it was typed (`./a`,
/// `a/`, `b/../a`, through a link).
pub fn source_label(path: &Path, from: &Path) -> String {
    slash_separated(&relative_path(&real_path(path), from))
}

/// `path` with `/` between its components: Windows' `\` separators become `/`, and a
/// `\` in a Unix file name stays, as part of the name it is (the label goes into the
/// command that regenerates the crate, which must name the same file).
fn slash_separated(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            part => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&part.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// `to` as seen from the folder `from` (both absolute): a relative path when they
/// share more than the root (`/tmp/x` and `/home/y` share only it: an absolute path
/// says more then). Lexical: `.` is dropped and `..` applied, links are not followed.
/// (A few lines of component arithmetic do not justify a dependency.)
pub fn relative_path(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<Component> = normalized(to);
    let from: Vec<Component> = normalized(from);
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return to.iter().collect();
    }
    std::iter::repeat_n(Component::ParentDir, from.len() - common).chain(to[common..].iter().copied()).collect()
}

/// `path` with symbolic links resolved as far as it exists (what does not exist yet,
/// such as an output folder, appended as written, `.` and `..` applied): two spellings
/// of one place, through a link or not, give one path, and `..` in a relative path from
/// it goes where the file system goes.
pub fn real_path(path: &Path) -> PathBuf {
    let path: PathBuf = normalized(path).iter().collect();
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// The components of a path with `.` dropped and `..` applied.
pub fn normalized(path: &Path) -> Vec<Component<'_>> {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The folder an API's document lies in, which the files it references are read from.
pub fn base_of(input: &ApiInput, root: &Path) -> bundle::Base {
    let dir = input.spec.parent().unwrap_or(Path::new("")).to_path_buf();
    bundle::Base {
        shown: display_path(&dir, root),
        main: input.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        dir,
    }
}

/// Reads an API's document and overlay, named relative to `root`.
fn read_input(input: &ApiInput, root: &Path) -> Result<(SourceText, Option<SourceText>), Vec<Diagnostic>> {
    let read = |path: &Path| -> Result<SourceText, Vec<Diagnostic>> {
        let name = display_path(path, root);
        let mut diags = Diagnostics::new(&name);
        match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => return Ok(SourceText { name, text }),
            Ok(Err(e)) => {
                // Where the text stops being UTF-8: the line and column after what is.
                let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or_default();
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
                diags.error_at(
                    "",
                    (line, column),
                    "the file is not UTF-8 text from here on: documents are read as UTF-8",
                );
                // The frame shows the text with the bytes that are not replaced (U+FFFD).
                let shown = String::from_utf8_lossy(e.as_bytes());
                return Err(diags.items().iter().map(|d| d.clone().with_snippet(&shown)).collect());
            }
            Err(e) => diags.error("", format!("cannot read the file: {e}")),
        }
        Err(diags.items().to_vec())
    };
    let spec = read(&input.spec)?;
    let overlay = input.overlay.as_deref().map(read).transpose()?;
    Ok((spec, overlay))
}

/// The same from texts in memory (the fuzz harness and tests use it directly).
/// Diagnostics get line:column from the texts, and errors a code frame. With no
/// folder to read them from, references to other files are errors.
pub fn generate_source(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
) -> Result<ApiOutput, Vec<Diagnostic>> {
    generate_bundled(module, spec, overlay, None)
}

/// The same, with the files the document references read from `base`'s folder.
pub fn generate_bundled(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
    base: Option<&bundle::Base>,
) -> Result<ApiOutput, Vec<Diagnostic>> {
    generate_labeled(module, spec, overlay, base, None)
}

/// The same, the generated files naming the sources by `labels` (the document's, then
/// the overlay's) instead of by the names diagnostics show.
fn generate_labeled(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
    base: Option<&bundle::Base>,
    labels: Option<Vec<String>>,
) -> Result<ApiOutput, Vec<Diagnostic>> {
    let started = Instant::now();
    let ((api, files, effective), warnings) = std::thread::scope(|scope| {
        // The effective document is written as YAML on a thread of its own from the
        // moment it is known: streamed from its JSON text, it needs little memory, and
        // it uses the core that parse and model leave idle.
        let yaml = |json: String| {
            // Joined only when generation succeeds: a panic must not reach the scope's end.
            let write = move || effective_yaml(module, &json);
            let caught = |_| Err("its writer stopped".to_owned());
            crate::threads::spawn(scope, move || std::panic::catch_unwind(write).unwrap_or_else(caught))
        };
        let (result, mut diags, bundled) = staged(spec, overlay, |diags, effects, bundled| {
            model_stages(module, spec, overlay, base, diags, effects, bundled, yaml)
        });
        let Some((api, yaml, named)) = result.filter(|_| !diags.has_errors()) else {
            locate_in(&mut diags, spec, &bundled, overlay);
            return Err(diags.items().to_vec());
        };
        // Diagnostics are located on another thread while this one prints the code (a
        // thread that ends keeps the memory it freed from the others: printing on one
        // took the peak of 20,000 operations from about 350 MB to 430 MB).
        let locating = crate::threads::spawn(scope, move || {
            locate_in(&mut diags, spec, &bundled, overlay);
            diags.items().to_vec()
        });
        let files = emit::render_api(&api, labels.as_deref().unwrap_or(&named));
        let printed = written(api, files, yaml.join());
        let (mut warnings, problem) = match (locating.join(), printed) {
            (Ok(warnings), Ok(printed)) => return Ok((printed, warnings)),
            (Ok(warnings), Err(problem)) => (warnings, problem),
            (Err(_), _) => (Vec::new(), "locating the diagnostics failed".to_owned()),
        };
        let mut diags = Diagnostics::new(&spec.name);
        diags.error("", problem);
        diags.locate(Path::new(&spec.name), &spec.text);
        warnings.extend_from_slice(diags.items());
        Err(warnings)
    })?;
    let example = emit::example::api_example(&api);
    Ok(ApiOutput {
        module: api.module.clone(),
        title: api.title.clone(),
        operations: api.operations.len(),
        types: api.types.len(),
        warnings,
        files,
        effective,
        example,
        recursion_limit: api.nesting.recursion_limit(),
        millis: started.elapsed().as_millis(),
    })
}

/// The model with its printed files and effective document, or what could not be written.
fn written(
    api: model::Api,
    files: Result<emit::Files, String>,
    effective: std::thread::Result<Result<String, String>>,
) -> Result<(model::Api, emit::Files, String), String> {
    match (files, effective) {
        (Ok(files), Ok(Ok(yaml))) => Ok((api, files, yaml)),
        (Err(message), _) => Err(message),
        (_, Ok(Err(message))) => Err(format!("cannot write the effective document: {message}")),
        (_, Err(_)) => Err("writing the effective document failed".to_owned()),
    }
}

/// The public surface of one API from texts in memory (load → … → model, no code is
/// emitted), with the warnings; errors as [`generate_source`] reports them.
pub fn surface_source(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
) -> Result<(Surface, Vec<Diagnostic>), Vec<Diagnostic>> {
    surface_bundled(module, spec, overlay, None)
}

fn surface_bundled(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
    base: Option<&bundle::Base>,
) -> Result<(Surface, Vec<Diagnostic>), Vec<Diagnostic>> {
    located(spec, overlay, |diags, effects, bundled| {
        model_stages(module, spec, overlay, base, diags, effects, bundled, drop)
            .map(|(api, (), _)| crate::surface::from_api(&api))
    })
}

/// The model of one API from its files (tests of the emitter use it).
#[cfg(test)]
pub(crate) fn model_api(input: &ApiInput, root: &Path) -> Option<model::Api> {
    let (spec, overlay) = read_input(input, root).ok()?;
    let base = base_of(input, root);
    let stages = |diags: &mut Diagnostics, effects: &mut overlay::Effects, bundled: &mut Vec<SourceText>| {
        model_stages(&input.module, &spec, overlay.as_ref(), Some(&base), diags, effects, bundled, drop)
            .map(|(api, ..)| api)
    };
    located(&spec, overlay.as_ref(), stages).ok().map(|(api, _)| api)
}

/// The public surface of one API from its files.
pub fn surface_api(input: &ApiInput, root: &Path) -> Result<(Surface, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (spec, overlay) = read_input(input, root)?;
    surface_bundled(&input.module, &spec, overlay.as_ref(), Some(&base_of(input, root)))
}

/// Runs `stages` with a collector for `spec`, then attributes diagnostics about nodes
/// an overlay wrote to the overlay and gives them line:column. `Ok` holds the warnings.
fn located<T>(
    spec: &SourceText,
    overlay: Option<&SourceText>,
    stages: impl FnOnce(&mut Diagnostics, &mut overlay::Effects, &mut Vec<SourceText>) -> Option<T>,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (result, mut diags, bundled) = staged(spec, overlay, stages);
    locate_in(&mut diags, spec, &bundled, overlay);
    match result {
        Some(value) if !diags.has_errors() => Ok((value, diags.items().to_vec())),
        _ => Err(diags.items().to_vec()),
    }
}

/// Runs `stages` with a collector for `spec`, then attributes diagnostics about nodes
/// an overlay wrote or removed to the overlay: the result, the diagnostics (not yet
/// located) and the files bundled in.
fn staged<T>(
    spec: &SourceText,
    overlay: Option<&SourceText>,
    stages: impl FnOnce(&mut Diagnostics, &mut overlay::Effects, &mut Vec<SourceText>) -> Option<T>,
) -> (Option<T>, Diagnostics, Vec<SourceText>) {
    let mut diags = Diagnostics::new(&spec.name);
    let mut effects = overlay::Effects::default();
    let mut bundled = Vec::new();
    let result = stages(&mut diags, &mut effects, &mut bundled);
    if let Some(overlay) = overlay {
        diags.attribute_to_overlay(Path::new(&overlay.name), &effects.written);
        diags.attribute_removals(Path::new(&overlay.name), &effects.removed);
    }
    (result, diags, bundled)
}

/// Gives diagnostics the line:column of their node in the text of their file.
fn locate_in(diags: &mut Diagnostics, spec: &SourceText, bundled: &[SourceText], overlay: Option<&SourceText>) {
    diags.locate(Path::new(&spec.name), &spec.text);
    for file in bundled {
        diags.locate(Path::new(&file.name), &file.text);
    }
    if let Some(overlay) = overlay {
        diags.locate(Path::new(&overlay.name), &overlay.text);
    }
}

/// Applies `overlay` to the normalized `doc` and normalizes it again (an overlay may add
/// 3.1 constructs, and may say the document is 3.1): the version it then says. What the
/// second pass warns of in nodes the overlay did not write, the first did; the others are
/// moved to the overlay with the rest (`attribute_to_overlay`).
fn overlaid(
    doc: &mut serde_json::Value,
    spec: &SourceText,
    overlay: &SourceText,
    diags: &mut Diagnostics,
    effects: &mut overlay::Effects,
) -> Option<String> {
    let mut overlay_diags = Diagnostics::new(&overlay.name);
    let mut version = None;
    if let Some(loaded) = load::parse_text(Path::new(&overlay.name), &overlay.text, &mut overlay_diags) {
        *effects = overlay::apply(doc, &loaded.value, &mut overlay_diags);
        let mut again = Diagnostics::new(&spec.name);
        version = normalize::normalize(doc, &mut again);
        again.retain_warnings_under(effects.written.iter().map(|written| written.document.as_str()));
        overlay_diags.extend(again);
    }
    diags.extend(overlay_diags);
    version
}

/// load → bundle → normalize → overlay → normalize → parse → model: the model, what
/// `effective` made of the effective document (as compact JSON text, given as soon as
/// it is known) and the names of the sources; `bundled` gets the files read.
#[allow(clippy::too_many_arguments)]
fn model_stages<E>(
    module: &str,
    spec: &SourceText,
    overlay: Option<&SourceText>,
    base: Option<&bundle::Base>,
    diags: &mut Diagnostics,
    effects: &mut overlay::Effects,
    bundled: &mut Vec<SourceText>,
    effective: impl FnOnce(String) -> E,
) -> Option<(model::Api, E, Vec<String>)> {
    let source = load::parse_text(Path::new(&spec.name), &spec.text, diags)?;
    let mut doc = source.value;
    // A schema named by its `$anchor` or `$id`, by the pointer that names it (before
    // bundle, which would take an `$id` URL for another file). 3.1 only: in 3.0 they are
    // no keywords (and are warned of as unknown, ignored).
    let version = doc.get("openapi").and_then(serde_json::Value::as_str);
    let v31 = version.and_then(normalize::minor_version) == Some("3.1");
    if v31 && normalize::anchors::may_name(&spec.text) {
        normalize::anchors::resolve(&mut doc, diags);
    }
    if let Some(base) = base {
        *bundled = bundle::bundle(&mut doc, base, diags);
        if diags.has_errors() {
            return None;
        }
    }
    let mut sources = vec![spec.name.clone()];
    let mut version = normalize::normalize(&mut doc, diags)?;
    if let Some(overlay) = overlay {
        if overlaid(&mut doc, spec, overlay, diags, effects).as_deref() == Some("3.1") {
            version = "3.1".into();
        }
        sources.push(overlay.name.clone());
    }
    // After the overlay, whose targets are the document as its vendor wrote it: a schema
    // a `$ref` names by another pointer than `#/components/schemas/<name>` moves there.
    normalize::defs::hoist_referenced(&mut doc, diags);
    // Then every schema a `$ref` names is a component: a base with a discriminator that
    // components extend becomes the union of its kinds.
    normalize::inheritance::bases_to_unions(&mut doc, diags);
    if diags.has_errors() {
        return None;
    }
    let version = if version == "3.1" { check::Version::V3_1 } else { check::Version::V3_0 };
    // The effective document is kept as compact JSON text (a fraction of the value's
    // size), written while the document is checked; `parse` consumes the value.
    let (json, readable) = std::thread::scope(|scope| {
        let json = crate::threads::spawn(scope, || serde_json::to_string(&doc).map_err(|e| e.to_string()));
        let readable = check::check(&doc, version, diags);
        (json.join().unwrap_or_else(|_| Err("its writer stopped".into())), readable)
    });
    if !readable {
        return None;
    }
    let effective = match json {
        Ok(json) => effective(json),
        Err(message) => {
            diags.error("", format!("cannot write the effective document: {message}"));
            return None;
        }
    };
    let document = parse::parse(doc, diags)?;
    let api = model::build(module, &document, diags);
    api.nesting.refuse_too_deep(diags);
    // The typed document is the largest structure of a run: gone before emit.
    drop(document);
    if diags.has_errors() {
        return None;
    }
    Some((api, effective, sources))
}

/// The effective document of an API (vendor document, overlay applied, normalized
/// to the 3.0 model the generator read) as YAML with sorted keys (the JSON text's
/// order) after a preamble, so that a change of the spec shows in the same diff as the
/// change of the code. Streamed from its JSON text without building a `serde_json::Value`.
fn effective_yaml(module: &str, json: &str) -> Result<String, String> {
    let preamble = format!(
        "# Effective document of `{module}`: the spec with its overlay applied, normalized. Generated by apigen; do not edit: regenerate with `cargo xtask generate`.\n"
    );
    crate::effective::yaml(&preamble, json)
}

/// Crate names a generated library cannot take: the standard library's crates and the
/// generated crate's dependencies (a doc test of a crate named `serde` finds two crates of
/// that name; one named `std` hides the standard library).
const TAKEN_CRATE_NAMES: &[&str] =
    &["alloc", "apigen_runtime", "chrono", "core", "proc_macro", "serde", "serde_json", "std", "test", "uuid"];

/// The package name becomes a line of the manifest and each module a Rust module and a
/// folder: both must be plain names (a quote, a line break or `..` in them would write
/// something else than meant, or somewhere else).
pub fn check_names(inputs: &[ApiInput], options: &CrateOptions) -> Result<(), String> {
    let name = &options.name;
    let package = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '-');
    if !package {
        return Err(format!(
            "the package name {name:?} is not a Cargo package name (ASCII letters, digits, `-` and `_`, not starting with a digit or `-`)"
        ));
    }
    if name.contains(|c: char| c.is_ascii_uppercase()) {
        return Err(format!(
            "the package name {name:?} has capital letters: its library would be no snake_case crate name, which rustc warns about (and clippy -D warnings refuses); use {:?}",
            name.to_ascii_lowercase()
        ));
    }
    let library = name.replace('-', "_");
    if TAKEN_CRATE_NAMES.contains(&library.as_str()) || crate::model::names::is_keyword(&library) {
        return Err(format!(
            "the package name {name:?} makes the library `{library}`, a name Rust or the generated crate's dependencies already use: its documentation and doc tests would reach the other"
        ));
    }
    check_version(&options.version)?;
    for input in inputs {
        let module = &input.module;
        if module.is_empty() || snake_name(module, "api") != *module {
            return Err(format!(
                "the module name {module:?} is not a plain snake_case Rust identifier (it would be {:?})",
                snake_name(module, "api")
            ));
        }
        // `src/lib/` beside `src/lib.rs` is two files for one module, `src/bin/` holds
        // Cargo's binaries, `main` is a lint's, `default` the default feature's name.
        if ["lib", "bin", "main", "default"].contains(&module.as_str()) {
            return Err(format!(
                "the module name {module:?} is a name Cargo or rustc gives a meaning to (its folder, `src/{module}/`, or its feature would clash): pass another with --module"
            ));
        }
        // Every API module holds a module `types`: `types::types` would be two things.
        if module == "types" {
            return Err(
                "the module name \"types\" is the name of every API module's types module: pass another with --module"
                    .to_owned(),
            );
        }
    }
    Ok(())
}

/// Whether `version` can be the package version: it becomes a line of the manifest, so
/// a SemVer version Cargo reads, and nothing else.
pub fn check_version(version: &str) -> Result<(), String> {
    match semver::Version::parse(version) {
        Ok(_) => Ok(()),
        Err(error) => Err(format!("the package version {version:?} is not a SemVer version ({error})")),
    }
}

/// Generates every API and the crate around them. Any error in any API fails the
/// whole run (and the caller writes nothing).
pub fn generate(inputs: &[ApiInput], root: &Path, options: &CrateOptions) -> Result<Generated, Vec<Diagnostic>> {
    if let Err(message) = check_names(inputs, options) {
        let mut diags = Diagnostics::new("specs/");
        diags.error("", message);
        return Err(diags.items().to_vec());
    }
    let mut apis = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match generate_api_named(input, root, options.sources_from.as_deref()) {
            Ok(output) => apis.push(output),
            Err(diagnostics) => errors.extend(diagnostics),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let entries: Vec<CrateEntry> = apis
        .iter()
        .map(|a| CrateEntry {
            module: a.module.clone(),
            title: a.title.clone(),
            example: a.example.clone(),
            recursion_limit: a.recursion_limit,
        })
        .collect();
    let mut files = emit::render_crate(&entries, options).map_err(|message| {
        let mut diags = Diagnostics::new("specs/");
        diags.error("", message);
        diags.items().to_vec()
    })?;
    for api in &mut apis {
        // Moved, not copied: they are megabytes.
        files.append(&mut api.files);
        files.insert(format!("openapi/{}.yaml", api.module), std::mem::take(&mut api.effective));
    }
    Ok(Generated { apis, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_root_or_absolute() {
        let root = Path::new("/work/main");
        assert_eq!(display_path(Path::new("/work/main/specs/a/openapi.json"), root), "specs/a/openapi.json");
        assert_eq!(display_path(Path::new("/work/shared/nexus.json"), root), "/work/shared/nexus.json");
        assert_eq!(display_path(Path::new("specs/b.yaml"), root), "specs/b.yaml");
    }

    #[test]
    fn labels_are_slash_separated_and_keep_a_backslash_of_a_unix_name() {
        let label = |to: &str, from: &str| slash_separated(&relative_path(Path::new(to), Path::new(from)));
        assert_eq!(label("/work/specs/a/openapi.json", "/work/out"), "../specs/a/openapi.json");
        assert_eq!(label("/srv/spec.yaml", "/work/out"), "/srv/spec.yaml");
        #[cfg(unix)]
        assert_eq!(label("/work/paths/a\\b.yaml", "/work/out"), "../paths/a\\b.yaml");
    }

    #[test]
    fn package_and_module_names_must_be_plain() {
        let options = |name: &str| CrateOptions {
            name: name.into(),
            version: "0.1.0".into(),
            runtime_path: "r".into(),
            specs_label: "s".into(),
            sources_from: None,
        };
        let input = |module: &str| ApiInput { module: module.into(), spec: "s.json".into(), overlay: None };
        assert!(check_names(&[input("pets")], &options("pet-store_2")).is_ok());
        for bad in ["", "a\"b", "a\nb", "9lives", "-x", "a b", "ü", "MyClient", "p_builtinNames"] {
            assert!(check_names(&[input("pets")], &options(bad)).is_err(), "{bad:?}");
        }
        // Names Rust or the crate's dependencies use: its docs and doc tests would
        // reach those. A module may have such a name (links and examples say `mod@`, `::std`).
        for taken in ["std", "test", "serde", "serde-json", "apigen-runtime", "self", "_", "fn", "async"] {
            let error = check_names(&[input("pets")], &options(taken)).unwrap_err();
            assert!(error.contains("already use"), "{taken:?}: {error}");
        }
        assert!(check_names(&[input("std")], &options("std-client")).is_ok());
        for taken in ["lib", "bin", "main", "default"] {
            let error = check_names(&[input(taken)], &options("p")).unwrap_err();
            assert!(error.contains("Cargo or rustc"), "{taken:?}: {error}");
        }
        for bad in ["", "../x", "a/b", "Pets", "type", "a-b", "a\nb"] {
            let error = check_names(&[input(bad)], &options("p")).unwrap_err();
            assert!(error.contains("module name"), "{bad:?}: {error}");
        }
    }
}
