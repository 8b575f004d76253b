//! What an embedder needs to link instances with each other at the Wasm level: the
//! state of an exported memory, table or global, and a way to bring another
//! instance's copy up to date.
//!
//! Every instance owns its data memory, so an item exported by one instance and
//! imported by another exists twice. An embedder that wants Wasm's sharing semantics
//! (the spec runner) keeps one copy authoritative and copies the state across
//! whenever control passes from one instance to the other; these accessors are the
//! primitives for that. Instantiation takes an imported item's current state through
//! [`Imports::memory`](super::Imports::memory) and
//! [`Imports::table`](super::Imports::table), checks it against the import's type
//! (a mismatch is unlinkable), and only then applies the importer's own segments.

use super::foreign::{self, BindError, ForeignFunc, FuncTarget};
use super::tables::read_table;
use super::{CoreValue, Imports, Instance, InstanceError, LoadedPackage, TableState};
use rivet_engine::{Machine, Memory};
use rivet_format::abi::wasm_reg;
use rivet_format::package::{
    ExportKind, FuncSig, ImportKind, Package, RefKind, ValType, PAGE_SIZE,
};

/// The state of a linear memory an embedder provides for an import (or reads back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryState {
    /// Current size in pages.
    pub pages: u32,
    /// Declared maximum in pages, if any.
    pub max: Option<u32>,
    /// The contents, `pages * 64 KiB` bytes.
    pub bytes: Vec<u8>,
}

/// Reading and replacing the items an instance may share, on a running or idle
/// instance alike: implemented by [`Instance`] and by the suspended caller an import
/// implementation sees ([`GuestAccess::shared_state`](super::GuestAccess::shared_state)).
pub trait SharedState {
    /// The package the instance runs.
    fn package(&self) -> &Package;
    /// What non-null funcref word `word` (a table entry, or `n + 1` for
    /// `CoreValue::FuncRef(Some(n))`) refers to; `None` for a word the instance does
    /// not have.
    fn funcref_target(&self, word: u32) -> Option<FuncTarget>;
    /// Binds the embedder's function `handle` of another instance, of signature
    /// `sig`, into a foreign slot (the one it already has, if any) and returns its
    /// word: how a reference to it enters the instance's tables, globals or calls.
    fn bind_funcref(&mut self, handle: u32, sig: &FuncSig) -> Result<u32, BindError>;
    /// The linear memory's state.
    fn memory_state(&self) -> MemoryState;
    /// Replaces the linear memory's size and contents; false (nothing changed) when
    /// `pages` exceeds what the package reserved or `bytes` has the wrong length.
    fn set_memory(&mut self, pages: u32, bytes: &[u8]) -> bool;
    /// The state of table `index` (entries as this instance's words).
    fn table_at(&self, index: u32) -> Option<TableState>;
    /// Replaces table `index`'s size and entries; false when they do not fit or a
    /// funcref word names neither an own function nor a bound foreign one.
    fn set_table(&mut self, index: u32, size: u32, entries: &[u32]) -> bool;
    /// The value of global `index` (None for floats or a missing index).
    fn global_at(&self, index: u32) -> Option<CoreValue>;
    /// Sets global `index` (of any mutability); false when the index or the value's
    /// type is wrong, or a funcref names neither an own nor a bound foreign function.
    fn set_global_at(&mut self, index: u32, value: CoreValue) -> bool;
}

/// The state of the memory of an instance whose memory type's maximum is `max`.
pub(super) fn memory_state(pkg: &LoadedPackage, m: &Machine, max: Option<u32>) -> MemoryState {
    let size = super::host::linear_size(pkg, m);
    let bytes = m.memory().bytes();
    MemoryState {
        pages: size / PAGE_SIZE,
        max,
        bytes: bytes[..(size as usize).min(bytes.len())].to_vec(),
    }
}

pub(super) fn set_memory(pkg: &LoadedPackage, m: &mut Machine, pages: u32, bytes: &[u8]) -> bool {
    if pages > pkg.pkg.layout.max_pages || bytes.len() as u64 != pages as u64 * PAGE_SIZE as u64 {
        return false;
    }
    let size = pages * PAGE_SIZE;
    let old = super::host::linear_size(pkg, m);
    let mem = m.memory_mut();
    if mem.write(0, bytes).is_err() {
        return false;
    }
    if old > size {
        // Memory never shrinks in Wasm; keep the region past the size zero anyway.
        if let Ok(rest) = mem.slice_mut(size, old - size) {
            rest.fill(0);
        }
    }
    m.set_reg(wasm_reg::MEM_SIZE, size);
    true
}

pub(super) fn table_at(pkg: &Package, m: &Machine, index: u32) -> Option<TableState> {
    let t = pkg.tables.get(index as usize)?;
    let (size, entries) = read_table(m.memory(), t).ok()?;
    Some(TableState {
        ty: t.ty,
        size,
        max: t.limits.max,
        entries,
    })
}

