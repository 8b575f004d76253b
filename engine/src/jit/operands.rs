//! Guest registers as x86 operands: a pinned register's host register, else
//! its slot in the context ([`reg_slot`]), and `rcx` when it mirrors the
//! register ([`Tr::fwd`]).
//!
//! Invariant: a guest register's slot (unpinned) or host register (pinned)
//! holds its value after each instruction; `rcx` only adds a second copy of one
//! unpinned register, which [`Tr::gr`] reads instead of the slot. Every write of
//! `rcx` either sets the mirror ([`Tr::load`], [`Tr::set`]) or clears it
//! ([`Tr::clobber_rcx`]), and a write of a guest register not through `rcx`
//! clears a mirror of it ([`Tr::wrote`]). One exception: in the main pass the
//! mirrored register's slot may be stale until the instruction that overwrites
//! it ([`Tr::lazy`], see [`super::lazy_slot`]); only instructions that read it
//! through `rcx` run in between.

use super::translate::{reg_slot, Tr};
use super::x86::reg::*;
use super::x86::Rm;

/// How far ahead [`Tr::scratch_for`] looks for a reader of the value it keeps
/// in `rcx`: the reader itself and up to three instructions before it.
const MIRROR_AHEAD: usize = 4;

impl Tr<'_> {
    /// Guest register `r` as an operand.
    pub(super) fn g(&self, r: u8) -> Rm {
        match self.pins.get(r) {
            Some(h) => Rm::Reg(h),
            None => reg_slot(r),
        }
    }

    /// Guest register `r` as a source operand: `rcx` when it holds `r` (see
    /// [`Tr::fwd`]), else [`Tr::g`]. Only for reads; destinations use [`Tr::g`].
    pub(super) fn gr(&self, r: u8) -> Rm {
        if r != 0 && self.fwd == Some(r) && self.pins.get(r).is_none() {
            Rm::Reg(RCX)
        } else {
            self.g(r)
        }
    }

    /// Records that `rcx` was overwritten with something that is no guest register.
    pub(super) fn clobber_rcx(&mut self) {
        self.fwd = None;
    }

    /// Records that guest register `rd` changed without going through `rcx`.
    pub(super) fn wrote(&mut self, rd: u8) {
        if self.fwd == Some(rd) {
            self.fwd = None;
        }
        if self.lazy == Some(rd) {
            // Written where it lives: the slot is current again.
            self.lazy = None;
        }
    }

    /// The host register to compute `rd`'s new value in: its pinned register, or
    /// `scratch` (then [`Tr::set`] stores it).
    pub(super) fn dst(&self, rd: u8, scratch: u8) -> u8 {
        self.pins.get(rd).unwrap_or(scratch)
    }

    /// Where an instruction computes an unpinned `rd`'s new value: `rcx`
    /// (which then mirrors it, see [`Tr::fwd`]) when a later instruction of the
    /// block reads `rd` and those before it leave `rcx` alone ([`Tr::passes`]),
    /// so that it reads a register instead of the slot just stored (a
    /// store-to-load round trip on the dependency chain); else `rax`. Only a
    /// choice: whatever writes `rcx` in between ends the mirror, and the reader
    /// then takes the slot, which the write of `rd` stored.
    pub(super) fn scratch_for(&self, rd: u8) -> u8 {
        match self.cur {
            Some(i) => self.scratch_before(i + 1, rd),
            None => RAX,
        }
    }

    /// [`Tr::scratch_for`] for a value of `rd` that instruction `next` is the
    /// first to see (a group's result: `next` follows the group). Looks at most
    /// [`MIRROR_AHEAD`] instructions ahead.
    pub(super) fn scratch_before(&self, next: usize, rd: u8) -> u8 {
        let end = self.leaders.len().min(next + MIRROR_AHEAD);
        for j in next..end {
            if self.leaders[j] {
                break;
            }
            let inst = self.module.inst_by_index(j);
            let (w, rs) = inst.registers();
            if rs.contains(&Some(rd)) {
                return RCX;
            }
            if w == Some(rd) || !self.passes(j, inst, rd) {
                break;
            }
        }
        RAX
    }

    /// host = guest `r`.
    pub(super) fn load(&mut self, host: u8, r: u8) {
        let src = self.gr(r);
        if src != Rm::Reg(host) {
            self.a.mov_r_rm(host, src);
        }
        if host == RCX {
            self.fwd = (r != 0).then_some(r);
        }
    }

    /// guest `rd` = host (no-op for x0 and when `host` already is `rd`'s register).
    pub(super) fn set(&mut self, rd: u8, host: u8) {
        if rd == 0 {
            if host == RCX {
                self.clobber_rcx();
            }
            return;
        }
        let dst = self.g(rd);
        if host == RCX && self.defer == Some(rd) && matches!(dst, Rm::Mem { .. }) {
            // The next instruction overwrites rd: its slot may stay stale
            // (see `lazy_slot`).
            self.lazy = Some(rd);
        } else if dst != Rm::Reg(host) {
            self.a.mov_rm_r(dst, host);
            if self.lazy == Some(rd) {
                self.lazy = None;
            }
        }
        if host == RCX {
            self.fwd = Some(rd);
        } else {
            self.wrote(rd);
        }
    }

    /// guest `rd` = `imm` for an instruction of its own (`lui`, `auipc`, a
    /// constant `addi`): through `rcx`, which then mirrors `rd`, when `rd` is
    /// unpinned and a later instruction reads it ([`Tr::scratch_for`]), so that
    /// it reads a register rather than the slot just stored, or overwrites it
    /// (then the store may be left out, [`super::lazy_slot`]); else
    /// [`Tr::set_imm`].
    pub(super) fn set_const(&mut self, rd: u8, imm: u32) {
        let unpinned = rd != 0 && self.pins.get(rd).is_none();
        if unpinned && (self.defer == Some(rd) || self.scratch_for(rd) == RCX) {
            self.a.mov_rm_imm(Rm::Reg(RCX), imm);
            self.set(rd, RCX);
        } else {
            self.set_imm(rd, imm);
        }
    }

    /// guest `rd` = `imm` (no-op for x0).
    pub(super) fn set_imm(&mut self, rd: u8, imm: u32) {
        if rd != 0 {
            let dst = self.g(rd);
            self.a.mov_rm_imm(dst, imm);
            self.wrote(rd);
        }
    }
}
