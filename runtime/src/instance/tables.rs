//! Tables at instantiation and the table helpers of compiled code.
//!
//! Instantiation writes the function descriptors (so funcref words can be called
//! through `call_indirect`), each table's size word and imported contents (the
//! embedder's function handles bound into foreign slots, see the `foreign` module),
//! then the active element segments in order. The helpers implement `table.grow/fill/copy/
//! init` and `elem.drop` on the table memory described in [`rivet_format::table`];
//! ranges are checked before any work or per-element gas, so a trapping operation
//! changes nothing. Element segments share the instance's drop flags with data
//! segments: flag `data.len() + e` is element segment `e`.

use super::foreign::ForeignFunc;
use super::host::{HostError, InstanceHost};
use super::{Imports, InstanceError};
use rivet_engine::{Machine, Memory, MemoryFault};
use rivet_format::abi::{Helper, TrapCode};
use rivet_format::gas;
use rivet_format::package::{ElemItem, ElemMode, ImportKind, Package, RefKind, Table};

/// The state of a table an embedder provides for an import (or reads back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableState {
    /// Element type.
    pub ty: RefKind,
    /// Current size.
    pub size: u32,
    /// Declared maximum, if any.
    pub max: Option<u32>,
    /// `size` entries: 0 = null, externref handle + 1. Funcref entries are the
    /// instance's own words when read from or written to an instance
    /// ([`SharedState`](super::SharedState)), and the embedder's function handle + 1
    /// when provided for an import ([`Imports::table`]).
    pub entries: Vec<u32>,
}

fn bad(e: impl std::fmt::Display) -> InstanceError {
    InstanceError::Uninstantiable(super::CallError::Engine(e.to_string()))
}

fn table_trap() -> InstanceError {
    InstanceError::Uninstantiable(super::CallError::Trap(TrapCode::TableOutOfBounds))
}

/// Writes descriptors and table sizes; fills imported tables from `imports`.
pub(super) fn init_tables(
    pkg: &Package,
    memory: &mut Memory,
    slots: &mut Vec<ForeignFunc>,
    imports: &mut dyn Imports,
) -> Result<(), InstanceError> {
    for (k, f) in pkg.functions.iter().enumerate() {
        let at = pkg.descriptor_addr(k as u32 + 1);
        memory.write_u32(at, f.type_id + 1).map_err(bad)?;
        memory.write_u32(at + 4, f.pc).map_err(bad)?;
    }
    for t in &pkg.tables {
        memory.write_u32(t.base, t.limits.min).map_err(bad)?;
    }
    for imp in &pkg.imports {
        let ImportKind::Table(index) = imp.kind else {
            continue;
        };
        let t = &pkg.tables[index as usize];
        let Some(state) = imports.table(&imp.module, &imp.name) else {
            continue;
        };
        let mismatch = |why: &str| {
            InstanceError::Unlinkable(format!(
                "incompatible import type for {}.{}: {why}",
                imp.module, imp.name
            ))
        };
        if state.ty != t.ty {
            return Err(mismatch("element type differs"));
        }
        if state.size < t.limits.min {
            return Err(mismatch("table smaller than the declared minimum"));
        }
        if let Some(want) = t.limits.max {
            if state.max.is_none_or(|m| m > want) {
                return Err(mismatch("table maximum larger than declared"));
            }
        }
        if state.size > t.capacity || state.entries.len() != state.size as usize {
            return Err(mismatch("table larger than this package can hold"));
        }
        memory.write_u32(t.base, state.size).map_err(bad)?;
        for (i, w) in state.entries.iter().enumerate() {
            let w = match (t.ty, *w) {
                (RefKind::Func, h @ 1..) => {
                    super::linking::bind_handle(pkg, memory, slots, imports, h - 1)
                        .map_err(|e| mismatch(&e.to_string()))?
                }
                (_, w) => w,
            };
            memory.write_u32(t.entry_addr(i as u32), w).map_err(bad)?;
        }
    }
    Ok(())
}

/// The word an element item stands for.
fn item_word(pkg: &Package, memory: &Memory, item: ElemItem) -> Result<u32, MemoryFault> {
    Ok(match item {
        ElemItem::Null => 0,
        ElemItem::Func(f) => f + 1,
        ElemItem::Global(g) => memory.read_u32(pkg.global_addr(g))?,
    })
}

/// Applies the active element segments in order (Wasm 2.0: a segment that does not
/// fit traps, after the earlier ones were written).
pub(super) fn apply_elements(
    pkg: &Package,
    memory: &mut Memory,
    eval: impl Fn(&Memory, rivet_format::package::ConstInit) -> Result<u32, InstanceError>,
) -> Result<(), InstanceError> {
    for seg in &pkg.elements {
        let ElemMode::Active { table, offset } = seg.mode else {
            continue;
        };
        let t = &pkg.tables[table as usize];
        let off = eval(memory, offset)?;
        let size = memory.read_u32(t.base).map_err(bad)?;
        if off as u64 + seg.items.len() as u64 > size as u64 {
            return Err(table_trap());
        }
        for (k, item) in seg.items.iter().enumerate() {
            let w = item_word(pkg, memory, *item).map_err(bad)?;
            memory
                .write_u32(t.entry_addr(off + k as u32), w)
                .map_err(bad)?;
        }
    }
    Ok(())
}

