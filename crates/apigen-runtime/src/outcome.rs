//! What a response becomes. A generated operation maps each status to an [`Outcome`] in
//! a plain function, and [`Request::send`](crate::Request::send) sends the request,
//! reads the body as the outcome says and finishes it into the operation's result:
//!
//! ```ignore
//! request.send(|status| match status {
//!     200 => Outcome::json(),
//!     404 => Outcome::error(GetPetError::NotFound),
//!     400..=499 => Outcome::error_json(GetPetError::Status4xx),
//!     _ => Outcome::unexpected(),
//! })
//! ```
//!
//! So a generated operation holds no `async` code of its own: the futures that send and
//! read are the runtime's. Checking one state machine per operation (and the auto traits of its
//! boxed future) took about a quarter of the nexus crate's build (BENCHMARKS.md).
//!
//! Nor is one compiled per operation: an [`Outcome`] holds its value (or how to decode
//! it) with its type erased ([`std::any::Any`]), so the future that sends and reads is
//! the same for every operation, and [`Pending`] only gives its result the operation's
//! types. That took the LLVM IR of the nexus crate from 505,576 lines to 417,706.

use std::any::Any;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::body::ByteStream;
use crate::error::{DecodeError, Error, RequestError};
/// Where [`Pending`] was before it had a module of its own.
pub use crate::pending::Pending;

/// A value of an operation's success type or of its enum of documented errors, with its
/// type erased: the future that sends the request and reads the response is compiled
/// once, in the runtime, not once per operation (see [`Pending`]).
pub(crate) type Erased = Box<dyn Any + Send>;

/// `value`, erased (as an `Option`, which the call's future takes it out of: taking a
/// value out of a `Box<dyn Any>` by `Box::downcast` compiles about twice the code).
pub(crate) fn erased<V: Send + 'static>(value: V) -> Erased {
    Box::new(Some(value))
}

/// Finishes a body read whole, given the secrets the request carried (which a decode
/// error's path must not show): the value it decodes to, put into the success type or
/// error enum.
///
/// A trait object rather than a boxed closure, and its implementations written without
/// closures or combinators: each is compiled once per pair of body type and the type it
/// is put into, and that pair is often one operation's (a documented error's body put
/// into the operation's error enum). Written with closures, such a pair compiled five
/// functions (the closure, its vtable shim, an inner closure, `Result::map`, `erased`)
/// where it now compiles one (and, taking `&self`, no drop of a box of its type).
pub(crate) trait Finish: Send {
    fn finish(&self, body: Vec<u8>, secrets: &[String]) -> Result<Erased, DecodeError>;
}

/// What the response to one status becomes: `T` is the operation's success type, `E` its
/// enum of documented errors.
#[must_use = "an outcome does nothing until a request is sent with it"]
pub struct Outcome<T, E> {
    pub(crate) plan: Plan,
    /// Invariant in `T` and `E`: an `Outcome` of a subtype (a `for<'a> fn(&'a str)` as a
    /// `fn(&'static str)`) would hold a value of another type than the reply is taken as.
    types: PhantomData<Invariant<T, E>>,
}

/// A marker type invariant in `T` and `E` (see [`Outcome`]).
type Invariant<T, E> = fn(T, E) -> (T, E);

/// What an [`Outcome`] says to do, whatever the operation's types: its values are a `T`
/// (`error` false) or an `E` (`error` true) of the outcome's, as its constructors make them.
pub(crate) enum Plan {
    /// Read the whole body (up to the client's limit), then finish it.
    Read { finish: Box<dyn Finish>, error: bool },
    /// Nothing to read: the status says it all.
    Ready { value: Erased, error: bool },
    /// Hand the body over as a stream (the success type is [`ByteStream`]).
    Stream,
    /// A status the operation does not document: read a bounded excerpt for the error.
    Unexpected,
}

impl<T: Send + 'static, E: Send + 'static> Outcome<T, E> {
    fn plan(plan: Plan) -> Self {
        Outcome { plan, types: PhantomData }
    }

