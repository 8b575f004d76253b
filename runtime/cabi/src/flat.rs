//! Core values of the flat calling convention, and the iterators lifting reads them from.
//!
//! [`FlatSource`] is the spec's `CoreValueIter`: lifting asks for the core type it wants.
//! [`FlatIter`] reads a slice and rejects a value of the wrong width; `Coerce` is the
//! spec's `CoerceValueIter` for variant payloads, reading each slot at its joined type and
//! wrapping an `i64` slot back to `i32` when the case wants an `i32`.

use crate::error::CabiError;
use crate::types::FlatType;

/// A core wasm value, kept as its unsigned bit pattern (floats too, so NaN payloads
/// are visible and values compare bit for bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlatValue {
    /// An `i32` bit pattern.
    I32(u32),
    /// An `i64` bit pattern.
    I64(u64),
    /// An `f32` bit pattern.
    F32(u32),
    /// An `f64` bit pattern.
    F64(u64),
}

impl FlatValue {
    /// The core type of this value.
    pub fn ty(self) -> FlatType {
        match self {
            FlatValue::I32(_) => FlatType::I32,
            FlatValue::I64(_) => FlatType::I64,
            FlatValue::F32(_) => FlatType::F32,
            FlatValue::F64(_) => FlatType::F64,
        }
    }

    /// The zero of a core type (unused variant payload slots).
    pub fn zero(ty: FlatType) -> FlatValue {
        match ty {
            FlatType::I32 => FlatValue::I32(0),
            FlatType::I64 => FlatValue::I64(0),
            FlatType::F32 => FlatValue::F32(0),
            FlatType::F64 => FlatValue::F64(0),
        }
    }

    /// A value of type `ty` with these bits (truncated to 32 for 32-bit types).
    pub fn from_bits(ty: FlatType, bits: u64) -> FlatValue {
        match ty {
            FlatType::I32 => FlatValue::I32(bits as u32),
            FlatType::I64 => FlatValue::I64(bits),
            FlatType::F32 => FlatValue::F32(bits as u32),
            FlatType::F64 => FlatValue::F64(bits),
        }
    }

    /// This value stored in a variant payload slot of the joined type `slot`
    /// (`lower_flat_variant`): a float becomes its bits, an i32 (or f32 bits)
    /// is zero-extended into an i64 slot.
    pub fn join_into(self, slot: FlatType) -> FlatValue {
        FlatValue::from_bits(slot, self.bits())
    }

    /// The bits, zero-extended to 64.
    pub fn bits(self) -> u64 {
        match self {
            FlatValue::I32(x) => x as u64,
            FlatValue::I64(x) => x,
            FlatValue::F32(x) => x as u64,
            FlatValue::F64(x) => x,
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
        if v.ty() != want {
            return Err(CabiError::FlatMismatch {
                index,
                expected: want.name(),
                found: v.ty().name(),
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
