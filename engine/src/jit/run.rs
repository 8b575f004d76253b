//! The Rust side of a native run: enter native code, turn its exits into traps, and
//! hand `ecall`s to the host exactly as the interpreter does (`crate::interp`).

use super::code::Code;
use super::ctx::{exit, Ctx};
use super::{gs, signal};
use crate::error::{Trap, TrapKind};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;

/// Where native execution (re)starts.
enum Resume {
    /// A dynamic entry at a guest pc: checked and charged the rest of its block
    /// here, like the interpreter's `enter`.
    Pc(u32),
    /// The block start of instruction index `idx` (after an `ecall`), which
    /// charges itself.
    Block(usize),
}

impl Machine {
    /// [`Machine::run`] on native code: same results, gas, traps and host calls.
    /// `code` is the module's own native code when `None` (the interpreter runs
    /// when it has none), or a translation of the same module given by a test
    /// (other register pinnings).
    ///
    /// The module is borrowed, not reference-counted, for the run: a short call
    /// enters here once, and the two atomic count updates of an `Arc` clone cost as
    /// much as the rest of the entry. Only `host.ecall`, which gets `&mut self`, can
    /// replace `self.module`, so each loop iteration re-borrows it and nothing
    /// borrowed from it is used after the ecall.
    pub(crate) fn exec_native<H: Host>(
        &mut self,
        code: Option<&Code>,
        host: &mut H,
    ) -> Result<u32, Trap<H::Error>> {
        self.jumped = false;
        let mut resume = Resume::Pc(self.pc);
        loop {
            // SAFETY: the module lives in its `Arc`'s allocation, which `self.module`
            // keeps alive until it is replaced; that needs `&mut self`, which only
            // `host.ecall` below gets, and neither `module` nor anything derived from
            // it (`code`, `native`) is used after that call in this iteration.
            let module: &Module = unsafe { &*std::sync::Arc::as_ptr(&self.module) };
            let Some(code) = code.or_else(|| module.native().map(|c| &**c)) else {
                return self.exec(host, &mut crate::interp::NoTrace);
            };
            // Per entry: the host may have replaced memory (guarded or not).
            let reservation = self.memory.reservation().filter(|_| signal::installed());
            let native = match reservation {
                Some(_) => code.guarded(module),
                None => code.checked(module),
            };
            let Some(native) = native else {
                // Cannot happen for the variant `Code::build` made; the other one
                // failing to translate falls back to the interpreter.
                return self.exec(host, &mut crate::interp::NoTrace);
            };
            // Reload everything: the host may have replaced memory or changed gas.
            let (mem, size, dirty) = self.memory.raw_parts();
            if !gs::point_at(mem) {
                // Native code cannot see this memory (not where `gs::usable` held).
                self.pc = match resume {
                    Resume::Pc(pc) => pc,
                    Resume::Block(idx) => module.pc_of(idx),
                };
                return self.exec(host, &mut crate::interp::NoTrace);
            }
            let target = match resume {
                Resume::Pc(pc) => {
                    let Some(idx) = module.index_of(pc) else {
                        self.pc = pc;
                        return Err(Trap {
                            pc,
                            kind: TrapKind::MisalignedJump { target: pc },
                        });
                    };
                    let cost = native.entry_cost(idx);
                    if self.gas < cost {
                        // Out of gas at `pc`, or somewhere in the chain of blocks
                        // native code would pay for at once: the interpreter
                        // finds out (see `chain`).
                        self.pc = pc;
                        return self.exec(host, &mut crate::interp::NoTrace);
                    }
                    self.gas -= cost;
                    native.body(idx)
                }
                Resume::Block(idx) => native.block_start(idx),
            };
            let mut ctx = Ctx {
                mem,
                limit: Ctx::limits(size),
                dirty,
                gas: self.gas,
                entries: native.table(),
                pc: 0,
                a: 0,
                b: 0,
                helper_max: module.helpers.unwrap_or(0),
                regs: [0; 32],
                pages: size.div_ceil(crate::memory::DIRTY_GRANULE),
                sp_page: u32::MAX,
                host_sp: 0,
                shadow_floor: 0,
            };
            ctx.regs.copy_from_slice(&self.regs[..32]);
            let scope = reservation.map(|r| signal::enter(native.active(r)));
            // SAFETY: `target` comes from `native`, which was built from this module;
            // the thread's gs base is `mem` (`point_at` above; nothing between here
            // and there runs other native code); memory (`size` bytes) and its
            // dirty map (one byte per page) are exclusively borrowed through `self`
            // for the whole call, and native code only touches them, and `ctx`,
            // within those bounds: checked code by its range checks, guarded code
            // (only chosen for memory in a guard-page reservation, with the fault
            // handler installed and told about this run by `scope`) by faulting on
            // the reservation's inaccessible pages.
            let reason = unsafe { native.call(&mut ctx, target) };
            drop(scope);
            self.regs[..32].copy_from_slice(&ctx.regs);
            self.gas = ctx.gas;
            let pc = ctx.pc;
            let kind = match reason {
                exit::ECALL => {
                    // Where execution goes on if the host does not jump, found before
                    // the host may replace the module (see above).
                    let next = module.index_of(pc).map_or(module.len(), |i| i + 1);
                    match self.native_ecall(pc, next, host)? {
                        Ok(code) => return Ok(code),
                        Err(r) => resume = r,
                    }
                    continue;
                }
                exit::INTERPRET => {
                    // Gas runs out within a chain (see `chain`): the interpreter
                    // pays block by block from `pc`.
                    self.pc = pc;
                    return self.exec(host, &mut crate::interp::NoTrace);
                }
                exit::EBREAK => TrapKind::Ebreak,
                exit::OUT_OF_GAS => TrapKind::OutOfGas,
                exit::MEMORY_FAULT => TrapKind::MemoryFault {
                    addr: ctx.a,
                    size: ctx.b,
                },
                _ => TrapKind::MisalignedJump { target: ctx.a },
            };
            self.pc = pc;
            return Err(Trap { pc, kind });
        }
    }

    /// Hands the `ecall` at `pc` to the host: the exit code, or where native code
    /// resumes (`next`, the block after it, unless the host jumped), or the host's
    /// error as a trap.
    fn native_ecall<H: Host>(
        &mut self,
        pc: u32,
        next: usize,
        host: &mut H,
    ) -> Result<Result<u32, Resume>, Trap<H::Error>> {
        self.pc = pc;
        self.jumped = false;
        let before = std::sync::Arc::as_ptr(&self.module);
        let result = host.ecall(self);
        // A host that replaced the machine (and so its module) continues it at its
        // own pc, checked like any dynamic entry.
        let replaced = !std::ptr::eq(before, std::sync::Arc::as_ptr(&self.module));
        match result {
            Ok(Control::Continue) if self.jumped || replaced => {
                self.jumped = false;
                Ok(Err(Resume::Pc(self.pc)))
            }
            // An ecall ends its block: the next one starts right after.
            Ok(Control::Continue) => Ok(Err(Resume::Block(next))),
            Ok(Control::Exit(code)) => {
                self.pc = pc.wrapping_add(4);
                Ok(Ok(code))
            }
            Err(e) => Err(Trap {
                pc,
                kind: TrapKind::Host(e),
            }),
        }
    }
}
