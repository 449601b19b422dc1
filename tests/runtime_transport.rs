//! Transport against loopback servers that misbehave on purpose: redirects to another
//! origin (which would carry API keys, bodies with client secrets and queries along),
//! a server that drips its answer, and a download slower than the call bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use apigen_runtime::{ByteStream, ClientCore, Error, Outcome};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// What a server does with one connection, given the request head (and body) it read.
type Answer = Arc<dyn Fn(String, TcpStream) -> tokio::task::JoinHandle<()> + Send + Sync>;

/// A loopback server: its URL, and how many connections it accepted.
async fn server(answer: Answer) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let request = apigen_tests::loopback::read_request(&mut stream).await;
            answer(request, stream);
        }
    });
    (url, accepted)
}

fn answer(f: impl Fn(String, TcpStream) -> tokio::task::JoinHandle<()> + Send + Sync + 'static) -> Answer {
    Arc::new(f)
}

/// A request of `core` carrying an API key header and a secret in its JSON body.
fn with_secrets(core: &ClientCore) -> apigen_runtime::Request<'_> {
    core.request("POST", "op")
        .path("/start")
        .header("x-api-key", &"APIKEY-SECRET".to_owned())
        .json("application/json", &serde_json::json!({"client_secret": "BODY-SECRET"}))
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let kept = seen.clone();
    let (elsewhere, reached) = server(answer(move |request, mut stream| {
        kept.lock().unwrap().push_str(&request);
        tokio::spawn(async move {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await;
        })
    }))
    .await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!("{elsewhere}/steal");
        let (url, _) = server(answer(move |_, mut stream| {
            let head = format!("HTTP/1.1 {status} Moved\r\nlocation: {location}\r\ncontent-length: 0\r\n\r\n");
            tokio::spawn(async move {
                let _ = stream.write_all(head.as_bytes()).await;
            })
        }))
        .await;
        let core = ClientCore::new(&url).unwrap();
        let result: Result<serde_json::Value, Error> = with_secrets(&core)
            .send(|status| match status {
                200 => Outcome::json(),
                _ => Outcome::unexpected(),
            })
            .await;
        assert!(matches!(&result, Err(Error::UnexpectedStatus { status: s, .. }) if *s == status), "{result:?}");
    }
    assert_eq!(reached.load(Ordering::SeqCst), 0, "{}", seen.lock().unwrap());
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_without_a_referer() {
    let second = Arc::new(std::sync::Mutex::new(String::new()));
    let kept = second.clone();
    let (url, accepted) = server(answer(move |request, mut stream| {
        let first = request.starts_with("POST /start");
        if !first {
            kept.lock().unwrap().push_str(&request);
        }
        tokio::spawn(async move {
            let head: &[u8] = if first {
                b"HTTP/1.1 307 Moved\r\nlocation: /next?token=QUERY-SECRET\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            } else {
                b"HTTP/1.1 200 OK\r\ncontent-length: 7\r\nconnection: close\r\n\r\n{\"a\":1}"
            };
            let _ = stream.write_all(head).await;
        })
    }))
    .await;
    // A bound too large for the clock is no bound (and no overflow).
    let core = ClientCore::new(&url).unwrap().with_timeout(Duration::MAX);
    let value: Result<serde_json::Value, Error> = with_secrets(&core)
        .send(|status| match status {
            200 => Outcome::json(),
            _ => Outcome::unexpected(),
        })
        .await;
    let value = value.unwrap();
    assert_eq!(value, serde_json::json!({"a": 1}));
    assert_eq!(accepted.load(Ordering::SeqCst), 2);
    let second = second.lock().unwrap().to_ascii_lowercase();
    assert!(second.starts_with("post /next?token=query-secret"), "{second}");
    assert!(!second.contains("referer"), "{second}");
}

/// A server that sends its headers, then one byte of body every 50 ms, for `total` bytes.
async fn dripping(total: usize) -> String {
    let (url, _) = server(answer(move |_, mut stream| {
        tokio::spawn(async move {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {total}\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..total {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
            }
        })
    }))
    .await;
    url
}

