//! End-to-end tests of generator features the vendor documents do not use, on the
//! client generated from tests/fixtures/specs/feature_zoo (an OpenAPI 3.1 document):
//! parameters of every kind, bearer and API-key security, `default` and no-content
//! responses, text bodies, patterns, unions, `allOf`, recursion.

use apigen_runtime::Error;
use apigen_tests::wire::{header, only_request, respond};
use fixture_apis::feature_zoo::{self, types};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

async fn serve(verb: &str, route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    respond(&server, verb, route, response).await;
    server
}

fn client(server: &MockServer) -> feature_zoo::Client {
    feature_zoo::Client::new(&server.uri()).unwrap().with_bearer("zoo-token")
}

#[tokio::test]
async fn path_and_header_parameters_bearer_and_recursion() {
    let pet = json!({
        "id": 7, "name": "Tom", "kind": "cat", "type": "house", "nickname": null,
        "parent": {"id": 1, "name": "Old Tom", "kind": "2-headed"}
    });
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_json(pet)).await;
    let pet = client(&server).get_pet(7).x_request_id("req-1").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), Some("Bearer zoo-token"));
    assert_eq!(header(&request, "x-request-id"), Some("req-1"));
    // The documented error's media type is accepted too, below the success's.
    assert_eq!(header(&request, "accept"), Some("application/json, application/problem+json;q=0.9"));
    assert_eq!(pet.r#type.as_deref(), Some("house"));
    assert_eq!(pet.nickname, Some(None));
    let parent = pet.parent.expect("parent");
    assert_eq!(parent.kind, types::Kind::Value2Headed);
    assert_eq!(parent.nickname, None);
}

#[tokio::test]
async fn integers_have_the_width_and_sign_of_their_format() {
    let pet = json!({"id": 7, "name": "Tom", "kind": "cat", "microchip": u64::MAX, "age": 40});
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_json(pet)).await;
    let pet = client(&server).get_pet(7).await.unwrap();
    // `uint64` above `i64::MAX` is read; `uint8` is a `u8`.
    let (microchip, age): (Option<u64>, Option<u8>) = (pet.microchip, pet.age);
    assert_eq!((microchip, age), (Some(u64::MAX), Some(40)));

    // A negative value for an unsigned field is not what the spec promised: a decode error.
    let negative = json!({"id": 7, "name": "Tom", "kind": "cat", "age": -1});
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_json(negative)).await;
    let error = client(&server).get_pet(7).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.to_string().contains("types::Pet` at `age` at line 1 column 9"), "{error}");
}

/// A body that is no JSON where JSON was documented (a proxy's error page) is a decode
/// error that says what came: the response's `Content-Type` and the body's first bytes.
#[tokio::test]
async fn a_body_that_is_no_json_is_shown_in_the_decode_error() {
    let page = "<html><body>502 Bad Gateway</body></html>";
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_raw(page, "text/html")).await;
    let error = client(&server).get_pet(7).await.unwrap_err();
    let Error::Decode { source, .. } = &error else { panic!("{error:?}") };
    assert_eq!((source.content_type.as_deref(), &*source.excerpt), (Some("text/html"), page));
    assert!(
        error
            .to_string()
            .ends_with(&format!("at line 1 column 1 (the response says its body is `text/html`; it begins: {page})")),
        "{error}"
    );
    // JSON of the wrong shape, said to be JSON: neither (the path says where).
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_json(json!({"id": "seven"}))).await;
    let error = client(&server).get_pet(7).await.unwrap_err();
    let Error::Decode { source, .. } = &error else { panic!("{error:?}") };
    assert_eq!((source.content_type.as_deref(), &*source.excerpt), (None, ""));
}

#[tokio::test]
async fn a_union_parameter_with_a_secret_member_is_kept_secret() {
    let passphrase = || types::GetPetXAccess::from(feature_zoo::Secret::new("open sesame"));
    assert!(apigen_runtime::Param::is_secret(&passphrase()));
    assert!(!apigen_runtime::Param::is_secret(&types::GetPetXAccess::from(1234_i64)));
    assert!(!format!("{:?}", passphrase()).contains("sesame"));

    let echo = ResponseTemplate::new(418).set_body_raw("no entry for open sesame", "text/plain");
    let server = serve("GET", "/pets/7", echo).await;
    let error = client(&server).get_pet(7).x_access(passphrase()).await.unwrap_err();
    assert_eq!(header(&only_request(&server).await, "x-access"), Some("open sesame"));
    let shown = format!("{error} {error:?}");
    assert!(matches!(error, Error::Decode { .. }), "{shown}");
    assert!(!shown.contains("sesame"), "the secret parameter is scrubbed from the excerpt: {shown}");
}

#[tokio::test]
async fn documented_statuses_without_body_and_default() {
    let server = serve("GET", "/pets/8", ResponseTemplate::new(404)).await;
    let error = client(&server).get_pet(8).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 404, error: feature_zoo::GetPetError::NotFound }), "{error:?}");

    let problem = json!({"title": "boom", "status": 503, "trace": "abc", "instance": "/pets/9"});
    let server = serve(
        "GET",
        "/pets/9",
        ResponseTemplate::new(503).set_body_raw(problem.to_string(), "application/problem+json"),
    )
    .await;
    let error = client(&server).get_pet(9).await.unwrap_err();
    let Error::Api { status: 503, error: feature_zoo::GetPetError::Default(problem) } = error else {
        panic!("expected the default response, got {error:?}");
    };
    assert_eq!(problem.title.as_deref(), Some("boom"));
    // Required and `readOnly` in a type only received: required (`Account`, sent too, has
    // its `readOnly` `id` optional).
    let instance: &String = &problem.instance;
    assert_eq!(instance, "/pets/9");
    assert_eq!(problem.additional_properties.get("trace").map(String::as_str), Some("abc"));
}

/// `send().with_headers()` gives a success with its status and headers; an error is the
/// call's error, as without it. The answer's `Debug` names headers without their values.
#[tokio::test]
async fn a_success_comes_with_its_status_and_headers_when_asked() {
    let pet = json!({"id": 7, "name": "Tom", "kind": "cat"});
    let response = ResponseTemplate::new(200)
        .set_body_json(pet)
        .insert_header("etag", "\"v7\"")
        .insert_header("set-cookie", "s=k-s3cret");
    let server = serve("GET", "/pets/7", response).await;
    let answer = client(&server).get_pet(7).send().with_headers().await.unwrap();
    assert_eq!((answer.status, answer.value.name.as_str()), (200, "Tom"));
    assert_eq!(answer.headers.get("etag").and_then(|v| v.to_str().ok()), Some("\"v7\""));
    let shown = format!("{answer:?}");
    assert!(shown.contains("etag") && shown.contains("set-cookie") && !shown.contains("k-s3cret"), "{shown}");
    // Code that reads answers can be tested with one made by hand.
    let mut headers = apigen_runtime::reqwest::header::HeaderMap::new();
    headers.insert("etag", "\"v7\"".parse().unwrap());
    let fake = apigen_runtime::Answer::new(200, headers, answer.value.clone());
    assert_eq!((fake.status, &fake.value), (answer.status, &answer.value));
    assert!(fake != answer && fake == fake.clone(), "the fake lacks the cookie the answer has");

    let server = serve("GET", "/pets/8", ResponseTemplate::new(404).insert_header("etag", "\"gone\"")).await;
    let error = client(&server).get_pet(8).send().with_headers().await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 404, error: feature_zoo::GetPetError::NotFound }), "{error:?}");
}

