//! Integer arithmetic: i32 in one register, i64 in a register pair.

use super::{FuncCtx, Loc, Popped};
use crate::asm::{T0, T1, ZERO};
use rivet_format::abi::{Helper, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, Reg, RegOp};

/// Binary operators shared by i32 and i64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bin {
    Add,
    Sub,
    Mul,
    DivS,
    DivU,
    RemS,
    RemU,
    And,
    Or,
    Xor,
    Shl,
    ShrS,
    ShrU,
    Rotl,
    Rotr,
    Eq,
    Ne,
    LtS,
    LtU,
    GtS,
    GtU,
    LeS,
    LeU,
    GeS,
    GeU,
}

impl Bin {
    fn commutes(self) -> bool {
        matches!(
            self,
            Bin::Add | Bin::Mul | Bin::And | Bin::Or | Bin::Xor | Bin::Eq | Bin::Ne
        )
    }
    fn is_compare(self) -> bool {
        matches!(
            self,
            Bin::Eq
                | Bin::Ne
                | Bin::LtS
                | Bin::LtU
                | Bin::GtS
                | Bin::GtU
                | Bin::LeS
                | Bin::LeU
                | Bin::GeS
                | Bin::GeU
        )
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Un {
    Eqz,
    Clz,
    Ctz,
    Popcnt,
    Extend8,
    Extend16,
    Extend32,
}

/// The conditional branch taken exactly when comparison `op(a, b)` is true.
fn branch_form(op: Bin, a: Reg, b: Reg) -> Option<(BranchOp, Reg, Reg)> {
    Some(match op {
        Bin::Eq => (BranchOp::Beq, a, b),
        Bin::Ne => (BranchOp::Bne, a, b),
        Bin::LtS => (BranchOp::Blt, a, b),
        Bin::LtU => (BranchOp::Bltu, a, b),
        Bin::GtS => (BranchOp::Blt, b, a),
        Bin::GtU => (BranchOp::Bltu, b, a),
        Bin::LeS => (BranchOp::Bge, b, a),
        Bin::LeU => (BranchOp::Bgeu, b, a),
        Bin::GeS => (BranchOp::Bge, a, b),
        Bin::GeU => (BranchOp::Bgeu, a, b),
        _ => return None,
    })
}

fn konst(p: &Popped) -> Option<i64> {
    match p.val.loc {
        Loc::Const(c) => Some(c),
        _ => None,
    }
}

impl FuncCtx<'_> {
    /// `li t0, word; ecall` for a helper with register fields `regs`.
    pub fn helper(&mut self, op: Helper, regs: &[Reg]) {
        self.asm.li(T0, op.call_word(regs) as i32);
        self.asm.emit(Inst::Ecall);
    }

    pub fn i32_bin(&mut self, op: Bin) {
        let mut b = self.pop();
        let mut a = self.pop();
        if op.commutes() && konst(&a).is_some() && konst(&b).is_none() {
            std::mem::swap(&mut a, &mut b);
        }
        if let Some(c) = konst(&b) {
            let c = c as i32;
            if self.i32_bin_imm(op, a, c) {
                return;
            }
        }
        let (sa, oa) = self.src_reg(a);
        let (sb, ob) = self.src_reg(b);
        let ra = if oa {
            sa
        } else if ob {
            sb
        } else {
            self.alloc()
        };
        let start = self.asm.code.len();
        use RegOp as R;
        let simple = |op| match op {
            Bin::Add => Some(R::Add),
            Bin::Sub => Some(R::Sub),
            Bin::Mul => Some(R::Mul),
            Bin::And => Some(R::And),
            Bin::Or => Some(R::Or),
            Bin::Xor => Some(R::Xor),
            Bin::Shl => Some(R::Sll),
            Bin::ShrS => Some(R::Sra),
            Bin::ShrU => Some(R::Srl),
            Bin::LtS => Some(R::Slt),
            Bin::LtU => Some(R::Sltu),
            _ => None,
        };
        if let Some(rop) = simple(op) {
            self.asm.reg(rop, ra, sa, sb);
        } else {
            match op {
                Bin::Rotl | Bin::Rotr => {
                    let (first, second) = if op == Bin::Rotl {
                        (R::Sll, R::Srl)
                    } else {
                        (R::Srl, R::Sll)
                    };
                    self.asm.reg(first, T0, sa, sb);
                    self.asm.reg(R::Sub, T1, ZERO, sb);
                    self.asm.reg(second, ra, sa, T1);
                    self.asm.reg(R::Or, ra, ra, T0);
                }
                Bin::DivS => {
                    self.trap_if(BranchOp::Beq, sb, ZERO, TrapCode::DivByZero);
                    self.asm.li(T0, -1);
                    let skip = self.skip_if(BranchOp::Bne, sb, T0);
                    self.asm.emit(Inst::Lui {
                        rd: T0,
                        imm: 0x8000_0000,
                    });
                    self.trap_if(BranchOp::Beq, sa, T0, TrapCode::Overflow);
                    self.end_skip(skip);
                    self.asm.reg(R::Div, ra, sa, sb);
                }
                Bin::DivU | Bin::RemS | Bin::RemU => {
                    self.trap_if(BranchOp::Beq, sb, ZERO, TrapCode::DivByZero);
                    let rop = match op {
                        Bin::DivU => R::Divu,
                        Bin::RemS => R::Rem,
                        _ => R::Remu,
                    };
                    self.asm.reg(rop, ra, sa, sb);
                }
                Bin::Eq => {
                    self.asm.reg(R::Xor, ra, sa, sb);
                    self.asm.imm(ImmOp::Sltiu, ra, ra, 1);
                }
                Bin::Ne => {
                    self.asm.reg(R::Xor, ra, sa, sb);
                    self.asm.reg(R::Sltu, ra, ZERO, ra);
                }
                Bin::GtS | Bin::GtU | Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU => {
                    let signed = matches!(op, Bin::GtS | Bin::LeS | Bin::GeS);
                    let rop = if signed { R::Slt } else { R::Sltu };
                    let swapped = matches!(op, Bin::GtS | Bin::GtU | Bin::LeS | Bin::LeU);
                    if swapped {
                        self.asm.reg(rop, ra, sb, sa);
                    } else {
                        self.asm.reg(rop, ra, sa, sb);
                    }
                    if matches!(op, Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU) {
                        self.asm.imm(ImmOp::Xori, ra, ra, 1);
                    }
                }
                _ => unreachable!("handled above"),
            }
        }
        if ra != sb {
            self.release(sb, ob);
        }
        if ra != sa {
            self.release(sa, oa);
        }
        self.push(ValType::I32, Loc::Reg(ra));
        if simple(op).is_some() {
            self.note_def(ra);
        }
        if let Some((bop, x, y)) = branch_form(op, sa, sb) {
            let local = |p: &Popped| match p.val.loc {
                Loc::Local(i) => Some(i),
                _ => None,
            };
            let srcs = if x == sa && y == sb {
                [local(&a), local(&b)]
            } else {
                [local(&b), local(&a)]
            };
            self.record_cmp(start, ra, bop, x, y);
            if let Some(rec) = self.last_cmp.as_mut() {
                rec.srcs = srcs;
            }
        }
    }

    /// Notes that the code since `start` computed comparison `op(a, b)` into `rd`.
    fn record_cmp(&mut self, start: usize, rd: Reg, op: BranchOp, a: Reg, b: Reg) {
        self.last_cmp = Some(super::CmpRecord {
            start,
            end: self.asm.code.len(),
            stack_len: self.stack.len(),
            result: rd,
            op,
            a,
            b,
            srcs: [None; 2],
        });
    }

    /// i32 op with a constant right operand, when an immediate form exists.
    fn i32_bin_imm(&mut self, op: Bin, a: Popped, c: i32) -> bool {
        let imm_op = match op {
            Bin::Add if fits_signed(c, 12) => Some((ImmOp::Addi, c)),
            Bin::Sub if fits_signed(c.wrapping_neg(), 12) && c != i32::MIN => {
                Some((ImmOp::Addi, -c))
            }
            Bin::And if fits_signed(c, 12) => Some((ImmOp::Andi, c)),
            Bin::Or if fits_signed(c, 12) => Some((ImmOp::Ori, c)),
            Bin::Xor if fits_signed(c, 12) => Some((ImmOp::Xori, c)),
            Bin::Shl => Some((ImmOp::Slli, c & 31)),
            Bin::ShrS => Some((ImmOp::Srai, c & 31)),
            Bin::ShrU => Some((ImmOp::Srli, c & 31)),
            Bin::LtS if fits_signed(c, 12) => Some((ImmOp::Slti, c)),
            Bin::LtU if fits_signed(c, 12) => Some((ImmOp::Sltiu, c)),
            _ => None,
        };
        if let Some((iop, imm)) = imm_op {
            let (sa, oa) = self.src_reg(a);
            let ra = if oa { sa } else { self.alloc() };
            let start = self.asm.code.len();
            if ra != sa
                || !(imm == 0
                    && matches!(
                        iop,
                        ImmOp::Addi
                            | ImmOp::Ori
                            | ImmOp::Xori
                            | ImmOp::Slli
                            | ImmOp::Srai
                            | ImmOp::Srli
                    ))
            {
                self.asm.imm(iop, ra, sa, imm);
                self.note_def(ra);
            }
            self.push(ValType::I32, Loc::Reg(ra));
            if op == Bin::LtS && imm == 0 {
                self.record_cmp(start, ra, BranchOp::Blt, sa, ZERO);
            }
            return true;
        }
        match op {
            Bin::Eq | Bin::Ne if fits_signed(c, 12) => {
                let (sa, oa) = self.src_reg(a);
                let ra = if oa { sa } else { self.alloc() };
                let mut src = sa;
                if c != 0 {
                    self.asm.imm(ImmOp::Xori, ra, sa, c);
                    src = ra;
                }
                let start = self.asm.code.len();
                if op == Bin::Eq {
                    self.asm.imm(ImmOp::Sltiu, ra, src, 1);
                } else {
                    self.asm.reg(RegOp::Sltu, ra, ZERO, src);
                }
                self.push(ValType::I32, Loc::Reg(ra));
                let bop = if op == Bin::Eq {
                    BranchOp::Beq
                } else {
                    BranchOp::Bne
                };
                self.record_cmp(start, ra, bop, src, ZERO);
                true
            }
            Bin::Rotl | Bin::Rotr => {
                let mut k = c & 31;
                if op == Bin::Rotr {
                    k = (32 - k) & 31;
                }
                let ra = self.owned_reg(a);
                if k != 0 {
                    self.asm.imm(ImmOp::Slli, T0, ra, k);
                    self.asm.imm(ImmOp::Srli, ra, ra, 32 - k);
                    self.asm.reg(RegOp::Or, ra, ra, T0);
                }
                self.push(ValType::I32, Loc::Reg(ra));
                true
            }
            Bin::DivU | Bin::RemU | Bin::RemS if c != 0 => {
                let ra = self.owned_reg(a);
                self.asm.li(T0, c);
                let rop = match op {
                    Bin::DivU => RegOp::Divu,
                    Bin::RemU => RegOp::Remu,
                    _ => RegOp::Rem,
                };
                self.asm.reg(rop, ra, ra, T0);
                self.push(ValType::I32, Loc::Reg(ra));
                true
            }
            Bin::DivS if c != 0 => {
                let ra = self.owned_reg(a);
                if c == -1 {
                    self.asm.emit(Inst::Lui {
                        rd: T0,
                        imm: 0x8000_0000,
                    });
                    self.trap_if(BranchOp::Beq, ra, T0, TrapCode::Overflow);
                }
                self.asm.li(T0, c);
                self.asm.reg(RegOp::Div, ra, ra, T0);
                self.push(ValType::I32, Loc::Reg(ra));
                true
            }
            _ => false,
        }
    }

    pub fn i32_un(&mut self, op: Un) {
        if op == Un::Eqz {
            let p = self.pop();
            let (sa, oa) = self.src_reg(p);
            let ra = if oa { sa } else { self.alloc() };
            let start = self.asm.code.len();
            self.asm.imm(ImmOp::Sltiu, ra, sa, 1);
            self.push(ValType::I32, Loc::Reg(ra));
            self.record_cmp(start, ra, BranchOp::Beq, sa, ZERO);
            return;
        }
        let ra = self.pop_reg();
        match op {
            Un::Eqz => unreachable!("handled above"),
            Un::Clz => self.helper(Helper::I32Clz, &[ra, ra]),
            Un::Ctz => self.helper(Helper::I32Ctz, &[ra, ra]),
            Un::Popcnt => self.helper(Helper::I32Popcnt, &[ra, ra]),
            Un::Extend8 | Un::Extend16 => {
                let s = if op == Un::Extend8 { 24 } else { 16 };
                self.asm.imm(ImmOp::Slli, ra, ra, s);
                self.asm.imm(ImmOp::Srai, ra, ra, s);
            }
            Un::Extend32 => {}
        }
        self.push(ValType::I32, Loc::Reg(ra));
    }

    pub fn i64_un(&mut self, op: Un) {
        let (l, h) = self.pop_pair();
        match op {
            Un::Eqz => {
                self.asm.reg(RegOp::Or, l, l, h);
                let start = self.asm.code.len();
                self.asm.imm(ImmOp::Sltiu, l, l, 1);
                self.free_reg(h);
                self.push(ValType::I32, Loc::Reg(l));
                self.record_cmp(start, l, BranchOp::Beq, l, ZERO);
                return;
            }
            Un::Clz => self.helper(Helper::I64Clz, &[l, h, l, h]),
            Un::Ctz => self.helper(Helper::I64Ctz, &[l, h, l, h]),
            Un::Popcnt => self.helper(Helper::I64Popcnt, &[l, h, l, h]),
            Un::Extend8 | Un::Extend16 | Un::Extend32 => {
                let s = match op {
                    Un::Extend8 => 24,
                    Un::Extend16 => 16,
                    _ => 0,
                };
                if s != 0 {
                    self.asm.imm(ImmOp::Slli, l, l, s);
                    self.asm.imm(ImmOp::Srai, l, l, s);
                }
                self.asm.imm(ImmOp::Srai, h, l, 31);
            }
        }
        self.push(ValType::I64, Loc::Pair(l, h));
    }

    /// i32.wrap_i64.
    pub fn wrap(&mut self) {
        let p = self.pop();
        if let Loc::Const(c) = p.val.loc {
            self.push(ValType::I32, Loc::Const(c as i32 as i64));
            return;
        }
        let r = self.owned_reg(p);
        self.push(ValType::I32, Loc::Reg(r));
    }

    /// i64.extend_i32_s / _u.
    pub fn extend(&mut self, signed: bool) {
        let p = self.pop();
        if let Loc::Const(c) = p.val.loc {
            let v = if signed {
                c as i32 as i64
            } else {
                c as i32 as u32 as i64
            };
            self.push(ValType::I64, Loc::Const(v));
            return;
        }
        let l = self.owned_reg(p);
        let h = self.alloc();
        if signed {
            self.asm.imm(ImmOp::Srai, h, l, 31);
        } else {
            self.asm.li(h, 0);
        }
        self.push(ValType::I64, Loc::Pair(l, h));
    }

    pub fn i64_bin(&mut self, op: Bin) {
        let b = self.pop();
        let a = self.pop();
        if matches!(op, Bin::Shl | Bin::ShrS | Bin::ShrU | Bin::Rotl | Bin::Rotr) {
            let (l, h) = self.owned_pair(a);
            if let Some(c) = konst(&b) {
                self.shift64_const(op, l, h, (c & 63) as i32);
            } else {
                let rb = self.owned_reg(b);
                self.shift64_var(op, l, h, rb);
                self.free_reg(rb);
            }
            return;
        }
        if matches!(op, Bin::Add | Bin::Sub | Bin::And | Bin::Or | Bin::Xor) {
            // A pinned local is read in place into fresh registers (no copy first).
            if let Loc::Local(i) = a.val.loc {
                if let Some(src) = self.locals[i as usize].pin {
                    let dl = self.alloc();
                    let dh = self.alloc();
                    self.i64_simple(op, (dl, dh), src, b);
                    return;
                }
            }
            let (al, ah) = self.owned_pair(a);
            self.i64_simple(op, (al, ah), (al, ah), b);
            return;
        }
        let (al, ah) = self.owned_pair(a);
        let (bl, bh) = self.owned_pair(b);
        use RegOp as R;
        match op {
            Bin::Add => {
                self.asm.reg(R::Add, al, al, bl);
                self.asm.reg(R::Sltu, T0, al, bl);
                self.asm.reg(R::Add, ah, ah, bh);
                self.asm.reg(R::Add, ah, ah, T0);
            }
            Bin::Sub => {
                self.asm.reg(R::Sltu, T0, al, bl);
                self.asm.reg(R::Sub, al, al, bl);
                self.asm.reg(R::Sub, ah, ah, bh);
                self.asm.reg(R::Sub, ah, ah, T0);
            }
            Bin::Mul => {
                self.asm.reg(R::Mul, T0, al, bh);
                self.asm.reg(R::Mul, T1, ah, bl);
                self.asm.reg(R::Add, T0, T0, T1);
                self.asm.reg(R::Mulhu, T1, al, bl);
                self.asm.reg(R::Add, ah, T0, T1);
                self.asm.reg(R::Mul, al, al, bl);
            }
            Bin::And | Bin::Or | Bin::Xor => {
                let rop = match op {
                    Bin::And => R::And,
                    Bin::Or => R::Or,
                    _ => R::Xor,
                };
                self.asm.reg(rop, al, al, bl);
                self.asm.reg(rop, ah, ah, bh);
            }
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
                self.asm.reg(R::Xor, al, al, bl);
                self.asm.reg(R::Xor, ah, ah, bh);
                self.asm.reg(R::Or, al, al, ah);
                if op == Bin::Eq {
                    self.asm.imm(ImmOp::Sltiu, al, al, 1);
                } else {
                    self.asm.reg(R::Sltu, al, ZERO, al);
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
                self.asm.reg(hop, T0, xh, yh);
                self.asm.reg(R::Xor, T1, xh, yh);
                self.asm.imm(ImmOp::Sltiu, T1, T1, 1);
                self.asm.reg(R::Sltu, al, xl, yl);
                self.asm.reg(R::And, al, al, T1);
                self.asm.reg(R::Or, al, al, T0);
                if matches!(op, Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU) {
                    self.asm.imm(ImmOp::Xori, al, al, 1);
                }
            }
        }
        self.free_reg(bl);
        self.free_reg(bh);
        if op.is_compare() {
            self.free_reg(ah);
            self.push(ValType::I32, Loc::Reg(al));
        } else {
            self.push(ValType::I64, Loc::Pair(al, ah));
        }
    }

    /// A register holding word `hi` of the i64 `b` for reading: its own register,
    /// a pinned local's, x0 for zero, or T1 loaded now (so `b` needs no pool
    /// registers: i64 code on RV32 is short of them).
    fn word_reg(&mut self, b: Popped, hi: bool) -> Reg {
        let pick = |l: Reg, h: Reg| if hi { h } else { l };
        match b.val.loc {
            Loc::Pair(l, h) => pick(l, h),
            Loc::Local(i) if self.locals[i as usize].pin.is_some() => {
                let (l, h) = self.locals[i as usize].pin.expect("pinned");
                pick(l, h)
            }
            Loc::Const(c) if (if hi { c >> 32 } else { c & 0xffff_ffff }) == 0 => ZERO,
            _ => {
                self.load_word(T1, b.val, b.depth, hi);
                T1
            }
        }
    }

    /// i64 add, sub, and, or, xor of `a` (in registers `src`) and `b` into the
    /// owned registers `dst` (the same as `src` or fresh ones); `b` is read word by
    /// word without taking pool registers.
    fn i64_simple(&mut self, op: Bin, dst: (Reg, Reg), src: (Reg, Reg), b: Popped) {
        use RegOp as R;
        let ((dl, dh), (al, ah)) = (dst, src);
        let bl = self.word_reg(b, false);
        match op {
            Bin::Add => {
                self.asm.reg(R::Add, dl, al, bl);
                self.asm.reg(R::Sltu, T0, dl, bl);
                let bh = self.word_reg(b, true);
                self.asm.reg(R::Add, dh, ah, bh);
                self.asm.reg(R::Add, dh, dh, T0);
            }
            Bin::Sub => {
                self.asm.reg(R::Sltu, T0, al, bl);
                self.asm.reg(R::Sub, dl, al, bl);
                let bh = self.word_reg(b, true);
                self.asm.reg(R::Sub, dh, ah, bh);
                self.asm.reg(R::Sub, dh, dh, T0);
            }
            _ => {
                let rop = match op {
                    Bin::And => R::And,
                    Bin::Or => R::Or,
                    _ => R::Xor,
                };
                self.asm.reg(rop, dl, al, bl);
                let bh = self.word_reg(b, true);
                self.asm.reg(rop, dh, ah, bh);
            }
        }
        if let Loc::Pair(l, h) = b.val.loc {
            self.free_reg(l);
            self.free_reg(h);
        }
        self.push(ValType::I64, Loc::Pair(dl, dh));
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
                self.asm.reg(R::Sub, rb, ZERO, rb);
            }
            // Rotating by 32 or more: swap the halves, then rotate by n & 31.
            self.asm.imm(I::Andi, T0, rb, 32);
            self.asm.branch(BranchOp::Beq, T0, ZERO, 16);
            self.asm.mv(T1, l);
            self.asm.mv(l, h);
            self.asm.mv(h, T1);
            // x = 31 - k in its low five bits; `(v >> 1) >> x` is `v >> (32 - k)`
            // without the undefined shift by 32 when k = 0.
            self.asm.imm(I::Xori, x, rb, 31);
            self.asm.reg(R::Sll, T1, h, rb);
            self.asm.imm(I::Srli, T0, l, 1);
            self.asm.reg(R::Srl, T0, T0, x);
            self.asm.reg(R::Or, T1, T1, T0);
            self.asm.reg(R::Sll, l, l, rb);
            self.asm.imm(I::Srli, T0, h, 1);
            self.asm.reg(R::Srl, T0, T0, x);
            self.asm.reg(R::Or, l, l, T0);
            self.asm.mv(h, T1);
            self.free_reg(x);
            self.push(ValType::I64, Loc::Pair(l, h));
            return;
        }
        self.asm.imm(I::Andi, T0, rb, 32);
        // Layout: beq small; big (2); jal done; small (6); done.
        self.asm.branch(BranchOp::Beq, T0, ZERO, 16);
        // 32..63: the low five bits of rb are n - 32.
        match op {
            Bin::Shl => {
                self.asm.reg(R::Sll, h, l, rb);
                self.asm.li(l, 0);
            }
            Bin::ShrU => {
                self.asm.reg(R::Srl, l, h, rb);
                self.asm.li(h, 0);
            }
            _ => {
                self.asm.reg(R::Sra, l, h, rb);
                self.asm.imm(I::Srai, h, h, 31);
            }
        }
        self.asm.jal(ZERO, 28);
        self.asm.imm(I::Xori, T0, rb, 31);
        if op == Bin::Shl {
            self.asm.reg(R::Sll, h, h, rb);
            self.asm.imm(I::Srli, T1, l, 1);
            self.asm.reg(R::Srl, T1, T1, T0);
            self.asm.reg(R::Or, h, h, T1);
            self.asm.reg(R::Sll, l, l, rb);
        } else {
            self.asm.reg(R::Srl, l, l, rb);
            self.asm.imm(I::Slli, T1, h, 1);
            self.asm.reg(R::Sll, T1, T1, T0);
            self.asm.reg(R::Or, l, l, T1);
            let hop = if op == Bin::ShrU { R::Srl } else { R::Sra };
            self.asm.reg(hop, h, h, rb);
        }
        self.push(ValType::I64, Loc::Pair(l, h));
    }

    /// 64-bit shifts and rotations by a constant amount (0..64).
    fn shift64_const(&mut self, op: Bin, l: Reg, h: Reg, c: i32) {
        use ImmOp as I;
        let mut out = (l, h);
        match op {
            Bin::Shl => {
                if c >= 32 {
                    self.asm.imm(I::Slli, h, l, c - 32);
                    self.asm.li(l, 0);
                } else if c > 0 {
                    self.asm.imm(I::Srli, T0, l, 32 - c);
                    self.asm.imm(I::Slli, h, h, c);
                    self.asm.reg(RegOp::Or, h, h, T0);
                    self.asm.imm(I::Slli, l, l, c);
                }
            }
            Bin::ShrU | Bin::ShrS => {
                let hop = if op == Bin::ShrU { I::Srli } else { I::Srai };
                if c >= 32 {
                    self.asm.imm(hop, l, h, c - 32);
                    if op == Bin::ShrU {
                        self.asm.li(h, 0);
                    } else {
                        self.asm.imm(I::Srai, h, h, 31);
                    }
                } else if c > 0 {
                    self.asm.imm(I::Slli, T0, h, 32 - c);
                    self.asm.imm(I::Srli, l, l, c);
                    self.asm.reg(RegOp::Or, l, l, T0);
                    self.asm.imm(hop, h, h, c);
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
                    let fresh = self.take_free(0xffff);
                    let nh = fresh.unwrap_or(T0);
                    self.asm.imm(I::Slli, nh, hi, k);
                    self.asm.imm(I::Srli, T1, lo, 32 - k);
                    self.asm.reg(RegOp::Or, nh, nh, T1);
                    self.asm.imm(I::Slli, lo, lo, k);
                    self.asm.imm(I::Srli, T1, hi, 32 - k);
                    self.asm.reg(RegOp::Or, lo, lo, T1);
                    match fresh {
                        Some(r) => {
                            self.free_reg(hi);
                            hi = r;
                        }
                        None => self.asm.mv(hi, T0),
                    }
                }
                out = (lo, hi);
            }
        }
        self.push(ValType::I64, Loc::Pair(out.0, out.1));
    }

    /// `select`: cond ? a : b.
    pub fn select(&mut self) {
        let ty = self.stack[self.stack.len() - 2].ty;
        if ty.words() == 2 {
            let c = self.pop_reg();
            let b = self.pop();
            let a = self.pop();
            let (al, ah) = self.owned_pair(a);
            let (bl, bh) = self.owned_pair(b);
            self.asm.branch(BranchOp::Bne, c, ZERO, 12);
            self.asm.mv(al, bl);
            self.asm.mv(ah, bh);
            self.free_reg(bl);
            self.free_reg(bh);
            self.free_reg(c);
            self.push(ty, Loc::Pair(al, ah));
            return;
        }
        // An i32 select branches on the condition directly (fused with the
        // comparison that computed it, when there is one): `b<op> x, y, +8; mv a, b`.
        let c = self.pop_cond();
        let b = self.pop();
        let a = self.pop();
        // The comparison's operand registers stay busy until the branch: a
        // released one still holds its value.
        let mut guards = 0u16;
        for r in [c.a, c.b] {
            if r != c.owned && r < 16 && self.free & (1 << r) != 0 {
                self.claim(r);
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
        self.asm.branch(c.op, c.a, c.b, 8);
        self.asm.mv(ra, rb);
        if free_cond {
            self.free_reg(c.owned);
        }
        for r in 0..16u8 {
            if guards & (1 << r) != 0 && r != ra {
                self.free_reg(r);
            }
        }
        if ob && rb != ra {
            self.free_reg(rb);
        }
        self.push(ty, Loc::Reg(ra));
    }
}