    /// A success with a JSON body.
    pub fn json() -> Self
    where
        T: DeserializeOwned,
    {
        Self::json_as(std::convert::identity)
    }

    /// A success with a JSON body that `wrap` puts into the success type (a variant of
    /// the operation's enum of successes).
    pub fn json_as<X: DeserializeOwned + 'static>(wrap: fn(X) -> T) -> Self {
        Self::plan(Plan::Read { finish: json_into(wrap), error: false })
    }

    /// A success with an `application/x-www-form-urlencoded` body (GitHub's OAuth token
    /// endpoint answers so) that `wrap` puts into the success type: its pairs are the
    /// object's members, each value read as its field's type (`expires_in=3600` an
    /// integer).
    pub fn form_as<X: DeserializeOwned + 'static>(wrap: fn(X) -> T) -> Self {
        Self::plan(Plan::Read { finish: form_into(wrap), error: false })
    }

    /// A success with a text body that `wrap` puts into the success type.
    pub fn text_as(wrap: fn(String) -> T) -> Self {
        Self::plan(Plan::Read { finish: text_into(wrap), error: false })
    }

    /// A success with a binary body, read whole, that `wrap` puts into the success type.
    pub fn bytes_as(wrap: fn(Vec<u8>) -> T) -> Self {
        Self::plan(Plan::Read { finish: bytes_into(wrap), error: false })
    }

    /// A success without a body to read.
    pub fn value(value: T) -> Self {
        Self::plan(Plan::Ready { value: erased(value), error: false })
    }

    /// A documented error without a body to read.
    pub fn error(error: E) -> Self {
        Self::plan(Plan::Ready { value: erased(error), error: true })
    }

    /// A documented error with a JSON body, which `variant` puts into the error enum. A
    /// body that does not decode is [`Error::Decode`].
    ///
    /// The secrets the request carried are replaced by `[REDACTED]` in the body's strings
    /// before it is decoded (as in a documented error's text or binary body): the error's
    /// `Debug` and message show its value, and a server may echo the request.
    pub fn error_json<X: DeserializeOwned + 'static>(variant: fn(X) -> E) -> Self {
        Self::plan(Plan::Read { finish: scrubbing(true, json_into(variant)), error: true })
    }

    /// A documented error with a form body, the request's secrets replaced in its
    /// decoded names and values (however the server encoded what it echoes).
    pub fn error_form<X: DeserializeOwned + 'static>(variant: fn(X) -> E) -> Self {
        Self::plan(Plan::Read { finish: Box::new(FormScrubbing(form_into(variant))), error: true })
    }

    /// A documented error with a text body.
    pub fn error_text(variant: fn(String) -> E) -> Self {
        Self::plan(Plan::Read { finish: scrubbing(false, text_into(variant)), error: true })
    }

    /// A documented error with a binary body.
    pub fn error_bytes(variant: fn(Vec<u8>) -> E) -> Self {
        Self::plan(Plan::Read { finish: scrubbing(false, bytes_into(variant)), error: true })
    }

    /// A status the operation does not document: [`Error::UnexpectedStatus`], with a
    /// bounded excerpt of the body.
    pub fn unexpected() -> Self {
        Self::plan(Plan::Unexpected)
    }
}

impl<E: Send + 'static> Outcome<String, E> {
    /// A success with a text body (lossily decoded as UTF-8).
    pub fn text() -> Self {
        Self::text_as(std::convert::identity)
    }
}

impl<T: DeserializeOwned + Send + 'static, E: Send + 'static> Outcome<T, E> {
    /// A success with a form body (see [`Outcome::form_as`]).
    pub fn form() -> Self {
        Self::form_as(std::convert::identity)
    }
}

impl<E: Send + 'static> Outcome<Vec<u8>, E> {
    /// A success with a binary body, read whole up to the client's limit.
    pub fn bytes() -> Self {
        Self::bytes_as(std::convert::identity)
    }
}

