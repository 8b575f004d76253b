//! An xxHash round as one group: an i64 multiply by a constant whose product
//! is then accumulated (an i64 add) and, often, rotated left by a constant,
//! computed in `rax` from the multiply to the rotate.
//!
//! The compiler emits the round `acc = rotl(acc + input * P2, 31) * P1` as
//! three of the idioms [`super::mul`] and [`super::idiom`] fuse: the multiply
//! by a constant (`lui/addi` twice, then six instructions), up to two loads of
//! the accumulator's words from frame slots (`lw bl, o(sp)`, `lw bh, o+4(sp)`),
//! the add with carry of that pair into the product's (`add dl, dl, bl; sltu t,
//! dl, bl; add dh, dh, bh; add dh, dh, t`) and the rotate of the sum (`slli nh,
//! dh, k; ...`, `lo` = `dl`, `hi` = `dh`). Fused one by one, each group leaves
//! its two words in guest registers and the next assembles them again: the
//! product split (three instructions), the add and adc (two), the pair put back
//! into `rax` for the rotate (three). Here the product stays in `rax`, the
//! accumulator is added to it as one 64-bit word (straight from its two frame
//! slots when the loads read them next to each other), and the sum is rotated
//! there: four to five instructions instead of eight, and the round's
//! dependency chain `imul -> add -> rol -> imul` has no split or assembly in it.
//!
//! Exactness: the product's words and the sum's low word are not written to
//! their registers, since the group overwrites them before anything can read
//! them. Nothing in the group can trap: the loads go through a checked `sp`
//! ([`super::sp_reach`], relied on here), everything else is arithmetic, and
//! the group lies inside one block. Every other register the sequence writes
//! gets its final value: the loads' registers, the multiply's scratch `tp` and
//! constant words (as [`Tr::product_by_constant`] decides), the sum's high
//! word and the rotate's scratch when observable ([`Tr::dead_after`]), the
//! rotated pair. The add's carry register must be dead. A dynamic entry into
//! the middle runs the remaining instructions one by one ([`Tr::end_group`]).

use super::access::mem_sum;
use super::idiom::{self, Idiom};
use super::mul::{recognise_by_constant, Mul64};
use super::rax_pair::adjacent_pair;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{Alu, Rm, Shift};
use rivet_format::rv32::{Inst, LoadOp};

/// The stack pointer.
const SP: u8 = rivet_format::abi::reg::SP;

/// A recognised round (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Chain {
    /// The multiply (its `dl`, `dh` are the add's `a` and `d`).
    pub m: Mul64,
    /// The constant multiplied by.
    pub c: u64,
    /// The loads through `sp` between multiply and add: `(rd, offset)`.
    pub loads: [Option<(u8, i32)>; 2],
    /// The accumulator added: `(low, high)` registers.
    pub b: (u8, u8),
    /// The add's carry register.
    pub t: u8,
    /// The rotate of the sum, if it follows: `(nh, t, k)`.
    pub rot: Option<(u8, u8, u8)>,
}

impl Chain {
    /// The number of guest instructions.
    pub fn len(&self) -> usize {
        10 + self.loads.iter().flatten().count() + 4 + if self.rot.is_some() { 6 } else { 0 }
    }

    /// Index (from the group's first) of the add's last instruction.
    fn add_last(&self) -> usize {
        10 + self.loads.iter().flatten().count() + 3
    }

    /// The frame offset of the accumulator's low word when the loads read both
    /// of its words from adjacent slots (low first in memory).
    fn adjacent(&self) -> Option<i32> {
        let [Some(x), Some(y)] = self.loads else {
            return None;
        };
        adjacent_pair(x, y, self.b)
    }
}

