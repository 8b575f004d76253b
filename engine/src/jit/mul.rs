//! The compiler's i64 multiplies as one group: the general one when its scratch
//! results are dead, by a constant (its scratch `tp` computed when observable),
//! and the product of two words.
//!
//! The group is `mul t0, lo, bh; mul tp, hi, bl; add t0, t0, tp; mulhu tp,
//! lo, bl; add dh, t0, tp; mul dl, lo, bl` for the pairs (`lo`, `hi`) and
//! (`bl`, `bh`). Rivet's compiler builds the high word in `bh` itself
//! (`t0` = `dh` = `bh`, `tp` = `t0` the register, `dl` = `lo`), so that its one
//! scratch register dies at the next bounds check or comparison, which writes
//! it; a separate `t0` (older code) is accepted too. Translated one by one that
//! is twelve host instructions; when nothing can observe the scratch registers
//! (`tp`, and `t0` unless it is `dh`) afterwards ([`Tr::dead_after`]), the
//! group computes only `dh` and `dl`: the
//! cross products into `dh`'s host register, the full 64-bit `lo * bl` with one
//! `imul`, nine instructions when everything is pinned.
//!
//! A multiply by a constant (xxHash's and splitmix's primes: the compiler sets
//! both words of `b` with `lui/addi` right before the multiply) is one group of
//! ten instructions: `hi:lo` assembled in `rax`, one 64-bit `imul` by the
//! constant (`movabs`), the two words split back out; the constant's registers
//! are written only where the rest of the block can see them. Three `imul`s
//! become one. Its scratch `tp` (`mulhu lo, bl`) is often still observable
//! (a load follows before its next write, and a trap there shows the register
//! file): then one more `imul` computes it, by the constant's low word
//! sign-extended (`imul r64, r/m64, imm32`) with `lo` added back when that word's
//! top bit is set. Before, such a multiply ran as its six instructions, four
//! `imul`s.
//!
//! The product of two words (`mulhu h, a, b; mul l, a, b`, an i64 multiply
//! of values whose high words the compiler knows are zero: bignum's limbs) is
//! one 64-bit `imul` of the zero-extended words, both halves taken from it,
//! instead of a 64-bit `imul` for the high half and a second for the low one.
//!
//! Exactness: a value is observed only by a later read, or at a trap or exit
//! (the register file is part of a trap's outcome), or at the end of the block
//! (another block may read it). `dead_after` therefore asks for a write of the
//! register later in the same block, with no read of it, no memory access (it
//! may fault) but the loads and stores through a checked `sp` (which cannot,
//! see [`super::sp_reach`]; no write of sp between, whose check may hand the
//! run to the interpreter) and no control transfer before. A dynamic entry
//! between the group and that write reads nothing the group left out; one into
//! the middle of the group runs an out-of-line copy of the remaining
//! instructions, which writes everything (see [`super::idiom`]); so does the
//! ordinary copy of a planned region (see [`super::group`]).

use super::idiom::constant;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{Alu, Rm, Shift};
use rivet_format::rv32::{Inst, RegOp};

/// The registers of a recognised multiply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mul64 {
    pub lo: u8,
    pub hi: u8,
    pub bl: u8,
    pub bh: u8,
    pub t0: u8,
    pub tp: u8,
    pub dh: u8,
    pub dl: u8,
}

fn rr(inst: Inst, want: RegOp) -> Option<(u8, u8, u8)> {
    match inst {
        Inst::Reg { op, rd, rs1, rs2 } if op == want => Some((rd, rs1, rs2)),
        _ => None,
    }
}

