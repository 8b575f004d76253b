//! Core values ([`CoreValue`], also called [`FlatValue`] here: one type for the
//! engine's calling convention and the canonical ABI), and the iterators lifting reads
//! them from.
//!
//! [`FlatSource`] is the spec's `CoreValueIter`: lifting asks for the core type it wants.
//! [`FlatIter`] reads a slice and rejects a value of the wrong width; `Coerce` is the
//! spec's `CoerceValueIter` for variant payloads, reading each slot at its joined type and
//! wrapping an `i64` slot back to `i32` when the case wants an `i32`.

use crate::error::CabiError;
use crate::types::FlatType;
use rivet_format::package::ValType;

/// A core Wasm value: the one type for the engine's calling convention (the runtime's
/// core calls) and the canonical ABI's flat values. Floats are kept as their bit
/// patterns, so values compare (and NaN payloads survive) bit for bit and the type
/// stays `Eq + Hash`. References exist only on the core side: the canonical ABI's flat
/// types never include them, and flat code reads an `i32` where a reference sits
/// only after the runtime turned it into its word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreValue {
    /// An i32.
    I32(i32),
    /// An i64.
    I64(i64),
    /// An f32, as its bits.
    F32(u32),
    /// An f64, as its bits.
    F64(u64),
    /// A funcref: `Some(function index)` of the instance it came from, or null.
    FuncRef(Option<u32>),
    /// An externref: `Some(host handle)` (at most `u32::MAX - 1`), or null.
    ExternRef(Option<u32>),
}

/// The canonical ABI's name for a core value: the same type as [`CoreValue`].
pub type FlatValue = CoreValue;

/// The reference a word stands for (0 = null, `n + 1` = `Some(n)`).
pub fn word_ref(w: u32) -> Option<u32> {
    w.checked_sub(1)
}

impl CoreValue {
    /// Its core type.
    pub fn ty(&self) -> ValType {
        match self {
            CoreValue::I32(_) => ValType::I32,
            CoreValue::I64(_) => ValType::I64,
            CoreValue::F32(_) => ValType::F32,
            CoreValue::F64(_) => ValType::F64,
            CoreValue::FuncRef(_) => ValType::FuncRef,
            CoreValue::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// A value of type `ty` from its bits (the low 32 for one-word types).
    #[inline]
    pub fn from_bits(ty: ValType, bits: u64) -> CoreValue {
        match ty {
            ValType::I32 => CoreValue::I32(bits as u32 as i32),
            ValType::I64 => CoreValue::I64(bits as i64),
            ValType::F32 => CoreValue::F32(bits as u32),
            ValType::F64 => CoreValue::F64(bits),
            ValType::FuncRef => CoreValue::FuncRef(word_ref(bits as u32)),
            ValType::ExternRef => CoreValue::ExternRef(word_ref(bits as u32)),
        }
    }

    /// The bits, zero-extended to 64 (a reference as its word: 0 = null, index + 1).
    pub fn bits(&self) -> u64 {
        match *self {
            CoreValue::I32(v) => v as u32 as u64,
            CoreValue::I64(v) => v as u64,
            CoreValue::F32(v) => v as u64,
            CoreValue::F64(v) => v,
            CoreValue::FuncRef(r) | CoreValue::ExternRef(r) => {
                r.map_or(0, |n| n.wrapping_add(1)) as u64
            }
        }
    }

    /// Its canonical-ABI flat type; `None` for references.
    pub fn flat_type(&self) -> Option<FlatType> {
        match self {
            CoreValue::I32(_) => Some(FlatType::I32),
            CoreValue::I64(_) => Some(FlatType::I64),
            CoreValue::F32(_) => Some(FlatType::F32),
            CoreValue::F64(_) => Some(FlatType::F64),
            CoreValue::FuncRef(_) | CoreValue::ExternRef(_) => None,
        }
    }

    /// The zero of a flat type (unused variant payload slots).
    pub fn zero(ty: FlatType) -> CoreValue {
        CoreValue::from_flat_bits(ty, 0)
    }

    /// A value of flat type `ty` with these bits (truncated to 32 for 32-bit types).
    pub fn from_flat_bits(ty: FlatType, bits: u64) -> CoreValue {
        match ty {
            FlatType::I32 => CoreValue::I32(bits as u32 as i32),
            FlatType::I64 => CoreValue::I64(bits as i64),
            FlatType::F32 => CoreValue::F32(bits as u32),
            FlatType::F64 => CoreValue::F64(bits),
        }
    }

    /// This value stored in a variant payload slot of the joined type `slot`
    /// (`lower_flat_variant`): a float becomes its bits, an i32 (or f32 bits)
    /// is zero-extended into an i64 slot.
    pub fn join_into(self, slot: FlatType) -> CoreValue {
        CoreValue::from_flat_bits(slot, self.bits())
    }
}

impl std::fmt::Display for CoreValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoreValue::I32(v) => write!(f, "i32:{v}"),
            CoreValue::I64(v) => write!(f, "i64:{v}"),
            CoreValue::F32(v) => write!(f, "f32:{}", f32::from_bits(*v)),
            CoreValue::F64(v) => write!(f, "f64:{}", f64::from_bits(*v)),
            CoreValue::FuncRef(Some(i)) => write!(f, "funcref:{i}"),
            CoreValue::ExternRef(Some(i)) => write!(f, "externref:{i}"),
            CoreValue::FuncRef(None) => write!(f, "funcref:null"),
            CoreValue::ExternRef(None) => write!(f, "externref:null"),
        }
    }
}

