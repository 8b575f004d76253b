//! Why a component graph is not a valid manifest.

use crate::hash::CodeHash;
use thiserror::Error;

/// A broken manifest invariant (see the [`super`] module docs), naming where.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ManifestError {
    /// Components are not in canonical order.
    #[error("components not strictly sorted by hash at {0}")]
    Unsorted(CodeHash),
    /// A per-component invariant does not hold.
    #[error("component {component}: {reason}")]
    Invalid {
        /// `name (short hash)`.
        component: String,
        /// Which invariant, and where.
        reason: String,
    },
    /// An import is wired to an export of a different type.
    #[error(
        "component {importer}: core import {import} is wired to {provider} export {export}, \
         but their types differ: {detail}"
    )]
    TypeMismatch {
        /// The importing component.
        importer: String,
        /// `module.name` of the core import.
        import: String,
        /// The providing component.
        provider: String,
        /// The provider's export key.
        export: String,
        /// The first difference found, with its path.
        detail: String,
    },
    /// The provider graph has a cycle (the runtime calls synchronously, so a cycle
    /// could never return).
    #[error("import cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
}

/// [`ManifestError::Invalid`] for component `who`.
pub(crate) fn invalid(who: &str, reason: impl Into<String>) -> ManifestError {
    ManifestError::Invalid {
        component: who.to_string(),
        reason: reason.into(),
    }
}
