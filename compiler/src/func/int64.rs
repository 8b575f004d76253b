//! i64 arithmetic on register pairs (low, high): add/sub with carries, shifts and
//! rotates by constant and variable amounts, comparisons, and `select`; multiply and
//! divide go to engine helpers.

use super::ops::{konst, Bin};
use super::{FuncCtx, I64Record, Loc, Popped};
use crate::asm::{T0, T1, ZERO};
use rivet_format::abi::Helper;
use rivet_format::package::ValType;
use rivet_format::rv32::{BranchOp, ImmOp, Reg, RegOp};

impl FuncCtx<'_> {
    pub fn i64_bin(&mut self, op: Bin) {
        let b = self.vals.pop();
        let a = self.vals.pop();
        if self.i64_bin_zx(op, a, b) {
            return;
        }
        if matches!(op, Bin::Shl | Bin::ShrS | Bin::ShrU | Bin::Rotl | Bin::Rotr) {
            let (l, h) = self.owned_pair(a);
            if let Some(c) = konst(&b) {
                self.shift64_const(op, l, h, (c & 63) as i32);
            } else {
                let rb = self.owned_reg(b);
                self.shift64_var(op, l, h, rb);
                self.vals.free_reg(rb);
            }
            return;
        }
        if matches!(op, Bin::Add | Bin::Sub | Bin::And | Bin::Or | Bin::Xor) {
            // A pinned local is read in place into fresh registers (no copy first).
            if let Loc::Local(i) = a.val.loc {
                if let Some(src) = self.vals.locals[i as usize].pin {
                    let dl = self.alloc();
                    let dh = self.alloc();
                    self.i64_simple(op, (dl, dh), src, b);
                    return;
                }
            }
            let (al, ah) = self.owned_pair(a);
            if matches!(op, Bin::And | Bin::Or | Bin::Xor) {
                self.bitwise_keeping_words(op, (al, ah), b);
            } else {
                self.i64_simple(op, (al, ah), (al, ah), b);
            }
            return;
        }
        let (al, ah) = self.owned_pair(a);
        let (bl, bh) = self.owned_pair(b);
        if op == Bin::Mul {
            self.i64_mul((al, ah), (bl, bh));
            return;
        }
        use RegOp as R;
        // Add, sub, and, or and xor returned above (`i64_simple`).
        match op {
            Bin::DivS | Bin::DivU | Bin::RemS | Bin::RemU => {
                let helper = match op {
                    Bin::DivS => Helper::I64DivS,
                    Bin::DivU => Helper::I64DivU,
                    Bin::RemS => Helper::I64RemS,
                    _ => Helper::I64RemU,
                };
                self.helper(helper, &[al, ah, al, ah, bl, bh]);
            }
            Bin::Eq | Bin::Ne => {
                self.emit.asm.reg(R::Xor, al, al, bl);
                self.emit.asm.reg(R::Xor, ah, ah, bh);
                self.emit.asm.reg(R::Or, al, al, ah);
                if op == Bin::Eq {
                    self.emit.asm.imm(ImmOp::Sltiu, al, al, 1);
                } else {
                    self.emit.asm.reg(R::Sltu, al, ZERO, al);
                }
            }
            _ => {
                debug_assert!(op.is_compare());
                // lt(x, y) = x.hi < y.hi || (x.hi == y.hi && x.lo <u y.lo)
                let signed = matches!(op, Bin::LtS | Bin::GtS | Bin::LeS | Bin::GeS);
                let swap = matches!(op, Bin::GtS | Bin::GtU | Bin::LeS | Bin::LeU);
                let (xl, xh, yl, yh) = if swap {
                    (bl, bh, al, ah)
                } else {
                    (al, ah, bl, bh)
                };
                let hop = if signed { R::Slt } else { R::Sltu };
                self.emit.asm.reg(hop, T0, xh, yh);
                self.emit.asm.reg(R::Xor, T1, xh, yh);
                self.emit.asm.imm(ImmOp::Sltiu, T1, T1, 1);
                self.emit.asm.reg(R::Sltu, al, xl, yl);
                self.emit.asm.reg(R::And, al, al, T1);
                self.emit.asm.reg(R::Or, al, al, T0);
                if matches!(op, Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU) {
                    self.emit.asm.imm(ImmOp::Xori, al, al, 1);
                }
            }
        }
        self.vals.free_reg(bl);
        self.vals.free_reg(bh);
        if op.is_compare() {
            self.vals.free_reg(ah);
            self.vals.push(ValType::I32, Loc::Reg(al));
        } else {
            self.vals.push(ValType::I64, Loc::Pair(al, ah));
        }
    }

    /// i64 and, or, xor of `a` in owned registers that hold a frame word the
    /// slot cache knows (a local's value, read from the cache or just loaded,
    /// or left by a `local.tee`): the result goes to two spare registers, so the
    /// local's words stay in registers for its next read instead of being
    /// overwritten and loaded again. In place, as before, without two spare
    /// registers (no spill and no other cached word lost for it).
    fn bitwise_keeping_words(&mut self, op: Bin, (al, ah): (Reg, Reg), b: Popped) {
        let keeps = self.keeps_word(al) || self.keeps_word(ah);
        if !keeps || self.spare_regs().count_ones() < 2 {
            self.i64_simple(op, (al, ah), (al, ah), b);
            return;
        }
        let dl = self.alloc();
        let dh = self.alloc();
        self.i64_simple(op, (dl, dh), (al, ah), b);
        self.vals.free_reg(al);
        self.vals.free_reg(ah);
    }

    /// A register holding word `hi` of the i64 `b` for reading: its own register,
    /// a pinned local's, x0 for zero, or T1 loaded now (so `b` needs no pool
    /// registers: i64 code on RV32 is short of them).
    fn word_reg(&mut self, b: Popped, hi: bool) -> Reg {
        let pick = |l: Reg, h: Reg| if hi { h } else { l };
        match b.val.loc {
            Loc::Pair(l, h) => pick(l, h),
            Loc::Local(i) if self.vals.locals[i as usize].pin.is_some() => {
                let (l, h) = self.vals.locals[i as usize].pin.expect("pinned");
                pick(l, h)
            }
            Loc::Const(c) if (if hi { c >> 32 } else { c & 0xffff_ffff }) == 0 => ZERO,
            _ => {
                self.load_word(T1, b.val, b.depth, hi);
                T1
            }
        }
    }

    /// i64 mul of the owned pairs `a` and `b`. The high word is built in `bh`
    /// (read once, first) and the result is (al, bh): one scratch register,
    /// T0, which the next bounds check or compare overwrites. With a second
    /// scratch left live after the multiply (into the next branch, say) the
    /// recompiler could not fuse it (`engine/src/jit/mul.rs`).
    fn i64_mul(&mut self, (al, ah): (Reg, Reg), (bl, bh): (Reg, Reg)) {
        use RegOp as R;
        self.emit.asm.reg(R::Mul, bh, al, bh);
        self.emit.asm.reg(R::Mul, T0, ah, bl);
        self.emit.asm.reg(R::Add, bh, bh, T0);
        self.emit.asm.reg(R::Mulhu, T0, al, bl);
        self.emit.asm.reg(R::Add, bh, bh, T0);
        self.emit.asm.reg(R::Mul, al, al, bl);
        self.vals.free_reg(ah);
        self.vals.free_reg(bl);
        self.vals.push(ValType::I64, Loc::Pair(al, bh));
    }

    /// The second operand of an i64 add or sub, loaded into two free pool
    /// registers first when its words would otherwise be loaded one at a time
    /// into the scratch register *between* the four instructions (a frame-slot
    /// local, a spilled value, a constant with a non-zero high word). The same
    /// instructions in another order: `add`, `sltu`, `add`, `add` (or the `sub`
    /// form) then stay contiguous, the shape both engines run as one (`Add64`,
    /// `Sub64`, the recompiler's `add`/`adc`), and the loads before it no longer
    /// stand between a multiply and the write that ends its scratch register.
    /// Left as it is when fewer than two pool registers are free (no spill for it).
    fn carry_operand(&mut self, op: Bin, b: Popped) -> Popped {
        if !matches!(op, Bin::Add | Bin::Sub) {
            return b;
        }
        match b.val.loc {
            Loc::Pair(..) => return b,
            Loc::Local(i) if self.vals.locals[i as usize].pin.is_some() => return b,
            Loc::Const(c) if c >> 32 == 0 => return b,
            _ => {}
        }
        if (self.vals.free & self.vals.pool).count_ones() < 2 {
            return b;
        }
        let (l, h) = self.owned_pair(b);
        Popped {
            val: super::Val {
                ty: ValType::I64,
                loc: Loc::Pair(l, h),
            },
            depth: b.depth,
        }
    }

    /// i64 add, sub, and, or, xor of `a` (in registers `src`) and `b` into the
    /// owned registers `dst` (the same as `src` or fresh ones); `b` is read word by
    /// word without taking pool registers.
    fn i64_simple(&mut self, op: Bin, dst: (Reg, Reg), src: (Reg, Reg), b: Popped) {
        use RegOp as R;
        let b = self.carry_operand(op, b);
        let start = self.emit.asm.code.len();
        let ((dl, dh), (al, ah)) = (dst, src);
        if matches!(op, Bin::And | Bin::Or | Bin::Xor) {
            self.bitwise_words(op, (dl, al, false), b);
            self.bitwise_words(op, (dh, ah, true), b);
            return self.finish_simple(op, start, dst, src, b);
        }
        let bl = self.word_reg(b, false);
        match op {
            Bin::Add => {
                self.emit.asm.reg(R::Add, dl, al, bl);
                self.emit.asm.reg(R::Sltu, T0, dl, bl);
                let bh = self.word_reg(b, true);
                self.emit.asm.reg(R::Add, dh, ah, bh);
                self.emit.asm.reg(R::Add, dh, dh, T0);
            }
            _ => {
                debug_assert_eq!(op, Bin::Sub);
                self.emit.asm.reg(R::Sltu, T0, al, bl);
                self.emit.asm.reg(R::Sub, dl, al, bl);
                let bh = self.word_reg(b, true);
                self.emit.asm.reg(R::Sub, dh, ah, bh);
                self.emit.asm.reg(R::Sub, dh, dh, T0);
            }
        }
        self.finish_simple(op, start, dst, src, b);
    }

    /// One word of an i64 and, or, xor: `d = a op word(b)`, with an immediate
    /// when that word of a constant `b` is non-zero and fits 12 signed bits
    /// (`xori d, a, -1` for the i64 not, where a register constant would take
    /// an `addi` per word).
    fn bitwise_words(&mut self, op: Bin, (d, a, hi): (Reg, Reg, bool), b: Popped) {
        if let Loc::Const(c) = b.val.loc {
            let w = if hi { (c >> 32) as i32 } else { c as i32 };
            if w != 0 && (-2048..2048).contains(&w) {
                let iop = match op {
                    Bin::And => ImmOp::Andi,
                    Bin::Or => ImmOp::Ori,
                    _ => ImmOp::Xori,
                };
                self.emit.asm.imm(iop, d, a, w);
                return;
            }
        }
        let rop = match op {
            Bin::And => RegOp::And,
            Bin::Or => RegOp::Or,
            _ => RegOp::Xor,
        };
        let r = self.word_reg(b, hi);
        self.emit.asm.reg(rop, d, a, r);
    }

    /// Frees `b`'s registers, pushes the result and records the operation for
    /// [`Self::set_in_place`].
    fn finish_simple(
        &mut self,
        op: Bin,
        start: usize,
        dst: (Reg, Reg),
        src: (Reg, Reg),
        b: Popped,
    ) {
        let (dl, dh) = dst;
        if let Loc::Pair(l, h) = b.val.loc {
            self.vals.free_reg(l);
            self.vals.free_reg(h);
        }
        self.vals.push(ValType::I64, Loc::Pair(dl, dh));
        self.vals.last_i64 = Some(I64Record {
            op,
            start,
            end: self.emit.asm.code.len(),
            dst,
            src,
            b,
        });
    }

    /// `local.set` of the i64 `p` (just popped) into pinned local `i`: when `p` is
    /// the result of the last [`Self::i64_simple`] and one of its operands was
    /// local `i` itself (the first, or the second of a commutative operator),
    /// emits the operation again as `local op= other` on the local's registers:
    /// no moves after it, and the in-place shape the engines fuse. Returns false
    /// without any effect otherwise.
    pub(super) fn set_in_place(&mut self, i: u32, p: &Popped) -> bool {
        let Some(rec) = self.vals.last_i64 else {
            return false;
        };
        let Some((lo, hi)) = self.vals.locals[i as usize].pin else {
            return false;
        };
        if rec.end != self.emit.asm.code.len() || p.val.loc != Loc::Pair(rec.dst.0, rec.dst.1) {
            return false;
        }
        let commutes = matches!(rec.op, Bin::Add | Bin::And | Bin::Or | Bin::Xor);
        if rec.src != (lo, hi) && !self.meets(rec.src, &rec.b, (lo, hi)) {
            // `a op b`, neither in the local's registers: the operation again,
            // straight into them (no moves after it); `a`'s and the result's
            // registers are free once it has read them.
            self.emit.asm.code.truncate(rec.start);
            self.vals.cache.rewind(rec.start);
            self.i64_simple(rec.op, (lo, hi), rec.src, rec.b);
            for r in [rec.src.0, rec.src.1, rec.dst.0, rec.dst.1] {
                self.vals.free_reg(r);
            }
            self.vals.stack.pop();
            self.vals.last_i64 = None;
            return true;
        }
        let other = if rec.src == (lo, hi) && rec.b.val.loc != Loc::Local(i) {
            // `local op b`: the result registers were fresh ones.
            self.vals.free_reg(rec.dst.0);
            self.vals.free_reg(rec.dst.1);
            rec.b
        } else if commutes && rec.b.val.loc == Loc::Local(i) && rec.src != (lo, hi) {
            // `a op local`, `a` in registers other than the local's: owned ones
            // (that held the result, or whose frame word the result's fresh
            // registers kept) or another pinned local's. They are the other
            // operand again (owned ones freed by `i64_simple`); the result took
            // `a`'s depth.
            if rec.src != rec.dst {
                self.vals.free_reg(rec.dst.0);
                self.vals.free_reg(rec.dst.1);
            }
            Popped {
                val: super::Val {
                    ty: ValType::I64,
                    loc: Loc::Pair(rec.src.0, rec.src.1),
                },
                depth: p.depth,
            }
        } else {
            return false;
        };
        self.emit.asm.code.truncate(rec.start);
        self.vals.cache.rewind(rec.start);
        self.i64_simple(rec.op, (lo, hi), (lo, hi), other);
        // The local's registers are not the pool's: dropped, not freed.
        self.vals.stack.pop();
        self.vals.last_i64 = None;
        true
    }

    /// True if the operation's first operand registers `src` or its second operand
    /// `b` use one of the registers `(lo, hi)` (writing them first would change
    /// an input).
    fn meets(&self, src: (Reg, Reg), b: &Popped, (lo, hi): (Reg, Reg)) -> bool {
        let regs = match b.val.loc {
            Loc::Pair(l, h) => [l, h],
            Loc::Reg(r) => [r, r],
            Loc::Local(j) => match self.vals.locals[j as usize].pin {
                Some((l, h)) => [l, h],
                None => [ZERO, ZERO],
            },
            _ => [ZERO, ZERO],
        };
        [src.0, src.1, regs[0], regs[1]]
            .iter()
            .any(|&r| r != ZERO && (r == lo || r == hi))
    }

    /// 64-bit shifts and rotations by the amount in `rb` (clobbered by rotr),
    /// inline: one branch on bit 5 of the amount, then straight-line 32-bit
    /// shifts, which read only the low five bits of their amount register.
    fn shift64_var(&mut self, op: Bin, l: Reg, h: Reg, rb: Reg) {
        use ImmOp as I;
        use RegOp as R;
        if matches!(op, Bin::Rotl | Bin::Rotr) {
            let x = self.alloc();
            if op == Bin::Rotr {
                self.emit.asm.reg(R::Sub, rb, ZERO, rb);
            }
            // Rotating by 32 or more: swap the halves, then rotate by n & 31.
            self.emit.asm.imm(I::Andi, T0, rb, 32);
            self.emit.asm.branch(BranchOp::Beq, T0, ZERO, 16);
            self.emit.asm.mv(T1, l);
            self.emit.asm.mv(l, h);
            self.emit.asm.mv(h, T1);
            // x = 31 - k in its low five bits; `(v >> 1) >> x` is `v >> (32 - k)`
            // without the undefined shift by 32 when k = 0.
            self.emit.asm.imm(I::Xori, x, rb, 31);
            self.emit.asm.reg(R::Sll, T1, h, rb);
            self.emit.asm.imm(I::Srli, T0, l, 1);
            self.emit.asm.reg(R::Srl, T0, T0, x);
            self.emit.asm.reg(R::Or, T1, T1, T0);
            self.emit.asm.reg(R::Sll, l, l, rb);
            self.emit.asm.imm(I::Srli, T0, h, 1);
            self.emit.asm.reg(R::Srl, T0, T0, x);
            self.emit.asm.reg(R::Or, l, l, T0);
            self.emit.asm.mv(h, T1);
            self.vals.free_reg(x);
            self.vals.push(ValType::I64, Loc::Pair(l, h));
            return;
        }
        self.emit.asm.imm(I::Andi, T0, rb, 32);
        // Layout: beq small; big (2); jal done; small (6); done.
        self.emit.asm.branch(BranchOp::Beq, T0, ZERO, 16);
        // 32..63: the low five bits of rb are n - 32.
        match op {
            Bin::Shl => {
                self.emit.asm.reg(R::Sll, h, l, rb);
                self.emit.asm.li(l, 0);
            }
            Bin::ShrU => {
                self.emit.asm.reg(R::Srl, l, h, rb);
                self.emit.asm.li(h, 0);
            }
            _ => {
                self.emit.asm.reg(R::Sra, l, h, rb);
                self.emit.asm.imm(I::Srai, h, h, 31);
            }
        }
        self.emit.asm.jal(ZERO, 28);
        self.emit.asm.imm(I::Xori, T0, rb, 31);
        if op == Bin::Shl {
            self.emit.asm.reg(R::Sll, h, h, rb);
            self.emit.asm.imm(I::Srli, T1, l, 1);
            self.emit.asm.reg(R::Srl, T1, T1, T0);
            self.emit.asm.reg(R::Or, h, h, T1);
            self.emit.asm.reg(R::Sll, l, l, rb);
        } else {
            self.emit.asm.reg(R::Srl, l, l, rb);
            self.emit.asm.imm(I::Slli, T1, h, 1);
            self.emit.asm.reg(R::Sll, T1, T1, T0);
            self.emit.asm.reg(R::Or, l, l, T1);
            let hop = if op == Bin::ShrU { R::Srl } else { R::Sra };
            self.emit.asm.reg(hop, h, h, rb);
        }
        self.vals.push(ValType::I64, Loc::Pair(l, h));
    }

    /// 64-bit shifts and rotations by a constant amount (0..64).
    fn shift64_const(&mut self, op: Bin, l: Reg, h: Reg, c: i32) {
        use ImmOp as I;
        let mut out = (l, h);
        match op {
            Bin::Shl => {
                if c >= 32 {
                    self.emit.asm.imm(I::Slli, h, l, c - 32);
                    self.emit.asm.li(l, 0);
                } else if c > 0 {
                    self.emit.asm.imm(I::Srli, T0, l, 32 - c);
                    self.emit.asm.imm(I::Slli, h, h, c);
                    self.emit.asm.reg(RegOp::Or, h, h, T0);
                    self.emit.asm.imm(I::Slli, l, l, c);
                }
            }
            Bin::ShrU | Bin::ShrS => {
                let hop = if op == Bin::ShrU { I::Srli } else { I::Srai };
                if c >= 32 {
                    self.emit.asm.imm(hop, l, h, c - 32);
                    if op == Bin::ShrU {
                        self.emit.asm.li(h, 0);
                    } else {
                        self.emit.asm.imm(I::Srai, h, h, 31);
                    }
                } else if c > 0 {
                    self.emit.asm.imm(I::Slli, T0, h, 32 - c);
                    self.emit.asm.imm(I::Srli, l, l, c);
                    self.emit.asm.reg(RegOp::Or, l, l, T0);
                    self.emit.asm.imm(hop, h, h, c);
                }
            }
            _ => {
                let mut k = if op == Bin::Rotl { c } else { (64 - c) & 63 };
                let (mut lo, mut hi) = (l, h);
                if k >= 32 {
                    std::mem::swap(&mut lo, &mut hi);
                    k -= 32;
                }
                if k > 0 {
                    // The new high word goes to a free register when there is one
                    // (saving the final move), else through T0.
                    let fresh = self.vals.take_free(0xffff);
                    let nh = fresh.unwrap_or(T0);
                    self.emit.asm.imm(I::Slli, nh, hi, k);
                    self.emit.asm.imm(I::Srli, T1, lo, 32 - k);
                    self.emit.asm.reg(RegOp::Or, nh, nh, T1);
                    self.emit.asm.imm(I::Slli, lo, lo, k);
                    self.emit.asm.imm(I::Srli, T1, hi, 32 - k);
                    self.emit.asm.reg(RegOp::Or, lo, lo, T1);
                    match fresh {
                        Some(r) => {
                            self.vals.free_reg(hi);
                            hi = r;
                        }
                        None => self.emit.asm.mv(hi, T0),
                    }
                }
                out = (lo, hi);
            }
        }
        self.vals.push(ValType::I64, Loc::Pair(out.0, out.1));
    }

    /// `select`: cond ? a : b.
    pub fn select(&mut self) {
        let ty = self.vals.stack[self.vals.stack.len() - 2].ty;
        if ty.words() == 2 {
            let c = self.pop_reg();
            let b = self.vals.pop();
            let a = self.vals.pop();
            let (al, ah) = self.owned_pair(a);
            let (bl, bh) = self.owned_pair(b);
            self.emit.asm.branch(BranchOp::Bne, c, ZERO, 12);
            self.emit.asm.mv(al, bl);
            self.emit.asm.mv(ah, bh);
            self.vals.free_reg(bl);
            self.vals.free_reg(bh);
            self.vals.free_reg(c);
            self.vals.push(ty, Loc::Pair(al, ah));
            return;
        }
        // An i32 select branches on the condition directly (fused with the
        // comparison that computed it, when there is one): `b<op> x, y, +8; mv a, b`.
        let c = self.pop_cond();
        let b = self.vals.pop();
        let a = self.vals.pop();
        // The comparison's operand registers stay busy until the branch: a
        // released one still holds its value.
        let mut guards = 0u16;
        for r in [c.a, c.b] {
            if r != c.owned && r < 16 && self.vals.free & (1 << r) != 0 {
                self.vals.claim(r);
                guards |= 1 << r;
            }
        }
        let local = |p: &Popped| match p.val.loc {
            Loc::Local(i) => Some(i),
            _ => None,
        };
        let (la, lb) = (local(&a), local(&b));
        // Operands the comparison already loaded are not loaded again; the
        // result reuses the comparison's own register when that holds `a`.
        let mut free_cond = c.owned != ZERO;
        let holds = |r: Reg, l: Option<u32>| {
            l.is_some() && ((r == c.a && c.srcs[0] == l) || (r == c.b && c.srcs[1] == l))
        };
        let ra = if c.owned != ZERO && holds(c.owned, la) {
            free_cond = false;
            c.owned
        } else {
            self.owned_reg(a)
        };
        let (rb, ob) = if holds(c.b, lb) {
            (c.b, false)
        } else if holds(c.a, lb) {
            (c.a, false)
        } else {
            self.src_reg(b)
        };
        self.emit.asm.branch(c.op, c.a, c.b, 8);
        self.emit.asm.mv(ra, rb);
        if free_cond {
            self.vals.free_reg(c.owned);
        }
        for r in 0..16u8 {
            if guards & (1 << r) != 0 && r != ra {
                self.vals.free_reg(r);
            }
        }
        if ob && rb != ra {
            self.vals.free_reg(rb);
        }
        self.vals.push(ty, Loc::Reg(ra));
    }
}
