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
//! read are here. Checking one state machine per operation (and the auto traits of its
//! boxed future) took about a quarter of the nexus crate's build (BENCHMARKS.md).

use serde::de::DeserializeOwned;

use crate::body::ByteStream;
use crate::error::{DecodeError, Error};

/// The future of an operation's result, as its `send` (and `.await`) gives it.
pub type Pending<'a, T, E> = crate::BoxFuture<'a, Result<T, Error<E>>>;

/// Finishes a body read whole, given the status and the secrets the request carried
/// (which a decode error's path must not show).
type Finish<T, E> = Box<dyn FnOnce(u16, Vec<u8>, &[String]) -> Result<T, Error<E>> + Send>;

/// What the response to one status becomes: `T` is the operation's success type, `E` its
/// enum of documented errors.
#[must_use = "an outcome does nothing until a request is sent with it"]
pub struct Outcome<T, E>(pub(crate) Plan<T, E>);

pub(crate) enum Plan<T, E> {
    /// Read the whole body (up to the client's limit), then finish it.
    Read(Finish<T, E>),
    /// Nothing to read: the status says it all.
    Ready(Result<T, E>),
    /// Hand the body over as a stream.
    Stream(fn(ByteStream) -> T),
    /// A status the operation does not document: read a bounded excerpt for the error.
    Unexpected,
}

impl<T: 'static, E: 'static> Outcome<T, E> {
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
        Outcome(Plan::Read(Box::new(move |status, body, secrets| match decode(&body, secrets) {
            Ok(value) => Ok(wrap(value)),
            Err(source) => Err(Error::Decode { status, source }),
        })))
    }

    /// A success with a text body that `wrap` puts into the success type.
    pub fn text_as(wrap: fn(String) -> T) -> Self {
        Outcome(Plan::Read(Box::new(move |_, body, _| Ok(wrap(text(body))))))
    }

    /// A success with a binary body, read whole, that `wrap` puts into the success type.
    pub fn bytes_as(wrap: fn(Vec<u8>) -> T) -> Self {
        Outcome(Plan::Read(Box::new(move |_, body, _| Ok(wrap(body)))))
    }

    /// A success without a body to read.
    pub fn value(value: T) -> Self {
        Outcome(Plan::Ready(Ok(value)))
    }

    /// A documented error without a body to read.
    pub fn error(error: E) -> Self {
        Outcome(Plan::Ready(Err(error)))
    }

    /// A documented error with a JSON body, which `variant` puts into the error enum. A
    /// body that does not decode is [`Error::Decode`].
    pub fn error_json<X: DeserializeOwned + 'static>(variant: fn(X) -> E) -> Self {
        Outcome(Plan::Read(Box::new(move |status, body, secrets| match decode(&body, secrets) {
            Ok(value) => Err(Error::api(status, variant(value))),
            Err(source) => Err(Error::Decode { status, source }),
        })))
    }

    /// A documented error with a text body.
    pub fn error_text(variant: fn(String) -> E) -> Self {
        Outcome(Plan::Read(Box::new(move |status, body, _| Err(Error::api(status, variant(text(body)))))))
    }

    /// A documented error with a binary body.
    pub fn error_bytes(variant: fn(Vec<u8>) -> E) -> Self {
        Outcome(Plan::Read(Box::new(move |status, body, _| Err(Error::api(status, variant(body))))))
    }

    /// A status the operation does not document: [`Error::UnexpectedStatus`], with a
    /// bounded excerpt of the body.
    pub fn unexpected() -> Self {
        Outcome(Plan::Unexpected)
    }
}

impl<E: 'static> Outcome<String, E> {
    /// A success with a text body (lossily decoded as UTF-8).
    pub fn text() -> Self {
        Self::text_as(std::convert::identity)
    }
}

impl<E: 'static> Outcome<Vec<u8>, E> {
    /// A success with a binary body, read whole up to the client's limit.
    pub fn bytes() -> Self {
        Self::bytes_as(std::convert::identity)
    }
}

impl<E> Outcome<ByteStream, E> {
    /// A success whose binary body is handed over as a stream, not read.
    pub fn stream() -> Self {
        Outcome(Plan::Stream(std::convert::identity))
    }
}

/// Decodes a JSON body into `X`; the error keeps serde's position, not its message, and
/// has `secrets` (what the request carried) replaced in its path. Generic only in `X`
/// (not in the operation's types), so one copy serves every operation that reads an `X`.
pub(crate) fn decode<X: DeserializeOwned>(body: &[u8], secrets: &[String]) -> Result<X, DecodeError> {
    serde_json::from_slice(body).map_err(|e| DecodeError::located(std::any::type_name::<X>(), body, &e, secrets))
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

    /// The result of an outcome that reads `body` whole.
    fn finish<T, E>(outcome: Outcome<T, E>, status: u16, body: &[u8]) -> Result<T, Error<E>> {
        match outcome.0 {
            Plan::Read(finish) => finish(status, body.to_vec(), &[]),
            _ => panic!("the outcome does not read the body"),
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
    enum Reply {
        Created(Vec<i64>),
        Note(String),
        Blob(Vec<u8>),
        Empty,
    }

    #[test]
    fn success_enum_variants_wrap_their_body() {
        assert_eq!(
            finish(Outcome::<Reply, ()>::json_as(Reply::Created), 201, b"[1]").unwrap(),
            Reply::Created(vec![1])
        );
        assert_eq!(finish(Outcome::<Reply, ()>::text_as(Reply::Note), 202, b"ok").unwrap(), Reply::Note("ok".into()));
        assert_eq!(finish(Outcome::<Reply, ()>::bytes_as(Reply::Blob), 203, b"\x07").unwrap(), Reply::Blob(vec![7]));
        assert!(matches!(Outcome::<Reply, ()>::value(Reply::Empty).0, Plan::Ready(Ok(Reply::Empty))));
        let error = finish(Outcome::<Reply, ()>::json_as(Reply::Created), 201, b"{}").unwrap_err();
        assert!(matches!(error, Error::Decode { status: 201, .. }), "{error:?}");
    }

    #[test]
    fn successes_decode_their_body() {
        assert_eq!(finish(Outcome::<Vec<i64>, ()>::json(), 200, b"[1,2]").unwrap(), vec![1, 2]);
        let wrapped = Outcome::<Option<String>, ()>::json_as(Some);
        assert_eq!(finish(wrapped, 201, b"\"x\"").unwrap(), Some("x".to_owned()));
        assert_eq!(finish(Outcome::<String, ()>::text(), 200, b"a\xffb").unwrap(), "a\u{fffd}b");
        assert_eq!(finish(Outcome::<Vec<u8>, ()>::bytes(), 200, b"\x00\x01").unwrap(), vec![0, 1]);
        assert!(matches!(Outcome::<(), ()>::value(()).0, Plan::Ready(Ok(()))));
        assert!(matches!(Outcome::<ByteStream, ()>::stream().0, Plan::Stream(_)));
        assert!(matches!(Outcome::<(), ()>::unexpected().0, Plan::Unexpected));
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
        assert!(matches!(Outcome::<(), Failure>::error(Failure::NotFound).0, Plan::Ready(Err(Failure::NotFound))));
    }
}
