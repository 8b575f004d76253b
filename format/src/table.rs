//! Tables, reference values and element segments of a package.
//!
//! # Reference values
//! A reference is one 32-bit word, in registers, globals (low word of the 8-byte
//! slot), call arguments and table entries alike:
//!
//! * `funcref`: `0` is null; `f + 1` refers to function `f` of the module's index
//!   space (imports included). The *function descriptor* array at
//!   [`Layout::funcs_base`](crate::package::Layout::funcs_base) is indexed by that
//!   word: descriptor `k` (8 bytes) is `(type id + 1, code pc)` of function `k - 1`,
//!   and descriptor 0 is `(0, 0)`. `call_indirect` therefore loads the entry word,
//!   then the descriptor, traps `uninitialized element` when its type word is 0 and
//!   `indirect call type mismatch` when it differs from the expected type id + 1:
//!   canonical type ids are equal exactly when signatures are structurally equal,
//!   so the check is exact.
//!   Words past the module's functions are *foreign slots*: descriptor
//!   `functions.len() + 1 + k` is filled by the runtime when it binds a function of
//!   another instance into slot `k` (its type word is this module's canonical id of
//!   that function's signature + 1, or `u32::MAX` when the module has no such type, so
//!   every `call_indirect` through it mismatches), and its pc is slot `k`'s trampoline,
//!   which makes the `ecall` [`FOREIGN_BASE`](crate::abi::ecall::FOREIGN_BASE)` + k`:
//!   the runtime then calls the function in its own instance through the embedder.
//!   Unbound slots are `(0, 0)`, and the runtime never lets their words in.
//! * `externref`: `0` is null; the host value `n` is stored as `n + 1` (the
//!   embedder hands opaque 32-bit handles; `u32::MAX` cannot be represented).
//!
//! # Table memory
//! Table `t` occupies `[base, base + 4 + 4 * capacity)` in data memory: one word
//! holding the current size, then `capacity` entry words. `capacity` is the declared
//! maximum capped by the compiler's `max_table_elements`; `table.grow` beyond it
//! returns -1, as the spec allows. Entries past the current size are kept zero.
//! Like globals, tables lie above linear memory, out of reach of guest stores.

use crate::codec::{FormatError, Reader, Writer};
use crate::package::{ConstInit, Limits};

/// The element type of a table or a reference value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `funcref`: function index + 1, or 0.
    Func,
    /// `externref`: host handle + 1, or 0.
    Extern,
}

impl RefKind {
    pub(crate) fn to_byte(self) -> u8 {
        match self {
            RefKind::Func => 0,
            RefKind::Extern => 1,
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<RefKind, FormatError> {
        let at = r.offset();
        match r.u8("reference type")? {
            0 => Ok(RefKind::Func),
            1 => Ok(RefKind::Extern),
            v => Err(FormatError::new(at, format!("unknown reference type {v}"))),
        }
    }
}

/// A table of the module (imported ones first, as in Wasm's index space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// Element type.
    pub ty: RefKind,
    /// Declared limits in elements (`min` is the size at instantiation).
    pub limits: Limits,
    /// Entries reserved in data memory: the most the table can grow to.
    pub capacity: u32,
    /// Address of the size word; entry `i` is at `base + 4 + 4 * i`.
    pub base: u32,
}

impl Table {
    /// One past the last byte of the table in data memory.
    pub fn end(&self) -> u64 {
        self.base as u64 + 4 + 4 * self.capacity as u64
    }

    /// Address of entry `i`.
    pub fn entry_addr(&self, i: u32) -> u32 {
        self.base + 4 + 4 * i
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u8(self.ty.to_byte());
        self.limits.write(w);
        w.u32(self.capacity);
        w.u32(self.base);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Table, FormatError> {
        Ok(Table {
            ty: RefKind::read(r)?,
            limits: Limits::read(r)?,
            capacity: r.u32("table capacity")?,
            base: r.u32("table base")?,
        })
    }
}

/// When an element segment is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemMode {
    /// Copied into `table` at `offset` at instantiation, then dropped.
    Active {
        /// Table index.
        table: u32,
        /// First entry written.
        offset: ConstInit,
    },
    /// Only used by `table.init`.
    Passive,
    /// Declares functions for `ref.func`; dropped from the start.
    Declared,
}

/// One element of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemItem {
    /// The null reference.
    Null,
    /// A reference to function `f`.
    Func(u32),
    /// The value of (imported) global `g`, a reference.
    Global(u32),
}

impl ElemItem {
    fn write(&self, w: &mut Writer) {
        match self {
            ElemItem::Null => w.u8(0),
            ElemItem::Func(f) => {
                w.u8(1);
                w.u32(*f);
            }
            ElemItem::Global(g) => {
                w.u8(2);
                w.u32(*g);
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<ElemItem, FormatError> {
        let at = r.offset();
        Ok(match r.u8("element kind")? {
            0 => ElemItem::Null,
            1 => ElemItem::Func(r.u32("element function")?),
            2 => ElemItem::Global(r.u32("element global")?),
            v => return Err(FormatError::new(at, format!("unknown element kind {v}"))),
        })
    }
}

/// An element segment (every mode; `table.init` and `elem.drop` index them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementSegment {
    /// Active, passive or declarative.
    pub mode: ElemMode,
    /// Element type.
    pub ty: RefKind,
    /// The references, in order.
    pub items: Vec<ElemItem>,
}

impl ElementSegment {
    pub(crate) fn write(&self, w: &mut Writer) {
        match self.mode {
            ElemMode::Active { table, offset } => {
                w.u8(0);
                w.u32(table);
                offset.write(w);
            }
            ElemMode::Passive => w.u8(1),
            ElemMode::Declared => w.u8(2),
        }
        w.u8(self.ty.to_byte());
        w.u32(self.items.len() as u32);
        for it in &self.items {
            it.write(w);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<ElementSegment, FormatError> {
        let at = r.offset();
        let mode = match r.u8("element mode")? {
            0 => ElemMode::Active {
                table: r.u32("element table")?,
                offset: ConstInit::read(r)?,
            },
            1 => ElemMode::Passive,
            2 => ElemMode::Declared,
            v => return Err(FormatError::new(at, format!("unknown element mode {v}"))),
        };
        let ty = RefKind::read(r)?;
        let n = r.count("element count", crate::package::min_bytes::ELEMENT)?;
        let items = (0..n)
            .map(|_| ElemItem::read(r))
            .collect::<Result<_, _>>()?;
        Ok(ElementSegment { mode, ty, items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        let seg = ElementSegment {
            mode: ElemMode::Active {
                table: 2,
                offset: ConstInit::Global(1),
            },
            ty: RefKind::Func,
            items: vec![ElemItem::Null, ElemItem::Func(3), ElemItem::Global(0)],
        };
        let mut w = Writer::new();
        seg.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes);
        assert_eq!(ElementSegment::read(&mut r).unwrap(), seg);
        let t = Table {
            ty: RefKind::Extern,
            limits: Limits {
                min: 1,
                max: Some(4),
            },
            capacity: 4,
            base: 0x100,
        };
        assert_eq!(t.entry_addr(2), 0x10c);
        assert_eq!(t.end(), 0x114);
    }
}
