//! Finding, loading and caching the schema an expansion checks against, through the one
//! `agentos_codegen::Generator` a build script uses, with the same options.
//!
//! Where the schema is: `spec = "FILE"` if given, else the `AGENTOS_SPEC` environment variable
//! (a build script can set it with `cargo:rustc-env=AGENTOS_SPEC=...`), else
//! `spec/agentos.yaml`. The generator's options (`agentos_codegen::options`): `options =
//! "FILE"` if given, else the `AGENTOS_OPTIONS` environment variable, else none (the agentOS
//! defaults). A relative path is resolved against `AGENTOS_SPEC_DIR` when that is set (e.g.
//! from `.cargo/config.toml`'s `[env]`, to make paths relative to a workspace root), and
//! against `CARGO_MANIFEST_DIR` otherwise.
//!
//! A compiler process expands every annotation of a crate; the document is loaded and lowered
//! once for all of them: the result (or the error) is kept in a process-wide cache keyed by the
//! canonical paths, modification times and lengths of the schema and the options file, so an
//! editor's long-lived macro server still sees edits. Each real load, and each expansion,
//! appends a line to the file named by `AGENTOS_MACROS_TRACE`, which is how
//! `scripts/macro-build-time.sh` shows that loading happens once and measures the time spent in
//! the macros.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use agentos_codegen::ir::Api;
use agentos_codegen::{Generator, Options};

/// The schema used when neither `spec = ".."` nor `AGENTOS_SPEC` names one.
pub const DEFAULT_SPEC: &str = "spec/agentos.yaml";
/// Environment variable naming the schema when the annotation does not.
pub const SPEC_ENV: &str = "AGENTOS_SPEC";
/// Environment variable overriding the base directory of relative schema paths.
pub const SPEC_DIR_ENV: &str = "AGENTOS_SPEC_DIR";
/// Environment variable naming the generator's options file when the annotation does not.
pub const OPTIONS_ENV: &str = "AGENTOS_OPTIONS";
/// Environment variable naming a file that gets one line per schema load.
pub const TRACE_ENV: &str = "AGENTOS_MACROS_TRACE";

/// Where a schema is and how the user spelt it.
#[derive(Debug, Clone)]
pub struct Location {
    /// The path as written (literal, environment variable or default).
    pub written: String,
    /// Where the spelling came from when it is not the annotation's `spec = ..`, for messages.
    pub source: Option<&'static str>,
    /// The path resolved against the base directory.
    pub path: PathBuf,
}

/// Resolves the schema path of an annotation (see the module docs for the rules).
pub fn locate(literal: Option<&str>) -> Location {
    let (written, source) = match literal {
        Some(text) => (text.to_owned(), None),
        None => match std::env::var(SPEC_ENV) {
            Ok(text) if !text.is_empty() => {
                (text, Some("named by the AGENTOS_SPEC environment variable"))
            }
            _ => (DEFAULT_SPEC.to_owned(), Some("the default schema")),
        },
    };
    resolved(written, source)
}

/// Resolves the options file of an annotation: `options = ".."`, else `AGENTOS_OPTIONS`, else
/// none.
pub fn locate_options(literal: Option<&str>) -> Option<Location> {
    match literal {
        Some(text) => Some(resolved(text.to_owned(), None)),
        None => match std::env::var(OPTIONS_ENV) {
            Ok(text) if !text.is_empty() => Some(resolved(
                text,
                Some("named by the AGENTOS_OPTIONS environment variable"),
            )),
            _ => None,
        },
    }
}

fn resolved(written: String, source: Option<&'static str>) -> Location {
    let relative = Path::new(&written);
    let path = if relative.is_absolute() {
        relative.to_path_buf()
    } else {
        base_dir().join(relative)
    };
    Location {
        written,
        source,
        path,
    }
}

