//! The i64 shifts and rotates of the compiler's idioms (recognised in
//! [`super::idiom`]) on a register pair.
//!
//! A rotate assembles the pair as one 64-bit value in `rax` ([`Tr::pair_in_rax`]),
//! rotates it with one `rol` and splits it back ([`Tr::split_rax`]): on Zen 3,
//! `shld` is several micro-ops, and the two a pair rotate needs ran a dependent
//! rotate at half the speed of `rol` and the moves around it. A shift by a
//! constant keeps one `shld`/`shrd` beside a plain shift: the 64-bit form would
//! trade it for four more instructions on the same dependency chain.
//!
//! Every group here leaves the registers its RV32 sequence writes, scratch
//! words included, and never traps (see [`super::idiom`]).

use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{Alu, Rm, Shift};

impl Tr<'_> {
    /// `nh = hi << k | lo >> (32-k); t = hi >> (32-k); lo = lo << k | hi >> (32-k)`:
    /// `t` first, then the pair as one 64-bit value in `rax`, one `rol` and
    /// the two words split back out. (Two `shld`s, several micro-ops each on
    /// Zen 3, ran a dependent pair rotate at half this speed.) `t` is `None`
    /// when nothing can observe it ([`Tr::dead_after`]).
    pub(super) fn rotl_pair(&mut self, nh: u8, hi: u8, lo: u8, t: Option<u8>, k: u8) {
        let (sh, sl) = self.sources(hi, lo);
        // Neither destination below is hi's or lo's register, nor rax/rcx.
        if let Some(t) = t {
            let d = self.g(t);
            self.a.mov_rm_r(d, sh);
            self.a.shift_imm(Shift::Shr, d, 32 - k);
        }
        let swapped = self.pair_in_rax(sh, sl);
        self.a.shift64_imm(Shift::Rol, Rm::Reg(RAX), k);
        self.split_rax(swapped, nh, lo);
    }

    /// `rax = a << 32 | b` from the registers of two words, `b` not in `rax`
    /// (returns false), or `rax = b << 32 | a` when `b` is the one in `rax`
    /// (returns true): a 64-bit rotate of the swapped pair is the swapped
    /// rotate. Host registers holding guest words are zero-extended (every
    /// write to them is a 32-bit one), so an `or` of the whole register adds
    /// nothing above bit 31.
    fn pair_in_rax(&mut self, a: u8, b: u8) -> bool {
        let (upper, lower, swapped) = if b == RAX {
            (b, a, true)
        } else {
            (a, b, false)
        };
        if upper != RAX {
            self.a.mov_r_rm(RAX, Rm::Reg(upper));
        }
        self.a.shift64_imm(Shift::Shl, Rm::Reg(RAX), 32);
        self.a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(lower));
        swapped
    }

    /// The host register holding guest `r`: its own when pinned, else `rax`
    /// loaded from its slot.
    fn in_register(&mut self, r: u8) -> u8 {
        match self.gr(r) {
            Rm::Reg(h) => h,
            m => {
                self.a.mov_r_rm(RAX, m);
                RAX
            }
        }
    }

    /// Guest `hi` = bits 32..63 of `rax`, guest `lo` = bits 0..31 (the other
    /// way round when `swapped`, see [`Self::pair_in_rax`]). When the word of
    /// bits 32..63 goes to a pinned register, it is shifted there and `rax`
    /// keeps the pair for the next group ([`super::rax_pair`]); else `rax` is
    /// clobbered.
    pub(super) fn split_rax(&mut self, swapped: bool, hi: u8, lo: u8) {
        let (first, second) = if swapped { (hi, lo) } else { (lo, hi) };
        self.store_from(first, RAX);
        match self.pins.get(second) {
            Some(h) if first != second => {
                self.a.mov64_r_rm(h, Rm::Reg(RAX));
                self.a.shift64_imm(Shift::Shr, Rm::Reg(h), 32);
                self.keep_pair(first, second);
            }
            _ => {
                self.a.shift64_imm(Shift::Shr, Rm::Reg(RAX), 32);
                self.store_from(second, RAX);
            }
        }
    }

    /// The variable rotate (see the module docs); `h` or `l` is pinned.
    pub(super) fn rotl_var(&mut self, x: u8, rb: u8, (h, l): (u8, u8), t0: u8, t1: u8) {
        self.fwd = None;
        let src = self.g(rb);
        self.a.mov_r_rm(RCX, src);
        // x = rb ^ 31 (its low five bits: 31 - k).
        let d = self.g(x);
        self.a.mov_rm_r(d, RCX);
        self.a.alu_rm_imm(Alu::Xor, d, 31);
        // h and l as registers: the unpinned one (at most one) copied to rax.
        let hh = self.in_register(h);
        let hl = self.in_register(l);
        // cl = k = rb & 31 (a 64-bit shift or rotate takes six bits of cl).
        self.a.alu_rm_imm(Alu::And, Rm::Reg(RCX), 31);
        // t0 = (h >> 1) >> (31 - k), before the pair is built over h's copy: in
        // a pinned register the high word of the 64-bit h << k (0 for k = 0).
        match self.pins.get(t0) {
            Some(r) => {
                self.a.mov_r_rm(r, Rm::Reg(hh));
                self.a.shift64_cl(Shift::Shl, Rm::Reg(r));
                self.a.shift64_imm(Shift::Shr, Rm::Reg(r), 32);
            }
            None => {
                let d = self.g(t0);
                self.a.mov_rm_r(d, hh);
                self.a.shift_imm(Shift::Shr, d, 1);
                self.a.alu_rm_imm(Alu::Xor, Rm::Reg(RCX), 31);
                self.a.shift_cl(Shift::Shr, d);
                self.a.alu_rm_imm(Alu::Xor, Rm::Reg(RCX), 31);
            }
        }
        // t1 = h << k | l >> (32 - k) and l = l << k | h >> (32 - k): the pair
        // rotated left by k.
        let swapped = self.pair_in_rax(hh, hl);
        self.a.shift64_cl(Shift::Rol, Rm::Reg(RAX));
        self.split_rax(swapped, t1, l);
    }

    /// `t = h << (32-c); l = l >> c | t; h = h >> c` (arithmetic when `arith`).
    pub(super) fn shr_pair(&mut self, h: u8, l: u8, t: u8, c: u8, arith: bool) {
        let sh = self.in_register(h);
        let d = self.g(t);
        self.a.mov_rm_r(d, sh);
        self.a.shift_imm(Shift::Shl, d, 32 - c);
        let d = self.g(l);
        self.a.shrd_imm(d, sh, c);
        let d = self.g(h);
        let op = if arith { Shift::Sar } else { Shift::Shr };
        self.a.shift_imm(op, d, c);
    }

    /// `t = l >> (32-c); h = h << c | t; l = l << c`.
    pub(super) fn shl_pair(&mut self, h: u8, l: u8, t: u8, c: u8) {
        let sl = self.in_register(l);
        let d = self.g(t);
        self.a.mov_rm_r(d, sl);
        self.a.shift_imm(Shift::Shr, d, 32 - c);
        let d = self.g(h);
        self.a.shld_imm(d, sl, c);
        let d = self.g(l);
        self.a.shift_imm(Shift::Shl, d, c);
    }
}