/// A stream of core values that lifting pulls from, one requested type at a time.
pub trait FlatSource {
    /// The next value as `want`, zero-extended to 64 bits.
    fn next(&mut self, want: FlatType) -> Result<u64, CabiError>;
}

/// Reads core values from a slice, checking each has the requested width.
#[derive(Debug, Clone)]
pub struct FlatIter<'v> {
    values: &'v [FlatValue],
    pos: usize,
}

impl<'v> FlatIter<'v> {
    /// An iterator over `values`.
    pub fn new(values: &'v [FlatValue]) -> Self {
        FlatIter { values, pos: 0 }
    }

    /// Fails if any value was not consumed.
    pub fn finish(&self) -> Result<(), CabiError> {
        match self.values.len() - self.pos {
            0 => Ok(()),
            extra => Err(CabiError::ExtraFlatValues { extra }),
        }
    }
}

impl FlatSource for FlatIter<'_> {
    fn next(&mut self, want: FlatType) -> Result<u64, CabiError> {
        let index = self.pos;
        let v = self.values.get(index).ok_or(CabiError::FlatMismatch {
            index,
            expected: want.name(),
            found: "end",
        })?;
        if v.flat_type() != Some(want) {
            return Err(CabiError::FlatMismatch {
                index,
                expected: want.name(),
                found: v.flat_type().map_or("reference", FlatType::name),
            });
        }
        self.pos += 1;
        Ok(v.bits())
    }
}

/// Reads a variant payload from its joined slots (`CoerceValueIter`): an i64 slot
/// read as a 32-bit type keeps its low 32 bits; float bits pass through (lifting
/// canonicalises NaNs where the value is built).
pub(crate) struct Coerce<'a> {
    pub inner: &'a mut dyn FlatSource,
    pub slots: &'a [FlatType],
    pub pos: usize,
}

impl FlatSource for Coerce<'_> {
    fn next(&mut self, want: FlatType) -> Result<u64, CabiError> {
        let have = *self.slots.get(self.pos).ok_or(CabiError::FlatMismatch {
            index: self.pos,
            expected: want.name(),
            found: "end of variant payload",
        })?;
        self.pos += 1;
        let x = self.inner.next(have)?;
        Ok(match (have, want) {
            (FlatType::I64, FlatType::I32 | FlatType::F32) => x & 0xffff_ffff,
            _ => x,
        })
    }
}

impl Coerce<'_> {
    /// Consumes the slots the case did not use.
    pub fn skip_rest(&mut self) -> Result<(), CabiError> {
        while let Some(&have) = self.slots.get(self.pos) {
            self.pos += 1;
            self.inner.next(have)?;
        }
        Ok(())
    }
}
