//! A compiled package instantiated on the engine, called with core Wasm values.
//!
//! [`LoadedPackage`] validates a [`Package`] and pre-decodes its code once (the engine
//! [`Module`] is shared through an `Arc`), so instantiating it many times is cheap.
//! [`Instance::new`] builds a fresh data memory (globals, table, active segments, see
//! the layout in [`rivet_format::package`]) and runs the start function;
//! [`Instance::invoke`] calls an export following the calling convention in
//! [`rivet_format::abi::call`]: arguments in a0..a5 and on the stack, `ra` pointing at
//! the package's halt stub, `gp` holding the memory size. The engine host
//! (the `host` module) serves the reserved `ecall`s: halt, Wasm traps, helper operations
//! (bulk memory, 64-bit division...) and calls to imported functions, which it
//! forwards to the embedder's [`Imports`]. Functions of *other* instances enter as
//! the embedder's handles bound into foreign slots (the `foreign` module): a call
//! through one goes to [`Imports::call_funcref`], which runs it in its own instance.

mod failure;
mod foreign;
#[cfg(test)]
mod foreign_tests;
mod guest;
#[cfg(test)]
mod helper_tests;
mod host;
#[cfg(test)]
mod import_tests;
mod init;
mod linking;
#[cfg(test)]
mod reset_tests;

/// Compiles `wat` with a memory cap and stack size, for the runtime's unit tests.
#[cfg(test)]
pub(crate) fn test_package(
    wat: &str,
    max_memory_pages: u32,
    stack_size: u32,
) -> Arc<LoadedPackage> {
    let wasm = wat::parse_str(wat).expect("wat");
    let opts = rivet_compiler::CompileOptions {
        max_memory_pages,
        stack_size,
        ..Default::default()
    };
    let pkg = rivet_compiler::compile(&wasm, &opts).expect("compile");
    Arc::new(LoadedPackage::new(pkg).expect("load"))
}
mod tables;
mod value;

pub use failure::{ImportFailure, ImportMessage};
pub use foreign::{BindError, ForeignFunc, FuncTarget};
pub use guest::GuestAccess;
pub use linking::{MemoryState, SharedState};
pub use tables::TableState;
pub(crate) use value::CoreValues;
pub use value::{CoreValue, ValueMismatch};

use rivet_engine::{Machine, Module, TrapKind};
use rivet_format::abi::{call::REG_WORDS, reg, TrapCode};
use rivet_format::package::{ExportKind, FuncSig, Package, ValType};

use crate::fasthash::FastMap;
use std::sync::Arc;
use thiserror::Error;

use host::{HostError, InstanceHost};

/// Why a package cannot be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The package's cross-references are inconsistent.
    #[error("invalid package: {0}")]
    Package(String),
    /// The engine rejected the code.
    #[error(transparent)]
    Engine(#[from] rivet_engine::LoadError),
}

/// A validated package with its pre-decoded engine module.
#[derive(Debug)]
pub struct LoadedPackage {
    pkg: Package,
    module: Arc<Module>,
    /// Import index by call number.
    calls: FastMap<u32, usize>,
    /// Exported functions by name: `(pc, signature)`, so a call by name is one lookup.
    funcs: FastMap<String, (u32, FuncSig)>,
}

impl LoadedPackage {
    /// Validates `pkg` and decodes its code.
    pub fn new(pkg: Package) -> Result<Self, LoadError> {
        pkg.check().map_err(|e| LoadError::Package(e.to_string()))?;
        // The engine runs helper calls that succeed itself, exactly as
        // `InstanceHost` does (the same clamp of `gp` to linear memory).
        let linear_max = host::linear_max(&pkg.layout).min(u32::MAX as u64) as u32;
        let module = Module::new(&pkg.program)?.with_helpers(linear_max);
        let module = Arc::new(module);
        let calls = pkg
            .imports
            .iter()
            .enumerate()
            .filter_map(|(i, imp)| match &imp.kind {
                rivet_format::package::ImportKind::Func { call_number, .. } => {
                    Some((*call_number, i))
                }
                _ => None,
            })
            .collect();
        let funcs = pkg
            .exports
            .iter()
            .filter_map(|e| match e.kind {
                ExportKind::Func(i) => {
                    let f = pkg.functions.get(i as usize)?;
                    Some((e.name.clone(), (f.pc, f.sig.clone())))
                }
                _ => None,
            })
            .collect();
        Ok(LoadedPackage {
            pkg,
            module,
            calls,
            funcs,
        })
    }

