//! The interpreter loop.
//!
//! One `match` on a pre-decoded [`Op`] per instruction; the op index, the gas counter
//! and the module's tables live in locals for the whole run. The loop never decodes,
//! never allocates and never tests for x0 (writes to x0 go to the sink slot). Gas is
//! checked only at [`Op::Charge`] (block entry) and on dynamic jumps. Tracing is a
//! compile-time parameter, so the untraced loop carries no trace test at all.
//!
//! The dispatch `match` in [`interp`] has one line per op, each a call to an
//! `#[inline(always)]` handler (the shape of wasmi's executor): register arithmetic in
//! [`alu`], loads and stores in [`memory`], jumps, branches and gas in [`flow`], fused
//! pairs in [`fused`], the compiler's i64 idioms in [`wide`]. Inlining puts every handler back into the one loop function, so
//! the register file, memory and the cursor's fields stay plain borrows and locals in
//! host registers; a handler that traps returns a [`Fault`] and the arm returns it.
//!
//! # Alignment
//!
//! Where the loop's code lands against the host's 64-byte lines decides its speed
//! as much as the code does. Every op passes through the dispatch block at the top
//! of the loop (about 44 bytes: the op's fields, the jump table, one indirect
//! jump), then through its handler.
//!
//! * [`interp`] starts on a 64-byte boundary (`align_this_function`). It is
//!   generic (over the tracer), so it is compiled into the crate that calls
//!   [`Machine::run`], and would otherwise start wherever that crate's other code
//!   puts it: a change anywhere in the compiler once moved it 32 bytes and the
//!   interpreter ran 5-18% slower with the same machine code.
//! * This workspace compiles its crates with `-align-loops=64` and
//!   `-align-all-nofallthru-blocks=5` (`scripts/rustc-workspace.sh`, through
//!   `.cargo/config.toml`): the dispatch block starts a 64-byte line and every
//!   handler (a jump-table target) a 32-byte one. LLVM's default aligns the
//!   loop head to 16 bytes only; where it fell then depended on the code before
//!   it in the function, and from the second half of a line the block crossed
//!   into the next: the eight workloads of `bench/peers` ran 8-10% slower (19% on
//!   sha256 and bignum), measured by building the loop 16, 32 and 48 bytes
//!   further (`RIVET_INTERP_SHIFT`, `build.rs`). The placement the loop had was a
//!   lucky one, and any new arm moved every handler: [`Op::BrTable`] (vm's
//!   `br_table` dispatch in one op) ran vm 10% faster and sha256 8% and bignum
//!   9% slower (earlier, a first version of it: sha256 16% slower). Aligned, the
//!   shifts change the speed by at most 2.5% per workload and that op is in: vm 9-10% faster, the eight
//!   workloads 1.6-1.8% faster than at the lucky placement and 6% faster than
//!   the average over the four placements. A crate outside this workspace that
//!   calls [`Machine::run`] with a host of its own compiles the loop with
//!   LLVM's defaults, unless it passes the same flags.
//! * `LAYOUTS="0 16 32 48" bench/ab.sh` compares two revisions over those
//!   shifts, to check that a change to the loop does not depend on placement.
//!
//! One arm per op, and a handler never matches on the op's kind again: two ops
//! sharing an arm whose handler tells them apart keep the tag alive past the
//! dispatch, which then spends an instruction more on every op (one such arm
//! made the eight workloads 3% slower).

mod alu;
mod flow;
mod fused;
mod memory;
mod next;
mod wide;

use crate::error::{Trap, TrapKind};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use crate::op::{Op, REG_SLOTS};
use alu::{ri, rr};
use flow::Cursor;
use fused::Br::{Eq, Geu, Ltu, Ne};
use memory::{bytes, i16_word, i8_word, u16_word, u8_word, word, word_u16, word_u8, Memory};
use next::{GEU_LBU, GEU_TABLE, LTU2_LBU, LTU_LBU};
use rivet_format::rv32::Inst;
use std::convert::Infallible;
use std::sync::Arc;

/// The register file: x0..x31, the sink slot and padding (see [`REG_SLOTS`]).
type Regs = [u32; REG_SLOTS];

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
    Trap(Fault),
}

