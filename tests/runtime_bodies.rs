//! Bounded bodies, against a loopback server that misbehaves on purpose: success
//! and documented error bodies far larger than the client's limit (declared or not), an undocumented
//! status with a huge body, and a download streamed through `ByteStream`. The server
//! counts the body bytes it managed to write before the client hung up; that count
//! stays within the limit plus what the sockets buffer, however large the body.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use apigen_runtime::Error;
use fixture_apis::oauth2_zoo::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the server sends after the status line.
#[derive(Clone, Copy)]
struct Body {
    status: u16,
    /// Body bytes offered (written until the client hangs up).
    total: u64,
    /// Whether `Content-Length` declares `total` (otherwise chunked).
    declared: bool,
}

/// A server answering every request with `body` (a JSON array of `{…}` objects,
/// repeated), counting the body bytes written.
struct Flood {
    url: String,
    written: Arc<AtomicU64>,
    done: tokio::sync::mpsc::UnboundedReceiver<()>,
}

/// What the server may write beyond what the client takes: the kernel buffers on
/// both sides of a loopback connection (the sender's shrunk to 16 KiB) plus hyper's
/// read buffer. Usually 64–300 KiB, but the receiving side's buffer grows with
/// autotuning up to the kernel's `tcp_rmem` maximum (32 MiB on the CI machine), which a
/// loaded machine reaches: that maximum plus 1 MiB, and at least 1 MiB elsewhere.
/// Capped at 32 MiB so that every test offers more than its limit plus this slack
/// (a test whose bound exceeded what the server offers could not fail).
fn socket_slack() -> u64 {
    let tcp_rmem = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_rmem").unwrap_or_default();
    let maximum = tcp_rmem.split_whitespace().nth(2).and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    maximum.min(32 * MIB) + MIB
}

async fn flood(body: Body) -> Flood {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_send_buffer_size(16 * 1024).unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(16).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let (tx, done) = tokio::sync::mpsc::unbounded_channel();
    let counter = written.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (counter, tx) = (counter.clone(), tx.clone());
            tokio::spawn(async move {
                serve(stream, body, &counter).await;
                let _ = tx.send(());
            });
        }
    });
    Flood { url, written, done }
}