/// The answer to HEAD has no content, whatever the document says (here the GET's): the
/// call gives `()` with the status and headers, where reading the content failed every
/// call. (So does a 204 that documents content: `api_key_and_no_content`.)
#[tokio::test]
async fn the_answer_to_head_is_read_without_content() {
    let response = ResponseTemplate::new(200)
        .set_body_json(json!({"id": 4, "name": "Rex", "kind": "dog"}))
        .insert_header("last-modified", "Tue, 24 Nov 2026 10:00:00 GMT");
    let server = serve("HEAD", "/pets/4", response).await;
    let answer = client(&server).pet_exists(4).send().with_headers().await.unwrap();
    let () = answer.value;
    let modified = answer.headers.get("last-modified").and_then(|v| v.to_str().ok());
    assert_eq!((answer.status, modified), (200, Some("Tue, 24 Nov 2026 10:00:00 GMT")));
    let server = serve("HEAD", "/pets/5", ResponseTemplate::new(404)).await;
    let error = client(&server).pet_exists(5).await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 404, error: feature_zoo::PetExistsError::NotFound }), "{error:?}");
}

/// What the document deprecates is `#[deprecated]` (`expect` fails the lint run if
/// not) and still sent.
#[tokio::test]
#[expect(deprecated)]
async fn deprecated_parameters_and_fields_still_work() {
    let server = serve("GET", "/pets", ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    anonymous.list_pets(types::Kind::Cat).sort("name").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("kind=cat&sort=name"));
    let pet =
        types::Pet::builder().id(1).name("Rex").kind(types::Kind::Dog).nickname(Some("R".into())).build().unwrap();
    assert_eq!(pet.nickname, Some(Some("R".to_owned())));
}

#[tokio::test]
async fn query_parameters_enums_arrays_and_unions() {
    let body = json!([
        {"id": 1, "name": "Rex", "kind": "dog", "status": "on-hold", "last_event": {"type": "renamed", "name": "Rexy"}},
        "just a name",
        {"id": 2, "name": "Tom", "kind": "cat", "status": "quarantined", "last_event": {"type": "vanished"}}
    ]);
    let server = serve("GET", "/pets", ResponseTemplate::new(200).set_body_json(body)).await;
    // No credentials: the operation declares `security: []`.
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    let tags = vec!["a b".to_owned(), "c".to_owned()];
    let order = types::SortOrder::NameDescending;
    let results = anonymous.list_pets(types::Kind::Value2Headed).limit(5).tag(tags).order(order).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("kind=2-headed&limit=5&order=name_descending&tag=a+b&tag=c"));
    assert_eq!(header(&request, "authorization"), None);
    // A `oneOf` of documented string values is one enum, open to values the spec does not list.
    assert!(matches!(&results[0], types::SearchResult::Pet(pet)
        if pet.name == "Rex" && pet.status == Some(types::PetStatus::OnHold)));
    assert_eq!(results[1], types::SearchResult::String("just a name".into()));
    let types::SearchResult::Pet(tom) = &results[2] else { panic!("a pet expected: {:?}", results[2]) };
    assert_eq!(tom.status, Some(types::PetStatus::Unrecognized("quarantined".into())));
    assert_eq!(serde_json::to_value(tom).unwrap()["status"], "quarantined");
    // Objects tagged by a property with one value each are told apart by it, and named after it.
    let types::SearchResult::Pet(rex) = &results[0] else { unreachable!() };
    assert!(matches!(&rex.last_event, Some(types::PetEvent::Renamed(event)) if event.name.as_deref() == Some("Rexy")));
    assert_eq!(tom.last_event, Some(types::PetEvent::Unrecognized(json!({"type": "vanished"}))));
    assert_eq!(serde_json::to_value(rex).unwrap()["last_event"], json!({"type": "renamed", "name": "Rexy"}));
    // A `type` array is a union whose members take their own type's keywords (`items`
    // the list's), and a `const: null` member makes the field nullable.
    let pet = json!({"id": 3, "name": "Ann", "kind": "cat", "chips": "A1", "coat": null});
    let ann: types::Pet = serde_json::from_value(pet.clone()).unwrap();
    assert_eq!((ann.chips.clone(), ann.coat.clone()), (Some(types::PetChips::String("A1".into())), Some(None)));
    assert_eq!(serde_json::to_value(&ann).unwrap(), pet);
    let pet = json!({"id": 3, "name": "Ann", "kind": "cat", "chips": ["A1", "B2"], "coat": "long"});
    let ann: types::Pet = serde_json::from_value(pet.clone()).unwrap();
    // Schemas named by an `$anchor`, an `$id`, and `#/…` inside a schema with an `$id`.
    let priced: types::Pet = serde_json::from_value(
        json!({"id": 4, "name": "Bo", "kind": "dog", "price": {"cents": 1250, "currency": "EUR"}}),
    )
    .unwrap();
    let price = priced.price.unwrap();
    // Other keys beside `allOf`'s properties are kept in its map.
    let outline = json!({"kind": "round", "radius": 1.0, "weight": 2.5});
    let read: types::PetOutline = serde_json::from_value(outline.clone()).unwrap();
    assert_eq!((read.radius, read.additional_properties["weight"]), (Some(1.0), 2.5));
    assert_eq!(serde_json::to_value(&read).unwrap(), outline);
    assert_eq!((price.cents, price.currency.as_deref()), (Some(1250_i64), Some("EUR")));
    // Keys matching `patternProperties` and a property of `dependentSchemas` are kept, and
    // so are other keys (the schema allows any): as JSON values.
    let extras = json!({"note": "shy", "noted_by": "Kim", "x_diet": "fish", "count": 5});
    let read: types::PetExtras = serde_json::from_value(extras.clone()).unwrap();
    assert_eq!((read.noted_by.as_deref(), read.additional_properties["x_diet"].as_str()), (Some("Kim"), Some("fish")));
    assert_eq!(read.additional_properties["count"], 5);
    assert_eq!(serde_json::to_value(&read).unwrap(), extras);
    // The `dependentSchemas` entry a `$ref` names is a type of its own.
    let noting: types::Pet =
        serde_json::from_value(json!({"id": 5, "name": "Cy", "kind": "cat", "noting": {"noted_by": "Kim"}})).unwrap();
    assert_eq!(noting.noting.and_then(|n| n.noted_by).as_deref(), Some("Kim"));
    // Other keys beside properties that `additionalProperties: true` allows are kept.
    let metadata = json!({"source": "shelter", "thumbnail": "iVBORw0K", "color": "red", "weight": [1, 2]});
    let read: types::PetMetadata = serde_json::from_value(metadata.clone()).unwrap();
    assert_eq!((read.source.as_deref(), &read.additional_properties["color"]), (Some("shelter"), &json!("red")));
    assert_eq!(read.thumbnail.as_deref(), Some("iVBORw0K"));
    assert_eq!(serde_json::to_value(&read).unwrap(), metadata);
    // A field of any JSON value: `null` is `Some(Value::Null)`, absent is `None`.
    let remark = json!({"remark": null});
    let read: types::PetMetadata = serde_json::from_value(remark.clone()).unwrap();
    assert_eq!(read.remark, Some(serde_json::Value::Null));
    // Through an alias of a nullable schema too: `null` is `Some(None)`.
    let tint: types::PetMetadata = serde_json::from_value(json!({"tint": null})).unwrap();
    assert_eq!((&tint.tint, &read.tint), (&Some(None), &None));
    let size: types::PetMetadata = serde_json::from_value(json!({"size": null})).unwrap();
    assert_eq!((&size.size, &read.size), (&Some(None), &None));
    assert_eq!(serde_json::to_value(&size).unwrap(), json!({"size": null}));
    let shade: types::PetMetadata = serde_json::from_value(json!({"shade": null})).unwrap();
    assert_eq!((&shade.shade, &read.shade), (&Some(None), &None));
    // An extra key that is a declared property's is refused before sending (the object
    // would carry it twice).
    let mut clash = read.clone();
    clash.additional_properties.insert("source".into(), json!("x"));
    let error = apigen_runtime::Validate::validate(&clash).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`source` is a declared property: set its field, not an additional property of that key"
    );
    assert!(apigen_runtime::Validate::validate(&read).is_ok());
    let visits: types::PetMetadata = serde_json::from_value(json!({"visits": u64::MAX})).unwrap();
    assert_eq!(visits.visits, Some(u64::MAX));
    assert_eq!(serde_json::to_value(&read).unwrap(), remark);
    let chips = types::PetChips::Array(vec!["A1".into(), "B2".into()]);
    assert_eq!((ann.chips.clone(), ann.coat.clone()), (Some(chips), Some(Some(types::PetCoat::Long))));
    assert_eq!(serde_json::to_value(&ann).unwrap(), pet);
    // A known tag on a value its member does not fit is kept too (the vendor changed the member).
    let changed = json!({"type": "moved", "to": 5});
    assert_eq!(
        serde_json::from_value::<types::PetEvent>(changed.clone()).unwrap(),
        types::PetEvent::Unrecognized(changed)
    );

    // A union of scalars is a typed parameter, sent as its member's text, converted from
    // each member's type.
    let owners: [(types::ListPetsOwner, &str); 5] = [
        (7_i64.into(), "7"),
        (uuid::Uuid::nil().into(), "00000000-0000-0000-0000-000000000000"),
        (types::Kind::Value2Headed.into(), "2-headed"),
        ("Ann Lee".into(), "Ann+Lee"),
        (String::from("Bo").into(), "Bo"),
    ];
    assert_eq!(owners[0].0, types::ListPetsOwner::Number(7));
    for (owner, text) in owners {
        server.reset().await;
        respond(&server, "GET", "/pets", ResponseTemplate::new(200).set_body_json(json!([]))).await;
        anonymous.list_pets(types::Kind::Cat).owner(owner).await.unwrap();
        assert_eq!(only_request(&server).await.url.query(), Some(format!("kind=cat&owner={text}").as_str()));
    }

    // A member's own constraints are checked before sending, on the parameter's name.
    let error = anonymous.list_pets(types::Kind::Cat).owner("x".repeat(41)).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request: `owner` must be at most 40 characters long, got 41");
    assert!(matches!(&error, Error::Validation(invalid) if invalid.path == ["owner"]), "{error:?}");

    let error = anonymous.list_pets(types::Kind::Empty).limit(101).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request: `limit` must be at most 100");
}

