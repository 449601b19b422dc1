//! Helpers shared by the test files next to this one: where the workspace is, and
//! how to generate an API in memory.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The target directory this workspace builds into (`CARGO_TARGET_DIR` when set), which
/// the scratch crates the tests build share, so that their dependencies are not built again.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// The workspace's `[profile]` sections, for scratch workspaces that must build their
/// dependencies the way this workspace does (or they would be built again).
pub const PROFILES: &str =
    "[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n";

/// The APIs under `specs/`.
pub fn apis() -> Vec<apigen::ApiInput> {
    apigen::discover(&root().join("specs")).expect("specs/ is readable")
}

/// Generates one API in memory and returns its module's files joined, each under
/// a header naming it, followed by the warnings.
pub fn generated_text(input: &apigen::ApiInput) -> String {
    let output = apigen::generate_api(input, &root()).unwrap_or_else(|diagnostics| {
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{} failed to generate:\n{}", input.module, text.join("\n"))
    });
    let mut text = String::new();
    for (path, content) in &output.files {
        text.push_str(&format!("==> {path}\n{content}\n"));
    }
    text.push_str("==> warnings\n");
    for warning in &output.warnings {
        text.push_str(&format!("{warning}\n"));
    }
    text
}

/// The public surface of one API as text (what the snapshots record), followed by
/// the warnings.
pub fn surface_text(input: &apigen::ApiInput) -> String {
    let (surface, warnings) = apigen::surface_api(input, &root()).unwrap_or_else(|diagnostics| {
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{} failed to generate:\n{}", input.module, text.join("\n"))
    });
    let mut text = surface.render();
    text.push_str("\nwarnings\n");
    for warning in &warnings {
        text.push_str(&format!("  {warning}\n"));
    }
    text
}

/// Helpers for tests against a wiremock server.
pub mod wire {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    /// The one request the server received (fails the test if there were more or none).
    pub async fn only_request(server: &MockServer) -> Request {
        let mut requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 1, "exactly one request expected");
        requests.remove(0)
    }

    /// A request header as text.
    pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
        request.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Answers `verb route` on `server` with `response`.
    pub async fn respond(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
        Mock::given(method(verb)).and(path(route)).respond_with(response).mount(server).await;
    }
}

/// The README's Rust examples, compiled as doctests so they cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;

/// No generated enum can be cast with `as`, `#[non_exhaustive]` as it is: a closed string
/// enum, or an operation's errors without a body, would be (and the cast would break when
/// a vendor adds a status with a body, or give another number when it lists a value
/// before), so they hold a hidden variant of `apigen_runtime::Uncastable`.
///
/// ```compile_fail,E0605
/// let _ = vendor_apis::opencrvs::types::AuthenticateClientRequestGrantType::ClientCredentials as isize;
/// ```
///
/// ```compile_fail,E0605
/// let _ = fixture_apis::edge_names::CodesInRangesError::NotFound as isize;
/// ```
///
/// The same enums, used as code outside the crate must (this one compiles):
///
/// ```
/// use fixture_apis::edge_names::CodesInRangesError;
/// use vendor_apis::opencrvs::types::AuthenticateClientRequestGrantType as GrantType;
///
/// let grant = GrantType::ClientCredentials;
/// assert_eq!(grant.as_str(), "client_credentials");
/// let error = CodesInRangesError::NotFound;
/// assert!(matches!(error, CodesInRangesError::NotFound));
/// ```
#[cfg(doctest)]
pub struct GeneratedEnumsCannotBeCast;

/// Loopback servers written by hand (where wiremock cannot misbehave enough).
pub mod loopback {
    use tokio::io::AsyncReadExt;
    use tokio::net::TcpStream;

    /// The request head and its body (as long as `content-length` says).
    pub async fn read_request(stream: &mut TcpStream) -> String {
        let mut buffer = vec![0u8; 64 * 1024];
        let mut read = 0;
        let complete = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
            let Some(end) = text.find("\r\n\r\n") else { return false };
            let length =
                text.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|n| n.trim().parse().ok());
            bytes.len() >= end + 4 + length.unwrap_or(0)
        };
        while !complete(&buffer[..read]) {
            match stream.read(&mut buffer[read..]).await {
                Ok(0) | Err(_) => break,
                Ok(n) => read += n,
            }
        }
        String::from_utf8_lossy(&buffer[..read]).into_owned()
    }
}
