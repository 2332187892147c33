//! Loading OpenAPI/Swagger documents: text in, [`openapiv3::OpenAPI`] (the 3.0 model) out, by
//! [`load_path`], [`load_str`] or [`load_value`]; anything wrong is a [`LoadError`].
//!
//! ```text
//! text ─parse─► JSON value ─┬─ swagger: "2.0" ─► check + convert to 3.0 ─┐
//!  (JSON or YAML,           ├─ openapi: 3.1.x ─► normalise to 3.0 ───────┼─► check ─► resolve $refs ─► openapiv3::OpenAPI
//!   told by content)        └─ openapi: 3.0.x ───────────────────────────┘
//! ```
//!
//! - JSON or YAML is told by the first character (`{`/`[` is JSON), never by file extension.
//! - Swagger 2.0 is up-converted in memory (the table in the `swagger2` module's docs: body and
//!   formData parameters, `consumes`/`produces`, `definitions` and `$ref` rewriting, servers,
//!   security schemes, `collectionFormat`, `file`).
//! - OpenAPI 3.1 is normalised to what the 3.0 model holds (`type: [T, "null"]`, `const`,
//!   numeric `exclusiveMinimum`, `examples` arrays, `$ref` siblings, `webhooks`...).
//! - Every document is checked structurally before it is typed, so that a mistake is reported
//!   as `<origin>: <JSON pointer>: expected <what>, found <what>` at the node that is wrong
//!   (pointers into the document as written, also for Swagger 2.0), and every local `$ref` must
//!   resolve. References to other documents are refused: nothing but the one document is read.
//! - Local path-item `$ref`s are inlined (the model would otherwise skip their operations).
//! - No input panics: nothing indexes into input, nesting is capped at [`MAX_DEPTH`], loading
//!   runs on a thread with a stack sized for that depth, behind a panic guard as a last resort.

mod canonical;
pub(crate) mod check;
mod ctx;
mod error;
mod oas3;
mod oas31;
mod objects;
mod overlay;
mod parse;
pub(crate) mod pointer;
mod refs;
mod schema;
mod swagger2;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use openapiv3::OpenAPI;
use serde::Deserialize as _;
use serde_json::Value;

pub use canonical::MAX_REF_HOPS;
pub(crate) use error::describe;
pub use error::{Format, LoadError};
pub use overlay::{MAX_DESCENDANT_SEGMENTS, MAX_SELECTED, MAX_UNION_PRODUCT, Overlay};
pub use parse::{MAX_ALIAS_EVENTS, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_NODES};

use check::{Checked, object_mut};
use ctx::{Ctx, Dialect};
use error::Problem;
use pointer::Ptr;

/// Stack for loading. serde's handling of the model's untagged and flattened types takes tens of
/// KiB per level of nesting in debug builds: a document at [`MAX_DEPTH`] would overflow the 2 MiB
/// of a test thread. The stack is reserved, not committed: shallow documents cost no memory.
const LOADER_STACK: usize = 32 * 1024 * 1024;

/// Reads and loads the document at `path` (JSON or YAML; Swagger 2.0, OpenAPI 3.0 or 3.1).
///
/// Errors name the path as the origin.
pub fn load_path(path: &Path) -> Result<OpenAPI, LoadError> {
    load_path_with(path, &mut [])
}

