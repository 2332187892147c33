//! Naming tables: case conversion, acronyms, keywords, call groups, operation names,
//! collisions, setters; and a property test that every name is a valid identifier.

use std::collections::BTreeSet;

use agentos_codegen::lower::naming::{
    Vocabulary, dedupe, group_of, is_short_name, method_path_name, operation_name, pascal,
    pascal_suffix, setter_name, snake, snake_suffix, status_variant, unraw,
};
use proptest::prelude::*;

#[test]
fn snake_case_table() {
    let table = [
        // acronyms
        ("OID", "oid"),
        ("MIMEType", "mime_type"),
        ("branchID", "branch_id"),
        ("ETag", "e_tag"),
        ("EMailAddress", "e_mail_address"),
        ("GetPropertyEERDownload", "get_property_eer_download"),
        // wire names kept as spelled elsewhere; the Rust name is just snake case
        ("onlyDevelopement", "only_developement"),
        (
            "AllowMarketingCorrespondence",
            "allow_marketing_correspondence",
        ),
        ("propertyIDsToView", "property_ids_to_view"),
        ("OIDs", "oids"),
        ("URLsList", "urls_list"),
        ("IDsort", "i_dsort"),
        // keywords: raw where possible, underscore where not
        ("Type", "r#type"),
        ("type", "r#type"),
        ("match", "r#match"),
        ("gen", "r#gen"),
        ("async", "r#async"),
        ("self", "self_"),
        ("Self", "self_"),
        ("super", "super_"),
        ("crate", "crate_"),
        // punctuation, digits, nothing
        ("in progress", "in_progress"),
        ("X-Trace-Id", "x_trace_id"),
        ("2nd", "n2nd"),
        ("", "value"),
        ("$", "value"),
        ("Prix€", "prix"),
    ];
    for (input, expected) in table {
        assert_eq!(snake(input), expected, "snake({input:?})");
    }
}

#[test]
fn pascal_case_table() {
    let table = [
        ("OID", "Oid"),
        ("MIMEType", "MimeType"),
        ("get_allocations", "GetAllocations"),
        (
            "DiaryController_GetAllocations",
            "DiaryControllerGetAllocations",
        ),
        ("in progress", "InProgress"),
        ("2nd", "N2nd"),
        ("Self", "SelfType"),
        ("self", "SelfType"),
        ("", "Value"),
        ("Bad Gateway", "BadGateway"),
    ];
    for (input, expected) in table {
        assert_eq!(pascal(input), expected, "pascal({input:?})");
    }
}

#[test]
fn operation_names_drop_the_controller() {
    let table = [
        (
            Some("DiaryController_GetAllocations"),
            Some("get_allocations"),
        ),
        (Some("CompanyController_GetBranches"), Some("get_branches")),
        (
            Some("PropertyController_GetPropertyEERDownload"),
            Some("get_property_eer_download"),
        ),
        // Swashbuckle's older `Tag_Action` form
        (Some("Items_Replace"), Some("replace")),
        // other ids are converted as they are
        (Some("get_pets"), Some("get_pets")),
        (Some("listThings"), Some("list_things")),
        (Some("search"), Some("search")),
        (Some("type"), Some("r#type")),
        // no usable id
        (None, None),
        (Some(""), None),
        (Some("  "), None),
        (Some("_"), None),
    ];
    for (id, expected) in table {
        assert_eq!(
            operation_name(id).as_deref(),
            expected,
            "operation_name({id:?})"
        );
    }
}

