//! Instruction words: [`Inst::decode`] and [`Inst::try_encode`], with the funct3 /
//! funct7 tables of each instruction group defined once per direction below (the
//! round-trip tests check that the two directions agree).

use super::{
    bits, branch_offset, fits_signed, jal_offset, sext, BranchOp, DecodeError, EncodeError,
};
use super::{ImmOp, Inst, LoadOp};
use super::{Reg, RegOp, StoreOp};

impl Inst {
    /// Decodes one 32-bit word.
    ///
    /// Inlined, and each immediate is computed only in the arm that has one: the
    /// engine decodes every word of a package on each load.
    #[inline]
    pub fn decode(word: u32) -> Result<Inst, DecodeError> {
        let err = |reason| Err(DecodeError { word, reason });
        if word & 0b11 != 0b11 {
            return err("compressed (C extension) encodings are not supported");
        }
        let opcode = word & 0x7f;
        let rd = bits(word, 7, 5) as Reg;
        let funct3 = bits(word, 12, 3);
        let rs1 = bits(word, 15, 5) as Reg;
        let rs2 = bits(word, 20, 5) as Reg;
        let funct7 = bits(word, 25, 7);
        let i_imm = || sext(word >> 20, 12);
        let s_imm = || sext((bits(word, 25, 7) << 5) | bits(word, 7, 5), 12);
        Ok(match opcode {
            0x37 => Inst::Lui {
                rd,
                imm: word & 0xffff_f000,
            },
            0x17 => Inst::Auipc {
                rd,
                imm: word & 0xffff_f000,
            },
            0x6f => Inst::Jal {
                rd,
                offset: jal_offset(word),
            },
            0x67 => {
                if funct3 != 0 {
                    return err("jalr with non-zero funct3");
                }
                Inst::Jalr {
                    rd,
                    rs1,
                    offset: i_imm(),
                }
            }
            0x63 => {
                let Some(op) = branch_op(funct3) else {
                    return err("unknown branch funct3");
                };
                Inst::Branch {
                    op,
                    rs1,
                    rs2,
                    offset: branch_offset(word),
                }
            }
            0x03 => {
                let Some(op) = load_op(funct3) else {
                    return err("unknown load width (RV64 or reserved)");
                };
                Inst::Load {
                    op,
                    rd,
                    rs1,
                    offset: i_imm(),
                }
            }
            0x23 => {
                let Some(op) = store_op(funct3) else {
                    return err("unknown store width (RV64 or reserved)");
                };
                Inst::Store {
                    op,
                    rs1,
                    rs2,
                    offset: s_imm(),
                }
            }
            0x13 => {
                let shamt = bits(word, 20, 5) as i32;
                let Some((op, imm)) = imm_op(funct3, funct7, i_imm(), shamt) else {
                    return err("invalid shift-immediate encoding");
                };
                Inst::Imm { op, rd, rs1, imm }
            }
            0x33 => {
                let Some(op) = reg_op(funct7, funct3) else {
                    return err("unknown register-register ALU encoding");
                };
                Inst::Reg { op, rd, rs1, rs2 }
            }
            0x0f => {
                if funct3 == 0 {
                    Inst::Fence
                } else {
                    return err("fence.i (Zifencei) is not supported");
                }
            }
            0x73 => match word {
                0x0000_0073 => Inst::Ecall,
                0x0010_0073 => Inst::Ebreak,
                _ if funct3 != 0 => return err("CSR instructions (Zicsr) are not supported"),
                _ => return err("unsupported SYSTEM instruction"),
            },
            0x2f => return err("atomic (A extension) instructions are not supported"),
            0x07 | 0x27 | 0x43 | 0x47 | 0x4b | 0x4f | 0x53 => {
                return err("floating-point instructions are not supported")
            }
            _ => return err("unknown opcode"),
        })
    }

