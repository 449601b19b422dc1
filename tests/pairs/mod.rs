//! The synthetic version pairs of the bundled APIs, shared by `diff.rs` (their expected
//! classification) and `witness.rs` (programs that prove it by compiling).

use apigen::SourceText;
use apigen::diff::Severity;
use apigen::diff::git::ApiTexts;
use apigen_tests::root;
use serde_json::Value;

use Severity::{Breaking as B, Compatible as C, Patch as P};

/// One synthetic version pair.
pub struct Pair {
    /// A unique name.
    pub id: &'static str,
    /// The folder under `specs/`.
    pub api: &'static str,
    /// Overlay actions (a YAML list) applied to both versions after the API's overlay.
    pub base: &'static [&'static str],
    /// Overlay actions applied to the new version only, after `base`.
    pub change: &'static str,
    /// The changes the diff must report: kind, severity, item.
    pub expect: &'static [(&'static str, Severity, &'static str)],
}

impl Pair {
    /// The old version: document and overlay.
    pub fn before(&self) -> ApiTexts {
        texts(self.api, self.base)
    }

    /// The new version.
    pub fn after(&self) -> ApiTexts {
        let mut actions = self.base.to_vec();
        actions.push(self.change);
        texts(self.api, &actions)
    }
}

/// The API's document, and its overlay with `extra` actions appended.
pub fn texts(api: &str, extra: &[&str]) -> ApiTexts {
    let input = apigen::discover(&root().join("specs"))
        .unwrap()
        .into_iter()
        .find(|input| input.module == api)
        .unwrap_or_else(|| panic!("no API {api} in specs/"));
    let read = |path: &std::path::Path| SourceText {
        name: apigen::pipeline::display_path(path, &root()),
        text: std::fs::read_to_string(path).unwrap(),
    };
    let spec = read(&input.spec);
    let mut overlay = input.overlay.as_deref().map(read).expect("every bundled API has an overlay");
    let mut value: Value = yaml_serde::from_str(&overlay.text).unwrap();
    let actions = value["actions"].as_array_mut().unwrap();
    for snippet in extra {
        let more: Vec<Value> = yaml_serde::from_str(snippet).unwrap_or_else(|e| panic!("{snippet}: {e}"));
        actions.extend(more);
    }
    // JSON is YAML: the loader reads it by the `.yaml` name.
    overlay.text = serde_json::to_string_pretty(&value).unwrap();
    ApiTexts { module: input.module, spec, overlay: Some(overlay) }
}

/// A core banking operation with parameters, a body-less error and a response type
/// with an enum, an array, an alias and a union, for the pairs that need them.
const ACCOUNTS: &str = r#"
- target: $.paths
  update:
    /api/accounts/{accountId}:
      get:
        operationId: getAccount
        security: []
        parameters:
          - {name: accountId, in: path, required: true, schema: {type: string}}
          - {name: limit, in: query, schema: {type: integer, format: int32, maximum: 100}}
          - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
          - {name: session, in: cookie, required: true, schema: {type: string}}
        responses:
          '200': {description: The account., content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}
          '404': {description: No such account.}
- target: $.components.schemas
  update:
    AccountId: {type: string}
    Person: {type: object, required: [name], properties: {name: {type: string}}}
    Company: {type: object, required: [registration], properties: {registration: {type: string}}}
    Trust: {type: object, required: [trustee], properties: {trustee: {type: string}}}
    Account:
      type: object
      required: [id, status]
      properties:
        id: {$ref: '#/components/schemas/AccountId'}
        status: {type: string, enum: [open, closed]}
        tags: {type: array, maxItems: 10, items: {type: string}}
        owner: {oneOf: [{$ref: '#/components/schemas/Person'}, {$ref: '#/components/schemas/Company'}]}
"#;

/// A statement read as a binary body, a note sent as text, a file sent as bytes.
const STATEMENTS: &str = r#"
- target: $.paths
  update:
    /api/statements/{id}:
      get:
        operationId: getStatement
        security: []
        parameters:
          - {name: id, in: path, required: true, schema: {type: string}}
        responses:
          '200': {description: The statement., content: {application/octet-stream: {schema: {type: string, format: binary}}}}
    /api/notes:
      post:
        operationId: postNote
        security: []
        requestBody: {required: true, content: {text/plain: {schema: {type: string}}}}
        responses:
          '204': {description: Noted.}
    /api/files:
      post:
        operationId: uploadFile
        security: []
        requestBody: {required: true, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
        responses:
          '204': {description: Stored.}
"#;

/// `Account` sent too (a request body), so that it travels both ways.
const ACCOUNT_SENT: &str = r#"
- target: "$.paths['/api/accounts/{accountId}']"
  update:
    put:
      operationId: putAccount
      security: []
      parameters:
        - {name: accountId, in: path, required: true, schema: {type: string}}
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}
      responses:
        '204': {description: Stored.}
"#;

/// A union chosen by a mapped discriminator, in the account.
const PETS: &str = r#"
- target: $.components.schemas
  update:
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, tricks: {type: integer}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
- target: $.components.schemas.Account.properties
  update: {pet: {$ref: '#/components/schemas/Pet'}}
"#;

/// A base with the discriminator that a kind extends by `allOf` (the union of its kinds),
/// in the account.
const ANIMALS: &str = r#"
- target: $.components.schemas
  update:
    Animal:
      type: object
      required: [species]
      properties: {species: {type: string}, name: {type: string}}
      discriminator: {propertyName: species}
    Bird:
      allOf: [{$ref: '#/components/schemas/Animal'}, {type: object, properties: {wings: {type: integer}}}]
- target: $.components.schemas.Account.properties
  update: {animal: {$ref: '#/components/schemas/Animal'}}
"#;

/// A kind extending `Animal` (see `ANIMALS`).
const FISH: &str = r#"
- target: $.components.schemas
  update:
    Fish:
      allOf: [{$ref: '#/components/schemas/Animal'}, {type: object, properties: {fins: {type: integer}}}]
"#;

/// A union of an id and a name, as `getAccount`'s query parameter.
const OWNER_PARAMETER: &str = r#"
- target: $.components.schemas
  update:
    OwnerRef: {oneOf: [{type: string, format: uuid}, {type: string}]}
- target: "$.paths['/api/accounts/{accountId}'].get.parameters"
  update: {name: owner, in: query, schema: {$ref: '#/components/schemas/OwnerRef'}}
"#;

/// The same union, in a request body's field only.
const OWNER_FIELD: &str = r#"
- target: $.components.schemas
  update:
    OwnerRef: {oneOf: [{type: string, format: uuid}, {type: string}]}
- target: $.paths
  update:
    /api/owners:
      post:
        operationId: addOwner
        security: []
        requestBody:
          required: true
          content: {application/json: {schema: {type: object, properties: {owner: {$ref: '#/components/schemas/OwnerRef'}}}}}
        responses:
          '204': {description: Added.}
"#;

/// A core banking operation with two path parameters of different types.
const CARDS: &str = r#"
- target: $.paths
  update:
    /api/accounts/{accountId}/cards/{cardNumber}:
      get:
        operationId: getCard
        security: []
        parameters:
          - {name: accountId, in: path, required: true, schema: {type: string}}
          - {name: cardNumber, in: path, required: true, schema: {type: integer}}
        responses:
          '204': {description: The card exists.}
"#;

/// An extra server variable for OpenCRVS.
const PORT: &str = r#"
- target: $.servers[0].variables
  update: {port: {default: '443'}}
"#;

/// An OAuth 2.0 scheme with a client-credentials flow, beside forte's bearer scheme.
const OAUTH: &str = r#"
- target: $.components.securitySchemes
  update:
    OAuth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://login.example/token', scopes: {}}}}
"#;

const GET_ACCOUNT: &str = "core_banking::Client::get_account";

