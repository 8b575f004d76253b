//! The harnesses' single door to Rivet: compile, instantiate and call, with every result
//! classified the way conformance checks need it (supported or not, trap message,
//! exhaustion). The wast runner, the differential tests and the program tests all go
//! through here, so they agree on what counts as "unsupported" and on gas budgets.

use rivet_compiler::{CompileError, CompileOptions, UnsupportedMode};
use rivet_format::package::{ExportKind, FuncSig, Package, ValType};
use rivet_runtime::instance::{
    CallError, CoreValue, Imports, Instance, InstanceError, LoadedPackage,
};
use std::sync::Arc;

pub use rivet_runtime::instance::NoImports;

/// Gas for instantiation and for each call: far above what any spec test or generated
/// module needs, low enough that a runaway loop ends in seconds.
pub const GAS: u64 = 300_000_000;

/// How compiling a module ended.
pub enum CompileOutcome {
    /// Compiled and loaded.
    Compiled(Arc<LoadedPackage>),
    /// Refused because it needs a feature Rivet does not support; the reason.
    Unsupported(String),
    /// Refused as invalid or malformed (or loading failed); the error text.
    Rejected(String),
}

/// Linear memory cap for conformance runs, in pages: above the default contract cap,
/// because spec scripts grow memories by hundreds of pages and expect success.
pub const MAX_MEMORY_PAGES: u32 = 1024;

/// Compiles `wasm` with unsupported (SIMD) functions compiled to traps, and loads the
/// package.
pub fn compile(wasm: &[u8]) -> CompileOutcome {
    let opts = CompileOptions {
        unsupported_functions: UnsupportedMode::Trap,
        max_memory_pages: MAX_MEMORY_PAGES,
        ..CompileOptions::default()
    };
    // A panic is a compiler bug on (untrusted) input: report it, keep the run going.
    let result = std::panic::catch_unwind(|| rivet_compiler::compile(wasm, &opts));
    let result = match result {
        Ok(result) => result,
        Err(payload) => {
            return CompileOutcome::Rejected(format!(
                "compiler panicked: {}",
                panic_text(&*payload)
            ))
        }
    };
    match result {
        Ok(pkg) => load(pkg),
        Err(CompileError::Unsupported { what, .. }) => {
            CompileOutcome::Unsupported(format!("unsupported: {what}"))
        }
        Err(CompileError::UnsupportedModule { what, .. }) => {
            CompileOutcome::Unsupported(format!("unsupported module feature: {what}"))
        }
        Err(CompileError::Limit(what)) => {
            CompileOutcome::Unsupported(format!("compiler limit: {what}"))
        }
        Err(err) => CompileOutcome::Rejected(err.to_string()),
    }
}

/// Loads an already compiled package.
pub fn load(pkg: Package) -> CompileOutcome {
    match LoadedPackage::new(pkg) {
        Ok(loaded) => CompileOutcome::Compiled(Arc::new(loaded)),
        Err(err) => CompileOutcome::Rejected(format!("package does not load: {err}")),
    }
}

/// How instantiating ended.
pub enum InstantiateOutcome {
    /// Ready to call (boxed: an instance is large next to the other variants).
    Ready(Box<Instance>),
    /// The start function reached a function compiled as unsupported.
    Unsupported(String),
    /// An import could not be resolved.
    Unlinkable(String),
    /// A segment did not fit or the start function trapped; the spec message.
    Trapped(String),
    /// The start function ran out of gas.
    OutOfGas,
    /// Anything else (a host error, an engine fault).
    Failed(String),
}

/// Instantiates `pkg` (running its start function) with `GAS`.
pub fn instantiate(pkg: &Arc<LoadedPackage>, imports: &mut dyn Imports) -> InstantiateOutcome {
    match Instance::new(pkg, imports, GAS) {
        Ok(instance) => InstantiateOutcome::Ready(Box::new(instance)),
        Err(InstanceError::Unlinkable(err)) => InstantiateOutcome::Unlinkable(err),
        Err(InstanceError::Uninstantiable(err)) => match classify(err) {
            CallOutcome::Trapped(message) => InstantiateOutcome::Trapped(message),
            CallOutcome::Unsupported(reason) => InstantiateOutcome::Unsupported(reason),
            CallOutcome::OutOfGas => InstantiateOutcome::OutOfGas,
            CallOutcome::Failed(err) => InstantiateOutcome::Failed(err),
            CallOutcome::Returned(_) => {
                InstantiateOutcome::Failed("start function returned values".into())
            }
        },
    }
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// Returned these values.
    Returned(Vec<CoreValue>),
    /// Trapped; the spec message.
    Trapped(String),
    /// Reached a function compiled as unsupported; the reason.
    Unsupported(String),
    /// Ran out of gas.
    OutOfGas,
    /// Anything else (missing export, bad arguments, host or engine error).
    Failed(String),
}

/// Calls export `name` with a fresh `GAS` budget.
pub fn invoke(
    instance: &mut Instance,
    name: &str,
    args: &[CoreValue],
    imports: &mut dyn Imports,
) -> CallOutcome {
    instance.set_gas(GAS);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        instance.invoke(name, args, imports)
    }));
    match result {
        Ok(Ok(values)) => CallOutcome::Returned(values),
        Ok(Err(err)) => classify(err),
        Err(payload) => CallOutcome::Failed(format!("runtime panicked: {}", panic_text(&*payload))),
    }
}

/// The message of a caught panic.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

fn classify(err: CallError) -> CallOutcome {
    match err {
        CallError::Trap(code) => CallOutcome::Trapped(code.to_string()),
        CallError::Unsupported(reason) => {
            CallOutcome::Unsupported(format!("calls unsupported code: {reason}"))
        }
        CallError::OutOfGas => CallOutcome::OutOfGas,
        // A call into another instance (an import or a function reference it
        // exported) is a plain Wasm call: how it ended is how the caller ends.
        CallError::Import(f) => match f.downcast_ref::<crate::spectest::ImportCallError>() {
            Some(crate::spectest::ImportCallError::Callee(inner)) => classify(inner.clone()),
            _ => CallOutcome::Failed(CallError::Import(f).to_string()),
        },
        other => CallOutcome::Failed(other.to_string()),
    }
}

/// Calls an export on behalf of an importing instance: results, or why it failed
/// (the importer then fails with a host error carrying it).
pub fn call_export(
    instance: &mut Instance,
    name: &str,
    args: &[CoreValue],
    imports: &mut dyn Imports,
) -> Result<Vec<CoreValue>, CallError> {
    instance.invoke(name, args, imports)
}

/// The signature of function export `name`, if there is one.
pub fn export_signature(instance: &Instance, name: &str) -> Option<(Vec<ValType>, Vec<ValType>)> {
    let pkg = instance.package().package();
    pkg.export_func(name)
        .map(|(_, f)| (f.sig.params.clone(), f.sig.results.clone()))
}

/// Every function export of `pkg` (integer, float and reference signatures), in export
/// order: what differential tests can call.
pub fn function_exports(pkg: &LoadedPackage) -> Vec<(String, FuncSig)> {
    let pkg = pkg.package();
    pkg.exports
        .iter()
        .filter_map(|e| match e.kind {
            ExportKind::Func(index) => pkg
                .functions
                .get(index as usize)
                .map(|f| (e.name.clone(), f.sig.clone())),
            _ => None,
        })
        .collect()
}

/// The instance's linear memory.
pub fn memory(instance: &Instance) -> &[u8] {
    instance.memory()
}