    /// The pc and signature of exported function `name`.
    pub(crate) fn export_func(&self, name: &str) -> Option<(u32, &FuncSig)> {
        self.funcs.get(name).map(|(pc, sig)| (*pc, sig))
    }

    /// Builds the engine's native code for this package now rather than on the
    /// first call; true when native code is available on this host.
    pub fn prepare_native(&self) -> bool {
        self.module.prepare_native()
    }

    /// The package.
    pub fn package(&self) -> &Package {
        &self.pkg
    }
}

/// What the embedder provides: imported globals' values and host functions.
///
/// Every method has a default meaning "not provided", so an embedder implements only
/// what it serves. Failures are typed ([`ImportFailure`] wraps the embedder's own
/// error type) and come back out of [`Instance::invoke`] unchanged as
/// [`CallError::Import`].
pub trait Imports {
    /// The value of imported global `module.name`, or `None` when unknown.
    fn global(&mut self, module: &str, name: &str) -> Option<CoreValue> {
        let _ = (module, name);
        None
    }
    /// Calls imported function `module.name`; `memory` is the linear memory
    /// `[0, current size)`. Results must match the import's signature.
    fn call(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        memory: &mut [u8],
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        let _ = (args, memory);
        Err(ImportFailure::new(NoSuchImport {
            module: module.to_string(),
            name: name.to_string(),
        }))
    }
    /// Calls imported function `module.name` with access to the suspended caller:
    /// its memory, its gas, and re-entrant calls of its exports (`cabi_realloc`,
    /// destructors; see [`GuestAccess`]). The default forwards to [`Imports::call`].
    fn call_guest(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        self.call(module, name, args, guest.memory_mut())
    }
    /// Whether `module.name` exists with this signature (checked at instantiation).
    fn has_func(
        &mut self,
        module: &str,
        name: &str,
        params: &[ValType],
        results: &[ValType],
    ) -> bool {
        let _ = (module, name, params, results);
        false
    }
    /// Calls the package's function import number `index` (its position in the
    /// package's import list), named `module.name`: embedders that resolved their
    /// imports to a table dispatch on `index`. The default forwards to
    /// [`Imports::call_guest`].
    fn call_import(
        &mut self,
        index: usize,
        module: &str,
        name: &str,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        let _ = index;
        self.call_guest(module, name, args, guest)
    }
    /// Whether function import number `index` (`module.name`) exists with this
    /// signature (checked at instantiation). The default asks [`Imports::has_func`].
    fn has_import(
        &mut self,
        index: usize,
        module: &str,
        name: &str,
        params: &[ValType],
        results: &[ValType],
    ) -> bool {
        let _ = index;
        self.has_func(module, name, params, results)
    }
    /// The current size in pages of imported memory `module.name`, when the embedder
    /// provides one (each instance still owns its copy, zero-filled). `None` (and no
    /// [`Imports::memory`]) uses the import's declared minimum, unless
    /// [`Imports::has_export`] knows the name: then it is of another kind (or
    /// missing), and unlinkable.
    fn memory_pages(&mut self, module: &str, name: &str) -> Option<u32> {
        let _ = (module, name);
        None
    }
    /// Whether `module.name` exists at all (of any kind), when the embedder knows:
    /// turns a failed import into `incompatible import type` (exists) or `unknown
    /// import` (does not).
    fn has_export(&mut self, module: &str, name: &str) -> Option<bool> {
        let _ = (module, name);
        None
    }
    /// Whether imported global `module.name` is mutable, when the embedder knows (a
    /// mutability mismatch is unlinkable).
    fn global_mutable(&mut self, module: &str, name: &str) -> Option<bool> {
        let _ = (module, name);
        None
    }
    /// The full state of imported memory `module.name` (size, maximum, contents),
    /// when the embedder shares memories between instances; otherwise
    /// [`Imports::memory_pages`] is asked.
    fn memory(&mut self, module: &str, name: &str) -> Option<MemoryState> {
        let _ = (module, name);
        None
    }
    /// Instantiation trapped (a segment out of bounds, or the start function) after
    /// writing to `instance`'s imported items: an embedder sharing them copies what
    /// was written back to their holders, as Wasm 2.0 keeps those writes, and may
    /// keep the instance, whose functions those writes can refer to (the error is
    /// returned from [`Instance::new`] all the same).
    fn instantiation_trapped(&mut self, instance: Instance) {
        let _ = instance;
    }
    /// The signature of the function behind `handle`, the embedder's name for a
    /// function of another instance that it hands in through an imported table
    /// (entry word `handle + 1`) or global (`CoreValue::FuncRef(Some(handle))`).
    /// `None` (unknown handle) makes the import unlinkable.
    fn funcref_sig(&mut self, handle: u32) -> Option<FuncSig> {
        let _ = handle;
        None
    }
    /// Calls the function behind `handle` (bound into the running instance's foreign
    /// slot, see [`SharedState::bind_funcref`]) with access to the suspended caller,
    /// like an imported function. Results must match the signature it was bound with.
    fn call_funcref(
        &mut self,
        handle: u32,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        let _ = (args, guest);
        Err(ImportFailure::new(NoSuchFuncRef(handle)))
    }
    /// The state of imported table `module.name`, when the embedder provides one
    /// (checked against the import's type: a mismatch is unlinkable). `None` leaves
    /// the table at its declared minimum, all null, unless [`Imports::has_export`]
    /// knows the name: then it is of another kind (or missing), and unlinkable.
    fn table(&mut self, module: &str, name: &str) -> Option<TableState> {
        let _ = (module, name);
        None
    }
}

