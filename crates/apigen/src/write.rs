//! Stage 7, write: put the generated files on disk, or compare them with what is there.
//!
//! The output folder belongs to the generator: files it did not produce are removed
//! on write and reported by `check`, except what cargo keeps there when the crate
//! is built on its own (`target/`, `Cargo.lock`).

use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Files;

/// A difference between the generated files and the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Generated but not on disk.
    Missing(String),
    /// On disk but not generated.
    Extra(String),
    /// On disk with other content; holds a unified diff (disk → generated).
    Changed(String, String),
}

/// Lists every file under `root` (relative, `/`-separated), skipping `target/` and
/// the top-level `Cargo.lock`.
fn existing(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(path);
            } else if path != root.join("Cargo.lock") {
                out.push(crate::pipeline::display_path(&path, root));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Compares `files` with the folder `root`.
pub fn check(root: &Path, files: &Files) -> io::Result<Vec<Difference>> {
    let mut differences = Vec::new();
    for (path, text) in files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(current) if &current == text => {}
            Ok(current) => {
                let diff = similar::TextDiff::from_lines(&current, text)
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string();
                differences.push(Difference::Changed(path.clone(), diff));
            }
            Err(_) => differences.push(Difference::Missing(path.clone())),
        }
    }
    for path in existing(root)? {
        if !files.contains_key(&path) {
            differences.push(Difference::Extra(path));
        }
    }
    Ok(differences)
}

/// Whether the file at `path` holds exactly `text`: its length first, then its bytes
/// piece by piece (no copy of a file of megabytes is made, and the first difference
/// ends the reading).
fn holds(path: &Path, text: &str) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if file.metadata().map(|metadata| metadata.len()).ok() != u64::try_from(text.len()).ok() {
        return false;
    }
    let mut rest = text.as_bytes();
    let mut piece = vec![0; 256 * 1024];
    loop {
        match io::Read::read(&mut file, &mut piece) {
            Ok(0) => return rest.is_empty(),
            Ok(read) if rest.starts_with(&piece[..read]) => rest = &rest[read..],
            _ => return false,
        }
    }
}

/// Writes `files` under `root`: changed files are replaced atomically (write to a
/// temporary file, then rename), unchanged ones are not touched, files that are
/// no longer generated are removed. Returns the paths written or removed.
pub fn write(root: &Path, files: &Files) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, text) in files {
        let target = root.join(path);
        if holds(&target, text) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = target.with_extension("apigen-tmp");
        std::fs::write(&temporary, text)?;
        std::fs::rename(&temporary, &target)?;
        written.push(target);
    }
    for path in existing(root)? {
        if !files.contains_key(&path) {
            std::fs::remove_file(root.join(&path))?;
            written.push(root.join(&path));
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_check_is_clean_and_stale_files_go() {
        let dir = std::env::temp_dir().join(format!("apigen-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/old")).unwrap();
        std::fs::write(dir.join("src/old/mod.rs"), "stale").unwrap();
        let mut files = Files::new();
        files.insert("src/lib.rs".into(), "pub mod a;\n".into());
        files.insert("Cargo.toml".into(), "[package]\n".into());
        let before = check(&dir, &files).unwrap();
        assert!(before.contains(&Difference::Extra("src/old/mod.rs".into())));
        assert!(before.contains(&Difference::Missing("src/lib.rs".into())));
        write(&dir, &files).unwrap();
        assert!(check(&dir, &files).unwrap().is_empty());
        std::fs::write(dir.join("src/lib.rs"), "pub mod b;\n").unwrap();
        match &check(&dir, &files).unwrap()[0] {
            Difference::Changed(path, diff) => {
                assert_eq!(path, "src/lib.rs");
                assert!(diff.contains("-pub mod b;") && diff.contains("+pub mod a;"), "{diff}");
            }
            other => panic!("unexpected {other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file is left alone only when it holds the text byte for byte, however long
    /// it is and wherever it differs.
    #[test]
    fn only_files_that_differ_are_written() {
        let dir = std::env::temp_dir().join(format!("apigen-holds-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let long = "x".repeat(600 * 1024);
        let mut files = Files::new();
        files.insert("long.rs".into(), long.clone());
        files.insert("short.rs".into(), "pub mod a;\n".into());
        assert_eq!(write(&dir, &files).unwrap().len(), 2);
        assert!(write(&dir, &files).unwrap().is_empty(), "nothing changed");
        for (name, text) in [("short.rs", "pub mod b;\n".to_owned()), ("long.rs", format!("{}y", &long[1..]))] {
            std::fs::write(dir.join(name), &text).unwrap();
            assert!(!holds(&dir.join(name), &files[name]));
            assert_eq!(write(&dir, &files).unwrap(), vec![dir.join(name)], "{name}: same length, other bytes");
        }
        std::fs::write(dir.join("long.rs"), &long[1..]).unwrap();
        assert_eq!(write(&dir, &files).unwrap(), vec![dir.join("long.rs")], "shorter");
        assert!(holds(&dir.join("long.rs"), &long) && !holds(&dir.join("missing.rs"), ""));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
