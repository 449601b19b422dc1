//! `cargo xtask diff [--base <git-rev>] [--json] [--markdown] [--fail-on-breaking]`:
//! the surfaces of `specs/` at a git revision and in the working tree, compared.
//! Everything but printing and exiting is here, so that tests can run it on a
//! repository of their own.

use std::path::Path;
use std::time::Instant;

use super::git::{self, ApiTexts};
use super::{Report, diff};
use crate::surface::Surface;

/// How the changes are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by API, breaking first.
    Text,
    /// A pull-request comment.
    Markdown,
    /// One JSON object.
    Json,
}

/// The command line, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The base revision (default `HEAD`).
    pub base: String,
    /// The output format.
    pub format: Format,
    /// Exit with 1 when a change is breaking.
    pub fail_on_breaking: bool,
}

/// What a run prints and how it exits: 0 when it ran, 1 with `--fail-on-breaking`
/// and a breaking change, 2 on error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit status.
    pub code: u8,
}

/// The usage line.
pub const USAGE: &str = "diff [--base <git-rev>] [--json | --markdown] [--fail-on-breaking]";

/// Parses the arguments after `diff`.
pub fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut options = Options { base: "HEAD".to_owned(), format: Format::Text, fail_on_breaking: false };
    let mut formats = 0;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--base" => options.base = rest.next().ok_or("--base needs a git revision")?.to_string(),
            "--json" => (options.format, formats) = (Format::Json, formats + 1),
            "--markdown" => (options.format, formats) = (Format::Markdown, formats + 1),
            "--fail-on-breaking" => options.fail_on_breaking = true,
            other => return Err(format!("unknown argument `{other}`; usage: cargo xtask {USAGE}")),
        }
    }
    if formats > 1 {
        return Err("--json and --markdown exclude each other".to_owned());
    }
    Ok(options)
}

/// Compares `specs/` at `options.base` with the working tree of the repository at `root`.
pub fn run(root: &Path, options: &Options) -> Outcome {
    let started = Instant::now();
    let fail = |stderr: String| Outcome { stdout: String::new(), stderr, code: 2 };
    let base = match git::apis_at(root, &options.base, "specs") {
        Ok(apis) => apis,
        Err(message) => return fail(format!("error: {message}\n")),
    };
    let base = match surfaces(&base) {
        Ok(surfaces) => surfaces,
        Err(diagnostics) => {
            return fail(format!("{diagnostics}error: specs/ at `{}` fails to generate\n", options.base));
        }
    };
    let head = match git::apis_in_tree(root, "specs")
        .map_err(|e| format!("error: {e}\n"))
        .and_then(|apis| surfaces(&apis))
    {
        Ok(surfaces) => surfaces,
        Err(diagnostics) => return fail(format!("{diagnostics}error: specs/ in the working tree fails to generate\n")),
    };
    let changes = diff(&base, &head);
    let report = Report { base: options.base.clone(), head: "working tree".into(), changes, current: None };
    let stdout = match options.format {
        Format::Text => report.text(),
        Format::Markdown => report.markdown(),
        Format::Json => format!("{}\n", report.json()),
    };
    let code = if options.fail_on_breaking && report.has_breaking() { 1 } else { 0 };
    let stderr = match options.format {
        Format::Json => String::new(),
        _ => format!("compared {} API(s) in {} ms\n", head.len().max(base.len()), started.elapsed().as_millis()),
    };
    Outcome { stdout, stderr, code }
}

/// The surface of every API, or all the error diagnostics rendered.
pub fn surfaces(apis: &[ApiTexts]) -> Result<Vec<Surface>, String> {
    let mut surfaces = Vec::new();
    let mut errors = String::new();
    for api in apis {
        match crate::surface_source(&api.module, &api.spec, api.overlay.as_ref()) {
            Ok((surface, _warnings)) => surfaces.push(surface),
            Err(diagnostics) => {
                for diagnostic in diagnostics.iter().filter(|d| d.severity == crate::Severity::Error) {
                    errors.push_str(&diagnostic.render());
                }
            }
        }
    }
    if errors.is_empty() { Ok(surfaces) } else { Err(errors) }
}
