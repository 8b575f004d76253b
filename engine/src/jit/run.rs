//! The Rust side of a native run: enter native code, turn its exits into traps, and
//! hand `ecall`s to the host exactly as the interpreter does (`crate::interp`).

use super::code::Code;
use super::ctx::{exit, Ctx};
use super::signal;
use crate::error::{Trap, TrapKind};
use crate::machine::{Control, Host, Machine};

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
    pub(crate) fn exec_native<H: Host>(
        &mut self,
        code: &Code,
        host: &mut H,
    ) -> Result<u32, Trap<H::Error>> {
        let module = std::sync::Arc::clone(&self.module);
        self.jumped = false;
        let mut resume = Resume::Pc(self.pc);
        loop {
            // Per entry: the host may have replaced memory (guarded or not).
            let reservation = self.memory.reservation().filter(|_| signal::installed());
            let native = match reservation {
                Some(_) => code.guarded(&module),
                None => code.checked(&module),
            };
            let Some(native) = native else {
                // Cannot happen for the variant `Code::build` made; the other one
                // failing to translate falls back to the interpreter.
                return self.exec(host, &mut crate::interp::NoTrace);
            };
            let target = match resume {
                Resume::Pc(pc) => {
                    let Some(idx) = module.index_of(pc) else {
                        self.pc = pc;
                        return Err(Trap {
                            pc,
                            kind: TrapKind::MisalignedJump { target: pc },
                        });
                    };
                    let cost = module.entries[idx].cost as u64;
                    if self.gas < cost {
                        self.pc = pc;
                        return Err(Trap {
                            pc,
                            kind: TrapKind::OutOfGas,
                        });
                    }
                    self.gas -= cost;
                    native.body(idx)
                }
                Resume::Block(idx) => native.block_start(idx),
            };
            // Reload everything: the host may have replaced memory or changed gas.
            let (mem, size, dirty) = self.memory.raw_parts();
            let mut ctx = Ctx {
                mem,
                limit: Ctx::limits(size),
                dirty,
                gas: self.gas,
                entries: native.table(),
                pc: 0,
                a: 0,
                b: 0,
                pad: 0,
                regs: [0; 32],
            };
            ctx.regs.copy_from_slice(&self.regs[..32]);
            let scope = reservation.map(|r| signal::enter(native.active(r)));
            // SAFETY: `target` comes from `native`, which was built from this module;
            // memory (`size` bytes) and its dirty map (one byte per page) are
            // exclusively borrowed through `self` for the whole call, and native code
            // only touches them, and `ctx`, within those bounds: checked code by its
            // range checks, guarded code (only chosen for memory in a guard-page
            // reservation, with the fault handler installed and told about this run
            // by `scope`) by faulting on the reservation's inaccessible pages.
            let reason = unsafe { native.call(&mut ctx, target) };
            drop(scope);
            self.regs[..32].copy_from_slice(&ctx.regs);
            self.gas = ctx.gas;
            let pc = ctx.pc;
            let kind = match reason {
                exit::ECALL => {
                    self.pc = pc;
                    self.jumped = false;
                    let result = host.ecall(self);
                    match result {
                        Ok(Control::Continue) if self.jumped => {
                            self.jumped = false;
                            resume = Resume::Pc(self.pc);
                        }
                        Ok(Control::Continue) => {
                            // An ecall ends its block: the next one starts right after.
                            let idx = module.index_of(pc).map_or(module.len(), |i| i + 1);
                            resume = Resume::Block(idx);
                        }
                        Ok(Control::Exit(code)) => {
                            self.pc = pc.wrapping_add(4);
                            return Ok(code);
                        }
                        Err(e) => {
                            return Err(Trap {
                                pc,
                                kind: TrapKind::Host(e),
                            })
                        }
                    }
                    continue;
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
}
