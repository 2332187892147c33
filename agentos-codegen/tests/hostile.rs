//! Hostile documents: what an attacker (or a broken document fetched from elsewhere) puts in a
//! document ends in a clear error with its pointer, or in correct code; nothing escapes into
//! generated code, build-script output or the file system. (Directives printed by build
//! scripts are tested next to the code that prints them, in `generator.rs`; the alias bomb in
//! `alias_bomb.rs`, which measures memory.)

use agentos_codegen::load::{LoadError, MAX_REF_HOPS, load_str};
use agentos_codegen::{Error, Generator};

const OPENAPI: &str = r#""openapi": "3.0.0", "info": {"title": "t", "version": "1"}"#;

fn document(paths: &str, components: &str) -> String {
    format!(r#"{{ {OPENAPI}, "paths": {{ {paths} }}, "components": {{ {components} }} }}"#)
}

fn op(response_schema: &str) -> String {
    format!(
        r#"{{"responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {response_schema}}}}}}}}}}}"#
    )
}

#[test]
fn document_text_in_comments_cannot_inject_code() {
    // The origin (a spec path with a newline) and the document's prose and names try to end
    // their comment or doc comment and start code.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gen/hostile.json"
    ))
    .unwrap();
    let origin = "specs/a\n*/ pub fn injected_origin() {}\r\n\u{2028}pub fn injected_too() {}.json";
    let code = Generator::new()
        .spec_text(origin, &text)
        .generate()
        .unwrap();
    let file = syn::parse_file(&code).expect("the output parses");
    let mut names = Vec::new();
    collect_items(&file.items, &mut names);
    assert!(names.iter().any(|n| n == "errors"), "the walk sees items");
    // What the text tries to define (a parameter's name does become a field and a setter,
    // converted: `q_pub_fn_injected_param`, which is fine).
    for injected in [
        "injected_origin",
        "injected_too",
        "injected_version",
        "injected_description",
        "injected_doc",
        "injected_param",
        "Injected",
    ] {
        assert!(
            !names.iter().any(|n| n == injected),
            "{injected} was injected"
        );
    }
    // No line of the output holds a carriage return or a Unicode separator (rustc refuses a
    // bare CR in a doc comment), and the header is one line.
    assert!(!code.contains(['\r', '\u{2028}', '\u{2029}']));
    let header = code.lines().next().unwrap();
    assert!(
        header.contains(r"specs/a\n*/ pub fn injected_origin() {}\r\n\u{2028}"),
        "{header}"
    );
}

