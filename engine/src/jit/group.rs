//! Checked-once memory accesses: one range check per block and base register.
//!
//! (A "block" here is a region: a block plus the blocks after it that are entered
//! only by falling through, see `translate::region_end`; each keeps its own charge.)
//!
//! Most guest accesses of a block share a base register the block does not change
//! before them (the stack pointer, a struct pointer): `lw a, -8(sp)`, `sw b, -4(sp)`,
//! ... Each would cost an address computation, a compare and a branch. When a block
//! has at least two such accesses through the same pinned base, the block start
//! checks once that the union of their byte ranges, `[base + lo, base + hi)`, lies
//! inside memory without 32-bit wrap-around; then every one of those accesses is a
//! single instruction addressing `[mem + base + offset]` (the guest address equals
//! the host sum because nothing wraps).
//!
//! Exactness: if the union check fails, control goes to a second, ordinary copy of
//! the block (every access checked, faults at their own pcs) emitted out of line;
//! dynamic entries into the block's instructions also use that copy, since they skip
//! the block start. The check comes after the block's charge, so gas, out-of-gas
//! pcs and traps are those of the interpreter on both paths.

use super::ctx::off_limit;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm};
use crate::module::Module;
use rivet_format::rv32::{Inst, LoadOp, StoreOp};

/// The accesses of one block that the block start checks together.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Per instruction of the block (index - block start): the access needs no
    /// check of its own.
    pub checked: Vec<bool>,
    /// (host register of the base, lowest offset, highest offset + width).
    pub ranges: Vec<(u8, i32, i32)>,
}

/// Access width of a load or store.
pub(crate) fn width(inst: &Inst) -> Option<u32> {
    match *inst {
        Inst::Load { op, .. } => Some(match op {
            LoadOp::Lb | LoadOp::Lbu => 1,
            LoadOp::Lh | LoadOp::Lhu => 2,
            LoadOp::Lw => 4,
        }),
        Inst::Store { op, .. } => Some(match op {
            StoreOp::Sb => 1,
            StoreOp::Sh => 2,
            StoreOp::Sw => 4,
        }),
        _ => None,
    }
}

impl Tr<'_> {
    /// Which accesses of the block `[start, end)` can share range checks: those
    /// through a pinned base register before the block writes it, when there are
    /// enough per base to pay for the shared check. `None` if no base has two.
    pub(crate) fn plan(&self, module: &Module, start: usize, end: usize) -> Option<Plan> {
        let mut written = [false; 32];
        // Per guest register: (accesses, lo, hi).
        let mut per: [(u32, i32, i32); 32] = [(0, i32::MAX, i32::MIN); 32];
        for j in start..end {
            let inst = module.inst_by_index(j);
            if let (Some(w), Inst::Load { rs1, offset, .. } | Inst::Store { rs1, offset, .. }) =
                (width(&inst), inst)
            {
                let b = rs1 as usize & 31;
                if b != 0 && !written[b] && self.pins.get(rs1).is_some() {
                    let e = &mut per[b];
                    e.0 += 1;
                    e.1 = e.1.min(offset);
                    e.2 = e.2.max(offset + w as i32);
                }
            }
            if let (Some(rd), _) = inst.registers() {
                written[rd as usize & 31] = true;
            }
        }
        // Each access checked on its own costs 3 instructions, the shared check 3
        // (5 with a negative offset): worth it from 2 accesses (3 below the base).
        let bases: Vec<u8> = (1..32u8)
            .filter(|&b| {
                let (count, lo, _) = per[b as usize];
                count >= if lo < 0 { 3 } else { 2 }
            })
            .collect();
        if bases.is_empty() {
            return None;
        }
        let mut plan = Plan {
            checked: vec![false; end - start],
            ranges: Vec::new(),
        };
        let mut written = [false; 32];
        for j in start..end {
            let inst = module.inst_by_index(j);
            if let (Some(_), Inst::Load { rs1, .. } | Inst::Store { rs1, .. }) =
                (width(&inst), inst)
            {
                if bases.contains(&rs1) && !written[rs1 as usize & 31] {
                    plan.checked[j - start] = true;
                }
            }
            if let (Some(rd), _) = inst.registers() {
                written[rd as usize & 31] = true;
            }
        }
        for b in bases {
            let (_, lo, hi) = per[b as usize];
            plan.ranges.push((self.pins.get(b)?, lo, hi));
        }
        Some(plan)
    }

    /// At the block start: jumps (rel32 positions returned) to the checked copy
    /// unless every planned range is inside memory.
    pub(crate) fn check_ranges(&mut self, plan: &Plan) -> Vec<usize> {
        let mut fails = Vec::new();
        for &(h, lo, hi) in &plan.ranges {
            if lo < 0 {
                // base + lo must not go below 0 (it would wrap in the guest).
                self.a.alu_rm_imm(Alu::Cmp, Rm::Reg(h), -lo);
                fails.push(self.a.jcc32(Cond::B));
            }
            // base + hi <= size  <=>  base + hi - 1 <= size - 1 (signed 64-bit; the
            // pinned register is zero-extended).
            self.a.lea64(RAX, mem(h, hi - 1));
            self.a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, off_limit(1)));
            fails.push(self.a.jcc32(Cond::G));
        }
        fails
    }

    /// The operand of a planned access: `[mem + base + offset]`.
    pub(crate) fn checked_operand(&self, rs1: u8, offset: i32) -> Rm {
        let h = self.pins.get(rs1).expect("planned bases are pinned");
        Rm::Mem {
            base: R12,
            index: Some(h),
            disp: offset,
        }
    }
}