/// An embedder with no imports at all.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoImports;

impl Imports for NoImports {}

/// An imported function the embedder does not provide.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("no import {module}.{name}")]
pub struct NoSuchImport {
    /// The import's module.
    pub module: String,
    /// Its name.
    pub name: String,
}

/// A function reference the embedder does not know.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("no function behind function reference {0}")]
pub struct NoSuchFuncRef(pub u32);

/// Why a call did not return normally.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CallError {
    /// A Wasm trap; `Display` is the spec's message.
    #[error("{0}")]
    Trap(TrapCode),
    /// A function the compiler replaced by a trap was called.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The gas budget ran out.
    #[error("out of gas")]
    OutOfGas,
    /// The engine stopped for a reason compiled code never causes (a bug or a
    /// corrupted package): the engine's own message, with the pc.
    #[error("engine trap: {0}")]
    Engine(String),
    /// An imported function failed: the embedder's typed error.
    #[error("host function failed: {0}")]
    Import(ImportFailure),
    /// No function export of that name.
    #[error("no function export named {0:?}")]
    NoSuchExport(String),
    /// No function of that index (the target of a stale or forged reference).
    #[error("no function {0} in this instance")]
    NoSuchFunction(u32),
    /// Arguments do not match the export's parameters.
    #[error("bad arguments: {0}")]
    BadArguments(String),
}

/// Why instantiation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InstanceError {
    /// An import is missing or has the wrong type.
    #[error("unlinkable: {0}")]
    Unlinkable(String),
    /// A segment did not fit or the start function trapped.
    #[error("uninstantiable: {0}")]
    Uninstantiable(CallError),
}