pub const PAIRS: &[Pair] = &[
    Pair {
        // A new union member, listed first, takes the variant name of an old one.
        id: "union-variant-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.components.schemas
  update:
    person: {type: object, properties: {nickname: {type: string}}}
- target: $.components.schemas.Account.properties.owner
  remove: true
- target: $.components.schemas.Account.properties
  update:
    owner: {oneOf: [{$ref: '#/components/schemas/person'}, {$ref: '#/components/schemas/Person'}, {$ref: '#/components/schemas/Company'}]}
"#,
        expect: &[
            ("union-member-type", B, "core_banking::types::AccountOwner::Person"),
            ("union-member-added", C, "core_banking::types::AccountOwner::Person2"),
            ("type-added", C, "core_banking::types::Person2"),
        ],
    },
    Pair {
        // A new operation whose request type takes the name of an old one's error enum.
        id: "operation-type-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths
  update:
    /api/account-errors:
      get:
        operationId: getAccountError
        security: []
        responses:
          '204': {description: Listed.}
"#,
        expect: &[
            ("operation-types-renamed", B, "core_banking::Client::get_account"),
            ("operation-added", C, "core_banking::Client::get_account_error"),
        ],
    },
    Pair {
        // A field removed whose Rust name another field inherits (`Tag` was `tag`, `tag` was
        // `tag2`): reading `tag` still compiles and reads the other field.
        id: "field-removed-name-taken",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties, update: {Tag: {type: string}, tag: {type: string}}}",
        ],
        change: "- {target: $.components.schemas.Account.properties.Tag, remove: true}",
        expect: &[
            ("field-removed", B, "core_banking::types::Account::tag"),
            ("field-renamed", B, "core_banking::types::Account::tag"),
        ],
    },
    Pair {
        // A new field of another type takes the Rust name of an old one.
        id: "field-name-taken-other-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.components.schemas.Account.properties
  remove: true
- target: $.components.schemas.Account
  update:
    properties:
      Id: {type: integer}
      id: {$ref: '#/components/schemas/AccountId'}
      status: {type: string, enum: [open, closed]}
      tags: {type: array, maxItems: 10, items: {type: string}}
      owner: {oneOf: [{$ref: '#/components/schemas/Person'}, {$ref: '#/components/schemas/Company'}]}
"#,
        expect: &[
            ("field-renamed", B, "core_banking::types::Account::id2"),
            ("field-added", C, "core_banking::types::Account::id"),
        ],
    },
    Pair {
        // A new operation names a property of a component by its pointer: the property's
        // schema becomes a component of its own, under the name it had in place.
        id: "ref-to-a-property",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths
  update:
    /api/account-status:
      get:
        operationId: getAccountStatus
        security: []
        responses:
          '200': {description: The status., content: {application/json: {schema: {$ref: '#/components/schemas/Account/properties/status'}}}}
"#,
        expect: &[("operation-added", C, "core_banking::Client::get_account_status")],
    },
    Pair {
        // A new schema takes the name of a response struct's builder type.
        id: "builder-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.components.schemas
  update:
    AccountBuilder: {type: object, properties: {template: {type: string}}}
- target: $.paths
  update:
    /api/account-builders:
      get:
        operationId: listAccountBuilders
        security: []
        responses:
          '200': {description: The builders., content: {application/json: {schema: {$ref: '#/components/schemas/AccountBuilder'}}}}
"#,
        expect: &[
            ("builder-renamed", B, "core_banking::types::Account::builder"),
            ("operation-added", C, "core_banking::Client::list_account_builders"),
            ("type-added", C, "core_banking::types::AccountBuilder"),
        ],
    },
    Pair {
        // A new query parameter, listed first, takes the Rust name of an old one: the
        // old one is renamed, and `limit(…)` still compiles and now sets `Limit`.
        id: "parameter-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.parameters
  remove: true
- target: $.paths['/api/accounts/{accountId}'].get
  update:
    parameters:
      - {name: Limit, in: query, schema: {type: integer, format: int32}}
      - {name: accountId, in: path, required: true, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer, format: int32, maximum: 100}}
      - {name: X-Request-Id, in: header, required: true, schema: {type: string}}
      - {name: session, in: cookie, required: true, schema: {type: string}}