#[test]
fn missing_operation_ids_name_from_method_and_path() {
    let table = [
        (
            "GET",
            "/v3/diary/{shortName}/company/branches/{branchID}",
            "get_company_branches_by_branch_id",
        ),
        // A segment said again by the next, as one word or its plural, is said once.
        ("GET", "/v2/tier2/{shortName}/area/areas", "get_areas"),
        (
            "GET",
            "/v2/tier2/{shortName}/area/areas/{areaID}",
            "get_areas_by_area_id",
        ),
        ("GET", "/v2/tier2/{shortName}/staff/staff", "get_staff"),
        (
            "GET",
            "/v2/tier2/{shortName}/property/properties",
            "get_properties",
        ),
        (
            "GET",
            "/v4/advertising/{shortName}/company/company",
            "get_company",
        ),
        (
            "GET",
            "/v2/tier2/{shortName}/photos/photo/{photoID}/download",
            "get_photo_by_photo_id_download",
        ),
        // Run-together segments keep the document's words.
        (
            "GET",
            "/v2/tier2/{shortName}/sales/salesinstructions",
            "get_sales_instructions",
        ),
        (
            "GET",
            "/v2/tier2/{shortName}/diary/appointmenttypes",
            "get_diary_appointment_types",
        ),
        // Not the same word: both stay.
        (
            "GET",
            "/v2/tier2/{shortName}/lettings/tenancies",
            "get_lettings_tenancies",
        ),
        (
            "GET",
            "/v3/diary/{shortname}/{branchID}/guest/search",
            "get_by_branch_id_guest_search",
        ),
        (
            "DELETE",
            "/v2/tier1/{ShortName}/staff/staff/{applicationStaffID}",
            "delete_staff_by_application_staff_id",
        ),
        ("POST", "/v4/advertising/{shortName}", "post_advertising"),
        ("GET", "/pets/{id}", "get_by_id"),
        ("PUT", "/", "put_root"),
    ];
    let vocabulary = Vocabulary::from_names([
        "SalesInstructionModel",
        "DiaryAppointmentTypeModel",
        "appointmentTypesToSearch",
    ]);
    for (method, path, expected) in table {
        assert_eq!(
            method_path_name(method, path, &vocabulary),
            expected,
            "{method} {path}"
        );
    }
}

#[test]
fn call_groups_come_from_the_path() {
    let table = [
        ("/v3/diary/{shortName}/allocations", "diary"),
        ("/v2/tier2/{shortName}/area/areas", "tier2"),
        ("/v2/tier1/{shortName}/company", "tier1"),
        ("/v4/advertising/{shortName}/company/company", "advertising"),
        ("/v1/{shortName}/things", "things"),
        ("/pets/{id}", "pets"),
        ("/", "root"),
        ("/v2", "root"),
    ];
    for (path, expected) in table {
        assert_eq!(group_of(path), expected, "{path}");
    }
}

#[test]
fn short_name_matches_any_case() {
    for segment in ["{shortName}", "{shortname}", "{ShortName}", "{SHORTNAME}"] {
        assert!(is_short_name(segment), "{segment}");
    }
    for segment in ["shortName", "{short_name}", "{shortNameX}", "{branchID}"] {
        assert!(!is_short_name(segment), "{segment}");
    }
}

#[test]
fn collisions_get_stable_suffixes() {
    let names: Vec<String> = ["get", "get", "get_2", "list", "get"]
        .map(String::from)
        .to_vec();
    // `get_2` is somebody's own name: the second `get` must not take it.
    assert_eq!(
        dedupe(&names, &BTreeSet::new(), snake_suffix),
        ["get", "get_3", "get_2", "list", "get_4"]
    );
    let reserved: BTreeSet<String> = ["models".to_owned()].into();
    assert_eq!(
        dedupe(&["models".to_owned()], &reserved, snake_suffix),
        ["models_2"]
    );
    let types: Vec<String> = ["Min", "Min", "Min2"].map(String::from).to_vec();
    assert_eq!(
        dedupe(&types, &BTreeSet::new(), pascal_suffix),
        ["Min", "Min3", "Min2"]
    );
    // raw identifiers lose `r#` when suffixed
    let raws: Vec<String> = ["r#type", "r#type"].map(String::from).to_vec();
    assert_eq!(
        dedupe(&raws, &BTreeSet::new(), snake_suffix),
        ["r#type", "type_2"]
    );
}

#[test]
fn setters_avoid_trait_methods_and_conventions() {
    let table = [
        ("lettings", "lettings"),
        ("branch_id", "branch_id"),
        ("offset", "with_offset"),
        ("count", "count"),
        ("body", "with_body"),
        ("new", "with_new"),
        ("is_active", "with_is_active"),
        ("as_of", "with_as_of"),
        ("to_date", "with_to_date"),
        ("from", "from"),
        ("from_date", "with_from_date"),
        ("default", "with_default"),
        ("next", "with_next"),
        ("r#type", "with_type"),
        ("self_", "with_self"),
    ];
    for (field, expected) in table {
        assert_eq!(setter_name(field), expected, "setter_name({field:?})");
    }
}