/// A live instance: its data memory, globals and table persist across calls.
pub struct Instance {
    pkg: Arc<LoadedPackage>,
    machine: Machine,
    /// Data segments dropped so far (active ones are dropped at instantiation).
    dropped: Vec<bool>,
    /// Functions of other instances bound into foreign slots, slot `k` at `k`.
    foreign: Vec<ForeignFunc>,
    /// The memory type's maximum in pages: the declared one, or an imported
    /// memory's own, which `memory.grow` must not pass.
    memory_max: Option<u32>,
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("memory_size", &self.memory_size())
            .field("gas", &self.gas_left())
            .finish()
    }
}

impl Instance {
    /// Instantiates: fresh memory, globals, table and active segments, then the start
    /// function.
    pub fn new(
        pkg: &Arc<LoadedPackage>,
        imports: &mut dyn Imports,
        gas: u64,
    ) -> Result<Instance, InstanceError> {
        init::instantiate(pkg, imports, gas)
    }

    /// Calls exported function `export`.
    pub fn invoke(
        &mut self,
        export: &str,
        args: &[CoreValue],
        imports: &mut dyn Imports,
    ) -> Result<Vec<CoreValue>, CallError> {
        let pkg = self.pkg.clone();
        let (pc, sig) = pkg
            .export_func(export)
            .ok_or_else(|| CallError::NoSuchExport(export.to_string()))?;
        self.call_pc(pc, sig, args, imports)
            .map(CoreValues::into_vec)
    }

    /// Calls function `index` of the instance (imports included: an imported one runs
    /// through its trampoline, calling `imports`): how an embedder runs the target of
    /// a function reference another instance holds.
    pub fn invoke_function(
        &mut self,
        index: u32,
        args: &[CoreValue],
        imports: &mut dyn Imports,
    ) -> Result<Vec<CoreValue>, CallError> {
        let pkg = self.pkg.clone();
        let f = pkg
            .pkg
            .functions
            .get(index as usize)
            .ok_or(CallError::NoSuchFunction(index))?;
        self.call_pc(f.pc, &f.sig, args, imports)
            .map(CoreValues::into_vec)
    }

    /// Calls the code at `pc` with signature `sig`.
    pub(crate) fn call_pc(
        &mut self,
        pc: u32,
        sig: &FuncSig,
        args: &[CoreValue],
        imports: &mut dyn Imports,
    ) -> Result<CoreValues, CallError> {
        let mut out = CoreValues::default();
        self.call_pc_into(pc, sig, args, imports, &mut out)?;
        Ok(out)
    }