impl<E: Send + 'static> Outcome<ByteStream, E> {
    /// A success whose binary body is handed over as a stream, not read.
    pub fn stream() -> Self {
        Self::plan(Plan::Stream)
    }
}

/// Decodes a JSON body into `X` and puts it into `V` (generic in `X` and `V` only, so
/// operations that read the same type into the same type share it).
struct JsonInto<X, V>(fn(X) -> V);

impl<X: DeserializeOwned + 'static, V: Send + 'static> Finish for JsonInto<X, V> {
    fn finish(&self, body: Vec<u8>, secrets: &[String]) -> Result<Erased, DecodeError> {
        match decode::<X>(&body, secrets) {
            Ok(value) => Ok(erased((self.0)(value))),
            Err(error) => Err(error),
        }
    }
}

fn json_into<X: DeserializeOwned + 'static, V: Send + 'static>(wrap: fn(X) -> V) -> Box<dyn Finish> {
    Box::new(JsonInto(wrap))
}

/// Decodes a form body into `X`, then puts it into `V`.
struct FormInto<X, V>(fn(X) -> V);

impl<X: DeserializeOwned + 'static, V: Send + 'static> Finish for FormInto<X, V> {
    fn finish(&self, body: Vec<u8>, _: &[String]) -> Result<Erased, DecodeError> {
        match serde_urlencoded::from_bytes::<X>(without_bom(&body)) {
            Ok(value) => Ok(erased((self.0)(value))),
            Err(_) => Err(DecodeError::form(std::any::type_name::<X>())),
        }
    }
}

fn form_into<X: DeserializeOwned + 'static, V: Send + 'static>(wrap: fn(X) -> V) -> Box<dyn Finish> {
    Box::new(FormInto(wrap))
}

/// Puts a text body into `V`.
struct TextInto<V>(fn(String) -> V);

impl<V: Send + 'static> Finish for TextInto<V> {
    fn finish(&self, body: Vec<u8>, _: &[String]) -> Result<Erased, DecodeError> {
        Ok(erased((self.0)(text(body))))
    }
}

fn text_into<V: Send + 'static>(wrap: fn(String) -> V) -> Box<dyn Finish> {
    Box::new(TextInto(wrap))
}

/// Puts a binary body into `V`.
struct BytesInto<V>(fn(Vec<u8>) -> V);

impl<V: Send + 'static> Finish for BytesInto<V> {
    fn finish(&self, body: Vec<u8>, _: &[String]) -> Result<Erased, DecodeError> {
        Ok(erased((self.0)(body)))
    }
}

fn bytes_into<V: Send + 'static>(wrap: fn(Vec<u8>) -> V) -> Box<dyn Finish> {
    Box::new(BytesInto(wrap))
}

/// `finish` given the body with the request's secrets replaced (see
/// `scrub::scrubbed_body`; not generic, so compiled once).
struct Scrubbing {
    json: bool,
    finish: Box<dyn Finish>,
}

impl Finish for Scrubbing {
    fn finish(&self, body: Vec<u8>, secrets: &[String]) -> Result<Erased, DecodeError> {
        self.finish.finish(crate::scrub::scrubbed_body(body, secrets, self.json), secrets)
    }
}

/// `finish` given a form body with the request's secrets replaced in its decoded pairs
/// (see `scrub::scrubbed_form`).
struct FormScrubbing(Box<dyn Finish>);

impl Finish for FormScrubbing {
    fn finish(&self, body: Vec<u8>, secrets: &[String]) -> Result<Erased, DecodeError> {
        self.0.finish(crate::scrub::scrubbed_form(body, secrets), secrets)
    }
}

fn scrubbing(json: bool, finish: Box<dyn Finish>) -> Box<dyn Finish> {
    Box::new(Scrubbing { json, finish })
}