/// The multiply at the start of `code`, if the group may read every source
/// first: each scratch or destination register is distinct from the sources
/// read after it is written (in the RV32 order), and `dh` from `dl` and `tp`
/// (`dh` may be `t0`: its final value is `dh`'s).
pub(super) fn recognise(code: &[Inst]) -> Option<Mul64> {
    let at = |k: usize| code.get(k).copied();
    let (t0, lo, bh) = rr(at(0)?, RegOp::Mul)?;
    let (tp, hi, bl) = rr(at(1)?, RegOp::Mul)?;
    let (dh, t0b, tpb) = rr(at(4)?, RegOp::Add)?;
    let (dl, lo2, bl2) = rr(at(5)?, RegOp::Mul)?;
    let m = Mul64 {
        lo,
        hi,
        bl,
        bh,
        t0,
        tp,
        dh,
        dl,
    };
    let ok = rr(at(2)?, RegOp::Add)? == (t0, t0, tp)
        && rr(at(3)?, RegOp::Mulhu)? == (tp, lo, bl)
        && (t0b, tpb, lo2, bl2) == (t0, tp, lo, bl)
        && [lo, hi, bl, bh, t0, tp, dh, dl].iter().all(|&r| r != 0)
        && t0 != tp
        && ![lo, hi, bl].contains(&t0)
        && ![lo, bl].contains(&tp)
        && ![lo, bl, dl, tp].contains(&dh)
        && ![t0, tp].contains(&dl);
    ok.then_some(m)
}

/// A multiply by a constant: the two words of `b` set right before it
/// (`lui/addi` each, in either order), then the multiply. Its sources `lo` and
/// `hi` are not `b`'s registers.
pub(super) fn recognise_by_constant(code: &[Inst]) -> Option<(Mul64, u64)> {
    let (r1, v1) = constant(code)?;
    let (r2, v2) = constant(code.get(2..)?)?;
    let m = recognise(code.get(4..)?)?;
    let b = match (r1, r2) {
        _ if (r1, r2) == (m.bl, m.bh) => (v2 as u64) << 32 | v1 as u64,
        _ if (r1, r2) == (m.bh, m.bl) => (v1 as u64) << 32 | v2 as u64,
        _ => return None,
    };
    let ok = m.bl != m.bh && ![m.bl, m.bh].contains(&m.lo) && ![m.bl, m.bh].contains(&m.hi);
    ok.then_some((m, b))
}

impl Tr<'_> {
    /// True if a group of `len` instructions from `i` that ends in the multiply
    /// `m` may be emitted as one: inside one block, not writing `sp`, and the
    /// multiply's scratch registers dead after it (`t0` unless it is `dh`).
    fn mul_fits(&self, i: usize, len: usize, m: &Mul64) -> bool {
        let last = i + len - 1;
        self.groupable(i, len)
            && (m.t0 == m.dh || self.dead_after(last, m.t0))
            && self.dead_after(last, m.tp)
    }

    /// True if guest register `r`'s value after instruction `i` can never be
    /// observed (see the module docs).
    pub(super) fn dead_after(&self, i: usize, r: u8) -> bool {
        let insts = self.module.insts();
        for (k, &inst) in insts.iter().enumerate().skip(i + 1) {
            if self.leaders[k] {
                return false;
            }
            // A load or store through a checked `sp` cannot fault, but the
            // check after a write of sp may hand the run to the interpreter
            // (`sp_reach`), which must find every register written.
            if self.sp.is_some() && super::stack::writes_sp(inst) {
                return false;
            }
            if !self.sp_proven(k)
                && !matches!(
                    inst,
                    Inst::Lui { .. } | Inst::Auipc { .. } | Inst::Imm { .. } | Inst::Reg { .. }
                )
            {
                return false;
            }
            let (rd, rs) = inst.registers();
            if rs.contains(&Some(r)) {
                return false;
            }
            if rd == Some(r) {
                self.rely_on_sp(i + 1..k + 1);
                return true;
            }
        }
        false
    }

    /// If the multiply starts at instruction `i` inside its block with dead
    /// scratch registers and a pinned `dh`: emits it (with a tail for dynamic
    /// entries into its middle when `dynamic`) and returns its length.
    pub(super) fn fuse_mul(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        if let Some(len) = self.fuse_mul_chain(i, dynamic) {
            return Some(len);
        }
        if let Some(len) = self.fuse_mul_by_constant(i, dynamic) {
            return Some(len);
        }
        if let Some(len) = self.fuse_mul_wide(i, dynamic) {
            return Some(len);
        }
        let insts = self.module.insts();
        let m = recognise(&insts[i..insts.len().min(i + 6)])?;
        let h = self.pins.get(m.dh)?;
        if !self.mul_fits(i, 6, &m) {
            return None;
        }
        self.reload_entry(i, dynamic);
        self.fwd = None;
        // rcx = lo * bh; h = hi * bl + rcx (h is neither lo nor bl).
        let src = self.g(m.lo);
        self.a.mov_r_rm(RCX, src);
        let src = self.g(m.bh);
        self.a.imul_r_rm(RCX, src);
        let src = self.g(m.hi);
        if src != Rm::Reg(h) {
            self.a.mov_r_rm(h, src);
        }
        let src = self.g(m.bl);
        self.a.imul_r_rm(h, src);
        self.a.alu_r_rm(super::x86::Alu::Add, h, Rm::Reg(RCX));
        // rax = lo * bl, all 64 bits (both zero-extended).
        let src = self.g(m.lo);
        self.a.mov_r_rm(RAX, src);
        let b = match self.g(m.bl) {
            Rm::Reg(b) => b,
            src => {
                self.a.mov_r_rm(RCX, src);
                RCX
            }
        };
        self.a.imul64_r_rm(RAX, Rm::Reg(b));
        // dl = the low word (every source was read); dh += the high word.
        let dst = self.g(m.dl);
        if dst != Rm::Reg(RAX) {
            self.a.mov_rm_r(dst, RAX);
        }
        self.a.shift64_imm(Shift::Shr, Rm::Reg(RAX), 32);
        self.a.alu_r_rm(super::x86::Alu::Add, h, Rm::Reg(RAX));
        self.end_group(i, 6, dynamic);
        Some(6)
    }
}