#[tokio::test]
async fn all_of_body_with_pattern_check() {
    let created = json!({"id": 3, "name": "Rex", "kind": "dog"});
    let server = serve("POST", "/pets", ResponseTemplate::new(201).set_body_json(created)).await;
    let new_pet = types::NewPet::new(types::Kind::Dog, "Rex");
    let pet = client(&server).create_pet(new_pet.clone()).await.unwrap();
    assert_eq!(pet.id, 3);
    let request = only_request(&server).await;
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"kind":"dog","name":"Rex"}"#);

    let bad = types::NewPet::new(types::Kind::Dog, "R2-D2");
    let error = client(&server).create_pet(bad).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request: `body.name` must match the pattern `^[A-Za-z][A-Za-z ]*$`");

    let error = feature_zoo::Client::new(&server.uri()).unwrap().create_pet(new_pet).await.unwrap_err();
    assert!(matches!(error, Error::MissingCredentials(_)), "{error:?}");
    // Without credentials and with a bad body, the body is what is reported.
    let bad = types::NewPet::new(types::Kind::Dog, "R2-D2");
    let error = feature_zoo::Client::new(&server.uri()).unwrap().create_pet(bad.clone()).await.unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    // A request's checks can be run before it is sent, naming the trait through the module.
    use feature_zoo::runtime::Validate;
    assert!(client(&server).create_pet(bad).validate().is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "refused calls send nothing");
}

#[tokio::test]
async fn the_items_of_a_list_and_the_values_of_a_map_are_checked() {
    let server = serve("POST", "/pets", ResponseTemplate::new(201)).await;
    let named = |nicknames: Vec<Option<&str>>| {
        let nicknames = nicknames.into_iter().map(|n| n.map(str::to_owned)).collect();
        types::NewPet::new(types::Kind::Dog, "Rex").with_nicknames(nicknames)
    };
    // `null` items are not checked; the second nickname is one character too long.
    let error = client(&server).create_pet(named(vec![Some("Rexy"), None, Some("Rexington")])).await.unwrap_err();
    let Error::Validation(invalid) = &error else { panic!("{error:?}") };
    assert_eq!(invalid.path, ["body", "nicknames", "2"]);
    assert_eq!(error.to_string(), "invalid request: `body.nicknames.2` must be at most 8 characters long, got 9");

    let rated = |food: u8| {
        let ratings = [("food".to_owned(), food), ("walks".to_owned(), 5)].into_iter().collect();
        types::NewPet::new(types::Kind::Dog, "Rex").with_ratings(ratings)
    };
    let error = client(&server).create_pet(rated(6)).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request: `body.ratings.food` must be at most 5");
    assert!(server.received_requests().await.unwrap().is_empty(), "refused calls send nothing");
    use feature_zoo::runtime::Validate;
    assert!(rated(5).validate().is_ok() && named(vec![Some("Rexy"), None]).validate().is_ok());

    // Through aliases: `Codes` is a list of `Code`, a pattern.
    let coded = types::NewPet::new(types::Kind::Dog, "Rex").with_codes(vec!["ABC".into(), "abc".into()]);
    assert_eq!(coded.validate().unwrap_err().to_string(), "`codes.1` must match the pattern `^[A-Z]{3}$`");
    // A union member's check inside a list inside a map: no empty step in the path.
    let keeper = |name: &str| types::NewPetKeepersValueItem::Name(name.to_owned());
    let keepers = [("day".to_owned(), vec![keeper("Ann"), keeper("Bartholomew")])].into_iter().collect();
    let kept = types::NewPet::new(types::Kind::Dog, "Rex").with_keepers(keepers);
    assert_eq!(kept.validate().unwrap_err().path, ["keepers", "day", "1"]);
    // The other properties of an object with named ones are checked at their keys.
    let mut labels = types::Labels::new().with_main("anything goes");
    labels.additional_properties.insert("color".into(), "red".into());
    assert!(labels.validate().is_ok());
    labels.additional_properties.insert("size".into(), "large".into());
    let labelled = types::NewPet::new(types::Kind::Dog, "Rex").with_labels(labels);
    assert_eq!(labelled.validate().unwrap_err().to_string(), "`labels.size` must be at most 3 characters long, got 5");
    // A date-time's `maxLength` is not checked (nor said to be).
    let seen = types::NewPet::new(types::Kind::Dog, "Rex").with_seen(vec![chrono::Utc::now()]);
    assert!(seen.validate().is_ok());
}

