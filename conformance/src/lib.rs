//! Conformance harnesses: outside oracles that keep Rivet honest.
//!
//! * [`wast`]: WebAssembly spec test scripts, run through the compiler and engine
//!   (used by `tests/spec.rs` and `rivet wast`).
//! * [`cabi_vectors`]: canonical-ABI reference vectors (used by `tests/cabi_vectors.rs`).
//! * [`spectest`]: the `spectest` host module and cross-module imports for those scripts.
//! * [`sharing`]: memories, tables and globals shared between script instances.
//! * [`funcrefs`]: function references that cross those instances.
//!
//! Differential tests against wasmi live in `tests/differential.rs`, `tests/programs.rs`
//! and `fuzz/`.

pub mod cabi_vectors;
pub mod funcrefs;
pub mod rivet;
pub mod sharing;
pub mod spectest;
pub mod wast;
