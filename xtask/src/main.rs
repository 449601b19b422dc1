//! Project tasks: `cargo xtask generate [--check]`.
//!
//! A thin command line over the `apigen` library; see ARCHITECTURE.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apigen::write::{self, Difference};

mod bench;
mod conformance;
mod corpus;

const USAGE: &str = "usage: cargo xtask <task>

  generate          regenerate generated/ from specs/
  generate --check  fail if generated/ is not what generate would write
  bench             benchmark generation and the token cache (release build)
  corpus [NAME]     generate every spec of ../shared/corpus and clippy the output
  conformance       drive every generated client against Prism (installs it)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["generate"] => generate(false),
        ["generate", "--check"] => generate(true),
        ["bench"] if cfg!(debug_assertions) => release(&["bench"]),
        ["bench"] => bench::run(),
        // One measurement of `bench`, run by it in a process of its own.
        ["bench-child", family, scale] => bench::measure_child(family, scale),
        ["conformance"] => conformance::run(&root()),
        ["corpus"] => corpus::run(&root(), None),
        ["corpus", name] => corpus::run(&root(), Some(name)),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Runs this task again from a release build (benchmarks need optimisations).
fn release(args: &[&str]) -> ExitCode {
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
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
    let mut results = Vec::new();
    let mut failed = false;
    for target in TARGETS {
        let inputs = match apigen::discover(&root.join(target.specs)) {
            Ok(inputs) => inputs,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        };
        let options = apigen::CrateOptions {
            name: target.name.to_owned(),
            runtime_path: target.runtime.to_owned(),
            specs_label: format!("{}/", target.specs),
        };
        match apigen::generate(&inputs, &root, &options) {
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
    if failed {
        eprintln!("nothing was written");
        return ExitCode::FAILURE;
    }
    let mut stale = 0;
    let mut written = 0;
    let mut total = 0;
    for (target, generated) in &results {
        for api in &generated.apis {
            println!(
                "{:<28} {:>3} operation(s) {:>4} type(s) {:>3} warning(s)  {} ms",
                format!("{}/{}", target.specs, api.module),
                api.operations,
                api.types,
                api.warnings.len(),
                api.millis
            );
            for warning in &api.warnings {
                println!("  {warning}");
            }
        }
        let out = root.join(target.out);
        total += generated.files.len();
        if check {
            let differences = match write::check(&out, &generated.files) {
                Ok(differences) => differences,
                Err(e) => {
                    eprintln!("error: cannot read {}/: {e}", target.out);
                    return ExitCode::FAILURE;
                }
            };
            for difference in &differences {
                match difference {
                    Difference::Missing(path) => eprintln!("missing: {}/{path}", target.out),
                    Difference::Extra(path) => eprintln!("not generated: {}/{path}", target.out),
                    Difference::Changed(path, diff) => eprintln!("changed: {}/{path}\n{diff}", target.out),
                }
            }
            stale += differences.len();
        } else {
            match write::write(&out, &generated.files) {
                Ok(paths) => written += paths.len(),
                Err(e) => {
                    eprintln!("error: writing {}/: {e}", target.out);
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let millis = started.elapsed().as_millis();
    if check && stale > 0 {
        eprintln!("{stale} generated file(s) are stale: run `cargo xtask generate`");
        return ExitCode::FAILURE;
    }
    if check {
        println!("generated code is up to date ({total} files, {millis} ms)");
    } else {
        println!("wrote {written} of {total} files ({millis} ms total)");
    }
    ExitCode::SUCCESS
}
