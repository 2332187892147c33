//! Rust names from wire names: case conversion, keyword escaping, call groups, operation names
//! and deterministic de-duplication.
//!
//! Every function here returns a valid Rust identifier for any input (property tests check it):
//! characters other than ASCII letters and digits become word breaks, a leading digit gets an
//! `n`/`N` prefix, an empty result becomes `value`/`Value`, and keywords are escaped as raw
//! identifiers (`r#type`) except those that cannot be raw (`self_`, `super_`, `crate_`).
//!
//! No identifier is longer than [`MAX_IDENT_LEN`]: a name from a longer wire name is cut and
//! given a hash of the whole (FNV-1a, written out here, so the same on every run and
//! platform), which keeps different long names apart; [`shortened_warnings`] says so with the
//! pointer of what was shortened. (rustc takes minutes and gigabytes over an identifier of tens
//! of thousands of characters, and nobody can type one.)

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

pub use super::words::Vocabulary;
use super::words::same_word;

/// Keywords of edition 2024 (strict and reserved) that are lower case.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self"];

/// The modules the emitter defines beside a document's call groups (`models`, `errors`): no
/// call group may take these names.
pub const RESERVED_MODULES: [&str; 2] = ["models", "errors"];

/// Type names generated code uses unqualified (prelude types and traits, serde's traits): no
/// model or request type may take them, or it would shadow them in its module.
pub const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Display",
    "Eq",
    "Err",
    "ErrorBody",
    "From",
    "Hash",
    "Into",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Serializer",
    "Sized",
    "Some",
    "StatusCode",
    "String",
    "Sync",
    "Vec",
];

/// The longest identifier the generator writes, suffixes included.
pub const MAX_IDENT_LEN: usize = 200;

/// The longest name [`snake`] and [`pascal`] return: the rest of [`MAX_IDENT_LEN`] is room for
/// what is appended to a name (`_2`, `Error`, `Response`, `with_`).
const MAX_BASE_LEN: usize = MAX_IDENT_LEN - 40;

/// Hex digits of the hash a shortened name ends with.
const HASH_DIGITS: usize = 16;

/// FNV-1a (64 bits) of `text`: stable across runs, versions and platforms, unlike std's
/// hashers.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `name` (ASCII, as [`words`] leaves it) when it is at most [`MAX_BASE_LEN`] long; otherwise
/// its start and `marker` and the hash of the whole (`very_long_name_h0123456789abcdef`),
/// [`MAX_BASE_LEN`] long at most. The start loses trailing underscores (`__` would trip
/// `non_snake_case`).
fn shorten(name: String, marker: &str) -> String {
    if name.len() <= MAX_BASE_LEN {
        return name;
    }
    let keep = MAX_BASE_LEN - marker.len() - HASH_DIGITS;
    let start = name.get(..keep).unwrap_or_default().trim_end_matches('_');
    format!("{start}{marker}{:016x}", fnv1a(&name))
}

/// Whether `name` was shortened by `shorten`: only such a name is longer than
/// `MAX_BASE_LEN` less its marker, and holds a marker and hash digits near its end (a
/// numeric suffix may follow). A name the document spells so is taken for one: that costs a
/// warning, nothing else.
pub fn is_shortened(name: &str) -> bool {
    let bare = unraw(name);
    if bare.len() + 1 < MAX_BASE_LEN {
        return false;
    }
    let bytes = bare.as_bytes();
    (0..=bytes.len()).rev().take(24).any(|end| {
        end > HASH_DIGITS
            && matches!(bytes[end - HASH_DIGITS - 1], b'h' | b'H')
            && bytes[end - HASH_DIGITS..end]
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    })
}

/// Whether `word` is a Rust keyword (edition 2024).
pub fn is_keyword(word: &str) -> bool {
    // Every keyword but `Self` is 2 to 8 lower-case letters (a test keeps it so): most names
    // (every Pascal-case one) are ruled out without going through the list, which emit asks
    // about for every identifier it writes.
    match word.as_bytes() {
        [b'a'..=b'z', rest @ ..] if rest.len() < 8 => KEYWORDS.contains(&word),
        _ => word == "Self",
    }
}