#[tokio::test]
async fn numbers_json_cannot_carry_enums_multiples_and_unique_items_are_checked() {
    use apigen_runtime::validate::ValidationErrorKind as Kind;
    let created = json!({"id": 3, "name": "Rex", "kind": "dog"});
    let server = serve("POST", "/pets", ResponseTemplate::new(201).set_body_json(created)).await;
    let pet = || types::NewPet::new(types::Kind::Dog, "Rex");
    let refused = |pet: types::NewPet| {
        let client = client(&server);
        async move {
            let error = client.create_pet(pet).await.unwrap_err();
            let Error::Validation(invalid) = &error else { panic!("{error:?}") };
            (invalid.kind.clone(), error.to_string())
        }
    };
    // NaN would be sent as `null` by serde_json: refused instead.
    let (kind, text) = refused(pet().with_weight(f32::NAN)).await;
    assert_eq!(kind, Kind::NotFinite);
    assert_eq!(text, "invalid request: `body.weight` must be a finite number (JSON has no NaN or infinity)");
    assert_eq!(refused(pet().with_weight(f32::INFINITY)).await.0, Kind::NotFinite);
    assert_eq!(refused(pet().with_weight(2.25)).await.0, Kind::NotMultiple { of: 0.5 });
    let (kind, text) = refused(pet().with_legs(3)).await;
    assert_eq!(kind, Kind::NotListed { allowed: "2, 4, 6".into() });
    assert_eq!(text, "invalid request: `body.legs` must be one of 2, 4, 6");
    // A `u64` beyond an `f64`'s whole numbers: exact.
    assert_eq!(refused(pet().with_litter(u64::MAX - 1)).await.0, Kind::NotMultiple { of: 3.0 });
    let toys = |toys: &[&str]| toys.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let (kind, text) = refused(pet().with_toys(toys(&["ball", "rope", "ball"]))).await;
    assert_eq!(kind, Kind::NotUnique { first: 0, second: 2 });
    assert_eq!(text, "invalid request: `body.toys` must hold unique items; items 0 and 2 are equal");
    // Numbers listed beside a `$ref` to an integer type.
    let (kind, _) = refused(pet().with_tip(150)).await;
    assert_eq!(kind, Kind::NotListed { allowed: "0, 100, 200".into() });
    // JSON values are equal as JSON Schema says: `1` is `1.0`.
    let (kind, _) = refused(pet().with_marks(vec![json!(1), json!("1"), json!(1.0)])).await;
    assert_eq!(kind, Kind::NotUnique { first: 0, second: 2 });
    // In a list in a map, where nothing is declared of the numbers.
    let scores = [("agility".to_owned(), vec![1.0, f64::NAN])].into_iter().collect();
    let (kind, text) = refused(pet().with_scores(scores)).await;
    assert_eq!(kind, Kind::NotFinite);
    assert!(text.starts_with("invalid request: `body.scores.agility.1` must be a finite number"), "{text}");
    // An `f32` is a multiple of what it prints as one of.
    assert!(apigen_runtime::Validate::validate(&pet().with_weight(0.5)).is_ok());
    assert!(server.received_requests().await.unwrap().is_empty(), "refused calls send nothing");

    let fine = pet().with_weight(2.5).with_legs(4).with_litter(u64::MAX).with_toys(toys(&["ball", "rope"]));
    client(&server).create_pet(fine).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    let sent =
        json!({"kind": "dog", "name": "Rex", "weight": 2.5, "legs": 4, "litter": u64::MAX, "toys": ["ball", "rope"]});
    assert_eq!(body, sent);
}

/// A POST without a body, and a PUT with an empty one, say `Content-Length: 0` (RFC 9110
/// 8.6; hyper leaves it out, and some front ends answer 411 without it).
#[tokio::test]
async fn requests_with_no_content_say_their_length() {
    let server = serve("POST", "/pets/4", ResponseTemplate::new(204)).await;
    client(&server).adopt_pet(4).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "content-length"), Some("0"));
    let id = "3f0e8d4c-0b1a-4c8e-9d2a-1b2c3d4e5f60";
    let server = serve("PUT", &format!("/blobs/{id}"), ResponseTemplate::new(200).set_body_bytes(vec![7])).await;
    client(&server).put_blob(id.parse().unwrap(), []).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!((header(&request, "content-length"), request.body.len()), (Some("0"), 0));
}

/// A binary body goes as the media type the caller says (the document lists several, and
/// a range), else as the document's first; one a header cannot carry is refused.
#[tokio::test]
async fn a_binary_body_is_sent_as_the_media_type_the_caller_chooses() {
    let id: uuid::Uuid = "3f0e8d4c-0b1a-4c8e-9d2a-1b2c3d4e5f60".parse().unwrap();
    let server = serve("PUT", &format!("/blobs/{id}"), ResponseTemplate::new(200).set_body_bytes(vec![7])).await;
    let png = [0x89, b'P', b'N', b'G'];
    client(&server).put_blob(id, png).content_type("image/png").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!((header(&request, "content-type"), request.body.as_slice()), (Some("image/png"), &png[..]));
    server.reset().await;
    respond(&server, "PUT", &format!("/blobs/{id}"), ResponseTemplate::new(200)).await;
    client(&server).put_blob(id, png).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "content-type"), Some("application/octet-stream"));
    server.reset().await;
    let error = client(&server).put_blob(id, png).content_type("image/png\r\nX-Evil: 1").await.unwrap_err();
    assert!(matches!(&error, Error::Validation(invalid) if invalid.path == ["content_type"]), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "refused calls send nothing");
}

