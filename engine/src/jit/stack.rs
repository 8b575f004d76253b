//! Stores through the stack pointer without a dirty mark each: the pages a value
//! of `sp` can reach are marked once, when `sp` gets that value.
//!
//! Rivet's compiler keeps its frame slots (spilled operands, locals that live in
//! memory) at small offsets from `sp` (x2), so most stores of spill-heavy code go
//! through `sp`, and their dirty mark (`lea`, `shr`, `mov byte`) was most of their
//! cost. A store `sw v, imm(sp)` writes its first byte at `sp + imm` (wrapping at
//! 2^32), with `imm` in `-2048..2048`: one of 4096 consecutive addresses, which lie
//! on page `k = (sp - 2048) >> 12` or the next one. So the translation marks
//! pages `k` and `k + 1` (those inside the dirty map) whenever `sp` may have
//! changed: on every entry into native code (the host or the caller may have set
//! any registers) and after every instruction that writes x2; stores through x2
//! then skip their own mark. The context remembers the last `k` marked
//! (`Ctx::sp_page`, reset on every entry), so an `sp` write that stays on the same
//! pages (a call's prologue and epilogue, mostly) costs four instructions and the
//! marking itself runs out of line.
//!
//! Wrapping: if `sp - 2048` wraps below 0, `k` is `0xfffff` and the addresses on
//! the wrapped side are at least `2^32 - 2048`, outside every memory (the access
//! faults and writes nothing), while those above 0 are on page 0, which is
//! `(k + 1) mod 2^20`. If `sp + 2047` wraps past 2^32, the wrapped addresses are at
//! most 2046, on page 0 again, `(k + 1) mod 2^20`. So the marks cover every store
//! through `sp` that can succeed.
//!
//! The dirty map is therefore a superset of the pages written: besides every page a
//! store wrote, it may hold up to two pages per value `sp` took (a value `sp` takes
//! costs an instruction, so a contract cannot mark more pages than it pays for, as
//! with stores). The interpreter marks exactly; the differential tests check that
//! native code marks at least the interpreter's pages and the same bytes.
//!
//! Only modules where every write to x2 is an instruction translated on its own
//! qualify ([`tracks_sp`]): a `jal`/`jalr` linking into x2 would write it and jump
//! before a mark could run, so such a module marks every store as before; fused
//! groups ([`super::idiom`], [`super::mul`]) that would write x2 are not fused.

use super::ctx::{OFF_DIRTY, OFF_PAGES, OFF_SP_PAGE};
use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use crate::memory::guarded::DIRTY_BELOW;
use crate::module::Module;
use rivet_format::rv32::Inst;

/// The stack pointer register.
const SP: u8 = 2;

/// True if `inst` writes x2 (any instruction with a destination register).
pub(super) fn writes_sp(inst: Inst) -> bool {
    match inst {
        Inst::Lui { rd, .. }
        | Inst::Auipc { rd, .. }
        | Inst::Imm { rd, .. }
        | Inst::Reg { rd, .. }
        | Inst::Load { rd, .. }
        | Inst::Jal { rd, .. }
        | Inst::Jalr { rd, .. } => rd & 31 == SP,
        _ => false,
    }
}

/// True if stores through x2 in `module` may skip their marks: the ISA has x2 and
/// no jump links into it (see the module docs).
pub(super) fn tracks_sp(module: &Module) -> bool {
    module.isa().register_count() > SP as u32
        && !module
            .insts()
            .iter()
            .any(|&inst| matches!(inst, Inst::Jal { .. } | Inst::Jalr { .. }) && writes_sp(inst))
}

impl Tr<'_> {
    /// True if instruction `i`'s store needs no dirty mark of its own: it goes
    /// through x2 and this translation marks x2's pages.
    pub(super) fn store_marked_by_sp(&self, rs1: u8) -> bool {
        self.track_sp && rs1 & 31 == SP
    }

    /// True if fusing instructions `[i, i + len)` into one group would hide a write
    /// of x2 from [`Tr::mark_sp_pages`].
    pub(super) fn group_writes_sp(&self, i: usize, len: usize) -> bool {
        self.track_sp
            && self.module.insts()[i..(i + len).min(self.module.len())]
                .iter()
                .any(|&inst| writes_sp(inst))
    }

    /// After `sp` may have changed: if `k = (sp - 2048) >> 12` differs from the
    /// last `k` marked, jumps to a [`Stub::SpPages`] that marks pages `k` and
    /// `k + 1` (see the module docs). Four instructions when `sp` stays on its
    /// pages. Clobbers `rax` and the flags.
    pub(super) fn mark_sp_pages(&mut self) {
        match self.gr(SP) {
            Rm::Reg(h) => self.a.lea32(RAX, mem(h, -2048)),
            slot => {
                self.a.mov_r_rm(RAX, slot);
                self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), -2048);
            }
        }
        self.a.shift_imm(Shift::Shr, Rm::Reg(RAX), 12);
        self.a.alu_r_rm(Alu::Cmp, RAX, mem(RBP, OFF_SP_PAGE));
        let at = self.a.jcc32(Cond::Ne);
        let resume = self.a.pos();
        self.stubs.push(Stub::SpPages { at, resume });
    }

    /// The out-of-line part of [`Tr::mark_sp_pages`]: `k` (in `eax`) becomes the
    /// last page marked; pages `k` and `(k + 1) mod 2^20` are marked where they lie
    /// inside the dirty map (the second is page 0 when `sp + 2047` wraps).
    pub(super) fn emit_sp_pages(&mut self, resume: usize) {
        self.a.mov_rm_r(mem(RBP, OFF_SP_PAGE), RAX);
        for next in [false, true] {
            if next {
                self.a.mov_r_rm(RAX, mem(RBP, OFF_SP_PAGE));
                self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), 1);
                self.a.alu_rm_imm(Alu::And, Rm::Reg(RAX), 0xf_ffff);
            }
            self.a.alu_r_rm(Alu::Cmp, RAX, mem(RBP, OFF_PAGES));
            let skip = self.a.jcc8(Cond::Ae);
            self.mark_page_in_rax();
            self.a.bind8(skip);
        }
        let at = self.a.jmp32();
        self.a.patch32(at, resume);
    }

    /// `dirty[rax] = 1`, `rax` a page number inside the map (clobbered by checked
    /// code): a guarded memory's map sits at a fixed distance below the data.
    pub(super) fn mark_page_in_rax(&mut self) {
        if self.guard {
            let at = Rm::Mem {
                base: R12,
                index: Some(RAX),
                disp: -(DIRTY_BELOW as i32),
            };
            self.a.mov8_rm_imm(at, 1);
        } else {
            self.a.alu64_r_rm(Alu::Add, RAX, mem(RBP, OFF_DIRTY));
            self.a.mov8_rm_imm(mem(RAX, 0), 1);
        }
    }
}
