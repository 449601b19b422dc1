//! Where a token response keeps the token and its expiry: a declarative
//! [`TokenMapping`] that generated code builds from the API's `x-apigen-token`
//! declaration, and [`extract`], which applies it to a response.

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use super::{AccessToken, TokenError};
use crate::secret::Secret;
use crate::serde_helpers::date_time;

/// How to read an access token out of a token response (as JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenMapping {
    /// JSON pointer of the token (a non-empty string).
    pub token: &'static str,
    /// JSON pointer of the token type, if the response has one.
    pub token_type: Option<&'static str>,
    /// The token type when the response has none (or it is absent).
    pub default_token_type: &'static str,
    /// Where the expiry may be, tried in order; the first readable one wins.
    pub expiry: &'static [ExpirySource],
    /// The lifetime when no source gives one; `None` leaves the expiry unknown.
    pub default_lifetime: Option<Duration>,
    /// An upper bound on the lifetime, whatever the response says.
    pub max_lifetime: Option<Duration>,
}

/// One place an expiry may be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpirySource {
    /// Seconds from now (OAuth's `expires_in`).
    Seconds(&'static str),
    /// An absolute date-time string (RFC 3339, or without offset, read as UTC).
    DateTime(&'static str),
    /// Epoch time as a number, in seconds or milliseconds: see [`epoch_to_datetime`].
    Epoch(&'static str),
    /// The `exp` claim of the token itself, read as a JWT (not verified: a client
    /// has no key to verify it with, and only uses it to schedule a refresh).
    JwtExp,
}

/// Epoch time in seconds or milliseconds. Values of 10^11 and more are read as
/// milliseconds: as seconds they would lie after the year 5000, as milliseconds
/// they lie after March 1973, so no plausible expiry is ambiguous.
pub fn epoch_to_datetime(value: f64) -> Option<DateTime<Utc>> {
    if !value.is_finite() || value <= 0.0 {
        return None;
    }
    let millis = if value >= 1e11 { value } else { value * 1000.0 };
    Utc.timestamp_millis_opt(millis as i64).single()
}

/// The `exp` claim of a JWT, without verifying the signature.
pub fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?.as_f64()?;
    Utc.timestamp_opt(exp as i64, 0).single()
}

fn seconds(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        // Some servers quote numbers.
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn lifetime(seconds: f64) -> Option<Duration> {
    (seconds.is_finite() && seconds > 0.0).then(|| Duration::from_secs_f64(seconds.min(1e10)))
}

fn after(now: DateTime<Utc>, duration: Duration) -> Option<DateTime<Utc>> {
    chrono::Duration::from_std(duration).ok().and_then(|d| now.checked_add_signed(d))
}

/// The value a generated token source read from its typed response for one
/// [`ExpirySource`] of its mapping (same position in the list).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExpiryField<'a> {
    /// Absent or `null` (also for [`ExpirySource::JwtExp`], which reads the token).
    Missing,
    /// A number (seconds or epoch time).
    Number(f64),
    /// A string: a date-time, or a quoted number.
    Text(&'a str),
    /// An already parsed date-time.
    DateTime(DateTime<Utc>),
    /// Untyped JSON (where the response schema says nothing).
    Json(&'a Value),
}

impl ExpiryField<'_> {
    fn number(self) -> Option<f64> {
        match self {
            ExpiryField::Number(n) => Some(n),
            ExpiryField::Text(text) => text.trim().parse().ok(),
            ExpiryField::Json(value) => seconds(value),
            ExpiryField::Missing | ExpiryField::DateTime(_) => None,
        }
    }

    fn date_time(self) -> Option<DateTime<Utc>> {
        match self {
            ExpiryField::DateTime(at) => Some(at),
            ExpiryField::Text(text) => date_time::parse(text),
            ExpiryField::Json(value) => value.as_str().and_then(date_time::parse),
            ExpiryField::Missing | ExpiryField::Number(_) => None,
        }
    }
}

/// What a generated token source read out of its typed token response: the token
/// (moved or cloned from the response's own field, so it is never copied into
/// memory that is not zeroized), its type, and one [`ExpiryField`] per
/// [`TokenMapping::expiry`] source.
#[derive(Debug)]
pub struct TokenFields<'a> {
    /// The token, if present.
    pub token: Option<Secret>,
    /// The token type, if the response has one.
    pub token_type: Option<&'a str>,
    /// The expiry values, in the order of the mapping's sources.
    pub expiry: &'a [ExpiryField<'a>],
}

