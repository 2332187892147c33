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
