//! `apigen generate`: one document into a crate of its own.

use std::path::{Path, PathBuf};
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
    /// The package version, as `cargo xtask diff` / `apigen diff` suggest bumping it
    /// [default: the version of the crate already in the output folder, else 0.1.0].
    #[arg(long, value_parser = version)]
    package_version: Option<String>,
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
    // Spelled one way however it was typed (`out`, `./out/`, `x/../out`).
    let output = apigen::pipeline::real_path(&here.join(&args.output));
    if output.exists() && !output.is_dir() {
        eprintln!("error: the output {} is not a folder: nothing was generated", output.display());
        return ExitCode::from(2);
    }
    let name = args.name.clone().unwrap_or_else(|| {
        output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api-client".into())
    });
    let module = args.module.clone().unwrap_or_else(|| apigen::model::names::snake_name(&name, "api"));
    let runtime = args.runtime_path.as_ref().map(|p| here.join(p)).unwrap_or_else(default_runtime);
    if !is_runtime(&runtime) {
        eprintln!(
            "error: {} is not the apigen-runtime crate (no Cargo.toml naming it), and the generated crate depends on it by path: name its folder with `--runtime-path`; nothing was generated",
            runtime.display()
        );
        return ExitCode::from(2);
    }
    let options = apigen::CrateOptions {
        name: name.clone(),
        version: package_version(args, &output),
        runtime_path: apigen::pipeline::source_label(&runtime, &output),
        specs_label: apigen::pipeline::source_label(&here.join(&args.spec), &output),
        sources_from: Some(output.clone()),
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
            apigen::diagnostics::total(&api.warnings),
            api.millis
        );
    }
    let files = with_command(generated.files, &regenerate_command(args, &name, &here, &output));
    if args.check { check(&output, &files) } else { write_all(&output, &files) }
}

/// The command line that writes this output again, run in the output folder, as the
/// preambles name it: paths relative to that folder and the package name always given,
/// so that it reads the same however the paths were typed and wherever it was run from.
fn regenerate_command(args: &Args, name: &str, here: &Path, output: &Path) -> String {
    let shown = |path: &Path| shell_word(&apigen::pipeline::source_label(&here.join(path), output));
    let mut command = format!("apigen generate {}", shown(&args.spec));
    if let Some(overlay) = &args.overlay {
        command.push_str(&format!(" --overlay {}", shown(overlay)));
    }
    command.push_str(&format!(" --output . --name {}", shell_word(name)));
    if let Some(module) = &args.module {
        command.push_str(&format!(" --module {}", shell_word(module)));
    }
    let version = package_version(args, output);
    if version != "0.1.0" {
        command.push_str(&format!(" --package-version {}", shell_word(&version)));
    }
    if let Some(runtime) = &args.runtime_path {
        command.push_str(&format!(" --runtime-path {}", shown(runtime)));
    }
    command
}

/// `word` as one word of a POSIX shell command line: as it is when it holds only
/// characters no shell treats specially, else in single quotes. (Four lines: no
/// dependency for it.)
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The package version: `--package-version`, else that of the crate this run generates
/// again (the `version` line of its manifest, which apigen wrote: not parsed as TOML), else
/// 0.1.0; regenerating without the flag must not take a released version back.
fn package_version(args: &Args, output: &Path) -> String {
    if let Some(version) = &args.package_version {
        return version.clone();
    }
    let manifest = std::fs::read_to_string(output.join("Cargo.toml")).unwrap_or_default();
    let ours = manifest.starts_with("# Generated by apigen");
    let written = manifest.lines().find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"'));
    written
        .filter(|version| ours && apigen::pipeline::check_version(version).is_ok())
        .map_or_else(|| "0.1.0".to_owned(), str::to_owned)
}

/// A `--package-version` Cargo reads (clap reports the error, exit 2).
fn version(text: &str) -> Result<String, String> {
    apigen::pipeline::check_version(text).map(|()| text.to_owned())
}

/// The library's preambles name the command of the apigen repository (`cargo
/// xtask generate`); outside it, the command is this one.
fn with_command(mut files: apigen::emit::Files, command: &str) -> apigen::emit::Files {
    let ours = format!("`{}` in this crate's folder", apigen::emit::one_line(command));
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

/// Whether `dir` holds the `apigen-runtime` package: its manifest has a `name` key of that
/// value (read by line, not by a TOML parser: one key of a manifest Cargo itself will
/// read is looked for, in any of the ways TOML writes a plain key and a one-line string).
fn is_runtime(dir: &Path) -> bool {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    manifest.lines().any(|line| {
        let line = line.split_once(" #").map_or(line, |(code, _)| code);
        line.split_once('=').is_some_and(|(key, value)| {
            key.trim() == "name" && value.trim().trim_matches(['"', '\'']) == "apigen-runtime"
        })
    })
}

/// The runtime crate of the apigen source this binary was built from.
fn default_runtime() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../apigen-runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_known_by_its_manifest_however_it_is_spelled() {
        let dir = std::env::temp_dir().join(format!("apigen-runtime-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (manifest, runtime) in [
            ("[package]\nname = \"apigen-runtime\"\n", true),
            ("[package]\nname='apigen-runtime' # the runtime\n", true),
            ("[package]\n\tname =\t\"apigen-runtime\"\n", true),
            ("[package]\nname = \"apigen\"\n", false),
        ] {
            std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
            assert_eq!(is_runtime(&dir), runtime, "{manifest}");
        }
        assert!(!is_runtime(&dir.join("missing")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn paths_are_relative_to_the_output_and_words_quoted_for_a_shell() {
        let relative = apigen::pipeline::relative_path;
        assert_eq!(relative(Path::new("/a/b/runtime"), Path::new("/a/out")), PathBuf::from("../b/runtime"));
        assert_eq!(relative(Path::new("/a/src/../rt"), Path::new("/a/x/./y")), PathBuf::from("../../rt"));
        assert_eq!(relative(Path::new("/tmp/x"), Path::new("/home/y")), PathBuf::from("/tmp/x"));
        assert_eq!(shell_word("../specs/a.yaml"), "../specs/a.yaml");
        assert_eq!(shell_word("my specs/it's.yaml"), "'my specs/it'\\''s.yaml'");
        assert_eq!(shell_word(""), "''");
    }
}