/// A trap raised by the loop: the pc it is reported at and why.
struct Fault {
    pc: u32,
    kind: TrapKind<Infallible>,
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
                    Stop::Trap(Fault { pc, kind }) => {
                        self.pc = pc;
                        self.gas = gas;
                        return Err(widen(pc, kind));
                    }
                    Stop::Ecall { at: op } => {
                        if let Some(max) = module.helpers {
                            // A helper call that succeeds runs here, without the
                            // host (see `crate::helpers`).
                            let regs =
                                <&mut [u32; 32]>::try_from(&mut self.regs[..32]).expect("x0..x31");
                            let (data, dirty) = (&mut self.memory.data, &mut self.memory.dirty);
                            if crate::helpers::run(regs, data, dirty, &mut gas, max) {
                                i = next;
                                continue;
                            }
                        }
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

/// Makes the function it is inlined into start on a 64-byte boundary (see the module
/// docs, "Alignment"): an assembler alignment directive raises the alignment of the
/// section it is in, which is the calling function's own section, to 64. Where the
/// directive itself sits it pads at most one byte (`max` 1), so in practice it emits
/// nothing; it runs once per call of the loop, not per op.
#[inline(always)]
fn align_this_function() {
    #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
    // SAFETY: an assembler directive, no instruction: it reads and writes nothing.
    unsafe {
        std::arch::asm!(
            ".p2align 6, 0x90, 1",
            // `RIVET_INTERP_SHIFT` one-byte nops (see `build.rs`; none by default).
            env!("RIVET_INTERP_SHIFT_ASM"),
            options(nomem, nostack, preserves_flags)
        );
    }
}

/// The hot loop: runs ops from index `i` with `gas` until an `ecall` or a trap.
/// Returns why it stopped, the op index to continue at after an `ecall` (0 after a
/// trap, where the caller does not continue: one value less to keep live), and the
/// gas left. Registers and memory are plain borrows here, so their base pointers stay
/// in host registers.
#[inline(never)]
fn interp<T: Tracer>(
    regs: &mut Regs,
    data: &mut [u8],
    dirty: &mut [u8],
    module: &Module,
    i: usize,
    gas: u64,
    tracer: &mut T,
) -> (Stop, usize, u64) {
    align_this_function();
    let mut s = Cursor::new(module, i, gas);
    let mem = &mut Memory { data, dirty };
    #[rustfmt::skip]
    macro_rules! ok { ($r:expr) => { if let Err(f) = $r { return (Stop::Trap(f), 0, s.gas) } } }
    loop {
        let cur = s.i;
        // SAFETY: `cur` is inside `ops` (`module::indices_in_range`, checked before a run).
        debug_assert!(cur < s.ops.len());
        let op = unsafe { *s.ops.get_unchecked(cur) };
        s.i += 1;
        s.trace_op(tracer, cur, op);
        match op {
            Op::Charge { cost } => ok!(s.charge(cur, cost)),
            Op::Li { rd, imm } => regs[rd as usize] = imm,
            Op::Addi { rd, rs1, imm } => ri(regs, rd, rs1, imm, u32::wrapping_add),
            Op::Slti { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::slt),
            Op::Sltiu { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::sltu),
            Op::Xori { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::xor),
            Op::Ori { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::or),
            Op::Andi { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::and),
            Op::Slli { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::sll),
            Op::Srli { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::srl),
            Op::Srai { rd, rs1, imm } => ri(regs, rd, rs1, imm, alu::sra),
            Op::Add { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, u32::wrapping_add),
            Op::Sub { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, u32::wrapping_sub),
            Op::Sll { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::sll),
            Op::Slt { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::slt),
            Op::Sltu { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::sltu),
            Op::Xor { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::xor),
            Op::Srl { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::srl),
            Op::Sra { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::sra),
            Op::Or { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::or),
            Op::And { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::and),
            Op::Mul { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, u32::wrapping_mul),
            Op::Mulh { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::mulh),
            Op::Mulhsu { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::mulhsu),
            Op::Mulhu { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::mulhu),
            Op::Div { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::div),
            Op::Divu { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::divu),
            Op::Rem { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::rem),
            Op::Remu { rd, rs1, rs2 } => rr(regs, rd, rs1, rs2, alu::remu),
            Op::Lb { rd, rs1, imm } => ok!(s.at(cur, mem.load(regs, rd, rs1, imm, i8_word))),
            Op::Lh { rd, rs1, imm } => ok!(s.at(cur, mem.load(regs, rd, rs1, imm, i16_word))),
            Op::Lw { rd, rs1, imm } => ok!(s.at(cur, mem.load(regs, rd, rs1, imm, word))),
            Op::Lbu { rd, rs1, imm } => ok!(s.at(cur, mem.load(regs, rd, rs1, imm, u8_word))),
            Op::Lhu { rd, rs1, imm } => ok!(s.at(cur, mem.load(regs, rd, rs1, imm, u16_word))),
            Op::Sb { rs1, rs2, imm } => ok!(s.at(cur, mem.store(regs, rs1, rs2, imm, word_u8))),
            Op::Sh { rs1, rs2, imm } => ok!(s.at(cur, mem.store(regs, rs1, rs2, imm, word_u16))),
            Op::Sw { rs1, rs2, imm } => ok!(s.at(cur, mem.store(regs, rs1, rs2, imm, bytes))),
            Op::Beq { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::eq)),
            Op::Bne { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::ne)),
            Op::Blt { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::lt)),
            Op::Bge { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::ge)),
            Op::Bltu { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::ltu)),
            Op::Bgeu { rs1, rs2, target } => ok!(s.branch(regs, cur, rs1, rs2, target, alu::geu)),
            Op::Jump { target } => ok!(s.take(target as usize)),
            Op::Call { rd, target } => ok!(s.call(regs, cur, rd, target)),
            Op::Jalr { rd, rs1, imm } => ok!(s.jalr(regs, cur, rd, rs1, imm)),
            Op::LiPair { rd, imm } => s.li_pair(regs, rd, imm),
            Op::LiLi { rd, imm } => s.li_li(regs, tracer, rd, imm),
            Op::AddiBltu { rd, rs1, imm } => ok!(s.addi_bltu(regs, cur, rd, rs1, imm)),
            Op::AddiBgeu { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::add, Geu)),
            Op::AddiBne { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::add, Ne)),
            Op::AddiBeq { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::add, Eq)),
            Op::SltiuBne { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::sltu, Ne)),
            Op::SltiuBeq { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::sltu, Eq)),
            Op::XoriBne { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::xor, Ne)),
            Op::XoriBeq { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::xor, Eq)),
            Op::AndiBne { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::and, Ne)),
            Op::AndiBeq { rd, rs1, imm } => ok!(s.ri_br(regs, cur, rd, rs1, imm, alu::and, Eq)),
            Op::AddBltu { rd, rs1, rs2 } => ok!(s.rr_br(regs, cur, rd, rs1, rs2, alu::add, Ltu)),
            Op::Select { .. } => ok!(s.select::<T>(regs, cur, op)),
            Op::ChkLw { .. } | Op::ChkSw { .. } => ok!(s.chk_access(regs, mem, tracer, cur, op)),
            Op::AddAddi { rd, rs1, rs2 } => s.add_addi(regs, rd, rs1, rs2),
            Op::SwAddi { rs1, rs2, imm } => ok!(s.sw_addi(regs, mem, cur, rs1, rs2, imm)),
            Op::LwAddi { rd, rs1, imm } => ok!(s.lw_addi(regs, mem, cur, rd, rs1, imm)),
            Op::LwXor { rd, rs1, imm } => ok!(s.lw_xor(regs, mem, cur, rd, rs1, imm)),
            Op::SlliAdd { rd, rs1, imm } => s.slli_add(regs, rd, rs1, imm),
            Op::AddiAddi { rd, rs1, imm } => s.addi_addi(regs, rd, rs1, imm),
            Op::XorXor { rd, rs1, rs2 } => s.xor_xor(regs, rd, rs1, rs2),
            Op::AndAnd { rd, rs1, rs2 } => s.and_and(regs, rd, rs1, rs2),
            Op::XoriXori { rd, rs1, imm } => s.xori_xori(regs, rd, rs1, imm),
            Op::LwLw { rd, rs1, imm } => ok!(s.lw_lw(regs, mem, cur, rd, rs1, imm)),
            Op::SwSw { rs1, rs2, imm } => ok!(s.sw_sw(regs, mem, cur, rs1, rs2, imm)),
            Op::Add64 { .. } => s.add64(regs, op),
            Op::Sub64 { .. } => s.sub64(regs, op),
            Op::Mul64 { .. } => s.mul64(regs, op),
            Op::Rot64 { .. } => s.rot64(regs, op),
            Op::Rot32 { .. } => s.rot32(regs, tracer, op),
            Op::RotV64 { .. } => s.rotv64(regs, op),
            Op::LiAdd { .. } => s.li_add(regs, op),
            Op::LiAddChk { .. } => ok!(s.li_add_chk(regs, mem, tracer, op)),
            Op::SlliAddChk { rd, rs1, imm } => ok!(s.slli_add_chk(regs, mem, tracer, rd, rs1, imm)),
            Op::Add64Z { .. } => s.add64z(regs, op),
            Op::AddCarry { .. } => s.add_carry(regs, op),
            Op::MulWide { .. } => s.mul_wide(regs, op),
            Op::Not64 { .. } => s.not64(regs, tracer, op),
            Op::Nop => {}
            Op::Ecall => return (Stop::Ecall { at: cur }, s.i, s.gas),
            Op::Ebreak => ok!(s.ebreak(cur)),
            Op::End => ok!(s.end(cur)),
            Op::BrTable { .. } => ok!(s.br_table(regs, tracer, cur, op)),
            Op::BgeuLbu { .. } => ok!(s.chained::<GEU_LBU>(regs, mem, tracer, cur, op)),
            Op::BgeuTable { .. } => ok!(s.chained::<GEU_TABLE>(regs, mem, tracer, cur, op)),
            Op::BltuLbu { .. } => ok!(s.chained::<LTU_LBU>(regs, mem, tracer, cur, op)),
            Op::Bltu2Lbu { .. } => ok!(s.chained::<LTU2_LBU>(regs, mem, tracer, cur, op)),
            Op::AddiBgeuSb { .. } => ok!(s.addi_bgeu_sb(regs, mem, tracer, cur, op)),
        }
    }
}
