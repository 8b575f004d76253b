//! Labels, branches and trap stubs: the emitter side of control flow. A label's
//! forward references form a list through the shared `fixups` vector and are
//! patched when it is bound; a reference that ends out of range sets `range_failed`
//! (the function is then translated again with long forward branches). Trap stubs
//! are placed per function and reused while in reach.

use super::{stub_index, Control, Fixup, FuncCtx, Label, NONE, NO_STUB};
use crate::asm::{RA, T0, ZERO};
use crate::encode::{branch_with_offset, jal_with_offset, opcode, OP_BRANCH, OP_JAL};
use rivet_format::abi::TrapCode;
use rivet_format::rv32::{fits_signed, BranchOp, Inst, Reg};

impl Control<'_> {
    pub fn new_label(&mut self) -> usize {
        self.labels.push(Label::default());
        self.labels.len() - 1
    }
}

impl Control<'_> {
    /// Chains a forward reference at word `at` to `label`.
    pub fn add_fixup(&mut self, label: usize, at: usize) {
        let next = self.labels[label].fixups;
        self.labels[label].fixups = self.fixups.len() as u32;
        self.fixups.push(Fixup { at, next });
    }
}

impl FuncCtx<'_> {
    // ---- labels and traps ------------------------------------------------------

    /// Binds `label` to the current pc and patches its forward references.
    pub fn bind(&mut self, label: usize) {
        let pc = self.emit.asm.pc();
        self.ctrl.labels[label].pc = Some(pc);
        self.vals.last_i64 = None;
        self.vals.last_load64 = None;
        // Another edge may arrive here without the block's proven extents.
        self.vals.extents.clear(self.env.min_linear_bytes);
        self.vals.cache.clear(self.emit.asm.code.len());
        let mut next = std::mem::replace(&mut self.ctrl.labels[label].fixups, NONE);
        while next != NONE {
            let f = self.ctrl.fixups[next as usize];
            next = f.next;
            let from = 4 * f.at as u32;
            let offset = pc.wrapping_sub(from) as i32;
            // Fixups are the translator's own branches and jumps: patch the
            // offset bits in place.
            let w = self.emit.asm.code[f.at];
            let new = match opcode(w) {
                OP_BRANCH if fits_signed(offset, 13) => branch_with_offset(w, offset),
                OP_JAL if fits_signed(offset, 21) => jal_with_offset(w, offset),
                OP_BRANCH | OP_JAL => {
                    self.emit.range_failed = true;
                    continue;
                }
                _ => continue,
            };
            self.emit.asm.code[f.at] = new;
        }
    }

    /// `jal x0, label`.
    pub fn jump(&mut self, label: usize) {
        self.ctrl.labels[label].used = true;
        match self.ctrl.labels[label].pc {
            Some(pc) => {
                let off = pc.wrapping_sub(self.emit.asm.pc()) as i32;
                if fits_signed(off, 21) {
                    self.emit.asm.jal(ZERO, off);
                } else {
                    self.emit.range_failed = true;
                    self.emit.asm.jal(ZERO, 0);
                }
            }
            None => {
                let at = self.emit.asm.code.len();
                self.ctrl.add_fixup(label, at);
                self.emit.asm.jal(ZERO, 0);
            }
        }
    }

    /// Branches to `label` when `op(rs1, rs2)`.
    pub fn branch(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, label: usize) {
        self.ctrl.labels[label].used = true;
        match self.ctrl.labels[label].pc {
            Some(pc) => {
                let off = pc.wrapping_sub(self.emit.asm.pc()) as i32;
                if fits_signed(off, 13) {
                    self.emit.asm.branch(op, rs1, rs2, off);
                } else {
                    self.emit.asm.branch(crate::asm::invert(op), rs1, rs2, 8);
                    self.jump(label);
                }
            }
            None if self.emit.long_branches => {
                self.emit.asm.branch(crate::asm::invert(op), rs1, rs2, 8);
                self.jump(label);
            }
            None => {
                let at = self.emit.asm.code.len();
                self.ctrl.add_fixup(label, at);
                self.emit.asm.branch(op, rs1, rs2, 0);
            }
        }
    }

    /// Emits a stub for `code` here: `a0 = code; jump to the module's trap ecall`.
    pub fn emit_stub(&mut self, code: TrapCode) {
        self.emit.stubs[stub_index(code)] = self.emit.asm.pc();
        self.emit.asm.li(crate::asm::A0, code as i32);
        let off = self.env.trap_pc.wrapping_sub(self.emit.asm.pc()) as i32;
        if fits_signed(off, 21) {
            self.emit.asm.jal(ZERO, off);
        } else {
            self.emit.asm.li(T0, rivet_format::abi::ecall::TRAP as i32);
            self.emit.asm.emit(Inst::Ecall);
        }
    }

    /// Starts a forward skip taken when `op(rs1, rs2)`; finish with [`Self::end_skip`].
    pub fn skip_if(&mut self, op: BranchOp, rs1: Reg, rs2: Reg) -> usize {
        let at = self.emit.asm.code.len();
        self.emit.asm.branch(op, rs1, rs2, 0);
        at
    }

    /// Points the skip started at word `at` here.
    pub fn end_skip(&mut self, at: usize) {
        let off = (4 * (self.emit.asm.code.len() - at)) as i32;
        match Inst::decode(self.emit.asm.code[at]) {
            Ok(Inst::Branch { op, rs1, rs2, .. }) if fits_signed(off, 13) => self.emit.asm.patch(
                at,
                Inst::Branch {
                    op,
                    rs1,
                    rs2,
                    offset: off,
                },
            ),
            _ => self.emit.range_failed = true,
        }
    }

    /// Traps with `code` when `op(rs1, rs2)`.
    pub fn trap_if(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, code: TrapCode) {
        let stub = self.emit.stubs[stub_index(code)];
        let off = stub.wrapping_sub(self.emit.asm.pc()) as i32;
        if stub != NO_STUB && fits_signed(off, 13) {
            self.emit.asm.branch_to_stub(op, rs1, rs2, off);
            return;
        }
        // None yet or out of reach: place a fresh stub here, jumped over by
        // straight-line code.
        let over = self.emit.asm.code.len();
        self.emit.asm.jal(ZERO, 0);
        self.emit_stub(code);
        let off = (4 * (self.emit.asm.code.len() - over)) as i32;
        self.emit.asm.patch(
            over,
            Inst::Jal {
                rd: ZERO,
                offset: off,
            },
        );
        let off = self.emit.stubs[stub_index(code)].wrapping_sub(self.emit.asm.pc()) as i32;
        self.emit.asm.branch_to_stub(op, rs1, rs2, off);
    }

    /// Traps with `code` unconditionally.
    pub fn trap(&mut self, code: TrapCode) {
        let stub = self.emit.stubs[stub_index(code)];
        let off = stub.wrapping_sub(self.emit.asm.pc()) as i32;
        if stub != NO_STUB && fits_signed(off, 21) {
            self.emit.asm.jal(ZERO, off);
        } else {
            self.emit_stub(code);
        }
    }

    /// Restores `ra` after a call clobbered it.
    pub fn reload_ra(&mut self) {
        self.emit.asm.lw(RA, crate::asm::SP, -4);
    }
}