/// Keeps ASCII letters and digits; everything else becomes a space (a word break for heck).
/// Apostrophes go (`I'm` -> `Im`). A plural acronym (`IDs`, `URLs`) becomes one word (`Ids`), so `propertyIDsToView` reads
/// `property_ids_to_view` rather than `property_i_ds_to_view`.
fn words(text: &str) -> String {
    // One byte a kept character: at most `text.len()` (a filtered iterator grows it by steps).
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !matches!(c, '\'' | '\u{2019}') {
            out.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
        }
    }
    // ASCII from here on: one byte a character. A run is lowered only after it was read, and
    // the next one starts at its end, so reading `out` as it is changed reads the original.
    let mut i = 0;
    while i < out.len() {
        let bytes = out.as_bytes();
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        let end = i + run;
        let plural = run >= 2
            && bytes.get(end) == Some(&b's')
            && bytes
                .get(end + 1)
                .is_none_or(|b| b.is_ascii_uppercase() || !b.is_ascii_alphanumeric());
        if plural {
            if let Some(acronym) = out.get_mut(i + 1..end) {
                acronym.make_ascii_lowercase();
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Calls `each` with the words of `text` in order, split as heck splits them
/// (`heck::transform`): at every character that is not a letter or digit, before an
/// upper-case letter that follows a lower-case one (`getAll` -> `get`, `All`), and before
/// the last of two or more upper-case letters followed by a lower-case one (`MIMEType` ->
/// `MIME`, `Type`); a digit keeps the case of what came before it. `None` (and no call) when
/// `text` is not ASCII, for which heck's Unicode rules apply.
///
/// heck writes every character through `fmt` (`char::to_lowercase` as `Display`), which was
/// a third of lowering's instructions; names are ASCII nearly always ([`words`] makes them
/// so), and on ASCII this is the same algorithm, on bytes.
fn ascii_words(text: &str, mut each: impl FnMut(&str)) -> Option<()> {
    /// The case of the last cased character since the last word break.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    if !text.is_ascii() {
        return None;
    }
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = word.as_bytes();
        let (mut start, mut mode) = (0, Mode::Boundary);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                each(&word[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                each(&word[start..=i]);
                (start, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                each(&word[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
    Some(())
}

/// heck's `to_snake_case` (`getAllItems` -> `get_all_items`), without its `fmt` machinery for
/// ASCII text (see [`ascii_words`]).
pub(crate) fn snake_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let ascii = ascii_words(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        let at = out.len();
        out.push_str(word);
        if let Some(word) = out.get_mut(at..) {
            word.make_ascii_lowercase();
        }
    });
    match ascii {
        Some(()) => out,
        None => text.to_snake_case(),
    }
}

/// heck's `to_upper_camel_case` (`get_all_items` -> `GetAllItems`), without its `fmt` machinery
/// for ASCII text (see [`ascii_words`]).
fn upper_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let ascii = ascii_words(text, |word| {
        let at = out.len();
        out.push_str(word);
        if let Some(word) = out.get_mut(at..) {
            word.make_ascii_lowercase();
        }
        if let Some(first) = out.get_mut(at..=at) {
            first.make_ascii_uppercase();
        }
    });
    match ascii {
        Some(()) => out,
        None => text.to_upper_camel_case(),
    }
}

/// A snake-case identifier (`MIMEType` -> `mime_type`, `type` -> `r#type`, `self` -> `self_`).
pub fn snake(text: &str) -> String {
    let mut name = snake_case(&words(text));
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    escape(shorten(name, "_h"))
}

/// A Pascal-case identifier (`DiaryController_GetAllocations` -> `DiaryControllerGetAllocations`,
/// `OID` -> `Oid`).
pub fn pascal(text: &str) -> String {
    let mut name = upper_camel_case(&words(text));
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if name == "Self" {
        // `Self_` would trip `non_camel_case_types`.
        name = "SelfType".to_owned();
    }
    shorten(name, "H")
}

/// A Pascal-case name made of names already converted (`Parent` and `Field`), shortened as
/// [`pascal`] shortens.
pub fn pascal_joined(name: &str) -> String {
    shorten(name.to_owned(), "H")
}

/// Escapes a keyword: raw identifier where possible, trailing underscore otherwise.
fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without its `r#` prefix (what serde and humans see).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether a path segment is a version (`v2`, `V10`).
fn is_version(segment: &str) -> bool {
    let mut chars = segment.chars();
    matches!(chars.next(), Some('v' | 'V'))
        && segment.len() > 1
        && chars.all(|c| c.is_ascii_digit())
}

/// Whether a template segment is the client's short name (`{shortName}` in any case).
pub fn is_short_name(segment: &str) -> bool {
    segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .is_some_and(|name| name.eq_ignore_ascii_case("shortName"))
}

/// The wire name of the call group of a path: the first literal segment after an optional
/// version segment (`/v3/diary/{shortName}/...` -> `diary`, `/v2/tier2/...` -> `tier2`);
/// `root` when there is none.
pub fn group_of(path: &str) -> String {
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    if segments.peek().is_some_and(|s| is_version(s)) {
        segments.next();
    }
    segments
        .find(|s| !s.starts_with('{'))
        .map_or_else(|| "root".to_owned(), str::to_owned)
}

/// The snake-case base name from an operationId: Swashbuckle's `XxxController_Action` (or
/// `Xxx_Action`) loses its controller prefix (`DiaryController_GetAllocations` ->
/// `get_allocations`); other ids are converted as they are. `None` when there is no usable id.
pub fn operation_name(operation_id: Option<&str>) -> Option<String> {
    let id = operation_id?.trim();
    if !id.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let action = match id.split_once('_') {
        Some((controller, action))
            if !action.is_empty()
                && action.chars().any(|c| c.is_ascii_alphanumeric())
                && (controller.to_ascii_lowercase().ends_with("controller")
                    || (is_pascal_word(controller) && is_pascal_word(action))) =>
        {
            action
        }
        _ => id,
    };
    Some(snake(action))
}

/// `Area`, `GetAreas`: starts upper case, letters and digits only.
fn is_pascal_word(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A stable name from method and path, for operations without an operationId:
/// `GET /v3/diary/{shortName}/company/branches/{branchID}` ->
/// `get_company_branches_by_branch_id`. The version, the call group and the short name are
/// left out; run-together segments are split into the document's words (`appointmenttypes`
/// -> `appointment_types`, see [`Vocabulary`]); a segment the next one starts with again, as
/// one word or its plural, is said once (`staff/staff` -> `staff`, `property/properties` ->
/// `properties`, `sales/salesinstructions` -> `sales_instructions`).
pub fn method_path_name(method: &str, path: &str, vocabulary: &Vocabulary) -> String {
    let group = group_of(path);
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.first().is_some_and(|s| is_version(s)) {
        segments.remove(0);
    }
    if let Some(i) = segments.iter().position(|s| *s == group) {
        segments.remove(i);
    }
    // Each segment as words; a parameter as `by` and its name.
    let pieces: Vec<(bool, Vec<String>)> = segments
        .iter()
        .filter(|s| !is_short_name(s))
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => (true, vec!["by".to_owned(), unraw(&snake(param)).to_owned()]),
                None => (false, vocabulary.split(segment)),
            },
        )
        .collect();
    let mut parts = vec![method.to_ascii_lowercase()];
    for (i, (is_param, words)) in pieces.iter().enumerate() {
        let said_again = !is_param
            && pieces.get(i + 1).is_some_and(|(next_is_param, next)| {
                !next_is_param
                    && words.len() <= next.len()
                    && words.iter().zip(next).all(|(a, b)| same_word(a, b))
            });
        if !said_again {
            parts.extend(words.iter().cloned());
        }
    }
    if parts.len() == 1 {
        parts.push(unraw(&snake(&group)).to_owned());
    }
    snake(&parts.join("_"))
}

/// Appends a numeric suffix to a snake-case name (`name_2`; `self_` becomes `self_2`, never
/// `self__2`, which `non_snake_case` warns about).
pub fn snake_suffix(base: &str, n: usize) -> String {
    let base = shorten(unraw(base).to_owned(), "_h");
    format!("{}_{n}", base.trim_end_matches('_'))
}

/// Appends a numeric suffix to a Pascal-case name (`Name2`).
pub fn pascal_suffix(base: &str, n: usize) -> String {
    format!("{}{n}", shorten(base.to_owned(), "H"))
}

/// Makes names unique, deterministically: the first occurrence of a name keeps it; later ones
/// get the smallest suffix (from 2) that is neither another base name, an assigned name nor
/// reserved. The result is in input order.
pub fn dedupe(
    names: &[String],
    reserved: &BTreeSet<String>,
    suffix: fn(&str, usize) -> String,
) -> Vec<String> {
    let bases: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let mut used: BTreeSet<String> = reserved.clone();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if !used.contains(name) {
            used.insert(name.clone());
            out.push(name.clone());
            continue;
        }
        let mut n = 2;
        let unique = loop {
            let candidate = suffix(name, n);
            if !used.contains(&candidate) && !bases.contains(candidate.as_str()) {
                break candidate;
            }
            n += 1;
        };
        used.insert(unique.clone());
        out.push(unique);
    }
    out
}

/// How many times each name occurs.
pub fn counts(names: &[String]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for name in names {
        *counts.entry(name.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Method names a builder setter must not take: the `Endpoint`/`Paged` trait methods and
/// constructors of the request struct, and names clippy reserves for std traits.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "page",
    "write_path",
    "write_query",
    "body",
    "decode",
    "set_page",
    "offset",
    "total",
    "into_items",
    "add",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The builder-style setter for a field: the field name, or `with_<field>` when the plain name
/// is a reserved method or starts with a prefix that clippy's `wrong_self_convention` reads as
/// a conversion (`as_`, `to_`, `into_`, `is_`, `from_`) or is a raw identifier.
pub fn setter_name(field: &str) -> String {
    let bare = unraw(field);
    let conventional = ["as_", "to_", "into_", "is_", "from_"]
        .iter()
        .any(|p| bare.starts_with(p));
    if field.starts_with("r#")
        || bare.ends_with('_')
        || conventional
        || RESERVED_METHODS.contains(&bare)
    {
        format!("with_{}", bare.trim_end_matches('_'))
    } else {
        field.to_owned()
    }
}

/// The name of `http::StatusCode`'s constant for a code, derived from its canonical reason the
/// way `http` names them (`404` "Not Found" -> `NOT_FOUND`, `418` "I'm a teapot" ->
/// `IM_A_TEAPOT`); `None` for codes without a reason. (The conformance crate compiles a
/// document naming every such code from 300 to 599, so a reason whose constant were named
/// otherwise would fail the build, not a user's.)
pub fn status_const(code: u16) -> Option<String> {
    let reason = http::StatusCode::from_u16(code).ok()?.canonical_reason()?;
    let words: Vec<String> = reason
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('\'', "").to_ascii_uppercase())
        .collect();
    Some(words.join("_"))
}

/// A variant name for an HTTP status: its canonical reason in Pascal case (`404` ->
/// `NotFound`), or `Status460` for codes without one.
pub fn status_variant(code: u16) -> String {
    match http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => pascal(reason),
        None => format!("Status{code}"),
    }
}

/// At most 40 characters of a wire name, for a message.
fn excerpt(wire: &str) -> String {
    match wire.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &wire[..at]),
        None => wire.to_owned(),
    }
}

/// The pointer of a model's schema from its wire name: a component's (`Name`), a property's
/// of one (`Name.field.inner`, as lowering names the place of an inline schema), an
/// operation's body or response (`Type body`, `Type response`); else the operation or the
/// document.
fn model_pointer(api: &crate::ir::Api, components: &BTreeSet<&str>, wire: &str) -> String {
    use crate::load::pointer::escape;
    let schema_pointer = crate::lower::refs::component_pointer::<openapiv3::Schema>;
    if components.contains(wire) {
        return schema_pointer(wire);
    }
    // The longest component the place starts with, then its properties.
    let owner = wire
        .match_indices('.')
        .map(|(at, _)| &wire[..at])
        .rfind(|owner| components.contains(owner));
    if let Some(owner) = owner {
        let mut pointer = schema_pointer(owner);
        for property in wire[owner.len() + 1..].split('.') {
            pointer.push_str("/properties/");
            pointer.push_str(&escape(property));
        }
        return pointer;
    }
    for (_, op) in api.operations() {
        match wire.strip_prefix(op.type_name.as_str()) {
            Some(" body") => return format!("{}/requestBody", op.pointer),
            Some(" response") => return format!("{}/responses", op.pointer),
            Some(_) => return op.pointer.clone(),
            None => {}
        }
    }
    "#".to_owned()
}

/// A warning for each identifier of `api` that was shortened ([`is_shortened`]), with the
/// pointer of the wire name it came from: the operation for its names and its parameters',
/// the schema for a model's, its fields' and its values'. `components` are the document's
/// component schemas.
pub fn shortened_warnings(
    api: &crate::ir::Api,
    components: &BTreeSet<&str>,
) -> Vec<crate::ir::Warning> {
    use crate::ir::{ModelKind, Warning};
    let mut warnings = Vec::new();
    let mut warn = |pointer: String, what: String, wire: &str, name: &str| {
        warnings.push(Warning {
            pointer,
            message: format!(
                "{what} `{}` ({} characters) gives an identifier longer than {MAX_IDENT_LEN} \
                 characters: shortened to `{name}` (its start and a hash of the whole)",
                excerpt(wire),
                wire.chars().count()
            ),
        });
    };
    for group in &api.groups {
        let at = |op: &crate::ir::Operation| op.pointer.clone();
        if is_shortened(&group.name)
            && let Some(op) = group.operations.first()
        {
            warn(at(op), "the call group".into(), &group.wire, &group.name);
        }
        for op in &group.operations {
            if is_shortened(&op.fn_name) || is_shortened(&op.type_name) {
                let wire = op.operation_id.as_deref().unwrap_or(&op.path);
                warn(at(op), "the operation".into(), wire, &op.fn_name);
            }
            for p in &op.params {
                if is_shortened(&p.field) {
                    warn(at(op), "the parameter".into(), &p.wire, &p.field);
                }
            }
        }
    }
    for model in &api.models {
        let component = model_pointer(api, components, &model.wire);
        if is_shortened(&model.name) {
            warn(
                component.clone(),
                "the schema".into(),
                &model.wire,
                &model.name,
            );
        }
        match &model.kind {
            ModelKind::Struct(fields) => {
                for field in fields.iter().filter(|f| is_shortened(&f.name)) {
                    let pointer = format!(
                        "{component}/properties/{}",
                        crate::load::pointer::escape(&field.wire)
                    );
                    warn(
                        pointer,
                        format!("the property of `{}`", excerpt(&model.wire)),
                        &field.wire,
                        &field.name,
                    );
                }
            }
            ModelKind::Enum(e) => {
                for v in e.variants.iter().filter(|v| is_shortened(&v.name)) {
                    warn(
                        format!("{component}/enum"),
                        "the value".into(),
                        &v.wire,
                        &v.name,
                    );
                }
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};
    use proptest::prelude::*;

    use super::{KEYWORDS, is_keyword, snake_case, upper_camel_case};

    #[test]
    fn every_keyword_passes_the_quick_test_of_is_keyword() {
        for keyword in KEYWORDS {
            assert!((2..=8).contains(&keyword.len()), "{keyword}");
            assert!(keyword.bytes().all(|b| b.is_ascii_lowercase()), "{keyword}");
            assert!(is_keyword(keyword), "{keyword}");
        }
        assert!(is_keyword("Self"));
        for word in [
            "",
            "a",
            "Type",
            "types",
            "r#type",
            "selfish",
            "SELF",
            "abstracts",
        ] {
            assert!(!is_keyword(word), "{word}");
        }
    }

    #[test]
    fn case_conversion_splits_words_as_heck_does() {
        for text in [
            "",
            "_",
            "getAllItems",
            "MIMEType",
            "propertyIDsToView",
            "DiaryController_GetAllocations",
            "a1B2c3",
            "ABC",
            "x  y--z",
            "v2Tier2",
            "Ünïcode_Name",
            "ΣΑΣ",
        ] {
            assert_eq!(snake_case(text), text.to_snake_case(), "{text:?}");
            assert_eq!(
                upper_camel_case(text),
                text.to_upper_camel_case(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn case_conversion_of_any_ascii_is_heck_s(text in "[ -~]{0,40}") {
            prop_assert_eq!(snake_case(&text), text.to_snake_case());
            prop_assert_eq!(upper_camel_case(&text), text.to_upper_camel_case());
        }

        #[test]
        fn case_conversion_of_identifiers_is_heck_s(text in "[A-Za-z0-9_ ]{0,30}") {
            prop_assert_eq!(snake_case(&text), text.to_snake_case());
            prop_assert_eq!(upper_camel_case(&text), text.to_upper_camel_case());
        }
    }
}