"#,
        expect: &[
            ("parameter-renamed", B, "core_banking::Client::get_account::limit2"),
            ("parameter-added", C, "core_banking::Client::get_account::limit"),
        ],
    },
    Pair {
        // A new enum value, listed first, takes the Rust name of an old one.
        id: "enum-variant-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.components.schemas.Account.properties.status
  remove: true
- target: $.components.schemas.Account.properties
  update: {status: {type: string, enum: [OPEN, open, closed]}}
"#,
        expect: &[
            ("enum-variant-renamed", B, "core_banking::types::AccountStatus::Open2"),
            ("enum-value-added", C, "core_banking::types::AccountStatus::Open"),
        ],
    },
    // Operations.
    Pair {
        id: "operation-added",
        api: "forte",
        base: &[],
        change: r#"
- target: $.paths
  update: {/auth/v1/status: {get: {operationId: getStatus, security: [], responses: {'204': {description: Up.}}}}}
"#,
        expect: &[("operation-added", C, "forte::Client::get_status")],
    },
    Pair {
        id: "operation-removed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}']\", remove: true}",
        expect: &[
            ("operation-removed", B, GET_ACCOUNT),
            // Nothing reaches these any more: judged like `both`, built with `new` (a
            // builder is for what an operation receives).
            ("type-direction", B, "core_banking::types::Account"),
            ("type-direction", B, "core_banking::types::Company"),
            ("type-direction", B, "core_banking::types::Person"),
            ("type-direction", C, "core_banking::types::AccountOwner"),
            ("type-direction", C, "core_banking::types::AccountStatus"),
            ("type-direction", C, "core_banking::types::AccountId"),
        ],
    },
    Pair {
        id: "operation-renamed",
        api: "forte",
        base: &[],
        change: r#"
- target: $.paths['/auth/v1/oauth2/token'].post
  update: {operationId: ForteAuthSvcWeb.S2SController.issue_token, description: Issues a token for an hour.}
"#,
        // The renamed method's documentation is compared under its new name.
        expect: &[
            ("operation-renamed", B, "forte::Client::issue_token"),
            ("token-changed", C, "forte::TokenSource"),
            ("docs", P, "forte::Client::issue_token"),
        ],
    },
    Pair {
        id: "operation-id-same-rust-name",
        api: "frontstream",
        base: &[],
        change: "- {target: \"$.paths['/api/ClientSession'].post\", update: {operationId: postApiClientSession}}",
        expect: &[("operation-id-changed", C, "frontstream::Client::post_api_client_session")],
    },
    Pair {
        id: "operation-path-changed",
        api: "opencrvs",
        base: &[],
        change: r#"
- {target: "$.paths['/auth/token']", remove: true}
- target: $.paths
  update:
    /auth/v2/token:
      post:
        operationId: authenticateClient
        summary: Authenticate a client
        security: []
        requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/AuthenticateClientRequest'}}}}
        responses:
          '200': {description: The access token., content: {application/json: {schema: {$ref: '#/components/schemas/AuthenticateClientResponse'}}}}
        x-apigen-token: {token: /access_token, expiry: [jwt-exp], default-lifetime-seconds: 600, max-lifetime-seconds: 600}
"#,
        expect: &[
            ("operation-path-changed", C, "opencrvs::Client::authenticate_client"),
            // The new path item is written without the descriptions.
            ("docs", P, "opencrvs::Client::authenticate_client"),
            ("docs", P, "opencrvs::Client::authenticate_client::200"),
            ("docs", P, "opencrvs::Client::authenticate_client::body"),
        ],
    },
    Pair {
        id: "operation-deprecated",
        api: "core_banking",
        base: &[],
        change: "- {target: \"$.paths['/api/auth/v1/authenticate'].post\", update: {deprecated: true, x-deprecatedMessage: Use the v2 route.}}",
        expect: &[("operation-deprecated", C, "core_banking::Client::get_access_token")],
    },
    // Parameters.
    Pair {
        id: "parameter-optional-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.parameters
  update: {name: cursor, in: query, schema: {type: string}}
"#,
        expect: &[("parameter-added", C, "core_banking::Client::get_account::cursor")],
    },
    Pair {
        // A dry-run flag: its setter must not take the name of `Validate::validate`.
        id: "parameter-named-validate-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.parameters
  update: {name: validate, in: query, schema: {type: boolean}}
"#,
        expect: &[("parameter-added", C, "core_banking::Client::get_account::validate2")],
    },
    Pair {
        id: "parameter-required-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.parameters
  update: {name: X-Tenant, in: header, required: true, schema: {type: string}}
"#,
        expect: &[("parameter-added", B, "core_banking::Client::get_account::x_tenant")],
    },
    Pair {
        id: "parameter-removed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'limit')]\", remove: true}",
        expect: &[("parameter-removed", B, "core_banking::Client::get_account::limit")],
    },
    Pair {
        id: "parameter-now-required",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'limit')]\", update: {required: true}}",
        expect: &[("parameter-requiredness", B, "core_banking::Client::get_account::limit")],
    },
    Pair {
        id: "parameter-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'limit')].schema\", update: {format: int64}}",
        expect: &[("parameter-type", B, "core_banking::Client::get_account::limit")],
    },
    Pair {
        id: "parameter-location",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'X-Request-Id')]\", update: {in: query}}",
        expect: &[("parameter-location", C, "core_banking::Client::get_account::x_request_id")],
    },
    Pair {
        // Arguments after the path parameters go by name, so a move keeps their order.
        id: "parameter-location-keeps-position",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'session')]\", update: {in: query}}",
        expect: &[("parameter-location", C, "core_banking::Client::get_account::session")],
    },
    Pair {
        // Path parameters go in path order: reordering the template reorders them.
        id: "parameter-position",
        api: "core_banking",
        base: &[ACCOUNTS, CARDS],
        change: r#"
- target: $.paths
  update:
    /api/cards/{cardNumber}/accounts/{accountId}: {get: {operationId: getCard, security: [], parameters: [{name: accountId, in: path, required: true, schema: {type: string}}, {name: cardNumber, in: path, required: true, schema: {type: integer}}], responses: {'204': {description: The card exists.}}}}
- target: "$.paths['/api/accounts/{accountId}/cards/{cardNumber}']"
  remove: true
"#,
        expect: &[
            ("operation-path-changed", C, "core_banking::Client::get_card"),
            ("parameter-position", B, "core_banking::Client::get_card"),
        ],
    },
    Pair {
        id: "path-parameter-renamed",
        api: "core_banking",
        base: &[CARDS],
        change: r#"
- target: $.paths
  update:
    /api/accounts/{account}/cards/{card}: {get: {operationId: getCard, security: [], parameters: [{name: account, in: path, required: true, schema: {type: string}}, {name: card, in: path, required: true, schema: {type: integer}}], responses: {'204': {description: The card exists.}}}}
- target: "$.paths['/api/accounts/{accountId}/cards/{cardNumber}']"
  remove: true
"#,
        expect: &[
            // The same URLs, and the arguments keep their places: only names changed.
            ("operation-path-spelling", P, "core_banking::Client::get_card"),
            ("parameter-renamed", P, "core_banking::Client::get_card::account"),
            ("parameter-renamed", P, "core_banking::Client::get_card::card"),
        ],
    },
    Pair {
        // An optional Idempotency-Key header added: code compiles; calls send a key.
        id: "idempotency-key-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters\", update: {name: Idempotency-Key, in: header, schema: {type: string, maxLength: 64}}}",
        expect: &[("parameter-added", C, "core_banking::Client::get_account::idempotency_key")],
    },
    Pair {
        // A key header whose bounds now fit a UUID: the client starts making keys.
        id: "idempotency-key-bounds-fit",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters\", update: {name: Idempotency-Key, in: header, schema: {type: string, maxLength: 20}}}",
        ],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'Idempotency-Key')].schema\", update: {maxLength: 64}}",
        expect: &[
            ("constraint-loosened", C, "core_banking::Client::get_account::idempotency_key"),
            ("parameter-idempotency-key", C, "core_banking::Client::get_account::idempotency_key"),
        ],
    },
    Pair {
        // A header parameter's name in another case: HTTP reads it as the same header.
        id: "header-name-case",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'X-Request-Id')]\", update: {name: x-request-id}}",
        expect: &[],
    },
    Pair {
        // A field of a new type: the type's entry says which field holds it.
        id: "response-field-of-a-new-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas, update: {Address: {type: object, properties: {street: {type: string}}}}}\n- {target: $.components.schemas.Account.properties, update: {address: {$ref: '#/components/schemas/Address'}}}",
        expect: &[
            ("field-added", C, "core_banking::types::Account::address"),
            ("type-added", C, "core_banking::types::Address"),
        ],
    },
    Pair {
        // A field added to a type whose other keys are string-valued additional
        // properties: binaries built before fail to decode answers with it (an integer).
        id: "response-field-added-beside-additional-properties",
        api: "core_banking",
        base: &[ACCOUNTS, "- {target: $.components.schemas.Account, update: {additionalProperties: {type: string}}}"],
        change: "- {target: $.components.schemas.Account.properties, update: {count: {type: integer}}}",
        expect: &[("field-added", B, "core_banking::types::Account::count")],
    },
    Pair {
        // Required before, optional with a default now: the Rust type stays, but
        // binaries built before still require it, and fail to decode answers without it.
        id: "response-field-optional-with-default",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account, update: {required: [id]}}\n- {target: $.components.schemas.Account.properties.status, update: {default: open}}",
        expect: &[("field-requiredness", B, "core_banking::types::Account::status")],
    },
    Pair {
        // A required union field now nullable: binaries built before read null as
        // Unrecognized (an open union), not as an error.
        id: "response-union-now-nullable",
        api: "core_banking",
        base: &[ACCOUNTS, "- {target: $.components.schemas.Account, update: {required: [id, status, owner]}}"],
        change: "- {target: $.components.schemas.Account.properties.owner, update: {nullable: true}}",
        expect: &[("field-nullability", B, "core_banking::types::Account::owner")],
    },
    Pair {
        // An error status added beside a default of another body type.
        id: "error-status-added-beside-default-of-another-type",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas, update: {Problem: {type: object, required: [title], properties: {title: {type: string}}}}}\n- {target: \"$.paths['/api/accounts/{accountId}'].get.responses\", update: {default: {description: A problem., content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}}}",
        ],
        change: "- {target: $.components.schemas, update: {Conflict: {type: object, required: [existing], properties: {existing: {type: string}}}}}\n- {target: \"$.paths['/api/accounts/{accountId}'].get.responses\", update: {'409': {description: A conflict., content: {application/json: {schema: {$ref: '#/components/schemas/Conflict'}}}}}}",
        expect: &[
            ("status-added", C, "core_banking::GetAccountError::Conflict"),
            ("type-added", C, "core_banking::types::Conflict"),
        ],
    },
    Pair {
        // A documented error body sent as text instead of JSON: binaries built before
        // decode it as JSON, and fail.
        id: "error-media-type-json-to-text",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: \"$.paths['/api/accounts/{accountId}'].get.responses\", update: {'400': {description: Bad., content: {application/json: {schema: {type: string}}}}}}",
        ],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.responses['400']\", remove: true}\n- {target: \"$.paths['/api/accounts/{accountId}'].get.responses\", update: {'400': {description: Bad., content: {text/plain: {schema: {type: string}}}}}}",
        expect: &[("response-media-type", B, "core_banking::GetAccountError::BadRequest")],
    },
    Pair {
        // A required response field's wire name respelled: the Rust field stays, and
        // binaries built before look for the old name in every answer.
        id: "response-required-field-wire-name",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- {target: $.components.schemas.Account.properties.status, remove: true}
- {target: $.components.schemas.Account.required, remove: true}
- target: $.components.schemas.Account
  update: {required: [id, Status], properties: {Status: {type: string, enum: [open, closed]}}}
"#,
        expect: &[("field-wire-name", B, "core_banking::types::Account::status")],
    },
    Pair {
        // A binary success now JSON: the request no longer has `send_streaming`.
        id: "binary-success-now-json",
        api: "core_banking",
        base: &[STATEMENTS],
        change: r#"
- {target: "$.paths['/api/statements/{id}'].get.responses['200'].content['application/octet-stream']", remove: true}
- target: "$.paths['/api/statements/{id}'].get.responses['200'].content"
  update: {application/json: {schema: {type: string, format: binary}}}
"#,
        expect: &[
            ("send-streaming", B, "core_banking::Client::get_statement"),
            // Within JSON, `format: binary` is the string it is there.
            ("success-type", B, "core_banking::Client::get_statement"),
            ("response-media-type", C, "core_banking#/paths/~1api~1statements~1{id}/get/responses/200"),
        ],
    },
    Pair {
        // A text body now JSON: the same `String`, but no longer through `Into`.
        id: "text-body-now-json",
        api: "core_banking",
        base: &[STATEMENTS],
        change: r#"
- {target: "$.paths['/api/notes'].post.requestBody.content['text/plain']", remove: true}
- target: "$.paths['/api/notes'].post.requestBody.content"
  update: {application/json: {schema: {type: string}}}
"#,
        expect: &[
            ("body-argument", B, "core_banking::Client::post_note::body"),
            ("body-media-type", C, "core_banking::Client::post_note::body"),
        ],
    },
    Pair {
        // A binary body now multipart: the caller passes the parts' `Content-Type` too.
        id: "binary-body-now-multipart",
        api: "core_banking",
        base: &[STATEMENTS],
        change: r#"
- {target: "$.paths['/api/files'].post.requestBody.content['application/octet-stream']", remove: true}
- target: "$.paths['/api/files'].post.requestBody.content"
  update: {multipart/form-data: {schema: {type: string, format: binary}}}
"#,
        expect: &[
            ("body-content-type", B, "core_banking::Client::upload_file::body"),
            ("body-media-type", C, "core_banking::Client::upload_file::body"),
        ],
    },
    Pair {
        // An alias's target written through another alias of the same type: only the
        // documentation shows it.
        id: "alias-written-through-alias",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas, update: {Tag: {type: string}, Tags: {type: array, items: {type: string}}}}\n- {target: $.components.schemas.Account.properties, update: {label: {$ref: '#/components/schemas/Tag'}, labels: {$ref: '#/components/schemas/Tags'}}}",
        ],
        change: "- {target: $.components.schemas.Tags.items, remove: true}\n- {target: $.components.schemas.Tags, update: {items: {$ref: '#/components/schemas/Tag'}}}",
        expect: &[("alias-type", P, "core_banking::types::Tags")],
    },
    Pair {
        // An enum written as `oneOf` of `const`s, each now with a description: the
        // variants gain documentation, nothing else changes.
        id: "enum-variant-docs-added",
        api: "alternative_payments",
        base: &[
            "- {target: $.components.schemas.TokenResponse.properties, update: {plan: {type: string, enum: [basic, pro]}}}",
        ],
        change: "- {target: $.components.schemas.TokenResponse.properties.plan, remove: true}\n- {target: $.components.schemas.TokenResponse.properties, update: {plan: {oneOf: [{const: basic, description: The basic plan.}, {const: pro, description: The professional plan.}]}}}",
        expect: &[
            ("docs", P, "alternative_payments::types::TokenResponsePlan::Basic"),
            ("docs", P, "alternative_payments::types::TokenResponsePlan::Pro"),
        ],
    },
    Pair {
        // A `default` error added: it now takes the 201 and 203 that were read as the
        // success, and the report says so.
        id: "default-takes-undocumented-successes",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas, update: {Problem: {type: object, properties: {title: {type: string}}}}}\n- {target: \"$.paths['/api/accounts/{accountId}'].get.responses\", update: {default: {description: A problem., content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}}}",
        expect: &[
            ("status-added", C, "core_banking::GetAccountError::Default"),
            ("type-added", C, "core_banking::types::Problem"),
            ("stray-statuses", C, "core_banking::Client::get_account"),
        ],
    },
    Pair {
        id: "parameter-deprecated",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'limit')]\", update: {deprecated: true, x-deprecatedMessage: Use `pageSize`.}}",
        expect: &[("parameter-deprecated", C, "core_banking::Client::get_account::limit")],
    },
    Pair {
        id: "response-field-read-only",
        api: "core_banking",
        base: &[ACCOUNTS, ACCOUNT_SENT],
        change: "- {target: $.components.schemas.Account.properties.status, update: {readOnly: true}}",
        // Still in `required`, but the type is sent too: optional.
        expect: &[("field-requiredness", B, "core_banking::types::Account::status")],
    },
    Pair {
        id: "read-only-field-type-now-sent",
        api: "core_banking",
        base: &[ACCOUNTS, "- {target: $.components.schemas.Account.properties.status, update: {readOnly: true}}"],
        change: ACCOUNT_SENT,
        // The required `readOnly` field of a type now sent too becomes optional (the
        // types gain `new(…)` and keep their builders).
        expect: &[
            ("field-requiredness", B, "core_banking::types::Account::status"),
            ("operation-added", C, "core_banking::Client::put_account"),
            ("type-direction", C, "core_banking::types::Account"),
            ("type-direction", C, "core_banking::types::Company"),
            ("type-direction", C, "core_banking::types::Person"),
            ("type-direction", C, "core_banking::types::AccountId"),
            ("type-direction", C, "core_banking::types::AccountOwner"),
            ("type-direction", C, "core_banking::types::AccountStatus"),
        ],
    },
    Pair {
        // A new operation sends types only received before: they gain `new(…)` and
        // `with_…` setters and keep their builders; open enums and unions stay open.
        id: "response-type-now-sent",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: ACCOUNT_SENT,
        expect: &[
            ("operation-added", C, "core_banking::Client::put_account"),
            ("type-direction", C, "core_banking::types::Account"),
            ("type-direction", C, "core_banking::types::Company"),
            ("type-direction", C, "core_banking::types::Person"),
            ("type-direction", C, "core_banking::types::AccountId"),
            ("type-direction", C, "core_banking::types::AccountOwner"),
            ("type-direction", C, "core_banking::types::AccountStatus"),
        ],
    },
    Pair {
        // An inline type moved to a schema that is generated as an alias of the same
        // type: nothing changes for code (the alias is the type).
        id: "field-type-now-an-alias",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.components.schemas
  update: {Tags: {type: array, maxItems: 10, items: {type: string}}}
- {target: $.components.schemas.Account.properties.tags, remove: true}
- target: $.components.schemas.Account.properties
  update: {tags: {$ref: '#/components/schemas/Tags'}}
"#,
        expect: &[("type-added", C, "core_banking::types::Tags")],
    },
    Pair {
        // A field moves from an inline `date-time` to a `$ref` of a `date-time` schema:
        // the same Rust type and the same format, only the new alias to report.
        id: "field-type-now-an-alias-of-its-format",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties, update: {opened: {type: string, format: date-time}}}",
        ],
        change: r#"
