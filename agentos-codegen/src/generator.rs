//! The `Generator` builder: the front door for build scripts, the CLI and tests.
//!
//! Three layers, as prost-build has them: a one-liner for `build.rs`
//! ([`Generator::write_to_out_dir`]), a builder for options (documents, module names, the
//! status policy), and pure functions ([`Generator::lower`], [`Generator::generate`]) that
//! touch neither the environment nor the file system beyond reading the documents.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::emit::{self, EmitError};
use crate::ir::{Spec, Warning};
use crate::load::{self, LoadError};
use crate::lower::naming::{dedupe, snake, snake_suffix};
use crate::lower::{self, LowerError, LowerOptions, StatusPolicy};
use crate::options::Options;
use crate::text::one_line;

/// Why generation failed.
///
/// `Debug` shows the same one-line message as `Display`, so a build script's
/// `fn main() -> Result<(), agentos_codegen::Error>` fails with a readable
/// `<document>: <JSON pointer>: <problem>` rather than a structure dump.
#[derive(thiserror::Error)]
pub enum Error {
    /// A document could not be read or is not a valid OpenAPI/Swagger document.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A valid document the generator cannot turn into code.
    #[error("{}: {source}", one_line(.origin))]
    Lower {
        /// The document.
        origin: String,
        /// What and where.
        #[source]
        source: LowerError,
    },
    /// The generator produced invalid code (a bug).
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The output file could not be read or written.
    #[error("{}: {source}", one_line(&path.display().to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// `generate` was called without any document.
    #[error("no document to generate from: add one with `.spec(path)`")]
    NoSpec,
    /// `write_to_out_dir` outside a build script.
    #[error(
        "OUT_DIR is not set: `write_to_out_dir` is for build scripts; use `write_to` elsewhere"
    )]
    NoOutDir,
    /// A module name given to `spec_as` is not a snake-case Rust identifier.
    #[error("module name `{}` is not a snake-case Rust identifier", one_line(.0))]
    ModuleName(String),
    /// The file name given to `write_to_out_dir` would leave `OUT_DIR`.
    #[error(
        "`{}` is not a file name inside OUT_DIR: give a relative path without `..` (e.g. `agentos.rs`)",
        one_line(.0)
    )]
    OutputName(String),
    /// A document's path cannot be written into a `cargo:rerun-if-changed` line (it is not
    /// UTF-8, or holds a line break or control character, which would end the directive and
    /// start another).
    #[error(
        "the path {} cannot be given to cargo: it is not UTF-8 or holds control characters",
        one_line(&.0.display().to_string())
    )]
    UnsafePath(PathBuf),
    /// The output path is a symbolic link. Writing through it would overwrite whatever file it
    /// points at; replacing it would silently turn the link into a file.
    #[error(
        "{}: is a symbolic link: the output is not written through a link; give the path of a file (or of none yet)",
        one_line(&.0.display().to_string())
    )]
    SymlinkOutput(PathBuf),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl Error {
    /// The JSON pointer of the offending construct, when the error is about one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Error::Load(e) => e.pointer(),
            Error::Lower { source, .. } => Some(source.pointer()),
            _ => None,
        }
    }
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Path(PathBuf),
    Text { origin: String, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Input {
    source: Source,
    module: Option<String>,
}

/// Generates a typed agentOS client from one or more OpenAPI/Swagger documents.
///
/// In `build.rs` (with `agentos-codegen` as a build dependency):
///
/// ```no_run
/// agentos_codegen::Generator::new()
///     .spec("spec/agentos.yaml")
///     .write_to_out_dir("agentos.rs")
///     .unwrap();
/// ```
///
/// and in the crate: `mod agentos { include!(concat!(env!("OUT_DIR"), "/agentos.rs")); }`.
///
/// One document gives top-level modules (`models`, then one per call group); several give one
/// module per document, named after the file stem (`basic-tier.json` -> `basic_tier`) unless
/// named with [`Generator::spec_as`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generator {
    inputs: Vec<Input>,
    options: Options,
    /// The options file, when the options came from one (a build must watch it).
    options_file: Option<PathBuf>,
}

/// Everything one run of the generator produced: the IR of every document (what the macros
/// and `list` read), the warnings (things skipped or approximated, with their pointers) and the
/// formatted code.
#[derive(Debug, Clone)]
pub struct Generated {
    specs: Vec<Spec>,
    code: String,
}

impl Generated {
    /// The generated source, formatted, starting with its `@generated` header.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The lowered documents.
    pub fn specs(&self) -> &[Spec] {
        &self.specs
    }

