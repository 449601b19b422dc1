//! End-to-end: each generated client against a real HTTP server on 127.0.0.1
//! (wiremock). Every test checks what went over the wire (method, path, headers,
//! exact body) and how the documented responses decode.

use apigen_runtime::{Error, Secret};
use apigen_tests::wire::{header, only_request, respond};
use serde_json::json;
use vendor_apis::{alternative_payments, core_banking, forte, frontstream, opencrvs};
use wiremock::{MockServer, ResponseTemplate};

// ---- FrontStream: JSON body chosen among four media types, no server, no operationId.

fn frontstream_request() -> frontstream::types::ClientSessionRequest {
    frontstream::types::ClientSessionRequest::new("partner-1", "fs-secret")
}

#[tokio::test]
async fn frontstream_sends_json_and_decodes_the_session() {
    let server = MockServer::start().await;
    let body = json!({
        "Token": "fs-token",
        "ClientId": "6f1c0a52-1c7e-4c59-9b8e-2f1d2a0c9e11",
        // .NET servers often omit the offset: read as UTC.
        "ExpirationDate": "2026-11-22T15:04:05.123",
        "Unknown": "responses tolerate fields the spec does not list"
    });
    respond(&server, "POST", "/api/ClientSession", ResponseTemplate::new(200).set_body_json(body)).await;
    let client = frontstream::Client::new(&server.uri()).unwrap();
    let session = client.post_api_client_session(frontstream_request()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/api/ClientSession");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"ClientId":"partner-1","ClientSecret":"fs-secret"}"#);

    assert_eq!(session.token.as_ref().and_then(|t| t.as_ref()).map(Secret::expose), Some("fs-token"));
    assert_eq!(session.client_id.unwrap().to_string(), "6f1c0a52-1c7e-4c59-9b8e-2f1d2a0c9e11");
    assert_eq!(session.expiration_date.unwrap().to_rfc3339(), "2026-11-22T15:04:05.123+00:00");
    assert!(!format!("{session:?}").contains("fs-token"));
}

#[tokio::test]
async fn frontstream_400_is_a_list_of_broken_rules() {
    let server = MockServer::start().await;
    let rules = json!([{"ErrorCode": 1001, "Message": "Invalid client", "LoggerMessage": null}]);
    respond(&server, "POST", "/api/ClientSession", ResponseTemplate::new(400).set_body_json(rules)).await;
    let client = frontstream::Client::new(&server.uri()).unwrap();
    let error = client.post_api_client_session(frontstream_request()).await.unwrap_err();
    let Error::Api { status: 400, error: frontstream::PostApiClientSessionError::BadRequest(rules) } = error else {
        panic!("expected the documented 400, got {error:?}");
    };
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].error_code, Some(1001));
    assert_eq!(rules[0].message, Some(Some("Invalid client".into())));
    // Present but null is kept apart from absent.
    assert_eq!(rules[0].logger_message, Some(None));
}

#[tokio::test]
async fn frontstream_secret_longer_than_500_is_refused_before_sending() {
    let server = MockServer::start().await;
    let client = frontstream::Client::new(&server.uri()).unwrap();
    let mut request = frontstream_request();
    request.client_secret = Secret::new("s".repeat(501));
    let error = client.post_api_client_session(request).await.unwrap_err();
    let Error::Validation(validation) = &error else { panic!("expected a validation error, got {error:?}") };
    assert_eq!(validation.to_string(), "`body.ClientSecret` must be at most 500 characters long, got 501");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing may be sent");
}

// ---- Forte: 201, inline `data` object, no bearer token on the token call (overlay).

fn forte_request(client_id: &str) -> forte::types::AuthorizeExternalServiceRequest {
    forte::types::AuthorizeExternalServiceRequest::new(client_id, "forte-secret")
}

