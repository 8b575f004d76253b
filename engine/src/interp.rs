//! The interpreter loop.
//!
//! One `match` on a pre-decoded [`Op`] per instruction; the op index, the gas counter
//! and the module's tables live in locals for the whole run. The loop never decodes,
//! never allocates and never tests for x0 (writes to x0 go to the sink slot). Gas is
//! checked only at [`Op::Charge`] (block entry) and on dynamic jumps. Tracing is a
//! compile-time parameter, so the untraced loop carries no trace test at all.

use crate::error::{Trap, TrapKind};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use crate::op::{Op, REG_SLOTS};
use rivet_format::rv32::Inst;
use std::convert::Infallible;
use std::sync::Arc;

/// Receives each executed instruction when tracing.
pub(crate) trait Tracer {
    /// False for the no-op tracer: the trace call is compiled out.
    const ON: bool;
    /// Called before the instruction at `pc` executes.
    fn step(&mut self, pc: u32, inst: Inst);
}

/// Tracing disabled.
pub(crate) struct NoTrace;

impl Tracer for NoTrace {
    const ON: bool = false;
    fn step(&mut self, _: u32, _: Inst) {}
}

/// Tracing into a closure.
pub(crate) struct FnTrace<'a, F>(pub &'a mut F);

impl<F: FnMut(u32, Inst)> Tracer for FnTrace<'_, F> {
    const ON: bool = true;
    fn step(&mut self, pc: u32, inst: Inst) {
        (self.0)(pc, inst)
    }
}

/// Op index and gas for a dynamic entry at `pc`, or why control cannot go there.
#[inline]
fn enter(module: &Module, pc: u32, gas: &mut u64) -> Result<usize, TrapKind<Infallible>> {
    let off = pc.wrapping_sub(module.code_base());
    let entry = if off & 3 == 0 {
        module.entries.get((off >> 2) as usize)
    } else {
        None
    };
    let Some(entry) = entry else {
        return Err(TrapKind::MisalignedJump { target: pc });
    };
    let cost = entry.cost as u64;
    if *gas < cost {
        return Err(TrapKind::OutOfGas);
    }
    *gas -= cost;
    Ok(entry.op as usize)
}

/// Why the inner loop handed control back to [`Machine::exec`].
enum Stop {
    /// An `ecall` at op index `at`; execution continues at `at + 1` unless redirected.
    Ecall { at: usize },
    /// A trap; the machine stops.
    Trap { pc: u32, kind: TrapKind<Infallible> },
}

fn widen<E>(pc: u32, kind: TrapKind<Infallible>) -> Trap<E> {
    Trap { pc, kind }.map_host(|never| match never {})
}

