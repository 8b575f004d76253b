//! One execution context: registers, pc, data memory and the remaining gas.
//!
//! A [`Machine`] shares its [`Module`] (the code) through an `Arc`, so many machines
//! can run the same validated code side by side. The interpreter loop itself lives in
//! [`crate::interp`]; this file holds the state and the host-facing API.

use crate::error::{LoadError, OutOfGas, Trap, TrapKind};
use crate::memory::Memory;
use crate::module::Module;
use crate::op::REG_SLOTS;
use rivet_format::abi::reg;
use rivet_format::program::Program;
use rivet_format::rv32::Inst;
use std::convert::Infallible;
use std::sync::Arc;

/// What the machine does after the host handled an `ecall`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// Resume at the instruction after the `ecall` (or where the host `jump_to`ed).
    Continue,
    /// Stop; [`Machine::run`] returns `Ok(code)`.
    Exit(u32),
}

/// The embedder's side of `ecall`: reads arguments from and writes results to the
/// machine, may charge gas and may redirect control with [`Machine::jump_to`].
pub trait Host {
    /// The host's own failure type, surfaced as [`TrapKind::Host`].
    type Error;
    /// Handles one `ecall`; `machine.pc()` is the address of the `ecall`.
    fn ecall(&mut self, machine: &mut Machine) -> Result<Control, Self::Error>;
}

/// Registers, pc, memory and remaining gas: one per execution context.
#[derive(Clone)]
pub struct Machine {
    /// x0..x31, the x0 write sink at 32, padding up to 256 (see [`crate::op`]).
    pub(crate) regs: [u32; REG_SLOTS],
    pub(crate) pc: u32,
    pub(crate) gas: u64,
    pub(crate) memory: Memory,
    pub(crate) module: Arc<Module>,
    /// Set by [`Machine::jump_to`] so that a run resumed after an `ecall` goes there.
    pub(crate) jumped: bool,
    /// Run native code when the module has it (see [`Machine::set_jit`]).
    pub(crate) jit: bool,
}

impl std::fmt::Debug for Machine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("pc", &format_args!("{:#x}", self.pc))
            .field("gas", &self.gas)
            .field("regs", &&self.regs[..32])
            .field("memory", &self.memory)
            .finish()
    }
}

/// Native code on by default where it exists, unless `RIVET_JIT=0`.
fn jit_default() -> bool {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    {
        crate::jit::enabled_by_default()
    }
    #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
    {
        false
    }
}

impl Machine {
    /// A machine at the module's entry with all registers zero.
    pub fn new(module: Arc<Module>, memory: Memory, gas: u64) -> Machine {
        Machine {
            regs: [0; REG_SLOTS],
            pc: module.entry(),
            gas,
            memory,
            module,
            jumped: false,
            jit: jit_default(),
        }
    }

    /// A machine set up as `program` asks: its memory size, its data copied in,
    /// `sp` at its stack top, pc at its entry. `module` must be built from `program`.
    pub fn from_program(
        program: &Program,
        module: Arc<Module>,
        gas: u64,
    ) -> Result<Machine, LoadError> {
        program
            .check()
            .map_err(|e| LoadError::Structure(e.to_string()))?;
        if module.code_base() != program.code_base
            || module.len() != program.code.len()
            || module.entry() != program.entry
            || module.isa() != program.isa
        {
            return Err(LoadError::Structure(
                "the module was built from a different program".into(),
            ));
        }
        let mut memory = Memory::new(program.memory_size);
        for (i, seg) in program.data.iter().enumerate() {
            memory
                .write(seg.addr, &seg.bytes)
                .map_err(|e| LoadError::Structure(format!("data segment {i}: {e}")))?;
        }
        let mut m = Machine::new(module, memory, gas);
        m.set_reg(reg::SP, program.stack_top);
        Ok(m)
    }

    /// Register `r` (x0 reads 0; numbers past 31 read 0).
    pub fn reg(&self, r: u8) -> u32 {
        if r < 32 {
            self.regs[r as usize]
        } else {
            0
        }
    }