#[test]
fn status_variants_are_reason_phrases() {
    let table = [
        (400, "BadRequest"),
        (401, "Unauthorized"),
        (404, "NotFound"),
        (418, "ImATeapot"),
        (429, "TooManyRequests"),
        (504, "GatewayTimeout"),
        (460, "Status460"),
        (999, "Status999"),
    ];
    for (code, expected) in table {
        assert_eq!(status_variant(code), expected, "{code}");
    }
}

/// A name the emitter can turn into an identifier (what `proc_macro2::Ident` accepts).
fn is_ident(name: &str) -> bool {
    let bare = unraw(name);
    let raw = bare.len() != name.len();
    let mut chars = bare.chars();
    let head = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    head && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && bare != "_"
        && (!raw || !matches!(bare, "self" | "Self" | "super" | "crate"))
        && syn::parse_str::<syn::Ident>(name).is_ok()
}

proptest! {
    #[test]
    fn every_name_is_an_identifier(text in ".{0,40}") {
        prop_assert!(is_ident(&snake(&text)), "snake({:?}) = {:?}", text, snake(&text));
        prop_assert!(is_ident(&pascal(&text)), "pascal({:?}) = {:?}", text, pascal(&text));
        let setter = setter_name(&snake(&text));
        prop_assert!(is_ident(&setter), "setter {:?}", setter);
        if let Some(name) = operation_name(Some(&text)) {
            prop_assert!(is_ident(&name), "operation_name({:?}) = {:?}", text, name);
        }
        let path = format!("/v1/{text}/{{shortName}}/{text}/{{{text}}}");
        prop_assert!(is_ident(&method_path_name("get", &path, &Vocabulary::default())), "{:?}", path);
        prop_assert!(is_ident(&snake(&group_of(&path))), "{:?}", path);
    }
}

/// Every identifier of a lowered document, with where it is.
fn identifiers(api: &agentos_codegen::ir::Api) -> Vec<(String, String)> {
    use agentos_codegen::ir::ModelKind;
    let mut out = Vec::new();
    for (group, op) in api.operations() {
        out.push((format!("module {}", group.wire), group.name.clone()));
        for name in [&op.fn_name, &op.type_name, &op.error_name] {
            out.push((format!("operation {}", op.pointer), name.clone()));
        }
        for p in &op.params {
            out.push((format!("parameter {}", p.wire), p.field.clone()));
            out.push((format!("setter {}", p.wire), p.setter.clone()));
        }
    }
    for model in &api.models {
        out.push((format!("model {}", model.wire), model.name.clone()));
        match &model.kind {
            ModelKind::Struct(fields) => out.extend(
                fields
                    .iter()
                    .map(|f| (format!("field {}", f.wire), f.name.clone())),
            ),
            ModelKind::Enum(e) => out.extend(
                e.variants
                    .iter()
                    .map(|v| (format!("variant {}", v.wire), v.name.clone())),
            ),
        }
    }
    out.extend(
        api.error_enums
            .iter()
            .map(|e| ("error enum".to_owned(), e.name.clone())),
    );
    out
}

