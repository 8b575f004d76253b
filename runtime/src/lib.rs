//! The Rivet runtime: runs linked packages on the engine.
//!
//! * `instance`: a compiled package instantiated on the engine; core-typed calls.
//! * `component`: component calls: fresh contexts, advice channel, resources, host
//!   interfaces.
//! * `cabi`: the canonical ABI, its own crate (`rivet-cabi`), re-exported here because
//!   every embedder that calls a component passes its values.
//!
//! Accounts, notes and transactions live above this crate, in `rivet-state`.
pub use rivet_cabi as cabi;
pub mod component;
mod fasthash;
pub mod instance;