#[tokio::test]
async fn a_call_is_bounded_as_a_whole_even_when_the_server_keeps_sending() {
    // 200 bytes at 20 a second would take 10 s; each byte comes well within the read timeout.
    let url = dripping(200).await;
    let core = ClientCore::new(&url).unwrap().with_timeout(Duration::from_millis(400));
    let started = Instant::now();
    let result: Result<serde_json::Value, Error> =
        core.request("GET", "op").path("/slow").send(|_| Outcome::json()).await;
    let waited = started.elapsed();
    assert!(matches!(result, Err(Error::Timeout { after }) if after == Duration::from_millis(400)));
    assert!(waited >= Duration::from_millis(400) && waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test]
async fn a_streamed_download_outlives_the_call_bound() {
    // 20 bytes over about a second, against a bound of 200 ms: the bound covers the call
    // until the response arrives; the stream then goes on as long as bytes keep coming.
    let url = dripping(20).await;
    let core = ClientCore::new(&url).unwrap().with_timeout(Duration::from_millis(200));
    let mut stream: ByteStream =
        core.request("GET", "op").path("/file").send::<ByteStream, ()>(|_| Outcome::stream()).await.unwrap();
    let mut total = 0;
    while let Some(chunk) = stream.next_chunk().await {
        total += chunk.unwrap().len();
    }
    assert_eq!(total, 20);
}

#[tokio::test]
async fn an_excerpt_that_echoes_the_request_shows_no_credential_and_no_control_character() {
    // An undocumented 500 whose body is the request head, as some proxies answer.
    let (url, _) = server(answer(move |request, mut stream| {
        tokio::spawn(async move {
            let body = format!("\u{1b}[2J{request}");
            let head = format!("HTTP/1.1 500 Oops\r\ncontent-length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
        })
    }))
    .await;
    use apigen_runtime::auth::{ApiKey, ApiKeyLocation, BearerToken};
    let core = ClientCore::new(&url)
        .unwrap()
        .with_credential("header_key", ApiKey::new(ApiKeyLocation::Header, "x-api-key", "HEADER-K3Y"))
        .with_credential("query_key", ApiKey::new(ApiKeyLocation::Query, "api_key", "QUERY K3Y+1"))
        .with_credential("bearer", BearerToken::new("BEARER-T0KEN"));
    let security: &'static [&'static [&'static str]] = &[&["header_key", "query_key", "bearer"]];
    let result: Result<serde_json::Value, Error> = core
        .request("GET", "op")
        .path("/echo")
        .query("page", &2)
        .security(security)
        .send(|_| Outcome::unexpected())
        .await;
    let Err(error @ Error::UnexpectedStatus { status: 500, .. }) = result else { panic!("{result:?}") };
    let shown = format!("{error} {error:?}");
    for secret in ["HEADER-K3Y", "QUERY", "K3Y+1", "K3Y%2B1", "BEARER-T0KEN", "\u{1b}"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("x-api-key: [REDACTED]") && shown.contains("page=2"), "{shown}");
}

/// A server answering 500 with `body(request)` as its body.
async fn answering_500(body: impl Fn(String) -> String + Send + Sync + 'static) -> String {
    let (url, _) = server(answer(move |request, mut stream| {
        let body = body(request);
        tokio::spawn(async move {
            let head = format!("HTTP/1.1 500 Oops\r\ncontent-length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
        })
    }))
    .await;
    url
}

#[tokio::test]
async fn an_excerpt_hides_cookie_keys_passwords_body_secrets_and_secret_parameters() {
    use apigen_runtime::auth::{ApiKey, ApiKeyLocation, HttpBasic};
    // The request's head and body, each secret also alone on a line of its own.
    let url = answering_500(|request| {
        let alone = ["COOKIE-K3Y", "hunter2-SECRET", "BODY-S3CRET", "PARAM S3CRET+/="].join("\n");
        format!("{request}\n{alone}")
    })
    .await;
    let core = ClientCore::new(&url)
        .unwrap()
        .with_credential("cookie_key", ApiKey::new(ApiKeyLocation::Cookie, "session", "COOKIE-K3Y"))
        .with_credential("basic", HttpBasic::new("user", "hunter2-SECRET"));
    let security: &'static [&'static [&'static str]] = &[&["cookie_key", "basic"]];
    let grant = std::collections::BTreeMap::from([("client_secret", apigen_runtime::Secret::new("BODY-S3CRET"))]);
    let result: Result<serde_json::Value, Error> = core
        .request("POST", "op")
        .path("/token")
        .query("hint", &apigen_runtime::Secret::new("PARAM S3CRET+/="))
        .security(security)
        .json("application/json", &grant)
        .send(|_| Outcome::unexpected())
        .await;
    let Err(error @ Error::UnexpectedStatus { .. }) = result else { panic!("{result:?}") };
    let shown = format!("{error} {error:?}");
    for secret in ["COOKIE-K3Y", "hunter2", "BODY-S3CRET", "S3CRET", "dXNlcjpodW50ZXIy"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn an_excerpt_cut_inside_a_secret_shows_none_of_it() {
    use apigen_runtime::auth::BearerToken;
    let token = "T0KEN-0123456789ABCDEF";
    // The excerpt keeps 512 bytes: the token starts at byte 500 and is cut after 12.
    let url = answering_500(move |_| format!("{}{token}", "x".repeat(500))).await;
    let core = ClientCore::new(&url).unwrap().with_credential("bearer", BearerToken::new(token));
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    let result: Result<serde_json::Value, Error> =
        core.request("GET", "op").path("/x").security(security).send(|_| Outcome::unexpected()).await;
    let Err(Error::UnexpectedStatus { excerpt, .. }) = result else { panic!("{result:?}") };
    assert!(excerpt.ends_with("x[REDACTED]…") && !excerpt.contains("T0KEN"), "{excerpt}");
}

/// The same bounds through a generated client, as its users call them.
#[tokio::test]
async fn a_generated_client_bounds_its_calls_and_refuses_header_values_http_cannot_carry() {
    use fixture_apis::feature_zoo::Client;
    let (url, accepted) = server(answer(move |_, mut stream| {
        tokio::spawn(async move {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_ok() {
                // The body never comes.
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        })
    }))
    .await;
    let client = Client::new(&url).unwrap().with_bearer("zoo-token").with_timeout(Duration::from_millis(300));
    let refused = client.get_pet(1).x_request_id("a\r\nx-injected: 1").await;
    assert!(matches!(&refused, Err(Error::Validation(e)) if e.path == ["X-Request-Id"]), "{refused:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 0, "nothing was sent");
    let started = Instant::now();
    let timed_out = client.get_pet(1).x_request_id("fine").await;
    assert!(matches!(timed_out, Err(Error::Timeout { after }) if after == Duration::from_millis(300)));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_body_cut_short_says_why_in_the_message() {
    // 100 bytes promised, 10 sent, and the connection closed.
    let (url, _) = server(answer(|_, mut stream| {
        tokio::spawn(async move {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n[1,2,3,4,5").await;
        })
    }))
    .await;
    let core = ClientCore::new(&url).unwrap();
    let result: Result<serde_json::Value, Error> =
        core.request("GET", "op").path("/short").send(|_| Outcome::json()).await;
    let Err(error @ Error::Transport(_)) = result else { panic!("{result:?}") };
    let shown = error.to_string();
    assert!(shown.starts_with("transport error: error decoding response body"), "{shown}");
    assert!(shown.contains("(end of file before message length reached)"), "{shown}");
}

#[tokio::test]
async fn a_streamed_download_cut_short_is_an_error_that_says_why() {
    // 100 bytes promised, 10 sent, and the connection closed: an error, not a short success.
    let (url, _) = server(answer(|_, mut stream| {
        tokio::spawn(async move {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789").await;
        })
    }))
    .await;
    let core = ClientCore::new(&url).unwrap();
    let mut stream: ByteStream = core
        .request("GET", "op")
        .path("/file")
        .query("k", &"SECRET-Q".to_owned())
        .send::<ByteStream, ()>(|_| Outcome::stream())
        .await
        .unwrap();
    let mut error = None;
    while let Some(chunk) = stream.next_chunk().await {
        if let Err(e) = chunk {
            error = Some(e);
        }
    }
    let shown = error.expect("the cut is an error").to_string();
    assert!(shown.starts_with("transport error while reading the response body"), "{shown}");
    assert!(shown.contains("(end of file before message length reached)") && !shown.contains("SECRET-Q"), "{shown}");
}

/// A documented error whose text body echoes a provider's token form-encoded and as it
/// is, and whose JSON twin holds a secret number: none of it reaches the
/// error's message or `Debug`.
#[tokio::test]
async fn a_documented_error_echoing_a_provider_token_in_any_form_shows_none() {
    use apigen_runtime::token::{AccessToken, StaticToken};
    let (url, _) = server(answer(|request, mut stream| {
        tokio::spawn(async move {
            let json = request.contains("/json");
            let body = if json {
                r#"{"pin": 90210042, "note": "tok/en+1=="}"#.to_owned()
            } else {
                "bad token tok%2Fen%2B1%3D%3D (tok/en+1==)".to_owned()
            };
            let head = format!("HTTP/1.1 401 No\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
        })
    }))
    .await;
    use apigen_runtime::auth::{ApiKey, ApiKeyLocation};
    let token = AccessToken::new(apigen_runtime::Secret::new("tok/en+1=="), "Bearer", None);
    let core = ClientCore::new(&url)
        .unwrap()
        .with_token_provider("bearer", StaticToken::new(token))
        .with_credential("pin", ApiKey::new(ApiKeyLocation::Query, "pin", "90210042"));
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    let text: Result<(), Error<String>> =
        core.request("GET", "op").path("/text").security(security).send(|_| Outcome::error_text(|t| t)).await;
    let Err(error @ Error::Api { status: 401, .. }) = text else { panic!("{text:?}") };
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("tok%2F") && !shown.contains("tok/en"), "{shown}");
    assert!(shown.contains("bad token [REDACTED] ([REDACTED])"), "{shown}");
    // A secret number in a JSON body: an API key the request sent in its query.
    let both: &'static [&'static [&'static str]] = &[&["bearer", "pin"]];
    let json: Result<(), Error<serde_json::Value>> =
        core.request("GET", "op").path("/json").security(both).send(|_| Outcome::error_json(|v| v)).await;
    let Err(error @ Error::Api { status: 401, .. }) = json else { panic!("{json:?}") };
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("90210042") && !shown.contains("tok/en"), "{shown}");
}

/// A server that echoes a secret of the request the way other languages' encoders write
/// it: JSON with `\/` and `\u` escapes (PHP's `json_encode`), percent-encoded with
/// lower-case hex (.NET's `UrlEncode`), base64 and base64url. Neither an undocumented
/// status's excerpt nor a documented error's body shows any of them.
#[tokio::test]
async fn errors_echoing_a_secret_escaped_or_encoded_show_none_of_it() {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    const SECRET: &str = "Zq9/s3cr3t+x=&y?\u{202e}";
    let unicode: String = SECRET.encode_utf16().map(|unit| format!("\\u{unit:04x}")).collect();
    let lower: String = SECRET
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02x}") })
        .collect();
    let body = format!(
        r#"{{"slash": "got {}", "unicode": "{unicode}", "lower": "{lower}", "b64": "{}", "url": "{}"}}"#,
        SECRET.replace('/', "\\/").replace('\u{202e}', "\\u202e"),
        STANDARD.encode(SECRET),
        URL_SAFE_NO_PAD.encode(SECRET),
    );
    let (url, _) = server(answer(move |request, mut stream| {
        let status = if request.contains("/documented") { "401 No" } else { "500 Oops" };
        let head =
            format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        let answer = format!("{head}{body}");
        tokio::spawn(async move {
            let _ = stream.write_all(answer.as_bytes()).await;
        })
    }))
    .await;
    let core = ClientCore::new(&url).unwrap();
    let grant = std::collections::BTreeMap::from([("client_secret", apigen_runtime::Secret::new(SECRET))]);
    let send = |path: &'static str| core.request("POST", "op").path(path).json("application/json", &grant);
    let documented: Result<(), Error<serde_json::Value>> =
        send("/documented").send(|_| Outcome::error_json(|v| v)).await;
    let undocumented: Result<(), Error> = send("/undocumented").send(|_| Outcome::unexpected()).await;
    let (documented, undocumented) = (documented.unwrap_err(), undocumented.unwrap_err());
    let shown = format!("{documented:?} {undocumented:?} {documented} {undocumented}");
    for part in ["Zq9", "s3cr3t", "WnE5", "%2f", "\\u005a", "\u{202e}"] {
        assert!(!shown.contains(part), "{part} in {shown}");
    }
    assert_eq!(shown.matches("[REDACTED]").count(), 4 * 5, "{shown}");
}

/// A silent server, with the HTTP client's read timeout as long as the call's bound: the
/// call's `Error::Timeout`, whichever of the two timers the runtime sees first. A read
/// timeout shorter than the bound is the client giving up on the server: a transport error.
#[tokio::test]
async fn a_silent_server_is_the_calls_timeout_when_the_read_timeout_is_as_long() {
    let (url, _) = server(answer(|_, stream| {
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(10)).await;
            drop(stream);
        })
    }))
    .await;
    let client = |read: Duration, bound: Duration| {
        let http = apigen_runtime::default_http_client_builder().read_timeout(read).build().unwrap();
        ClientCore::new(&url).unwrap().with_http_client(http).with_timeout(bound)
    };
    let bound = Duration::from_millis(300);
    for _ in 0..3 {
        let core = client(bound, bound);
        let result: Result<(), Error> =
            core.request("POST", "op").path("/silent").send(|_| Outcome::unexpected()).await;
        assert!(matches!(result, Err(Error::Timeout { after }) if after == bound), "{result:?}");
    }
    let core = client(Duration::from_millis(100), Duration::from_secs(5));
    let started = Instant::now();
    let result: Result<(), Error> = core.request("POST", "op").path("/silent").send(|_| Outcome::unexpected()).await;
    assert!(matches!(&result, Err(Error::Transport(e)) if e.is_timeout()), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

/// The excerpt of an undocumented status is cut at 512 bytes, inside the string that
/// echoes the token escaped (`\/`), beside a character the excerpt shows escaped: the
/// token is scrubbed from the bytes read before they become the excerpt.
#[tokio::test]
async fn an_excerpt_cut_inside_a_string_that_echoes_a_token_escaped_shows_none_of_it() {
    use apigen_runtime::auth::BearerToken;
    const TOKEN: &str = "Zq9/s3cr3t+TOKEN";
    let body = format!("{{\"error\": \"invalid\u{200b} token {}; {}\"}}", TOKEN.replace('/', "\\/"), "x".repeat(600));
    let url = answering_500(move |_| body.clone()).await;
    let core = ClientCore::new(&url).unwrap().with_credential("bearer", BearerToken::new(TOKEN));
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    let result: Result<serde_json::Value, Error> =
        core.request("GET", "op").path("/x").security(security).send(|_| Outcome::unexpected()).await;
    let Err(error @ Error::UnexpectedStatus { .. }) = result else { panic!("{result:?}") };
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("s3cr3t") && shown.contains("token [REDACTED]; xxx"), "{shown}");
    assert!(shown.contains("\\u{200b}") && !shown.contains('\u{200b}'), "{shown}");
}

/// Echoes the runtime cannot find by the secret's plain forms: an undocumented status's
/// excerpt cut at 512 bytes inside the token escaped (`Zq9\/s3cr…`), and a documented
/// error holding the token in base64 inside a longer base64 text (a JSON document a
/// server encoded) and percent-encoded with mixed-case hex. None of it is shown.
#[tokio::test]
async fn a_token_cut_by_the_excerpt_escaped_or_inside_base64_or_mixed_escapes_shows_none_of_it() {
    use apigen_runtime::auth::BearerToken;
    use base64::Engine as _;
    const TOKEN: &str = "Zq9/s3cr3t+TOKEN";
    let opening = "{\"error\": \"";
    let cut = format!("{opening}{}{}\"}}", "y".repeat(500 - opening.len()), TOKEN.replace('/', "\\/"));
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{{\"sub\":\"{TOKEN}\"}}"));
    let documented = format!(r#"{{"echo": "{encoded}", "query": "t=Zq9%2fs3cr3t%2BTOKEN"}}"#);
    let url =
        answering_500(move |request| if request.contains("/cut") { cut.clone() } else { documented.clone() }).await;
    let core = ClientCore::new(&url).unwrap().with_credential("bearer", BearerToken::new(TOKEN));
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    let undocumented: Result<(), Error> =
        core.request("GET", "op").path("/cut").security(security).send(|_| Outcome::unexpected()).await;
    let Err(error @ Error::UnexpectedStatus { .. }) = undocumented else { panic!("{undocumented:?}") };
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("yyy[REDACTED]…") && !shown.contains("Zq9") && !shown.contains("s3cr"), "{shown}");
    let documented: Result<(), Error<serde_json::Value>> =
        core.request("GET", "op").path("/documented").security(security).send(|_| Outcome::error_json(|v| v)).await;
    let Err(error @ Error::Api { status: 500, .. }) = documented else { panic!("{documented:?}") };
    let shown = format!("{error} {error:?}");
    // `eyJzdWIiOiJ` is `{"sub":"`; what follows it is the token's.
    assert!(shown.contains("eyJzdWIiOi") && !shown.contains(&encoded[12..30]), "{shown}");
    assert!(shown.contains("t=[REDACTED]") && !shown.contains("s3cr3t"), "{shown}");
}

/// Echoes a review found showing a token: an excerpt cut inside a character after the
/// escaped token or between the halves of a surrogate pair in its start (a JSON reader
/// refuses both strings), a mixed-case percent-encoded start cut in text, and the token
/// escaped as ASCII-only encoders write it in a page's script, outside any JSON string.
/// A body that was not cut keeps its last word, whatever letter it ends with.
#[tokio::test]
async fn echoes_a_json_reader_refuses_or_outside_json_strings_show_none_of_the_token() {
    use apigen_runtime::auth::BearerToken;
    const TOKEN: &str = "Zq9/s3cr\u{e9}t+TOKEN";
    let escaped = "Zq9\\/s3cr\\u00e9t+TOKEN";
    let pad = |before: &str, len: usize| format!("{before}{}", "y".repeat(len - before.len()));
    let bodies: Vec<(&str, String)> = vec![
        // Byte 512 splits `ü`, after the whole token escaped.
        ("/split", format!("{} {escaped} rejected: {}ü and more\"}}", "{\"error\": \"token", "y".repeat(461))),
        // The token's start, then a surrogate pair cut after its first half.
        ("/pair", format!("{}Zq9\\/s3cr\\ud83d\\udd11", pad("{\"error\": \"", 494))),
        ("/percent", format!("{}Zq9%2fs3cr%C3%a9t%2BT", pad("text t=", 496))),
        ("/script", format!("<script>var t = '{escaped}';</script>")),
        ("/whole", "error: missing \" in data".to_owned()),
    ];
    let url = answering_500(move |request| {
        bodies.iter().find(|(path, _)| request.contains(path)).map(|(_, body)| body.clone()).unwrap_or_default()
    })
    .await;
    let core = ClientCore::new(&url).unwrap().with_credential("bearer", BearerToken::new(TOKEN));
    let security: &'static [&'static [&'static str]] = &[&["bearer"]];
    for path in ["/split", "/pair", "/percent", "/script", "/whole"] {
        let result: Result<(), Error> =
            core.request("GET", "op").path(path).security(security).send(|_| Outcome::unexpected()).await;
        let Err(error @ Error::UnexpectedStatus { .. }) = result else { panic!("{result:?}") };
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("s3cr") && !shown.contains("Zq9%"), "{path}: {shown}");
        let expected = match path {
            "/whole" => "missing \\\" in data",
            "/script" => "var t = '[REDACTED]'",
            "/split" => "token [REDACTED] rejected",
            _ => "[REDACTED]…",
        };
        assert!(shown.contains(expected), "{path}: {shown}");
    }
}