/// Builds the access token from what a generated token source read, as `mapping`
/// says. An expiry that is already past counts as unreadable (a token is not issued
/// expired; the source is misread).
pub fn assemble(
    fields: TokenFields<'_>,
    mapping: &TokenMapping,
    now: DateTime<Utc>,
) -> Result<AccessToken, TokenError> {
    let token = match fields.token {
        Some(token) if !token.expose().is_empty() => token,
        _ => return Err(TokenError::MissingToken { at: mapping.token.to_owned() }),
    };
    let token_type = fields.token_type.filter(|t| !t.is_empty()).unwrap_or(mapping.default_token_type).to_owned();
    // Refused here rather than cached: every call would fail on it until it expired.
    if !header_safe(token.expose()) || !header_safe(&token_type) {
        return Err(TokenError::Decode {
            reason: format!(
                "the token at `{}` or its type holds what an HTTP header cannot carry (a line break, say)",
                mapping.token
            ),
        });
    }
    let mut expires_at = mapping.expiry.iter().enumerate().find_map(|(index, source)| {
        let field = fields.expiry.get(index).copied().unwrap_or(ExpiryField::Missing);
        let at = match source {
            ExpirySource::Seconds(_) => field.number().and_then(lifetime).and_then(|d| after(now, d)),
            ExpirySource::DateTime(_) => field.date_time(),
            ExpirySource::Epoch(_) => field.number().and_then(epoch_to_datetime),
            ExpirySource::JwtExp => jwt_expiry(token.expose()),
        };
        at.filter(|at| *at > now)
    });
    if expires_at.is_none() {
        expires_at = mapping.default_lifetime.and_then(|d| after(now, d));
    }
    if let (Some(max), Some(at)) = (mapping.max_lifetime, expires_at) {
        expires_at = after(now, max).map(|cap| cap.min(at));
    }
    Ok(AccessToken::new(token, token_type, expires_at))
}

/// Whether `text` can go into an HTTP header as it is (what `HeaderValue` accepts:
/// no control character but a tab).
fn header_safe(text: &str) -> bool {
    reqwest::header::HeaderValue::from_str(text).is_ok()
}

