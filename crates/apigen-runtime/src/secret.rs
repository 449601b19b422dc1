//! A string that must never be shown: client secrets, passwords, access tokens.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string (client secret, password, access token).
///
/// - `Debug` prints `Secret([REDACTED])`; there is no `Display`.
/// - The memory holding the value is zeroized on drop (via [`secrecy`]). While a
///   request that sends it is under way, the runtime holds plain copies of it (as sent,
///   in each encoding) to replace it in what the call reports; they are dropped with
///   the call, not zeroized.
/// - It serializes to its plain value, because a request body must carry it: a type
///   holding one (a request, or a response such as a token answer) that you serialize
///   yourself, to log or cache it, writes the secret too. Reading it in code needs an
///   explicit [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The plain value. Call it only where the value goes onto the wire.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SEEN.with(|seen| {
            if let Some(seen) = seen.borrow_mut().as_mut() {
                seen.push(self.expose().to_owned());
            }
        });
        serializer.serialize_str(self.expose())
    }
}

thread_local! {
    /// The secrets serialized while [`serialized_secrets`] runs on this thread.
    static SEEN: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `serialize` (which writes a request body) and returns what it returned with the
/// values of the [`Secret`]s it serialized: the request's secrets, which an error excerpt
/// must not show.
pub(crate) fn serialized_secrets<R>(serialize: impl FnOnce() -> R) -> (R, Vec<String>) {
    // Generic only in this thin layer: the thread-local work is in `Collecting`'s
    // functions, compiled once rather than once per body type.
    let collecting = Collecting::start();
    let result = serialize();
    (result, collecting.finish())
}

/// Collects the secrets serialized on this thread from `start` to `finish`, and puts back
/// what was collecting before, also when serializing panics: otherwise the thread would
/// go on keeping copies of every secret it serializes.
struct Collecting(Option<Vec<String>>);

impl Collecting {
    fn start() -> Self {
        Collecting(SEEN.with(|seen| seen.borrow_mut().replace(Vec::new())))
    }

    fn finish(self) -> Vec<String> {
        SEEN.with(|seen| seen.borrow_mut().take()).unwrap_or_default()
    }
}

impl Drop for Collecting {
    fn drop(&mut self) {
        SEEN.with(|seen| *seen.borrow_mut() = self.0.take());
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(Secret([REDACTED]))");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn a_panic_while_collecting_stops_the_collecting() {
        let caught = std::panic::catch_unwind(|| {
            serialized_secrets(|| {
                let _ = serde_json::to_string(&Secret::new("first"));
                panic!("serializing failed");
            })
        });
        assert!(caught.is_err());
        let ((), seen) = serialized_secrets(|| ());
        assert!(seen.is_empty());
        let _ = serde_json::to_string(&Secret::new("later"));
        assert!(SEEN.with(|seen| seen.borrow().is_none()), "nothing collects outside");
    }

    #[test]
    fn serializes_to_the_plain_value_and_back() {
        let secret = Secret::new("s3cr3t");
        let json = serde_json::to_string(&secret).unwrap();
        assert_eq!(json, "\"s3cr3t\"");
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back, secret);
    }
}