/// A form body's lists and objects are written as their Encoding Objects say (Stripe's
/// `deepObject`s among them), or as the specification's defaults: a list as a pair per
/// item, an object as JSON text. Whole floats go as integers, as in JSON bodies.
#[tokio::test]
async fn form_bodies_carry_lists_and_objects_in_their_styles() {
    let server = serve("POST", "/charges", ResponseTemplate::new(200).set_body_json(json!({"id": "ch_1"}))).await;
    let exp = types::CreateChargeRequestCardExp::new().with_month(1).with_year(2030);
    let card = types::CreateChargeRequestCard::new().with_number(feature_zoo::Secret::new("4242")).with_exp(exp);
    let metadata = [("order".to_owned(), "6735".to_owned())].into_iter().collect();
    let charge = types::CreateChargeRequest::new(500)
        .with_ratio(2.0)
        .with_tags(vec!["a b".into(), "c&d".into()])
        .with_ids(vec![1, 2])
        .with_card(card)
        .with_metadata(metadata)
        .with_address(types::CreateChargeRequestAddress::new().with_city("Paris"))
        .with_expand(vec!["customer".into()])
        .with_fee(0.1)
        .with_labels(vec!["a".into(), "b".into()])
        .with_voided(vec![]);
    let created = client(&server).create_charge(charge).await.unwrap();
    assert_eq!(created.id.as_deref(), Some("ch_1"));
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    let sent = std::str::from_utf8(&request.body).unwrap();
    let expected = [
        "address=%7B%22city%22%3A%22Paris%22%7D",
        "amount=500",
        "card%5Bexp%5D%5Bmonth%5D=1&card%5Bexp%5D%5Byear%5D=2030&card%5Bnumber%5D=4242",
        "expand%5B0%5D=customer",
        // An `f32` as the decimal it is, not `0.10000000149011612`.
        "fee=0.1",
        "ids=1,2",
        // `explode: false` alone: a query parameter's style `form`, not exploded.
        "labels=a,b",
        "order=6735",
        "ratio=2",
        "tags=a+b&tags=c%26d",
        // An empty list is its name alone.
        "voided=",
    ];
    assert_eq!(sent, expected.join("&"));
}

/// A form answer is decoded into its type, each value as its field's type; a refusal in a
/// form too.
#[tokio::test]
async fn form_answers_are_decoded() {
    let answer = "access_token=gho_16C7e42F292c&token_type=bearer&scope=repo%2Cgist&expires_in=28800";
    let form = |status: u16, body: &str| {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/x-www-form-urlencoded")
    };
    let server = serve("POST", "/login/oauth/access_token", form(200, answer)).await;
    let token = client(&server).exchange_code(types::ExchangeCodeRequest::new("c0de")).await.unwrap();
    assert_eq!(token.access_token.expose(), "gho_16C7e42F292c");
    let fields = (token.token_type.as_str(), token.scope.as_deref(), token.expires_in);
    assert_eq!(fields, ("bearer", Some("repo,gist"), Some(28800)));
    assert!(!format!("{token:?}").contains("gho_"));
    assert_eq!(std::str::from_utf8(&only_request(&server).await.body).unwrap(), "code=c0de");

    let server = serve("POST", "/login/oauth/access_token", form(400, "error=bad_verification_code")).await;
    let error = client(&server).exchange_code(types::ExchangeCodeRequest::new("old")).await.unwrap_err();
    let Error::Api { error: feature_zoo::ExchangeCodeError::BadRequest(refusal), .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(refusal.error.as_deref(), Some("bad_verification_code"));

    let server = serve("POST", "/login/oauth/access_token", form(200, "token_type=bearer&expires_in=soon")).await;
    let error = client(&server).exchange_code(types::ExchangeCodeRequest::new("c0de")).await.unwrap_err();
    let Error::Decode { source, .. } = &error else { panic!("{error:?}") };
    assert_eq!(source.category, "form");
}

/// A text answer can be streamed: server-sent events arrive as they happen, where
/// `send` waits for the stream's end.
#[tokio::test]
async fn server_sent_events_arrive_as_they_happen() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (release, held) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0; 4096];
        let _ = socket.read(&mut request).await.unwrap();
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        let event = "data: sat\n\n";
        socket.write_all(format!("{head}{:x}\r\n{event}\r\n", event.len()).as_bytes()).await.unwrap();
        // The stream stays open until the test has read the first event.
        let _ = held.await;
    });
    let client = feature_zoo::Client::new(&url).unwrap();
    let mut events = client.pet_events(4).send_streaming().await.unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), events.next_chunk()).await;
    assert_eq!(&first.expect("the first event arrives before the stream ends").unwrap().unwrap()[..], b"data: sat\n\n");
    drop(release);
}

#[tokio::test]
async fn api_key_and_no_content() {
    let server = serve("DELETE", "/pets/4", ResponseTemplate::new(204)).await;
    let client = feature_zoo::Client::new(&server.uri()).unwrap().with_api_key("k-123");
    // The 204 documents content, which it cannot have: not read.
    let () = client.delete_pet(4).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-key"), Some("k-123"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn text_bodies_and_escaped_path_segments() {
    let server = serve("PUT", "/pets/5/notes/vet%20visit", ResponseTemplate::new(200).set_body_string("noted")).await;
    let echoed = client(&server).put_note(5, "vet visit", "feed twice").send().await.unwrap();
    assert_eq!(echoed, "noted");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), "feed twice");
}

#[tokio::test]
async fn several_successes_and_errors_in_json_text_bytes_and_none() {
    use feature_zoo::{GetReportError, GetReportSuccess};
    let pet = json!({"id": 5, "name": "Rex", "kind": "dog"});
    let ok = |status: u16| ResponseTemplate::new(status);
    let cases = [
        ok(200).set_body_json(&pet),
        ok(202).set_body_string("half done"),
        ok(204).set_body_string("ignored"),
        ok(206).set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"),
    ];
    let mut answers = Vec::new();
    for response in cases {
        let server = serve("GET", "/pets/5/report", response).await;
        answers.push(client(&server).get_report(5).await.unwrap());
        let request = only_request(&server).await;
        assert_eq!(header(&request, "accept"), Some("application/json, text/plain, application/octet-stream"));
    }
    assert!(matches!(&answers[0], GetReportSuccess::Ok(p) if p.name == "Rex"), "{:?}", answers[0]);
    assert_eq!(answers[1], GetReportSuccess::Accepted("half done".to_owned()));
    assert_eq!(answers[2], GetReportSuccess::NoContent);
    assert_eq!(answers[3], GetReportSuccess::PartialContent(vec![0, 159, 146, 150]));

    let server = serve("GET", "/pets/5/report", ok(409).set_body_string("busy")).await;
    let error = client(&server).get_report(5).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status: 409, error: GetReportError::Conflict(t) } if t == "busy"),
        "{error:?}"
    );
    let server = serve("GET", "/pets/5/report", ok(415).set_body_raw(vec![1u8, 2], "application/octet-stream")).await;
    let error = client(&server).get_report(5).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status: 415, error: GetReportError::UnsupportedMediaType(b) } if b == &[1, 2])
    );
}