    /// Every warning, with the document it is about.
    pub fn warnings(&self) -> impl Iterator<Item = (&str, &Warning)> {
        self.specs.iter().flat_map(|spec| {
            spec.api
                .warnings
                .iter()
                .map(move |w| (spec.origin.as_str(), w))
        })
    }

    /// Writes the code to `path` only when it differs from what is there (so the file's mtime,
    /// and what depends on it, stays put otherwise). Returns whether it wrote.
    ///
    /// The file is replaced through a temporary file beside it, never written in place, so it
    /// is never seen half-written and a failed write leaves the old one; a `path` that is a
    /// symbolic link is refused ([`Error::SymlinkOutput`]).
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<bool, Error> {
        write_if_changed(path.as_ref(), &self.code)
    }
}

impl Generator {
    /// A generator with no documents and the agentOS status policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a document (JSON or YAML; Swagger 2.0, OpenAPI 3.0 or 3.1).
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.inputs.push(Input {
            source: Source::Path(path.as_ref().to_owned()),
            module: None,
        });
        self
    }

    /// Adds a document whose code goes in a module of this name (even when it is the only one).
    pub fn spec_as(mut self, module: &str, path: impl AsRef<Path>) -> Self {
        self.inputs.push(Input {
            source: Source::Path(path.as_ref().to_owned()),
            module: Some(module.to_owned()),
        });
        self
    }

    /// Adds a document from its text; `origin` names it in errors and in the output header.
    pub fn spec_text(mut self, origin: &str, text: &str) -> Self {
        self.inputs.push(Input {
            source: Source::Text {
                origin: origin.to_owned(),
                text: text.to_owned(),
            },
            module: None,
        });
        self
    }

    /// Replaces every option (see [`Options`]; the macros read the same from
    /// `options = "FILE"`).
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Reads the options from a YAML or JSON file (see [`crate::options`] for its form); a
    /// file that cannot be read, or holds an unknown key, is an error naming it.
    pub fn options_file(self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let options = Options::from_path(path.as_ref())?;
        let mut generator = self.options(options);
        generator.options_file = Some(path.as_ref().to_owned());
        Ok(generator)
    }

    /// Adds an OpenAPI Overlay 1.0 file, applied to every document after the overlays before
    /// it (see [`crate::load::Overlay`]; an options file lists them under `overlays`).
    pub fn overlay(mut self, path: impl AsRef<Path>) -> Self {
        self.options.overlays.push(path.as_ref().to_owned());
        self
    }

    /// The options in force.
    pub fn current_options(&self) -> &Options {
        &self.options
    }

    /// Replaces the status policy (default: [`StatusPolicy::agentos`]).
    pub fn status_policy(mut self, policy: StatusPolicy) -> Self {
        self.options.status_policy = policy;
        self
    }

    /// Sets the statuses every operation can return (agentOS: 401, 403, 429, 500, 502, 503,
    /// 504).
    pub fn api_wide_statuses(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.options.status_policy.always = codes.into_iter().collect();
        self
    }

    /// Sets the statuses of operations that take inputs besides `shortName` (agentOS: 400).
    pub fn input_statuses(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.options.status_policy.with_inputs = codes.into_iter().collect();
        self
    }

    /// Sets the statuses of operations that address a resource by an id, in the path or the
    /// query (agentOS: 404; the rule is in [`crate::lower::status`]).
    pub fn id_statuses(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.options.status_policy.with_id = codes.into_iter().collect();
        self
    }

    /// Sets the statuses never included, even when declared (agentOS: 405).
    pub fn never_statuses(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.options.status_policy.never = codes.into_iter().collect();
        self
    }

    /// Whether the documents share the models and error enums they define alike (default:
    /// [`ModelSharing::AcrossDocuments`](crate::emit::ModelSharing)).
    pub fn model_sharing(mut self, sharing: crate::emit::ModelSharing) -> Self {
        self.options.models = sharing;
        self
    }

    /// Whether the statuses a document declares are included (default: yes).
    pub fn declared_statuses(mut self, include: bool) -> Self {
        self.options.status_policy.declared = include;
        self
    }

    /// The paths of the documents read from files.
    pub fn spec_paths(&self) -> Vec<&Path> {
        self.inputs
            .iter()
            .filter_map(|input| match &input.source {
                Source::Path(path) => Some(path.as_path()),
                Source::Text { .. } => None,
            })
            .collect()
    }

    /// Every file the output depends on: the documents read from files, the options file and
    /// the overlays (what a build script must watch).
    pub fn watched_paths(&self) -> Vec<&Path> {
        let mut paths = self.spec_paths();
        paths.extend(self.options_file.as_deref());
        paths.extend(self.options.overlays.iter().map(PathBuf::as_path));
        paths
    }

    /// Loads and lowers every document: the IR the emitter and `agentos-macros` read.
    pub fn lower(&self) -> Result<Vec<Spec>, Error> {
        if self.inputs.is_empty() {
            return Err(Error::NoSpec);
        }
        let modules = self.module_names()?;
        let overlays = self
            .options
            .overlays
            .iter()
            .map(|path| load::Overlay::from_path(path))
            .collect::<Result<Vec<_>, _>>()?;
        let mut applied: Vec<(&load::Overlay, Vec<bool>)> = overlays
            .iter()
            .map(|overlay| (overlay, vec![false; overlay.len()]))
            .collect();
        let mut specs = Vec::with_capacity(self.inputs.len());
        for (input, module) in self.inputs.iter().zip(modules) {
            let (origin, doc) = match &input.source {
                Source::Path(path) => (
                    path.display().to_string(),
                    load::load_path_with(path, &mut applied)?,
                ),
                Source::Text { origin, text } => (
                    origin.clone(),
                    load::load_str_with(text, origin, &mut applied)?,
                ),
            };
            let options = LowerOptions {
                policy: self.options.status_policy.clone(),
            };
            let api = lower::lower(&doc, &options).map_err(|source| Error::Lower {
                origin: origin.clone(),
                source,
            })?;
            specs.push(Spec {
                module,
                origin,
                api,
            });
        }
        // An action that changed nothing anywhere is a mistake (a misspelt path, a document
        // that moved on): said, not ignored.
        for (overlay, selected) in &applied {
            if let Some(index) = selected.iter().position(|s| !s) {
                return Err(Error::Load(LoadError::Model {
                    origin: overlay.origin().to_owned(),
                    pointer: overlay.action_pointer(index),
                    message: "the target selects nothing in any of the documents".to_owned(),
                }));
            }
        }
        Ok(specs)
    }

    /// Loads, lowers and renders every document: the complete result, warnings included.
    /// Pure: reads the documents, writes nothing. Every front door (build scripts, the CLI,
    /// the macros) comes through here or through [`Generator::lower`].
    pub fn run(&self) -> Result<Generated, Error> {
        let specs = self.lower()?;
        let code = emit::render(&specs, self.options.models)?;
        Ok(Generated { specs, code })
    }

    /// The generated source, formatted ([`Generator::run`]'s code, its warnings dropped).
    pub fn generate(&self) -> Result<String, Error> {
        Ok(self.run()?.code)
    }

    /// Generates into `path`, writing only when the content changed (as
    /// [`Generated::write_to`] does). Returns whether it wrote.
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<bool, Error> {
        self.run()?.write_to(path)
    }

    /// For build scripts: prints `cargo:rerun-if-changed` for every document, generates into
    /// `$OUT_DIR/<file_name>` (only when changed, as [`Generated::write_to`] writes), and prints
    /// the generator's warnings as `cargo:warning`. Returns the path written.
    ///
    /// Nothing a document holds can become a directive of its own: every line printed is one
    /// line whatever the text in it ([`crate::text::one_line`]), and a document path that
    /// cannot be printed on one line is refused. `file_name` must stay inside `OUT_DIR` (a
    /// relative path without `..`).
    pub fn write_to_out_dir(&self, file_name: &str) -> Result<PathBuf, Error> {
        let relative = inside(file_name)?;
        let out_dir = std::env::var_os("OUT_DIR").ok_or(Error::NoOutDir)?;
        let mut stdout = std::io::stdout().lock();
        self.build_script(Path::new(&out_dir), relative, &mut stdout)
    }

    /// What `write_to_out_dir` does, with the output directory and where the directives go
    /// given: every line written to `directives` is one `cargo:` directive.
    fn build_script(
        &self,
        out_dir: &Path,
        relative: &Path,
        directives: &mut dyn std::io::Write,
    ) -> Result<PathBuf, Error> {
        let mut lines = Vec::new();
        for path in self.watched_paths() {
            let text = path
                .to_str()
                .filter(|text| one_line(text) == *text)
                .ok_or_else(|| Error::UnsafePath(path.to_owned()))?;
            lines.push(format!("cargo:rerun-if-changed={text}"));
        }
        let path = out_dir.join(relative);
        let result = self.lower().and_then(|specs| {
            for spec in &specs {
                for warning in &spec.api.warnings {
                    lines.push(format!(
                        "cargo:warning={}: {warning}",
                        one_line(&spec.origin)
                    ));
                }
            }
            let code = emit::render(&specs, self.options.models)?;
            write_if_changed(&path, &code)
        });
        // The rerun lines go out even when generation fails: fixing the document reruns it.
        for line in lines {
            writeln!(directives, "{line}").map_err(|source| Error::Io {
                path: PathBuf::from("<stdout>"),
                source,
            })?;
        }
        result.map(|_| path)
    }

    /// Module names: none for a single unnamed document; otherwise the given name or the file
    /// stem, made unique.
    fn module_names(&self) -> Result<Vec<Option<String>>, Error> {
        for input in &self.inputs {
            if let Some(module) = &input.module
                && snake(module) != *module
            {
                return Err(Error::ModuleName(module.clone()));
            }
        }
        if self.inputs.len() == 1 {
            return Ok(vec![self.inputs[0].module.clone()]);
        }
        let bases: Vec<String> = self
            .inputs
            .iter()
            .map(|input| match (&input.module, &input.source) {
                (Some(module), _) => module.clone(),
                (None, Source::Path(path)) => snake(
                    &path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
                (None, Source::Text { origin, .. }) => {
                    let stem = Path::new(origin)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| origin.clone());
                    snake(&stem)
                }
            })
            .collect();
        let names = dedupe(&bases, &BTreeSet::new(), snake_suffix);
        Ok(names.into_iter().map(Some).collect())
    }
}