#[tokio::test]
async fn forte_201_decodes_the_data_object() {
    let server = MockServer::start().await;
    let body = json!({"data": {"access_token": "forte-token", "expires_in": 3600, "token_type": "Bearer"}});
    respond(&server, "POST", "/auth/v1/oauth2/token", ResponseTemplate::new(201).set_body_json(body)).await;
    let client = forte::Client::new(&server.uri()).unwrap();
    let token = client.authorize_external_service(forte_request("cid")).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/auth/v1/oauth2/token");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "authorization"), None, "the token call needs no bearer token");
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"client_id":"cid","client_secret":"forte-secret"}"#);

    assert_eq!(token.data.access_token.expose(), "forte-token");
    assert_eq!(token.data.expires_in, 3600);
    assert_eq!(token.data.token_type, forte::types::AuthorizeExternalServiceResponseDataTokenType::Bearer);
}

/// RFC 6749 §5.1: the token type is case-insensitive, and servers send values the spec
/// does not list. The response still decodes (the enum is open), the raw value is kept
/// and written back unchanged, and the token source still yields the token.
#[tokio::test]
async fn forte_token_types_the_spec_does_not_list_still_decode() {
    use apigen_runtime::token::TokenCache;
    use forte::types::AuthorizeExternalServiceResponseDataTokenType as TokenType;
    for token_type in ["bearer", "DPoP"] {
        let server = MockServer::start().await;
        let body = json!({"data": {"access_token": "forte-token", "expires_in": 3600, "token_type": token_type}});
        respond(&server, "POST", "/auth/v1/oauth2/token", ResponseTemplate::new(201).set_body_json(body.clone())).await;
        let client = forte::Client::new(&server.uri()).unwrap();
        let token = client.authorize_external_service(forte_request("cid")).await.unwrap();
        assert_eq!(token.data.token_type, TokenType::Unrecognized(token_type.to_owned()));
        assert_eq!(token.data.token_type.as_str(), token_type);
        assert_eq!(serde_json::to_value(&token).unwrap(), body, "written back unchanged");

        let cache = TokenCache::new(forte::TokenSource::new(client, forte_request("cid")));
        let access = cache.token().await.unwrap();
        assert_eq!(access.secret().expose(), "forte-token");
        assert_eq!(access.token_type(), token_type);
        assert_eq!(access.token_type().eq_ignore_ascii_case("bearer"), token_type == "bearer");
    }
}

#[tokio::test]
async fn forte_401_decodes_the_error_object() {
    let server = MockServer::start().await;
    let body = json!({"error": {"status": 401, "reason": "Unauthorized", "message": "invalid params"}});
    respond(&server, "POST", "/auth/v1/oauth2/token", ResponseTemplate::new(401).set_body_json(body)).await;
    let client = forte::Client::new(&server.uri()).unwrap();
    let error = client.authorize_external_service(forte_request("cid")).await.unwrap_err();
    match error {
        Error::Api { status: 401, error: forte::AuthorizeExternalServiceError::Unauthorized(body) } => {
            assert_eq!(body.error.status, 401);
            assert_eq!(body.error.reason, "Unauthorized");
            assert_eq!(body.error.message.as_deref(), Some("invalid params"));
        }
        other => panic!("expected the documented 401, got {other:?}"),
    }
}