impl Tr<'_> {
    /// If a multiply by a constant (see [`recognise_by_constant`]) starts at
    /// instruction `i` inside its block with `t0` dead (or `dh`): emits it as
    /// one 64-bit `imul` by the constant and returns its length (10). The
    /// scratch word `tp` (`mulhu lo, bl`) is computed too when the rest of the
    /// block may see it (a later read, or a trap of a later access), with one
    /// more `imul`: a lane of xxHash whose accumulator lives in memory is
    /// followed by a load before `tp`'s next write. The constant's registers
    /// are still written unless the multiply's results overwrite them or they
    /// are dead after it.
    fn fuse_mul_by_constant(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        let insts = self.module.insts();
        let (m, b) = recognise_by_constant(&insts[i..insts.len().min(i + 10)])?;
        let last = i + 9;
        if !self.groupable(i, 10) || !(m.t0 == m.dh || self.dead_after(last, m.t0)) {
            return None;
        }
        self.reload_entry(i, dynamic);
        self.product_by_constant(&m, b, last);
        self.split_rax(false, m.dh, m.dl);
        self.end_group(i, 10, dynamic);
        Some(10)
    }

    /// The body of a multiply by the constant `b` ending at instruction `last`:
    /// `rax` = the 64-bit product of `hi:lo` and `b`, `tp` written when
    /// observable after `last`, and the constant's registers unless the results
    /// overwrite them or they are dead; `dl` and `dh` are left to the caller.
    pub(super) fn product_by_constant(&mut self, m: &Mul64, b: u64, last: usize) {
        let tp_live = !self.dead_after(last, m.tp);
        self.fwd = None;
        // rax = hi:lo (32-bit moves zero-extend), unless the last group left
        // that pair there (see `rax_pair`).
        if self.live_pair() != Some((m.lo, m.hi)) {
            let src = self.g(m.hi);
            self.a.mov_r_rm(RCX, src);
            self.a.shift64_imm(Shift::Shl, Rm::Reg(RCX), 32);
            let src = self.g(m.lo);
            self.a.mov_r_rm(RAX, src);
            self.a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(RCX));
        }
        if tp_live {
            self.mulhu_by_constant(m.tp, m.lo, b as u32);
        }
        self.a.mov64_r_imm(RCX, b);
        self.a.imul64_r_rm(RAX, Rm::Reg(RCX));
        // The constant's words first: the results (dl, dh and tp, distinct)
        // may overwrite them.
        for (r, v) in [(m.bl, b as u32), (m.bh, (b >> 32) as u32)] {
            if ![m.dl, m.dh, m.tp].contains(&r) && !self.dead_after(last, r) {
                self.set_imm(r, v);
            }
        }
    }

    /// `tp = mulhu(lo, c)` through `rcx` (lo is read before `tp` is written):
    /// one `imul` of the zero-extended `lo` by `c` sign-extended from 32 bits,
    /// whose high word is `mulhu(lo, c) - lo` when `c`'s top bit is set.
    fn mulhu_by_constant(&mut self, tp: u8, lo: u8, c: u32) {
        let src = self.g(lo);
        self.a.mov_r_rm(RCX, src);
        self.a.imul64_r_rm_imm(RCX, Rm::Reg(RCX), c as i32);
        self.a.shift64_imm(Shift::Shr, Rm::Reg(RCX), 32);
        if c >> 31 != 0 {
            let src = self.g(lo);
            self.a.alu_r_rm(Alu::Add, RCX, src);
        }
        self.store_from(tp, RCX);
    }
}

