//! The API documents of a git revision, read with `git ls-tree` and `git show`: no
//! checkout, the working tree is not touched. (The `git` command line is what every
//! checkout has; a git library would add a large dependency for three commands.)

use std::path::Path;
use std::process::Command;

use crate::pipeline::{ApiInput, SourceText, display_path};

/// One API's texts: module name, document and optional overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTexts {
    /// The module name (from the folder name).
    pub module: String,
    /// The OpenAPI document.
    pub spec: SourceText,
    /// `overlay.yaml` beside it, if any.
    pub overlay: Option<SourceText>,
}

/// Runs `git` in `repo` and returns its standard output.
fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output =
        Command::new("git").arg("-C").arg(repo).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()))
    }
}

/// The commit `rev` names, or an error saying the revision is unknown.
pub fn resolve(repo: &Path, rev: &str) -> Result<String, String> {
    let spec = format!("{rev}^{{commit}}");
    git(repo, &["rev-parse", "--verify", "--quiet", &spec])
        .ok()
        .map(|out| String::from_utf8_lossy(&out).trim().to_owned())
        .filter(|commit| !commit.is_empty())
        .ok_or_else(|| format!("unknown revision `{rev}` (not a commit of the repository at {})", repo.display()))
}

/// The APIs under `specs_dir` (relative to `repo`, e.g. `specs`) at revision `rev`:
/// every folder with an `openapi.json`, `openapi.yaml` or `openapi.yml` (in that order
/// of preference, as [`crate::discover`] does), with its `overlay.yaml`.
pub fn apis_at(repo: &Path, rev: &str, specs_dir: &str) -> Result<Vec<ApiTexts>, String> {
    let commit = resolve(repo, rev)?;
    let listing = git(repo, &["ls-tree", "-r", "--name-only", &commit, "--", &format!("{specs_dir}/")])?;
    let listing = String::from_utf8_lossy(&listing);
    let mut folders: Vec<(&str, Vec<&str>)> = Vec::new();
    for path in listing.lines() {
        let Some(rest) = path.strip_prefix(specs_dir).and_then(|r| r.strip_prefix('/')) else { continue };
        let Some((folder, file)) = rest.split_once('/') else { continue };
        if file.contains('/') {
            continue;
        }
        match folders.last_mut() {
            Some((name, files)) if *name == folder => files.push(file),
            _ => folders.push((folder, vec![file])),
        }
    }
    folders.sort_by_key(|(name, _)| *name);
    let mut apis = Vec::new();
    for (folder, files) in folders {
        let Some(spec) = ["openapi.json", "openapi.yaml", "openapi.yml"].into_iter().find(|f| files.contains(f)) else {
            continue;
        };
        let read = |file: &str| -> Result<SourceText, String> {
            let path = format!("{specs_dir}/{folder}/{file}");
            let bytes = git(repo, &["show", &format!("{commit}:./{path}")])?;
            let text = String::from_utf8(bytes).map_err(|_| format!("{rev}:{path} is not UTF-8 text"))?;
            Ok(SourceText { name: format!("{rev}:{path}"), text })
        };
        let overlay = if files.contains(&"overlay.yaml") { Some(read("overlay.yaml")?) } else { None };
        apis.push(ApiTexts { module: crate::model::names::snake_name(folder, "api"), spec: read(spec)?, overlay });
    }
    Ok(apis)
}

/// The APIs under `root/specs_dir` in the working tree, read from disk.
pub fn apis_in_tree(root: &Path, specs_dir: &str) -> Result<Vec<ApiTexts>, String> {
    let inputs: Vec<ApiInput> = crate::discover(&root.join(specs_dir))?;
    let read = |path: &Path| -> Result<SourceText, String> {
        let name = display_path(path, root);
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        Ok(SourceText { name, text })
    };
    inputs
        .iter()
        .map(|input| {
            Ok(ApiTexts {
                module: input.module.clone(),
                spec: read(&input.spec)?,
                overlay: input.overlay.as_deref().map(read).transpose()?,
            })
        })
        .collect()
}

/// Whether anything under `path` (relative to `repo`) differs from `HEAD`, untracked
/// files included. `None` when `repo` is not a git checkout.
pub fn differs_from_head(repo: &Path, path: &str) -> Option<bool> {
    let status = git(repo, &["status", "--porcelain", "--untracked-files=all", "--", path]).ok()?;
    Some(!status.is_empty())
}
