//! Project tasks: `cargo xtask generate [--check]`, `cargo xtask diff`, …
//!
//! A thin command line over the `apigen` library; see ARCHITECTURE.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apigen::diff::cli;
use apigen::write::{self, Difference};
use clap::Parser;

/// The allocator the `apigen` command line uses (see there), so that `bench` measures
/// generation as users run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod callers;
mod conformance;
mod corpus;
mod diff;
mod versus;

/// Tasks of this repository (see README.md and ARCHITECTURE.md).
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
enum Task {
    /// Regenerate generated/ from specs/ (and tests/fixtures/generated/ from tests/fixtures/specs/).
    Generate {
        /// Write nothing; fail when the generated files are not what generate would write.
        #[arg(long)]
        check: bool,
    },
    /// What changed in specs/ since a git revision, for users of the generated crate:
    /// each change breaking or compatible, and the version bump.
    Diff {
        /// The revision to compare the working tree with.
        #[arg(long, default_value = "HEAD")]
        base: String,
        /// Print exactly one JSON object on stdout.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print Markdown (for a pull-request comment).
        #[arg(long)]
        markdown: bool,
        /// Exit with 1 when a change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Benchmarks (release build): generation and the generated crate's rebuild side by
    /// side with progenitor, growth with document size, and the token cache.
    Bench,
    /// Generate every spec of ../shared/corpus and clippy the output.
    Corpus {
        /// Only this one (the file name in snake case, e.g. `nexus`).
        name: Option<String>,
    },
    /// Drive every generated client against Prism (installs the pinned Prism).
    Conformance,
    /// One measurement of `bench`, run by it in a process of its own.
    #[command(hide = true)]
    BenchChild {
        /// The family of synthetic documents.
        family: String,
        /// The size step (1, 4 or 16).
        scale: String,
    },
    /// The parse floor of `bench`: read a JSON document and parse it, nothing else.
    #[command(hide = true)]
    BenchFloor {
        /// The JSON document.
        spec: String,
    },
}

fn main() -> ExitCode {
    let task = match Task::try_parse() {
        Ok(task) => task,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match task {
        Task::Generate { check } => generate(check),
        Task::Diff { base, json, markdown, fail_on_breaking } => {
            let format = match (json, markdown) {
                (true, _) => cli::Format::Json,
                (_, true) => cli::Format::Markdown,
                _ => cli::Format::Text,
            };
            diff::run(&root(), &cli::Options { base, format, fail_on_breaking })
        }
        Task::Bench if cfg!(debug_assertions) => release(&["bench"]),
        Task::Bench => bench::run(),
        Task::Conformance => conformance::run(&root()),
        Task::BenchChild { family, scale } => bench::measure_child(&family, &scale),
        Task::BenchFloor { spec } => versus::floor(&spec),
        Task::Corpus { name } => corpus::run(&root(), name.as_deref()),
    }
}

/// Runs this task again from a release build (benchmarks need optimisations).
fn release(args: &[&str]) -> ExitCode {
    let status = cargo()
        .args(["run", "--quiet", "--release", "--package", "xtask", "--"])
        .args(args)
        .current_dir(root())
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The cargo that runs this task (or the one on `PATH`).
fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The workspace root (the parent of this crate's folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// What `generate` produces: the product crate from `specs/`, and the test
/// fixture crate from `tests/fixtures/specs/` (specs written to exercise
/// generator features the vendor documents do not use).
const TARGETS: &[Target] = &[
    Target { specs: "specs", out: "generated", name: "vendor-apis", runtime: "../crates/apigen-runtime" },
    Target {
        specs: "tests/fixtures/specs",
        out: "tests/fixtures/generated",
        name: "fixture-apis",
        runtime: "../../../crates/apigen-runtime",
    },
];

struct Target {
    specs: &'static str,
    out: &'static str,
    name: &'static str,
    runtime: &'static str,
}

fn generate(check: bool) -> ExitCode {
    let started = Instant::now();
    let root = root();
    // Generate everything first: one failure anywhere writes nothing anywhere.
    let Some(results) = generate_targets(&root) else {
        eprintln!("nothing was written");
        return ExitCode::FAILURE;
    };
    let (mut changed, mut total) = (0, 0);
    for (target, generated) in &results {
        report(target, generated);
        total += generated.files.len();
        let out = root.join(target.out);
        let done =
            if check { check_target(target, &out, generated) } else { write_target(target, &out, generated, &root) };
        match done {
            Some(count) => changed += count,
            None => return ExitCode::FAILURE,
        }
    }
    let millis = started.elapsed().as_millis();
    if check && changed > 0 {
        eprintln!("{changed} generated file(s) are stale: run `cargo xtask generate`");
        return ExitCode::FAILURE;
    }
    if check {
        eprintln!("generated code is up to date ({total} files, {millis} ms)");
    } else {
        eprintln!("{changed} of {total} files changed ({millis} ms total)");
        if apigen::diff::git::differs_from_head(&root, "specs") == Some(true) {
            eprintln!(
                "specs/ differs from HEAD: `cargo xtask diff` says what that changes for users of the generated crate"
            );
        }
    }
    ExitCode::SUCCESS
}

/// The generated crate's version: the first line of `VERSION` in its specs folder
/// (bumped as `cargo xtask diff` suggests), `0.1.0` without one. `generate` refuses a
/// line that is no SemVer version.
fn package_version(specs: &Path) -> Result<String, String> {
    let file = specs.join("VERSION");
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    Ok(text.lines().next().map(str::trim).filter(|line| !line.is_empty()).unwrap_or("0.1.0").to_owned())
}

/// Every target generated in memory, or `None` (with the diagnostics printed) when any fails.
fn generate_targets(root: &Path) -> Option<Vec<(&'static Target, apigen::pipeline::Generated)>> {
    let mut results = Vec::new();
    let mut failed = false;
    for target in TARGETS {
        let inputs = match apigen::discover(&root.join(target.specs)) {
            Ok(inputs) => inputs,
            Err(message) => {
                eprintln!("error: {message}");
                return None;
            }
        };
        let version = match package_version(&root.join(target.specs)) {
            Ok(version) => version,
            Err(message) => {
                eprintln!("error: {message}");
                return None;
            }
        };
        let options = apigen::CrateOptions {
            name: target.name.to_owned(),
            version,
            runtime_path: target.runtime.to_owned(),
            specs_label: format!("{}/", target.specs),
            sources_from: None,
        };
        match apigen::generate(&inputs, root, &options) {
            Ok(generated) => results.push((target, generated)),
            Err(diagnostics) => {
                for diagnostic in &diagnostics {
                    eprint!("{}", diagnostic.render());
                }
                let errors = diagnostics.iter().filter(|d| d.severity == apigen::Severity::Error).count();
                eprintln!("{}: generation failed with {errors} error(s)", target.specs);
                failed = true;
            }
        }
    }
    (!failed).then_some(results)
}

/// A line per API (operations, types, warnings, time), and its warnings.
fn report(target: &Target, generated: &apigen::pipeline::Generated) {
    for api in &generated.apis {
        eprintln!(
            "{:<28} {:>3} operation(s) {:>4} type(s) {:>3} warning(s)  {} ms",
            format!("{}/{}", target.specs, api.module),
            api.operations,
            api.types,
            api.warnings.len(),
            api.millis
        );
        // Warnings go to stderr beside errors; they never fail generation.
        for warning in &api.warnings {
            eprintln!("  {warning}");
        }
    }
}

/// How many files in `out` differ from what was generated (each named), or `None`.
fn check_target(target: &Target, out: &Path, generated: &apigen::pipeline::Generated) -> Option<usize> {
    let differences = match write::check(out, &generated.files) {
        Ok(differences) => differences,
        Err(e) => {
            eprintln!("error: cannot read {}/: {e}", target.out);
            return None;
        }
    };
    for difference in &differences {
        match difference {
            Difference::Missing(path) => eprintln!("missing: {}/{path}", target.out),
            Difference::Extra(path) => eprintln!("not generated: {}/{path}", target.out),
            Difference::Changed(path, diff) => eprintln!("changed: {}/{path}\n{diff}", target.out),
        }
    }
    Some(differences.len())
}

/// Writes the generated files that changed (each named); how many, or `None`.
fn write_target(target: &Target, out: &Path, generated: &apigen::pipeline::Generated, root: &Path) -> Option<usize> {
    match write::write(out, &generated.files) {
        Ok(paths) => {
            for path in &paths {
                let what = if path.exists() { "wrote" } else { "removed" };
                eprintln!("{what}: {}", apigen::pipeline::display_path(path, root));
            }
            Some(paths.len())
        }
        Err(e) => {
            eprintln!("error: writing {}/: {e}", target.out);
            None
        }
    }
}