    /// Encodes the instruction, or says which field does not fit.
    ///
    /// Always inlined: the compiler emits one instruction every few Wasm bytes with
    /// the variant (often the opcode) a constant at the call site, so inlining folds
    /// the match away; the error path stays out of line ([`encode_error`]).
    #[inline(always)]
    pub fn try_encode(&self) -> Result<u32, EncodeError> {
        let fail = |reason| Err(encode_error(*self, reason));
        let regs_ok = |rs: &[Reg]| rs.iter().all(|r| *r < 32);
        let r = |rd: Reg, rs1: Reg, rs2: Reg, f3: u32, f7: u32, opc: u32| {
            (f7 << 25)
                | ((rs2 as u32) << 20)
                | ((rs1 as u32) << 15)
                | (f3 << 12)
                | ((rd as u32) << 7)
                | opc
        };
        let i = |rd: Reg, rs1: Reg, imm: i32, f3: u32, opc: u32| {
            ((imm as u32 & 0xfff) << 20)
                | ((rs1 as u32) << 15)
                | (f3 << 12)
                | ((rd as u32) << 7)
                | opc
        };
        Ok(match *self {
            Inst::Lui { rd, imm } | Inst::Auipc { rd, imm } => {
                if imm & 0xfff != 0 || !regs_ok(&[rd]) {
                    return fail("upper immediate has low bits set");
                }
                let opc = if matches!(self, Inst::Lui { .. }) {
                    0x37
                } else {
                    0x17
                };
                imm | ((rd as u32) << 7) | opc
            }
            Inst::Jal { rd, offset } => {
                if offset % 2 != 0 || !fits_signed(offset, 21) || !regs_ok(&[rd]) {
                    return fail("jal offset out of range or odd");
                }
                j_type(rd, offset)
            }
            Inst::Jalr { rd, rs1, offset } => {
                if !fits_signed(offset, 12) || !regs_ok(&[rd, rs1]) {
                    return fail("jalr offset out of range");
                }
                i(rd, rs1, offset, 0, 0x67)
            }
            Inst::Branch {
                op,
                rs1,
                rs2,
                offset,
            } => {
                if offset % 2 != 0 || !fits_signed(offset, 13) || !regs_ok(&[rs1, rs2]) {
                    return fail("branch offset out of range or odd");
                }
                b_type(op.funct3(), rs1, rs2, offset)
            }
            Inst::Load {
                op,
                rd,
                rs1,
                offset,
            } => {
                if !fits_signed(offset, 12) || !regs_ok(&[rd, rs1]) {
                    return fail("load offset out of range");
                }
                let f3 = op.funct3();
                i(rd, rs1, offset, f3, 0x03)
            }
            Inst::Store {
                op,
                rs1,
                rs2,
                offset,
            } => {
                if !fits_signed(offset, 12) || !regs_ok(&[rs1, rs2]) {
                    return fail("store offset out of range");
                }
                s_type(op.funct3(), rs1, rs2, offset)
            }
            Inst::Imm { op, rd, rs1, imm } => {
                if !regs_ok(&[rd, rs1]) {
                    return fail("register out of range");
                }
                let shift = matches!(op, ImmOp::Slli | ImmOp::Srli | ImmOp::Srai);
                if shift && !(0..32).contains(&imm) {
                    return fail("shift amount out of range");
                }
                if !shift && !fits_signed(imm, 12) {
                    return fail("immediate out of range");
                }
                let imm = if op == ImmOp::Srai { imm | 0x400 } else { imm };
                i(rd, rs1, imm, op.funct3(), 0x13)
            }
            Inst::Reg { op, rd, rs1, rs2 } => {
                if !regs_ok(&[rd, rs1, rs2]) {
                    return fail("register out of range");
                }
                let (f7, f3) = op.funct7_funct3();
                r(rd, rs1, rs2, f3, f7, 0x33)
            }
            Inst::Fence => 0x0ff0_000f,
            Inst::Ecall => 0x0000_0073,
            Inst::Ebreak => 0x0010_0073,
        })
    }
}

/// The error of an instruction whose field does not fit; out of line so that the
/// inlined encoder stays small.
#[cold]
#[inline(never)]
fn encode_error(inst: Inst, reason: &'static str) -> EncodeError {
    EncodeError { inst, reason }
}

/// A J-type word (`jal`).
pub(crate) fn j_type(rd: Reg, offset: i32) -> u32 {
    let o = offset as u32;
    (bits(o, 20, 1) << 31)
        | (bits(o, 1, 10) << 21)
        | (bits(o, 11, 1) << 20)
        | (bits(o, 12, 8) << 12)
        | ((rd as u32) << 7)
        | 0x6f
}

/// A B-type word (conditional branches).
pub(crate) fn b_type(f3: u32, rs1: Reg, rs2: Reg, offset: i32) -> u32 {
    let o = offset as u32;
    (bits(o, 12, 1) << 31)
        | (bits(o, 5, 6) << 25)
        | ((rs2 as u32) << 20)
        | ((rs1 as u32) << 15)
        | (f3 << 12)
        | (bits(o, 1, 4) << 8)
        | (bits(o, 11, 1) << 7)
        | 0x63
}

/// An S-type word (stores).
pub(crate) fn s_type(f3: u32, rs1: Reg, rs2: Reg, offset: i32) -> u32 {
    let o = offset as u32;
    (bits(o, 5, 7) << 25)
        | ((rs2 as u32) << 20)
        | ((rs1 as u32) << 15)
        | (f3 << 12)
        | (bits(o, 0, 5) << 7)
        | 0x23
}

fn branch_op(funct3: u32) -> Option<BranchOp> {
    Some(match funct3 {
        0 => BranchOp::Beq,
        1 => BranchOp::Bne,
        4 => BranchOp::Blt,
        5 => BranchOp::Bge,
        6 => BranchOp::Bltu,
        7 => BranchOp::Bgeu,
        _ => return None,
    })
}

