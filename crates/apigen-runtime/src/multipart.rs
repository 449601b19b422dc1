//! `multipart/form-data` bodies (RFC 7578), built part by part: an operation whose body is
//! multipart takes the encoded bytes and their `Content-Type` (with the boundary), which
//! [`Multipart::finish`] gives. The operation's documentation lists its parts.
//!
//! Hand-rolled: `reqwest`'s `multipart` feature builds a streaming body for its own
//! requests and hands out neither the bytes nor the boundary; the format is a few lines.

use serde::Serialize;

/// A `multipart/form-data` body being built. Each part is named as the document names
/// the property; a name or file name is escaped as browsers escape it (`"` as `%22`, line
/// breaks as `%0D` and `%0A`), so that it cannot end its header early.
///
/// ```
/// use apigen_runtime::Multipart;
/// let (content_type, body) = Multipart::new()
///     .text("title", "Passport scan")
///     .file("file", "passport.png", "image/png", vec![0x89, b'P', b'N', b'G'])
///     .finish()
///     .unwrap();
/// assert!(content_type.starts_with("multipart/form-data; boundary="));
/// assert!(String::from_utf8_lossy(&body).contains("filename=\"passport.png\""));
/// ```
#[derive(Clone)]
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
    parts: usize,
    /// The first part that could not be written.
    error: Option<MultipartError>,
}

/// Why a [`Multipart`] body cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MultipartError {
    /// A multipart body has at least one part (RFC 2046 5.1.1).
    #[error("a multipart body needs at least one part")]
    NoParts,
    /// A part's media type is empty or holds what a header cannot carry (a line break).
    #[error("the media type of the part {part:?} is empty or cannot be a header's value")]
    ContentType {
        /// The part's name.
        part: String,
    },
}

/// The boundary and the body's size, not its bytes: a part may be a password, or a
/// file of megabytes.
impl std::fmt::Debug for Multipart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.boundary)
            .field("parts", &self.parts)
            .field("bytes", &self.body.len())
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty body with a fresh random boundary (a UUID's 122 random bits: no part can
    /// be made to contain it, unknown as it is to whoever wrote the part).
    pub fn new() -> Self {
        Multipart::with_boundary(format!("apigen-{}", uuid::Uuid::new_v4().simple()))
    }

    fn with_boundary(boundary: String) -> Self {
        Multipart { boundary, body: Vec::new(), parts: 0, error: None }
    }

    /// A text part (sent without a `Content-Type`, which is `text/plain` by default).
    #[must_use]
    pub fn text(self, name: &str, value: impl AsRef<str>) -> Self {
        self.part(name, None, None, value.as_ref().as_bytes())
    }

    /// A part holding `value` as JSON (`application/json`), as OpenAPI sends an object.
    ///
    /// # Errors
    /// The value's `Serialize` failing (a map with keys that are not strings).
    pub fn json<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Result<Self, serde_json::Error> {
        let bytes = serde_json::to_vec(value)?;
        Ok(self.part(name, None, Some("application/json"), &bytes))
    }

    /// A file part: its file name and media type (`image/png`), and its bytes.
    #[must_use]
    pub fn file(self, name: &str, file_name: &str, content_type: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.part(name, Some(file_name), Some(content_type), bytes.as_ref())
    }

    /// A part of its own media type that is no file (the `contentType` an Encoding Object
    /// gives a property: `application/xml`, `text/plain; charset=utf-8`).
    #[must_use]
    pub fn typed(self, name: &str, content_type: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.part(name, None, Some(content_type), bytes.as_ref())
    }

    /// The body's `Content-Type` (with its boundary) and bytes, as the operation takes them.
    ///
    /// # Errors
    /// A body without parts, or a part whose media type was empty or held a line break.
    pub fn finish(mut self) -> Result<(String, Vec<u8>), MultipartError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.parts == 0 {
            return Err(MultipartError::NoParts);
        }
        self.body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        Ok((format!("multipart/form-data; boundary={}", self.boundary), self.body))
    }

    fn part(mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Self {
        if self.error.is_some() {
            return self;
        }
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, escaped(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", escaped(file_name)));
        }
        if let Some(content_type) = content_type {
            // A tab is whitespace a header may hold; other control characters are not.
            if content_type.trim().is_empty() || content_type.contains(|c: char| c.is_control() && c != '\t') {
                self.error = Some(MultipartError::ContentType { part: name.to_owned() });
                return self;
            }
            head.push_str(&format!("\r\nContent-Type: {content_type}"));
        }
        self.parts += 1;
        head.push_str("\r\n\r\n");
        self.body.extend_from_slice(head.as_bytes());
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }
}

/// A name as a quoted string of `Content-Disposition`, escaped as the HTML standard's
/// multipart/form-data encoding does (`"` → `%22`, CR → `%0D`, LF → `%0A`).
fn escaped(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_as_rfc_7578_writes_them() {
        let form = Multipart::with_boundary("b".into());
        let (content_type, body) = form
            .text("title", "Hi")
            .json("meta", &serde_json::json!({"a": 1}))
            .unwrap()
            .file("file", "x.png", "image/png", [1, 2])
            .finish()
            .unwrap();
        assert_eq!(content_type, "multipart/form-data; boundary=b");
        let expected = b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n\
            --b\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n\
            --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n\x01\x02\r\n\
            --b--\r\n";
        assert_eq!(body, expected);
    }

    #[test]
    fn names_cannot_end_their_header() {
        let (_, body) = Multipart::with_boundary("b".into())
            .file("a\"b\r\nX: y", "f\".png", "image/png", [])
            .typed("doc", "application/xml", "<a/>")
            .finish()
            .unwrap();
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("name=\"a%22b%0D%0AX: y\"; filename=\"f%22.png\"\r\nContent-Type: image/png\r\n"),
            "{text}"
        );
        assert!(text.contains("name=\"doc\"\r\nContent-Type: application/xml\r\n\r\n<a/>\r\n"), "{text}");
        let boundaries = (Multipart::new().boundary, Multipart::new().boundary);
        assert_ne!(boundaries.0, boundaries.1);
    }

    #[test]
    fn what_cannot_be_sent_is_refused_and_nothing_is_shown() {
        let evil = Multipart::new().file("f", "x", "image/png\r\nX-Evil: 1", []).text("t", "x").finish();
        assert_eq!(evil.unwrap_err(), MultipartError::ContentType { part: "f".into() });
        assert_eq!(
            Multipart::new().typed("f", " ", "x").finish().unwrap_err(),
            MultipartError::ContentType { part: "f".into() }
        );
        assert_eq!(Multipart::new().finish().unwrap_err(), MultipartError::NoParts);
        assert!(Multipart::new().typed("t", "text/plain;\tcharset=utf-8", "x").finish().is_ok());
        let error = Multipart::new().typed("a\nb", "", "x").finish().unwrap_err();
        assert_eq!(error.to_string(), "the media type of the part \"a\\nb\" is empty or cannot be a header's value");
        let shown = format!("{:?}", Multipart::new().text("password", "hunter2-SECRET"));
        assert!(!shown.contains("hunter2") && shown.contains("parts: 1"), "{shown}");
    }
}
