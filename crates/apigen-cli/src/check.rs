//! `apigen check`: diagnostics only, for the CI of people who maintain specs.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `apigen check`.
#[derive(clap::Args)]
pub struct Args {
    /// The OpenAPI document (JSON or YAML, by extension).
    spec: PathBuf,
    /// An Overlay 1.0 document applied to it first.
    #[arg(long)]
    overlay: Option<PathBuf>,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs the pipeline up to the generated code and reports what it found.
pub fn run(args: &Args) -> ExitCode {
    if let Err(code) = crate::require_files(std::iter::once(&args.spec).chain(&args.overlay)) {
        return code;
    }
    let input = crate::input(&args.spec, args.overlay.as_deref(), "api");
    match apigen::generate_api(&input, &crate::here()) {
        Ok(output) => {
            crate::report(&output.warnings);
            eprintln!(
                "{}: {} operation(s), {} type(s), {} warning(s)",
                args.spec.display(),
                output.operations,
                output.types,
                apigen::diagnostics::total(&output.warnings)
            );
            if args.deny_warnings && !output.warnings.is_empty() {
                eprintln!("warnings are denied (--deny-warnings)");
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            crate::report(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.severity == apigen::Severity::Error).count();
            eprintln!("{}: {errors} error(s)", args.spec.display());
            ExitCode::from(1)
        }
    }
}
