//! Broken documents: each error names the origin, the exact JSON pointer of the offending node
//! (RFC 6901 escaping, `~0` and `~1`), what was expected there and what was found; text that is
//! not JSON/YAML is located by line and column.

use agentos_codegen::load::{Format, LoadError, MAX_DEPTH, load_path, load_str};

const SWAGGER: &str = "swagger: '2.0'\ninfo: { title: t, version: '1' }\n";
const OPENAPI: &str = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\n";

/// One broken document and what its error must say.
struct Case {
    name: &'static str,
    text: String,
    pointer: &'static str,
    /// Fragments the message must contain (beyond the origin and the pointer).
    says: &'static [&'static str],
}

fn case(
    name: &'static str,
    text: String,
    pointer: &'static str,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        text,
        pointer,
        says,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "swagger 2.0 parameter without `in`",
            format!(
                "{SWAGGER}paths:\n  /v3/diary/{{shortName}}/allocations:\n    get:\n      parameters:\n        - {{ name: shortName, in: path, required: true, type: string }}\n        - {{ name: preferredDate, in: query, type: string }}\n        - {{ name: propertyIdentifier, type: string }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1v3~1diary~1{shortName}~1allocations/get/parameters/2",
            &["expected `in`", "query, header, path, formData or body", "found an object without `in`"],
        ),
        case(
            "openapi 3.0 parameter without `in`",
            format!(
                "{OPENAPI}paths:\n  /v3/diary/{{shortName}}/allocations:\n    get:\n      parameters:\n        - {{ name: a, in: query, schema: {{ type: string }} }}\n        - {{ name: b, in: query, schema: {{ type: string }} }}\n        - {{ name: propertyIdentifier, schema: {{ type: string }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1v3~1diary~1{shortName}~1allocations/get/parameters/2",
            &["expected `in`", "query, header, path or cookie", "found an object without `in`"],
        ),
        case(
            "paths as a list",
            format!("{OPENAPI}paths:\n  - /a\n  - /b\n"),
            "#/paths",
            &["expected an object of paths", "found an array"],
        ),
        case(
            "swagger 2.0 paths as a list",
            format!("{SWAGGER}paths: [/a]\n"),
            "#/paths",
            &["expected an object of paths", "found an array"],
        ),
        case(
            "dangling $ref (swagger 2.0)",
            format!(
                "{SWAGGER}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          schema: {{ $ref: '#/definitions/Missing' }}\ndefinitions: {{}}\n"
            ),
            "#/paths/~1a/get/responses/200/schema/$ref",
            &["found nothing at #/definitions/Missing"],
        ),
        case(
            "dangling $ref (openapi 3.0)",
            format!(
                "{OPENAPI}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {{ type: array, items: {{ $ref: '#/components/schemas/Missing' }} }}\n"
            ),
            "#/paths/~1a/get/responses/200/content/application~1json/schema/items/$ref",
            &["found nothing at #/components/schemas/Missing"],
        ),
        case(
            "reference into the wrong section",
            format!(
                "{OPENAPI}paths: {{}}\ncomponents:\n  parameters:\n    P: {{ name: p, in: query, schema: {{ type: string }} }}\n  schemas:\n    S: {{ $ref: '#/components/parameters/P' }}\n"
            ),
            "#/components/schemas/S/$ref",
            &["expected a reference to a schema (`#/components/schemas/...`)"],
        ),
        case(
            "reference to another document",
            format!(
                "{OPENAPI}paths: {{}}\ncomponents:\n  schemas:\n    S: {{ $ref: 'common.yaml#/Thing' }}\n"
            ),
            "#/components/schemas/S/$ref",
            &["other documents are not loaded", "found \"common.yaml#/Thing\""],
        ),
        case(
            "no version member",
            "info: { title: t, version: '1' }\npaths: {}\n".to_owned(),
            "#",
            &["expected an `openapi`", "or `swagger` (\"2.0\") version member", "found an object with neither"],
        ),
        case(
            "unknown swagger version",
            "swagger: '1.2'\ninfo: { title: t, version: '1' }\npaths: {}\n".to_owned(),
            "#/swagger",
            &["expected \"2.0\"", "found \"1.2\""],
        ),
        case(
            "unknown openapi version",
            "openapi: 4.0.0\ninfo: { title: t, version: '1' }\npaths: {}\n".to_owned(),
            "#/openapi",
            &["expected an OpenAPI version 3.0.x or 3.1.x", "found \"4.0.0\""],
        ),
        case(
            "document is a list",
            "- openapi: 3.0.3\n".to_owned(),
            "#",
            &["expected an OpenAPI or Swagger document (an object)", "found an array"],
        ),
        case(
            "empty document",
            String::new(),
            "#",
            &["found null"],
        ),
        case(
            "info without title",
            "openapi: 3.0.3\ninfo: { version: '1' }\npaths: {}\n".to_owned(),
            "#/info",
            &["expected `title`", "found an object without `title`"],
        ),
        case(
            "operation without responses",
            format!("{OPENAPI}paths:\n  /a:\n    get: {{ operationId: a }}\n"),
            "#/paths/~1a/get",
            &["expected `responses`", "found an object without `responses`"],
        ),
        case(
            "unknown schema type",
            format!("{OPENAPI}paths: {{}}\ncomponents:\n  schemas:\n    S: {{ type: text }}\n"),
            "#/components/schemas/S/type",
            &["expected one of string, number, integer, boolean, array or object", "found \"text\""],
        ),
        case(
            "property names are escaped in the pointer",
            format!(
                "{OPENAPI}paths: {{}}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        'a/b~c': {{ type: 5 }}\n"
            ),
            "#/components/schemas/S/properties/a~1b~0c/type",
            &["found 5"],
        ),
        case(
            "negative length",
            format!("{OPENAPI}paths: {{}}\ncomponents:\n  schemas:\n    S: {{ type: string, minLength: -1 }}\n"),
            "#/components/schemas/S/minLength",
            &["expected a non-negative integer", "found -1"],
        ),
        case(
            "status code that is not one",
            format!("{OPENAPI}paths:\n  /a:\n    get:\n      responses:\n        '20': {{ description: short }}\n"),
            "#/paths/~1a/get/responses/20",
            &["expected a status code (`200`, `4XX`) or `default`", "found \"20\""],
        ),
        case(
            "response that is not an object",
            format!("{OPENAPI}paths:\n  /a:\n    get:\n      responses:\n        '200': OK\n"),
            "#/paths/~1a/get/responses/200",
            &["expected a response object", "found \"OK\""],
        ),
        case(
            "body parameter in openapi 3.0",
            format!(
                "{OPENAPI}paths:\n  /a:\n    post:\n      parameters:\n        - {{ name: b, in: body, schema: {{ type: object }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/post/parameters/0/in",
            &["expected one of query, header, path or cookie", "found \"body\""],
        ),
        case(
            "parameter with both schema and content",
            format!(
                "{OPENAPI}paths:\n  /a:\n    get:\n      parameters:\n        - {{ name: q, in: query, schema: {{ type: string }}, content: {{ text/plain: {{}} }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/get/parameters/0",
            &["expected exactly one of `schema` and `content`", "found both"],
        ),
        case(
            "parameter with a style its location does not have",
            format!(
                "{OPENAPI}paths:\n  /a/{{id}}:\n    get:\n      parameters:\n        - {{ name: id, in: path, required: true, style: form, schema: {{ type: string }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a~1{id}/get/parameters/0/style",
            &["expected one of matrix, label or simple", "found \"form\""],
        ),
        case(
            "swagger 2.0 parameter without type",
            format!(
                "{SWAGGER}paths:\n  /a:\n    get:\n      parameters:\n        - {{ name: q, in: query }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/get/parameters/0",
            &["expected `type`", "string, number, integer, boolean, array or file"],
        ),
        case(
            "swagger 2.0 body without schema",
            format!(
                "{SWAGGER}paths:\n  /a:\n    post:\n      parameters:\n        - {{ name: b, in: body }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/post/parameters/0",
            &["expected `schema`", "found an object without `schema`"],
        ),
        case(
            "swagger 2.0 two bodies",
            format!(
                "{SWAGGER}paths:\n  /a:\n    post:\n      parameters:\n        - {{ name: b, in: body, schema: {{ type: object }} }}\n        - {{ name: c, in: body, schema: {{ type: object }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/post/parameters/1",
            &["expected at most one body parameter", "found a second body parameter"],
        ),
        case(
            "swagger 2.0 body and form fields together",
            format!(
                "{SWAGGER}paths:\n  /a:\n    post:\n      parameters:\n        - {{ name: b, in: body, schema: {{ type: object }} }}\n        - {{ name: c, in: formData, type: string }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/post/parameters",
            &["expected either a body parameter or formData parameters", "found both"],
        ),
        case(
            "swagger 2.0 collectionFormat unknown",
            format!(
                "{SWAGGER}paths:\n  /a:\n    get:\n      parameters:\n        - {{ name: q, in: query, type: array, items: {{ type: string }}, collectionFormat: commas }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/get/parameters/0/collectionFormat",
            &["expected one of csv, ssv, tsv, pipes or multi", "found \"commas\""],
        ),
        case(
            "swagger 2.0 parameter items of the wrong shape",
            format!(
                "{SWAGGER}paths:\n  /a:\n    get:\n      parameters:\n        - {{ name: q, in: query, type: array, items: {{ type: string, maxLength: many }} }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/get/parameters/0/items/maxLength",
            &["expected a non-negative integer", "found \"many\""],
        ),
        case(
            "swagger 2.0 definition with an unknown type, name with a slash",
            format!("{SWAGGER}paths: {{}}\ndefinitions:\n  'Models/Branch': {{ type: record }}\n"),
            "#/definitions/Models~1Branch/type",
            &["found \"record\""],
        ),
        case(
            "swagger 2.0 unknown security type",
            format!("{SWAGGER}paths: {{}}\nsecurityDefinitions:\n  key: {{ type: token }}\n"),
            "#/securityDefinitions/key/type",
            &["expected one of basic, apiKey or oauth2", "found \"token\""],
        ),
        case(
            "swagger 2.0 apiKey without name",
            format!("{SWAGGER}paths: {{}}\nsecurityDefinitions:\n  key: {{ type: apiKey, in: header }}\n"),
            "#/securityDefinitions/key",
            &["expected `name`", "found an object without `name`"],
        ),
        case(
            "swagger 2.0 parameter reference to a response",
            format!(
                "{SWAGGER}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/responses/R'\n      responses: {{ '200': {{ description: OK }} }}\nresponses:\n  R: {{ description: r }}\n"
            ),
            "#/paths/~1a/get/parameters/0/$ref",
            &["expected a reference to a parameter (`#/parameters/...`)"],
        ),
        case(
            "path not starting with a slash",
            format!("{OPENAPI}paths:\n  branches: {{}}\n"),
            "#/paths/branches",
            &["expected a path starting with `/`", "found \"branches\""],
        ),
        case(
            "security scheme of a type the 3.0 model lacks",
            format!("{OPENAPI}paths: {{}}\ncomponents:\n  securitySchemes:\n    tls: {{ type: mutualTLS }}\n"),
            "#/components/securitySchemes/tls/type",
            &["expected one of apiKey, http, oauth2 or openIdConnect", "found \"mutualTLS\""],
        ),
        case(
            "callback given by reference to nothing",
            format!(
                "{OPENAPI}paths:\n  /a:\n    post:\n      callbacks:\n        done: {{ $ref: '#/components/callbacks/Done' }}\n      responses: {{ '200': {{ description: OK }} }}\n"
            ),
            "#/paths/~1a/post/callbacks/done/$ref",
            &["found nothing at #/components/callbacks/Done"],
        ),
        case(
            "3.1 type list with an unknown type",
            "openapi: 3.1.0\ninfo: { title: t, version: '1' }\ncomponents:\n  schemas:\n    S: { type: [string, text] }\n".to_owned(),
            "#/components/schemas/S/type/1",
            &["found \"text\""],
        ),
    ]
}

#[test]
fn errors_name_the_exact_pointer_and_what_was_expected() {
    let mut failures = Vec::new();
    for case in cases() {
        let origin = "spec.yaml";
        let message = match load_str(&case.text, origin) {
            Ok(_) => {
                failures.push(format!("{}: loaded, expected an error", case.name));
                continue;
            }
            Err(error) => {
                if error.pointer() != Some(case.pointer) {
                    failures.push(format!(
                        "{}: pointer {:?}, expected {:?} ({error})",
                        case.name,
                        error.pointer(),
                        case.pointer
                    ));
                }
                assert_eq!(error.origin(), origin);
                error.to_string()
            }
        };
        let prefix = format!("{origin}: {}: ", case.pointer);
        if !message.starts_with(&prefix) {
            failures.push(format!(
                "{}: {message:?} does not start with {prefix:?}",
                case.name
            ));
        }
        for fragment in case.says {
            if !message.contains(fragment) {
                failures.push(format!("{}: {message:?} lacks {fragment:?}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_whole_message_reads_as_promised() {
    let text = format!(
        "{SWAGGER}paths:\n  /v3/diary/{{shortName}}/allocations:\n    get:\n      parameters:\n        - {{ name: a, in: query, type: string }}\n        - {{ name: b, in: query, type: string }}\n        - {{ name: propertyIdentifier, type: string }}\n      responses: {{ '200': {{ description: OK }} }}\n"
    );
    let error = load_str(&text, "specs/diary.yaml").unwrap_err();
    assert_eq!(
        error.to_string(),
        "specs/diary.yaml: #/paths/~1v3~1diary~1{shortName}~1allocations/get/parameters/2: \
         expected `in`: where the parameter goes: query, header, path, formData or body, \
         found an object without `in`"
    );
    let error = load_str(
        &format!("{OPENAPI}paths:\n  /a:\n    get:\n      responses:\n        '200': {{ $ref: '#/components/responses/Gone' }}\n"),
        "api.yaml",
    )
    .unwrap_err();
    assert!(matches!(error, LoadError::UnresolvedRef { .. }));
    assert_eq!(
        error.to_string(),
        "api.yaml: #/paths/~1a/get/responses/200/$ref: expected `$ref` to point into this \
         document, found nothing at #/components/responses/Gone"
    );
}

#[test]
fn bad_yaml_is_located_by_line_and_column() {
    let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a: [unclosed\n";
    let error = load_str(text, "broken.yaml").unwrap_err();
    let LoadError::Syntax {
        format, location, ..
    } = &error
    else {
        panic!("expected a syntax error, got {error}")
    };
    assert_eq!(*format, Format::Yaml);
    let (line, column) = location.expect("a location");
    assert!(line >= 6, "line {line}");
    assert!(column >= 1, "column {column}");
    assert_eq!(error.pointer(), None);
    assert_eq!(error.location(), Some((line, column)));
    assert!(
        error
            .to_string()
            .starts_with(&format!("broken.yaml:{line}:{column}: invalid YAML: ")),
        "{error}"
    );

    // Indentation that YAML cannot read.
    let error = load_str(
        "openapi: 3.0.3\ninfo:\n  title: t\n version: 1\n",
        "indent.yaml",
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            LoadError::Syntax {
                location: Some((4, _)),
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn bad_json_is_located_by_line_and_column() {
    let text =
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"t\" \"version\": \"1\" }\n}\n";
    let error = load_str(text, "broken.json").unwrap_err();
    assert_eq!(
        error.to_string(),
        "broken.json:3:26: invalid JSON: expected `,` or `}`"
    );
    assert_eq!(error.location(), Some((3, 26)));
    // Truncated JSON.
    let error = load_str("{\"openapi\": \"3.0", "cut.json").unwrap_err();
    assert!(
        matches!(
            error,
            LoadError::Syntax {
                format: Format::Json,
                location: Some((1, _)),
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn nesting_beyond_the_cap_is_an_error_and_at_the_cap_loads() {
    // `not` nests one level per schema: the deepest case for the model's recursive types.
    let nested = |levels: usize| {
        let schema = format!(
            "{}{{ type: string }}{}",
            "{ not: ".repeat(levels),
            " }".repeat(levels)
        );
        format!("{OPENAPI}paths: {{}}\ncomponents:\n  schemas:\n    S: {schema}\n")
    };
    // `#/components/schemas/S` is 3 levels down.
    let at_cap = MAX_DEPTH - 3;
    load_str(&nested(at_cap), "deep.yaml").unwrap_or_else(|e| panic!("{e}"));
    let error = load_str(&nested(at_cap + 1), "deeper.yaml").unwrap_err();
    let pointer = error.pointer().expect("a pointer");
    assert!(
        pointer.starts_with("#/components/schemas/S/not/not/"),
        "{pointer}"
    );
    assert!(
        error.to_string().contains(&format!(
            "expected at most {MAX_DEPTH} levels of nested objects and arrays"
        )),
        "{error}"
    );
    // Far deeper: refused at the cap, with the pointer and the line, not a crash.
    let error = load_str(&nested(1_000), "abyss.yaml").unwrap_err();
    assert!(matches!(error, LoadError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("(line 6, column "), "{error}");
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(load_str(&json, "abyss.json").is_err());
}

#[test]
fn yaml_peculiarities_are_handled() {
    // Unquoted versions and status codes are numbers in YAML; anchors and merge keys are common.
    let text = "swagger: 2.0\ninfo: { title: t, version: 1.0 }\npaths:\n  /a:\n    get:\n      responses:\n        200: &ok { description: OK }\n        404: { <<: *ok, x-extra: 1 }\n";
    let api = load_str(text, "yaml.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.info.version, "1.0");
    let (_, _, op) = api.operations().next().unwrap();
    assert_eq!(op.responses.responses.len(), 2);

    // Several documents in one stream.
    let error = load_str("openapi: 3.0.3\n---\nopenapi: 3.0.3\n", "two.yaml").unwrap_err();
    assert!(matches!(error, LoadError::Syntax { .. }), "{error}");

    // Exponential alias expansion ("billion laughs") is refused, quickly.
    let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        laughs.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
    }
    assert!(load_str(&laughs, "laughs.yaml").is_err());

    // A non-finite number has no JSON form.
    let error = load_str(
        &format!("{OPENAPI}paths: {{}}\nx-limit: .inf\n"),
        "inf.yaml",
    )
    .unwrap_err();
    assert_eq!(error.pointer(), Some("#/x-limit"));

    // A mapping used as a key: where it stands in the text.
    let error = load_str(
        &format!("{OPENAPI}paths:\n  ? {{ a: 1 }}\n  : {{}}\n"),
        "key.yaml",
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            LoadError::Syntax {
                location: Some((4, 5)),
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn format_is_told_by_content_not_extension() {
    // JSON text named .yaml and YAML text named .json both load.
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    assert!(load_str(json, "actually-json.yaml").is_ok());
    let yaml = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n";
    assert!(load_str(yaml, "actually-yaml.json").is_ok());
    // A byte-order mark and leading blank lines are fine.
    assert!(load_str(&format!("\u{feff}\n\n  {json}"), "bom.json").is_ok());
    // Text that starts like JSON is held to JSON (YAML would read this as `openapi: null`).
    let error = load_str("{\"openapi\": }", "x.yaml").unwrap_err();
    assert!(
        matches!(
            error,
            LoadError::Syntax {
                format: Format::Json,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn leniency_where_the_generator_loses_nothing() {
    // A response without its (required) description, a numeric `info.version`, an unquoted
    // `openapi: 3.0`: all common in hand-written documents, none worth refusing.
    let text = "openapi: 3.0\ninfo: { title: t, version: 2 }\npaths:\n  /a:\n    get:\n      responses:\n        '204': {}\n";
    let api = load_str(text, "lenient.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.openapi, "3.0");
    assert_eq!(api.info.version, "2");
    let (_, _, operation) = api.operations().next().unwrap();
    let response = operation.responses.responses.values().next().unwrap();
    assert!(matches!(response, openapiv3::ReferenceOr::Item(r) if r.description.is_empty()));
    let text = format!("{SWAGGER}paths:\n  /a:\n    get:\n      responses:\n        '204': {{}}\n");
    assert!(load_str(&text, "lenient2.yaml").is_ok());
}

#[test]
fn unreadable_file_names_its_path() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load/no-such-file.yaml");
    let error = load_path(&path).unwrap_err();
    assert!(matches!(error, LoadError::Io { .. }));
    assert_eq!(error.origin(), path.display().to_string());
    assert!(error.to_string().starts_with(&path.display().to_string()));
}