pub(super) fn set_table(
    pkg: &Package,
    slots: &[ForeignFunc],
    m: &mut Machine,
    index: u32,
    size: u32,
    entries: &[u32],
) -> bool {
    let Some(t) = pkg.tables.get(index as usize) else {
        return false;
    };
    if size > t.capacity
        || entries.len() != size as usize
        || (t.ty == RefKind::Func && !entries.iter().all(|w| foreign::valid_word(pkg, slots, *w)))
    {
        return false;
    }
    let mut bytes = Vec::with_capacity(4 * t.capacity as usize + 4);
    bytes.extend_from_slice(&size.to_le_bytes());
    for w in entries {
        bytes.extend_from_slice(&w.to_le_bytes());
    }
    bytes.resize(4 + 4 * t.capacity as usize, 0);
    m.memory_mut().write(t.base, &bytes).is_ok()
}

pub(super) fn global_at(pkg: &Package, m: &Machine, index: u32) -> Option<CoreValue> {
    let g = pkg.globals.get(index as usize)?;
    let addr = pkg.global_addr(index);
    let mem = m.memory();
    let lo = mem.read_u32(addr).ok()?;
    let hi = mem.read_u32(addr + 4).ok()?;
    Some(CoreValue::from_bits(g.ty, (hi as u64) << 32 | lo as u64))
}

pub(super) fn set_global_at(
    pkg: &Package,
    slots: &[ForeignFunc],
    m: &mut Machine,
    index: u32,
    value: CoreValue,
) -> bool {
    let Some(g) = pkg.globals.get(index as usize) else {
        return false;
    };
    if g.ty != value.ty() {
        return false;
    }
    let bits = match value {
        CoreValue::I32(v) => v as u32 as u64,
        CoreValue::I64(v) => v as u64,
        CoreValue::F32(v) => v as u64,
        CoreValue::F64(v) => v,
        CoreValue::FuncRef(Some(_)) if foreign::invalid_funcref(pkg, slots, &[value]).is_some() => {
            return false
        }
        CoreValue::FuncRef(r) | CoreValue::ExternRef(r) => match super::value::ref_word(r) {
            Ok(w) => w as u64,
            Err(_) => return false,
        },
    };
    m.memory_mut()
        .write(pkg.global_addr(index), &bits.to_le_bytes())
        .is_ok()
}

impl SharedState for Instance {
    fn package(&self) -> &Package {
        &self.pkg.pkg
    }
    fn funcref_target(&self, word: u32) -> Option<FuncTarget> {
        foreign::target(&self.pkg.pkg, &self.foreign, word)
    }
    fn bind_funcref(&mut self, handle: u32, sig: &FuncSig) -> Result<u32, BindError> {
        let memory = self.machine.memory_mut();
        foreign::bind(&self.pkg.pkg, memory, &mut self.foreign, handle, sig)
    }
    fn memory_state(&self) -> MemoryState {
        memory_state(&self.pkg, &self.machine, self.memory_max)
    }
    fn set_memory(&mut self, pages: u32, bytes: &[u8]) -> bool {
        set_memory(&self.pkg, &mut self.machine, pages, bytes)
    }
    fn table_at(&self, index: u32) -> Option<TableState> {
        table_at(&self.pkg.pkg, &self.machine, index)
    }
    fn set_table(&mut self, index: u32, size: u32, entries: &[u32]) -> bool {
        set_table(
            &self.pkg.pkg,
            &self.foreign,
            &mut self.machine,
            index,
            size,
            entries,
        )
    }
    fn global_at(&self, index: u32) -> Option<CoreValue> {
        global_at(&self.pkg.pkg, &self.machine, index)
    }
    fn set_global_at(&mut self, index: u32, value: CoreValue) -> bool {
        set_global_at(
            &self.pkg.pkg,
            &self.foreign,
            &mut self.machine,
            index,
            value,
        )
    }
}

impl Instance {
    /// What export `name` names, if anything.
    pub fn export_kind(&self, name: &str) -> Option<ExportKind> {
        let pkg = &self.pkg.pkg;
        pkg.exports.iter().find(|e| e.name == name).map(|e| e.kind)
    }
}

/// Binds the embedder's function `handle` (from an imported global or table) into a
/// foreign slot; the error says why it cannot be (for an unlinkable message).
pub(super) fn bind_handle(
    pkg: &Package,
    memory: &mut Memory,
    slots: &mut Vec<ForeignFunc>,
    imports: &mut dyn Imports,
    handle: u32,
) -> Result<u32, foreign::BindError> {
    let sig = imports
        .funcref_sig(handle)
        .ok_or(foreign::BindError::UnknownHandle(handle))?;
    foreign::bind(pkg, memory, slots, handle, &sig)
}

fn unlinkable(what: String) -> InstanceError {
    InstanceError::Unlinkable(what)
}

