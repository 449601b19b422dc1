//! `cargo xtask diff`: prints what `apigen::diff::cli` computes and exits with its status.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use apigen::diff::cli;

pub fn run(root: &Path, options: &cli::Options) -> ExitCode {
    let outcome = cli::run(root, options);
    // A closed pipe (`| head`) is not worth a panic.
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.code)
}
