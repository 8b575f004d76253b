//! The compiler's `br_table` dispatch as a direct index into the entry table.
//!
//! Rivet's compiler lowers `br_table` to a bounds check, then
//! `slli t0, idx, 2; auipc tp, 0; add t0, t0, tp; jalr zero, 12(t0)` into a
//! table of `jal zero, target` entries right after the `jalr`. Translated one by
//! one, the jump's target goes through `t0` (the address computed from the
//! `auipc` constant, stored and reloaded when `tp` lives in memory), then the
//! generic dynamic jump masks, rotates and range-checks it before the entry table
//! lookup: a long dependency chain in front of the one indirect jump that
//! decides the bytecode interpreter's speed (a mispredicted target is found only
//! when the chain ends).
//!
//! Recognised as a group of the four instructions in one block (`idx` neither
//! `t0` nor `tp`, `N >= 1` `jal zero` entries right after the `jalr`), it runs
//! the first three as usual, so every guest register is as the interpreter
//! leaves it, then reads `idx` itself: when `idx < N` it jumps through entry
//! `j + 1 + idx` of the entry table (`j` the `jalr`'s index), paying that
//! entry's cost as the generic path would (a failed charge lets the interpreter
//! resume at the target pc, which the stub computes from `idx`); otherwise the
//! ordinary `jalr` runs. A dynamic entry after the group's first instruction
//! (where `t0` need not be `4 * idx + pc`) goes to an out-of-line copy of the
//! ordinary instructions, like an idiom's tail; inside a region with shared
//! range checks such entries use the region's ordinary copy. Only a group no gas
//! chain paid ahead for is taken.

use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use rivet_format::rv32::{ImmOp, Inst, RegOp};

/// `t0` and `tp` as the compiler's `br_table` uses them.
const T0: u8 = 5;
const TP: u8 = 4;

impl Tr<'_> {
    /// `(idx, entries)` when the four instructions from `i` are the compiler's
    /// `br_table` dispatch in one block (see the module docs).
    fn switch_at(&self, i: usize) -> Option<(u8, usize)> {
        let insts = self.module.insts();
        let j = i + 3;
        if j >= insts.len() || self.leaders[i + 1..=j].contains(&true) {
            return None;
        }
        let Inst::Imm {
            op: ImmOp::Slli,
            rd: T0,
            rs1: idx,
            imm: 2,
        } = insts[i]
        else {
            return None;
        };
        let shape = insts[i + 1] == Inst::Auipc { rd: TP, imm: 0 }
            && insts[i + 2]
                == (Inst::Reg {
                    op: RegOp::Add,
                    rd: T0,
                    rs1: T0,
                    rs2: TP,
                })
            && insts[j]
                == (Inst::Jalr {
                    rd: 0,
                    rs1: T0,
                    offset: 12,
                });
        if !shape || idx == T0 || idx == TP || idx == 0 {
            return None;
        }
        let n = insts[j + 1..]
            .iter()
            .take_while(|inst| matches!(inst, Inst::Jal { rd: 0, .. }))
            .count();
        (n > 0).then_some((idx, n))
    }

    /// The `br_table` dispatch from instruction `i`: its first three
    /// instructions as usual, the direct jump, then the ordinary `jalr`.
    /// Dynamic entries after its first instruction get the ordinary
    /// instructions out of line (an idiom's tail). Returns its length.
    pub(super) fn fuse_switch(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        let (idx, n) = self.switch_at(i)?;
        let j = i + 3;
        let first = i32::try_from(16 * (j + 1)).ok()?;
        if self.extra != 0 {
            return None;
        }
        let pc = |k: usize| self.module.pc_of(k);
        let jalr_pc = pc(j);
        self.emit(i, pc(i), dynamic);
        self.emit(i + 1, pc(i + 1), false);
        self.emit(i + 2, pc(i + 2), false);
        self.load(RCX, idx);
        self.clobber_rcx();
        self.a.alu_rm_imm(Alu::Cmp, Rm::Reg(RCX), n as i32);
        let generic = self.a.jcc32(Cond::Ae);
        // rcx + first = &entries[j + 1 + idx] (idx zero-extended by the load).
        self.a.shift64_imm(Shift::Shl, Rm::Reg(RCX), 4);
        self.a
            .alu64_r_rm(Alu::Add, RCX, mem(RBP, super::ctx::OFF_ENTRIES));
        self.a.alu64_r_rm(Alu::Sub, R15, mem(RCX, first + 8));
        let at = self.a.jcc32(Cond::B);
        self.stubs.push(Stub::DynCharge {
            at,
            disp: first,
            target: Some((idx, jalr_pc.wrapping_add(4))),
        });
        self.a.jmp_rm(mem(RCX, first));
        self.a.patch32(generic, self.a.pos());
        self.emit(j, jalr_pc, false);
        self.end_group(i, 4, dynamic);
        Some(4)
    }
}
