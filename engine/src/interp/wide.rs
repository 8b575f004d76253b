//! Idiom ops: the compiler's i64 register-pair sequences (and its i32 rotate by a
//! constant) in one dispatch.
//!
//! Each handler computes what the instructions its op stands for compute (see
//! [`crate::fuse`]): it reads each source register once, computes in locals and
//! writes every register the sequence writes, in the sequence's order. That equals
//! running the steps one by one on the register file because the fuser fuses a
//! sequence only when no step reads a register an earlier step wrote (where it
//! would matter); running them on the file made every step wait for the store of
//! the one before. None of these instructions can trap. The handler then skips the
//! in-place ops after the fused one (the cursor already points just past it).
//!
//! Each takes the whole op (the dispatch arm already matched its tag, so after
//! inlining the `let ... else` below costs nothing) to keep the loop's arms one line.
//!
//! # Chains
//!
//! A few handlers then run the op at the cursor too when it is of the one kind that
//! follows them in the workloads (i64 not -> `and`, i32 rotate -> `xor`; two
//! constants -> i64 multiply in [`super::fused`]), saving its dispatch. This is exact for the same reasons as fusion: that op is
//! still in the same block (every block starts with an [`Op::Charge`], which no
//! chain accepts), so its gas is already paid; it is run whole, by its own handler
//! code, with its own span (checked in range like every op's); none of these ops
//! can trap; and it is traced where it runs, after the instructions before it. A
//! dynamic entry at that op simply dispatches it. Only ALU handlers chain: a chain
//! into a load or store duplicated the memory handlers inside the loop, and every
//! such attempt made all workloads 1-3% slower (the loop's registers spilled). Each
//! chain also moves the handlers (module docs of [`super`], "Alignment"): i64
//! multiply -> i64 add and i64 add -> i64 rotate saved host instructions but made
//! sort, sha256 and bignum 5-10% slower in time, so they are not in.

use super::alu::rr;
use super::alu::{and, xor};
use super::flow::Cursor;
use super::{Regs, Tracer};
use crate::op::Op;

