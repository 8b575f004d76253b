//! Function references between the instances of one script.
//!
//! Inside an instance a funcref is a word of that instance (its own function, or a
//! *foreign slot* the runtime bound to a function of another instance; see
//! `rivet_runtime::instance::FuncTarget`). Between instances the runner names a
//! function by a *handle*, its index in [`Funcs`]: one (instance, function index)
//! pair, registered the first time a reference to it leaves its instance. Moving a
//! reference from one instance to another is [`Funcs::translate`]: the source word
//! becomes a handle, the handle becomes a word of the destination (the function's own
//! word when the destination is its instance, a foreign slot otherwise).
//!
//! Handles are canonical: a function an instance imported from a registered
//! instance is registered as the exporter's function, so a reference that comes
//! back to its own instance is a plain call there (never a re-entrant call through
//! the importer). A handle keeps its instance alive, so a function of an instance
//! whose instantiation trapped stays callable, as Wasm 2.0 requires.

use crate::sharing::SharingError;
use rivet_format::package::{FuncSig, ImportKind, Package};
use rivet_runtime::instance::{CoreValue, FuncTarget, Instance, SharedState};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One registered function.
struct Entry {
    instance: Rc<RefCell<Instance>>,
    index: u32,
    sig: FuncSig,
}

/// The functions references to which have crossed instances; a handle is an index.
#[derive(Default)]
pub struct Funcs {
    entries: Vec<Entry>,
    /// Handle per (instance address, function index). Every instance with a key
    /// here is kept alive (by an entry or by `importers`), so no address is reused.
    by_function: HashMap<(usize, u32), u32>,
    /// Instances whose function imports were resolved to other instances' handles.
    importers: Vec<Rc<RefCell<Instance>>>,
}

fn key(instance: &Rc<RefCell<Instance>>, index: u32) -> (usize, u32) {
    (Rc::as_ptr(instance) as usize, index)
}

impl Funcs {
    /// The handle of function `index` of `instance` (whose package is `pkg`),
    /// registering it if needed.
    pub fn handle(
        &mut self,
        instance: &Rc<RefCell<Instance>>,
        pkg: &Package,
        index: u32,
    ) -> Result<u32, SharingError> {
        if let Some(h) = self.by_function.get(&key(instance, index)) {
            return Ok(*h);
        }
        let f = pkg
            .functions
            .get(index as usize)
            .ok_or(SharingError::UnknownFuncRef(index))?;
        let h = self.entries.len() as u32;
        self.entries.push(Entry {
            instance: instance.clone(),
            index,
            sig: f.sig.clone(),
        });
        self.by_function.insert(key(instance, index), h);
        Ok(h)
    }

    /// Records that `importer`'s function imports resolve to the functions
    /// `exporter_of(module, name)` names (instance and function index), so their
    /// handles are the exporters'.
    pub fn link_imports(
        &mut self,
        importer: &Rc<RefCell<Instance>>,
        pkg: &Package,
        mut exporter_of: impl FnMut(&str, &str) -> Option<(Rc<RefCell<Instance>>, u32)>,
    ) {
        let funcs = pkg
            .imports
            .iter()
            .filter(|i| matches!(i.kind, ImportKind::Func { .. }));
        for (index, imp) in funcs.enumerate() {
            let Some((exporter, j)) = exporter_of(&imp.module, &imp.name) else {
                continue;
            };
            let Ok(held) = exporter.try_borrow() else {
                continue;
            };
            if let Ok(h) = self.handle(&exporter, held.package().package(), j) {
                self.by_function.insert(key(importer, index as u32), h);
                if !self.importers.iter().any(|i| Rc::ptr_eq(i, importer)) {
                    self.importers.push(importer.clone());
                }
            }
        }
    }

    /// The signature of the function behind `handle`.
    pub fn sig(&self, handle: u32) -> Option<&FuncSig> {
        self.entries.get(handle as usize).map(|e| &e.sig)
    }

    /// The instance and function index behind `handle`.
    pub fn target(&self, handle: u32) -> Option<(Rc<RefCell<Instance>>, u32)> {
        let e = self.entries.get(handle as usize)?;
        Some((e.instance.clone(), e.index))
    }

    /// The handle of non-null word `word` of `instance` (`state` is its state).
    pub fn export_word(
        &mut self,
        instance: &Rc<RefCell<Instance>>,
        state: &dyn SharedState,
        word: u32,
    ) -> Result<u32, SharingError> {
        match state.funcref_target(word) {
            Some(FuncTarget::Own(index)) => self.handle(instance, state.package(), index),
            Some(FuncTarget::Foreign(h)) => Ok(h),
            None => Err(SharingError::UnknownFuncRef(word)),
        }
    }

    /// The word of `handle` in `instance` (`state` is its state): the function's own
    /// word there, or a foreign slot bound to it.
    pub fn import_handle(
        &self,
        instance: &Rc<RefCell<Instance>>,
        state: &mut dyn SharedState,
        handle: u32,
    ) -> Result<u32, SharingError> {
        let e = self
            .entries
            .get(handle as usize)
            .ok_or(SharingError::UnknownFuncRef(handle))?;
        if Rc::ptr_eq(&e.instance, instance) {
            return Ok(e.index + 1);
        }
        state
            .bind_funcref(handle, &e.sig)
            .map_err(SharingError::Bind)
    }

    /// Moves funcref word `word` of `src` into `dst` (0 stays null).
    pub fn translate(
        &mut self,
        src: (&Rc<RefCell<Instance>>, &dyn SharedState),
        dst: (&Rc<RefCell<Instance>>, &mut dyn SharedState),
        word: u32,
    ) -> Result<u32, SharingError> {
        if word == 0 {
            return Ok(0);
        }
        let h = self.export_word(src.0, src.1, word)?;
        self.import_handle(dst.0, dst.1, h)
    }

    /// Moves `values` of `src` into `dst`: funcrefs translated, the rest as is.
    pub fn translate_values(
        &mut self,
        src: (&Rc<RefCell<Instance>>, &dyn SharedState),
        dst: (&Rc<RefCell<Instance>>, &mut dyn SharedState),
        values: &[CoreValue],
    ) -> Result<Vec<CoreValue>, SharingError> {
        values
            .iter()
            .map(|v| match v {
                CoreValue::FuncRef(Some(n)) => {
                    let w = n.checked_add(1).ok_or(SharingError::UnknownFuncRef(*n))?;
                    let w = self.translate((src.0, src.1), (dst.0, &mut *dst.1), w)?;
                    Ok(CoreValue::FuncRef(Some(w - 1)))
                }
                other => Ok(*other),
            })
            .collect()
    }
}
