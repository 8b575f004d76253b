//! Integer arithmetic: i32 in one register, i64 in a register pair.

use super::{FuncCtx, Loc, Popped};
use crate::asm::{T0, T1, ZERO};
use rivet_format::abi::{Helper, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, Reg, RegOp};

/// The i32 operators that are one register-register instruction.
fn simple_reg_op(op: Bin) -> Option<RegOp> {
    use RegOp as R;
    match op {
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
    }
}

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
    pub(super) fn is_compare(self) -> bool {
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

pub(super) fn konst(p: &Popped) -> Option<i64> {
    match p.val.loc {
        Loc::Const(c) => Some(c),
        _ => None,
    }
}

impl FuncCtx<'_> {
    /// `li t0, word; ecall` for a helper with register fields `regs`.
    pub fn helper(&mut self, op: Helper, regs: &[Reg]) {
        self.emit.asm.li(T0, op.call_word(regs) as i32);
        self.emit.asm.emit(Inst::Ecall);
    }

    pub fn i32_bin(&mut self, op: Bin) {
        let mut b = self.vals.pop();
        let mut a = self.vals.pop();
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
        let ra = if oa && !self.keeps_word(sa) {
            sa
        } else if ob && !self.keeps_word(sb) {
            sb
        } else if self.spare_regs() != 0 {
            self.alloc()
        } else if oa {
            sa
        } else if ob {
            sb
        } else {
            self.alloc()
        };
        let start = self.emit.asm.code.len();
        if let Some(rop) = simple_reg_op(op) {
            self.emit.asm.reg(rop, ra, sa, sb);
        } else {
            self.i32_reg_other(op, ra, sa, sb);
        }
        if ra != sb {
            self.release(sb, ob);
        }
        if ra != sa {
            self.release(sa, oa);
        }
        self.vals.push(ValType::I32, Loc::Reg(ra));
        if simple_reg_op(op).is_some() {
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
            if let Some(rec) = self.vals.last_cmp.as_mut() {
                rec.srcs = srcs;
            }
        }
    }

    /// The i32 operators without a single-instruction form: `ra = op(sa, sb)`.
    fn i32_reg_other(&mut self, op: Bin, ra: Reg, sa: Reg, sb: Reg) {
        use RegOp as R;
        match op {
            Bin::Rotl | Bin::Rotr => {
                let (first, second) = if op == Bin::Rotl {
                    (R::Sll, R::Srl)
                } else {
                    (R::Srl, R::Sll)
                };
                self.emit.asm.reg(first, T0, sa, sb);
                self.emit.asm.reg(R::Sub, T1, ZERO, sb);
                self.emit.asm.reg(second, ra, sa, T1);
                self.emit.asm.reg(R::Or, ra, ra, T0);
            }
            Bin::DivS => {
                self.trap_if(BranchOp::Beq, sb, ZERO, TrapCode::DivByZero);
                self.emit.asm.li(T0, -1);
                let skip = self.skip_if(BranchOp::Bne, sb, T0);
                self.emit.asm.emit(Inst::Lui {
                    rd: T0,
                    imm: 0x8000_0000,
                });
                self.trap_if(BranchOp::Beq, sa, T0, TrapCode::Overflow);
                self.end_skip(skip);
                self.emit.asm.reg(R::Div, ra, sa, sb);
            }
            Bin::DivU | Bin::RemS | Bin::RemU => {
                self.trap_if(BranchOp::Beq, sb, ZERO, TrapCode::DivByZero);
                let rop = match op {
                    Bin::DivU => R::Divu,
                    Bin::RemS => R::Rem,
                    _ => R::Remu,
                };
                self.emit.asm.reg(rop, ra, sa, sb);
            }
            Bin::Eq => {
                self.emit.asm.reg(R::Xor, ra, sa, sb);
                self.emit.asm.imm(ImmOp::Sltiu, ra, ra, 1);
            }
            Bin::Ne => {
                self.emit.asm.reg(R::Xor, ra, sa, sb);
                self.emit.asm.reg(R::Sltu, ra, ZERO, ra);
            }
            Bin::GtS | Bin::GtU | Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU => {
                let signed = matches!(op, Bin::GtS | Bin::LeS | Bin::GeS);
                let rop = if signed { R::Slt } else { R::Sltu };
                let swapped = matches!(op, Bin::GtS | Bin::GtU | Bin::LeS | Bin::LeU);
                if swapped {
                    self.emit.asm.reg(rop, ra, sb, sa);
                } else {
                    self.emit.asm.reg(rop, ra, sa, sb);
                }
                if matches!(op, Bin::LeS | Bin::LeU | Bin::GeS | Bin::GeU) {
                    self.emit.asm.imm(ImmOp::Xori, ra, ra, 1);
                }
            }
            _ => unreachable!("handled above"),
        }
    }

    /// Notes that the code since `start` computed comparison `op(a, b)` into `rd`.
    fn record_cmp(&mut self, start: usize, rd: Reg, op: BranchOp, a: Reg, b: Reg) {
        self.vals.last_cmp = Some(super::CmpRecord {
            start,
            end: self.emit.asm.code.len(),
            stack_len: self.vals.stack.len(),
            result: rd,
            op,
            a,
            b,
            srcs: [None; 2],
        });
    }

    /// `i32.rotl`/`i32.rotr` by a constant: `slli; srli; or`. A local is read where
    /// it is (a pinned register, or the register its slot was just loaded into,
    /// which keeps its slot-cache fact) and rotated into a fresh register; anything
    /// else in place.
    fn i32_rot_imm(&mut self, op: Bin, a: Popped, c: i32) {
        let mut k = c & 31;
        if op == Bin::Rotr {
            k = (32 - k) & 31;
        }
        let local = matches!(a.val.loc, Loc::Local(_));
        let (sa, oa) = self.src_reg(a);
        let ra = if oa && !(local && k != 0) {
            sa
        } else {
            self.alloc()
        };
        if k != 0 {
            self.emit.asm.imm(ImmOp::Slli, T0, sa, k);
            self.emit.asm.imm(ImmOp::Srli, ra, sa, 32 - k);
            self.emit.asm.reg(RegOp::Or, ra, ra, T0);
        } else if ra != sa {
            self.emit.asm.mv(ra, sa);
        }
        if ra != sa {
            self.release(sa, oa);
        }
        self.vals.push(ValType::I32, Loc::Reg(ra));
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
            let ra = if oa && (!self.keeps_word(sa) || self.spare_regs() == 0) {
                sa
            } else {
                self.alloc()
            };
            if ra != sa {
                self.release(sa, oa);
            }
            let start = self.emit.asm.code.len();
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
                self.emit.asm.imm(iop, ra, sa, imm);
                self.note_def(ra);
            }
            self.vals.push(ValType::I32, Loc::Reg(ra));
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
                    self.emit.asm.imm(ImmOp::Xori, ra, sa, c);
                    src = ra;
                }
                let start = self.emit.asm.code.len();
                if op == Bin::Eq {
                    self.emit.asm.imm(ImmOp::Sltiu, ra, src, 1);
                } else {
                    self.emit.asm.reg(RegOp::Sltu, ra, ZERO, src);
                }
                self.vals.push(ValType::I32, Loc::Reg(ra));
                let bop = if op == Bin::Eq {
                    BranchOp::Beq
                } else {
                    BranchOp::Bne
                };
                self.record_cmp(start, ra, bop, src, ZERO);
                true
            }
            Bin::Rotl | Bin::Rotr => {
                self.i32_rot_imm(op, a, c);
                true
            }
            Bin::DivU | Bin::RemU | Bin::RemS if c != 0 => {
                let ra = self.owned_reg(a);
                self.emit.asm.li(T0, c);
                let rop = match op {
                    Bin::DivU => RegOp::Divu,
                    Bin::RemU => RegOp::Remu,
                    _ => RegOp::Rem,
                };
                self.emit.asm.reg(rop, ra, ra, T0);
                self.vals.push(ValType::I32, Loc::Reg(ra));
                true
            }
            Bin::DivS if c != 0 => {
                let ra = self.owned_reg(a);
                if c == -1 {
                    self.emit.asm.emit(Inst::Lui {
                        rd: T0,
                        imm: 0x8000_0000,
                    });
                    self.trap_if(BranchOp::Beq, ra, T0, TrapCode::Overflow);
                }
                self.emit.asm.li(T0, c);
                self.emit.asm.reg(RegOp::Div, ra, ra, T0);
                self.vals.push(ValType::I32, Loc::Reg(ra));
                true
            }
            _ => false,
        }
    }

    pub fn i32_un(&mut self, op: Un) {
        if op == Un::Eqz {
            let p = self.vals.pop();
            let (sa, oa) = self.src_reg(p);
            let ra = if oa { sa } else { self.alloc() };
            let start = self.emit.asm.code.len();
            self.emit.asm.imm(ImmOp::Sltiu, ra, sa, 1);
            self.vals.push(ValType::I32, Loc::Reg(ra));
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
                self.emit.asm.imm(ImmOp::Slli, ra, ra, s);
                self.emit.asm.imm(ImmOp::Srai, ra, ra, s);
            }
            Un::Extend32 => {}
        }
        self.vals.push(ValType::I32, Loc::Reg(ra));
    }

    pub fn i64_un(&mut self, op: Un) {
        if op == Un::Eqz && self.i64_eqz_zx() {
            return;
        }
        let (l, h) = self.pop_pair();
        match op {
            Un::Eqz => {
                self.emit.asm.reg(RegOp::Or, l, l, h);
                let start = self.emit.asm.code.len();
                self.emit.asm.imm(ImmOp::Sltiu, l, l, 1);
                self.vals.free_reg(h);
                self.vals.push(ValType::I32, Loc::Reg(l));
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
                    self.emit.asm.imm(ImmOp::Slli, l, l, s);
                    self.emit.asm.imm(ImmOp::Srai, l, l, s);
                }
                self.emit.asm.imm(ImmOp::Srai, h, l, 31);
            }
        }
        self.vals.push(ValType::I64, Loc::Pair(l, h));
    }

    /// i32.wrap_i64.
    pub fn wrap(&mut self) {
        let p = self.vals.pop();
        if let Loc::Const(c) = p.val.loc {
            self.vals.push(ValType::I32, Loc::Const(c as i32 as i64));
            return;
        }
        let r = self.owned_reg(p);
        self.vals.push(ValType::I32, Loc::Reg(r));
    }

    /// i64.extend_i32_s / _u.
    pub fn extend(&mut self, signed: bool) {
        let p = self.vals.pop();
        if let Loc::Const(c) = p.val.loc {
            let v = if signed {
                c as i32 as i64
            } else {
                c as i32 as u32 as i64
            };
            self.vals.push(ValType::I64, Loc::Const(v));
            return;
        }
        let l = self.owned_reg(p);
        if signed {
            let h = self.alloc();
            self.emit.asm.imm(ImmOp::Srai, h, l, 31);
            self.vals.push(ValType::I64, Loc::Pair(l, h));
        } else {
            // The high word is known zero: x0 (see `zx64`).
            self.vals.push(ValType::I64, Loc::Pair(l, ZERO));
        }
    }
}