fn collect_items(items: &[syn::Item], names: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => names.push(f.sig.ident.to_string()),
            syn::Item::Struct(s) => names.push(s.ident.to_string()),
            syn::Item::Mod(m) => {
                names.push(m.ident.to_string());
                if let Some((_, inner)) = &m.content {
                    collect_items(inner, names);
                }
            }
            syn::Item::Impl(i) => {
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        names.push(f.sig.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn write_to_out_dir_refuses_names_outside_out_dir() {
    let generator = Generator::new().spec_text("t.json", &document("", ""));
    for name in ["../x.rs", "/tmp/agentos-escape.rs", "a/../../x.rs", ".."] {
        let err = generator.write_to_out_dir(name).unwrap_err();
        assert!(matches!(err, Error::OutputName(_)), "{name}: {err}");
    }
    assert!(!std::path::Path::new("/tmp/agentos-escape.rs").exists());
}

#[test]
fn duplicate_keys_in_json_are_refused_with_their_pointer() {
    let text = format!(
        r#"{{ {OPENAPI}, "paths": {{ "/v3/diary/{{shortName}}/a": {{ "get": {}, "get": {} }} }} }}"#,
        op(r#"{"type": "string"}"#),
        op(r#"{"type": "integer"}"#)
    );
    let err = load_str(&text, "dup.json").unwrap_err();
    assert_eq!(err.pointer(), Some("#/paths/~1v3~1diary~1{shortName}~1a"));
    let message = err.to_string();
    assert!(
        message.contains(r#"expected each member name once in an object, found "get" a second time (line 1, column"#),
        "{message}"
    );
    // In YAML too (with its line and column).
    let yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n";
    let err = load_str(yaml, "dup.yaml").unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                location: Some((4, 1)),
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_path_key_the_client_cannot_send_costs_its_operations_not_the_document() {
    for (path, why) in [
        ("/v3/diary/../{shortName}/a", "dot segments"),
        ("/v3/diary/%2e%2e/{shortName}/a", "dot segments"),
        ("/v3/diary/%2E./a", "dot segments"),
        ("/v3/diary/./a", "dot segments"),
        ("/v3/diary\\..\\a", "backslashes"),
        ("/v3/diary/a b", "whitespace"),
        ("/v3/diary/a?x=%FF", "not UTF-8"),
        ("/v3/diary/a?=1", "without a name"),
    ] {
        let escaped = path.replace('\\', "\\\\");
        let good =
            r#""/v3/diary/{shortName}/ok": {"get": {"responses": {"200": {"description": "ok"}}}}"#;
        let text = document(
            &format!(r#""{escaped}": {{"get": {}}}, {good}"#, op("{}")),
            "",
        );
        let swagger = format!(
            r#"{{"swagger": "2.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"{escaped}": {{"get": {{"responses": {{"200": {{"description": "ok"}}}}}}}}, {good}}}}}"#
        );
        for (name, text) in [("paths.json", &text), ("swagger.json", &swagger)] {
            let generated = Generator::new()
                .spec_text(name, text)
                .run()
                .unwrap_or_else(|e| panic!("{path} ({name}): the document is refused: {e}"));
            let api = &generated.specs()[0].api;
            // The other path is generated; this one is not, and a warning says where and why.
            let paths: Vec<&str> = api.operations().map(|(_, op)| op.path.as_str()).collect();
            assert_eq!(paths, ["/v3/diary/{shortName}/ok"], "{path} ({name})");
            let warning = api
                .warnings
                .iter()
                .find(|w| w.message.contains(why))
                .unwrap_or_else(|| panic!("{path} ({name}): no warning: {:?}", api.warnings));
            // RFC 6901's escapes, then the fragment form's percent-encoding.
            let pointer = format!(
                "#/paths/{}",
                path.replace('~', "~0")
                    .replace('/', "~1")
                    .replace('%', "%25")
            );
            assert_eq!(warning.pointer, pointer, "{path} ({name})");
            assert!(warning.message.contains("skipped"), "{warning}");
            // Nothing of the key reaches the code: no request path holds it.
            assert!(!generated.code().contains("diary/a"), "{path} ({name})");
        }
    }
}

#[test]
fn a_path_key_suffix_is_a_constant_query_or_not_sent() {
    let text = document(
        &format!(
            r#""/v3/diary/{{shortName}}/thing?list-type=2&x=a%20b": {{"get": {}}}, "/v3/diary/{{shortName}}/thing#tagKeys": {{"delete": {}}}"#,
            op("{}"),
            op("{}")
        ),
        "",
    );
    let generated = Generator::new()
        .spec_text("keys.json", &text)
        .run()
        .unwrap();
    let api = &generated.specs()[0].api;
    let ops: Vec<_> = api.operations().map(|(_, op)| op).collect();
    assert_eq!(ops.len(), 2, "{:?}", api.warnings);
    for op in &ops {
        assert_eq!(op.path, "/v3/diary/{shortName}/thing");
    }
    let get = ops.iter().find(|op| op.method.as_str() == "GET").unwrap();
    assert_eq!(
        get.constant_query,
        [
            ("list-type".to_owned(), "2".to_owned()),
            ("x".to_owned(), "a b".to_owned())
        ]
    );
    let delete = ops
        .iter()
        .find(|op| op.method.as_str() == "DELETE")
        .unwrap();
    assert!(delete.constant_query.is_empty());
    // No `?` or `#` of a key in a path the code writes.
    assert!(!generated.code().contains("thing?") && !generated.code().contains("thing#"));
}

#[test]
fn names_that_are_keywords_or_collide_are_snake_case_without_double_underscores() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gen/hostile.json"
    ))
    .unwrap();
    let specs = Generator::new()
        .spec_text("hostile.json", &text)
        .lower()
        .unwrap();
    let api = &specs[0].api;
    let mut snake = Vec::new();
    for (group, op) in api.operations() {
        snake.push(group.name.clone());
        snake.push(op.fn_name.clone());
        for p in &op.params {
            snake.push(p.field.clone());
            snake.push(p.setter.clone());
        }
    }
    for model in &api.models {
        if let agentos_codegen::ir::ModelKind::Struct(fields) = &model.kind {
            snake.extend(fields.iter().map(|f| f.name.clone()));
        }
    }
    for name in &snake {
        let bare = name.trim_start_matches("r#");
        assert!(
            !bare.contains("__"),
            "{name}: rustc's non_snake_case warns about `__`"
        );
        assert!(!bare.chars().any(|c| c.is_ascii_uppercase()), "{name}");
    }
    for expected in [
        "self_",
        "self_2",
        "self_3",
        "crate_",
        "super_",
        "r#type",
        "foo_bar",
        "foo_bar_2",
        "foo_bar_3",
    ] {
        assert!(
            snake.iter().any(|n| n == expected),
            "no {expected} in {snake:?}"
        );
    }
    // The fixture also compiles with every warning denied: see the conformance crate.
}

#[test]
fn ref_cycles_and_long_chains_say_what_happened() {
    let schema_ref = |name: &str| format!(r##"{{"$ref": "#/components/schemas/{name}"}}"##);
    let paths = format!(
        r#""/v3/diary/{{shortName}}/a": {{"get": {}}}"#,
        op(&schema_ref("A"))
    );
    // A cycle of aliases.
    let cycle = document(
        &paths,
        &format!(
            r#""schemas": {{"A": {}, "B": {}, "C": {}}}"#,
            schema_ref("B"),
            schema_ref("C"),
            schema_ref("A")
        ),
    );
    let err = Generator::new()
        .spec_text("cycle.json", &cycle)
        .lower()
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("the schema references form a cycle: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/C -> #/components/schemas/A"),
        "{message}"
    );
    assert!(!message.contains("that exists"), "{message}");
    // A chain longer than the limit.
    let mut schemas: Vec<String> = (0..MAX_REF_HOPS + 2)
        .map(|i| format!(r#""S{i}": {}"#, schema_ref(&format!("S{}", i + 1))))
        .collect();
    schemas.push(format!(r#""S{}": {{"type": "string"}}"#, MAX_REF_HOPS + 2));
    let paths = format!(
        r#""/v3/diary/{{shortName}}/a": {{"get": {}}}"#,
        op(&schema_ref("S0"))
    );
    let long = document(&paths, &format!(r#""schemas": {{{}}}"#, schemas.join(",")));
    let err = Generator::new()
        .spec_text("long.json", &long)
        .lower()
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "more than {MAX_REF_HOPS} schema references in a row"
        )),
        "{err}"
    );
    // Parameters, the same.
    let paths = r##""/v3/diary/{shortName}/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}], "responses": {"204": {"description": "none"}}}}"##;
    let params = r##""parameters": {"P": {"$ref": "#/components/parameters/Q"}, "Q": {"$ref": "#/components/parameters/P"}}"##;
    let err = Generator::new()
        .spec_text("params.json", &document(paths, params))
        .lower()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("the parameter references form a cycle"),
        "{err}"
    );
}
