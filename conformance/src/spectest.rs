//! The import environment of a wast script: the spec's `spectest` host module plus every
//! module instance the script `register`ed under a name.
//!
//! `spectest` provides `print*` functions (output discarded: only that the call links and
//! returns matters), `global_i32` = 666, `global_i64` = 666, `global_f32` = 666.6 and
//! `global_f64` = 666.6. Its `memory` (1 page, max 2) and `table` (10 funcref) are
//! imported as declarations the compiler resolves itself; the linker only reports the
//! memory's real size (1 page), so a module that
//! imports it with a smaller declared minimum still sees one page. A call into a registered instance runs that
//! instance's export with this same linker as its imports, so chains of registered
//! modules work; re-entering an instance that is already running is refused.

use crate::rivet;
use rivet_format::package::ValType;
use rivet_runtime::instance::{CoreValue, Imports, Instance};
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

/// Resolves imports for modules of one script.
#[derive(Default)]
pub struct Linker {
    registered: HashMap<String, Slot>,
    /// Set when an import named a registered-but-skipped module, so the importer is
    /// skipped with that module's reason instead of reported as unlinkable.
    skipped_dependency: Option<String>,
}

/// The `spectest` module's value.
const SPECTEST_GLOBAL: i32 = 666;

/// Pages of the `spectest` memory.
const SPECTEST_MEMORY_PAGES: u32 = 1;

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
        let instance = self.lookup(module)?;
        let value = instance.try_borrow().ok()?.global(name);
        value
    }

    fn call(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        _memory: &mut [u8],
    ) -> Result<Vec<CoreValue>, String> {
        if module == "spectest" {
            return if spectest_func(name).is_some() {
                Ok(Vec::new())
            } else {
                Err(format!("spectest has no function \"{name}\""))
            };
        }
        let instance = self
            .lookup(module)
            .ok_or_else(|| format!("unknown import module \"{module}\""))?;
        let mut instance = instance
            .try_borrow_mut()
            .map_err(|_| format!("re-entrant call into \"{module}\" is not supported"))?;
        rivet::call_export(&mut instance, name, args, self)
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
