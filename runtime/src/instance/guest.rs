//! Re-entrant access to an instance that is suspended inside an import call.
//!
//! When compiled code calls an import, its machine stops at the `ecall` and the
//! embedder's [`Imports::call_guest`](super::Imports::call_guest) runs. Lowering an
//! import's results (strings, lists) needs the *caller's* `cabi_realloc`, and dropping
//! a resource may need the caller's destructor, while the caller is still suspended.
//! [`GuestAccess::call`] runs such an export on the same machine:
//!
//! 1. every register is saved;
//! 2. `sp` is set just below the suspended frame (the caller's frame and its stacked
//!    import arguments live at and above the current `sp`), aligned to 16;
//! 3. `ra` points at the halt stub, the arguments go in `a0..a5`, and the machine runs
//!    from the export's pc until the halt;
//! 4. the results are read from `a0..`, then every register is restored except `gp`
//!    (the memory size), since the nested code may have grown memory.
//!
//! The engine's interpreter re-reads gas and registers from the machine after an
//! `ecall` returns and keeps the op index in a local, so a nested run is invisible to
//! the suspended one apart from memory, gas and `gp`, which is exactly what we want.

use super::foreign::{self, BindError, ForeignFunc, FuncTarget};
use super::host::{HostError, InstanceHost};
use super::linking::{self, SharedState};
use super::value::{flatten, unflatten};
use super::{CallError, CoreValue, Instance, LoadedPackage, NoImports};
use rivet_engine::{Machine, TrapKind};
use rivet_format::abi::{call::REG_WORDS, reg, wasm_reg, TrapCode};

/// What an import implementation may do with the suspended caller.
pub trait GuestAccess {
    /// The caller's linear memory `[0, current size)`.
    fn memory(&self) -> &[u8];
    /// The caller's linear memory, writable.
    fn memory_mut(&mut self) -> &mut [u8];
    /// The caller's linear-memory bytes `[addr, addr + len)`, writable; `None` when
    /// out of bounds. Unlike [`GuestAccess::memory_mut`] it marks only the pages it
    /// covers as written, which keeps resetting a reused context cheap.
    fn memory_range_mut(&mut self, addr: u32, len: u32) -> Option<&mut [u8]> {
        let end = addr as usize + len as usize;
        self.memory_mut().get_mut(addr as usize..end)
    }
    /// Gas left in the caller's budget.
    fn gas(&self) -> u64;
    /// Replaces the caller's gas budget (the suspended code continues with it).
    fn set_gas(&mut self, gas: u64);
    /// Runs the caller's exported function `export` to completion on the suspended
    /// machine (see the module docs); its imports are unavailable. At most six
    /// argument and result words.
    fn call(&mut self, export: &str, args: &[CoreValue]) -> Result<Vec<CoreValue>, CallError>;
    /// [`GuestAccess::call`] of a function with one result, returned as is (`None`
    /// when there is not exactly one): what the canonical ABI's `cabi_realloc` calls
    /// need, which an implementation may serve without building a result vector.
    fn call_one(
        &mut self,
        export: &str,
        args: &[CoreValue],
    ) -> Result<Option<CoreValue>, CallError> {
        Ok(match self.call(export, args)?.as_slice() {
            [v] => Some(*v),
            _ => None,
        })
    }
    /// The caller's memory, tables and globals, for an embedder that shares them
    /// between instances (see [`SharedState`]); `None` when not available.
    fn shared_state(&mut self) -> Option<&mut dyn SharedState> {
        None
    }
}

/// [`GuestAccess`] over the machine of a suspended instance.
pub(crate) struct SuspendedGuest<'a> {
    pub machine: &'a mut Machine,
    pub pkg: &'a LoadedPackage,
    pub dropped: &'a mut Vec<bool>,
    pub foreign: &'a mut Vec<ForeignFunc>,
    /// The memory type's maximum (see `Instance::memory_max`).
    pub memory_max: Option<u32>,
}

