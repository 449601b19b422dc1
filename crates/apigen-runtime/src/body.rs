//! Reading response bodies with a limit, streamed: nothing is read whole before its
//! size is known to be acceptable.
//!
//! - Success bodies that are decoded (JSON, text, and binary bodies read into a
//!   `Vec`) are read chunk by chunk up to the client's limit
//!   ([`DEFAULT_BODY_LIMIT`], 16 MiB, unless [`ClientCore::with_body_limit`] says
//!   otherwise). A `Content-Length` above the limit fails before anything is read;
//!   a body that grows past it fails at the chunk that crosses it, and the rest is
//!   never read (the connection is dropped, not drained).
//! - Error excerpts read only the bytes they keep (see [`read_prefix`]).
//! - Binary downloads can be streamed instead: [`ByteStream`] hands the body out
//!   chunk by chunk, bounded or not, as the caller chooses.
//!
//! [`ClientCore::with_body_limit`]: crate::ClientCore::with_body_limit

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::Error;

/// The default limit of a success body read whole: 16 MiB.
///
/// Token responses and typical JSON documents are a few kilobytes; 16 MiB leaves
/// room for large listings while keeping one response from taking the process's
/// memory. Raise it per client with [`ClientCore::with_body_limit`], or stream
/// large downloads with [`ByteStream`].
///
/// [`ClientCore::with_body_limit`]: crate::ClientCore::with_body_limit
pub const DEFAULT_BODY_LIMIT: u64 = 16 * 1024 * 1024;

/// The limit a response's body is read with, attached to the response by
/// [`ClientCore::execute`](crate::ClientCore::execute) (in its extensions), so that
/// [`read_json`](crate::read_json) and friends keep their one-argument signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub u64);

/// The limit attached to `response`, or [`DEFAULT_BODY_LIMIT`].
pub fn limit_of(response: &reqwest::Response) -> u64 {
    response.extensions().get::<BodyLimit>().map_or(DEFAULT_BODY_LIMIT, |limit| limit.0)
}

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is larger than the limit; the rest of it was not read.
    #[error("the response body is larger than the limit of {limit} bytes; the rest was not read")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The connection failed while the body was read. The message ends with the
    /// innermost cause, as [`Error::Transport`]'s does.
    #[error("transport error while reading the response body: {0}{cause}", cause = crate::error::root_cause(.0))]
    Transport(#[source] reqwest::Error),
}

impl<E> From<BodyError> for Error<E> {
    fn from(error: BodyError) -> Self {
        match error {
            BodyError::TooLarge { limit } => Error::BodyTooLarge { limit },
            BodyError::Transport(e) => Error::transport(e),
        }
    }
}

/// Reads the whole body, failing as soon as it is known to exceed `limit` bytes.
pub async fn read_limited(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge { limit });
    }
    // Trust a declared length only for the first allocation, and never beyond the limit.
    let capacity = response.content_length().unwrap_or(0).min(limit).min(64 * 1024);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `keep` bytes of the body (plus whatever the last chunk read brought
/// along, which is dropped) and says whether the body went on past them. The rest of
/// the body is not read.
pub async fn read_prefix(mut response: reqwest::Response, keep: usize) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let mut prefix = Vec::with_capacity(keep.min(4096));
    while let Some(chunk) = response.chunk().await? {
        let room = keep - prefix.len();
        if chunk.len() > room {
            prefix.extend_from_slice(&chunk[..room]);
            return Ok((prefix, true));
        }
        prefix.extend_from_slice(&chunk);
        if prefix.len() == keep {
            // Whether more follows is only known by reading on; a declared length says
            // it without reading, otherwise the excerpt is marked as possibly cut.
            let more = response.content_length().is_none_or(|length| length > keep as u64);
            return Ok((prefix, more));
        }
    }
    Ok((prefix, false))
}

/// A response body handed out chunk by chunk, for downloads too large to hold in memory.
///
/// Unbounded by default; [`ByteStream::limit`] makes it fail with
/// [`BodyError::TooLarge`] at the chunk that crosses a limit. It implements
/// [`futures_core::Stream`], so `futures::StreamExt` and `tokio_util::io::StreamReader`
/// work with it; [`ByteStream::next_chunk`] needs neither.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    content_length: Option<u64>,
    limit: Option<u64>,
    read: u64,
    failed: bool,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_length", &self.content_length)
            .field("limit", &self.limit)
            .field("read", &self.read)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The body of `response`, unbounded.
    pub fn new(response: reqwest::Response) -> Self {
        let content_length = response.content_length();
        ByteStream { inner: Box::pin(response.bytes_stream()), content_length, limit: None, read: 0, failed: false }
    }

    /// Fails with [`BodyError::TooLarge`] once more than `limit` bytes would be handed
    /// out (at once, when the declared `Content-Length` is already larger).
    #[must_use]
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The `Content-Length` the server declared, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Bytes handed out so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }

    /// The next chunk; `None` at the end of the body (and after an error).
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, BodyError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn over(&self, more: u64) -> Option<u64> {
        self.limit.filter(|limit| self.read + more > *limit)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, BodyError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.failed {
            return Poll::Ready(None);
        }
        if self.read == 0
            && let (Some(limit), Some(length)) = (self.limit, self.content_length)
            && length > limit
        {
            self.failed = true;
            return Poll::Ready(Some(Err(BodyError::TooLarge { limit })));
        }
        match self.inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(limit) = self.over(chunk.len() as u64) {
                    self.failed = true;
                    return Poll::Ready(Some(Err(BodyError::TooLarge { limit })));
                }
                self.read += chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                self.failed = true;
                Poll::Ready(Some(Err(BodyError::Transport(crate::error::redact_query(e)))))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}
