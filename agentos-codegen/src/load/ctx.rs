//! What a walk over a document carries: which dialect is being read (it decides how schemas are
//! normalised) and the `$ref`s met so far (resolved once the walk is done, so that a reference
//! may point forwards).

use super::pointer::Ptr;
use super::refs::{RefKind, RefUse};

/// The specification a document (or the part being walked) follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Swagger 2.0: schemas are converted to their OpenAPI 3.0 form as they are walked.
    Swagger2,
    /// OpenAPI 3.0: read as it is.
    Oas30,
    /// OpenAPI 3.1: schemas are normalised to what the 3.0 model can hold.
    Oas31,
}

/// State of one walk.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// The dialect of the nodes being walked.
    pub(crate) dialect: Dialect,
    /// Every `$ref` met, in document order.
    pub(crate) refs: Vec<RefUse>,
}

impl Ctx {
    /// A walk over a document of `dialect`.
    pub(crate) fn new(dialect: Dialect) -> Self {
        Ctx {
            dialect,
            refs: Vec::new(),
        }
    }

    /// Notes that the object at `at` refers to `target`, which should be a `kind`.
    pub(crate) fn record(&mut self, at: &Ptr<'_>, target: &str, kind: RefKind) {
        self.refs.push(RefUse {
            pointer: at.key("$ref").render(),
            target: target.to_owned(),
            kind,
        });
    }
}