/// The value `finish` makes of a body read whole.
///
/// # Errors
/// [`Error::Decode`] when the body does not decode.
pub(crate) fn finished(
    finish: Box<dyn Finish>,
    status: u16,
    content_type: Option<&str>,
    body: Vec<u8>,
    secrets: &[String],
) -> Result<Erased, RequestError> {
    // The body goes into the value; a copy of its start is kept for an error's excerpt.
    let start = body[..body.len().min(Error::<()>::EXCERPT_LIMIT + 1)].to_vec();
    finish.finish(body, secrets).map_err(|source| {
        let source = source.in_response(content_type, &start, secrets);
        Error::<std::convert::Infallible>::Decode { status, source }.into()
    })
}

/// Decodes a JSON body into `X`; the error keeps serde's position, not its message, and
/// has `secrets` (what the request carried) replaced in its path. Generic only in `X`
/// (not in the operation's types), so one copy serves every operation that reads an `X`.
/// A UTF-8 byte order mark before the text is skipped ([`without_bom`]).
pub(crate) fn decode<X: DeserializeOwned>(body: &[u8], secrets: &[String]) -> Result<X, DecodeError> {
    let body = without_bom(body);
    serde_json::from_slice(body).map_err(|e| DecodeError::located(std::any::type_name::<X>(), body, &e, secrets))
}