#[tokio::test]
async fn discriminated_union_pipe_delimited_query_and_cookie() {
    // Both members have only optional fields besides `kind`: matching by shape would
    // always pick the first; the discriminator picks by value (mapped or by name).
    // The mapping gives `Circle` two values, `round` and `circle`: either chooses it.
    let body =
        json!([{"kind": "round", "radius": 1.5}, {"kind": "Square", "side": 2.0}, {"kind": "circle", "radius": 3.0}]);
    let server = serve("GET", "/shapes", ResponseTemplate::new(200).set_body_json(body)).await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    let shapes = anonymous.list_shapes("abc").ids(vec![1, 2, 3]).near(json!("a,b")).await.unwrap();
    assert!(matches!(&shapes[0], types::Shape::Circle(c) if c.radius == Some(1.5)));
    assert!(matches!(&shapes[1], types::Shape::Square(s) if s.side == Some(2.0)));
    assert!(matches!(&shapes[2], types::Shape::Circle(c) if c.radius == Some(3.0)));
    // Serializing writes the variant as it is, discriminator included.
    assert_eq!(serde_json::to_value(&shapes[1]).unwrap(), json!({"kind": "Square", "side": 2.0}));
    assert_eq!(serde_json::to_value(&shapes[2]).unwrap(), json!({"kind": "circle", "radius": 3.0}));
    let request = only_request(&server).await;
    // The delimiter as the specification's style examples write it.
    assert_eq!(request.url.query(), Some("ids=1|2|3&near=%22a%2Cb%22"));
    assert_eq!(header(&request, "cookie"), Some("session=abc"));

    // A response union is open: a shape the spec does not list is kept as it came.
    let hexagon = json!({"kind": "hexagon", "sides": 6});
    let unknown: types::Shape = serde_json::from_value(hexagon.clone()).unwrap();
    assert_eq!(unknown, types::Shape::Unrecognized(hexagon.clone()));
    assert_eq!(serde_json::to_value(&unknown).unwrap(), hexagon);
    let missing: types::Shape = serde_json::from_value(json!({"side": 1})).unwrap();
    assert!(matches!(missing, types::Shape::Unrecognized(_)));
    // So is a value its discriminator's member does not fit (one odd shape in a list of
    // them does not fail the whole response); nothing of it is lost.
    let odd = json!({"kind": "round", "radius": "big"});
    assert_eq!(serde_json::from_value::<types::Shape>(odd.clone()).unwrap(), types::Shape::Unrecognized(odd));
}

#[tokio::test]
async fn defaults_fill_absent_fields() {
    let stored = json!({
        "note": "n", "history": ["2024-05-01T12:00:00", "2024-05-02T00:00:00+02:00"], "until": null,
        "seen_by": {"ann": "2024-05-03T08:00:00"}
    });
    let server = serve("POST", "/settings", ResponseTemplate::new(200).set_body_json(stored)).await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    let settings = types::Settings::new().with_retries(5);
    let stored = anonymous.save_settings(settings).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        r#"{"label":"zoo","mode":"safe","offset":-3,"retries":5,"verbose":false}"#
    );
    // Absent in the response: the spec's defaults.
    assert_eq!(stored.mode, types::SettingsMode::Safe);
    assert_eq!(stored.retries, 3);
    assert_eq!(stored.label, "zoo");
    assert!(!stored.verbose);
    // `int8` with a negative default; a `uint16` whose default does not fit has none.
    let (offset, slots): (i8, Option<u16>) = (stored.offset, stored.slots);
    assert_eq!((offset, slots), (-3, None));
    assert_eq!(stored.note.as_deref(), Some("n"));
    // Date-times in lists and nullable ones read the offset-less form too.
    let history: Vec<String> = stored.history.unwrap().iter().map(|t| t.to_rfc3339()).collect();
    assert_eq!(history, ["2024-05-01T12:00:00+00:00", "2024-05-01T22:00:00+00:00"]);
    assert_eq!(stored.seen_by.unwrap()["ann"].to_rfc3339(), "2024-05-03T08:00:00+00:00");
    assert_eq!(stored.until, Some(None));
}

#[tokio::test]
async fn binary_bodies_both_ways() {
    let id = "6f1c0a52-1c7e-4c59-9b8e-2f1d2a0c9e11";
    let server = serve(
        "PUT",
        &format!("/blobs/{id}"),
        ResponseTemplate::new(200).set_body_raw(vec![0u8, 159, 146, 150], "image/png"),
    )
    .await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    let echoed = anonymous.put_blob(id.parse().unwrap(), [1, 2, 255]).await.unwrap();
    assert_eq!(echoed, vec![0u8, 159, 146, 150]);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, vec![1, 2, 255]);

    // A binary download can also be streamed: chunks as they come, none held whole.
    let big = vec![7u8; 3 * 1024 * 1024];
    let server = serve(
        "PUT",
        &format!("/blobs/{id}"),
        ResponseTemplate::new(200).set_body_raw(big.clone(), "application/octet-stream"),
    )
    .await;
    let client = feature_zoo::Client::new(&server.uri()).unwrap();
    let mut stream = client.put_blob(id.parse().unwrap(), [1]).send_streaming().await.unwrap();
    let mut total = 0;
    while let Some(chunk) = stream.next_chunk().await {
        let chunk = chunk.unwrap();
        assert!(chunk.iter().all(|&b| b == 7));
        total += chunk.len();
    }
    assert_eq!(total, big.len());
    // Bounded when asked: past the limit, an error and nothing more read.
    let mut bounded = client.put_blob(id.parse().unwrap(), [1]).send_streaming().await.unwrap().limit(1024 * 1024);
    let mut failed = false;
    while let Some(chunk) = bounded.next_chunk().await {
        if chunk.is_err() {
            failed = true;
            break;
        }
    }
    assert!(failed, "a stream past its limit fails");
    // A stream's headers come before it (its length, for a progress bar).
    let answer = client.put_blob(id.parse().unwrap(), [1]).send_streaming().with_headers().await.unwrap();
    let length = answer.headers.get("content-length").and_then(|v| v.to_str().ok());
    assert_eq!(length, Some(big.len().to_string().as_str()));
}

#[tokio::test]
async fn read_only_write_only_nullable_items_default_success_and_optional_security() {
    let body = json!({"id": 7, "name": "ann", "aliases": [null, "a"]});
    let server = serve("POST", "/accounts", ResponseTemplate::new(201).set_body_json(body)).await;
    let account = types::Account::new("ann").with_password("pw");
    // Optional security (`[{}, {bearer: []}]`): a configured token is sent ...
    // A 204 cannot carry the account `default` documents: no answer the call can give.
    let empty = serve("POST", "/accounts", ResponseTemplate::new(204)).await;
    let error = client(&empty).create_account(account.clone()).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { status: 204, .. }), "{error:?}");
    let created = client(&server).create_account(account.clone()).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), Some("Bearer zoo-token"));
    // ... the read-only id is not (nor `created`, whose default a sent type does not
    // fill in), the write-only password is.
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), r#"{"name":"ann","password":"pw"}"#);
    // Only `default` is documented: a 2xx is the success. Items may be null.
    assert_eq!(created.id, Some(7));
    assert_eq!(created.password, None);
    assert_eq!(created.aliases, Some(vec![None, Some("a".to_owned())]));

    // ... and without credentials the call is still made, anonymously.
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    anonymous.create_account(account.clone()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[1], "authorization"), None);

    // The alias `Name` (maxLength 8) is checked in `Account`, which comes first by key.
    let mut long = account;
    long.name = "annabella-x".into();
    let error = anonymous.create_account(long).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request: `body.name` must be at most 8 characters long, got 11");

    // A non-2xx is the documented `default` error.
    let failing = serve("POST", "/accounts", ResponseTemplate::new(409).set_body_json(json!({"name": "x"}))).await;
    let error = feature_zoo::Client::new(&failing.uri()).unwrap().create_account(types::Account::new("bob")).await;
    assert!(matches!(error, Err(Error::Api { status: 409, error: feature_zoo::CreateAccountError::Default(_) })));
}