impl Cursor<'_> {
    /// `add dl, al, bl; sltu t, dl, bl; add dh, ah, bh; add dh, dh, t`.
    #[inline(always)]
    pub(super) fn add64(&mut self, regs: &mut Regs, op: Op) {
        let Op::Add64 {
            dl,
            al,
            bl,
            t,
            dh,
            ah,
            bh,
        } = op
        else {
            return;
        };
        // Sources read once (`crate::fuse::add64`: no step reads a register
        // an earlier one wrote), results written in the sequence's order.
        let (a, b) = (regs[al as usize], regs[bl as usize]);
        let (hi_a, hi_b) = (regs[ah as usize], regs[bh as usize]);
        let low = a.wrapping_add(b);
        let carry = (low < b) as u32;
        regs[dl as usize] = low;
        regs[t as usize] = carry;
        regs[dh as usize] = hi_a.wrapping_add(hi_b).wrapping_add(carry);
        self.i += 3;
    }

    /// `sltu t, al, bl; sub dl, al, bl; sub dh, ah, bh; sub dh, dh, t`.
    #[inline(always)]
    pub(super) fn sub64(&mut self, regs: &mut Regs, op: Op) {
        let Op::Sub64 {
            t,
            al,
            bl,
            dl,
            dh,
            ah,
            bh,
        } = op
        else {
            return;
        };
        // `crate::fuse::sub64`: no step reads a register an earlier one wrote.
        let (a, b) = (regs[al as usize], regs[bl as usize]);
        let (hi_a, hi_b) = (regs[ah as usize], regs[bh as usize]);
        let borrow = (a < b) as u32;
        regs[t as usize] = borrow;
        regs[dl as usize] = a.wrapping_sub(b);
        regs[dh as usize] = hi_a.wrapping_sub(hi_b).wrapping_sub(borrow);
        self.i += 3;
    }

    /// `mul t0, al, bh; mul t1, ah, bl; add t0, t0, t1; mulhu t1, al, bl;
    /// add dh, t0, t1; mul al, al, bl`.
    #[inline(always)]
    pub(super) fn mul64(&mut self, regs: &mut Regs, op: Op) {
        let Op::Mul64 {
            t0,
            t1,
            al,
            ah,
            bl,
            bh,
            dh,
        } = op
        else {
            return;
        };
        // Sources read once (`crate::fuse::mul64`: no step reads a register an
        // earlier one wrote), results written in the sequence's order.
        let (a, a_hi) = (regs[al as usize], regs[ah as usize]);
        let (b, b_hi) = (regs[bl as usize], regs[bh as usize]);
        let cross = a.wrapping_mul(b_hi).wrapping_add(a_hi.wrapping_mul(b));
        let full = a as u64 * b as u64;
        let high = (full >> 32) as u32;
        regs[t0 as usize] = cross;
        regs[t1 as usize] = high;
        regs[dh as usize] = cross.wrapping_add(high);
        regs[al as usize] = full as u32;
        self.i += 5;
    }

    /// `slli nh, hi, k; srli t, lo, 32 - k; or nh, nh, t; slli lo, lo, k;
    /// srli t, hi, 32 - k; or lo, lo, t`.
    #[inline(always)]
    pub(super) fn rot64(&mut self, regs: &mut Regs, op: Op) {
        let Op::Rot64 { nh, hi, lo, t, k } = op else {
            return;
        };
        // Four distinct registers (`crate::fuse::rot64`): sources read once.
        let (h, l) = (regs[hi as usize], regs[lo as usize]);
        let (k, r) = (k as u32, 32 - k as u32);
        regs[nh as usize] = h << k | l >> r;
        regs[t as usize] = h >> r;
        regs[lo as usize] = l << k | h >> r;
        self.i += 5;
    }

    /// `slli t, a, k; srli d, a, 32 - k; or d, d, t`, then the `xor` right after it
    /// if there is one (sha256's sigma functions xor rotations together), traced
    /// where it runs.
    #[inline(always)]
    pub(super) fn rot32<T: Tracer>(&mut self, regs: &mut Regs, tracer: &mut T, op: Op) {
        let Op::Rot32 { d, a, t, k } = op else {
            return;
        };
        // `t` is neither `a` nor `d` (`crate::fuse::rot32`): `a` read once.
        let v = regs[a as usize];
        let k = k as u32;
        regs[t as usize] = v << k;
        regs[d as usize] = v.rotate_left(k);
        self.i += 2;
        if let Op::Xor { rd, rs1, rs2 } = self.next_op() {
            if T::ON {
                self.trace(tracer, self.i, 1);
            }
            rr(regs, rd, rs1, rs2, xor);
            self.i += 1;
        }
    }

    /// `xori x, s, 31; sll a, h, s; srli t, l, 1; srl t, t, x; or a, a, t;
    /// sll l, l, s; srli t, h, 1; srl t, t, x; or l, l, t; addi h, a, 0`.
    #[inline(always)]
    pub(super) fn rotv64(&mut self, regs: &mut Regs, op: Op) {
        let Op::RotV64 { x, s, a, h, t, l } = op else {
            return;
        };
        // Six distinct registers (`crate::fuse::rotv64`): sources read once.
        let (amount, hv, lv) = (regs[s as usize], regs[h as usize], regs[l as usize]);
        let (k, back) = (amount & 31, (amount ^ 31) & 31);
        let high = hv << k | (lv >> 1) >> back;
        regs[x as usize] = amount ^ 31;
        regs[a as usize] = high;
        regs[t as usize] = (hv >> 1) >> back;
        regs[l as usize] = lv << k | (hv >> 1) >> back;
        regs[h as usize] = high;
        self.i += 9;
    }

    /// `add dl, al, bl; sltu t, dl, bl; add dh, ah, t`.
    #[inline(always)]
    pub(super) fn add64z(&mut self, regs: &mut Regs, op: Op) {
        let Op::Add64Z {
            dl,
            al,
            bl,
            t,
            dh,
            ah,
        } = op
        else {
            return;
        };
        // `crate::fuse::add_carry`: no step reads a register an earlier one wrote.
        let (b, hi_a) = (regs[bl as usize], regs[ah as usize]);
        let low = regs[al as usize].wrapping_add(b);
        let carry = (low < b) as u32;
        regs[dl as usize] = low;
        regs[t as usize] = carry;
        regs[dh as usize] = hi_a.wrapping_add(carry);
        self.i += 2;
    }

    /// `add dl, al, bl; sltu t, dl, bl`.
    #[inline(always)]
    pub(super) fn add_carry(&mut self, regs: &mut Regs, op: Op) {
        let Op::AddCarry { dl, al, bl, t } = op else {
            return;
        };
        // `dl` is not `bl` (`crate::fuse::add_carry`): `bl` read once.
        let b = regs[bl as usize];
        let low = regs[al as usize].wrapping_add(b);
        regs[dl as usize] = low;
        regs[t as usize] = (low < b) as u32;
        self.i += 1;
    }

    /// `mulhu h, a, b; mul l, a, b`.
    #[inline(always)]
    pub(super) fn mul_wide(&mut self, regs: &mut Regs, op: Op) {
        let Op::MulWide { h, a, b, l } = op else {
            return;
        };
        // `h` is neither source (`crate::fuse::mul_wide`): both read once.
        let full = regs[a as usize] as u64 * regs[b as usize] as u64;
        regs[h as usize] = (full >> 32) as u32;
        regs[l as usize] = full as u32;
        self.i += 1;
    }

    /// `addi t, x0, -1; xor a, b, t; addi t, x0, -1; xor c, d, t`.
    /// Then up to two `and`s right after it, each traced where it runs.
    #[inline(always)]
    pub(super) fn not64<T: Tracer>(&mut self, regs: &mut Regs, tracer: &mut T, op: Op) {
        let Op::Not64 { t, a, b, c, d } = op else {
            return;
        };
        regs[t as usize] = u32::MAX;
        rr(regs, a, b, t, xor);
        regs[t as usize] = u32::MAX;
        rr(regs, c, d, t, xor);
        self.i += 3;
        // keccak's chi step ands the result into a pair next: run those `and`s
        // here too (plain ops of the same block, each still in place).
        for _ in 0..2 {
            let Op::And { rd, rs1, rs2 } = self.next_op() else {
                return;
            };
            if T::ON {
                self.trace(tracer, self.i, 1);
            }
            rr(regs, rd, rs1, rs2, and);
            self.i += 1;
        }
    }

    /// `lui rd, hi` (+ `addi rd, rd, lo`, folded into `imm`) + `add rd, rs1, rd`.
    #[inline(always)]
    pub(super) fn li_add(&mut self, regs: &mut Regs, op: Op) {
        let (Op::LiAdd { rd, rs1, skip, imm } | Op::LiAddChk { rd, rs1, skip, imm }) = op else {
            return;
        };
        // `rs1` is not `rd` (`crate::fuse::li_add`).
        regs[rd as usize] = regs[rs1 as usize].wrapping_add(imm);
        self.i += skip as usize;
    }
}
