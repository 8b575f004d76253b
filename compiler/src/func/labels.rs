//! Labels, branches and trap stubs: the emitter side of control flow. A label's
//! forward references form a list through the shared `fixups` vector and are
//! patched when it is bound; a reference that ends out of range sets `range_failed`
//! and the function is translated again. Trap stubs are placed per function and
//! reused while in reach.
//!
//! A conditional branch reaches 4 KiB. One whose label ends farther away takes
//! the long form, the inverted branch over a `jal` (two instructions, and a block
//! of its own for the `jal`), only where it has to: forward branches are
//! numbered in the order the translation emits them ([`LongBranches`]), the
//! ones that fell short are marked, and the next translation makes exactly
//! those long. Lengthening some can push others out of reach, so this repeats
//! (at most [`MARKING_PASSES`] times) before every forward branch of the
//! function goes long, which is how all of them were translated before: a
//! large function's short branches (a sort's inner loops) stay single
//! instructions.
//!
//! A `jal` reaches 1 MiB. A function whose jumps fall short even then is
//! translated once more with every forward jump, long branch and direct call
//! through `auipc t0; jalr zero, lo(t0)` (`auipc ra; jalr ra` for a call), which
//! reaches any pc ([`LongBranches::far`]; `t0` is a scratch register, dead at every
//! jump). Only functions of more than 1 MiB of code take it.

use super::{stub_index, Control, Fixup, FuncCtx, Label, NONE, NO_STUB};
use crate::asm::{RA, T0, ZERO};
use crate::encode::{branch_with_offset, jal_with_offset, opcode, OP_BRANCH, OP_JAL};
use rivet_format::abi::TrapCode;
use rivet_format::rv32::{fits_signed, BranchOp, Inst, Reg};

/// Translations that mark the forward branches that fell short before every
/// one of the function's forward branches goes long.
pub(crate) const MARKING_PASSES: u32 = 4;

/// Which forward conditional branches of a function take the long form.
#[derive(Default)]
pub(crate) struct LongBranches {
    /// Every one (the last resort but one).
    pub all: bool,
    /// Every forward jump, long branch and direct call of the function through
    /// `auipc; jalr` (the last resort: a function longer than a `jal` reaches).
    pub far: bool,
    /// By sequence number: this one.
    marked: Vec<bool>,
    /// The next forward branch's sequence number in this translation.
    next: u32,
    /// Forward branches of this translation that did not reach their label.
    failed: Vec<u32>,
    /// Something else did not reach (a jump, a table entry, a skip): marking
    /// branches cannot help.
    pub other: bool,
    /// Marking translations so far.
    passes: u32,
}

impl LongBranches {
    /// A new function: every branch short.
    pub fn start(&mut self) {
        self.all = false;
        self.far = false;
        self.marked.clear();
        self.passes = 0;
    }

    /// A translation of the function begins.
    pub fn begin(&mut self) {
        self.next = 0;
        self.failed.clear();
        self.other = false;
    }

    /// The next forward branch: (long form, sequence number).
    fn number(&mut self) -> (bool, u32) {
        let seq = self.next;
        self.next += 1;
        let long = self.all || self.marked.get(seq as usize).copied().unwrap_or(false);
        (long, seq)
    }

    /// After a translation that fell short: marks the branches that did, or,
    /// when that cannot help or has been tried enough, makes every one long.
    /// False when every one was long already (the function is too large).
    pub fn widen(&mut self) -> bool {
        if self.far {
            return false;
        }
        if self.all {
            self.far = true;
            return true;
        }
        self.passes += 1;
        if self.other || self.failed.is_empty() || self.passes > MARKING_PASSES {
            self.all = true;
            return true;
        }
        for &seq in &self.failed {
            let seq = seq as usize;
            if seq >= self.marked.len() {
                self.marked.resize(seq + 1, false);
            }
            self.marked[seq] = true;
        }
        true
    }
}

impl Control<'_> {
    pub fn new_label(&mut self) -> usize {
        self.labels.push(Label::default());
        self.labels.len() - 1
    }
}