/// `body` without a UTF-8 byte order mark before it, as RFC 8259 8.1 allows a reader to
/// skip (.NET servers write one; serde_json and serde_urlencoded would refuse it).
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// A text body, lossily decoded as UTF-8.
pub(crate) fn text(body: Vec<u8>) -> String {
    match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pending::{Pending, Reply, typed};

    /// The result of an outcome that reads `body` whole.
    fn finish<T: 'static, E: 'static>(outcome: Outcome<T, E>, status: u16, body: &[u8]) -> Result<T, Error<E>> {
        match outcome.plan {
            Plan::Read { finish, error } => {
                let value = finished(finish, status, None, body.to_vec(), &[]);
                typed(value.map(|value| Reply { status, headers: Default::default(), value, error }))
            }
            _ => panic!("the outcome does not read the body"),
        }
    }

    #[test]
    fn a_byte_order_mark_before_json_is_skipped() {
        assert_eq!(decode::<Vec<i64>>(b"\xEF\xBB\xBF[1, 2]", &[]).unwrap(), [1, 2]);
        assert_eq!(decode::<Vec<i64>>(b"[3]", &[]).unwrap(), [3]);
        let error = decode::<Vec<i64>>(b"\xEF\xBB\xBF[1,", &[]).unwrap_err();
        assert_eq!((error.line, error.column, error.category), (1, 3, "eof"));
    }

    /// The result of an outcome that reads nothing.
    fn ready<T: 'static, E: 'static>(outcome: Outcome<T, E>, status: u16) -> Result<T, Error<E>> {
        match outcome.plan {
            Plan::Ready { value, error } => typed(Ok(Reply { status, headers: Default::default(), value, error })),
            _ => panic!("the outcome reads the body"),
        }
    }

    #[derive(Debug, PartialEq)]
    enum Failure {
        NotFound,
        Problem(serde_json::Value),
        Text(String),
        Bytes(Vec<u8>),
    }

    /// A success enum, as generated for an operation with several success statuses.
    #[derive(Debug, PartialEq)]
    enum Success {
        Created(Vec<i64>),
        Note(String),
        Blob(Vec<u8>),
        Empty,
    }

    #[test]
    fn success_enum_variants_wrap_their_body() {
        assert_eq!(
            finish(Outcome::<Success, ()>::json_as(Success::Created), 201, b"[1]").unwrap(),
            Success::Created(vec![1])
        );
        assert_eq!(
            finish(Outcome::<Success, ()>::text_as(Success::Note), 202, b"ok").unwrap(),
            Success::Note("ok".into())
        );
        assert_eq!(
            finish(Outcome::<Success, ()>::bytes_as(Success::Blob), 203, b"\x07").unwrap(),
            Success::Blob(vec![7])
        );
        assert_eq!(ready(Outcome::<Success, ()>::value(Success::Empty), 204).unwrap(), Success::Empty);
        let error = finish(Outcome::<Success, ()>::json_as(Success::Created), 201, b"{}").unwrap_err();
        assert!(matches!(error, Error::Decode { status: 201, .. }), "{error:?}");
    }

    #[test]
    fn successes_decode_their_body() {
        assert_eq!(finish(Outcome::<Vec<i64>, ()>::json(), 200, b"[1,2]").unwrap(), vec![1, 2]);
        let wrapped = Outcome::<Option<String>, ()>::json_as(Some);
        assert_eq!(finish(wrapped, 201, b"\"x\"").unwrap(), Some("x".to_owned()));
        assert_eq!(finish(Outcome::<String, ()>::text(), 200, b"a\xffb").unwrap(), "a\u{fffd}b");
        assert_eq!(finish(Outcome::<Vec<u8>, ()>::bytes(), 200, b"\x00\x01").unwrap(), vec![0, 1]);
        ready(Outcome::<(), ()>::value(()), 204).unwrap();
        assert!(matches!(Outcome::<ByteStream, ()>::stream().plan, Plan::Stream));
        assert!(matches!(Outcome::<(), ()>::unexpected().plan, Plan::Unexpected));
    }

    #[test]
    fn a_body_that_does_not_decode_keeps_status_and_type_but_not_the_value() {
        let error = finish(Outcome::<Vec<i64>, ()>::json(), 200, b"[1,\"secret-token\"]").unwrap_err();
        let Error::Decode { status, source } = &error else { panic!("{error:?}") };
        assert_eq!((*status, source.type_name, source.category), (200, "alloc::vec::Vec<i64>", "data"));
        assert!(!error.to_string().contains("secret-token"), "{error}");
    }

    #[test]
    fn documented_errors_carry_status_and_variant() {
        let error = finish(Outcome::<(), Failure>::error_json(Failure::Problem), 422, b"{\"a\":1}").unwrap_err();
        assert!(matches!(error, Error::Api { status: 422, error: Failure::Problem(_) }), "{error:?}");
        let error = finish(Outcome::<(), Failure>::error_text(Failure::Text), 409, b"busy").unwrap_err();
        assert!(matches!(error, Error::Api { status: 409, error: Failure::Text(ref t) } if t == "busy"));
        let error = finish(Outcome::<(), Failure>::error_bytes(Failure::Bytes), 500, b"\x01").unwrap_err();
        assert!(matches!(error, Error::Api { status: 500, error: Failure::Bytes(ref b) } if b == &[1]));
        let error = finish(Outcome::<(), Failure>::error_json(Failure::Problem), 400, b"{").unwrap_err();
        assert!(matches!(error, Error::Decode { status: 400, .. }), "{error:?}");
        let error = ready(Outcome::<(), Failure>::error(Failure::NotFound), 404).unwrap_err();
        assert!(matches!(error, Error::Api { status: 404, error: Failure::NotFound }), "{error:?}");
    }

    #[test]
    fn the_future_can_be_spawned_and_polled_in_place() {
        fn spawnable<F: Future + Send + Unpin + 'static>() {}
        spawnable::<Pending<'static, ByteStream, Failure>>();
    }

    #[test]
    fn a_value_of_another_type_fails_as_an_internal_error() {
        // Cannot come from `Outcome`'s constructors; `typed` does not panic on it.
        let reply = Reply { status: 200, headers: Default::default(), value: erased("text"), error: false };
        let error = typed::<i64, ()>(Ok(reply)).unwrap_err();
        let Error::Decode { status: 200, source } = &error else { panic!("{error:?}") };
        assert_eq!((source.type_name, source.category), ("i64", "internal"));
        assert_eq!(
            error.to_string(),
            "cannot decode the body of the 200 response: internal error: the reply was not a `i64`"
        );
        let reply = Reply { status: 500, headers: Default::default(), value: erased(1_i64), error: true };
        let error = typed::<i64, String>(Ok(reply)).unwrap_err();
        assert!(matches!(&error, Error::Decode { status: 500, source } if source.type_name == "alloc::string::String"));
    }
}