/// `file_name` as a path inside the output directory: relative, made of plain names only (no
/// `..`, `.`, root or drive prefix).
fn inside(file_name: &str) -> Result<&Path, Error> {
    use std::path::Component;
    let path = Path::new(file_name);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if file_name.is_empty() || !plain || path.file_name().is_none() {
        return Err(Error::OutputName(file_name.to_owned()));
    }
    Ok(path)
}

/// Writes `code` to `path` unless the file already holds exactly that (so its mtime, and what
/// depends on it, stays put). Returns whether it wrote.
///
/// The file is replaced, never written in place ([`replace_file`]): a reader (a build, an
/// editor) sees the old file or the new one, never half of one, and a failed write leaves the
/// old file as it was. A `path` that is a symbolic link is refused ([`Error::SymlinkOutput`]).
fn write_if_changed(path: &Path, code: &str) -> Result<bool, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    // The link itself, not what it points at: `-o link` must not reach a file elsewhere, and
    // a dangling link must not create one.
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Error::SymlinkOutput(path.to_owned()));
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if existing.is_some() && std::fs::read_to_string(path).is_ok_and(|text| text == code) {
        return Ok(false);
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_owned(),
            source,
        })?;
    }
    // The replacement keeps the old file's permissions (a file made read-only stays so).
    let permissions = existing
        .filter(|meta| meta.is_file())
        .map(|meta| meta.permissions());
    replace_file(path, permissions, |file| {
        std::io::Write::write_all(file, code.as_bytes())
    })
    .map_err(io)?;
    Ok(true)
}