impl Control<'_> {
    /// Chains a forward reference at word `at` to `label`: a jal, or the
    /// conditional branch numbered `seq` (`NONE` for a jal).
    pub fn add_fixup(&mut self, label: usize, at: usize, seq: u32) {
        let next = self.labels[label].fixups;
        self.labels[label].fixups = self.fixups.len() as u32;
        self.fixups.push(Fixup { at, next, seq });
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
                rivet_format::rv32::opcode::AUIPC => {
                    // A far jump reaches any pc.
                    self.emit.asm.patch_far(f.at, T0, ZERO, offset);
                    continue;
                }
                OP_BRANCH | OP_JAL => {
                    self.emit.range_failed = true;
                    match f.seq {
                        NONE => self.emit.long.other = true,
                        seq => self.emit.long.failed.push(seq),
                    }
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
                } else if self.emit.long.far {
                    self.emit.asm.far(T0, ZERO, off);
                } else {
                    self.fail_range();
                    self.emit.asm.jal(ZERO, 0);
                }
            }
            None => {
                let at = self.emit.asm.code.len();
                self.ctrl.add_fixup(label, at, NONE);
                if self.emit.long.far {
                    self.emit.asm.far(T0, ZERO, 0);
                } else {
                    self.emit.asm.jal(ZERO, 0);
                }
            }
        }
    }

    /// Calls function `f`: `jal ra` (patched once `f`'s pc is known), or its far
    /// form in a function longer than a `jal` reaches.
    pub fn call_direct(&mut self, f: u32) {
        self.emit.has_calls = true;
        self.emit.calls.push((self.emit.asm.code.len(), f));
        if self.emit.long.far {
            self.emit.asm.far(RA, RA, 0);
        } else {
            self.emit.asm.jal(RA, 0);
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
                    self.long_branch(op, rs1, rs2, label);
                }
            }
            None => match self.emit.long.number() {
                (true, _) => self.long_branch(op, rs1, rs2, label),
                (false, seq) => {
                    let at = self.emit.asm.code.len();
                    self.ctrl.add_fixup(label, at, seq);
                    self.emit.asm.branch(op, rs1, rs2, 0);
                }
            },
        }
    }

    /// The long form of a branch: the inverted branch over a jump to `label` (a
    /// `jal`, or in a far function an `auipc; jalr` pair).
    fn long_branch(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, label: usize) {
        let skip = self.skip_if(crate::asm::invert(op), rs1, rs2);
        self.jump(label);
        self.end_skip(skip);
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
            _ => self.fail_range(),
        }
    }

    /// Points the `jal zero` at word `at` to `pc` (a table entry, a jump over a
    /// table).
    pub fn patch_jump(&mut self, at: usize, pc: u32) {
        let offset = pc as i32 - 4 * at as i32;
        if fits_signed(offset, 21) {
            self.emit.asm.patch(at, Inst::Jal { rd: ZERO, offset });
        } else {
            self.fail_range();
        }
    }

    /// A jump, table entry or skip did not reach its target.
    pub fn fail_range(&mut self) {
        self.emit.range_failed = true;
        self.emit.long.other = true;
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

#[cfg(test)]
mod tests {
    use super::{LongBranches, MARKING_PASSES};

    #[test]
    fn branches_that_fell_short_go_long_then_all_of_them() {
        let mut l = LongBranches::default();
        l.start();
        l.begin();
        assert_eq!(
            (0..3).map(|_| l.number()).collect::<Vec<_>>(),
            [(false, 0), (false, 1), (false, 2)]
        );
        // Branch 1 fell short: only it is long next time.
        l.failed.push(1);
        assert!(l.widen());
        l.begin();
        assert_eq!(
            (0..3).map(|_| l.number().0).collect::<Vec<_>>(),
            [false, true, false]
        );
        // Falling short again and again: after MARKING_PASSES marking
        // translations every branch goes long, then the function is too large.
        for pass in 1..MARKING_PASSES {
            l.begin();
            l.failed.push(2);
            assert!(l.widen(), "pass {pass}");
            assert!(!l.all);
        }
        l.begin();
        l.failed.push(0);
        assert!(l.widen());
        assert!(l.all);
        l.begin();
        assert_eq!(l.number(), (true, 0));
        // Then every jump and call goes far; after that, the function is too large.
        assert!(l.widen());
        assert!(l.far);
        assert!(!l.widen());
        // A jump that fell short: every branch long at once.
        l.start();
        l.begin();
        l.other = true;
        assert!(l.widen());
        assert!(l.all);
    }
}
