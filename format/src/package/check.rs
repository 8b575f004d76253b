//! [`Package::check`]: the cross-references a runtime relies on (layout ordering, pcs
//! inside the code, indices in range), run by every decode. Each failure is a
//! [`PackageError`] naming the item that is wrong.

use super::{
    ConstInit, DataMode, ElemItem, ElemMode, ExportKind, ImportKind, Package, RefKind, PAGE_SIZE,
};

/// A broken cross-reference inside a package: the package cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// The initial memory is larger than the memory cap.
    #[error("memory minimum {min} exceeds max pages {max}")]
    MemoryMin {
        /// Declared minimum pages.
        min: u32,
        /// The cap in pages.
        max: u32,
    },
    /// Linear memory, globals, descriptors, tables and stack overlap or are misordered.
    #[error("inconsistent data-memory layout")]
    Layout,
    /// A table overlaps its neighbours or its capacity contradicts its limits.
    #[error("table {0} is misplaced or larger than declared")]
    Table(usize),
    /// The halt pc is not an instruction.
    #[error("halt pc {0:#x} is outside the code")]
    HaltPc(u32),
    /// A function entry is not an instruction.
    #[error("function {index} entry {pc:#x} is outside the code")]
    FunctionPc {
        /// Function index.
        index: usize,
        /// Its entry pc.
        pc: u32,
    },
    /// A function import's call number is reserved or taken twice.
    #[error("import {0} has an invalid call number")]
    CallNumber(usize),
    /// A global import names a slot that is missing or of another kind.
    #[error("import {0} does not match its global slot")]
    GlobalImport(usize),
    /// More than one memory.
    #[error("two memories")]
    TwoMemories,
    /// Table imports must come first, in table order.
    #[error("import {import} names table {table} out of order")]
    TableImportOrder {
        /// Import index.
        import: usize,
        /// The table it names.
        table: u32,
    },
    /// A global initializer reads a missing global.
    #[error("global {0} has a bad initializer")]
    GlobalInit(usize),
    /// An export names a missing item.
    #[error("export {0:?} names a missing item")]
    Export(String),
    /// An element segment names a missing table, function or global.
    #[error("element segment {0} references a missing item")]
    Element(usize),
    /// An active data segment's offset reads a missing global.
    #[error("data segment {0} has a bad offset")]
    DataOffset(usize),
    /// The start function does not exist.
    #[error("start function is missing")]
    Start,
    /// A function's type id is not the index of its signature in the type list.
    #[error("function {0} has a type id that does not name its signature")]
    TypeId(usize),
    /// The type list repeats a signature (canonical ids must be unique).
    #[error("type {0} repeats an earlier signature")]
    DuplicateType(usize),
    /// The foreign-function trampolines are not inside the code.
    #[error("foreign-function trampolines at {0:#x} are outside the code")]
    ForeignPc(u32),
}

