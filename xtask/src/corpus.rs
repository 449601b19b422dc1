//! `cargo xtask corpus`: generate a client for every spec in ../shared/corpus (real
//! documents nobody here wrote), then check and lint the output with
//! `cargo clippy -D warnings`. The crates are written under target/corpus/ as their
//! own workspace, with this workspace's Cargo.lock so dependencies are shared.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apigen::write;

/// The `[profile]` sections of the root Cargo.toml (kept equal by a test there).
pub const PROFILES: &str =
    "[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n";

pub fn run(root: &Path, only: Option<&str>) -> ExitCode {
    let corpus = std::env::var_os("APIGEN_CORPUS").map(PathBuf::from).unwrap_or_else(|| root.join("../shared/corpus"));
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(&corpus) {
        Ok(entries) => {
            entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| apigen::load::format_of(p).is_some()).collect()
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", corpus.display());
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    let out = root.join("target/corpus");
    let mut members = Vec::new();
    let mut failed = false;
    for spec in &specs {
        let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let module = apigen::model::names::snake_name(stem, "api");
        if only.is_some_and(|only| only != module) {
            continue;
        }
        match generate_one(root, &corpus, spec, &module, &out) {
            Ok(true) => members.push(module),
            Ok(false) => failed = true,
            Err(()) => return ExitCode::FAILURE,
        }
    }
    if failed || write_workspace(root, &out, &members).is_err() {
        return ExitCode::FAILURE;
    }
    clippy(root, &out, members.len())
}

/// Generates one corpus document into `out/<module>`: `Ok(false)` when generation
/// failed (its diagnostics printed), `Err` when the crate could not be written.
fn generate_one(root: &Path, corpus: &Path, spec: &Path, module: &str, out: &Path) -> Result<bool, ()> {
    let started = Instant::now();
    let input = apigen::ApiInput { module: module.to_owned(), spec: spec.to_owned(), overlay: None };
    let options = apigen::CrateOptions {
        name: format!("corpus-{}", module.replace('_', "-")),
        runtime_path: root.join("crates/apigen-runtime").display().to_string(),
        specs_label: "../shared/corpus/".into(),
        version: "0.1.0".into(),
        sources_from: None,
    };
    let generated = match apigen::generate(std::slice::from_ref(&input), corpus, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprintln!("{module:<22} FAILED");
            for diagnostic in &diagnostics {
                print!("{}", diagnostic.render());
            }
            return Ok(false);
        }
    };
    let api = &generated.apis[0];
    eprintln!(
        "{:<22} {:>4} operation(s) {:>5} type(s) {:>4} warning(s)  {} ms",
        module,
        api.operations,
        api.types,
        api.warnings.len(),
        started.elapsed().as_millis()
    );
    for warning in api.warnings.iter().take(20) {
        eprintln!("  {warning}");
    }
    if api.warnings.len() > 20 {
        eprintln!("  … and {} more warning(s)", api.warnings.len() - 20);
    }
    write::write(&out.join(module), &generated.files).map(|_| true).map_err(|e| {
        eprintln!("error: writing target/corpus/{module}: {e}");
    })
}

/// The workspace holding the generated crates, with the project's lockfile.
fn write_workspace(root: &Path, out: &Path, members: &[String]) -> Result<(), ()> {
    // The workspace's profiles too: with other settings every dependency would be
    // checked again instead of shared with the project's own build.
    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{PROFILES}",
        members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
    );
    std::fs::write(out.join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map(|_| ()))
        .map_err(|e| eprintln!("error: writing target/corpus: {e}"))
}

/// `cargo clippy -D warnings` over the generated crates.
fn clippy(root: &Path, out: &Path, count: usize) -> ExitCode {
    eprintln!("corpus: cargo clippy on the {count} generated client(s) (minutes on a cold build)");
    let started = Instant::now();
    let status = crate::cargo()
        .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(out)
        .status();
    match status {
        Ok(status) if status.success() => {
            eprintln!("corpus: {count} client(s) generated and clippy-clean ({} s)", started.elapsed().as_secs());
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!("corpus: the generated code does not pass clippy (see above)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn profiles_match_the_workspace() {
        let manifest = std::fs::read_to_string(super::super::root().join("Cargo.toml")).unwrap();
        assert!(manifest.contains(super::PROFILES), "Cargo.toml's [profile] sections changed: update PROFILES");
    }
}
