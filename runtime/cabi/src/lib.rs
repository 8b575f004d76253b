//! The canonical ABI: how WIT-typed values cross between the host and a guest's linear
//! memory and core values.
//!
//! This is a direct transcription of the Component Model reference
//! (`definitions.py`) for the sync, memory32, UTF-8 configuration, checked against the
//! reference's conformance vectors:
//!
//! * [`types`]: [`Type`] with memoized size / alignment / flattening; [`wit`] builds
//!   types from wit-parser.
//! * [`val`]: the dynamic value [`Val`].
//! * [`memory`]: what lifting and lowering need from the guest ([`CabiMemory`]: bytes and
//!   `cabi_realloc`; [`ResourceHooks`]: own/borrow handles) bundled in [`Cx`].
//! * [`lower`] ([`store`], [`lower_flat`]) and [`lift`] ([`load`], [`lift_flat`]).
//! * [`func`]: whole-function parameter and result passing with spilling.
//! * [`transcode`]: a value moved from one side to another (core values or memory)
//!   in one walk, without a [`Val`]; lists of scalars as one block copy.
//!
//! * [`wave`] (feature `wave`): WAVE text for values, for tools that read or print them.
//!
//! Floats ([`Val::F32`], [`Val::F64`]) are kept as bit patterns; every NaN that is
//! lifted or lowered (also inside bulk-copied lists) becomes the canonical NaN, the
//! reference's deterministic profile (`canonicalize_nan32/64`; its nondeterministic
//! `maybe_scramble_nan` is never used), so no NaN payload crosses a boundary.
//! Variant payload slots join `i32`/`f32` to `i32` and anything else mixed to `i64`.
//! Only UTF-8 strings are implemented; other encodings are rejected with
//! [`CabiError::UnsupportedEncoding`].

mod access;
pub mod error;
pub mod flat;
pub mod func;
pub mod lift;
pub mod lower;
pub mod memory;
pub mod scalar;
pub mod transcode;
pub mod types;
pub mod val;
#[cfg(feature = "wave")]
pub mod wave;
pub mod wit;

#[cfg(test)]
mod float_tests;
#[cfg(test)]
mod scalar_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod transcode_tests;

pub use error::CabiError;
pub use flat::{CoreValue, FlatIter, FlatSource, FlatValue};
pub use func::{CallContext, CoreSig, FuncType, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS};
pub use lift::{lift_flat, load};
pub use lower::{lower_flat, store};
pub use memory::{BumpMemory, CabiMemory, Cx, NoResources, ResourceHooks, StringEncoding};
pub use scalar::{ScalarBytes, ScalarSig, MAX_SCALAR_BYTES};
pub use types::{FlatType, ResourceType, Type};
pub use val::{ResourceHandle, Val};
pub use wit::WitTypes;

/// Longest string, in bytes, that may cross the boundary (`MAX_STRING_BYTE_LENGTH`).
pub const MAX_STRING_BYTE_LENGTH: u32 = (1 << 28) - 1;
/// Most bytes a list's elements may occupy (`MAX_LIST_BYTE_LENGTH`).
pub const MAX_LIST_BYTE_LENGTH: u32 = (1 << 28) - 1;
