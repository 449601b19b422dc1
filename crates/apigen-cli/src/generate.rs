//! `apigen generate`: one document into a crate of its own.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use apigen::write::{self, Difference};

/// Arguments of `apigen generate`.
#[derive(clap::Args)]
pub struct Args {
    /// The OpenAPI document (JSON or YAML, by extension). Relative `$ref`s to other
    /// files beside it or below it are bundled in.
    spec: PathBuf,
    /// An Overlay 1.0 document applied to it first.
    #[arg(long)]
    overlay: Option<PathBuf>,
    /// The folder the crate is written to (created if missing).
    #[arg(long)]
    output: PathBuf,
    /// The package name [default: the output folder's name].
    #[arg(long)]
    name: Option<String>,
    /// The module (and cargo feature) the API becomes [default: the package name in snake case].
    #[arg(long)]
    module: Option<String>,
    /// Where the `apigen-runtime` crate is, for the generated manifest's path
    /// dependency [default: the runtime beside this apigen's source].
    #[arg(long)]
    runtime_path: Option<PathBuf>,
    /// Write nothing; fail (exit 1) when the files in the output folder differ from
    /// what would be written.
    #[arg(long)]
    check: bool,
}

/// Generates in memory, then writes (or compares) all files at once.
pub fn run(args: &Args) -> ExitCode {
    if let Err(code) = crate::require_files(std::iter::once(&args.spec).chain(&args.overlay)) {
        return code;
    }
    let here = crate::here();
    let output = here.join(&args.output);
    let name = args.name.clone().unwrap_or_else(|| {
        output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api-client".into())
    });
    let module = args.module.clone().unwrap_or_else(|| apigen::model::names::snake_name(&name, "api"));
    let runtime = args.runtime_path.as_ref().map(|p| here.join(p)).unwrap_or_else(default_runtime);
    let options = apigen::CrateOptions {
        name,
        runtime_path: relative(&runtime, &output).display().to_string().replace('\\', "/"),
        specs_label: args.spec.display().to_string(),
    };
    let input = crate::input(&args.spec, args.overlay.as_deref(), &module);
    if let Err(message) = apigen::check_names(std::slice::from_ref(&input), &options) {
        let from = if args.name.is_none() { " (the package name is the output folder's unless given)" } else { "" };
        eprintln!("error: {message}; choose the names with `--name` and `--module`{from}");
        return ExitCode::from(2);
    }
    let generated = match apigen::generate(std::slice::from_ref(&input), &here, &options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            crate::report(&diagnostics);
            eprintln!("generation failed; nothing was written");
            return ExitCode::from(2);
        }
    };
    for api in &generated.apis {
        crate::report(&api.warnings);
        eprintln!(
            "{}: {} operation(s), {} type(s), {} warning(s) in {} ms",
            args.spec.display(),
            api.operations,
            api.types,
            api.warnings.len(),
            api.millis
        );
    }
    let files = with_command(generated.files, &regenerate_command(args));
    if args.check { check(&output, &files) } else { write_all(&output, &files) }
}

/// The command line that writes this output again, as the preambles should name it.
fn regenerate_command(args: &Args) -> String {
    let mut command = format!("apigen generate {}", args.spec.display());
    if let Some(overlay) = &args.overlay {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    command.push_str(&format!(" --output {}", args.output.display()));
    for (flag, value) in [("--name", &args.name), ("--module", &args.module)] {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {value}"));
        }
    }
    if let Some(runtime) = &args.runtime_path {
        command.push_str(&format!(" --runtime-path {}", runtime.display()));
    }
    command
}

/// The library's preambles name the command of the apigen repository (`cargo
/// xtask generate`); outside it, the command is this one.
fn with_command(mut files: apigen::emit::Files, command: &str) -> apigen::emit::Files {
    let ours = format!("`{}`", apigen::emit::one_line(command));
    for content in files.values_mut() {
        // The first line is edited in place: the files are megabytes, the line is not.
        let end = content.find('\n').unwrap_or(content.len());
        let first = content[..end].replace("`cargo xtask generate`", &ours);
        content.replace_range(..end, &first);
    }
    files
}

fn check(output: &Path, files: &apigen::emit::Files) -> ExitCode {
    match write::check(output, files) {
        Ok(differences) if differences.is_empty() => {
            eprintln!("{} is up to date ({} files)", output.display(), files.len());
            ExitCode::SUCCESS
        }
        Ok(differences) => {
            for difference in &differences {
                match difference {
                    Difference::Missing(path) => eprintln!("missing: {path}"),
                    Difference::Extra(path) => eprintln!("not generated: {path}"),
                    Difference::Changed(path, diff) => eprintln!("changed: {path}\n{diff}"),
                }
            }
            eprintln!("{} file(s) in {} are stale: run `apigen generate` again", differences.len(), output.display());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", output.display());
            ExitCode::from(2)
        }
    }
}

fn write_all(output: &Path, files: &apigen::emit::Files) -> ExitCode {
    match write::write(output, files) {
        Ok(paths) => {
            // `write` returns the files it removed (no longer generated) with those it wrote.
            let removed = paths.iter().filter(|path| !path.exists()).count();
            let written = paths.len() - removed;
            let gone = if removed > 0 { format!(", removed {removed} no longer generated") } else { String::new() };
            eprintln!("wrote {written} of {} files to {}{gone}", files.len(), output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", output.display());
            ExitCode::from(2)
        }
    }
}

/// The runtime crate of the apigen source this binary was built from.
fn default_runtime() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../apigen-runtime")
}

/// `to` as seen from the folder `from` (both absolute): a relative path when they
/// share a root, so a generated crate and its runtime can move together. (Three
/// lines of component arithmetic do not justify a dependency.)
fn relative(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<Component> = normalized(to);
    let from: Vec<Component> = normalized(from);
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    // Sharing only the root (`/tmp/x` and `/home/y`), an absolute path says more.
    if common <= 1 {
        return to.iter().collect();
    }
    std::iter::repeat_n(Component::ParentDir, from.len() - common).chain(to[common..].iter().copied()).collect()
}

/// The components of a path with `.` dropped and `..` applied.
fn normalized(path: &Path) -> Vec<Component<'_>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_are_relative_to_the_output() {
        assert_eq!(relative(Path::new("/a/b/runtime"), Path::new("/a/out")), PathBuf::from("../b/runtime"));
        assert_eq!(relative(Path::new("/a/src/../rt"), Path::new("/a/x/./y")), PathBuf::from("../../rt"));
    }
}