#[tokio::test]
async fn forte_lengths_from_the_overlay_are_checked() {
    let server = MockServer::start().await;
    let client = forte::Client::new(&server.uri()).unwrap();
    for (client_id, message) in [
        ("", "`body.client_id` must be at least 1 characters long, got 0"),
        (&"x".repeat(101)[..], "`body.client_id` must be at most 100 characters long, got 101"),
    ] {
        let error = client.authorize_external_service(forte_request(client_id)).await.unwrap_err();
        assert_eq!(error.to_string(), format!("invalid request: {message}"));
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn undocumented_status_carries_a_bounded_excerpt() {
    let server = MockServer::start().await;
    let body = format!("upstream exploded: {}", "x".repeat(2000));
    respond(&server, "POST", "/auth/v1/oauth2/token", ResponseTemplate::new(502).set_body_string(body)).await;
    let client = forte::Client::new(&server.uri()).unwrap();
    let error = client.authorize_external_service(forte_request("cid")).await.unwrap_err();
    let Error::UnexpectedStatus { status, excerpt, .. } = &error else { panic!("got {error:?}") };
    assert_eq!(*status, 502);
    assert!(excerpt.starts_with("upstream exploded: xxx"));
    assert!(excerpt.len() <= Error::<()>::EXCERPT_LIMIT + '…'.len_utf8(), "{}", excerpt.len());
}

#[tokio::test]
async fn garbage_success_body_is_a_decode_error_without_the_body() {
    let server = MockServer::start().await;
    let body = json!({"data": {"access_token": 12345, "expires_in": "soon", "token_type": "Bearer"}});
    respond(&server, "POST", "/auth/v1/oauth2/token", ResponseTemplate::new(201).set_body_json(body)).await;
    let client = forte::Client::new(&server.uri()).unwrap();
    let error = client.authorize_external_service(forte_request("cid")).await.unwrap_err();
    assert!(matches!(error, Error::Decode { status: 201, .. }), "{error:?}");
    assert!(!error.to_string().contains("12345"));
}

// ---- Alternative Payments: HTTP Basic + form body, 403 string map.

#[tokio::test]
async fn alternative_payments_sends_basic_auth_and_a_form() {
    let server = MockServer::start().await;
    let body = json!({"access_token": "ap-token", "expires_in": 3600, "token_type": "bearer"});
    respond(&server, "POST", "/oauth/token", ResponseTemplate::new(200).set_body_json(body)).await;
    let client = alternative_payments::Client::new(&server.uri()).unwrap().with_basic_auth("ap-id", "ap-secret");
    let body = alternative_payments::types::CreateOAuthTokenRequest::new(
        alternative_payments::types::CreateOAuthTokenRequestGrantType::ClientCredentials,
    );
    let token = client.create_o_auth_token(body).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    // base64("ap-id:ap-secret")
    assert_eq!(header(&request, "authorization"), Some("Basic YXAtaWQ6YXAtc2VjcmV0"));
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), "grant_type=client_credentials");

    assert_eq!(token.access_token.as_ref().map(Secret::expose), Some("ap-token"));
    assert_eq!(token.expires_in, Some(3600));
    assert_eq!(token.token_type.as_deref(), Some("bearer"));
    assert!(!format!("{client:?}").contains("ap-secret"));
}

#[tokio::test]
async fn alternative_payments_403_is_a_string_map() {
    let server = MockServer::start().await;
    let body = json!({"error": "invalid_client", "error_description": "bad credentials"});
    respond(&server, "POST", "/oauth/token", ResponseTemplate::new(403).set_body_json(body)).await;
    let client = alternative_payments::Client::new(&server.uri()).unwrap().with_basic_auth("id", "wrong");
    let body = alternative_payments::types::CreateOAuthTokenRequest::new(
        alternative_payments::types::CreateOAuthTokenRequestGrantType::ClientCredentials,
    );
    let error = client.create_o_auth_token(body).await.unwrap_err();
    let Error::Api { status: 403, error: alternative_payments::CreateOAuthTokenError::Forbidden(map) } = error else {
        panic!("expected the documented 403, got {error:?}");
    };
    assert_eq!(map.get("error").map(String::as_str), Some("invalid_client"));
    assert_eq!(map.len(), 2);
}

