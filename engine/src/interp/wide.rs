//! Idiom ops: the compiler's i64 register-pair sequences (and its i32 rotate by a
//! constant) in one dispatch.
//!
//! Each handler runs exactly the instructions its op stands for (see
//! [`crate::fuse`]), in their order, reading and writing the register file between
//! steps, so any aliasing among the registers gives the same result as the original
//! code. None of these instructions can trap. The handler then skips the in-place
//! ops after the fused one (the cursor already points just past it).
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

use super::alu::{and, mulhu, or, sll, sltu, srl, xor};
use super::alu::{ri, rr};
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
        rr(regs, dl, al, bl, u32::wrapping_add);
        rr(regs, t, dl, bl, sltu);
        rr(regs, dh, ah, bh, u32::wrapping_add);
        rr(regs, dh, dh, t, u32::wrapping_add);
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
        rr(regs, t, al, bl, sltu);
        rr(regs, dl, al, bl, u32::wrapping_sub);
        rr(regs, dh, ah, bh, u32::wrapping_sub);
        rr(regs, dh, dh, t, u32::wrapping_sub);
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
        rr(regs, t0, al, bh, u32::wrapping_mul);
        rr(regs, t1, ah, bl, u32::wrapping_mul);
        rr(regs, t0, t0, t1, u32::wrapping_add);
        rr(regs, t1, al, bl, mulhu);
        rr(regs, dh, t0, t1, u32::wrapping_add);
        rr(regs, al, al, bl, u32::wrapping_mul);
        self.i += 5;
    }

    /// `slli nh, hi, k; srli t, lo, 32 - k; or nh, nh, t; slli lo, lo, k;
    /// srli t, hi, 32 - k; or lo, lo, t`.
    #[inline(always)]
    pub(super) fn rot64(&mut self, regs: &mut Regs, op: Op) {
        let Op::Rot64 { nh, hi, lo, t, k } = op else {
            return;
        };
        let (k, r) = (k as i32, 32 - k as i32);
        ri(regs, nh, hi, k, sll);
        ri(regs, t, lo, r, srl);
        rr(regs, nh, nh, t, or);
        ri(regs, lo, lo, k, sll);
        ri(regs, t, hi, r, srl);
        rr(regs, lo, lo, t, or);
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
        let (k, r) = (k as i32, 32 - k as i32);
        ri(regs, t, a, k, sll);
        ri(regs, d, a, r, srl);
        rr(regs, d, d, t, or);
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
        ri(regs, x, s, 31, xor);
        rr(regs, a, h, s, sll);
        ri(regs, t, l, 1, srl);
        rr(regs, t, t, x, srl);
        rr(regs, a, a, t, or);
        rr(regs, l, l, s, sll);
        ri(regs, t, h, 1, srl);
        rr(regs, t, t, x, srl);
        rr(regs, l, l, t, or);
        ri(regs, h, a, 0, u32::wrapping_add);
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
        rr(regs, dl, al, bl, u32::wrapping_add);
        rr(regs, t, dl, bl, sltu);
        rr(regs, dh, ah, t, u32::wrapping_add);
        self.i += 2;
    }

    /// `add dl, al, bl; sltu t, dl, bl`.
    #[inline(always)]
    pub(super) fn add_carry(&mut self, regs: &mut Regs, op: Op) {
        let Op::AddCarry { dl, al, bl, t } = op else {
            return;
        };
        rr(regs, dl, al, bl, u32::wrapping_add);
        rr(regs, t, dl, bl, sltu);
        self.i += 1;
    }

    /// `mulhu h, a, b; mul l, a, b`.
    #[inline(always)]
    pub(super) fn mul_wide(&mut self, regs: &mut Regs, op: Op) {
        let Op::MulWide { h, a, b, l } = op else {
            return;
        };
        rr(regs, h, a, b, mulhu);
        rr(regs, l, a, b, u32::wrapping_mul);
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
        let Op::LiAdd { rd, rs1, skip, imm } = op else {
            return;
        };
        regs[rd as usize] = imm;
        rr(regs, rd, rs1, rd, u32::wrapping_add);
        self.i += skip as usize;
    }
}