    /// [`Instance::call_pc`] with the results written into `out` (empty), for hot
    /// callers (see [`value::unflatten_into`]).
    pub(crate) fn call_pc_into(
        &mut self,
        pc: u32,
        sig: &FuncSig,
        args: &[CoreValue],
        imports: &mut dyn Imports,
        out: &mut CoreValues,
    ) -> Result<(), CallError> {
        // Check the arguments first; they are written straight to registers and
        // stack once the frame is known to fit.
        value::check(&sig.params, args).map_err(|e| CallError::BadArguments(e.to_string()))?;
        // A funcref word indexes the function descriptors: only this instance's
        // functions and bound foreign slots may come in.
        if let Some(f) = foreign::invalid_funcref(&self.pkg.pkg, &self.foreign, args) {
            return Err(CallError::BadArguments(format!(
                "funcref {f} names neither a function of this instance nor a bound \
                 function of another"
            )));
        }
        let layout = self.pkg.pkg.layout;
        let stack_words = sig
            .param_words()
            .max(sig.result_words())
            .saturating_sub(REG_WORDS);
        let area = (4 * stack_words as u64).div_ceil(16) * 16;
        let top = self.pkg.pkg.program.stack_top as u64;
        if top < layout.stack_limit as u64 + area {
            return Err(CallError::Trap(TrapCode::StackExhausted));
        }
        let sp = (top - area) as u32;
        let machine = &mut self.machine;
        value::flatten_each(&sig.params, args, |w, v| {
            if w < REG_WORDS {
                machine.set_reg(reg::A0 + w as u8, v);
                Ok(())
            } else {
                let addr = sp + 4 * (w - REG_WORDS) as u32;
                machine
                    .memory_mut()
                    .write_u32(addr, v)
                    .map_err(Frame::Memory)
            }
        })
        .map_err(|e| CallError::Engine(e.to_string()))?;
        self.machine.set_reg(reg::SP, sp);
        self.machine.set_reg(reg::RA, layout.halt_pc);
        self.machine
            .jump_to(pc)
            .map_err(|t| CallError::Engine(t.to_string()))?;
        let mut host = InstanceHost {
            pkg: &self.pkg,
            imports,
            dropped: &mut self.dropped,
            foreign: &mut self.foreign,
            memory_max: self.memory_max,
        };
        match self.machine.run(&mut host) {
            Ok(_) => {}
            Err(trap) => {
                return Err(match trap.kind {
                    TrapKind::Host(HostError::Trap(code)) => CallError::Trap(code),
                    TrapKind::Host(HostError::Unsupported(s)) => CallError::Unsupported(s),
                    TrapKind::Host(HostError::OutOfGas) | TrapKind::OutOfGas => CallError::OutOfGas,
                    TrapKind::Host(HostError::Import(f)) => CallError::Import(f),
                    // Compiled code only reaches outside data memory through a
                    // linear-memory access whose address wrapped (see the compiler's
                    // bounds checks): that is Wasm's out-of-bounds trap.
                    TrapKind::MemoryFault { .. } => CallError::Trap(TrapCode::OutOfBounds),
                    TrapKind::Host(HostError::Bad(s)) => {
                        CallError::Engine(format!("at pc {:#x}: {s}", trap.pc))
                    }
                    other => CallError::Engine(
                        rivet_engine::Trap {
                            pc: trap.pc,
                            kind: other.map_host_unit(),
                        }
                        .to_string(),
                    ),
                });
            }
        }
        let machine = &self.machine;
        let word = |w: usize| {
            if w < REG_WORDS {
                Ok(machine.reg(reg::A0 + w as u8))
            } else {
                let addr = sp + 4 * (w - REG_WORDS) as u32;
                machine.memory().read_u32(addr)
            }
        };
        value::unflatten_into(&sig.results, word, out).map_err(|e| CallError::Engine(e.to_string()))
    }

    /// The value of exported global `export` (None for unknown names).
    pub fn global(&self, export: &str) -> Option<CoreValue> {
        let pkg = &self.pkg.pkg;
        let index = pkg.exports.iter().find_map(|e| match e.kind {
            ExportKind::Global(i) if e.name == export => Some(i),
            _ => None,
        })?;
        let g = pkg.globals.get(index as usize)?;
        let addr = pkg.global_addr(index);
        let mem = self.machine.memory();
        let lo = mem.read_u32(addr).ok()?;
        let hi = mem.read_u32(addr + 4).ok()?;
        Some(CoreValue::from_bits(g.ty, (hi as u64) << 32 | lo as u64))
    }

    /// Current linear memory size in bytes.
    pub fn memory_size(&self) -> u32 {
        host::linear_size(&self.pkg, &self.machine)
    }

    /// The linear memory `[0, current size)`.
    pub fn memory(&self) -> &[u8] {
        let n = self.memory_size() as usize;
        &self.machine.memory().bytes()[..n]
    }

    /// The linear memory `[0, current size)`, mutably. Marks every page written (see
    /// [`Instance::memory_range_mut`] for hot paths).
    pub fn memory_mut(&mut self) -> &mut [u8] {
        let n = self.memory_size() as usize;
        &mut self.machine.memory_mut().bytes_mut()[..n]
    }

    /// The linear-memory bytes `[addr, addr + len)`, mutably, marking only their pages
    /// written; `None` when the range is not inside the current linear memory.
    pub fn memory_range_mut(&mut self, addr: u32, len: u32) -> Option<&mut [u8]> {
        let size = self.memory_size();
        if addr as u64 + len as u64 > size as u64 {
            return None;
        }
        self.machine.memory_mut().slice_mut(addr, len).ok()
    }