fn load_op(funct3: u32) -> Option<LoadOp> {
    Some(match funct3 {
        0 => LoadOp::Lb,
        1 => LoadOp::Lh,
        2 => LoadOp::Lw,
        4 => LoadOp::Lbu,
        5 => LoadOp::Lhu,
        _ => return None,
    })
}

fn store_op(funct3: u32) -> Option<StoreOp> {
    Some(match funct3 {
        0 => StoreOp::Sb,
        1 => StoreOp::Sh,
        2 => StoreOp::Sw,
        _ => return None,
    })
}

/// An OP-IMM instruction's operation and immediate (the shift amount for shifts).
fn imm_op(funct3: u32, funct7: u32, i_imm: i32, shamt: i32) -> Option<(ImmOp, i32)> {
    Some(match (funct3, funct7) {
        (0, _) => (ImmOp::Addi, i_imm),
        (2, _) => (ImmOp::Slti, i_imm),
        (3, _) => (ImmOp::Sltiu, i_imm),
        (4, _) => (ImmOp::Xori, i_imm),
        (6, _) => (ImmOp::Ori, i_imm),
        (7, _) => (ImmOp::Andi, i_imm),
        (1, 0x00) => (ImmOp::Slli, shamt),
        (5, 0x00) => (ImmOp::Srli, shamt),
        (5, 0x20) => (ImmOp::Srai, shamt),
        _ => return None,
    })
}

fn reg_op(funct7: u32, funct3: u32) -> Option<RegOp> {
    Some(match (funct7, funct3) {
        (0x00, 0) => RegOp::Add,
        (0x20, 0) => RegOp::Sub,
        (0x00, 1) => RegOp::Sll,
        (0x00, 2) => RegOp::Slt,
        (0x00, 3) => RegOp::Sltu,
        (0x00, 4) => RegOp::Xor,
        (0x00, 5) => RegOp::Srl,
        (0x20, 5) => RegOp::Sra,
        (0x00, 6) => RegOp::Or,
        (0x00, 7) => RegOp::And,
        (0x01, 0) => RegOp::Mul,
        (0x01, 1) => RegOp::Mulh,
        (0x01, 2) => RegOp::Mulhsu,
        (0x01, 3) => RegOp::Mulhu,
        (0x01, 4) => RegOp::Div,
        (0x01, 5) => RegOp::Divu,
        (0x01, 6) => RegOp::Rem,
        (0x01, 7) => RegOp::Remu,
        _ => return None,
    })
}

impl BranchOp {
    fn funct3(self) -> u32 {
        match self {
            BranchOp::Beq => 0,
            BranchOp::Bne => 1,
            BranchOp::Blt => 4,
            BranchOp::Bge => 5,
            BranchOp::Bltu => 6,
            BranchOp::Bgeu => 7,
        }
    }
}

impl LoadOp {
    fn funct3(self) -> u32 {
        match self {
            LoadOp::Lb => 0,
            LoadOp::Lh => 1,
            LoadOp::Lw => 2,
            LoadOp::Lbu => 4,
            LoadOp::Lhu => 5,
        }
    }
}

impl StoreOp {
    fn funct3(self) -> u32 {
        match self {
            StoreOp::Sb => 0,
            StoreOp::Sh => 1,
            StoreOp::Sw => 2,
        }
    }
}

impl ImmOp {
    fn funct3(self) -> u32 {
        match self {
            ImmOp::Addi => 0,
            ImmOp::Slti => 2,
            ImmOp::Sltiu => 3,
            ImmOp::Xori => 4,
            ImmOp::Ori => 6,
            ImmOp::Andi => 7,
            ImmOp::Slli => 1,
            ImmOp::Srli | ImmOp::Srai => 5,
        }
    }
}

impl RegOp {
    fn funct7_funct3(self) -> (u32, u32) {
        match self {
            RegOp::Add => (0x00, 0),
            RegOp::Sub => (0x20, 0),
            RegOp::Sll => (0x00, 1),
            RegOp::Slt => (0x00, 2),
            RegOp::Sltu => (0x00, 3),
            RegOp::Xor => (0x00, 4),
            RegOp::Srl => (0x00, 5),
            RegOp::Sra => (0x20, 5),
            RegOp::Or => (0x00, 6),
            RegOp::And => (0x00, 7),
            RegOp::Mul => (0x01, 0),
            RegOp::Mulh => (0x01, 1),
            RegOp::Mulhsu => (0x01, 2),
            RegOp::Mulhu => (0x01, 3),
            RegOp::Div => (0x01, 4),
            RegOp::Divu => (0x01, 5),
            RegOp::Rem => (0x01, 6),
            RegOp::Remu => (0x01, 7),
        }
    }
}