/// Reads a token out of an untyped JSON `response` with `mapping` (for responses
/// whose schema does not say where the token is; generated token sources read their
/// typed response with [`assemble`] instead).
pub fn extract(response: &Value, mapping: &TokenMapping, now: DateTime<Utc>) -> Result<AccessToken, TokenError> {
    let token = match response.pointer(mapping.token) {
        Some(Value::String(token)) => Some(Secret::new(token.as_str())),
        Some(Value::Null) | None => None,
        Some(_) => {
            return Err(TokenError::Decode { reason: format!("the token at `{}` is not a string", mapping.token) });
        }
    };
    let token_type = mapping.token_type.and_then(|pointer| response.pointer(pointer)).and_then(Value::as_str);
    let expiry: Vec<ExpiryField<'_>> = mapping
        .expiry
        .iter()
        .map(|source| match source {
            ExpirySource::Seconds(p) | ExpirySource::DateTime(p) | ExpirySource::Epoch(p) => {
                response.pointer(p).map_or(ExpiryField::Missing, ExpiryField::Json)
            }
            ExpirySource::JwtExp => ExpiryField::Missing,
        })
        .collect();
    assemble(TokenFields { token, token_type, expiry: &expiry }, mapping, now)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    const FORTE: TokenMapping = TokenMapping {
        token: "/data/access_token",
        token_type: Some("/data/token_type"),
        default_token_type: "Bearer",
        expiry: &[ExpirySource::Seconds("/data/expires_in")],
        default_lifetime: None,
        max_lifetime: None,
    };

    #[test]
    fn typed_fields_are_read_like_json() {
        let expiry = [ExpiryField::Number(3600.0)];
        let fields = TokenFields { token: Some(Secret::new("t")), token_type: Some("bearer"), expiry: &expiry };
        let token = assemble(fields, &FORTE, now()).unwrap();
        assert_eq!(token.secret().expose(), "t");
        assert_eq!(token.token_type(), "bearer");
        assert_eq!(token.expires_at(), Some(now() + chrono::Duration::hours(1)));
        let quoted = [ExpiryField::Text(" 60 ")];
        let fields = TokenFields { token: Some(Secret::new("t")), token_type: None, expiry: &quoted };
        assert_eq!(assemble(fields, &FORTE, now()).unwrap().expires_at(), Some(now() + chrono::Duration::seconds(60)));
        let fields = TokenFields { token: Some(Secret::new("")), token_type: None, expiry: &[] };
        assert!(matches!(assemble(fields, &FORTE, now()), Err(TokenError::MissingToken { .. })));
    }

    #[test]
    fn a_token_a_header_cannot_carry_is_refused() {
        for (token, token_type) in [("tok\r\nx-evil: 1", None), ("tok", Some("Bearer\n")), ("t\u{7f}", None)] {
            let fields = TokenFields { token: Some(Secret::new(token)), token_type, expiry: &[] };
            let error = assemble(fields, &FORTE, now()).unwrap_err();
            assert!(matches!(&error, TokenError::Decode { reason } if reason.contains("cannot carry")), "{error}");
            assert!(!error.to_string().contains("evil"), "{error}");
        }
        let fields = TokenFields { token: Some(Secret::new("a\tb~!/+=")), token_type: None, expiry: &[] };
        assert!(assemble(fields, &FORTE, now()).is_ok());
    }

    #[test]
    fn relative_lifetime_and_type() {
        let body = json!({"data": {"access_token": "t", "expires_in": 3600, "token_type": "Bearer"}});
        let token = extract(&body, &FORTE, now()).unwrap();
        assert_eq!(token.secret().expose(), "t");
        assert_eq!(token.token_type(), "Bearer");
        assert_eq!(token.expires_at(), Some(now() + chrono::Duration::hours(1)));
    }

    #[test]
    fn null_or_missing_token_is_an_error_not_an_empty_token() {
        for body in
            [json!({"data": {"access_token": null}}), json!({"data": {}}), json!({"data": {"access_token": ""}})]
        {
            let error = extract(&body, &FORTE, now()).unwrap_err();
            assert!(!error.is_transient());
            assert!(matches!(&error, TokenError::MissingToken { at } if at == "/data/access_token"), "{error}");
        }
    }

    #[test]
    fn epoch_seconds_and_milliseconds() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 13, 0, 0).unwrap();
        assert_eq!(epoch_to_datetime(at.timestamp() as f64), Some(at));
        assert_eq!(epoch_to_datetime(at.timestamp_millis() as f64), Some(at));
        assert_eq!(epoch_to_datetime(0.0), None);
        let mapping = TokenMapping {
            token: "/accessToken",
            token_type: Some("/tokenType"),
            default_token_type: "Bearer",
            expiry: &[ExpirySource::Epoch("/expirationTime"), ExpirySource::Seconds("/tokenValiditySec")],
            default_lifetime: None,
            max_lifetime: None,
        };
        let body = json!({"accessToken": "t", "expirationTime": at.timestamp_millis(), "tokenValiditySec": 60});
        assert_eq!(extract(&body, &mapping, now()).unwrap().expires_at(), Some(at));
        // An expiry in the past is unreadable: the fallback is used.
        let body = json!({"accessToken": "t", "expirationTime": 1000, "tokenValiditySec": 60});
        assert_eq!(extract(&body, &mapping, now()).unwrap().expires_at(), Some(now() + chrono::Duration::seconds(60)));
    }

    #[test]
    fn absolute_date_time_with_or_without_offset() {
        let mapping = TokenMapping {
            token: "/Token",
            token_type: None,
            default_token_type: "Bearer",
            expiry: &[ExpirySource::DateTime("/ExpirationDate")],
            default_lifetime: None,
            max_lifetime: None,
        };
        let body = json!({"Token": "t", "ExpirationDate": "2026-11-22T17:00:00"});
        let token = extract(&body, &mapping, now()).unwrap();
        assert_eq!(token.expires_at(), Some(Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap()));
        assert_eq!(token.token_type(), "Bearer");
        let body = json!({"Token": "t", "ExpirationDate": "2026-11-22T17:00:00-05:00"});
        assert_eq!(
            extract(&body, &mapping, now()).unwrap().expires_at(),
            Some(Utc.with_ymd_and_hms(2026, 11, 22, 22, 0, 0).unwrap())
        );
        let body = json!({"Token": "t"});
        assert_eq!(extract(&body, &mapping, now()).unwrap().expires_at(), None);
    }

    fn jwt(claims: &Value) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", engine.encode(br#"{"alg":"RS256"}"#), engine.encode(claims.to_string()))
    }

    #[test]
    fn jwt_exp_capped_with_a_default() {
        let mapping = TokenMapping {
            token: "/access_token",
            token_type: None,
            default_token_type: "Bearer",
            expiry: &[ExpirySource::JwtExp],
            default_lifetime: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(600)),
        };
        let five_minutes = now() + chrono::Duration::minutes(5);
        let token = jwt(&json!({"exp": five_minutes.timestamp()}));
        assert_eq!(extract(&json!({"access_token": token}), &mapping, now()).unwrap().expires_at(), Some(five_minutes));
        let token = jwt(&json!({"exp": (now() + chrono::Duration::hours(5)).timestamp()}));
        let ten_minutes = Some(now() + chrono::Duration::minutes(10));
        assert_eq!(extract(&json!({"access_token": token}), &mapping, now()).unwrap().expires_at(), ten_minutes);
        for unreadable in [jwt(&json!({"sub": "x"})), "not-a-jwt".to_owned(), "a.%%%.c".to_owned()] {
            assert_eq!(
                extract(&json!({"access_token": unreadable}), &mapping, now()).unwrap().expires_at(),
                ten_minutes
            );
        }
    }
}