- target: $.components.schemas
  update: {Timestamp: {type: string, format: date-time}}
- {target: $.components.schemas.Account.properties.opened, remove: true}
- target: $.components.schemas.Account.properties
  update: {opened: {$ref: '#/components/schemas/Timestamp'}}
"#,
        expect: &[("type-added", C, "core_banking::types::Timestamp")],
    },
    Pair {
        // The same through an alias of an alias: the format is followed to the end.
        id: "field-type-now-an-alias-of-an-alias-of-its-format",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties, update: {opened: {type: string, format: date-time}}}",
        ],
        change: r#"
- target: $.components.schemas
  update:
    Stamp: {type: string, format: date-time}
    When: {$ref: '#/components/schemas/Stamp'}
- {target: $.components.schemas.Account.properties.opened, remove: true}
- target: $.components.schemas.Account.properties
  update: {opened: {$ref: '#/components/schemas/When'}}
"#,
        expect: &[("type-added", C, "core_banking::types::Stamp"), ("type-added", C, "core_banking::types::When")],
    },
    Pair {
        // The format of an alias's alias changes: said at the field using the first.
        id: "aliased-alias-format-changed",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            r#"
- target: $.components.schemas
  update:
    RealMail: {type: string, format: email}
    Mail: {allOf: [{$ref: '#/components/schemas/RealMail'}]}
- target: $.components.schemas.Account.properties
  update: {contact: {$ref: '#/components/schemas/Mail'}}
"#,
        ],
        change: "- {target: $.components.schemas.RealMail, update: {format: uri}}",
        expect: &[("field-format", C, "core_banking::types::Account::contact")],
    },
    Pair {
        // An alias's format changes, its Rust type does not: said at each field using it.
        id: "alias-format-changed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.AccountId, update: {format: email}}",
        expect: &[("field-format", C, "core_banking::types::Account::id")],
    },
    Pair {
        // A schema named as a reserved name (a derive macro of the prelude) is added
        // beside one named with its `2`: that one keeps its name, the new one is `Hash3`.
        id: "reserved-name-added-beside-its-2",
        api: "core_banking",
        base: &[r#"
- target: $.paths
  update:
    /api/digest:
      get:
        operationId: getDigest
        security: []
        responses:
          '200': {description: The digest., content: {application/json: {schema: {$ref: '#/components/schemas/Hash2'}}}}
- target: $.components.schemas
  update:
    Hash2: {type: object, required: [name], properties: {name: {type: string}}}
"#],
        change: "- {target: $.components.schemas, update: {Hash: {type: object, properties: {digest: {type: string}}}}}",
        expect: &[("type-added", C, "core_banking::types::Hash3")],
    },
    Pair {
        // The document deprecates a schema: the type is `#[deprecated]`, code naming it
        // warns and still compiles.
        id: "type-deprecated",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Person, update: {deprecated: true, x-deprecatedMessage: Use `Company` instead.}}",
        expect: &[("type-deprecated", C, "core_banking::types::Person")],
    },
    Pair {
        // A field moves from `uuid::Uuid` to a schema named `Uuid` (a string): the schema's
        // type is `Uuid2`, so the report names two types, not "Uuid" twice.
        id: "field-type-builtin-to-a-schema-of-its-name",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties, update: {key: {type: string, format: uuid}}}",
        ],
        change: r#"
- target: $.components.schemas
  update: {Uuid: {type: string}}
- {target: $.components.schemas.Account.properties.key, remove: true}
- target: $.components.schemas.Account.properties
  update: {key: {$ref: '#/components/schemas/Uuid'}}