impl GuestAccess for SuspendedGuest<'_> {
    fn memory(&self) -> &[u8] {
        let n = super::host::linear_size(self.pkg, self.machine) as usize;
        let b = self.machine.memory().bytes();
        &b[..n.min(b.len())]
    }

    fn memory_mut(&mut self) -> &mut [u8] {
        let n = super::host::linear_size(self.pkg, self.machine) as usize;
        let b = self.machine.memory_mut().bytes_mut();
        let n = n.min(b.len());
        &mut b[..n]
    }

    fn memory_range_mut(&mut self, addr: u32, len: u32) -> Option<&mut [u8]> {
        let n = super::host::linear_size(self.pkg, self.machine);
        if addr as u64 + len as u64 > n as u64 {
            return None;
        }
        self.machine.memory_mut().slice_mut(addr, len).ok()
    }

    fn gas(&self) -> u64 {
        self.machine.gas()
    }

    fn shared_state(&mut self) -> Option<&mut dyn SharedState> {
        Some(self)
    }

    fn set_gas(&mut self, gas: u64) {
        self.machine.set_gas(gas);
    }

    fn call(&mut self, export: &str, args: &[CoreValue]) -> Result<Vec<CoreValue>, CallError> {
        let (pc, sig) = self
            .pkg
            .export_func(export)
            .ok_or_else(|| CallError::NoSuchExport(export.to_string()))?;
        let words =
            flatten(&sig.params, args).map_err(|e| CallError::BadArguments(e.to_string()))?;
        if words.len() > REG_WORDS || sig.result_words() > REG_WORDS {
            return Err(CallError::BadArguments(format!(
                "{export}: a nested call passes at most {REG_WORDS} words"
            )));
        }
        let m = &mut *self.machine;
        let saved = m.regs();
        let sp = m.reg(reg::SP) & !15;
        if sp < self.pkg.pkg.layout.stack_limit {
            return Err(CallError::Trap(TrapCode::StackExhausted));
        }
        for (w, v) in words.iter().enumerate() {
            m.set_reg(reg::A0 + w as u8, *v);
        }
        m.set_reg(reg::SP, sp);
        m.set_reg(reg::RA, self.pkg.pkg.layout.halt_pc);
        let outcome = match m.jump_to(pc) {
            Err(t) => Err(CallError::Engine(t.to_string())),
            Ok(()) => {
                let mut imports = NoImports;
                let mut host = InstanceHost {
                    pkg: self.pkg,
                    imports: &mut imports,
                    dropped: self.dropped,
                    foreign: self.foreign,
                    memory_max: self.memory_max,
                };
                m.run(&mut host)
                    .map(|_| ())
                    .map_err(|trap| match trap.kind {
                        TrapKind::Host(HostError::Trap(code)) => CallError::Trap(code),
                        TrapKind::Host(HostError::Unsupported(s)) => CallError::Unsupported(s),
                        TrapKind::Host(HostError::OutOfGas) | TrapKind::OutOfGas => {
                            CallError::OutOfGas
                        }
                        TrapKind::Host(HostError::Import(f)) => CallError::Import(f),
                        TrapKind::MemoryFault { .. } => CallError::Trap(TrapCode::OutOfBounds),
                        _ => CallError::Engine(format!(
                            "nested call to {export} at pc {:#x}",
                            trap.pc
                        )),
                    })
            }
        };
        let results: Vec<u32> = (0..sig.result_words())
            .map(|w| m.reg(reg::A0 + w as u8))
            .collect();
        let mem_size = m.reg(wasm_reg::MEM_SIZE);
        for (r, v) in saved.iter().enumerate().skip(1) {
            m.set_reg(r as u8, *v);
        }
        m.set_reg(wasm_reg::MEM_SIZE, mem_size);
        outcome?;
        unflatten(&sig.results, &results).map_err(|e| CallError::Engine(e.to_string()))
    }
}

impl SharedState for SuspendedGuest<'_> {
    fn package(&self) -> &rivet_format::package::Package {
        &self.pkg.pkg
    }
    fn funcref_target(&self, word: u32) -> Option<FuncTarget> {
        foreign::target(&self.pkg.pkg, self.foreign, word)
    }
    fn bind_funcref(
        &mut self,
        handle: u32,
        sig: &rivet_format::package::FuncSig,
    ) -> Result<u32, BindError> {
        let memory = self.machine.memory_mut();
        foreign::bind(&self.pkg.pkg, memory, self.foreign, handle, sig)
    }
    fn memory_state(&self) -> super::MemoryState {
        linking::memory_state(self.pkg, self.machine, self.memory_max)
    }
    fn set_memory(&mut self, pages: u32, bytes: &[u8]) -> bool {
        linking::set_memory(self.pkg, self.machine, pages, bytes)
    }
    fn table_at(&self, index: u32) -> Option<super::TableState> {
        linking::table_at(&self.pkg.pkg, self.machine, index)
    }
    fn set_table(&mut self, index: u32, size: u32, entries: &[u32]) -> bool {
        linking::set_table(
            &self.pkg.pkg,
            self.foreign,
            self.machine,
            index,
            size,
            entries,
        )
    }
    fn global_at(&self, index: u32) -> Option<CoreValue> {
        linking::global_at(&self.pkg.pkg, self.machine, index)
    }
    fn set_global_at(&mut self, index: u32, value: CoreValue) -> bool {
        linking::set_global_at(&self.pkg.pkg, self.foreign, self.machine, index, value)
    }
}

/// An instance that is not running is accessible the same way (its exports run
/// normally, without imports), so lifting and lowering need one memory type for both.
impl GuestAccess for Instance {
    fn memory(&self) -> &[u8] {
        Instance::memory(self)
    }

    fn memory_mut(&mut self) -> &mut [u8] {
        Instance::memory_mut(self)
    }

    fn memory_range_mut(&mut self, addr: u32, len: u32) -> Option<&mut [u8]> {
        Instance::memory_range_mut(self, addr, len)
    }

    fn gas(&self) -> u64 {
        self.gas_left()
    }

    fn set_gas(&mut self, gas: u64) {
        Instance::set_gas(self, gas);
    }

    fn call(&mut self, export: &str, args: &[CoreValue]) -> Result<Vec<CoreValue>, CallError> {
        self.invoke(export, args, &mut NoImports)
    }

    fn call_one(
        &mut self,
        export: &str,
        args: &[CoreValue],
    ) -> Result<Option<CoreValue>, CallError> {
        let pkg = self.pkg.clone();
        let (pc, sig) = pkg
            .export_func(export)
            .ok_or_else(|| CallError::NoSuchExport(export.to_string()))?;
        Ok(match *self.call_pc(pc, sig, args, &mut NoImports)? {
            [v] => Some(v),
            _ => None,
        })
    }
}