#[tokio::test]
async fn array_path_parameters_and_dot_segments() {
    let server = serve("GET", "/accounts/1,2", ResponseTemplate::new(204)).await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    anonymous.get_accounts(vec![1, 2]).await.unwrap();
    only_request(&server).await;
    // `..` would climb out of the path: refused before sending.
    let error = anonymous.put_note(1, "..", "x").await.unwrap_err();
    assert!(matches!(error, Error::Url(_)), "{error:?}");
}

#[test]
fn unions_without_discriminator_pick_the_best_matching_member() {
    let bank: types::Payment = serde_json::from_value(json!({"iban": "DE00", "bic": "X"})).unwrap();
    assert!(matches!(bank, types::Payment::Bank(ref b) if b.iban == "DE00"), "{bank:?}");
    let card: types::Payment = serde_json::from_value(json!({"last4": "4242"})).unwrap();
    assert!(matches!(card, types::Payment::Card(_)), "{card:?}");
    // A member whose pinned property holds another value is tried after the others: the
    // first member's open enum would take `networkToken` as unrecognized.
    let wallet = |value| serde_json::from_value::<types::Wallet>(value).unwrap();
    let card = wallet(json!({"type": "networkToken", "issuer": "x"}));
    assert!(matches!(card, types::Wallet::CardWallet(_)), "{card:?}");
    assert!(matches!(wallet(json!({"type": "ideal", "issuer": "x"})), types::Wallet::IdealWallet(_)));
    let versioned = wallet(json!({"v": 2, "issuer": "x"}));
    assert!(matches!(versioned, types::Wallet::VersionedWallet(_)), "{versioned:?}");
    // A base with the discriminator, extended by `allOf`: the union of its kinds.
    let vehicle = |value| serde_json::from_value::<types::Vehicle>(value).unwrap();
    let car = json!({"vehicleType": "car", "wheels": 4, "seats": 5});
    let types::Vehicle::Car(read) = vehicle(car.clone()) else { panic!("not a car") };
    assert_eq!((read.wheels, read.seats), (Some(4), Some(5)));
    assert_eq!(serde_json::to_value(types::Vehicle::Car(read)).unwrap(), car);
    let van = vehicle(json!({"vehicleType": "Van", "load": 1.5, "doors": 2}));
    assert!(matches!(van, types::Vehicle::Van(ref v) if v.doors == Some(2) && v.load == Some(1.5)), "{van:?}");
    assert!(matches!(vehicle(json!({"vehicleType": "Truck"})), types::Vehicle::Truck(_)));
    assert!(matches!(vehicle(json!({"vehicleType": "bike"})), types::Vehicle::Unrecognized(_)));
    let number: types::Payment = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(number, types::Payment::Integer(7));
    // No operation uses `Payment`, so it counts as both directions: open, like a response.
    let text: types::Payment = serde_json::from_value(json!("text")).unwrap();
    assert_eq!(text, types::Payment::Unrecognized(json!("text")));
    assert_eq!(serde_json::to_value(&bank).unwrap(), json!({"iban": "DE00", "bic": "X"}));
}

/// `TaggedPet` is `<<: *tagged` in the YAML document: it has `Tagged`'s required field
/// and its constraint, not the `serde_json::Value` a schema without a type would be.
#[test]
fn a_yaml_merge_key_gives_a_schema_the_members_merged_into_it() {
    use apigen_runtime::Validate as _;
    let pet: types::TaggedPet = serde_json::from_value(json!({"tag": "t1"})).unwrap();
    assert_eq!(pet, types::TaggedPet::new("t1"));
    assert!(serde_json::from_value::<types::TaggedPet>(json!({})).is_err());
    assert!(types::TaggedPet::new("too long a tag").validate().is_err());
}

#[tokio::test]
async fn multipart_bodies_come_encoded_with_their_boundary() {
    let server = serve("POST", "/uploads", ResponseTemplate::new(204)).await;
    let anonymous = feature_zoo::Client::new(&server.uri()).unwrap();
    let body = b"--b1\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhi\r\n--b1--\r\n";
    anonymous.upload(body.to_vec(), "multipart/form-data; boundary=b1").await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("multipart/form-data; boundary=b1"));
    assert_eq!(request.body, body.to_vec());

    // Built part by part with the runtime's `Multipart`, as the operation's docs list them.
    server.reset().await;
    respond(&server, "POST", "/uploads", ResponseTemplate::new(204)).await;
    let (content_type, body) = apigen_runtime::Multipart::new()
        .file("file", "scan.png", "image/png", [0x89, b'P', b'N', b'G'])
        .text("title", "Passport")
        .file("pages", "1.png", "image/png", [1])
        .file("pages", "2.png", "image/png", [2])
        .json("meta", &json!({"source": "desk"}))
        .unwrap()
        .finish()
        .unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap().to_owned();
    anonymous.upload(body, content_type.clone()).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some(content_type.as_str()));
    let sent = String::from_utf8_lossy(&request.body).into_owned();
    let parts: Vec<&str> = sent.split(&format!("--{boundary}")).collect();
    assert_eq!((parts.len(), parts[0], parts[6]), (7, "", "--\r\n"), "{sent}");
    assert!(parts[1].starts_with(
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n"
    ));
    assert_eq!(parts[2], "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nPassport\r\n");
    assert!(parts[5].ends_with("Content-Type: application/json\r\n\r\n{\"source\":\"desk\"}\r\n"), "{}", parts[5]);
}

/// Recursive aliases became newtypes, recursive unions boxed members, `$defs`
/// moved to components, `$ref` with siblings kept the referenced type, and tuples
/// became arrays: values of all of them decode and encode back unchanged.
#[tokio::test]
async fn recursive_shapes_round_trip() {
    use fixture_apis::recursive_shapes::{self, types as shapes};
    let holder = json!({
        "link": "https://example.com/a",
        "nested": [[], [[]]],
        "dictionary": {"a": {"b": {}}},
        "itself": {"anything": [1]},
        "left": 7,
        "json": {"list": [1.5, "two", true, {"deep": []}]},
        "anything": [null],
        "point": [1.5, 2.5],
        "pair": ["x", 3],
        "leaf": {"name": "leaf"},
        "counts": {"a": 1, "b": 2}
    });
    let server = serve("GET", "/try", ResponseTemplate::new(200).set_body_json(&holder)).await;
    let client = recursive_shapes::Client::new(&server.uri()).unwrap();
    let decoded: shapes::Holder = client.r#try().await.unwrap();
    let link: &String = &decoded.link;
    assert_eq!(link, "https://example.com/a");
    assert_eq!(decoded.nested.as_ref().map(|n| n.0.len()), Some(2));
    assert!(matches!(decoded.left, Some(shapes::Left::Right(ref right)) if **right == shapes::Right::Integer(7)));
    assert_eq!(decoded.leaf.as_ref().and_then(|l| l.name.as_deref()), Some("leaf"));
    let counts = &decoded.counts.as_ref().expect("counts").additional_properties;
    assert_eq!(counts.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("a", 1), ("b", 2)]);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), holder);
    // The error types of `try`, `r#try`, `getPet` and `getPetError` are four types.
    let names = [
        std::any::type_name::<recursive_shapes::RTryError>(),
        std::any::type_name::<recursive_shapes::RTry2Error>(),
        std::any::type_name::<recursive_shapes::GetPetError>(),
        std::any::type_name::<recursive_shapes::GetPetError2Error>(),
    ];
    assert_eq!(names.iter().collect::<std::collections::BTreeSet<_>>().len(), 4);
}