#[test]
fn long_names_are_shortened_with_a_stable_hash_and_say_so() {
    use agentos_codegen::lower::naming::MAX_IDENT_LEN;
    // What rustc ran out of memory on: a property name of 20,000 characters.
    assert_eq!(snake(&"a".repeat(20_000)).len(), 160);
    // The hash is FNV-1a of the whole name (checked against an independent computation): the
    // same on every run and platform.
    assert_eq!(
        snake(&"a".repeat(20_000)),
        format!("{}_h{}", "a".repeat(142), "54dc8fcfe813d185")
    );
    assert!(snake(&"a".repeat(20_000)).starts_with(&"a".repeat(142)));
    // Names differing past the cut stay apart; a name within the limit is untouched.
    let long = "x".repeat(300);
    assert_ne!(snake(&format!("{long}a")), snake(&format!("{long}b")));
    assert_ne!(pascal(&format!("{long}a")), pascal(&format!("{long}b")));
    assert_eq!(snake(&"b".repeat(160)), "b".repeat(160));
    assert_eq!(pascal(&"b".repeat(160)).len(), 160);
    // A cut that would end in `_` does not give `__`; suffixes stay within the limit.
    let spaced = format!("{}_{}", "c".repeat(141), "d".repeat(100));
    assert!(!snake(&spaced).contains("__"), "{}", snake(&spaced));
    assert!(snake_suffix(&"e".repeat(5_000), 12).len() <= MAX_IDENT_LEN);
    assert!(pascal_suffix(&"E".repeat(5_000), 12).len() <= MAX_IDENT_LEN);

    let huge = "p".repeat(20_000);
    let twin = format!("{}q", "p".repeat(19_999));
    let nested = |depth: usize| -> String {
        (0..depth).fold(r#"{"type": "string"}"#.to_owned(), |inner, i| {
            format!(
                r#"{{"type": "object", "properties": {{"{}{i}": {inner}}}}}"#,
                "n".repeat(150)
            )
        })
    };
    let text = format!(
        r##"{{"openapi": "3.0.0", "info": {{"title": "t", "version": "1"}},
        "paths": {{"/v3/{g}/{{shortName}}/x": {{"get": {{"operationId": "{op}",
            "parameters": [{{"name": "{huge}", "in": "query", "schema": {{"type": "string"}}}}],
            "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{model}"}}}}}}}}}}}}}}}},
        "components": {{"schemas": {{"{model}": {{"type": "object", "properties": {{
            "{huge}": {{"type": "string"}}, "{twin}": {{"type": "string"}},
            "mode": {{"type": "string", "enum": ["{huge}", "{twin}"]}},
            "deep": {nested}}}}}}}}}}}"##,
        g = "g".repeat(20_000),
        op = "O".repeat(20_000),
        model = "M".repeat(20_000),
        nested = nested(8),
    );
    let specs = agentos_codegen::Generator::new()
        .spec_text("long.json", &text)
        .lower()
        .unwrap();
    let api = &specs[0].api;
    let names = identifiers(api);
    assert!(names.len() > 10);
    for (what, name) in &names {
        assert!(
            name.len() <= MAX_IDENT_LEN,
            "{what}: {} characters",
            name.len()
        );
    }
    // Unique where they must be: the two long fields and the two long values.
    let model = api.models.iter().find(|m| m.wire.len() == 20_000).unwrap();
    let agentos_codegen::ir::ModelKind::Struct(fields) = &model.kind else {
        panic!("a struct");
    };
    assert_eq!(fields[0].wire, huge, "the wire name is kept for serde");
    assert_ne!(fields[0].name, fields[1].name);
    let field_pointer = format!(
        "#/components/schemas/{}/properties/{huge}",
        "M".repeat(20_000)
    );
    let warned: Vec<&str> = specs[0]
        .api
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    for pointer in [
        field_pointer.as_str(),
        &format!("#/components/schemas/{}", "M".repeat(20_000)),
        &format!(
            "#/components/schemas/{}/properties/mode/enum",
            "M".repeat(20_000)
        ),
        &format!("#/paths/~1v3~1{}~1{{shortName}}~1x/get", "g".repeat(20_000)),
    ] {
        assert!(
            warned.contains(&pointer),
            "no warning at {}: {:?}",
            &pointer[..60],
            warned
                .iter()
                .map(|w| &w[..w.len().min(60)])
                .collect::<Vec<_>>()
        );
    }
    let warning = api
        .warnings
        .iter()
        .find(|w| w.pointer == field_pointer)
        .unwrap();
    assert!(
        warning.message.contains(&format!(
            "(20000 characters) gives an identifier longer than {MAX_IDENT_LEN} characters: shortened to `ppp"
        )),
        "{}",
        warning.message
    );
    // The generated code holds the wire names and nothing longer than the limit as a name.
    let code = agentos_codegen::Generator::new()
        .spec_text("long.json", &text)
        .generate()
        .unwrap();
    assert!(code.contains(&format!("rename = \"{huge}\"")));
    fn longest(tokens: proc_macro2::TokenStream) -> usize {
        tokens
            .into_iter()
            .map(|token| match token {
                proc_macro2::TokenTree::Ident(ident) => ident.to_string().len(),
                proc_macro2::TokenTree::Group(group) => longest(group.stream()),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let longest = longest(code.parse().unwrap());
    assert!((100..=MAX_IDENT_LEN).contains(&longest), "{longest}");
}
