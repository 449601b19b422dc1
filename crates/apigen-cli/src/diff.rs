//! `apigen diff`: what changed between two versions of a document, for users of the
//! crate generated from it (the same report as `cargo xtask diff`, from two files).

use std::path::PathBuf;
use std::process::ExitCode;

use apigen::diff::{Report, diff};

/// Arguments of `apigen diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The older document.
    old: PathBuf,
    /// The newer document.
    new: PathBuf,
    /// The overlay applied to the older document.
    #[arg(long)]
    old_overlay: Option<PathBuf>,
    /// The overlay applied to the newer document.
    #[arg(long)]
    new_overlay: Option<PathBuf>,
    /// The module name items are reported under.
    #[arg(long, default_value = "api")]
    module: String,
    /// Print exactly one JSON object on stdout.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print Markdown (for a pull-request comment).
    #[arg(long)]
    markdown: bool,
    /// Exit with 1 when a change is breaking.
    #[arg(long)]
    fail_on_breaking: bool,
    /// The generated crate's version now (its `--package-version`): the report names
    /// the next one.
    #[arg(long, value_parser = semver::Version::parse)]
    current_version: Option<semver::Version>,
}

/// Builds both surfaces, compares them and prints the report.
pub fn run(args: &Args) -> ExitCode {
    let paths = [&args.old, &args.new].into_iter().chain(&args.old_overlay).chain(&args.new_overlay);
    if let Err(code) = crate::require_files(paths) {
        return code;
    }
    // The module names every item of the report, as it names the generated crate's.
    let names = apigen::CrateOptions {
        name: "api".into(),
        version: "0.1.0".into(),
        runtime_path: String::new(),
        specs_label: String::new(),
        sources_from: None,
    };
    let input = crate::input(&args.old, None, &args.module);
    if let Err(message) = apigen::check_names(std::slice::from_ref(&input), &names) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    let mut surfaces = Vec::new();
    for (spec, overlay) in [(&args.old, &args.old_overlay), (&args.new, &args.new_overlay)] {
        let input = crate::input(spec, overlay.as_deref(), &args.module);
        match apigen::pipeline::surface_api(&input, &crate::here()) {
            Ok((surface, warnings)) => {
                // The report is about the change; the documents' own warnings are
                // `apigen check`'s, counted here so that they are not missed.
                if !warnings.is_empty() {
                    eprintln!(
                        "note: {} has {} warning(s): `apigen check {}` shows them",
                        spec.display(),
                        apigen::diagnostics::total(&warnings),
                        spec.display()
                    );
                }
                surfaces.push(surface);
            }
            Err(diagnostics) => {
                crate::report(&diagnostics);
                eprintln!("error: {} fails to generate", spec.display());
                return ExitCode::from(2);
            }
        }
    }
    let report = Report {
        base: args.old.display().to_string(),
        head: args.new.display().to_string(),
        changes: diff(std::slice::from_ref(&surfaces[0]), std::slice::from_ref(&surfaces[1])),
        current: args.current_version.clone(),
    };
    if args.json {
        println!("{}", report.json());
    } else if args.markdown {
        print!("{}", report.markdown());
    } else {
        print!("{}", report.text());
    }
    if args.fail_on_breaking && report.has_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