/// A spec split over files (tests/fixtures/specs/split_files): path items, schemas,
/// parameters and responses come from other files, with a reference cycle across
/// files, a parameter through an index file, a security scheme and a discriminator's
/// mapping in other files; the client works like any other.
#[tokio::test]
async fn spec_split_over_files() {
    use fixture_apis::split_files;
    let pet = json!({"id": 7, "name": "Tom", "owner": {"name": "Ann", "pets": [{"id": 8, "name": "Rex"}]}, "tags": [{"label": "cat"}]});
    let server = serve("GET", "/pets/7", ResponseTemplate::new(200).set_body_json(&pet)).await;
    let client = split_files::Client::new(&server.uri()).unwrap();
    let got = client.get_pet(7).await.unwrap();
    assert_eq!(serde_json::to_value(&got).unwrap(), pet);
    assert_eq!(got.owner.and_then(|o| o.pets).map(|p| p[0].name.clone()).as_deref(), Some("Rex"));

    let server = serve("GET", "/pets/8", ResponseTemplate::new(404).set_body_json(json!({"message": "gone"}))).await;
    let client = split_files::Client::new(&server.uri()).unwrap();
    let error = client.get_pet(8).await.unwrap_err();
    let Error::Api { status: 404, error: split_files::GetPetError::NotFound(body) } = error else {
        panic!("expected the documented 404, got {error:?}");
    };
    assert_eq!(body.message, "gone");

    // The parameter reached through an index file, the key from another file.
    let server = serve("GET", "/pets", ResponseTemplate::new(200).set_body_json(json!([pet]))).await;
    let client = split_files::Client::new(&server.uri()).unwrap().with_key("k-1");
    let pets = client.list_pets().limit(3).await.unwrap();
    assert_eq!(pets[0].name, "Tom");
    let request = only_request(&server).await;
    assert_eq!((request.url.query(), header(&request, "x-api-key")), (Some("limit=3"), Some("k-1")));
    // `key` (what the operation names) is a `$ref` to the scheme `ApiKey`: either setter
    // gives the one credential.
    server.reset().await;
    respond(&server, "GET", "/pets", ResponseTemplate::new(200).set_body_json(json!([]))).await;
    split_files::Client::new(&server.uri()).unwrap().with_api_key("k-2").list_pets().await.unwrap();
    assert_eq!(header(&only_request(&server).await, "x-api-key"), Some("k-2"));

    // Properties named like OpenAPI keywords are schemas; the mapping into another file
    // tells the animals apart.
    let tag = json!({"label": "x"});
    let pet = json!({"id": 1, "name": "Rex", "parameters": [tag], "requestBody": tag, "headers": {"h": tag},
        "owner": {"name": "Ann", "animal": {"kind": "dog", "barks": true}}});
    let got: split_files::types::Pet = serde_json::from_value(pet.clone()).unwrap();
    assert_eq!(got.request_body.as_ref().and_then(|t| t.label.as_deref()), Some("x"));
    assert_eq!(got.headers.as_ref().map(|h| h["h"].label.as_deref()), Some(Some("x")));
    let animal = got.owner.as_ref().and_then(|o| o.animal.as_ref());
    assert!(matches!(animal, Some(split_files::types::Animal::Dog(dog)) if dog.barks == Some(true)), "{animal:?}");
    let fish: split_files::types::Animal = serde_json::from_value(json!({"kind": "fish", "fins": 2})).unwrap();
    assert!(matches!(&fish, split_files::types::Animal::Fish(fish) if fish.fins == Some(2)), "{fish:?}");
    assert_eq!(serde_json::to_value(&got).unwrap(), pet);
}

/// Seventeen alternative keys inherited by every operation: listed once in the module, and
/// the last of them (past those the docs list) still serves a call.
#[tokio::test]
async fn operations_share_a_long_list_of_credential_alternatives() {
    use fixture_apis::many_credentials;
    let server = serve("GET", "/first", ResponseTemplate::new(200).set_body_json("ok")).await;
    let client = many_credentials::Client::new(&server.uri()).unwrap();
    let missing = client.get_first().await.unwrap_err();
    assert!(matches!(&missing, Error::MissingCredentials(m) if m.alternatives.len() == 17), "{missing:?}");
    let answer = client.clone().with_key16("K16").get_first().await.unwrap();
    assert_eq!(answer, "ok");
    assert_eq!(header(&only_request(&server).await, "x-key-16"), Some("K16"));
    // An operation with its own requirement keeps it.
    let own = client.with_key16("K16").get_own().await.unwrap_err();
    assert!(matches!(&own, Error::MissingCredentials(m) if m.alternatives == [vec!["key03"]]), "{own:?}");
}

/// A key beside typed additional properties whose value is of another type (a field a
/// vendor added later) fails the answer, with the path to it: what `apigen diff` says
/// binaries built before do.
#[test]
fn an_additional_property_of_another_type_fails_the_answer() {
    let error =
        serde_json::from_str::<types::PetOutline>(r#"{"kind":"circle","width":2.5,"label":"big"}"#).unwrap_err();
    assert!(error.to_string().starts_with("invalid type: string \"big\", expected f64"), "{error}");
}

/// A 2xx status whose body is the resource (200, 203) that the document does not list
/// (a vendor documenting `200` beside its `201` later) is read as the success; 202
/// (accepted, work not done) and 204 (no content) are not.
#[tokio::test]
async fn an_undocumented_200_or_203_is_read_as_the_success() {
    let created = json!({"id": 4, "name": "Rex", "kind": "dog"});
    for status in [200, 203] {
        let server = serve("POST", "/pets", ResponseTemplate::new(status).set_body_json(created.clone())).await;
        let pet = client(&server).create_pet(types::NewPet::new(types::Kind::Dog, "Rex")).await.unwrap();
        assert_eq!(pet.id, 4, "{status}");
    }
    for status in [202, 204, 205, 206, 207] {
        let server = serve("POST", "/pets", ResponseTemplate::new(status).set_body_json(created.clone())).await;
        let error = client(&server).create_pet(types::NewPet::new(types::Kind::Dog, "Rex")).await.unwrap_err();
        assert!(matches!(error, Error::UnexpectedStatus { status: s, .. } if s == status), "{error:?}");
    }
}