async fn serve(mut stream: tokio::net::TcpStream, body: Body, written: &AtomicU64) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let framing =
        if body.declared { format!("content-length: {}", body.total) } else { "transfer-encoding: chunked".to_owned() };
    let status = format!("HTTP/1.1 {} X\r\ncontent-type: application/json\r\n{framing}\r\n\r\n", body.status);
    if stream.write_all(status.as_bytes()).await.is_err() {
        return;
    }
    let item = br#"{"name":"a","species":"b"},"#;
    let mut chunk = b"[".to_vec();
    while chunk.len() < 64 * 1024 {
        chunk.extend_from_slice(item);
    }
    let mut sent = 0u64;
    while sent < body.total {
        let piece = &chunk[..chunk.len().min(usize::try_from(body.total - sent).unwrap_or(usize::MAX))];
        let framed = if body.declared {
            piece.to_vec()
        } else {
            [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat()
        };
        if stream.write_all(&framed).await.is_err() {
            return;
        }
        sent += piece.len() as u64;
        written.fetch_add(piece.len() as u64, Ordering::SeqCst);
    }
    if !body.declared {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
}

impl Flood {
    /// Waits until the server gave up on the connection, then says what it wrote.
    async fn written_after_hangup(&mut self) -> u64 {
        tokio::time::timeout(Duration::from_secs(20), self.done.recv()).await.expect("the server finished");
        self.written.load(Ordering::SeqCst)
    }
}

const MIB: u64 = 1024 * 1024;

/// 512 MiB offered with `status`, chunked (no length declared), against a 1 MiB limit:
/// `list_animals` documents a JSON body for 200 and for 401, both read up to the limit.
async fn a_huge_body_stops_at_the_limit(status: u16) {
    let mut server = flood(Body { status, total: 512 * MIB, declared: false }).await;
    let client = Client::new(&server.url).unwrap().with_body_limit(MIB).with_zoo_auth("token");
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit } if limit == MIB), "{error:?}");
    assert!(error.to_string().contains("1048576 bytes"), "{error}");
    drop(client);
    let written = server.written_after_hangup().await;
    assert!(written <= MIB + socket_slack(), "the server wrote {written} bytes for a 1 MiB limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_success_body_stops_at_the_limit() {
    a_huge_body_stops_at_the_limit(200).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_documented_error_body_stops_at_the_limit() {
    a_huge_body_stops_at_the_limit(401).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_past_the_limit_fails_before_reading() {
    let mut server = flood(Body { status: 200, total: 300 * MIB, declared: true }).await;
    let client = Client::new(&server.url).unwrap().with_body_limit(MIB).with_zoo_auth("token");
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit } if limit == MIB), "{error:?}");
    let written = server.written_after_hangup().await;
    assert!(written <= socket_slack(), "the server wrote {written} bytes; the client read none of them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_limit_is_16_mib() {
    let mut server = flood(Body { status: 200, total: 64 * MIB, declared: false }).await;
    let client = Client::new(&server.url).unwrap().with_zoo_auth("token");
    let error = client.list_animals().await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { limit } if limit == apigen_runtime::DEFAULT_BODY_LIMIT));
    let written = server.written_after_hangup().await;
    assert!(written <= 16 * MIB + socket_slack(), "{written}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undocumented_status_reads_only_its_excerpt() {
    // `health` documents 204 only: a 503 with 50 MiB is read for its 512-byte excerpt.
    let mut server = flood(Body { status: 503, total: 50 * MIB, declared: false }).await;
    let client = Client::new(&server.url).unwrap();
    let error = client.health().await.unwrap_err();
    let Error::UnexpectedStatus { status: 503, excerpt, .. } = &error else { panic!("{error:?}") };
    assert!(excerpt.starts_with(r#"[{"name":"a""#), "{excerpt}");
    assert!(excerpt.ends_with('…'));
    assert!(excerpt.len() <= 512 + '…'.len_utf8());
    let written = server.written_after_hangup().await;
    assert!(written <= socket_slack(), "the server wrote {written} bytes for a 512-byte excerpt");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_streams_bounded_or_not() {
    // Unbounded: 40 MiB pass through in chunks, never held whole.
    let server = flood(Body { status: 200, total: 40 * MIB, declared: true }).await;
    let core = apigen_runtime::ClientCore::new(&server.url).unwrap();
    let request = core.http().get(core.base_url().endpoint("/file").unwrap()).build().unwrap();
    let response = core.execute(request).await.unwrap();
    let mut stream = apigen_runtime::read_stream(response);
    assert_eq!(stream.content_length(), Some(40 * MIB));
    let (mut total, mut largest) = (0u64, 0usize);
    while let Some(chunk) = stream.next_chunk().await {
        let chunk = chunk.unwrap();
        total += chunk.len() as u64;
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, 40 * MIB);
    assert_eq!(stream.bytes_read(), 40 * MIB);
    assert!((largest as u64) < MIB, "chunks stay small: {largest}");

    // Bounded: fails at the chunk that crosses the limit, having handed out less.
    let mut server = flood(Body { status: 200, total: 512 * MIB, declared: false }).await;
    let core = apigen_runtime::ClientCore::new(&server.url).unwrap();
    let request = core.http().get(core.base_url().endpoint("/file").unwrap()).build().unwrap();
    let mut stream = apigen_runtime::read_stream(core.execute(request).await.unwrap()).limit(2 * MIB);
    let mut failure = None;
    while let Some(chunk) = stream.next_chunk().await {
        if let Err(e) = chunk {
            failure = Some(e);
        }
    }
    assert!(matches!(failure, Some(apigen_runtime::BodyError::TooLarge { limit }) if limit == 2 * MIB));
    assert!(stream.bytes_read() <= 2 * MIB);
    drop(stream);
    let written = server.written_after_hangup().await;
    assert!(written <= 2 * MIB + socket_slack(), "{written}");
}
