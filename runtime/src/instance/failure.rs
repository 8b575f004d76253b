//! The failure of an embedder's import, carried back through the engine as a value.
//!
//! An import may fail for a reason the embedder defines (in a call tree: the
//! [`CallTrap`](crate::component::CallTrap) of a nested call). The engine stops the guest and
//! the failure comes back out of [`Instance::invoke`](super::Instance::invoke) as
//! [`CallError::Import`](super::CallError::Import) unchanged, so the embedder can
//! recover its own typed error with [`ImportFailure::downcast_ref`] instead of parking
//! it on the side.

use std::fmt;
use std::sync::Arc;

/// A typed import failure (shared, so errors that carry it stay cheap to clone).
#[derive(Clone)]
pub struct ImportFailure(Arc<dyn std::error::Error + Send + Sync>);

impl ImportFailure {
    /// Wraps an embedder's error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        ImportFailure(Arc::new(e))
    }

    /// Wraps an already boxed error.
    pub fn from_boxed(e: Box<dyn std::error::Error + Send + Sync>) -> Self {
        ImportFailure(Arc::from(e))
    }

    /// The embedder's error, if it is a `T`.
    pub fn downcast_ref<T: std::error::Error + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref::<T>()
    }
}

/// An import failure described only by a message, for embedders whose failures are
/// just text (test hosts, the spec-test linker): `Err(message.into())`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportMessage(pub String);

impl From<String> for ImportFailure {
    fn from(s: String) -> Self {
        ImportFailure::new(ImportMessage(s))
    }
}

impl fmt::Debug for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// Two failures are equal when they say the same (errors are compared as values in
/// tests; the embedder's error type need not be comparable).
impl PartialEq for ImportFailure {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.to_string() == other.to_string()
    }
}

impl Eq for ImportFailure {}
