//! The generated API as a user's crate sees it. `#[non_exhaustive]` only restricts other
//! crates, so this file, outside the generated crates, is what proves the shapes: it
//! constructs every request type of the bundled APIs (`new` + `with_…`), builds every
//! response type with its builder (as a fake of the vendor would), reads them, and
//! matches every outcome and error enum and every open enum — always with a wildcard
//! arm, which is what keeps this code compiling when a vendor adds a value, a status or
//! a field. The README shows the same code.

use apigen_runtime::BuildError;
use apigen_runtime::Secret;
use serde_json::json;
use vendor_apis::{alternative_payments, core_banking, forte, frontstream, opencrvs};

/// How a caller reports a failed call: documented errors by variant, the rest by kind,
/// each enum with a wildcard arm.
fn describe<E: std::fmt::Debug>(error: &forte::Error<E>) -> String {
    match error {
        forte::Error::Api { status, error } => format!("documented {status}: {error:?}"),
        forte::Error::Validation(e) => format!("not sent: {e}"),
        forte::Error::UnexpectedStatus { status, .. } => format!("undocumented {status}"),
        other => other.to_string(),
    }
}

#[test]
fn forte() {
    use forte::types::{
        AuthorizeExternalServiceRequest, AuthorizeExternalServiceResponse, AuthorizeExternalServiceResponseData,
        AuthorizeExternalServiceResponseDataTokenType as TokenType, Unauthorized, UnauthorizedError,
    };
    let request = AuthorizeExternalServiceRequest::new("client-id", Secret::new("secret"));
    assert_eq!(request.client_id, "client-id");

    // A fake of the vendor builds its answers field by field.
    let data = AuthorizeExternalServiceResponseData::builder()
        .access_token("token")
        .expires_in(3600)
        .token_type(TokenType::Bearer)
        .build()
        .unwrap();
    let response = AuthorizeExternalServiceResponse::builder().data(data).build().unwrap();
    assert_eq!(response.data.expires_in, 3600);
    let missing = AuthorizeExternalServiceResponseData::builder().expires_in(1).build().unwrap_err();
    assert_eq!(missing, BuildError::missing("AuthorizeExternalServiceResponseData", "access_token"));
    assert_eq!(missing.to_string(), "`AuthorizeExternalServiceResponseData` needs `access_token`, which was not set");

    // An open enum: listed values, the raw value of others, and a wildcard for values a
    // later version lists.
    let scheme = |token_type: &TokenType| match token_type {
        TokenType::Bearer => "bearer".to_owned(),
        TokenType::Unrecognized(raw) => raw.to_ascii_lowercase(),
        _ => token_type.as_str().to_ascii_lowercase(),
    };
    let dpop: TokenType = serde_json::from_value(json!("DPoP")).unwrap();
    assert_eq!(scheme(&response.data.token_type), "bearer");
    assert_eq!(scheme(&dpop), "dpop");

    let unauthorized = Unauthorized::builder()
        .error(UnauthorizedError::builder().reason("Unauthorized").status(401).message("bad client").build().unwrap())
        .build()
        .unwrap();
    let error = forte::Error::api(401, forte::AuthorizeExternalServiceError::Unauthorized(unauthorized));
    match &error {
        forte::Error::Api { error: forte::AuthorizeExternalServiceError::Unauthorized(body), .. } => {
            assert_eq!(body.error.message.as_deref(), Some("bad client"));
        }
        _ => panic!("expected the documented 401"),
    }
    assert!(describe(&error).starts_with("documented 401"));
}

#[test]
fn frontstream() {
    use frontstream::types::{AuthenticationClientSessionResponse, BrokenRule, ClientSessionRequest};
    let request = ClientSessionRequest::new("partner", "secret");
    assert_eq!(request.client_id, "partner");
    let session = AuthenticationClientSessionResponse::builder()
        .token(Some(Secret::new("token")))
        .expiration_date(chrono::DateTime::UNIX_EPOCH)
        .build()
        .unwrap();
    assert_eq!(session.token.as_ref().and_then(Option::as_ref).map(Secret::expose), Some("token"));
    assert_eq!(session.client_id, None);
    let rule = BrokenRule::builder().error_code(1001).message(Some("Invalid client".into())).build().unwrap();
    let error = frontstream::Error::api(400, frontstream::PostApiClientSessionError::BadRequest(vec![rule]));
    let rules = match error {
        frontstream::Error::Api { error: frontstream::PostApiClientSessionError::BadRequest(rules), .. } => rules,
        _ => Vec::new(),
    };
    assert_eq!(rules[0].error_code, Some(1001));
    assert_eq!(rules[0].logger_message, None);
}

