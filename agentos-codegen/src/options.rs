//! What the generator can be told, whichever front door calls it: the build script
//! ([`crate::Generator::options`], [`crate::Generator::options_file`]), the CLI
//! (`--options FILE`) and the macros (`options = "FILE"`) all read the same [`Options`], so
//! identical options give identical code.
//!
//! The options file is YAML or JSON, read by the document loader's parser (same limits, same
//! `line:column` errors; a misspelt key is an error with its JSON pointer):
//!
//! ```yaml
//! # agentos-codegen options
//! status_policy:          # any field left out keeps the agentOS value
//!   declared: true
//!   always: [401, 403, 429, 500, 502, 503, 504]
//!   with_inputs: [400]
//!   with_id: [404]
//!   never: [405]
//! overlays:               # OpenAPI Overlay 1.0 files, relative to this file, applied in order
//!   - diary-overrides.yaml
//! models: across_documents  # or per_document: see `ModelSharing`
//! ```
//!
//! Overlays change the vendor's documents without editing them (see
//! [`crate::load::Overlay`]): declare a status the document forgot, mark a download with
//! `x-agentos-binary`, set an operation's error statuses with `x-agentos-statuses`.

use std::path::{Path, PathBuf};

use crate::emit::ModelSharing;
use crate::generator::Error;
use crate::load::{LoadError, parse_text};
use crate::lower::StatusPolicy;

/// The generator's options.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Options {
    /// Which error statuses each operation's enum holds (default: [`StatusPolicy::agentos`]).
    pub status_policy: StatusPolicy,
    /// OpenAPI Overlay 1.0 files applied, in order, to every document before it is read
    /// (relative paths in an options file are relative to that file).
    pub overlays: Vec<PathBuf>,
    /// Whether the documents of one client share the models and error enums they define alike (default:
    /// they do; see [`ModelSharing`]).
    pub models: ModelSharing,
}

impl Options {
    /// The agentOS defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The options in `text` (YAML or JSON); `origin` names it in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<Self, Error> {
        let value = parse_text(text, origin)?;
        serde_path_to_error::deserialize(value).map_err(|error| {
            Error::Load(LoadError::Model {
                origin: origin.to_owned(),
                pointer: crate::load::pointer_of(error.path()),
                message: error.inner().to_string(),
            })
        })
    }

    /// The options in the file at `path`; its overlays are relative to its folder.
    pub fn from_path(path: &Path) -> Result<Self, Error> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| {
            Error::Load(LoadError::Io {
                origin: origin.clone(),
                source,
            })
        })?;
        let mut options = Self::from_text(&text, &origin)?;
        let folder = path.parent().unwrap_or_else(|| Path::new(""));
        for overlay in &mut options.overlays {
            if overlay.is_relative() {
                *overlay = folder.join(&*overlay);
            }
        }
        Ok(options)
    }

    /// The files an options file names (its overlays), as [`Options::from_path`] resolves
    /// them; none when it cannot be read. For what a build must watch even when generation
    /// fails.
    pub fn files_named_by(path: &Path) -> Vec<PathBuf> {
        Self::from_path(path)
            .map(|o| o.overlays)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_left_out_keep_the_agentos_values() {
        let options = Options::from_text("status_policy:\n  never: []\n", "o.yaml").unwrap();
        let mut expected = StatusPolicy::agentos();
        expected.never.clear();
        assert_eq!(options.status_policy, expected);
        assert_eq!(Options::from_text("{}", "o.json").unwrap(), Options::new());
        assert_eq!(Options::new().models, ModelSharing::AcrossDocuments);
        let apart = Options::from_text("models: per_document", "o.yaml").unwrap();
        assert_eq!(apart.models, ModelSharing::PerDocument);
    }

    #[test]
    fn mistakes_name_their_pointer() {
        let err = Options::from_text("status_policy:\n  with_ids: [404]\n", "o.yaml").unwrap_err();
        assert_eq!(err.pointer(), Some("#/status_policy/with_ids"), "{err}");
        assert!(
            err.to_string().contains("unknown field `with_ids`"),
            "{err}"
        );
        let err = Options::from_text("status_policy: {always: [nine]}", "o.yaml").unwrap_err();
        assert_eq!(err.pointer(), Some("#/status_policy/always/0"), "{err}");
        let err = Options::from_text("status_policy: [", "o.yaml").unwrap_err();
        assert!(err.to_string().starts_with("o.yaml:1:"), "{err}");
        let err = Options::from_text("overlays: overrides.yaml", "o.yaml").unwrap_err();
        assert_eq!(err.pointer(), Some("#/overlays"), "{err}");
        let err = Options::from_text("models: shared", "o.yaml").unwrap_err();
        assert_eq!(err.pointer(), Some("#/models"), "{err}");
    }

    #[test]
    fn overlays_are_relative_to_the_options_file() {
        let dir = std::env::temp_dir().join(format!("agentos-options-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("options.yaml");
        std::fs::write(&file, "overlays: [fix.yaml, /abs/other.yaml]\n").unwrap();
        let options = Options::from_path(&file).unwrap();
        assert_eq!(
            options.overlays,
            [dir.join("fix.yaml"), PathBuf::from("/abs/other.yaml")]
        );
        assert_eq!(Options::files_named_by(&file), options.overlays);
        assert!(Options::files_named_by(&dir.join("missing.yaml")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
