//! Project tasks: `cargo xtask generate [--check]`.
//!
//! A thin command line over the `apigen` library; see ARCHITECTURE.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apigen::write::{self, Difference};

const USAGE: &str = "usage: cargo xtask generate [--check]

  generate          regenerate generated/ from specs/
  generate --check  fail if generated/ is not what generate would write";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate"] => generate(false),
        ["generate", "--check"] => generate(true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root (the parent of this crate's folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn generate(check: bool) -> ExitCode {
    let started = Instant::now();
    let root = root();
    let inputs = match apigen::discover(&root.join("specs")) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let generated = match apigen::generate(&inputs, &root, "../crates/apigen-runtime") {
        Ok(generated) => generated,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            let errors = diagnostics.iter().filter(|d| d.severity == apigen::Severity::Error).count();
            eprintln!("generation failed with {errors} error(s); generated/ was not changed");
            return ExitCode::FAILURE;
        }
    };
    for api in &generated.apis {
        println!(
            "{:<22} {:>3} operation(s) {:>4} type(s) {:>3} warning(s)  {} ms",
            api.module,
            api.operations,
            api.types,
            api.warnings.len(),
            api.millis
        );
        for warning in &api.warnings {
            println!("  {warning}");
        }
    }
    let out = root.join("generated");
    if check {
        let differences = match write::check(&out, &generated.files) {
            Ok(differences) => differences,
            Err(e) => {
                eprintln!("error: cannot read generated/: {e}");
                return ExitCode::FAILURE;
            }
        };
        if differences.is_empty() {
            println!("generated/ is up to date ({} files, {} ms)", generated.files.len(), started.elapsed().as_millis());
            return ExitCode::SUCCESS;
        }
        for difference in &differences {
            match difference {
                Difference::Missing(path) => eprintln!("missing: generated/{path}"),
                Difference::Extra(path) => eprintln!("not generated: generated/{path}"),
                Difference::Changed(path, diff) => eprintln!("changed: generated/{path}\n{diff}"),
            }
        }
        eprintln!("generated/ is stale ({} file(s) differ): run `cargo xtask generate`", differences.len());
        return ExitCode::FAILURE;
    }
    match write::write(&out, &generated.files) {
        Ok(written) => {
            println!(
                "wrote {} of {} files in generated/ ({} ms total)",
                written.len(),
                generated.files.len(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing generated/: {e}");
            ExitCode::FAILURE
        }
    }
}