/// The text of the file at `path`, refused before reading when it is larger than
/// [`MAX_DOCUMENT_BYTES`] (such a document is never held in memory).
pub(crate) fn read_document(path: &Path) -> Result<String, LoadError> {
    let origin = path.display().to_string();
    let io = |source| LoadError::Io {
        origin: origin.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if usize::try_from(size).map_or(true, |size| size > MAX_DOCUMENT_BYTES) {
        return Err(LoadError::TooLarge {
            origin,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

/// [`load_path`] with overlays (see [`load_str_with`]).
pub fn load_path_with(
    path: &Path,
    overlays: &mut [(&Overlay, Vec<bool>)],
) -> Result<OpenAPI, LoadError> {
    let text = read_document(path)?;
    load_str_with(&text, &path.display().to_string(), overlays)
}

/// Loads a document from its text; `origin` (a path, a URL, a name) starts every error message.
pub fn load_str(text: &str, origin: &str) -> Result<OpenAPI, LoadError> {
    load_str_with(text, origin, &mut [])
}

/// Loads a document from its text with overlays applied, in order, to the document as written
/// (see [`Overlay`]). Each overlay comes with one flag per action, set when the action
/// selected something in this document.
pub fn load_str_with(
    text: &str,
    origin: &str,
    overlays: &mut [(&Overlay, Vec<bool>)],
) -> Result<OpenAPI, LoadError> {
    on_loader_stack(origin, || {
        let mut value = parse::parse(text, origin)?;
        for (overlay, selected) in overlays.iter_mut() {
            overlay.apply(&mut value, selected)?;
        }
        // The parser capped the nesting; an overlay's changes are measured again.
        let depth = match overlays.is_empty() {
            true => Depth::Checked,
            false => Depth::Unchecked,
        };
        load_parsed(value, origin, depth)
    })
}

/// The unescaped reference tokens of a JSON pointer in fragment form, as warnings and errors
/// print them (`#/paths/~1v3~1x/get` -> `paths`, `/v3/x`, `get`); `None` when `pointer` is
/// not one.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    pointer::parse_fragment(pointer)
}

/// The documents of a folder: its JSON and YAML files (`.json`, `.yaml`, `.yml`) and those of
/// its subfolders, sorted by path. For generating from every document a vendor publishes
/// (`../shared/specs` holds agentOS's, one folder per form).
pub fn documents_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Parses YAML or JSON text into a JSON value with the loader's limits and located errors
/// (for files beside documents, such as the generator's options).
pub fn parse_text(text: &str, origin: &str) -> Result<Value, LoadError> {
    parse::parse(text, origin)
}

/// Loads a document already parsed into a JSON value (e.g. built with `serde_json::json!`).
pub fn load_value(value: Value, origin: &str) -> Result<OpenAPI, LoadError> {
    on_loader_stack(origin, || load_parsed(value, origin, Depth::Unchecked))
}

/// Whether a document's nesting is known to be within [`MAX_DEPTH`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// The parser checked it while reading the text.
    Checked,
    /// Built some other way: walked once to check it.
    Unchecked,
}

/// Runs `job` on a thread with [`LOADER_STACK`] (or, should no thread start, on this one), with
/// panics turned into errors: the checks make them unreachable, and this guard keeps a gap in
/// them from ever aborting a build script or a proc macro.
fn on_loader_stack<F>(origin: &str, job: F) -> Result<OpenAPI, LoadError>
where
    F: FnOnce() -> Result<OpenAPI, LoadError> + Send,
{
    let job = Mutex::new(Some(job));
    // Takes the job out of the slot, so whichever thread gets to it runs it exactly once.
    let run = || {
        let job = job.lock().ok()?.take()?;
        Some(catch_unwind(AssertUnwindSafe(job)).unwrap_or_else(|_| {
            Err(LoadError::Model {
                origin: origin.to_owned(),
                pointer: "#".to_owned(),
                message: "the loader failed on this document (a bug: please report it)".to_owned(),
            })
        }))
    };
    let on_worker = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("agentos-load".to_owned())
            .stack_size(LOADER_STACK)
            .spawn_scoped(scope, run)
            .ok()?
            .join()
            .ok()?
    });
    match on_worker.or_else(run) {
        Some(result) => result,
        None => Err(LoadError::Model {
            origin: origin.to_owned(),
            pointer: "#".to_owned(),
            message: "the loader thread stopped before finishing".to_owned(),
        }),
    }
}

fn load_parsed(mut value: Value, origin: &str, depth: Depth) -> Result<OpenAPI, LoadError> {
    let fail = |problem: Problem| problem.into_error(origin);
    if depth == Depth::Unchecked {
        parse::check_depth(&value, &Ptr::Root, 0).map_err(fail)?;
    }
    let (document, hoists) = match detect(&mut value).map_err(fail)? {
        Dialect::Swagger2 => {
            let mut ctx = Ctx::new(Dialect::Swagger2);
            let mut converted = swagger2::convert(&value, &mut ctx).map_err(fail)?;
            refs::resolve_all(&value, &ctx.refs, true).map_err(fail)?;
            // The conversion's own checks should leave nothing for this one to find; if they
            // do, the pointer is into the converted document, and the message says so.
            let hoists = check_3x(&mut converted, Dialect::Oas30).map_err(|problem| {
                fail(problem.note("(in the document converted to OpenAPI 3.0)"))
            })?;
            (converted, hoists)
        }
        dialect => {
            let hoists = check_3x(&mut value, dialect).map_err(fail)?;
            (value, hoists)
        }
    };
    let mut document = typed(&document, origin).map_err(|error| match error {
        LoadError::Model {
            origin,
            pointer,
            message,
        } => LoadError::Model {
            origin,
            pointer: canonical::original_pointer(&pointer, &hoists),
            message,
        },
        other => other,
    })?;
    record_hoists(&mut document, &hoists);
    Ok(document)
}

/// The extension in which a loaded document carries the components the loader made and where
/// their content stood (`{"#/components/schemas/AccountDefinitionsType":
/// "#/components/schemas/Account/definitions/type"}`), so that lowering's warnings and errors
/// point into the document the user gave. One the document itself holds is dropped: only the
/// loader writes it.
pub const HOISTED_EXTENSION: &str = "x-agentos-hoisted";

fn record_hoists(document: &mut OpenAPI, hoists: &[canonical::Hoist]) {
    document.extensions.shift_remove(HOISTED_EXTENSION);
    if hoists.is_empty() {
        return;
    }
    let map: serde_json::Map<String, Value> = hoists
        .iter()
        .map(|(component, original)| (component.clone(), Value::String(original.clone())))
        .collect();
    document
        .extensions
        .insert(HOISTED_EXTENSION.to_owned(), Value::Object(map));
}

/// The components the loader made in `document` and where their content stood
/// ([`HOISTED_EXTENSION`]), read once for every pointer [`original_pointer`] tells.
pub fn hoists_of(document: &OpenAPI) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = document.extensions.get(HOISTED_EXTENSION) else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(component, original)| {
            Some((component.clone(), original.as_str()?.to_owned()))
        })
        .collect()
}