/// Resolves every import but tables (see `tables::init_tables`): functions must
/// exist with the exact signature, globals with the same type and mutability,
/// memories within the import's limits. An item that exists with another type is
/// `incompatible import type`, a missing one `unknown import` (the spec's
/// wordings); an item the embedder says exists but does not provide as the kind
/// imported is of another kind. Writes imported globals and memory; returns the
/// memory's size in pages and its maximum: the declared one, or an imported memory's
/// own (which may be lower than the import declares, and bounds `memory.grow`).
pub(super) fn resolve_imports(
    pkg: &Package,
    memory: &mut Memory,
    slots: &mut Vec<ForeignFunc>,
    imports: &mut dyn Imports,
) -> Result<(u32, Option<u32>), InstanceError> {
    let mut pages = pkg.layout.memory.min;
    let mut max = pkg.layout.memory.max;
    for (index, imp) in pkg.imports.iter().enumerate() {
        let (m, n) = (imp.module.as_str(), imp.name.as_str());
        let missing = |imports: &mut dyn Imports, what: String| {
            if imports.has_export(m, n) == Some(true) {
                unlinkable(format!("incompatible import type for {m}.{n}: {what}"))
            } else {
                unlinkable(format!("unknown import {m}.{n}: {what}"))
            }
        };
        match &imp.kind {
            ImportKind::Func { sig, .. } => {
                if !imports.has_import(index, m, n, &sig.params, &sig.results) {
                    return Err(missing(imports, format!("no function {sig}")));
                }
            }
            ImportKind::Global { ty, index, mutable } => {
                let Some(v) = imports.global(m, n) else {
                    return Err(missing(imports, format!("no global {ty}")));
                };
                let incompatible = |what: &str| {
                    unlinkable(format!("incompatible import type for {m}.{n}: {what}"))
                };
                if imports.global_mutable(m, n).is_some_and(|g| g != *mutable) {
                    return Err(incompatible("mutability differs"));
                }
                let bits = match (ty, v) {
                    (ValType::I32, CoreValue::I32(v)) => v as u32 as u64,
                    (ValType::I64, CoreValue::I64(v)) => v as u64,
                    (ValType::F32, CoreValue::F32(v)) => v as u64,
                    (ValType::F64, CoreValue::F64(v)) => v,
                    (ValType::FuncRef, CoreValue::FuncRef(None))
                    | (ValType::ExternRef, CoreValue::ExternRef(None)) => 0,
                    (ValType::ExternRef, CoreValue::ExternRef(Some(h))) => {
                        super::value::ref_word(Some(h)).map_err(|e| incompatible(&e.to_string()))?
                            as u64
                    }
                    (ValType::FuncRef, CoreValue::FuncRef(Some(h))) => {
                        bind_handle(pkg, memory, slots, imports, h)
                            .map_err(|e| incompatible(&e.to_string()))?
                            as u64
                    }
                    _ => return Err(incompatible(&format!("expected {ty}, got {}", v.ty()))),
                };
                super::init::write_u64(memory, pkg.global_addr(*index), bits)?;
            }
            ImportKind::Memory(limits) => {
                // `full`: the embedder gave the memory's type and contents, not just
                // its size (then the maximum is checked and the bytes copied).
                let (state, full) = match imports.memory(m, n) {
                    Some(state) => (state, true),
                    None => match imports.memory_pages(m, n) {
                        Some(p) => (
                            MemoryState {
                                pages: p,
                                max: None,
                                bytes: Vec::new(),
                            },
                            false,
                        ),
                        None if imports.has_export(m, n).is_some() => {
                            return Err(missing(imports, "no memory".into()))
                        }
                        None => continue,
                    },
                };
                let incompatible = |what: String| {
                    unlinkable(format!("incompatible import type for {m}.{n}: {what}"))
                };
                if state.pages < limits.min {
                    return Err(incompatible(format!(
                        "memory of {} pages, at least {} required",
                        state.pages, limits.min
                    )));
                }
                if let Some(want) = limits.max {
                    if full && state.max.is_none_or(|have| have > want) {
                        return Err(incompatible(format!(
                            "memory maximum {:?} exceeds the declared {want}",
                            state.max
                        )));
                    }
                }
                if state.pages > pkg.layout.max_pages {
                    return Err(incompatible(format!(
                        "memory of {} pages exceeds this package's {} pages",
                        state.pages, pkg.layout.max_pages
                    )));
                }
                if full {
                    memory
                        .write(0, &state.bytes)
                        .map_err(|e| unlinkable(e.to_string()))?;
                    max = state.max;
                }
                pages = state.pages;
            }
            ImportKind::Table(_) => {
                if imports.table(m, n).is_none() && imports.has_export(m, n).is_some() {
                    return Err(missing(imports, "no table".into()));
                }
            }
        }
    }
    Ok((pages, max))
}
