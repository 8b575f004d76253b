//! ALU instructions (register-immediate, register-register, multiply, divide) of
//! the x86-64 translation; the register roles and invariants are those of
//! [`super::translate`] (`rax`/`rcx` scratch, `rcx` possibly mirroring a guest
//! register, `rdx` pinned last and saved around division).

use super::branch::branch_cond;
use super::translate::{reg_slot, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use rivet_format::rv32::{BranchOp, ImmOp, RegOp};

impl Tr<'_> {
    /// After a compare, with `rcx` zeroed: `rd = 1` when it found the first
    /// operand below the second (`signed` or not), else 0, through `rcx`; the
    /// flags stay the compare's, recorded for a branch on `rd`.
    fn set_below(&mut self, rd: u8, signed: bool) {
        let k = if signed {
            BranchOp::Blt
        } else {
            BranchOp::Bltu
        };
        self.a.setcc(branch_cond(k, true), RCX);
        self.set(rd, RCX);
        self.flags_as(rd, k);
    }

    pub(super) fn imm_op(&mut self, op: ImmOp, rd: u8, rs1: u8, imm: i32) {
        if rd == 0 {
            return;
        }
        match op {
            ImmOp::Slti | ImmOp::Sltiu => {
                // Read rs1 before zeroing rcx (which may hold it).
                let a = match self.gr(rs1) {
                    Rm::Reg(RCX) => {
                        self.a.mov_r_rm(RAX, Rm::Reg(RCX));
                        Rm::Reg(RAX)
                    }
                    a => a,
                };
                self.clobber_rcx();
                self.a.alu_r_rm(Alu::Xor, RCX, Rm::Reg(RCX));
                self.a.alu_rm_imm(Alu::Cmp, a, imm);
                self.set_below(rd, op == ImmOp::Slti);
            }
            ImmOp::Addi | ImmOp::Xori | ImmOp::Ori | ImmOp::Andi => {
                let alu = match op {
                    ImmOp::Addi => Alu::Add,
                    ImmOp::Xori => Alu::Xor,
                    ImmOp::Ori => Alu::Or,
                    _ => Alu::And,
                };
                if rs1 == 0 {
                    // x0 op imm is a constant.
                    let v = match alu {
                        Alu::And => 0,
                        _ => imm as u32,
                    };
                    self.set_const(rd, v);
                } else if rd == rs1 {
                    if !(imm == 0 && alu != Alu::And) {
                        // In rcx when it holds rd or the next instruction reads rd
                        // (see `scratch_for`): no read-modify-write of the slot.
                        if self.pins.get(rd).is_none() && self.scratch_for(rd) == RCX {
                            self.load(RCX, rd);
                        }
                        let d = self.gr(rd);
                        self.a.alu_rm_imm(alu, d, imm);
                        match d {
                            Rm::Reg(RCX) => self.set(rd, RCX),
                            _ => self.wrote(rd),
                        }
                        self.flags_of(rd);
                    }
                } else if let (Alu::Add, true, Rm::Reg(s)) = (alu, imm != 0, self.gr(rs1)) {
                    // Three-operand add: one 32-bit lea (wraps, zero-extends).
                    let d = self.dst(rd, self.scratch_for(rd));
                    self.a.lea32(d, mem(s, imm));
                    self.set(rd, d);
                } else if let (true, None, Rm::Reg(s)) =
                    (imm == 0 && alu != Alu::And, self.pins.get(rd), self.gr(rs1))
                {
                    // A move (`mv`) from a host register into a slot: one store.
                    self.set(rd, s);
                } else {
                    let d = self.dst(rd, self.scratch_for(rd));
                    self.load(d, rs1);
                    // `x op 0` is `x` (a move) for add, or and xor.
                    let op = imm != 0 || alu == Alu::And;
                    if op {
                        self.a.alu_rm_imm(alu, Rm::Reg(d), imm);
                    }
                    self.set(rd, d);
                    if op {
                        self.flags_of(rd);
                    }
                }
            }
            ImmOp::Slli | ImmOp::Srli | ImmOp::Srai => {
                let sh = match op {
                    ImmOp::Slli => Shift::Shl,
                    ImmOp::Srli => Shift::Shr,
                    _ => Shift::Sar,
                };
                let d = self.dst(rd, self.scratch_for(rd));
                // A shift by 0 is a move (the compiler's i64 shift by 32).
                let k = (imm as u32 & 31) as u8;
                match self.gr(rs1) {
                    // `x << k` from a host register into another, k <= 3 (an
                    // index scaled to an address): one `lea` rather than a move
                    // and a shift (no flags are recorded for shifts either way).
                    Rm::Reg(x)
                        if sh == Shift::Shl && (1..=3).contains(&k) && x != d && rs1 != 0 =>
                    {
                        match k {
                            1 => self.a.lea32_scaled(d, Some(x), x, 0),
                            _ => self.a.lea32_scaled(d, None, x, k),
                        }
                    }
                    _ => {
                        self.load(d, rs1);
                        if k != 0 {
                            self.a.shift_imm(sh, Rm::Reg(d), k);
                        }
                    }
                }
                self.set(rd, d);
            }
        }
    }

    /// `rd op= rs2` on an unpinned `rd`: in `rcx` when it holds `rd` or the
    /// next instruction reads `rd` (see [`Tr::scratch_for`]), else one
    /// read-modify-write of `rd`'s slot.
    fn op_into_slot(&mut self, alu: Alu, rd: u8, rs2: u8) {
        if self.gr(rd) == Rm::Reg(RCX) || self.scratch_for(rd) == RCX {
            // rs2 is read after rcx takes rd (from its slot if rcx held it).
            self.load(RCX, rd);
            let b = self.gr(rs2);
            self.a.alu_r_rm(alu, RCX, b);
            self.set(rd, RCX);
        } else {
            let b = match self.gr(rs2) {
                Rm::Reg(h) => h,
                _ => {
                    self.load(RAX, rs2);
                    RAX
                }
            };
            self.a.alu_rm_r(alu, reg_slot(rd), b);
            self.wrote(rd);
        }
        self.flags_of(rd);
    }

    pub(super) fn reg_op(&mut self, op: RegOp, rd: u8, rs1: u8, rs2: u8) {
        if rd == 0 {
            return;
        }
        match op {
            RegOp::Add | RegOp::Sub | RegOp::And | RegOp::Or | RegOp::Xor | RegOp::Mul => {
                // A commutative op with rd == rs2 (and rs1 != rd) is rd op= rs1.
                let (rs1, rs2) = if rd == rs2 && rd != rs1 && op != RegOp::Sub {
                    (rs2, rs1)
                } else {
                    (rs1, rs2)
                };
                let alu = match op {
                    RegOp::Add => Some(Alu::Add),
                    RegOp::Sub => Some(Alu::Sub),
                    RegOp::And => Some(Alu::And),
                    RegOp::Or => Some(Alu::Or),
                    RegOp::Xor => Some(Alu::Xor),
                    _ => None,
                };
                if let (Some(alu), None, true) = (alu, self.pins.get(rd), rd == rs1 && rd != rs2) {
                    self.op_into_slot(alu, rd, rs2);
                    return;
                }
                // Three-operand add of two host registers: one lea.
                if let (RegOp::Add, Rm::Reg(a), Rm::Reg(b)) = (op, self.gr(rs1), self.gr(rs2)) {
                    if rd != rs1 && rd != rs2 {
                        let d = self.dst(rd, self.scratch_for(rd));
                        self.a.lea32(
                            d,
                            Rm::Mem {
                                base: a,
                                index: Some(b),
                                disp: 0,
                            },
                        );
                        self.set(rd, d);
                        return;
                    }
                }
                // Computing in rd's own register is only safe when rs2 is not rd.
                let d = if rd == rs2 {
                    RAX
                } else {
                    self.dst(rd, self.scratch_for(rd))
                };
                self.load(d, rs1);
                let b = self.gr(rs2);
                match op {
                    RegOp::Add => self.a.alu_r_rm(Alu::Add, d, b),
                    RegOp::Sub => self.a.alu_r_rm(Alu::Sub, d, b),
                    RegOp::And => self.a.alu_r_rm(Alu::And, d, b),
                    RegOp::Or => self.a.alu_r_rm(Alu::Or, d, b),
                    RegOp::Xor => self.a.alu_r_rm(Alu::Xor, d, b),
                    _ => self.a.imul_r_rm(d, b),
                }
                self.set(rd, d);
                if op != RegOp::Mul {
                    self.flags_of(rd);
                }
            }
            RegOp::Sll | RegOp::Srl | RegOp::Sra => {
                let sh = match op {
                    RegOp::Sll => Shift::Shl,
                    RegOp::Srl => Shift::Shr,
                    _ => Shift::Sar,
                };
                self.load(RCX, rs2);
                let d = self.dst(rd, RAX);
                self.load(d, rs1);
                self.a.shift_cl(sh, Rm::Reg(d));
                self.set(rd, d);
            }
            RegOp::Slt | RegOp::Sltu => {
                // Compare first (it may read rcx), then zero rcx without touching
                // the flags.
                self.compare(rs1, rs2);
                self.clobber_rcx();
                self.a.mov_rm_imm(Rm::Reg(RCX), 0);
                self.set_below(rd, op == RegOp::Slt);
            }
            RegOp::Mulh | RegOp::Mulhsu | RegOp::Mulhu => {
                let (a, b) = (self.gr(rs1), self.gr(rs2));
                self.clobber_rcx();
                // 64-bit product of the sign- or zero-extended operands; it never
                // overflows an i64 except for mulhu, whose low 64 bits are still exact.
                match op {
                    RegOp::Mulhu => self.a.mov_r_rm(RAX, a),
                    _ => self.a.movsxd(RAX, a),
                }
                match op {
                    RegOp::Mulh => self.a.movsxd(RCX, b),
                    _ => self.a.mov_r_rm(RCX, b),
                }
                self.a.imul64_r_rm(RAX, Rm::Reg(RCX));
                self.a.shift64_imm(Shift::Shr, Rm::Reg(RAX), 32);
                self.set(rd, RAX);
            }
            RegOp::Div | RegOp::Rem | RegOp::Divu | RegOp::Remu => self.div_op(op, rd, rs1, rs2),
        }
    }

    /// RISC-V division semantics on x86 `div`/`idiv`.
    fn div_op(&mut self, op: RegOp, rd: u8, rs1: u8, rs2: u8) {
        match op {
            RegOp::Div | RegOp::Rem => {
                // RISC-V: x / 0 = -1, x % 0 = x; INT_MIN / -1 = INT_MIN, rem 0. x86
                // idiv faults on both, so they never reach it.
                let rem = op == RegOp::Rem;
                self.load(RAX, rs1);
                self.load(RCX, rs2);
                let saved = self.save_rdx();
                self.clobber_rcx();
                self.a.test_rm_r(Rm::Reg(RCX), RCX);
                let zero = self.a.jcc8(Cond::E);
                self.a.alu_rm_imm(Alu::Cmp, Rm::Reg(RCX), -1);
                let minus1 = self.a.jcc8(Cond::E);
                self.a.cdq();
                self.a.idiv(Rm::Reg(RCX));
                let done1 = self.a.jmp8();
                self.a.bind8(zero);
                if rem {
                    self.a.mov_r_rm(RDX, Rm::Reg(RAX));
                } else {
                    self.a.mov_rm_imm(Rm::Reg(RAX), u32::MAX);
                }
                let done2 = self.a.jmp8();
                self.a.bind8(minus1);
                if rem {
                    self.a.alu_r_rm(Alu::Xor, RDX, Rm::Reg(RDX));
                } else {
                    self.a.neg(Rm::Reg(RAX));
                }
                self.a.bind8(done1);
                self.a.bind8(done2);
                self.div_result(rd, rem, saved);
            }
            // Divu, Remu.
            _ => {
                let rem = op == RegOp::Remu;
                self.load(RAX, rs1);
                self.load(RCX, rs2);
                let saved = self.save_rdx();
                self.clobber_rcx();
                self.a.test_rm_r(Rm::Reg(RCX), RCX);
                let zero = self.a.jcc8(Cond::E);
                self.a.alu_r_rm(Alu::Xor, RDX, Rm::Reg(RDX));
                self.a.div(Rm::Reg(RCX));
                let done = self.a.jmp8();
                self.a.bind8(zero);
                if rem {
                    self.a.mov_r_rm(RDX, Rm::Reg(RAX));
                } else {
                    self.a.mov_rm_imm(Rm::Reg(RAX), u32::MAX);
                }
                self.a.bind8(done);
                self.div_result(rd, rem, saved);
            }
        }
    }

    /// Before `div`/`idiv` clobber `rdx`: stores the guest register pinned there (if
    /// any) to its slot, after the operands were read.
    fn save_rdx(&mut self) -> Option<u8> {
        let g = self.pins.guest_in(RDX)?;
        self.a.mov_rm_r(reg_slot(g), RDX);
        Some(g)
    }

    /// After a division: the quotient (`eax`) or remainder (`edx`) goes to `rd`, and the
    /// guest register saved by [`Tr::save_rdx`] comes back first (so `rd` wins if it
    /// is that register).
    fn div_result(&mut self, rd: u8, rem: bool, saved: Option<u8>) {
        match saved {
            None => self.set(rd, if rem { RDX } else { RAX }),
            Some(g) => {
                if rem {
                    self.a.mov_r_rm(RAX, Rm::Reg(RDX));
                }
                self.a.mov_r_rm(RDX, reg_slot(g));
                self.set(rd, RAX);
            }
        }
    }
}