/// Reads table `t`'s state from a machine's memory.
pub(super) fn read_table(memory: &Memory, t: &Table) -> Result<(u32, Vec<u32>), MemoryFault> {
    let size = memory.read_u32(t.base)?;
    let size = size.min(t.capacity);
    let bytes = memory.read(t.base + 4, 4 * size)?;
    let entries = bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((size, entries))
}

fn fault(e: impl std::fmt::Display) -> HostError {
    HostError::Bad(e.to_string())
}

fn range(start: u32, len: u32, size: u32) -> Result<(), HostError> {
    if start as u64 + len as u64 > size as u64 {
        return Err(HostError::Trap(TrapCode::TableOutOfBounds));
    }
    Ok(())
}

impl InstanceHost<'_> {
    fn table_at(&self, m: &Machine, r: u8) -> Result<Table, HostError> {
        let i = m.reg(r);
        self.pkg
            .pkg
            .tables
            .get(i as usize)
            .copied()
            .ok_or_else(|| HostError::Bad(format!("table helper on missing table {i}")))
    }

    /// Runs a table helper (gas for the call itself is already charged).
    pub(super) fn table_helper(
        &mut self,
        m: &mut Machine,
        op: Helper,
        r: [u8; 6],
    ) -> Result<(), HostError> {
        match op {
            Helper::TableGrow => {
                let t = self.table_at(m, r[1])?;
                let (init, delta) = (m.reg(r[2]), m.reg(r[3]));
                let size = m.memory().read_u32(t.base).map_err(fault)?;
                let new = size as u64 + delta as u64;
                if new > t.capacity as u64 {
                    m.set_reg(r[0], u32::MAX);
                    return Ok(());
                }
                m.charge(gas::copy_cost(4 * delta as u64))
                    .map_err(|_| HostError::OutOfGas)?;
                fill(m, &t, size, init, delta)?;
                m.memory_mut()
                    .write_u32(t.base, new as u32)
                    .map_err(fault)?;
                m.set_reg(r[0], size);
            }
            Helper::TableFill => {
                let t = self.table_at(m, r[0])?;
                let (i, v, n) = (m.reg(r[1]), m.reg(r[2]), m.reg(r[3]));
                let size = m.memory().read_u32(t.base).map_err(fault)?;
                range(i, n, size)?;
                m.charge(gas::copy_cost(4 * n as u64))
                    .map_err(|_| HostError::OutOfGas)?;
                fill(m, &t, i, v, n)?;
            }
            Helper::TableCopy => {
                let (dt, st) = (self.table_at(m, r[0])?, self.table_at(m, r[1])?);
                let (d, s, n) = (m.reg(r[2]), m.reg(r[3]), m.reg(r[4]));
                range(d, n, m.memory().read_u32(dt.base).map_err(fault)?)?;
                range(s, n, m.memory().read_u32(st.base).map_err(fault)?)?;
                m.charge(gas::copy_cost(4 * n as u64))
                    .map_err(|_| HostError::OutOfGas)?;
                let words = m.memory().read(st.entry_addr(s), 4 * n).map_err(fault)?;
                let words = words.to_vec();
                m.memory_mut()
                    .write(dt.entry_addr(d), &words)
                    .map_err(fault)?;
            }
            Helper::TableInit => {
                let seg = m.reg(r[0]) as usize;
                let t = self.table_at(m, r[1])?;
                let (d, s, n) = (m.reg(r[2]), m.reg(r[3]), m.reg(r[4]));
                let pkg = &self.pkg.pkg;
                let e = pkg.elements.get(seg).ok_or_else(|| {
                    HostError::Bad(format!("table.init of missing segment {seg}"))
                })?;
                let dropped = self.dropped.get(pkg.data.len() + seg).copied();
                let len = if dropped.unwrap_or(true) {
                    0
                } else {
                    e.items.len() as u32
                };
                range(s, n, len)?;
                range(d, n, m.memory().read_u32(t.base).map_err(fault)?)?;
                m.charge(gas::copy_cost(4 * n as u64))
                    .map_err(|_| HostError::OutOfGas)?;
                for k in 0..n {
                    let item = e.items[(s + k) as usize];
                    let w = item_word(pkg, m.memory(), item).map_err(fault)?;
                    m.memory_mut()
                        .write_u32(t.entry_addr(d + k), w)
                        .map_err(fault)?;
                }
            }
            Helper::ElemDrop => {
                let seg = m.reg(r[0]) as usize;
                let at = self.pkg.pkg.data.len() + seg;
                match self.dropped.get_mut(at) {
                    Some(d) if seg < self.pkg.pkg.elements.len() => *d = true,
                    _ => {
                        return Err(HostError::Bad(format!(
                            "elem.drop of missing segment {seg}"
                        )))
                    }
                }
            }
            other => return Err(HostError::Bad(format!("{other:?} is not a table helper"))),
        }
        Ok(())
    }
}

/// Writes `v` into entries `[i, i + n)` of `t` (in bounds of its capacity).
fn fill(m: &mut Machine, t: &Table, i: u32, v: u32, n: u32) -> Result<(), HostError> {
    if n == 0 {
        return Ok(());
    }
    let bytes = m
        .memory_mut()
        .slice_mut(t.entry_addr(i), 4 * n)
        .map_err(fault)?;
    for c in bytes.chunks_exact_mut(4) {
        c.copy_from_slice(&v.to_le_bytes());
    }
    Ok(())
}
