//! Emitting the out-of-line stubs the translation of instructions queued
//! ([`Stub`]): out-of-gas and fault exits, refunds of chained charges, guarded
//! access redos, and the out-of-line copies dynamic entries and failed range
//! checks continue in.

use super::ctx::{exit, OFF_A, OFF_B, OFF_PC};
use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use rivet_format::rv32::BranchOp;

impl Tr<'_> {
    pub(super) fn emit_stub(&mut self, stub: Stub, entries: &mut Vec<(usize, u32)>) {
        {
            let here = self.a.pos();
            // Out-of-line code starts with nothing known about rax.
            self.rax_pair = None;
            match stub {
                Stub::Charge {
                    at,
                    cost,
                    pc,
                    chain,
                } => {
                    self.a.patch32(at, here);
                    if chain {
                        self.interpret_from(cost, pc);
                    } else {
                        self.a.alu64_rm_imm(Alu::Add, Rm::Reg(R15), cost);
                        self.exit_at(exit::OUT_OF_GAS, pc);
                    }
                }
                Stub::Refund { at, amount, target } => {
                    self.a.patch32(at, here);
                    self.refund(amount);
                    let at = self.a.jmp32();
                    self.jump_block(at, target);
                }
                Stub::RefundEntry { at, amount, idx } => {
                    self.a.patch32(at, here);
                    self.refund(amount);
                    let at = self.a.jmp32();
                    self.entry_jumps.push((at, idx));
                }
                Stub::Fault {
                    at,
                    pc,
                    size,
                    refund,
                } => {
                    self.a.patch32(at, here);
                    self.refund(refund);
                    self.a.mov_rm_r(mem(RBP, OFF_A), RAX);
                    self.a.mov_rm_imm(mem(RBP, OFF_B), size);
                    self.exit_at(exit::MEMORY_FAULT, pc);
                }
                Stub::Redo(r) => self.emit_redo(r),
                Stub::Mark { at, resume, two } => self.emit_mark(at, resume, two),
                Stub::SpPages { at, resume } => {
                    self.a.patch32(at, here);
                    self.emit_sp_pages(Some(resume));
                }
                Stub::BadJump { at, pc } => {
                    self.a.patch32(at, here);
                    self.a.mov_rm_r(mem(RBP, OFF_A), RAX);
                    self.exit_at(exit::MISALIGNED_JUMP, pc);
                }
                Stub::DynCharge { at, disp, target } => {
                    self.a.patch32(at, here);
                    self.a.alu64_r_rm(Alu::Add, R15, mem(RCX, disp + 8));
                    if let Some((idx, base)) = target {
                        self.load(RAX, idx);
                        self.a.shift_imm(Shift::Shl, Rm::Reg(RAX), 2);
                        self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), base as i32);
                    }
                    // The target's block may belong to a chain (see `chain`).
                    self.a.mov_rm_r(mem(RBP, OFF_PC), RAX);
                    self.a.mov_rm_imm(Rm::Reg(RAX), exit::INTERPRET);
                    let j = self.a.jmp32();
                    self.exit_jumps.push(j);
                }
                Stub::Entry {
                    idx,
                    fwd,
                    pair,
                    cmp,
                    body,
                } => entries.push(self.emit_entry(idx, fwd, pair, cmp, body)),
                Stub::Tail {
                    start,
                    end,
                    resume,
                    fwd,
                    pair,
                } => self.emit_tail(start..end, resume, fwd, pair, entries),
                Stub::Slow { fails, start, end } => {
                    for at in fails {
                        self.a.patch32(at, here);
                    }
                    // The copy pays for the region's later blocks itself: give
                    // back what the head's chain paid for them.
                    self.refund(self.extras[start] as i32);
                    self.fwd = None;
                    self.plan = None;
                    for j in start..end {
                        let pc = self.module.pc_of(j);
                        if j != start && self.leaders[j] {
                            // A later block of the region pays for itself here too.
                            self.fwd = None;
                            self.rax_pair = None;
                            let cost = self.module.entries[j].cost as i32;
                            self.a.alu64_rm_imm(Alu::Sub, Rm::Reg(R15), cost);
                            let at = self.a.jcc32(Cond::B);
                            self.stubs.push(Stub::Charge {
                                at,
                                cost,
                                pc,
                                chain: false,
                            });
                        }
                        if j != start {
                            entries.push((j, self.a.pos() as u32));
                        }
                        self.emit(j, pc, true);
                    }
                    let at = self.a.jmp32();
                    self.jump_block(at, end);
                }
            }
        }
    }

    /// [`Stub::Tail`]: instructions `range` one by one (each an entry), then
    /// `rax` and `rcx` as the inline code expects them at `resume`.
    fn emit_tail(
        &mut self,
        range: std::ops::Range<usize>,
        resume: usize,
        fwd: Option<u8>,
        pair: Option<(u8, u8)>,
        entries: &mut Vec<(usize, u32)>,
    ) {
        self.fwd = None;
        for j in range {
            entries.push((j, self.a.pos() as u32));
            let pc = self.module.pc_of(j);
            self.extra = self.extras[j] as i32;
            self.emit(j, pc, true);
        }
        self.extra = 0;
        self.rejoin(pair, fwd);
        let at = self.a.jmp32();
        self.a.patch32(at, resume);
    }

    /// Before out-of-line code jumps into the inline code: `rax` holding
    /// `pair` ([`super::rax_pair`]) and `rcx` mirroring `fwd` ([`Tr::fwd`]),
    /// as the inline code there expects.
    fn rejoin(&mut self, pair: Option<(u8, u8)>, fwd: Option<u8>) {
        if let Some(p) = pair {
            self.assemble_pair(p);
        }
        if let Some(f) = fwd {
            self.load(RCX, f);
        }
    }

    /// [`Stub::Entry`]: returns the entry of instruction `idx` it provides.
    fn emit_entry(
        &mut self,
        idx: usize,
        fwd: Option<u8>,
        pair: Option<(u8, u8)>,
        cmp: Option<(u8, BranchOp)>,
        body: usize,
    ) -> (usize, u32) {
        let here = self.a.pos() as u32;
        self.fwd = None;
        // The flags last: the moves before change them.
        self.rejoin(pair, fwd);
        match cmp {
            Some((r, BranchOp::Bne)) => self.a.alu_rm_imm(Alu::Cmp, self.g(r), 0),
            Some((r, _)) => {
                // eax = 0 or -1: ZF, CF and SF != OF set exactly when r != 0, so
                // `bne`, `bltu` and `blt` after them are taken exactly then
                // (no pair lives in rax here, see `super::branch`).
                self.a.alu_r_rm(Alu::Xor, RAX, Rm::Reg(RAX));
                self.a.alu_rm_imm(Alu::Cmp, self.g(r), 0);
                self.a.setcc(Cond::Ne, RAX);
                self.a.neg(Rm::Reg(RAX));
            }
            None => {}
        }
        let j = self.a.jmp32();
        self.a.patch32(j, body);
        (idx, here)
    }
}