"#,
        expect: &[
            ("field-type", B, "core_banking::types::Account::key"),
            ("type-added", C, "core_banking::types::Uuid2"),
        ],
    },
    Pair {
        id: "received-field-read-only",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account.properties.status, update: {readOnly: true}}",
        // The type is only received: a required `readOnly` field stays required.
        expect: &[],
    },
    Pair {
        id: "response-field-deprecated",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account.properties.tags, update: {deprecated: true, x-deprecatedMessage: Use `labels` instead.}}",
        expect: &[("field-deprecated", C, "core_banking::types::Account::tags")],
    },
    Pair {
        // What to use instead changes while the field stays deprecated: its note and docs.
        id: "deprecation-message-changed",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties.tags, update: {deprecated: true, x-deprecatedMessage: Use `labels` instead.}}",
        ],
        change: "- {target: $.components.schemas.Account.properties.tags, update: {x-deprecatedMessage: Use `names` instead.}}",
        expect: &[("deprecation-message", P, "core_banking::types::Account::tags")],
    },
    Pair {
        id: "path-variables-swap-names",
        api: "core_banking",
        base: &[r#"
- target: $.paths
  update:
    /api/banks/{bank}/branches/{branch}: {get: {operationId: getBranch, security: [], parameters: [{name: bank, in: path, required: true, schema: {type: string}}, {name: branch, in: path, required: true, schema: {type: string}}], responses: {'204': {description: The branch exists.}}}}
"#],
        change: r#"
- target: $.paths
  update:
    /api/banks/{branch}/branches/{bank}: {get: {operationId: getBranch, security: [], parameters: [{name: branch, in: path, required: true, schema: {type: string}}, {name: bank, in: path, required: true, schema: {type: string}}], responses: {'204': {description: The branch exists.}}}}
- target: "$.paths['/api/banks/{bank}/branches/{branch}']"
  remove: true
"#,
        expect: &[
            // The same URLs from the same calls: only the names swapped places.
            ("operation-path-spelling", P, "core_banking::Client::get_branch"),
            ("parameter-renamed", P, "core_banking::Client::get_branch::branch"),
            ("parameter-renamed", P, "core_banking::Client::get_branch::bank"),
        ],
    },
    Pair {
        id: "parameter-constraint-tightened",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.parameters[?(@.name == 'limit')].schema\", update: {maximum: 50}}",
        expect: &[("constraint-tightened", C, "core_banking::Client::get_account::limit")],
    },
    // Request bodies.
    Pair {
        id: "body-optional-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get
  update: {requestBody: {content: {application/json: {schema: {type: object, properties: {note: {type: string}}}}}}}
"#,
        expect: &[
            ("body-added", C, "core_banking::Client::get_account::body"),
            ("type-added", C, "core_banking::types::GetAccountRequest"),
        ],
    },
    Pair {
        id: "body-now-optional",
        api: "forte",
        base: &[],
        change: "- {target: \"$.paths['/auth/v1/oauth2/token'].post.requestBody\", update: {required: false}}",
        expect: &[("body-requiredness", B, "forte::Client::authorize_external_service::body")],
    },
    Pair {
        id: "body-type",
        api: "frontstream",
        base: &[],
        change: r#"
- target: $.paths['/api/ClientSession'].post.requestBody.content['application/json'].schema
  update: {$ref: '#/components/schemas/BrokenRule'}
"#,
        expect: &[
            ("body-type", B, "frontstream::Client::post_api_client_session::body"),
            // Sent only as application/json: no longer reached from the operation.
            ("type-direction", C, "frontstream::types::ClientSessionRequest"),
            // Now sent as well as received: `new` beside its builder.
            ("type-direction", C, "frontstream::types::BrokenRule"),
        ],
    },
    Pair {
        id: "body-media-type",
        api: "frontstream",
        base: &[],
        change: "- {target: \"$.paths['/api/ClientSession'].post.requestBody.content['application/json']\", remove: true}",
        expect: &[("body-media-type", C, "frontstream::Client::post_api_client_session::body")],
    },
    // Request struct fields.
    Pair {
        id: "request-optional-field-added",
        api: "forte",
        base: &[],
        change: "- {target: $.components.schemas.authorize_external_service_request.properties, update: {scope: {type: string}}}",
        expect: &[("field-added", C, "forte::types::AuthorizeExternalServiceRequest::scope")],
    },
    Pair {
        id: "request-required-field-added",
        api: "forte",
        base: &[],
        change: r#"
- {target: $.components.schemas.authorize_external_service_request.properties, update: {audience: {type: string}}}
- {target: $.components.schemas.authorize_external_service_request.required, update: audience}
"#,
        expect: &[("field-added", B, "forte::types::AuthorizeExternalServiceRequest::audience")],
    },
    Pair {
        id: "request-field-removed",
        api: "forte",
        base: &[],
        change: "- {target: $.components.schemas.authorize_external_service_request.properties.client_id, remove: true}",
        expect: &[("field-removed", B, "forte::types::AuthorizeExternalServiceRequest::client_id")],
    },
    Pair {
        id: "request-field-wire-name-reorders-new",
        api: "forte",
        base: &[],
        change: r#"
- {target: $.components.schemas.authorize_external_service_request.properties.client_secret, remove: true}
- {target: $.components.schemas.authorize_external_service_request.required, remove: true}
- target: $.components.schemas.authorize_external_service_request
  update:
    required: [client_id, Client_secret]
    properties: {Client_secret: {type: string, format: password, minLength: 1, maxLength: 100}}
"#,
        expect: &[
            // Arguments of `new` come in wire-name order: the two change places.
            ("constructor-order", B, "forte::types::AuthorizeExternalServiceRequest"),
            ("field-wire-name", C, "forte::types::AuthorizeExternalServiceRequest::client_secret"),
            ("docs", P, "forte::types::AuthorizeExternalServiceRequest::client_secret"),
        ],
    },
    Pair {
        id: "request-field-now-optional",
        api: "forte",
        base: &[],
        change: "- {target: \"$.components.schemas.authorize_external_service_request.required[?(@ == 'client_id')]\", remove: true}",
        expect: &[("field-requiredness", B, "forte::types::AuthorizeExternalServiceRequest::client_id")],
    },
    Pair {
        // An optional request field now required: new(…) takes it; binaries built before
        // send requests without it where it was not set.
        id: "request-field-now-required",
        api: "forte",
        base: &[
            "- {target: $.components.schemas.authorize_external_service_request.properties, update: {merchant_id: {type: string}}}",
        ],
        change: "- {target: $.components.schemas.authorize_external_service_request, update: {required: [client_id, client_secret, merchant_id]}}",
        expect: &[("field-requiredness", B, "forte::types::AuthorizeExternalServiceRequest::merchant_id")],
    },
    Pair {
        id: "request-field-nullable",
        api: "core_banking",
        base: &[],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.clientId, update: {nullable: true}}",
        expect: &[("field-nullability", B, "core_banking::types::GetAccessTokenRequest::client_id")],
    },
    Pair {
        id: "request-field-type",
        api: "core_banking",
        base: &[],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.clientId, update: {type: integer}}",
        expect: &[
            ("field-type", B, "core_banking::types::GetAccessTokenRequest::client_id"),
            // maxLength does not apply to integers: dropped from the integer's constraints.
            ("constraint-loosened", C, "core_banking::types::GetAccessTokenRequest::client_id"),
        ],
    },
    Pair {
        id: "request-field-format-same-type",
        api: "core_banking",
        base: &[],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.clientId, update: {format: email}}",
        expect: &[("field-format", C, "core_banking::types::GetAccessTokenRequest::client_id")],
    },
    Pair {
        // An optional request field now `readOnly`: still settable (the type is the same),
        // its documentation says the server sets it; the report says binaries built
        // before still send it.
        id: "request-field-now-read-only",
        api: "core_banking",
        base: &["- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {note: {type: string}}}"],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.note, update: {readOnly: true}}",
        expect: &[("field-one-way", C, "core_banking::types::GetAccessTokenRequest::note")],
    },
    Pair {
        id: "request-field-default-added",
        api: "opencrvs",
        base: &[],
        change: r#"
- {target: "$.components.schemas.AuthenticateClientRequest.required[?(@ == 'grant_type')]", remove: true}
- {target: $.components.schemas.AuthenticateClientRequest.properties.grant_type, update: {default: client_credentials}}
"#,
        // Required → optional with a default: still a plain field, but no longer an
        // argument of `new`.
        expect: &[("field-requiredness", B, "opencrvs::types::AuthenticateClientRequest::grant_type")],
    },
    // Response struct fields.
    Pair {
        id: "response-required-field-added",
        api: "core_banking",
        base: &[],
        change: r#"
- {target: $.components.schemas.GetAccessTokenResponse.properties, update: {scope: {type: string}}}
- {target: $.components.schemas.GetAccessTokenResponse.required, update: scope}
"#,
        expect: &[("field-added", C, "core_banking::types::GetAccessTokenResponse::scope")],
    },
    Pair {
        id: "response-field-removed",
        api: "forte",
        base: &[],
        change: "- {target: $.components.schemas.unauthorized.properties.error.properties.message, remove: true}",
        expect: &[("field-removed", B, "forte::types::UnauthorizedError::message")],
    },
    Pair {
        id: "response-field-renamed",
        api: "forte",
        base: &[],
        change: r#"
- {target: $.components.schemas.unauthorized.properties.error.properties.message, remove: true}
- target: $.components.schemas.unauthorized.properties.error.properties
  update:
    detail: {type: string, description: "Extra information about the error, should not be used programmatically."}
"#,
        // The same description: said as a possible renaming beside both.
        expect: &[
            ("field-added", C, "forte::types::UnauthorizedError::detail"),
            ("field-removed", B, "forte::types::UnauthorizedError::message"),
        ],
    },
    Pair {
        id: "response-field-now-optional",
        api: "forte",
        base: &[],
        change: "- {target: \"$.components.schemas.unauthorized.properties.error.required[?(@ == 'reason')]\", remove: true}",
        expect: &[("field-requiredness", B, "forte::types::UnauthorizedError::reason")],
    },
    Pair {
        id: "response-field-nullable",
        api: "frontstream",
        base: &[],
        change: "- {target: $.components.schemas.BrokenRule.properties.ErrorCode, update: {nullable: true}}",
        expect: &[("field-nullability", B, "frontstream::types::BrokenRule::error_code")],
    },
    Pair {
        // Required before: binaries built before fail on null (an optional one reads it as `None`).
        id: "response-required-field-nullable",
        api: "frontstream",
        base: &["- {target: $.components.schemas.BrokenRule, update: {required: [ErrorCode]}}"],
        change: "- {target: $.components.schemas.BrokenRule.properties.ErrorCode, update: {nullable: true}}",
        expect: &[("field-nullability", B, "frontstream::types::BrokenRule::error_code")],
    },
    Pair {
        id: "response-field-format-changes-type",
        api: "frontstream",
        base: &[],
        change: "- {target: $.components.schemas.BrokenRule.properties.ErrorCode, update: {format: int64}}",
        expect: &[("field-type", B, "frontstream::types::BrokenRule::error_code")],
    },
    // Constraints.
    Pair {
        id: "request-max-length-tightened",
        api: "core_banking",
        base: &[],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.clientId, update: {maxLength: 50}}",
        expect: &[("constraint-tightened", C, "core_banking::types::GetAccessTokenRequest::client_id")],
    },
    Pair {
        id: "request-element-max-length-tightened",
        api: "core_banking",
        base: &[
            "- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {scopes: {type: array, items: {type: string, maxLength: 10}}}}",
        ],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.scopes.items, update: {maxLength: 5}}",
        expect: &[("constraint-tightened", C, "core_banking::types::GetAccessTokenRequest::scopes")],
    },
    Pair {
        id: "union-member-max-length-tightened",
        api: "core_banking",
        base: &[
            "- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {channel: {oneOf: [{title: code, type: string, maxLength: 8}, {title: number, type: integer}]}}}",
        ],
        change: "- {target: \"$.components.schemas.GetAccessTokenRequest.properties.channel.oneOf[0]\", update: {maxLength: 4}}",
        expect: &[("constraint-tightened", C, "core_banking::types::GetAccessTokenRequestChannel::Code")],
    },
    Pair {
        id: "request-max-length-loosened",
        api: "frontstream",
        base: &[],
        change: "- {target: $.components.schemas.ClientSessionRequest.properties.ClientSecret.maxLength, remove: true}",
        expect: &[("constraint-loosened", C, "frontstream::types::ClientSessionRequest::client_secret")],
    },
    Pair {
        id: "request-pattern-added-min-length-loosened",
        api: "forte",
        base: &[],
        change: r#"
- target: $.components.schemas.authorize_external_service_request.properties.client_id
  update: {pattern: '^[a-z0-9-]+$', minLength: 0}
"#,
        expect: &[
            ("constraint-tightened", C, "forte::types::AuthorizeExternalServiceRequest::client_id"),
            ("constraint-loosened", C, "forte::types::AuthorizeExternalServiceRequest::client_id"),
        ],
    },
    Pair {
        id: "request-number-enum-narrowed",
        api: "core_banking",
        base: &[
            "- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {attempt: {type: integer, enum: [1, 2, 3]}}}",
        ],
        change: r#"
- {target: $.components.schemas.GetAccessTokenRequest.properties.attempt.enum, remove: true}
- {target: $.components.schemas.GetAccessTokenRequest.properties.attempt, update: {enum: [1, 2]}}
"#,
        expect: &[("constraint-tightened", C, "core_banking::types::GetAccessTokenRequest::attempt")],
    },
    Pair {
        id: "request-multiple-of-loosened",
        api: "core_banking",
        base: &[
            "- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {weight: {type: number, multipleOf: 0.5}}}",
        ],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.weight, update: {multipleOf: 0.25}}",
        expect: &[("constraint-loosened", C, "core_banking::types::GetAccessTokenRequest::weight")],
    },
    Pair {
        id: "request-unique-items-added",
        api: "core_banking",
        base: &[
            "- {target: $.components.schemas.GetAccessTokenRequest.properties, update: {scopes: {type: array, items: {type: string}}}}",
        ],
        change: "- {target: $.components.schemas.GetAccessTokenRequest.properties.scopes, update: {uniqueItems: true}}",
        expect: &[("constraint-tightened", C, "core_banking::types::GetAccessTokenRequest::scopes")],
    },
    Pair {
        id: "response-max-items-tightened",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account.properties.tags, update: {maxItems: 5}}",
        expect: &[("constraint-tightened", C, "core_banking::types::Account::tags")],
    },
    // Enums.
    Pair {
        id: "response-enum-value-added",
        api: "forte",
        base: &[],
        change: r#"
- target: $.components.schemas.authorize_external_service_response.properties.data.properties.token_type.enum
  update: DPoP
"#,
        expect: &[("enum-value-added", C, "forte::types::AuthorizeExternalServiceResponseDataTokenType::DPoP")],
    },
    Pair {
        id: "request-enum-value-added",
        api: "opencrvs",
        base: &[],
        change: "- {target: $.components.schemas.AuthenticateClientRequest.properties.grant_type.enum, update: refresh_token}",
        expect: &[("enum-value-added", C, "opencrvs::types::AuthenticateClientRequestGrantType::RefreshToken")],
    },
    Pair {
        id: "enum-value-removed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.components.schemas.Account.properties.status.enum[?(@ == 'closed')]\", remove: true}",
        expect: &[("enum-value-removed", B, "core_banking::types::AccountStatus::Closed")],
    },
    Pair {
        id: "response-enum-value-wire",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account.properties.status, update: {enum: [open, CLOSED]}}",
        expect: &[("enum-value-wire", C, "core_banking::types::AccountStatus::Closed")],
    },
    Pair {
        id: "request-enum-now-received",
        api: "opencrvs",
        base: &[r#"
- target: $.components.schemas
  update: {GrantType: {type: string, enum: [client_credentials]}}
- {target: $.components.schemas.AuthenticateClientRequest.properties.grant_type, remove: true}
- target: $.components.schemas.AuthenticateClientRequest.properties
  update: {grant_type: {$ref: '#/components/schemas/GrantType'}}
"#],
        change: r#"
- target: $.components.schemas.AuthenticateClientResponse.properties
  update: {grant_type: {$ref: '#/components/schemas/GrantType'}}
"#,
        expect: &[
            // It gains `Unrecognized(String)`; no enum is `Copy`, and `as_str` borrows.
            ("type-direction", C, "opencrvs::types::GrantType"),
            ("field-added", C, "opencrvs::types::AuthenticateClientResponse::grant_type"),
        ],
    },
    Pair {
        id: "response-field-wire-name",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- {target: $.components.schemas.Account.properties.tags, remove: true}
- target: $.components.schemas.Account.properties
  update: {Tags: {type: array, maxItems: 10, items: {type: string}}}
"#,
        expect: &[("field-wire-name", C, "core_banking::types::Account::tags")],
    },
    // Types.
    Pair {
        id: "union-member-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Account.properties.owner.oneOf, update: {$ref: '#/components/schemas/Trust'}}",
        expect: &[
            ("union-member-added", C, "core_banking::types::AccountOwner::Trust"),
            // Trust was used by nothing (judged like `both`: built with `new`), now it is
            // a response type, built with a builder.
            ("type-direction", B, "core_banking::types::Trust"),
        ],
    },
    Pair {
        // A field of any JSON value now nullable: `Value` holds `null` already, so the
        // generated code is the same.
        id: "any-value-field-now-nullable",
        api: "core_banking",
        base: &[ACCOUNTS, "- {target: $.components.schemas.Account.properties, update: {extra: {}}}"],
        change: "- {target: $.components.schemas.Account.properties.extra, update: {nullable: true}}",
        expect: &[],
    },
    Pair {
        // Another kind extending a base with the discriminator: one more member.
        id: "base-kind-added",
        api: "core_banking",
        base: &[ACCOUNTS, ANIMALS],
        change: FISH,
        expect: &[
            ("union-member-added", C, "core_banking::types::Animal::Fish"),
            ("type-added", C, "core_banking::types::Fish"),
        ],
    },
    Pair {
        // The first kind extending a base with the discriminator: the struct is a union.
        id: "base-first-kind-added",
        api: "core_banking",
        base: &[ACCOUNTS, ANIMALS, "- {target: $.components.schemas.Bird, remove: true}"],
        change: r#"
- target: $.components.schemas
  update:
    Bird:
      allOf: [{$ref: '#/components/schemas/Animal'}, {type: object, properties: {wings: {type: integer}}}]
"#,
        expect: &[
            ("type-kind", B, "core_banking::types::Animal"),
            ("type-added", C, "core_banking::types::AnimalBase"),
            ("type-added", C, "core_banking::types::Bird"),
        ],
    },
    Pair {
        id: "enum-values-reordered",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- {target: $.components.schemas.Account.properties.status.enum, remove: true}
- {target: $.components.schemas.Account.properties.status, update: {enum: [closed, open]}}
"#,
        expect: &[("enum-values-reordered", C, "core_banking::types::AccountStatus")],
    },
    Pair {
        id: "union-members-reordered",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- {target: $.components.schemas.Account.properties.owner.oneOf, remove: true}
- target: $.components.schemas.Account.properties.owner
  update: {oneOf: [{$ref: '#/components/schemas/Company'}, {$ref: '#/components/schemas/Person'}]}
"#,
        expect: &[("union-members-reordered", C, "core_banking::types::AccountOwner")],
    },
    Pair {
        // A field of an enum renamed with its enum (the description begins alike): the
        // enum's removal says which type perhaps replaces it.
        id: "enum-field-replaced",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            "- {target: $.components.schemas.Account.properties.status, update: {description: The state of the account as the bank keeps it.}}",
        ],
        change: r#"
- {target: $.components.schemas.Account.properties.status, remove: true}
- {target: $.components.schemas.Account.required, remove: true}
- target: $.components.schemas.Account
  update:
    required: [id]
    properties: {state: {type: string, enum: [open, closed, frozen], description: The state of the account as the bank keeps it.}}
"#,
        expect: &[
            ("field-added", C, "core_banking::types::Account::state"),
            ("field-removed", B, "core_banking::types::Account::status"),
            ("type-added", C, "core_banking::types::AccountState"),
            ("type-removed", B, "core_banking::types::AccountStatus"),
        ],
    },
    Pair {
        id: "union-tag-value",
        api: "core_banking",
        base: &[ACCOUNTS, PETS],
        change: r#"
- {target: "$.components.schemas.Pet.discriminator.mapping.cat", remove: true}
- {target: $.components.schemas.Pet.discriminator.mapping, update: {kitty: '#/components/schemas/Cat'}}
"#,
        expect: &[("union-tag-value", C, "core_banking::types::Pet::Cat")],
    },
    Pair {
        // A value that chose one member chooses another: old binaries misread it silently.
        id: "union-tag-value-moved",
        api: "core_banking",
        base: &[
            ACCOUNTS,
            PETS,
            "- {target: $.components.schemas.Pet.discriminator.mapping, update: {tabby: '#/components/schemas/Dog'}}",
        ],
        change: r#"
- {target: $.components.schemas.Pet.discriminator.mapping.tabby, remove: true}
- {target: $.components.schemas.Pet.discriminator.mapping, update: {tabby: '#/components/schemas/Cat'}}
"#,
        expect: &[
            ("union-tag-value", C, "core_banking::types::Pet::Cat"),
            ("union-tag-value", C, "core_banking::types::Pet::Dog"),
        ],
    },
    Pair {
        id: "union-tag-value-added",
        api: "core_banking",
        base: &[ACCOUNTS, PETS],
        change: r#"
- {target: $.components.schemas.Pet.discriminator.mapping, update: {kitty: '#/components/schemas/Cat'}}
"#,
        expect: &[("union-tag-value", C, "core_banking::types::Pet::Cat")],
    },
    Pair {
        // A range beside a status documented on its own: a 404 is still the 404's.
        id: "error-range-added",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.responses
  update: {'4XX': {description: Any other client error.}, '409': {description: A conflict.}}
"#,
        expect: &[
            ("status-added", C, "core_banking::GetAccountError::Conflict"),
            ("status-added", C, "core_banking::GetAccountError::Status4xx"),
        ],
    },
    Pair {
        // Only `default` documented, then 200: 2xx answers other than 200 are now the
        // default error, and 200 is Ok as it was.
        id: "success-added-beside-default",
        api: "core_banking",
        base: &[r#"
- target: $.paths
  update:
    /api/captures:
      post:
        operationId: capture
        responses:
          default:
            description: The capture, or what went wrong.
            content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
"#],
        change: r#"
- target: $.paths['/api/captures'].post.responses
  update: {'200': {description: The capture., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}}
"#,
        expect: &[
            ("status-added", C, "core_banking#/paths/~1api~1captures/post/responses/200"),
            ("status-removed", C, "core_banking#/paths/~1api~1captures/post/responses/2XX"),
            // The success type is named after the 200 now.
            ("success-type", B, "core_banking::Client::capture"),
            ("type-added", C, "core_banking::types::CaptureResponse"),
        ],
    },
    Pair {
        id: "union-conversion-removed",
        api: "core_banking",
        base: &[ACCOUNTS, OWNER_PARAMETER],
        change: "- {target: $.components.schemas.OwnerRef.oneOf, update: {type: string, format: email}}",
        expect: &[
            ("union-member-added", C, "core_banking::types::OwnerRef::Email"),
            // `String` is no longer one member's type alone.
            ("union-conversion-removed", B, "core_banking::types::OwnerRef"),
            ("union-conversion-removed", B, "core_banking::types::OwnerRef"),
            ("union-conversion-removed", B, "core_banking::types::OwnerRef"),
        ],
    },
    Pair {
        id: "union-conversion-added",
        api: "core_banking",
        base: &[ACCOUNTS, OWNER_FIELD],
        change: r#"
- target: "$.paths['/api/accounts/{accountId}'].get.parameters"
  update: {name: owner, in: query, schema: {$ref: '#/components/schemas/OwnerRef'}}
"#,
        expect: &[
            ("parameter-added", C, "core_banking::Client::get_account::owner"),
            // A union a parameter holds converts from its members' types.
            ("union-conversion-added", C, "core_banking::types::OwnerRef"),
            ("union-conversion-added", C, "core_banking::types::OwnerRef"),
            ("union-conversion-added", C, "core_banking::types::OwnerRef"),
            ("union-conversion-added", C, "core_banking::types::OwnerRef"),
        ],
    },
    Pair {
        id: "alias-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.AccountId, update: {type: integer}}",
        expect: &[("alias-type", B, "core_banking::types::AccountId")],
    },
    Pair {
        id: "type-removed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Trust, remove: true}",
        expect: &[("type-removed", B, "core_banking::types::Trust")],
    },
    Pair {
        id: "type-renamed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Trust, remove: true}\n- {target: $.components.schemas, update: {Trustee: {type: object, required: [trustee], properties: {trustee: {type: string}}}}}",
        expect: &[("type-renamed", B, "core_banking::types::Trust")],
    },
    Pair {
        // Two types that hold each other, renamed together: each is found renamed,
        // though neither has its old shape until the other is renamed too.
        id: "mutually-recursive-types-renamed",
        api: "core_banking",
        base: &[r#"
- target: $.paths
  update:
    /api/graph:
      get:
        operationId: getGraph
        security: []
        responses:
          '200': {description: The graph., content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
- target: $.components.schemas
  update:
    Node: {type: object, required: [name], properties: {name: {type: string}, edges: {type: array, items: {$ref: '#/components/schemas/Edge'}}}}
    Edge: {type: object, properties: {to: {$ref: '#/components/schemas/Node'}, weight: {type: integer}}}
"#],
        change: r#"
- {target: $.components.schemas.Node, remove: true}
- {target: $.components.schemas.Edge, remove: true}
- target: $.components.schemas
  update:
    GraphNode: {type: object, required: [name], properties: {name: {type: string}, edges: {type: array, items: {$ref: '#/components/schemas/GraphEdge'}}}}
    GraphEdge: {type: object, properties: {to: {$ref: '#/components/schemas/GraphNode'}, weight: {type: integer}}}
- target: $.paths['/api/graph'].get.responses['200'].content['application/json'].schema
  update: {$ref: '#/components/schemas/GraphNode'}
"#,
        expect: &[
            ("success-type", B, "core_banking::Client::get_graph"),
            ("type-renamed", B, "core_banking::types::Edge"),
            ("type-renamed", B, "core_banking::types::Node"),
        ],
    },
    Pair {
        // A schema named `Value` renamed: the `serde_json::Value` of its free-form field
        // is a crate's type, not the schema, and stays as it is when shapes are compared.
        id: "type-named-value-renamed",
        api: "core_banking",
        base: &[r#"
- target: $.paths
  update:
    /api/entry:
      get:
        operationId: getEntry
        security: []
        responses:
          '200': {description: The entry., content: {application/json: {schema: {$ref: '#/components/schemas/Value'}}}}
- target: $.components.schemas
  update:
    Value: {type: object, required: [name], properties: {name: {type: string}, extra: {type: object}}}
"#],
        change: r#"
- {target: $.components.schemas.Value, remove: true}
- target: $.components.schemas
  update:
    Entry: {type: object, required: [name], properties: {name: {type: string}, extra: {type: object}}}
- target: $.paths['/api/entry'].get.responses['200'].content['application/json'].schema
  update: {$ref: '#/components/schemas/Entry'}
"#,
        expect: &[
            ("success-type", B, "core_banking::Client::get_entry"),
            ("type-renamed", B, "core_banking::types::Value"),
        ],
    },
    Pair {
        id: "union-member-type-renamed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Company, remove: true}\n- {target: $.components.schemas, update: {Business: {type: object, required: [registration], properties: {registration: {type: string}}}}}\n- {target: \"$.components.schemas.Account.properties.owner.oneOf[1]\", remove: true}\n- {target: $.components.schemas.Account.properties.owner.oneOf, update: {$ref: '#/components/schemas/Business'}}",
        expect: &[
            ("type-renamed", B, "core_banking::types::Company"),
            ("union-member-renamed", B, "core_banking::types::AccountOwner::Company"),
        ],
    },
    Pair {
        // Not a rename: `Person` changed, and a new schema has its old shape.
        id: "type-changed-beside-its-old-shape",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: $.components.schemas.Person.properties, update: {nickname: {type: string}}}\n- {target: $.components.schemas, update: {PersonSummary: {type: object, required: [name], properties: {name: {type: string}}}}}",
        expect: &[
            ("field-added", C, "core_banking::types::Person::nickname"),
            ("type-added", C, "core_banking::types::PersonSummary"),
        ],
    },
    Pair {
        id: "type-name-taken",
        api: "core_banking",
        base: &[ACCOUNTS],
        // A new schema takes the name of `Account.status`'s inline enum, which becomes
        // `AccountStatus2`.
        change: "- {target: $.components.schemas, update: {AccountStatus: {type: string, enum: [active, frozen]}}}",
        expect: &[
            ("field-type", B, "core_banking::types::Account::status"),
            ("type-renamed", B, "core_banking::types::AccountStatus"),
            ("type-replaced", B, "core_banking::types::AccountStatus"),
        ],
    },
    // Statuses.
    Pair {
        id: "error-status-added",
        api: "opencrvs",
        base: &[],
        change: "- {target: \"$.paths['/auth/token'].post.responses\", update: {'400': {description: Bad request.}}}",
        expect: &[("status-added", C, "opencrvs::AuthenticateClientError::BadRequest")],
    },
    Pair {
        id: "error-status-removed",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: "- {target: \"$.paths['/api/accounts/{accountId}'].get.responses['404']\", remove: true}",
        expect: &[("status-removed", B, "core_banking::GetAccountError::NotFound")],
    },
    Pair {
        id: "error-status-type",
        api: "alternative_payments",
        base: &[],
        change: "- {target: \"$.paths['/oauth/token'].post.responses['403'].content['application/json'].schema\", update: {additionalProperties: {type: integer}}}",
        expect: &[("alias-type", B, "alternative_payments::types::CreateOAuthTokenForbidden")],
    },
    Pair {
        id: "success-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- {target: "$.paths['/api/accounts/{accountId}'].get.responses['200'].content['application/json'].schema", remove: true}
- target: $.paths['/api/accounts/{accountId}'].get.responses['200'].content['application/json']
  update: {schema: {type: array, items: {$ref: '#/components/schemas/Account'}}}
"#,
        expect: &[("success-type", B, GET_ACCOUNT)],
    },
    Pair {
        id: "success-status-added-same-type",
        api: "core_banking",
        base: &[ACCOUNTS],
        change: r#"
- target: $.paths['/api/accounts/{accountId}'].get.responses
  update: {'203': {description: From a cache., content: {application/json: {schema: {$ref: '#/components/schemas/Account'}}}}}
"#,
        expect: &[("status-added", C, "core_banking#/paths/~1api~1accounts~1{accountId}/get/responses/203")],
    },
    Pair {
        id: "body-form-style",
        api: "alternative_payments",
        base: &[
            "- {target: \"$.paths['/oauth/token'].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties\", update: {scopes: {type: array, items: {type: string}}}}",
        ],
        change: "- {target: \"$.paths['/oauth/token'].post.requestBody.content['application/x-www-form-urlencoded']\", update: {encoding: {scopes: {style: spaceDelimited}}}}",
        expect: &[("body-form-style", C, "alternative_payments::Client::create_o_auth_token::body")],
    },
    Pair {
        id: "body-part-added",
        api: "core_banking",
        base: &[
            "- {target: $.paths, update: {/api/documents: {post: {operationId: uploadDocument, requestBody: {required: true, content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}}, responses: {'204': {description: Stored.}}}}}}",
        ],
        change: "- {target: \"$.paths['/api/documents'].post.requestBody.content['multipart/form-data'].schema.properties\", update: {kind: {type: string}}}",
        expect: &[("body-part", C, "core_banking::Client::upload_document::body")],
    },
    Pair {
        id: "response-media-type",
        api: "alternative_payments",
        base: &[],
        change: r#"
- target: $.paths['/oauth/token'].post.responses['403'].content
  update: {application/problem+json: {schema: {type: object, additionalProperties: {type: string}}}}
- {target: "$.paths['/oauth/token'].post.responses['403'].content['application/json']", remove: true}
"#,
        expect: &[("response-media-type", C, "alternative_payments::CreateOAuthTokenError::Forbidden")],
    },
    Pair {
        id: "error-media-type-json-to-form",
        api: "alternative_payments",
        base: &[],
        change: r#"
- target: $.paths['/oauth/token'].post.responses['403'].content
  update: {application/x-www-form-urlencoded: {schema: {type: object, additionalProperties: {type: string}}}}
- {target: "$.paths['/oauth/token'].post.responses['403'].content['application/json']", remove: true}
"#,
        expect: &[("response-media-type", B, "alternative_payments::CreateOAuthTokenError::Forbidden")],
    },
    // Security.
    Pair {
        id: "security-scheme-added",
        api: "forte",
        base: &[],
        change: "- {target: $.components.securitySchemes, update: {ApiKeyAuth: {type: apiKey, in: header, name: X-Api-Key}}}",
        expect: &[("security-scheme-added", C, "forte::Client::with_api_key_auth")],
    },
    Pair {
        id: "security-scheme-removed",
        api: "alternative_payments",
        base: &[],
        change: r#"
- {target: $.security, remove: true}
- {target: $.components.securitySchemes.BasicAuth, remove: true}
"#,
        expect: &[
            ("security-scheme-removed", B, "alternative_payments::Client::with_basic_auth"),
            ("security-requirement", C, "alternative_payments::Client::create_o_auth_token"),
        ],
    },
    Pair {
        id: "security-scheme-kind",
        api: "forte",
        base: &[],
        change: "- {target: $.components.securitySchemes.bearerAuth, update: {scheme: basic}}",
        expect: &[
            ("security-scheme-changed", B, "forte::Client::with_bearer_auth"),
            ("token-provider-removed", B, "forte::Client::with_bearer_auth_provider"),
        ],
    },
    Pair {
        // Another key, the same setters: nothing changes for users.
        id: "security-scheme-renamed",
        api: "forte",
        base: &["- {target: \"$.paths['/auth/v1/oauth2/token'].post\", update: {security: [{bearerAuth: []}]}}"],
        change: r#"
- {target: $.components.securitySchemes.bearerAuth, remove: true}
- target: $.components.securitySchemes
  update: {bearer_auth: {type: http, scheme: bearer}}
- {target: "$.paths['/auth/v1/oauth2/token'].post.security", remove: true}
- target: "$.paths['/auth/v1/oauth2/token'].post"
  update: {security: [{bearer_auth: []}]}
"#,
        expect: &[("security-scheme-renamed", P, "forte::Client::with_bearer_auth")],
    },
    Pair {
        // The same one argument, but no token provider for an API key.
        id: "token-provider-removed",
        api: "forte",
        base: &[],
        change: r#"
- target: $.components.securitySchemes
  update: {bearerAuth: {type: apiKey, in: header, name: Authorization}}
- {target: $.components.securitySchemes.bearerAuth.scheme, remove: true}
"#,
        expect: &[
            ("security-scheme-changed", C, "forte::Client::with_bearer_auth"),
            ("token-provider-removed", B, "forte::Client::with_bearer_auth_provider"),
        ],
    },
    Pair {
        id: "token-flow-removed",
        api: "forte",
        base: &[OAUTH],
        change: r#"
- target: $.components.securitySchemes.OAuth.flows
  update: {authorizationCode: {authorizationUrl: 'https://login.example/authorize', tokenUrl: 'https://login.example/token', scopes: {}}}
- {target: $.components.securitySchemes.OAuth.flows.clientCredentials, remove: true}
"#,
        expect: &[("token-flow-removed", B, "forte::o_auth_client_credentials")],
    },
    Pair {
        id: "token-flow-added",
        api: "forte",
        base: &[],
        change: OAUTH,
        expect: &[
            ("security-scheme-added", C, "forte::Client::with_o_auth"),
            ("token-flow-added", C, "forte::o_auth_client_credentials"),
        ],
    },
    Pair {
        id: "token-url-changed",
        api: "forte",
        base: &[OAUTH],
        change: "- {target: $.components.securitySchemes.OAuth.flows.clientCredentials, update: {tokenUrl: 'https://login2.example/token'}}",
        expect: &[("token-url-changed", C, "forte::O_AUTH_TOKEN_URL")],
    },
    Pair {
        id: "security-requirement-added",
        api: "forte",
        base: &[],
        change: "- {target: \"$.paths['/auth/v1/oauth2/token'].post\", update: {security: [{bearerAuth: []}]}}",
        expect: &[("security-requirement", C, "forte::Client::authorize_external_service")],
    },
    // Servers.
    Pair {
        id: "security-requirement-tightened",
        api: "forte",
        base: &["- {target: \"$.paths['/auth/v1/oauth2/token'].post\", update: {security: [{bearerAuth: []}]}}"],
        change: r#"
- {target: $.components.securitySchemes, update: {ApiKeyAuth: {type: apiKey, in: header, name: X-Api-Key}}}
- {target: "$.paths['/auth/v1/oauth2/token'].post", update: {security: [{bearerAuth: [], ApiKeyAuth: []}]}}
"#,
        expect: &[
            ("security-scheme-added", C, "forte::Client::with_api_key_auth"),
            // Compiles unchanged; a client given only the bearer token now fails to call.
            ("security-requirement", C, "forte::Client::authorize_external_service"),
        ],
    },
    Pair {
        id: "server-added",
        api: "frontstream",
        base: &[],
        change: "- {target: $, update: {servers: [{url: 'https://api.frontstream.example'}]}}",
        expect: &[("server-added", C, "frontstream::Client::with_default_server")],
    },
    Pair {
        id: "server-default-changed",
        api: "forte",
        base: &[],
        change: "- {target: '$.servers[0]', update: {url: 'https://api.forte.example'}}",
        expect: &[("server-default-changed", C, "forte::DEFAULT_BASE_URL")],
    },
    Pair {
        id: "server-removed",
        api: "opencrvs",
        base: &[],
        change: "- {target: $.servers, remove: true}",
        expect: &[("server-removed", B, "opencrvs::Client::with_default_server")],
    },
    Pair {
        id: "server-variable-added",
        api: "opencrvs",
        base: &[],
        change: PORT,
        expect: &[("server-variable-added", C, "opencrvs::ServerVariables::port")],
    },
    Pair {
        id: "server-variable-removed",
        api: "opencrvs",
        base: &[PORT],
        change: "- {target: '$.servers[0].variables.port', remove: true}",
        expect: &[("server-variable-removed", B, "opencrvs::ServerVariables::port")],
    },
    Pair {
        id: "server-variable-default",
        api: "opencrvs",
        base: &[],
        change: "- {target: '$.servers[0].variables.domain', update: {default: crvs.example.net}}",
        expect: &[("server-variable-default", C, "opencrvs::ServerVariables::domain")],
    },
    // Token declaration and documentation.
    Pair {
        id: "token-changed",
        api: "opencrvs",
        base: &[],
        change: "- {target: \"$.paths['/auth/token'].post['x-apigen-token']\", update: {max-lifetime-seconds: 300}}",
        expect: &[("token-changed", C, "opencrvs::TokenSource")],
    },
    Pair {
        id: "docs-only",
        api: "forte",
        base: &[],
        change: r#"
- {target: $.info, update: {version: v1.0.1}}
- {target: "$.paths['/auth/v1/oauth2/token'].post", update: {summary: Request an access token.}}
"#,
        expect: &[("docs", P, "forte#/info/version"), ("docs", P, "forte::Client::authorize_external_service")],
    },
    Pair {
        id: "docs-of-a-documented-enum-value",
        api: "forte",
        base: &[r#"
- target: $.components.schemas
  update:
    Standing:
      oneOf:
        - {type: string, enum: [good], description: In good standing.}
        - {type: string, enum: [frozen], description: Frozen by the bank.}
"#],
        change: "- {target: '$.components.schemas.Standing.oneOf[1]', update: {description: Frozen by a court.}}",
        expect: &[("docs", P, "forte::types::Standing::Frozen")],
    },
];