#[tokio::test]
async fn alternative_payments_without_credentials_sends_nothing() {
    let server = MockServer::start().await;
    let client = alternative_payments::Client::new(&server.uri()).unwrap();
    let body = alternative_payments::types::CreateOAuthTokenRequest::new(
        alternative_payments::types::CreateOAuthTokenRequestGrantType::ClientCredentials,
    );
    let error = client.create_o_auth_token(body).await.unwrap_err();
    assert!(matches!(error, Error::MissingCredentials(_)), "{error:?}");
    assert!(error.to_string().contains("BasicAuth"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---- Core banking: hand-written spec, base URL with a path (the `{{baseurl}}` variable).

#[tokio::test]
async fn core_banking_keeps_the_base_path_and_camel_case() {
    let server = MockServer::start().await;
    let body = json!({"accessToken": "cb-token", "tokenType": "Bearer", "expirationTime": 1_795_000_000_i64, "tokenValiditySec": 3600});
    respond(&server, "POST", "/core/api/auth/v1/authenticate", ResponseTemplate::new(200).set_body_json(body)).await;
    let variables = core_banking::ServerVariables::default().with_baseurl(format!("{}/core/", server.uri()));
    let client = core_banking::Client::with_server(&variables).unwrap();
    let request_body = core_banking::types::GetAccessTokenRequest::new("cb-id", "cb-secret");
    let token = client.get_access_token(request_body).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/core/api/auth/v1/authenticate");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"clientId":"cb-id","clientSecret":"cb-secret"}"#);
    assert_eq!(token.access_token.expose(), "cb-token");
    assert_eq!(token.expiration_time, 1_795_000_000);
    assert_eq!(token.token_validity_sec, 3600);
}

// ---- OpenCRVS: hand-written spec, `https://gateway.{domain}`, grant_type fixed.

#[tokio::test]
async fn opencrvs_sends_the_fixed_grant_type() {
    assert_eq!(
        opencrvs::ServerVariables::default().with_domain("opencrvs.example.net").url(),
        "https://gateway.opencrvs.example.net"
    );
    let server = MockServer::start().await;
    let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3OTUwMDAwMDB9.c2ln";
    respond(&server, "POST", "/auth/token", ResponseTemplate::new(200).set_body_json(json!({"access_token": jwt})))
        .await;
    let client = opencrvs::Client::new(&server.uri()).unwrap();
    let body = opencrvs::types::AuthenticateClientRequest::new(
        "2fd153ab-86c8-45fb-990d-721140e46061",
        "8636abe2-affb-4238-8bff-200ed3652d1e",
        opencrvs::types::AuthenticateClientRequestGrantType::ClientCredentials,
    );
    let token = client.authenticate_client(body.clone()).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/auth/token");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        r#"{"client_id":"2fd153ab-86c8-45fb-990d-721140e46061","client_secret":"8636abe2-affb-4238-8bff-200ed3652d1e","grant_type":"client_credentials"}"#
    );
    assert_eq!(token.access_token.expose(), jwt);
    assert!(!format!("{body:?} {token:?}").contains("8636abe2"));
}

#[test]
fn base_urls_from_servers() {
    assert_eq!(forte::Client::with_default_server().unwrap().base_url().as_str(), forte::DEFAULT_BASE_URL);
    assert_eq!(
        opencrvs::Client::with_default_server().unwrap().base_url().as_str(),
        opencrvs::ServerVariables::default().url()
    );
    assert!(frontstream::Client::new("not a url").is_err());
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let server = MockServer::start().await;
    let body = json!({"accessToken": "t", "tokenType": "Bearer", "expirationTime": 1, "tokenValiditySec": 1});
    respond(&server, "POST", "/api/auth/v1/authenticate", ResponseTemplate::new(200).set_body_json(body)).await;
    let mut headers = apigen_runtime::reqwest::header::HeaderMap::new();
    headers.insert("x-caller", "mine".parse().unwrap());
    let http = apigen_runtime::reqwest::Client::builder().default_headers(headers).build().unwrap();
    let client = core_banking::Client::new(&server.uri()).unwrap().with_http_client(http);
    client.get_access_token(core_banking::types::GetAccessTokenRequest::new("id", "s")).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "x-caller"), Some("mine"));
}

#[tokio::test]
async fn the_response_observer_sees_headers_the_spec_does_not_describe() {
    let server = MockServer::start().await;
    let body = json!({"data": {"access_token": "t", "expires_in": 1, "token_type": "Bearer"}});
    let response = ResponseTemplate::new(201).set_body_json(body).insert_header("sl-violations", "[]");
    respond(&server, "POST", "/auth/v1/oauth2/token", response).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let client = forte::Client::new(&server.uri()).unwrap().with_response_observer(move |response| {
        let value = response.headers().get("sl-violations").map(|v| v.to_str().unwrap().to_owned());
        record.lock().unwrap().push((response.status().as_u16(), value));
    });
    client.authorize_external_service(forte_request("cid")).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![(201, Some("[]".to_owned()))]);
}