/// `AGENTOS_SPEC_DIR`, else `CARGO_MANIFEST_DIR`, else the working directory.
fn base_dir() -> PathBuf {
    [SPEC_DIR_ENV, "CARGO_MANIFEST_DIR"]
        .into_iter()
        .find_map(|name| std::env::var_os(name).filter(|v| !v.is_empty()))
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// A loaded and lowered schema.
#[derive(Debug)]
pub struct Schema {
    /// Every file the code depends on: the schema, the options file, its overlays.
    pub watched: Vec<PathBuf>,
    /// The lowered document.
    pub api: Api,
    /// The options' model sharing, handed to the emitter as a build script's `Generator`
    /// hands it (one document shares nothing, but the emitter gets the same options).
    pub sharing: agentos_codegen::ModelSharing,
}

/// Cache key: a file is the same while its path, mtime and length are.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileKey {
    path: PathBuf,
    modified: Option<SystemTime>,
    len: u64,
}

/// A schema lowered with options.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    schema: FileKey,
    options: Option<FileKey>,
    /// The overlays the options file names (a missing one is keyed by its path alone).
    overlays: Vec<FileKey>,
}

/// The key of the file at `location`, or the message saying why it cannot be read.
fn file_key(location: &Location, what: &str) -> Result<FileKey, Arc<str>> {
    let path = &location.path;
    let key = std::fs::canonicalize(path).and_then(|canonical| {
        let meta = std::fs::metadata(&canonical)?;
        Ok(FileKey {
            path: canonical,
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    });
    key.map_err(|err| {
        let source = location
            .source
            .map(|s| format!("{s}, "))
            .unwrap_or_default();
        format!(
            "cannot read the {what} `{}` ({source}resolved to `{}`): {err}\n\
             note: relative paths are resolved against CARGO_MANIFEST_DIR (or AGENTOS_SPEC_DIR \
             when set); name the file with {}",
            location.written,
            path.display(),
            if what == "schema" {
                "`spec = \"path/to/schema.yaml\"` or the AGENTOS_SPEC environment variable"
            } else {
                "`options = \"path/to/options.yaml\"` or the AGENTOS_OPTIONS environment variable"
            }
        )
        .into()
    })
}

type Loaded = Result<Arc<Schema>, Arc<str>>;

/// Every schema loaded by this process. A handful of entries at most: a linear scan is enough.
static CACHE: Mutex<Vec<(Key, Loaded)>> = Mutex::new(Vec::new());

/// Loads and lowers the schema at `location` with the options at `options` (through
/// `agentos_codegen::Generator`, as a build script would), once per process and file
/// version.
///
/// The error is the message to show: it names the file and, for a document that is not valid,
/// the JSON pointer of the offending node.
pub fn load(location: &Location, options: Option<&Location>) -> Loaded {
    let key = Key {
        schema: file_key(location, "schema")?,
        options: options
            .map(|options| file_key(options, "options file"))
            .transpose()?,
        overlays: options
            .map(|o| Options::files_named_by(&o.path))
            .unwrap_or_default()
            .into_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                FileKey {
                    modified: meta.as_ref().and_then(|m| m.modified().ok()),
                    len: meta.map_or(0, |m| m.len()),
                    path,
                }
            })
            .collect(),
    };
    // A poisoned lock only means another expansion panicked mid-insert; the data is still a
    // list of finished entries.
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, loaded)) = cache.iter().find(|(k, _)| *k == key) {
        return loaded.clone();
    }
    let started = Instant::now();
    let loaded = load_uncached(&location.path, options.map(|o| o.path.as_path()));
    trace(&location.path, started, &loaded);
    cache.retain(|(k, _)| k.schema.path != key.schema.path || k.options != key.options);
    cache.push((key, loaded.clone()));
    loaded
}