/// `pointer` (into a loaded document) told in the document the user gave: a place inside a
/// component the loader made (`hoists`, from [`hoists_of`]) becomes the place its content
/// stood.
pub fn original_pointer(pointer: &str, hoists: &[(String, String)]) -> String {
    canonical::original_pointer(pointer, hoists)
}

/// Which specification the document follows, from its version member.
fn detect(root: &mut Value) -> Checked<Dialect> {
    let at = Ptr::Root;
    let map = object_mut(root, &at, "an OpenAPI or Swagger document (an object)")?;
    if let Some(version) = map.get("swagger") {
        let is_two = match version {
            Value::String(text) => text == "2.0",
            // YAML reads an unquoted `swagger: 2.0` as a number.
            Value::Number(number) => number.as_f64() == Some(2.0),
            _ => false,
        };
        return if is_two {
            Ok(Dialect::Swagger2)
        } else {
            Err(Problem::found(&at.key("swagger"), "\"2.0\"", version))
        };
    }
    let Some(version) = map.get("openapi") else {
        return Err(Problem::new(
            &at,
            "an `openapi` (\"3.0.x\", \"3.1.x\") or `swagger` (\"2.0\") version member",
            "an object with neither",
        ));
    };
    let text = match version {
        Value::String(text) => text.clone(),
        // YAML reads an unquoted `openapi: 3.0` as a number.
        Value::Number(number) => number.to_string(),
        other => {
            return Err(Problem::found(
                &at.key("openapi"),
                "a version string",
                other,
            ));
        }
    };
    let dialect = if text == "3.0" || text.starts_with("3.0.") {
        Dialect::Oas30
    } else if text == "3.1" || text.starts_with("3.1.") {
        Dialect::Oas31
    } else {
        return Err(Problem::found(
            &at.key("openapi"),
            "an OpenAPI version 3.0.x or 3.1.x",
            version,
        ));
    };
    map.insert("openapi".to_owned(), Value::String(text));
    Ok(dialect)
}

/// Checks (normalising 3.1) an OpenAPI 3.x document, resolves its references and rewrites
/// them all to component references (see [`canonical`]).
fn check_3x(document: &mut Value, dialect: Dialect) -> Checked<Vec<canonical::Hoist>> {
    let mut ctx = Ctx::new(dialect);
    oas3::check_document(document, &mut ctx)?;
    refs::resolve_all(document, &ctx.refs, false)?;
    canonical::canonicalise(document, &ctx.refs)
}

/// Types the checked document. Tracking the path of every value costs more than the typing
/// itself, and a checked document is nearly always accepted: only when the model refuses it is
/// it read again with `serde_path_to_error`, to locate what it refuses.
fn typed(document: &Value, origin: &str) -> Result<OpenAPI, LoadError> {
    if let Ok(typed) = OpenAPI::deserialize(document) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize::<_, OpenAPI>(document).map_err(|error| LoadError::Model {
        origin: origin.to_owned(),
        pointer: pointer_of(error.path()),
        message: error.inner().to_string(),
    })
}

/// The JSON pointer of a serde path (for errors of typed reads of a parsed value).
pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let tokens = path.iter().filter_map(|segment| match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { .. } | Segment::Unknown => None,
    });
    pointer::from_tokens(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_accepts_a_valid_document_and_locates_what_the_model_refuses() {
        let valid = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": {},
        });
        let typed_ok = typed(&valid, "valid.json").expect("a valid document types");
        assert_eq!(typed_ok.info.title, "t");
        let refused = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": 5, "version": "1" },
            "paths": {},
        });
        match typed(&refused, "refused.json") {
            Err(LoadError::Model {
                origin, pointer, ..
            }) => {
                assert_eq!(origin, "refused.json");
                assert_eq!(pointer, "#/info/title");
            }
            other => panic!("expected a located model error, got {other:?}"),
        }
    }
}
