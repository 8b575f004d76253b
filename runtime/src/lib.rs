//! The Rivet runtime (being written).
//!
//! * `instance`: a compiled package instantiated on the engine; core-typed calls.
//! * `cabi`: the canonical ABI (values, layouts, lift/lower).
pub mod cabi;
pub mod instance;
