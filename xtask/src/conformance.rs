//! `cargo xtask conformance`: the generated clients against Prism, a mock server
//! that validates every request against the effective documents in
//! generated/openapi/.
//!
//! Installs the pinned `@stoplight/prism-cli` into tools/prism (once; reused), starts
//! one `prism mock --errors` per API on 127.0.0.1, waits for "Prism is listening",
//! then runs the ignored tests of tests/conformance.rs with each server's URL in
//! `APIGEN_PRISM_<API>`. Every Prism is stopped by PID when this task ends, whether
//! it passed or failed; every wait has a deadline.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const READY: &str = "Prism is listening";
const START_DEADLINE: Duration = Duration::from_secs(60);
const INSTALL_DEADLINE: Duration = Duration::from_secs(600);
const TEST_DEADLINE: Duration = Duration::from_secs(1200);

/// Started servers; dropping the guard stops them all.
struct Servers(Vec<(String, Child)>);

impl Drop for Servers {
    fn drop(&mut self) {
        for (api, child) in &mut self.0 {
            let pid = child.id();
            let _ = child.kill();
            match child.wait() {
                Ok(_) => eprintln!("stopped Prism for {api} (pid {pid})"),
                Err(e) => eprintln!("could not reap Prism for {api} (pid {pid}): {e}"),
            }
        }
    }
}

/// Runs `command` to completion within `deadline`, killing it if it overruns.
fn run_bounded(mut command: Command, deadline: Duration, what: &str) -> Result<(), String> {
    let mut child = command.spawn().map_err(|e| format!("cannot start {what}: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("{what} failed ({status})")),
            Ok(None) if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what} did not finish within {} s and was stopped", deadline.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("waiting for {what}: {e}")),
        }
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// Starts Prism for one document and waits until it listens.
fn start(prism: &Path, api: &str, document: &Path, servers: &mut Servers) -> Result<String, String> {
    let port = free_port()?;
    let mut child = Command::new(prism)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
        .arg(document)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let (lines, ready) = mpsc::channel::<String>();
    for stream in [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let lines = lines.clone();
        let api = api.to_owned();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if std::env::var_os("APIGEN_PRISM_LOG").is_some() {
                    eprintln!("[prism {api}] {line}");
                }
                let _ = lines.send(line);
            }
        });
    }
    let pid = child.id();
    servers.0.push((api.to_owned(), child));
    let deadline = Instant::now() + START_DEADLINE;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ready.recv_timeout(left) {
            Ok(line) if line.contains(READY) => break,
            Ok(line) => seen.push(line),
            Err(_) => {
                return Err(format!(
                    "Prism for {api} (pid {pid}) did not say \"{READY}\" within {} s:\n{}",
                    START_DEADLINE.as_secs(),
                    seen.join("\n")
                ));
            }
        }
    }
    let url = format!("http://127.0.0.1:{port}");
    eprintln!("Prism for {api}: {url} (pid {pid})");
    Ok(url)
}

pub fn run(root: &Path) -> ExitCode {
    match conformance(root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("conformance: {message}");
            ExitCode::FAILURE
        }
    }
}

fn conformance(root: &Path) -> Result<(), String> {
    let tools = root.join("tools/prism");
    let prism = tools.join("node_modules/.bin/prism");
    if !prism.exists() {
        let started = Instant::now();
        let mut npm = Command::new("npm");
        npm.args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&tools);
        run_bounded(npm, INSTALL_DEADLINE, "npm ci (tools/prism)")?;
        eprintln!("installed Prism in {:.1} s", started.elapsed().as_secs_f64());
    }
    let mut documents: Vec<PathBuf> = std::fs::read_dir(root.join("generated/openapi"))
        .map_err(|e| format!("cannot read generated/openapi: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    documents.sort();
    let mut servers = Servers(Vec::new());
    let mut env = Vec::new();
    for document in &documents {
        let api = document.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let url = start(&prism, &api, document, &mut servers)?;
        env.push((format!("APIGEN_PRISM_{}", api.to_uppercase()), url));
    }
    let mut test = crate::cargo();
    test.args(["test", "--package", "apigen-tests", "--test", "conformance", "--", "--include-ignored"])
        .current_dir(root)
        .envs(env);
    let result = run_bounded(test, TEST_DEADLINE, "the conformance tests");
    drop(servers);
    result
}
