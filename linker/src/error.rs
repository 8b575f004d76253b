//! Link errors: each names the importing component and the WIT item concerned.

use std::fmt;
use thiserror::Error;

/// One reason a set of packages does not link.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    /// A package's WIT world could not be decoded.
    #[error("{component}: cannot decode its WIT world: {reason}")]
    Decode {
        /// The package.
        component: String,
        /// What the decoder said.
        reason: String,
    },
    /// Two inputs share a code hash but disagree about what the package is.
    #[error(
        "{first} and {second} have the same code hash {hash} but different metadata ({detail})"
    )]
    DuplicateHash {
        /// The shared hash (hex).
        hash: String,
        /// The first input's name.
        first: String,
        /// The second input's name.
        second: String,
        /// What differs.
        detail: String,
    },
    /// Nothing exports the imported item at all.
    #[error(
        "{importer} imports {import}: no component or host interface provides it{}",
        suggest(closest)
    )]
    Unresolved {
        /// The importing component.
        importer: String,
        /// The import's world key.
        import: String,
        /// The closest exported names, nearest first (each with its provider).
        closest: Vec<String>,
    },
    /// Providers exist, but at versions semver does not reconcile with the import.
    #[error("{importer} imports {import}: no compatible version; found {}", found.join(", "))]
    VersionIncompatible {
        /// The importing component.
        importer: String,
        /// The import's world key.
        import: String,
        /// The incompatible exports found (`name (provider)`).
        found: Vec<String>,
    },
    /// More than one provider fits equally well.
    #[error("{importer} imports {import}: ambiguous, provided by {}; choose one in the wiring file: [[wire]] importer = \"{importer}\", interface = \"{import}\", provider = \"...\"", candidates.join(", "))]
    Ambiguous {
        /// The importing component.
        importer: String,
        /// The import's world key.
        import: String,
        /// The equally good providers (`name (provider)`).
        candidates: Vec<String>,
    },
    /// The chosen provider's export differs structurally from what the import expects.
    #[error("{importer} imports {import}: {detail} (provider {provider})")]
    TypeMismatch {
        /// The importing component.
        importer: String,
        /// The import's world key.
        import: String,
        /// The provider and its export name.
        provider: String,
        /// The WIT path to the first difference and what differs.
        detail: String,
    },
    /// The resolved graph has a cycle; the runtime calls synchronously, so it is refused.
    #[error("import cycle (the runtime calls synchronously, so cycles are refused): {}", path.join(", "))]
    Cycle {
        /// Each edge of the cycle, as `a imports X from b`.
        path: Vec<String>,
    },
    /// The wiring file is malformed or refers to something that does not exist.
    #[error("wiring: {0}")]
    Wiring(String),
    /// The resolved graph failed the manifest's own checks (a linker defect if seen).
    #[error("manifest: {0}")]
    Manifest(rivet_format::manifest::ManifestError),
    /// A component's runtime tables could not be built (a linker defect if seen).
    #[error("{component}: runtime tables: {reason}")]
    Tables {
        /// The component.
        component: String,
        /// What is missing.
        reason: String,
    },
}

fn suggest(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", closest.join(", "))
    }
}

/// Every reason a link failed, in a deterministic order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkErrors(pub Vec<LinkError>);

impl fmt::Display for LinkErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LinkErrors {}

impl From<LinkError> for LinkErrors {
    fn from(e: LinkError) -> Self {
        LinkErrors(vec![e])
    }
}