impl Machine {
    /// Runs from `self.pc` (charging the rest of its block) until exit or trap; hands
    /// each `ecall` to `host` in between.
    pub(crate) fn exec<H: Host, T: Tracer>(
        &mut self,
        host: &mut H,
        tracer: &mut T,
    ) -> Result<u32, Trap<H::Error>> {
        let module = Arc::clone(&self.module);
        let mut gas = self.gas;
        self.jumped = false;
        let mut at = self.pc;
        loop {
            // (Re-)enter at `at`, paying the rest of its block.
            let mut i = match enter(&module, at, &mut gas) {
                Ok(i) => i,
                Err(kind) => {
                    self.pc = at;
                    self.gas = gas;
                    return Err(widen(at, kind));
                }
            };
            loop {
                let (stop, next, left) = interp(
                    &mut self.regs,
                    &mut self.memory.data,
                    &mut self.memory.dirty,
                    &module,
                    i,
                    gas,
                    tracer,
                );
                gas = left;
                match stop {
                    Stop::Trap { pc, kind } => {
                        self.pc = pc;
                        self.gas = gas;
                        return Err(widen(pc, kind));
                    }
                    Stop::Ecall { at: op } => {
                        let pc = module.op_pc[op];
                        self.pc = pc;
                        self.gas = gas;
                        self.jumped = false;
                        let result = host.ecall(self);
                        gas = self.gas;
                        match result {
                            Ok(Control::Continue) if self.jumped => {
                                self.jumped = false;
                                at = self.pc;
                                break;
                            }
                            Ok(Control::Continue) => i = next,
                            Ok(Control::Exit(code)) => {
                                self.pc = pc.wrapping_add(4);
                                return Ok(code);
                            }
                            Err(e) => {
                                return Err(Trap {
                                    pc,
                                    kind: TrapKind::Host(e),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The hot loop: runs ops from index `i` with `gas` until an `ecall` or a trap.
/// Returns why it stopped, the op index to continue at, and the gas left. Registers
/// and memory are plain borrows here, so their base pointers stay in host registers.
#[inline(never)]
fn interp<T: Tracer>(
    regs: &mut [u32; REG_SLOTS],
    mem: &mut [u8],
    dirty: &mut [u8],
    module: &Module,
    mut i: usize,
    mut gas: u64,
    tracer: &mut T,
) -> (Stop, usize, u64) {
    let ops: &[Op] = &module.ops;
    let pcs: &[u32] = &module.op_pc;
    let target_cost: &[u32] = &module.target_cost;
    let code_base = module.code_base();
    macro_rules! trap {
        ($pc:expr, $kind:expr) => {{
            return (
                Stop::Trap {
                    pc: $pc,
                    kind: $kind,
                },
                i,
                gas,
            );
        }};
    }
    loop {
        let cur = i;
        let op = ops[cur];
        i += 1;
        if T::ON && !matches!(op, Op::Charge { .. } | Op::End) {
            let pc = pcs[cur];
            let idx = (pc.wrapping_sub(code_base) >> 2) as usize;
            tracer.step(pc, module.inst_by_index(idx));
            if op.width() >= 2 {
                // A fused op runs the next instruction too (no charge in between);
                // a third one is traced where it runs (after a branch falls through).
                tracer.step(pc.wrapping_add(4), module.inst_by_index(idx + 1));
            }
        }
        macro_rules! r {
            ($x:expr) => {
                regs[$x as usize]
            };
        }
        macro_rules! set {
            ($rd:expr, $v:expr) => {{
                let v = $v;
                regs[$rd as usize] = v;
            }};
        }
        // A load or store whose own op index is `$at` (its pc names a fault).
        macro_rules! load_at {
            ($at:expr, $rd:expr, $rs1:expr, $imm:expr, $n:literal, $conv:expr) => {{
                let a = r!($rs1).wrapping_add($imm as u32);
                let s = a as usize;
                match mem.get(s..s.wrapping_add($n)) {
                    Some(b) => {
                        let mut w = [0u8; $n];
                        w.copy_from_slice(b);
                        set!($rd, $conv(w));
                    }
                    None => trap!(pcs[$at], TrapKind::MemoryFault { addr: a, size: $n }),
                }
            }};
        }
        macro_rules! store_at {
            ($at:expr, $rs1:expr, $rs2:expr, $imm:expr, $n:literal, $conv:expr) => {{
                let a = r!($rs1).wrapping_add($imm as u32);
                let v = r!($rs2);
                let s = a as usize;
                match mem.get_mut(s..s.wrapping_add($n)) {
                    Some(b) => {
                        b.copy_from_slice(&$conv(v));
                        // In bounds, so the page index is inside the dirty map.
                        if let Some(d) = dirty.get_mut(s >> 12) {
                            *d = 1;
                        }
                    }
                    None => trap!(pcs[$at], TrapKind::MemoryFault { addr: a, size: $n }),
                }
            }};
        }
        macro_rules! load {
            ($($t:tt)*) => {
                load_at!(cur, $($t)*)
            };
        }
        macro_rules! store {
            ($($t:tt)*) => {
                store_at!(cur, $($t)*)
            };
        }
        // A static jump: pay the target block (its charge op is skipped) and go.
        macro_rules! take {
            ($target:expr) => {{
                let t = $target as usize;
                let cost = target_cost[t] as u64;
                i = t;
                if gas < cost {
                    trap!(pcs[t], TrapKind::OutOfGas);
                }
                gas -= cost;
            }};
        }
        // A branch whose own op index is `$at`.
        macro_rules! branch_at {
            ($at:expr, $rs1:expr, $rs2:expr, $target:expr, $cond:expr) => {{
                if $cond(r!($rs1), r!($rs2)) {
                    take!($target);
                } else {
                    // The next op is the fall-through block's charge: pay it here.
                    take!($at + 2);
                }
            }};
        }
        macro_rules! branch {
            ($rs1:expr, $rs2:expr, $target:expr, $cond:expr) => {
                branch_at!(cur, $rs1, $rs2, $target, $cond)
            };
        }
        match op {
            Op::Charge { cost } => {
                let cost = cost as u64;
                if gas < cost {
                    trap!(pcs[cur], TrapKind::OutOfGas);
                }
                gas -= cost;
            }
            Op::Li { rd, imm } => set!(rd, imm),
            Op::Addi { rd, rs1, imm } => set!(rd, r!(rs1).wrapping_add(imm as u32)),
            Op::Slti { rd, rs1, imm } => set!(rd, ((r!(rs1) as i32) < imm) as u32),
            Op::Sltiu { rd, rs1, imm } => set!(rd, (r!(rs1) < imm as u32) as u32),
            Op::Xori { rd, rs1, imm } => set!(rd, r!(rs1) ^ imm as u32),
            Op::Ori { rd, rs1, imm } => set!(rd, r!(rs1) | imm as u32),
            Op::Andi { rd, rs1, imm } => set!(rd, r!(rs1) & imm as u32),
            Op::Slli { rd, rs1, imm } => set!(rd, r!(rs1) << (imm as u32 & 31)),
            Op::Srli { rd, rs1, imm } => set!(rd, r!(rs1) >> (imm as u32 & 31)),
            Op::Srai { rd, rs1, imm } => set!(rd, ((r!(rs1) as i32) >> (imm as u32 & 31)) as u32),
            Op::Add { rd, rs1, rs2 } => set!(rd, r!(rs1).wrapping_add(r!(rs2))),
            Op::Sub { rd, rs1, rs2 } => set!(rd, r!(rs1).wrapping_sub(r!(rs2))),
            Op::Sll { rd, rs1, rs2 } => set!(rd, r!(rs1) << (r!(rs2) & 31)),
            Op::Slt { rd, rs1, rs2 } => set!(rd, ((r!(rs1) as i32) < (r!(rs2) as i32)) as u32),
            Op::Sltu { rd, rs1, rs2 } => set!(rd, (r!(rs1) < r!(rs2)) as u32),
            Op::Xor { rd, rs1, rs2 } => set!(rd, r!(rs1) ^ r!(rs2)),
            Op::Srl { rd, rs1, rs2 } => set!(rd, r!(rs1) >> (r!(rs2) & 31)),
            Op::Sra { rd, rs1, rs2 } => set!(rd, ((r!(rs1) as i32) >> (r!(rs2) & 31)) as u32),
            Op::Or { rd, rs1, rs2 } => set!(rd, r!(rs1) | r!(rs2)),
            Op::And { rd, rs1, rs2 } => set!(rd, r!(rs1) & r!(rs2)),
            Op::Mul { rd, rs1, rs2 } => set!(rd, r!(rs1).wrapping_mul(r!(rs2))),
            Op::Mulh { rd, rs1, rs2 } => {
                let p = (r!(rs1) as i32 as i64) * (r!(rs2) as i32 as i64);
                set!(rd, (p >> 32) as u32)
            }
            Op::Mulhsu { rd, rs1, rs2 } => {
                let p = (r!(rs1) as i32 as i64).wrapping_mul(r!(rs2) as i64);
                set!(rd, (p >> 32) as u32)
            }
            Op::Mulhu { rd, rs1, rs2 } => {
                let p = (r!(rs1) as u64) * (r!(rs2) as u64);
                set!(rd, (p >> 32) as u32)
            }
            Op::Div { rd, rs1, rs2 } => {
                let (a, b) = (r!(rs1) as i32, r!(rs2) as i32);
                set!(
                    rd,
                    if b == 0 {
                        u32::MAX
                    } else {
                        a.wrapping_div(b) as u32
                    }
                )
            }
            Op::Divu { rd, rs1, rs2 } => {
                let (a, b) = (r!(rs1), r!(rs2));
                set!(rd, a.checked_div(b).unwrap_or(u32::MAX))
            }
            Op::Rem { rd, rs1, rs2 } => {
                let (a, b) = (r!(rs1) as i32, r!(rs2) as i32);
                set!(
                    rd,
                    if b == 0 {
                        a as u32
                    } else {
                        a.wrapping_rem(b) as u32
                    }
                )
            }
            Op::Remu { rd, rs1, rs2 } => {
                let (a, b) = (r!(rs1), r!(rs2));
                set!(rd, a.checked_rem(b).unwrap_or(a))
            }
            Op::Lb { rd, rs1, imm } => load!(rd, rs1, imm, 1, |w: [u8; 1]| w[0] as i8 as u32),
            Op::Lh { rd, rs1, imm } => load!(rd, rs1, imm, 2, |w| i16::from_le_bytes(w) as u32),
            Op::Lw { rd, rs1, imm } => load!(rd, rs1, imm, 4, u32::from_le_bytes),
            Op::Lbu { rd, rs1, imm } => load!(rd, rs1, imm, 1, |w: [u8; 1]| w[0] as u32),
            Op::Lhu { rd, rs1, imm } => load!(rd, rs1, imm, 2, |w| u16::from_le_bytes(w) as u32),
            Op::Sb { rs1, rs2, imm } => store!(rs1, rs2, imm, 1, |v: u32| [v as u8]),
            Op::Sh { rs1, rs2, imm } => store!(rs1, rs2, imm, 2, |v: u32| (v as u16).to_le_bytes()),
            Op::Sw { rs1, rs2, imm } => store!(rs1, rs2, imm, 4, u32::to_le_bytes),
            Op::Beq { rs1, rs2, target } => branch!(rs1, rs2, target, |a, b| a == b),
            Op::Bne { rs1, rs2, target } => branch!(rs1, rs2, target, |a, b| a != b),
            Op::Blt { rs1, rs2, target } => {
                branch!(rs1, rs2, target, |a: u32, b: u32| (a as i32) < (b as i32))
            }
            Op::Bge { rs1, rs2, target } => {
                branch!(rs1, rs2, target, |a: u32, b: u32| (a as i32) >= (b as i32))
            }
            Op::Bltu { rs1, rs2, target } => branch!(rs1, rs2, target, |a, b| a < b),
            Op::Bgeu { rs1, rs2, target } => branch!(rs1, rs2, target, |a, b| a >= b),
            Op::Jump { target } => take!(target),
            Op::Call { rd, target } => {
                set!(rd, pcs[cur].wrapping_add(4));
                take!(target);
            }
            Op::Jalr { rd, rs1, imm } => {
                let target = r!(rs1).wrapping_add(imm as u32) & !1;
                let link = pcs[cur].wrapping_add(4);
                match enter(module, target, &mut gas) {
                    Ok(next) => {
                        i = next;
                        set!(rd, link);
                    }
                    // The jump itself happened; the target block is unpaid.
                    Err(TrapKind::OutOfGas) => {
                        set!(rd, link);
                        trap!(target, TrapKind::OutOfGas);
                    }
                    Err(_) => trap!(pcs[cur], TrapKind::MisalignedJump { target }),
                }
            }
            Op::LiPair { rd, imm } => {
                set!(rd, imm);
                i += 1;
            }
            Op::AddiBltu { rd, rs1, imm } => {
                set!(rd, r!(rs1).wrapping_add(imm as u32));
                // Always a bltu by construction; anything else simply runs next.
                if let Op::Bltu { rs1, rs2, target } = ops[i] {
                    branch_at!(cur + 1, rs1, rs2, target, |a, b| a < b);
                }
            }
            Op::ChkLw { rd, rs1, imm } | Op::ChkSw { rd, rs1, imm } => {
                set!(rd, r!(rs1).wrapping_add(imm as u32));
                // By construction: bltu, the fall-through charge, then lw or sw.
                if let Op::Bltu { rs1, rs2, target } = ops[i] {
                    if r!(rs1) < r!(rs2) {
                        take!(target);
                    } else {
                        // Pays the fall-through block, lands on its first op.
                        take!(cur + 3);
                        macro_rules! trace_access {
                            () => {
                                if T::ON {
                                    let pc = pcs[cur + 3];
                                    let idx = (pc.wrapping_sub(code_base) >> 2) as usize;
                                    tracer.step(pc, module.inst_by_index(idx));
                                }
                            };
                        }
                        match ops[i] {
                            Op::Lw { rd, rs1, imm } => {
                                trace_access!();
                                i += 1;
                                load_at!(cur + 3, rd, rs1, imm, 4, u32::from_le_bytes);
                            }
                            Op::Sw { rs1, rs2, imm } => {
                                trace_access!();
                                i += 1;
                                store_at!(cur + 3, rs1, rs2, imm, 4, u32::to_le_bytes);
                            }
                            // The access was itself fused with the instruction after it
                            // (e.g. the two words of an i64): dispatch it normally.
                            _ => {}
                        }
                    }
                }
            }
            Op::AddAddi { rd, rs1, rs2 } => {
                set!(rd, r!(rs1).wrapping_add(r!(rs2)));
                if let Op::Addi { rd, rs1, imm } = ops[i] {
                    i += 1;
                    set!(rd, r!(rs1).wrapping_add(imm as u32));
                }
            }
            Op::SwAddi { rs1, rs2, imm } => {
                store!(rs1, rs2, imm, 4, u32::to_le_bytes);
                if let Op::Addi { rd, rs1, imm } = ops[i] {
                    i += 1;
                    set!(rd, r!(rs1).wrapping_add(imm as u32));
                }
            }
            Op::LwAddi { rd, rs1, imm } => {
                load!(rd, rs1, imm, 4, u32::from_le_bytes);
                if let Op::Addi { rd, rs1, imm } = ops[i] {
                    i += 1;
                    set!(rd, r!(rs1).wrapping_add(imm as u32));
                }
            }
            Op::LwXor { rd, rs1, imm } => {
                load!(rd, rs1, imm, 4, u32::from_le_bytes);
                if let Op::Xor { rd, rs1, rs2 } = ops[i] {
                    i += 1;
                    set!(rd, r!(rs1) ^ r!(rs2));
                }
            }
            Op::AddiAddi { rd, rs1, imm } => {
                set!(rd, r!(rs1).wrapping_add(imm as u32));
                if let Op::Addi { rd, rs1, imm } = ops[i] {
                    i += 1;
                    set!(rd, r!(rs1).wrapping_add(imm as u32));
                }
            }
            Op::LwLw { rd, rs1, imm } => {
                load!(rd, rs1, imm, 4, u32::from_le_bytes);
                if let Op::Lw { rd, rs1, imm } = ops[i] {
                    i += 1;
                    load_at!(cur + 1, rd, rs1, imm, 4, u32::from_le_bytes);
                }
            }
            Op::SwSw { rs1, rs2, imm } => {
                store!(rs1, rs2, imm, 4, u32::to_le_bytes);
                if let Op::Sw { rs1, rs2, imm } = ops[i] {
                    i += 1;
                    store_at!(cur + 1, rs1, rs2, imm, 4, u32::to_le_bytes);
                }
            }
            Op::Nop => {}
            Op::Ecall => return (Stop::Ecall { at: cur }, i, gas),
            Op::Ebreak => trap!(pcs[cur], TrapKind::Ebreak),
            Op::End => {
                let end = pcs[cur];
                trap!(end, TrapKind::MisalignedJump { target: end });
            }
        }
    }
}