#[test]
fn alternative_payments() {
    use alternative_payments::types::{CreateOAuthTokenRequest, CreateOAuthTokenRequestGrantType, TokenResponse};
    // A request-only enum is closed: nothing to catch when reading it back.
    let request = CreateOAuthTokenRequest::new(CreateOAuthTokenRequestGrantType::ClientCredentials);
    assert_eq!(request.grant_type.as_str(), "client_credentials");
    let token = TokenResponse::builder().access_token("token").expires_in(60).token_type("bearer").build().unwrap();
    assert!(token.token_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("Bearer")));
    let forbidden = [("error".to_owned(), "invalid_client".to_owned())].into_iter().collect();
    let error =
        alternative_payments::Error::api(403, alternative_payments::CreateOAuthTokenError::Forbidden(forbidden));
    match error.api_error() {
        Some(alternative_payments::CreateOAuthTokenError::Forbidden(map)) => assert_eq!(map.len(), 1),
        _ => panic!("expected the documented 403"),
    }
}

#[test]
fn core_banking() {
    use core_banking::types::{GetAccessTokenRequest, GetAccessTokenResponse};
    let request = GetAccessTokenRequest::new("client-id", "secret");
    assert_eq!(request.client_id, "client-id");
    let token = GetAccessTokenResponse::builder()
        .access_token("token")
        .token_type("Bearer")
        .expiration_time(1_795_000_000)
        .token_validity_sec(3600)
        .build()
        .unwrap();
    assert_eq!(token.token_validity_sec, 3600);
    // No error status is documented: errors are the other kinds.
    let error: core_banking::Error<core_banking::GetAccessTokenError> =
        core_banking::Error::UnexpectedStatus { status: 503, excerpt: String::new(), retry_after: None };
    assert!(error.api_error().is_none());
    assert_eq!(error.status(), Some(503));
}

#[test]
fn opencrvs() {
    use opencrvs::types::{AuthenticateClientRequest, AuthenticateClientRequestGrantType, AuthenticateClientResponse};
    let request =
        AuthenticateClientRequest::new("client-id", "secret", AuthenticateClientRequestGrantType::ClientCredentials);
    assert_eq!(request.grant_type, AuthenticateClientRequestGrantType::ClientCredentials);
    let token = AuthenticateClientResponse::builder().access_token("eyJ.x.y").build().unwrap();
    assert!(token.access_token.expose().starts_with("eyJ"));
    let variables = opencrvs::ServerVariables::default().with_domain("crvs.example.org");
    assert_eq!(variables.url(), "https://gateway.crvs.example.org");
}

/// The request builders of the fixture API: required parameters positional, optional
/// ones methods, `.body(..)` for an optional body; outcome enums with a wildcard arm.
#[test]
fn feature_zoo_requests_and_outcomes() {
    use fixture_apis::feature_zoo::{self, types};
    let client = feature_zoo::Client::new("https://zoo.example.com").unwrap();
    let _list = client.list_pets(types::Kind::Dog).limit(5).tag(vec!["a".into()]);
    let _shapes = client.list_shapes("session").ids(vec![1, 2]);
    let _pet = client.get_pet(7).x_request_id("req-1");
    let _note = client.put_note(7, "name", "text");
    let _settings = client.save_settings(types::Settings::new().with_retries(5).with_note("n"));
    let _account = client.create_account(types::Account::new("ann").with_password("pw").with_aliases(vec![None]));
    let _new = client.create_pet(types::NewPet::new(types::Kind::Cat, "Tom").with_version(json!(1)));

    let error = feature_zoo::Error::api(404, feature_zoo::GetPetError::NotFound);
    let found = match error {
        feature_zoo::Error::Api { error: feature_zoo::GetPetError::NotFound, .. } => false,
        feature_zoo::Error::Api { error: feature_zoo::GetPetError::Default(problem), .. } => problem.title.is_some(),
        _ => true,
    };
    assert!(!found);

    let shape: types::Shape = serde_json::from_value(json!({"kind": "hexagon"})).unwrap();
    let sides = match shape {
        types::Shape::Circle(_) => 0,
        types::Shape::Square(_) => 4,
        types::Shape::Unrecognized(raw) => raw.get("sides").and_then(serde_json::Value::as_u64).unwrap_or(6),
        _ => 0,
    };
    assert_eq!(sides, 6);
    let circle = types::Circle::builder().kind("round").radius(1.5).build().unwrap();
    assert_eq!(circle.radius, Some(1.5));
}