fn load_uncached(path: &Path, options: Option<&Path>) -> Loaded {
    let error = |e: agentos_codegen::Error| Arc::<str>::from(e.to_string());
    let mut generator = Generator::new().spec(path);
    if let Some(options) = options {
        generator = generator.options_file(options).map_err(error)?;
    }
    let watched: Vec<PathBuf> = generator
        .watched_paths()
        .into_iter()
        .map(Path::to_path_buf)
        .collect();
    let sharing = generator.current_options().models;
    let mut specs = generator.lower().map_err(error)?;
    let api = specs.pop().map(|spec| spec.api).ok_or_else(|| {
        Arc::<str>::from(format!(
            "{}: the generator returned no document",
            path.display()
        ))
    })?;
    Ok(Arc::new(Schema {
        watched,
        api,
        sharing,
    }))
}

/// The files a failed expansion must depend on, so that fixing any of them rebuilds: the
/// schema, the options file and the overlays it names (those that exist).
pub fn watched_files(location: &Location, options: Option<&Location>) -> Vec<PathBuf> {
    let mut files = vec![location.path.clone()];
    if let Some(options) = options {
        files.push(options.path.clone());
        files.extend(Options::files_named_by(&options.path));
    }
    files.retain(|path| path.is_file());
    files
}

/// Appends `loaded <path> in <ms> ms (pid <pid>)` to the `AGENTOS_MACROS_TRACE` file, if set.
fn trace(path: &Path, started: Instant, loaded: &Loaded) {
    let outcome = if loaded.is_ok() { "loaded" } else { "failed" };
    trace_line(&format!("{outcome} {}", path.display()), started);
}

/// Appends `<what> in <ms> ms (pid <pid>)` to the `AGENTOS_MACROS_TRACE` file, if set, timing
/// from `started`. Failing to write the trace must not fail the build, so errors are ignored.
pub fn trace_line(what: &str, started: Instant) {
    let Some(file) = std::env::var_os(TRACE_ENV).filter(|v| !v.is_empty()) else {
        return;
    };
    let line = format!(
        "{what} in {:.1} ms (pid {})\n",
        started.elapsed().as_secs_f64() * 1000.0,
        std::process::id()
    );
    if let Ok(mut out) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
    {
        let _ = out.write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_spec() -> Location {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/agentos.yaml");
        Location {
            written: "../spec/agentos.yaml".into(),
            source: None,
            path,
        }
    }

    #[test]
    fn loads_once_per_file_version() {
        let location = workspace_spec();
        let first = load(&location, None).unwrap();
        let second = load(&location, None).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(first.api.operations().count() > 30);
    }

    #[test]
    fn an_edited_file_is_loaded_again() {
        let dir = std::env::temp_dir().join(format!("agentos-macros-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("schema.yaml");
        let document = |title: &str| {
            format!("openapi: 3.0.3\ninfo: {{title: {title}, version: '1'}}\npaths: {{}}\n")
        };
        std::fs::write(&path, document("first")).unwrap();
        let location = Location {
            written: "schema.yaml".into(),
            source: None,
            path: path.clone(),
        };
        let first = load(&location, None).unwrap();
        assert!(Arc::ptr_eq(&first, &load(&location, None).unwrap()));
        // A different length changes the key even when the mtime's resolution is coarse.
        std::fs::write(&path, document("second one")).unwrap();
        let second = load(&location, None).unwrap();
        assert_eq!(
            (first.api.title.as_str(), second.api.title.as_str()),
            ("first", "second one")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_file_names_the_path_and_how_it_was_resolved() {
        let location = Location {
            written: "nope/missing.yaml".into(),
            source: None,
            path: PathBuf::from("/definitely/not/here/missing.yaml"),
        };
        let err = load(&location, None).unwrap_err();
        assert!(
            err.contains("cannot read the schema `nope/missing.yaml`"),
            "{err}"
        );
        assert!(err.contains("/definitely/not/here/missing.yaml"), "{err}");
    }

    #[test]
    fn absolute_paths_are_kept_and_relative_ones_joined() {
        let location = locate(Some("/abs/schema.yaml"));
        assert_eq!(location.path, PathBuf::from("/abs/schema.yaml"));
        let location = locate(Some("rel/schema.yaml"));
        assert!(location.path.ends_with("rel/schema.yaml"));
        assert_eq!(location.written, "rel/schema.yaml");
    }
}
