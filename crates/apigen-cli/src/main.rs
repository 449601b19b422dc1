//! `apigen`: the generator as a command line, for use outside this repository.
//!
//! Exit status: 0 when the task did what was asked; 1 when it ran and found a
//! problem (`check` found errors, or warnings with `--deny-warnings`; `generate
//! --check` found stale files; `diff --fail-on-breaking` found a breaking change);
//! 2 for usage errors and input that cannot be used (an unreadable file, a
//! document generation rejects). Diagnostics and progress go to stderr; only
//! machine-readable output (`diff --json`) goes to stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: generation makes and frees many small
/// allocations (token streams, syntax trees) while the model stays alive, a pattern on
/// which glibc's allocator grew superlinearly (20,000 operations: 6.2x the time of 5,000)
/// and held more memory (see BENCHMARKS.md). Its version 2 (the `v2` feature): version 3
/// keeps freed memory for a second before returning it, which a run of a few seconds
/// never reaches (GitHub's document: 102 MB peak against 79 MB; 20,000 operations:
/// 417–511 MB against 339–417 MB, the same time).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod check;
mod diff;
mod generate;

#[derive(Parser)]
#[command(name = "apigen", version, about = "Generate typed async Rust clients from OpenAPI 3.0 and 3.1 documents.")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write a crate (manifest, module, effective document) for one OpenAPI document.
    Generate(generate::Args),
    /// Report the diagnostics of a document (and its overlay) without writing anything.
    Check(check::Args),
    /// Compare two versions of a document: what changed for users of the generated
    /// crate, breaking or compatible by Cargo's SemVer rules, and the version bump.
    Diff(diff::Args),
}

fn main() -> ExitCode {
    // Output piped into a reader that stops early (`apigen check big.json | head`) ends the
    // process quietly, as other command-line tools do, instead of a panic of `println!`
    // on the broken pipe (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // `--help` and `--version` are not failures; everything else is a usage error.
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.task {
        Task::Generate(args) => generate::run(&args),
        Task::Check(args) => check::run(&args),
        Task::Diff(args) => diff::run(&args),
    }
}

/// The API to generate: the document, its overlay, and the module it becomes.
fn input(spec: &Path, overlay: Option<&Path>, module: &str) -> apigen::ApiInput {
    apigen::ApiInput { module: module.to_owned(), spec: spec.to_path_buf(), overlay: overlay.map(Path::to_path_buf) }
}

/// Refuses (exit 2) when one of the input files does not exist or is no file, naming it.
fn require_files<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<(), ExitCode> {
    match paths.into_iter().find(|path| !path.is_file()) {
        Some(path) if path.is_dir() => {
            eprintln!(
                "error: {} is a folder: give the document's file (openapi.yaml, openapi.json, …)",
                path.display()
            );
            Err(ExitCode::from(2))
        }
        Some(missing) => {
            eprintln!("error: no such file: {}", missing.display());
            Err(ExitCode::from(2))
        }
        None => Ok(()),
    }
}

/// Prints diagnostics to stderr, with code frames.
fn report(diagnostics: &[apigen::Diagnostic]) {
    for diagnostic in diagnostics {
        eprint!("{}", diagnostic.render());
    }
}

/// The folder paths in diagnostics are shown relative to: the current one.
fn here() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}