/// The round at the start of `code`, if it begins with one (see the module
/// docs): the product's words are read only by the add, which writes them
/// back (`d` = `a` = (`dl`, `dh`)), and the rotate, if any, rotates the sum.
pub(super) fn recognise(code: &[Inst]) -> Option<Chain> {
    let (m, c) = recognise_by_constant(code)?;
    let mut loads = [None; 2];
    let mut j = 10;
    for slot in &mut loads {
        match code.get(j) {
            Some(&Inst::Load {
                op: LoadOp::Lw,
                rd,
                rs1: SP,
                offset,
            }) if rd != 0 && rd != SP && rd != m.dl && rd != m.dh => {
                *slot = Some((rd, offset));
                j += 1;
            }
            _ => break,
        }
    }
    let Idiom::Carry {
        sub: false,
        d,
        a,
        b,
        t,
        len: 4,
    } = idiom::recognise(code.get(j..)?)?
    else {
        return None;
    };
    let pair = (m.dl, m.dh);
    let ok = d == pair && a == pair && ![b.0, b.1].iter().any(|r| [0, m.dl, m.dh].contains(r));
    if !ok {
        return None;
    }
    let rot = match code.get(j + 4..).and_then(idiom::recognise) {
        Some(Idiom::Rotl { nh, hi, lo, t, k }) if (lo, hi) == pair => Some((nh, t, k)),
        _ => None,
    };
    Some(Chain {
        m,
        c,
        loads,
        b,
        t,
        rot,
    })
}

impl Tr<'_> {
    /// If a round (see the module docs) starts at instruction `i` inside its
    /// block, with `sp` and the loads' registers pinned, the loads through a
    /// checked `sp`, the multiply's `t0` (unless it is `dh`) and the add's carry
    /// dead: emits it as one group and returns its length.
    pub(super) fn fuse_mul_chain(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        let insts = self.module.insts();
        let ch = recognise(&insts[i..insts.len().min(i + 22)])?;
        let len = ch.len();
        let (m, end) = (ch.m, i + len - 1);
        let hs = self.pins.get(SP)?;
        let loads: Vec<(usize, u8, u8, i32)> = ch
            .loads
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, &(rd, off))| Some((i + 10 + k, rd, self.pins.get(rd)?, off)))
            .collect::<Option<_>>()?;
        let ok = self.groupable(i, len)
            && loads
                .iter()
                .all(|&(j, ..)| self.sp_proven(j) && !self.checked(j))
            && (m.t0 == m.dh || self.dead_after(i + 9, m.t0))
            && self.dead_after(i + ch.add_last(), ch.t);
        if !ok {
            return None;
        }
        self.reload_entry(i, dynamic);
        self.product_by_constant(&m, ch.c, i + 9);
        // The loads, in their order (a later write of the same register wins).
        for &(j, rd, h, off) in &loads {
            self.rely_on_sp(j..j + 1);
            self.a.mov_r_rm(h, mem_sum(hs, off));
            self.wrote(rd);
        }
        // rax += bh:bl, from the two slots when they are adjacent.
        if let Some(off) = ch.adjacent() {
            self.a.alu64_r_rm(Alu::Add, RAX, mem_sum(hs, off));
        } else {
            let src = self.g(ch.b.1);
            self.a.mov_r_rm(RCX, src);
            self.a.shift64_imm(Shift::Shl, Rm::Reg(RCX), 32);
            self.a.alu64_r_rm(Alu::Add, RAX, Rm::Reg(RCX));
            let low = match self.g(ch.b.0) {
                Rm::Reg(h) => h,
                src => {
                    self.a.mov_r_rm(RCX, src);
                    RCX
                }
            };
            self.a.alu64_r_rm(Alu::Add, RAX, Rm::Reg(low));
        }
        match ch.rot {
            None => self.split_rax(false, m.dh, m.dl),
            Some((nh, t, k)) => {
                // The sum's high word stays in dh (the rotate writes nh), and
                // t = dh >> (32 - k), the top k bits of the sum.
                for (r, shift) in [(m.dh, 32), (t, 64 - k)] {
                    if !self.dead_after(end, r) {
                        self.rax_shifted_into(r, shift);
                    }
                }
                self.a.shift64_imm(Shift::Rol, Rm::Reg(RAX), k);
                self.split_rax(false, nh, m.dl);
                self.wrote(nh);
            }
        }
        self.wrote(m.dl);
        self.wrote(m.dh);
        self.fwd = None;
        self.end_group(i, len, dynamic);
        Some(len)
    }

    /// Guest `r` = `rax >> shift` (64-bit; at most 32 bits remain), in `r`'s
    /// pinned register or through `rcx`; `rax` is left as it was.
    fn rax_shifted_into(&mut self, r: u8, shift: u8) {
        let h = self.dst(r, RCX);
        self.a.mov64_r_rm(h, Rm::Reg(RAX));
        self.a.shift64_imm(Shift::Shr, Rm::Reg(h), shift);
        self.store_from(r, h);
        self.wrote(r);
    }
}