/// `mulhu h, a, b; mul l, a, b`, the compiler's product of two words (an i64
/// multiply of values whose high words are known zero): `(h, a, b, l)` when
/// `h` is neither source (so the `mul` reads what the `mulhu` read) and no
/// register is x0.
pub(super) fn recognise_wide(code: &[Inst]) -> Option<(u8, u8, u8, u8)> {
    let (h, a, b) = rr(*code.first()?, RegOp::Mulhu)?;
    let (l, a2, b2) = rr(*code.get(1)?, RegOp::Mul)?;
    let ok = (a2, b2) == (a, b) && ![a, b].contains(&h) && [h, a, b, l].iter().all(|&r| r != 0);
    ok.then_some((h, a, b, l))
}

impl Tr<'_> {
    /// If the product of two words (see [`recognise_wide`]) starts at
    /// instruction `i` inside its block: one 64-bit `imul` of the zero-extended
    /// words gives both halves (two separate multiplies before), and returns its
    /// length (2).
    fn fuse_mul_wide(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        let insts = self.module.insts();
        let (h, a, b, l) = recognise_wide(&insts[i..insts.len().min(i + 2)])?;
        if !self.groupable(i, 2) {
            return None;
        }
        self.reload_entry(i, dynamic);
        // `a` into rax first (rcx may mirror it), then `b` where it already is
        // when that is a register: pinned, or the rcx mirror. Both are
        // zero-extended, so the 64-bit `imul` multiplies the two words.
        let src = self.gr(a);
        self.a.mov_r_rm(RAX, src);
        let hb = match self.gr(b) {
            Rm::Reg(r) => r,
            m => {
                self.a.mov_r_rm(RCX, m);
                RCX
            }
        };
        self.fwd = None;
        self.a.imul64_r_rm(RAX, Rm::Reg(hb));
        // h first, then l: when they are one register the mul's write wins.
        // A pinned `h` takes the high half in place; else it goes through rcx,
        // which then mirrors `h` (unless `l` overwrites it).
        let hh = self.pins.get(h).unwrap_or(RCX);
        self.a.mov64_r_rm(hh, Rm::Reg(RAX));
        self.a.shift64_imm(Shift::Shr, Rm::Reg(hh), 32);
        if hh == RCX {
            self.set(h, RCX);
        }
        let dst = self.g(l);
        self.a.mov_rm_r(dst, RAX);
        self.wrote(l);
        self.end_group(i, 2, dynamic);
        Some(2)
    }
}