impl Package {
    /// Checks the cross-references a runtime relies on: layout ordering, pcs inside
    /// the code, indices in range. Returns the first thing that is wrong.
    pub fn check(&self) -> Result<(), PackageError> {
        self.check_layout()?;
        let p = &self.program;
        if !p.contains_pc(self.layout.halt_pc) {
            return Err(PackageError::HaltPc(self.layout.halt_pc));
        }
        for (index, f) in self.functions.iter().enumerate() {
            if !p.contains_pc(f.pc) {
                return Err(PackageError::FunctionPc { index, pc: f.pc });
            }
            if self.types.get(f.type_id as usize) != Some(&f.sig) {
                return Err(PackageError::TypeId(index));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, t) in self.types.iter().enumerate() {
            if !seen.insert(t) {
                return Err(PackageError::DuplicateType(i));
            }
        }
        let l = &self.layout;
        if l.foreign_funcs > 0 {
            let last = l.foreign_pc as u64
                + (l.foreign_funcs as u64 - 1) * super::FOREIGN_STUB_BYTES as u64;
            let last_word = last + super::FOREIGN_STUB_BYTES as u64 - 4;
            if last_word > u32::MAX as u64
                || !p.contains_pc(l.foreign_pc)
                || !p.contains_pc(last_word as u32)
            {
                return Err(PackageError::ForeignPc(l.foreign_pc));
            }
        }
        self.check_imports()?;
        self.check_references()
    }

    /// Memory, globals, descriptors, tables and stack in order, without overlaps.
    fn check_layout(&self) -> Result<(), PackageError> {
        let p = &self.program;
        let l = &self.layout;
        let lin = l.max_pages as u64 * PAGE_SIZE as u64;
        if l.memory.min > l.max_pages {
            return Err(PackageError::MemoryMin {
                min: l.memory.min,
                max: l.max_pages,
            });
        }
        let globals_end = l.globals_base as u64 + 8 * self.globals.len() as u64;
        let descriptors = self.functions.len() as u64 + 1 + l.foreign_funcs as u64;
        let mut end = l.funcs_base as u64 + 8 * descriptors;
        if (l.globals_base as u64) < lin
            || globals_end > l.funcs_base as u64
            || l.stack_limit > p.stack_top
            || p.stack_top != p.memory_size
        {
            return Err(PackageError::Layout);
        }
        for (i, t) in self.tables.iter().enumerate() {
            let max = t.limits.max.unwrap_or(u32::MAX);
            if (t.base as u64) < end || t.limits.min > t.capacity || t.capacity > max {
                return Err(PackageError::Table(i));
            }
            end = t.end();
        }
        if end > l.stack_limit as u64 {
            return Err(PackageError::Layout);
        }
        Ok(())
    }

    /// Call numbers unique and outside the reserved range, global imports in their
    /// slots, one memory, table imports first.
    fn check_imports(&self) -> Result<(), PackageError> {
        let mut numbers = std::collections::HashSet::new();
        let mut has_memory = false;
        let mut table_imports = 0u64;
        for (i, imp) in self.imports.iter().enumerate() {
            match &imp.kind {
                ImportKind::Func { call_number, .. } => {
                    if *call_number < crate::abi::ecall::IMPORT_BASE
                        || *call_number >= crate::abi::ecall::FOREIGN_BASE
                        || !numbers.insert(*call_number)
                    {
                        return Err(PackageError::CallNumber(i));
                    }
                }
                ImportKind::Global { ty, index, .. } => {
                    let ok = self
                        .globals
                        .get(*index as usize)
                        .is_some_and(|g| g.ty == *ty && g.init == ConstInit::Global(*index));
                    if !ok {
                        return Err(PackageError::GlobalImport(i));
                    }
                }
                ImportKind::Memory(_) if has_memory => return Err(PackageError::TwoMemories),
                ImportKind::Memory(_) => has_memory = true,
                ImportKind::Table(t) if *t as u64 != table_imports => {
                    return Err(PackageError::TableImportOrder {
                        import: i,
                        table: *t,
                    })
                }
                ImportKind::Table(_) => table_imports += 1,
            }
        }
        Ok(())
    }

    /// Every index in globals, exports, element and data segments and the start
    /// function names an existing item.
    fn check_references(&self) -> Result<(), PackageError> {
        let nf = self.functions.len() as u64;
        let ng = self.globals.len() as u64;
        let init_ok = |c: &ConstInit| match c {
            ConstInit::Const(_) => true,
            ConstInit::Global(g) => (*g as u64) < ng,
        };
        if let Some(i) = self.globals.iter().position(|g| !init_ok(&g.init)) {
            return Err(PackageError::GlobalInit(i));
        }
        for e in &self.exports {
            let ok = match e.kind {
                ExportKind::Func(f) => (f as u64) < nf,
                ExportKind::Global(g) => (g as u64) < ng,
                ExportKind::Table(t) => (t as usize) < self.tables.len(),
                ExportKind::Memory => true,
            };
            if !ok {
                return Err(PackageError::Export(e.name.clone()));
            }
        }
        for (i, e) in self.elements.iter().enumerate() {
            let mode_ok = match e.mode {
                ElemMode::Active { table, offset } => {
                    init_ok(&offset)
                        && self
                            .tables
                            .get(table as usize)
                            .is_some_and(|t| t.ty == e.ty)
                }
                ElemMode::Passive | ElemMode::Declared => true,
            };
            let items_ok = e.items.iter().all(|it| match it {
                ElemItem::Null => true,
                ElemItem::Func(f) => (*f as u64) < nf && e.ty == RefKind::Func,
                ElemItem::Global(g) => self
                    .globals
                    .get(*g as usize)
                    .is_some_and(|g| g.ty.ref_kind() == Some(e.ty)),
            });
            if !mode_ok || !items_ok {
                return Err(PackageError::Element(i));
            }
        }
        for (i, d) in self.data.iter().enumerate() {
            if let DataMode::Active(off) = &d.mode {
                if !init_ok(off) {
                    return Err(PackageError::DataOffset(i));
                }
            }
        }
        match self.start {
            Some(s) if s as u64 >= nf => Err(PackageError::Start),
            _ => Ok(()),
        }
    }
}
