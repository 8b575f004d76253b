//! The import environment of a wast script: the spec's `spectest` host module plus every
//! module instance the script `register`ed under a name.
//!
//! `spectest` provides `print*` functions (output discarded: only that the call links and
//! returns matters), `global_i32` = 666, `global_i64` = 666, `global_f32` = 666.6,
//! `global_f64` = 666.6, its `memory` (1 page,
//! max 2) and `table` (10 funcref, max 20), checked against each import's type. Each
//! importer gets them fresh (zeroed, null): no spec script observes sharing through
//! `spectest`. A call into a registered instance runs that
//! instance's export with this same linker as its imports, so chains of registered
//! modules work; re-entering an instance that is already running is refused.
//!
//! Memories, tables and mutable globals imported from registered instances are
//! shared as Wasm requires, through [`Shared`] (see [`crate::sharing`]): an import's
//! current state comes from whichever instance holds it, and every entry into an
//! instance synchronises first. Function references cross instances as handles (see
//! [`crate::funcrefs`]): a call through one runs the function in its own instance,
//! like a call of an import, with the arguments and results translated. A missing import is `unknown import`, one that
//! exists with another type or kind `incompatible import type`.

use crate::rivet;
use crate::sharing::{export_item, Caller, Item, Shared, SharingError};
use rivet_format::package::{ExportKind, FuncSig, RefKind, ValType};
use rivet_runtime::instance::{
    CallError, CoreValue, GuestAccess, ImportFailure, Imports, Instance, MemoryState, SharedState,
    TableState,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A module instance slot in a script: ready to call, or skipped with a reason.
#[derive(Clone)]
pub enum Slot {
    /// An instantiated module.
    Ready(Rc<RefCell<Instance>>),
    /// A module Rivet could not run; every directive on it is skipped with this reason.
    Skipped(String),
}

/// Why a call into `spectest` or a registered instance failed (the calling guest
/// then fails with a host error carrying it).
#[derive(Debug, thiserror::Error)]
pub enum ImportCallError {
    /// No module of that name was registered.
    #[error("unknown import module \"{0}\"")]
    UnknownModule(String),
    /// `spectest` has no such function.
    #[error("spectest has no function \"{0}\"")]
    NoSpectestFunc(String),
    /// The callee is already running further up the chain.
    #[error("re-entrant call into \"{0}\" is not supported")]
    Reentrant(String),
    /// Shared state could not be synchronised.
    #[error(transparent)]
    Sharing(#[from] SharingError),
    /// The callee's export failed.
    #[error(transparent)]
    Callee(#[from] CallError),
}

/// What [`Linker::call_into`] runs in the callee.
#[derive(Clone, Copy)]
enum Callee<'a> {
    /// A function export by name.
    Export(&'a str),
    /// A function by index (the target of a function reference).
    Function(u32),
}

/// Whether `values` hold a non-null function reference.
fn has_funcref(values: &[CoreValue]) -> bool {
    values
        .iter()
        .any(|v| matches!(v, CoreValue::FuncRef(Some(_))))
}

/// Resolves imports for modules of one script.
#[derive(Default)]
pub struct Linker {
    registered: HashMap<String, Slot>,
    /// Set when an import named a registered-but-skipped module, so the importer is
    /// skipped with that module's reason instead of reported as unlinkable.
    skipped_dependency: Option<String>,
    /// Items shared between instances.
    shared: Shared,
    /// Instances currently running, innermost last (callers of import calls).
    running: Vec<Rc<RefCell<Instance>>>,
}

/// The `spectest` module's value.
const SPECTEST_GLOBAL: i32 = 666;

/// Pages of the `spectest` memory.
const SPECTEST_MEMORY_PAGES: u32 = 1;

/// Declared maximum of the `spectest` memory.
const SPECTEST_MEMORY_MAX: u32 = 2;

/// Size and maximum of the `spectest` table (funcref, all null).
const SPECTEST_TABLE: (u32, u32) = (10, 20);

impl Linker {
    /// Makes `slot`'s exports importable as module `name`.
    pub fn register(&mut self, name: &str, slot: Slot) {
        self.registered.insert(name.to_string(), slot);
    }

    /// Forgets the skipped dependency noted during an earlier instantiation.
    pub fn clear_skipped_dependency(&mut self) {
        self.skipped_dependency = None;
    }

    /// The skip reason of a registered module an instantiation tried to import from.
    pub fn skipped_dependency(&self) -> Option<String> {
        self.skipped_dependency.clone()
    }

    /// Records the memories, tables and mutable globals `instance` (just created
    /// from `pkg`) imported from registered instances as shared with them.
    pub fn link(&mut self, instance: &Rc<RefCell<Instance>>, pkg: &rivet_format::package::Package) {
        let registered = &self.registered;
        self.shared
            .link(instance, pkg, |m| match registered.get(m) {
                Some(Slot::Ready(i)) => Some(i.clone()),
                _ => None,
            });
    }

    /// Synchronises `instance`'s shared items before the runner calls it and notes
    /// it as running; [`Linker::exit`] ends that.
    pub fn enter(&mut self, instance: &Rc<RefCell<Instance>>) -> Result<(), SharingError> {
        self.shared.enter(instance, None)?;
        self.running.push(instance.clone());
        Ok(())
    }

    /// The instance the runner entered has returned.
    pub fn exit(&mut self) {
        self.running.pop();
    }

    /// Calls `module.name` in a registered instance on behalf of the running one,
    /// synchronising shared items both ways through the caller's `state`.
    fn call_registered(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        state: Option<&mut dyn SharedState>,
    ) -> Result<Vec<CoreValue>, ImportCallError> {
        let callee = self
            .lookup(module)
            .ok_or_else(|| ImportCallError::UnknownModule(module.to_string()))?;
        self.call_into(&callee, Callee::Export(name), module, args, state)
    }

    /// Calls `what` in `callee` on behalf of the running instance (whose state is
    /// `state`): shared items synchronised both ways, function references in the
    /// arguments and results translated between the two instances.
    fn call_into(
        &mut self,
        callee: &Rc<RefCell<Instance>>,
        what: Callee<'_>,
        label: &str,
        args: &[CoreValue],
        state: Option<&mut dyn SharedState>,
    ) -> Result<Vec<CoreValue>, ImportCallError> {
        let caller_instance = self.running.last().cloned();
        let mut caller = match (&caller_instance, state) {
            (Some(instance), Some(state)) => Some(Caller { instance, state }),
            _ => None,
        };
        self.shared.enter(callee, caller.as_mut())?;
        let result = {
            let mut instance = callee
                .try_borrow_mut()
                .map_err(|_| ImportCallError::Reentrant(label.to_string()))?;
            let args = match caller.as_mut() {
                Some(c) => self.shared.funcs.translate_values(
                    (c.instance, &*c.state),
                    (callee, &mut *instance),
                    args,
                )?,
                None if has_funcref(args) => return Err(SharingError::NoCaller.into()),
                None => args.to_vec(),
            };
            self.running.push(callee.clone());
            let result = match what {
                Callee::Export(name) => rivet::call_export(&mut instance, name, &args, self),
                Callee::Function(index) => instance.invoke_function(index, &args, self),
            };
            self.running.pop();
            result
        };
        if let Some(caller) = caller.as_mut() {
            self.shared.leave(caller)?;
        }
        let results = result?;
        match caller.as_mut() {
            Some(c) => {
                let held = callee.try_borrow().map_err(|_| SharingError::Running)?;
                Ok(self.shared.funcs.translate_values(
                    (callee, &*held),
                    (c.instance, &mut *c.state),
                    &results,
                )?)
            }
            None if has_funcref(&results) => Err(SharingError::NoCaller.into()),
            None => Ok(results),
        }
    }

    /// The instance holding the current state of `module.name`, and the item there.
    fn holder(&mut self, module: &str, name: &str) -> Option<(Rc<RefCell<Instance>>, Item)> {
        let exporter = self.lookup(module)?;
        let item = export_item(&*exporter.try_borrow().ok()?, name)?;
        Some(self.shared.latest(&exporter, item))
    }

    fn lookup(&mut self, module: &str) -> Option<Rc<RefCell<Instance>>> {
        match self.registered.get(module)? {
            Slot::Ready(instance) => Some(instance.clone()),
            Slot::Skipped(reason) => {
                self.skipped_dependency = Some(format!(
                    "imports from skipped module \"{module}\": {reason}"
                ));
                None
            }
        }
    }
}

impl Imports for Linker {
    fn global(&mut self, module: &str, name: &str) -> Option<CoreValue> {
        if module == "spectest" {
            return match name {
                "global_i32" => Some(CoreValue::I32(SPECTEST_GLOBAL)),
                "global_i64" => Some(CoreValue::I64(SPECTEST_GLOBAL.into())),
                "global_f32" => Some(CoreValue::F32(666.6f32.to_bits())),
                "global_f64" => Some(CoreValue::F64(666.6f64.to_bits())),
                _ => None,
            };
        }
        let (holder, item) = self.holder(module, name)?;
        let Item::Global(g) = item else {
            return None;
        };
        let held = holder.try_borrow().ok()?;
        match held.global_at(g)? {
            // Imports name another instance's function by its handle.
            CoreValue::FuncRef(Some(n)) => {
                let word = n.checked_add(1)?;
                let h = self.shared.funcs.export_word(&holder, &*held, word).ok()?;
                Some(CoreValue::FuncRef(Some(h)))
            }
            value => Some(value),
        }
    }

    fn call(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        _memory: &mut [u8],
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        if module == "spectest" {
            return if spectest_func(name).is_some() {
                Ok(Vec::new())
            } else {
                Err(ImportFailure::new(ImportCallError::NoSpectestFunc(
                    name.to_string(),
                )))
            };
        }
        self.call_registered(module, name, args, None)
            .map_err(ImportFailure::new)
    }

    fn call_guest(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        if module == "spectest" {
            return self.call(module, name, args, &mut []);
        }
        self.call_registered(module, name, args, guest.shared_state())
            .map_err(ImportFailure::new)
    }

    fn has_func(
        &mut self,
        module: &str,
        name: &str,
        params: &[ValType],
        results: &[ValType],
    ) -> bool {
        if module == "spectest" {
            return results.is_empty() && spectest_func(name) == Some(params);
        }
        let Some(instance) = self.lookup(module) else {
            return false;
        };
        let Ok(instance) = instance.try_borrow() else {
            return false;
        };
        rivet::export_signature(&instance, name).is_some_and(|(p, r)| p == params && r == results)
    }

    fn memory_pages(&mut self, module: &str, name: &str) -> Option<u32> {
        (module == "spectest" && name == "memory").then_some(SPECTEST_MEMORY_PAGES)
    }

    /// The current contents from the holder; the type (maximum) from the exporter,
    /// whose declaration the memory has.
    fn memory(&mut self, module: &str, name: &str) -> Option<MemoryState> {
        if module == "spectest" {
            return (name == "memory").then(|| MemoryState {
                pages: SPECTEST_MEMORY_PAGES,
                max: Some(SPECTEST_MEMORY_MAX),
                bytes: vec![0; SPECTEST_MEMORY_PAGES as usize * 65536],
            });
        }
        let (holder, item) = self.holder(module, name)?;
        if item != Item::Memory {
            return None;
        }
        let mut state = holder.try_borrow().ok()?.memory_state();
        state.max = self.lookup(module)?.try_borrow().ok()?.memory_state().max;
        Some(state)
    }

    fn table(&mut self, module: &str, name: &str) -> Option<TableState> {
        if module == "spectest" {
            return (name == "table").then(|| TableState {
                ty: RefKind::Func,
                size: SPECTEST_TABLE.0,
                max: Some(SPECTEST_TABLE.1),
                entries: vec![0; SPECTEST_TABLE.0 as usize],
            });
        }
        let (holder, item) = self.holder(module, name)?;
        let Item::Table(t) = item else {
            return None;
        };
        let mut state = {
            let held = holder.try_borrow().ok()?;
            let mut state = held.table_at(t)?;
            if state.ty == RefKind::Func {
                // Imports name another instance's functions by handle + 1.
                for w in state.entries.iter_mut().filter(|w| **w != 0) {
                    *w = self.shared.funcs.export_word(&holder, &*held, *w).ok()? + 1;
                }
            }
            state
        };
        let exporter = self.lookup(module)?;
        let exporter = exporter.try_borrow().ok()?;
        if let Some(rivet_format::package::ExportKind::Table(e)) = exporter.export_kind(name) {
            state.max = exporter.table_at(e)?.max;
        }
        Some(state)
    }

    /// The instance stays: it holds what its segments wrote to shared items, and
    /// references to its functions may have been written there.
    fn instantiation_trapped(&mut self, instance: Instance) {
        let pkg = instance.package().clone();
        let instance = Rc::new(RefCell::new(instance));
        self.link(&instance, pkg.package());
    }

    fn funcref_sig(&mut self, handle: u32) -> Option<FuncSig> {
        self.shared.funcs.sig(handle).cloned()
    }

    fn call_funcref(
        &mut self,
        handle: u32,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        let (callee, index) = self.shared.funcs.target(handle).ok_or_else(|| {
            ImportFailure::new(ImportCallError::Sharing(SharingError::UnknownFuncRef(
                handle,
            )))
        })?;
        let label = format!("function reference {handle}");
        self.call_into(
            &callee,
            Callee::Function(index),
            &label,
            args,
            guest.shared_state(),
        )
        .map_err(ImportFailure::new)
    }

    fn has_export(&mut self, module: &str, name: &str) -> Option<bool> {
        if module == "spectest" {
            let known = spectest_func(name).is_some()
                || matches!(name, "global_i32" | "global_i64" | "memory" | "table");
            return Some(known);
        }
        match self.registered.get(module) {
            Some(Slot::Ready(i)) => Some(i.try_borrow().ok()?.export_kind(name).is_some()),
            Some(Slot::Skipped(_)) => None,
            None => Some(false),
        }
    }

    fn global_mutable(&mut self, module: &str, name: &str) -> Option<bool> {
        if module == "spectest" {
            return Some(false);
        }
        let instance = self.lookup(module)?;
        let instance = instance.try_borrow().ok()?;
        let Some(ExportKind::Global(g)) = instance.export_kind(name) else {
            return None;
        };
        let mutable = instance
            .package()
            .package()
            .globals
            .get(g as usize)?
            .mutable;
        Some(mutable)
    }
}

/// The `print*` functions of `spectest` and their parameters.
fn spectest_func(name: &str) -> Option<&'static [ValType]> {
    match name {
        "print" => Some(&[]),
        "print_i32" => Some(&[ValType::I32]),
        "print_i64" => Some(&[ValType::I64]),
        "print_f32" => Some(&[ValType::F32]),
        "print_f64" => Some(&[ValType::F64]),
        "print_i32_f32" => Some(&[ValType::I32, ValType::F32]),
        "print_f64_f64" => Some(&[ValType::F64, ValType::F64]),
        _ => None,
    }
}
