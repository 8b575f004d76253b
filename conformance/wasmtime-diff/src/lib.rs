//! Differential tests of Rivet's component runtime against wasmtime's.
//!
//! The same core modules (the kitchen example contracts) run on both sides: on Rivet
//! compiled to RV32EM with the canonical ABI done by `rivet_runtime`, on wasmtime made
//! components by wit-component. The test targets call the same functions with the same
//! arguments on both and compare results exactly:
//!
//! - `tests/kitchen.rs`: host -> kitchen, every kitchen function;
//! - `tests/guest_to_guest.rs`: host -> kitchen-client -> kitchen, where wasmtime's side
//!   of the composition is built by [`forward`] (the client's imports forwarded by the
//!   host to the kitchen instance's exports).
//!
//! This library holds what the targets share: [`convert`] (Rivet `Val` <-> wasmtime
//! `Val`, NaN canonicalization for comparing floats), [`values`] (builders for kitchen
//! values), [`float_cases`] (the kitchen's float arguments), [`wasm`] (engine, componentizing,
//! export lookup) and [`forward`].

pub mod convert;
pub mod float_cases;
pub mod forward;
#[path = "../../../runtime/tests/common/values.rs"]
pub mod values;
pub mod wasm;