/// Replaces `path` with a file whose content `fill` writes: into a new temporary file in the
/// same folder (a rename is atomic only within one file system), flushed to disk, then renamed
/// over `path`. The rename replaces a link at `path` rather than following it, so even a link
/// put there after the caller looked cannot redirect the write. On any failure the temporary
/// file is removed and `path` is left as it was.
fn replace_file(
    path: &Path,
    permissions: Option<std::fs::Permissions>,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (temp, mut file) = create_temp_beside(path)?;
    let written = fill(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| match permissions {
            Some(permissions) => file.set_permissions(permissions),
            None => Ok(()),
        });
    // Closed before the rename: Windows cannot rename an open file.
    drop(file);
    let result = written.and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        // Best effort: the error worth reporting is the one that got us here.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Creates a new file next to `path`, named after it (`.<name>.<pid>.<n>.tmp`), failing rather
/// than opening anything already there (a file, or a link planted under a guessed name).
fn create_temp_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Unique within the process; the pid makes it unique between processes.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A name left behind by a crashed run is skipped, not reused; give up after many.
    for _ in 0..100 {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        temp_name.push(format!(".{}.{n}.tmp", std::process::id()));
        let temp = dir.join(temp_name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free name for a temporary file beside it",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document whose text tries to start cargo directives of its own: in a schema name
    /// that a warning quotes, in a parameter name, and in the path of the document.
    const HOSTILE: &str = r#"{
      "openapi": "3.0.0",
      "info": {"title": "t\ncargo:rustc-cfg=pwned", "version": "1"},
      "paths": {"/v3/diary/{shortName}/x": {"get": {
        "parameters": [{"name": "h\ncargo:rustc-env=PWNED=x\r\ncargo::rustc-link-arg=-evil", "in": "header", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok\ncargo:rustc-cfg=pwned"}}}}}
    }"#;

    #[test]
    fn document_text_never_becomes_a_cargo_directive() {
        let dir = std::env::temp_dir().join(format!("agentos-directives-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let origin = "spec\ncargo:rustc-cfg=pwned.json";
        let generator = Generator::new().spec_text(origin, HOSTILE);
        let mut printed = Vec::new();
        let path = generator
            .build_script(&dir, Path::new("out.rs"), &mut printed)
            .unwrap();
        let printed = String::from_utf8(printed).unwrap();
        let lines: Vec<&str> = printed.lines().collect();
        assert!(!lines.is_empty(), "a warning is printed: {printed}");
        for line in &lines {
            assert!(line.starts_with("cargo:warning="), "{line:?}");
            assert!(!line.contains(['\r', '\n']));
        }
        assert!(printed.contains("h\\ncargo:rustc-env=PWNED=x\\r\\ncargo::rustc-link-arg"));
        assert!(path.ends_with("out.rs"));
        std::fs::remove_dir_all(&dir).unwrap();

        // A document path that cannot stand on one line is refused, not printed.
        let err = Generator::new()
            .spec("spec\ncargo:rustc-cfg=pwned.yaml")
            .build_script(&dir, Path::new("out.rs"), &mut Vec::new())
            .unwrap_err();
        assert!(matches!(err, Error::UnsafePath(_)), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }

    #[test]
    fn output_names_stay_inside_out_dir() {
        for bad in [
            "../x.rs",
            "/tmp/x.rs",
            "a/../../x.rs",
            "./x.rs",
            "",
            ".",
            "..",
            "a/..",
        ] {
            assert!(
                matches!(inside(bad), Err(Error::OutputName(_))),
                "{bad:?} is accepted"
            );
        }
        for good in ["agentos.rs", "gen/agentos.rs", "a b.rs"] {
            assert_eq!(inside(good).unwrap(), Path::new(good));
        }
    }

    /// A fresh, empty directory for one test.
    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("agentos-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writing_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = scratch_dir("replace");
        let path = dir.join("out.rs");
        assert!(write_if_changed(&path, "first").unwrap());
        assert!(write_if_changed(&path, "second").unwrap());
        assert!(!write_if_changed(&path, "second").unwrap(), "unchanged");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(names(&dir), ["out.rs"]);
        // A folder that does not exist yet is made.
        let nested = dir.join("gen/deeper/out.rs");
        assert!(write_if_changed(&nested, "code").unwrap());
        assert_eq!(std::fs::read_to_string(&nested).unwrap(), "code");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = scratch_dir("failed-write");
        let path = dir.join("out.rs");
        std::fs::write(&path, "old").unwrap();
        // The write fails halfway through.
        let err = replace_file(&path, None, |file| {
            std::io::Write::write_all(file, b"half of the ne")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(&dir), ["out.rs"]);
        // The rename fails (a non-empty folder is in the way): the temporary file goes too.
        let folder = dir.join("taken");
        std::fs::create_dir_all(folder.join("inside")).unwrap();
        let err = write_if_changed(&folder, "code").unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err}");
        assert_eq!(names(&dir), ["out.rs", "taken"]);
        assert_eq!(names(&folder), ["inside"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_refused_and_what_it_points_at_is_untouched() {
        let dir = scratch_dir("symlink");
        let target = dir.join("precious.txt");
        std::fs::write(&target, "precious").unwrap();
        let link = dir.join("out.rs");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let dangling = dir.join("dangling.rs");
        std::os::unix::fs::symlink(dir.join("nowhere.rs"), &dangling).unwrap();
        // Even with the content the target already holds.
        for (path, code) in [(&link, "code"), (&link, "precious"), (&dangling, "code")] {
            let err = write_if_changed(path, code).unwrap_err();
            assert!(
                matches!(&err, Error::SymlinkOutput(p) if p == path),
                "{err}"
            );
            assert!(err.to_string().contains("is a symbolic link"), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(names(&dir), ["dangling.rs", "out.rs", "precious.txt"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_replacement_keeps_the_old_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch_dir("permissions");
        let path = dir.join("out.rs");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(write_if_changed(&path, "new").unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