    /// Sets register `r`; writes to x0 (and to numbers past 31) are ignored.
    pub fn set_reg(&mut self, r: u8, v: u32) {
        if r != 0 && r < 32 {
            self.regs[r as usize] = v;
        }
    }

    /// Sets x1..x31 to `other`'s (x0 stays 0): what a reset to an image does, in one
    /// copy between the two register files, where a loop of [`Machine::set_reg`] over
    /// [`Machine::regs`] copied the array out first and read that copy back at other
    /// offsets than it had been written (a store-forwarding stall).
    #[inline]
    pub fn copy_regs_from(&mut self, other: &Machine) {
        self.regs[1..32].copy_from_slice(&other.regs[1..32]);
    }

    /// x0..x31 as an array.
    pub fn regs(&self) -> [u32; 32] {
        let mut out = [0; 32];
        out.copy_from_slice(&self.regs[..32]);
        out
    }

    /// Address of the next instruction to run (or of the one that trapped).
    pub fn pc(&self) -> u32 {
        self.pc
    }

    /// Continues execution at `pc`, which must be an aligned instruction in the code.
    /// The next [`run`](Machine::run) (or the current one, when called from inside an
    /// `ecall`) charges the gas of the rest of `pc`'s block on arrival.
    pub fn jump_to(&mut self, pc: u32) -> Result<(), Trap<Infallible>> {
        if !self.module.is_valid_target(pc) {
            return Err(Trap {
                pc: self.pc,
                kind: TrapKind::MisalignedJump { target: pc },
            });
        }
        self.pc = pc;
        self.jumped = true;
        Ok(())
    }

    /// The data memory.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// The data memory, mutably.
    pub fn memory_mut(&mut self) -> &mut Memory {
        &mut self.memory
    }

    /// The shared code.
    pub fn module(&self) -> &Arc<Module> {
        &self.module
    }

    /// Gas left.
    pub fn gas(&self) -> u64 {
        self.gas
    }

    /// Replaces the gas budget (e.g. to top up after an out-of-gas trap).
    pub fn set_gas(&mut self, gas: u64) {
        self.gas = gas;
    }

    /// Takes `amount` gas for host-side work; takes nothing if the budget is short.
    pub fn charge(&mut self, amount: u64) -> Result<(), OutOfGas> {
        if self.gas < amount {
            return Err(OutOfGas {
                needed: amount,
                left: self.gas,
            });
        }
        self.gas -= amount;
        Ok(())
    }

    /// Runs until the host exits, or a trap. Resumable: after an out-of-gas trap,
    /// [`set_gas`](Machine::set_gas) and run again to continue at the same block.
    pub fn run<H: Host>(&mut self, host: &mut H) -> Result<u32, Trap<H::Error>> {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        if self.jit {
            // Falls back to the interpreter when the module has no native code.
            return self.exec_native(None, host);
        }
        self.exec(host, &mut crate::interp::NoTrace)
    }

    /// Chooses native code (`true`, the default unless `RIVET_JIT=0`) or the
    /// interpreter for [`run`](Machine::run). Both behave identically; native code
    /// exists only on x86-64 Linux, elsewhere this has no effect.
    pub fn set_jit(&mut self, on: bool) {
        self.jit = on;
    }

    /// True when [`run`](Machine::run) will execute native code.
    pub fn jit_active(&self) -> bool {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        {
            self.jit && self.module.native().is_some()
        }
        #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
        {
            false
        }
    }

    /// Like [`run`](Machine::run), calling `trace(pc, inst)` before each instruction
    /// executes. Slower; the closure decides how much to record (the CLI stops
    /// printing after a bound).
    pub fn run_traced<H: Host, F: FnMut(u32, Inst)>(
        &mut self,
        host: &mut H,
        trace: &mut F,
    ) -> Result<u32, Trap<H::Error>> {
        self.exec(host, &mut crate::interp::FnTrace(trace))
    }
}
