//! Function references that cross instances: foreign slots.
//!
//! A funcref inside an instance is one word indexing its function descriptors (see
//! [`rivet_format::table`]). Words `1..=functions.len()` are the instance's own
//! functions; the package reserves `layout.foreign_funcs` more descriptors, *foreign
//! slots*, for functions of other instances. The embedder names such a function by a
//! *handle* of its choosing (its registry index of an (instance, function) pair) and
//! [`bind`] gives it a slot: the descriptor gets this module's canonical type id of
//! the function's signature (or a type no `call_indirect` of this module expects), so
//! the inline signature check of compiled code stays exact, and the slot's trampoline
//! pc. A call through the slot ends in the trampoline's `ecall`, which the instance
//! host forwards to [`Imports::call_funcref`](super::Imports::call_funcref) with the
//! handle: the embedder runs the function in its own instance.
//!
//! Invariants: a handle occupies at most one slot per instance (binding it again
//! returns the same word, and only with the same signature); slots are never freed
//! while the instance lives, so a word stays valid; every funcref word entering an
//! instance (arguments, import results, tables, globals) is checked with
//! [`valid_word`], so compiled code never loads a descriptor past the bound ones.
//! Binding is deterministic: slots are handed out in order.

use rivet_engine::Memory;
use rivet_format::package::{FuncSig, Package};
use thiserror::Error;

/// A function of another instance bound into a foreign slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignFunc {
    /// The embedder's handle.
    pub handle: u32,
    /// Its signature.
    pub sig: FuncSig,
}

/// What a non-null funcref word of an instance refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FuncTarget {
    /// The instance's own function `index` (imports included, as in Wasm's index space).
    Own(u32),
    /// A function of another instance: the embedder's handle.
    Foreign(u32),
}

/// Why a function of another instance cannot be bound into an instance.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BindError {
    /// Every foreign slot the package reserved is taken by another function.
    #[error(
        "all {0} foreign function slots are in use: the instance cannot hold references \
         to more functions of other instances"
    )]
    SlotsFull(u32),
    /// The handle is already bound, with another signature (an embedder bug).
    #[error("function reference {0} was bound before with another signature")]
    SignatureChanged(u32),
    /// The descriptor could not be written (a corrupted package).
    #[error("writing the descriptor of foreign slot {0} failed")]
    Descriptor(u32),
    /// The embedder knows no function with this handle.
    #[error("unknown function reference {0}")]
    UnknownHandle(u32),
}

/// The type word a foreign slot gets when this module has no type for the
/// function's signature: no `call_indirect` of the module expects it.
const NO_TYPE: u32 = u32::MAX;

/// Binds `handle` (signature `sig`) into a foreign slot of the instance whose data
/// memory is `memory`, reusing its slot if it has one; returns the funcref word.
pub(crate) fn bind(
    pkg: &Package,
    memory: &mut Memory,
    slots: &mut Vec<ForeignFunc>,
    handle: u32,
    sig: &FuncSig,
) -> Result<u32, BindError> {
    if let Some(k) = slots.iter().position(|s| s.handle == handle) {
        if slots[k].sig != *sig {
            return Err(BindError::SignatureChanged(handle));
        }
        return Ok(pkg.foreign_word(k as u32));
    }
    let k = slots.len() as u32;
    if k >= pkg.layout.foreign_funcs {
        return Err(BindError::SlotsFull(pkg.layout.foreign_funcs));
    }
    let word = pkg.foreign_word(k);
    let type_word = pkg.type_id_of(sig).map_or(NO_TYPE, |t| t + 1);
    let at = pkg.descriptor_addr(word);
    memory
        .write_u32(at, type_word)
        .and_then(|()| memory.write_u32(at + 4, pkg.foreign_stub_pc(k)))
        .map_err(|_| BindError::Descriptor(k))?;
    slots.push(ForeignFunc {
        handle,
        sig: sig.clone(),
    });
    Ok(word)
}

/// What non-null word `word` refers to, if it is an own function or a bound slot.
pub(crate) fn target(pkg: &Package, slots: &[ForeignFunc], word: u32) -> Option<FuncTarget> {
    let own = pkg.functions.len() as u32;
    match word {
        0 => None,
        w if w <= own => Some(FuncTarget::Own(w - 1)),
        w => slots
            .get((w - own - 1) as usize)
            .map(|s| FuncTarget::Foreign(s.handle)),
    }
}

/// Whether `word` may enter the instance as a funcref: null, an own function or a
/// bound foreign slot.
pub(crate) fn valid_word(pkg: &Package, slots: &[ForeignFunc], word: u32) -> bool {
    word as u64 <= pkg.functions.len() as u64 + slots.len() as u64
}

/// The first funcref among `values` whose word the instance does not have.
pub(crate) fn invalid_funcref(
    pkg: &Package,
    slots: &[ForeignFunc],
    values: &[super::CoreValue],
) -> Option<u32> {
    values.iter().find_map(|v| match v {
        super::CoreValue::FuncRef(Some(f))
            if f.checked_add(1).is_none_or(|w| !valid_word(pkg, slots, w)) =>
        {
            Some(*f)
        }
        _ => None,
    })
}