    /// Starts tracking writes: from now on [`Instance::reset_to`] can bring this
    /// instance back to its current state. Call it when the instance equals the image
    /// it will be reset to (e.g. right after instantiation).
    pub(crate) fn mark_clean(&mut self) {
        self.machine.memory_mut().clear_dirty();
    }

    /// Makes this instance indistinguishable from `image` again: the pages written
    /// since [`Instance::mark_clean`] (or the last reset) are copied back from the
    /// image's memory, and registers (including the memory size) and dropped data
    /// segments are the image's. `image` must be an instance of the same package in
    /// the state this one had when it was marked clean. Returns false (and changes
    /// nothing) when the memories differ in size.
    #[cfg(test)]
    pub(crate) fn reset_to(&mut self, image: &Instance) -> bool {
        self.reset_to_with(image, None)
    }

    /// [`Instance::reset_to`] knowing which of `image`'s pages are zero (`zero` must
    /// be built from `image`'s memory, see [`rivet_engine::ZeroPages`]).
    pub(crate) fn reset_to_with(
        &mut self,
        image: &Instance,
        zero: Option<&rivet_engine::ZeroPages>,
    ) -> bool {
        if !Arc::ptr_eq(&self.pkg, &image.pkg)
            || self
                .machine
                .memory_mut()
                .restore_dirty_with(image.machine.memory(), zero)
                .is_none()
        {
            return false;
        }
        self.machine.copy_regs_from(&image.machine);
        self.dropped.clone_from(&image.dropped);
        self.foreign.clone_from(&image.foreign);
        true
    }

    /// What is known of this instance's zero pages, for resets to it as an image.
    pub(crate) fn zero_pages(&self) -> rivet_engine::ZeroPages {
        rivet_engine::ZeroPages::new(self.machine.memory())
    }

    /// The whole machine state an embedder can observe, for tests comparing a reused
    /// instance with a fresh one: data memory (linear memory, globals, table, stack)
    /// and registers.
    #[cfg(test)]
    pub(crate) fn state(&self) -> (&rivet_engine::Memory, [u32; 32], &[bool]) {
        (self.machine.memory(), self.machine.regs(), &self.dropped)
    }

    /// The pc the machine stopped at (after a trap: the trapping instruction).
    pub fn pc(&self) -> u32 {
        self.machine.pc()
    }

    /// Gas left.
    pub fn gas_left(&self) -> u64 {
        self.machine.gas()
    }

    /// Replaces the gas budget.
    pub fn set_gas(&mut self, gas: u64) {
        self.machine.set_gas(gas);
    }

    /// The loaded package.
    pub fn package(&self) -> &Arc<LoadedPackage> {
        &self.pkg
    }
}

/// Why a call frame could not be written: a value, or the stack memory.
#[derive(Debug, Error)]
enum Frame {
    #[error(transparent)]
    Value(#[from] ValueMismatch),
    #[error("writing the call frame: {0}")]
    Memory(rivet_engine::MemoryFault),
}

trait MapHostUnit {
    fn map_host_unit(self) -> TrapKind<std::convert::Infallible>;
}

impl MapHostUnit for TrapKind<HostError> {
    /// The non-host trap kinds, for their `Display`.
    fn map_host_unit(self) -> TrapKind<std::convert::Infallible> {
        match self {
            TrapKind::InvalidInstruction { word } => TrapKind::InvalidInstruction { word },
            TrapKind::MemoryFault { addr, size } => TrapKind::MemoryFault { addr, size },
            TrapKind::MisalignedJump { target } => TrapKind::MisalignedJump { target },
            TrapKind::Ebreak => TrapKind::Ebreak,
            // Host and out-of-gas kinds are handled by the caller.
            TrapKind::OutOfGas | TrapKind::Host(_) => TrapKind::OutOfGas,
        }
    }
}
