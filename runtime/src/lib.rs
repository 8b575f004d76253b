//! The Rivet runtime (being written).
//!
//! * `instance`: a compiled package instantiated on the engine; core-typed calls.
//! * `cabi`: the canonical ABI (values, layouts, lift/lower).
//! * `component`: component calls: contexts, advice channel, resources, host interfaces.
//! * `state`: accounts, notes, transactions: the store (redb) and the executor.
pub mod cabi;
pub mod component;
pub mod instance;
pub mod state;
