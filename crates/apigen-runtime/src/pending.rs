//! The future of a call, and what it gives: [`Pending`] gives an operation's result,
//! [`WithHeaders`] the same with the response's status and headers ([`Answer`]).
//!
//! The request is sent and the response read by one future that does not depend on the
//! operation's types (`Request::send`'s, compiled once, in the runtime): it ends in a
//! [`Reply`] whose value has its type erased. These futures only give that value the
//! operation's types, by a function set where they are made: [`Pending`]'s in `send` (so
//! it is compiled once, in the generated crate, not in each program that awaits the
//! operation). Checking one `async` state machine per operation took about a quarter of
//! a generated crate's build, and compiling one per operation a sixth of its LLVM IR
//! (BENCHMARKS.md).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::HeaderMap;

use crate::error::{DecodeError, Error, RequestError};
use crate::outcome::Erased;
use crate::token::BoxFuture;

/// What a response became, before it is given its operation's types: the status, the
/// headers, and the value of the outcome's plan (a success, or a documented error when
/// `error`).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) value: Erased,
    pub(crate) error: bool,
}

/// What the future of the call ends in.
type Replied = Result<Reply, RequestError>;

/// A reply that holds a value of another type than `expected` (see [`typed`]); not
/// generic, so compiled once.
fn mismatch(status: u16, expected: &'static str) -> RequestError {
    Error::<std::convert::Infallible>::Decode { status, source: DecodeError::mismatch(expected) }.into()
}

/// The `V` in `value`, if that is what it holds (see [`crate::outcome::erased`]).
fn taken<V: 'static>(value: &mut Erased) -> Option<V> {
    match value.downcast_mut::<Option<V>>() {
        Some(slot) => slot.take(),
        None => None,
    }
}

/// The future of an operation's result, as its `send` (and `.await`) gives it.
///
/// [`Pending::with_headers`] gives the response's status and headers too.
///
/// A future of its own (`Send`, `Unpin`), not a boxed one: to keep it where a boxed
/// future is expected (a trait of yours that fakes the call in tests, say), box it,
/// `Box::pin(client.get_pet(7).send())`.
#[must_use = "a future does nothing unless it is awaited"]
pub struct Pending<'a, T, E>(Typing<'a, Result<T, Error<E>>>);

/// The future of the call, and the function that gives its reply the operation's types
/// (what [`Pending`] and [`WithHeaders`] are, each with its own function).
struct Typing<'a, O> {
    reply: BoxFuture<'a, Replied>,
    typed: fn(Replied) -> O,
}

impl<O> Future for Typing<'_, O> {
    type Output = O;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<O> {
        let typed = self.typed;
        self.reply.as_mut().poll(context).map(typed)
    }
}

impl<'a, T: 'static, E: 'static> Pending<'a, T, E> {
    pub(crate) fn new(reply: BoxFuture<'a, Replied>) -> Self {
        Pending(Typing { reply, typed: typed::<T, E> })
    }

    /// The same call, whose success comes with the response's status and headers (an
    /// ETag, a `Location`, a rate limit, a request id for the vendor's support):
    /// `client.get_pet(7).send().with_headers().await?.headers`. Errors are those of the
    /// call; the headers of an error response are not kept (see
    /// [`ClientCore::with_response_observer`](crate::ClientCore::with_response_observer)).
    pub fn with_headers(self) -> WithHeaders<'a, T, E> {
        WithHeaders(Typing { reply: self.0.reply, typed: answered::<T, E> })
    }
}

/// The operation's result.
///
/// Written without closures or combinators, and with its one failure of its own made by
/// a function that is not generic: it is compiled once per operation (for its success
/// type and error enum), and each closure or `Option` combinator would be one more
/// function compiled per operation.
pub(crate) fn typed<T: 'static, E: 'static>(reply: Replied) -> Result<T, Error<E>> {
    let Reply { status, mut value, error, .. } = match reply {
        Ok(reply) => reply,
        Err(error) => return Err(Error::from(error)),
    };
    // The downcasts do not fail: a `Pending<T, E>` is only made from `Outcome<T, E>`s
    // (invariant in both, so not from an `Outcome` of a subtype either), whose plans
    // hold a `T` (or an `E` when `error`). Were it ever otherwise, the call would fail
    // with an `internal` decode error rather than panic in the caller's task.
    let expected = if error {
        if let Some(error) = taken::<E>(&mut value) {
            return Err(Error::Api { status, error });
        }
        std::any::type_name::<E>()
    } else {
        if let Some(value) = taken::<T>(&mut value) {
            return Ok(value);
        }
        std::any::type_name::<T>()
    };
    Err(Error::from(mismatch(status, expected)))
}

impl<T, E> Future for Pending<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(context)
    }
}

impl<T, E> std::fmt::Debug for Pending<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

/// A success, with the status and headers of its response (what [`WithHeaders`] gives).
///
/// Its `Debug` shows the headers' names, not their values: a response's headers may set
/// a session cookie or carry a token.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Answer<T> {
    /// The HTTP status code.
    pub status: u16,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The operation's success value (its decoded body, or what its status means).
    pub value: T,
}

impl<T> Answer<T> {
    /// An answer, to fake one in tests of code that reads it (calls make their own).
    pub fn new(status: u16, headers: HeaderMap, value: T) -> Self {
        Answer { status, headers, value }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Answer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("headers", &names)
            .field("value", &self.value)
            .finish()
    }
}

/// The future of an operation's result with the response's status and headers (see
/// [`Pending::with_headers`]).
#[must_use = "a future does nothing unless it is awaited"]
pub struct WithHeaders<'a, T, E>(Typing<'a, Result<Answer<T>, Error<E>>>);

/// The operation's result, with the status and headers of a success.
fn answered<T: 'static, E: 'static>(reply: Replied) -> Result<Answer<T>, Error<E>> {
    let mut reply = reply?;
    let (status, headers) = (reply.status, std::mem::take(&mut reply.headers));
    typed(Ok(reply)).map(|value| Answer { status, headers, value })
}

impl<T, E> Future for WithHeaders<'_, T, E> {
    type Output = Result<Answer<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(context)
    }
}

impl<T, E> std::fmt::Debug for WithHeaders<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithHeaders").finish_non_exhaustive()
    }
}
