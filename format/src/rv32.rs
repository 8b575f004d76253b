//! RV32I/E + M instruction encodings: one definition for the compiler (which emits
//! instructions), the engine (which decodes them) and the disassembler.
//!
//! Only 32-bit encodings exist here: compressed (C extension), CSR, atomic and
//! floating-point encodings are reported as unsupported by [`Inst::decode`].
//! Register numbers are 0..=31; whether a program may use x16..x31 (RV32E forbids it)
//! is the engine's decision, not the decoder's.

use std::fmt;

/// A register number, 0..=31.
pub type Reg = u8;

impl BranchOp {
    /// Every branch kind, for exhaustive tests and generators.
    pub const ALL: [BranchOp; 6] = [
        BranchOp::Beq,
        BranchOp::Bne,
        BranchOp::Blt,
        BranchOp::Bge,
        BranchOp::Bltu,
        BranchOp::Bgeu,
    ];
}

impl LoadOp {
    /// Every load kind.
    pub const ALL: [LoadOp; 5] = [LoadOp::Lb, LoadOp::Lh, LoadOp::Lw, LoadOp::Lbu, LoadOp::Lhu];
}

impl StoreOp {
    /// Every store kind.
    pub const ALL: [StoreOp; 3] = [StoreOp::Sb, StoreOp::Sh, StoreOp::Sw];
}

impl ImmOp {
    /// Every register-immediate operation.
    pub const ALL: [ImmOp; 9] = [
        ImmOp::Addi,
        ImmOp::Slti,
        ImmOp::Sltiu,
        ImmOp::Xori,
        ImmOp::Ori,
        ImmOp::Andi,
        ImmOp::Slli,
        ImmOp::Srli,
        ImmOp::Srai,
    ];
}

impl RegOp {
    /// Every register-register operation, M extension included.
    pub const ALL: [RegOp; 18] = [
        RegOp::Add,
        RegOp::Sub,
        RegOp::Sll,
        RegOp::Slt,
        RegOp::Sltu,
        RegOp::Xor,
        RegOp::Srl,
        RegOp::Sra,
        RegOp::Or,
        RegOp::And,
        RegOp::Mul,
        RegOp::Mulh,
        RegOp::Mulhsu,
        RegOp::Mulhu,
        RegOp::Div,
        RegOp::Divu,
        RegOp::Rem,
        RegOp::Remu,
    ];
}

/// Conditional branch kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BranchOp {
    /// Branch if equal.
    Beq,
    /// Branch if not equal.
    Bne,
    /// Branch if less than (signed).
    Blt,
    /// Branch if greater or equal (signed).
    Bge,
    /// Branch if less than (unsigned).
    Bltu,
    /// Branch if greater or equal (unsigned).
    Bgeu,
}

/// Load kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoadOp {
    /// Sign-extended byte.
    Lb,
    /// Sign-extended halfword.
    Lh,
    /// Word.
    Lw,
    /// Zero-extended byte.
    Lbu,
    /// Zero-extended halfword.
    Lhu,
}

/// Store kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreOp {
    /// Byte.
    Sb,
    /// Halfword.
    Sh,
    /// Word.
    Sw,
}

/// Register-immediate ALU operations (shift amounts live in `imm`, 0..=31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImmOp {
    /// Add immediate.
    Addi,
    /// Set if less than immediate (signed).
    Slti,
    /// Set if less than immediate (unsigned compare of sign-extended imm).
    Sltiu,
    /// Xor immediate.
    Xori,
    /// Or immediate.
    Ori,
    /// And immediate.
    Andi,
    /// Shift left logical.
    Slli,
    /// Shift right logical.
    Srli,
    /// Shift right arithmetic.
    Srai,
}

/// Register-register ALU operations, including the M extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegOp {
    /// Add.
    Add,
    /// Subtract.
    Sub,
    /// Shift left logical (amount mod 32).
    Sll,
    /// Set if less than (signed).
    Slt,
    /// Set if less than (unsigned).
    Sltu,
    /// Xor.
    Xor,
    /// Shift right logical.
    Srl,
    /// Shift right arithmetic.
    Sra,
    /// Or.
    Or,
    /// And.
    And,
    /// Low 32 bits of the product.
    Mul,
    /// High 32 bits, signed x signed.
    Mulh,
    /// High 32 bits, signed x unsigned.
    Mulhsu,
    /// High 32 bits, unsigned x unsigned.
    Mulhu,
    /// Signed division (x/0 = -1, MIN/-1 = MIN).
    Div,
    /// Unsigned division (x/0 = all ones).
    Divu,
    /// Signed remainder (x%0 = x, MIN%-1 = 0).
    Rem,
    /// Unsigned remainder (x%0 = x).
    Remu,
}

/// One decoded RV32 instruction.
///
/// Immediates are stored as their final signed values (`Lui`/`Auipc` hold the already
/// shifted 32-bit value whose low 12 bits are zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inst {
    /// rd = imm (low 12 bits zero).
    Lui { rd: Reg, imm: u32 },
    /// rd = pc + imm (low 12 bits zero).
    Auipc { rd: Reg, imm: u32 },
    /// rd = pc + 4; pc += offset.
    Jal { rd: Reg, offset: i32 },
    /// rd = pc + 4; pc = (rs1 + offset) & !1.
    Jalr { rd: Reg, rs1: Reg, offset: i32 },
    /// if cond(rs1, rs2) pc += offset.
    Branch {
        op: BranchOp,
        rs1: Reg,
        rs2: Reg,
        offset: i32,
    },
    /// rd = load(rs1 + offset).
    Load {
        op: LoadOp,
        rd: Reg,
        rs1: Reg,
        offset: i32,
    },
    /// store(rs1 + offset) = rs2.
    Store {
        op: StoreOp,
        rs1: Reg,
        rs2: Reg,
        offset: i32,
    },
    /// rd = rs1 op imm.
    Imm {
        op: ImmOp,
        rd: Reg,
        rs1: Reg,
        imm: i32,
    },
    /// rd = rs1 op rs2.
    Reg {
        op: RegOp,
        rd: Reg,
        rs1: Reg,
        rs2: Reg,
    },
    /// Memory ordering fence: a no-op on a single hart.
    Fence,
    /// Host call.
    Ecall,
    /// Breakpoint: traps.
    Ebreak,
}

/// Why a word is not an instruction Rivet runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The offending word.
    pub word: u32,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "instruction word {:#010x}: {}", self.word, self.reason)
    }
}

impl std::error::Error for DecodeError {}

/// Why an instruction cannot be encoded (an immediate or register out of range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// The instruction.
    pub inst: Inst,
    /// What does not fit.
    pub reason: &'static str,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot encode {}: {}", self.inst, self.reason)
    }
}

impl std::error::Error for EncodeError {}

fn bits(word: u32, lo: u32, len: u32) -> u32 {
    (word >> lo) & ((1 << len) - 1)
}

fn sext(value: u32, width: u32) -> i32 {
    let shift = 32 - width;
    ((value << shift) as i32) >> shift
}

/// True when `v` fits a signed immediate of `width` bits.
#[inline]
pub fn fits_signed(v: i32, width: u32) -> bool {
    let min = -(1i64 << (width - 1));
    let max = (1i64 << (width - 1)) - 1;
    (min..=max).contains(&(v as i64))
}

impl Inst {
    /// Decodes one 32-bit word.
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
        let i_imm = sext(word >> 20, 12);
        let s_imm = sext((bits(word, 25, 7) << 5) | bits(word, 7, 5), 12);
        let b_imm = sext(
            (bits(word, 31, 1) << 12)
                | (bits(word, 7, 1) << 11)
                | (bits(word, 25, 6) << 5)
                | (bits(word, 8, 4) << 1),
            13,
        );
        let j_imm = sext(
            (bits(word, 31, 1) << 20)
                | (bits(word, 12, 8) << 12)
                | (bits(word, 20, 1) << 11)
                | (bits(word, 21, 10) << 1),
            21,
        );
        Ok(match opcode {
            0x37 => Inst::Lui {
                rd,
                imm: word & 0xffff_f000,
            },
            0x17 => Inst::Auipc {
                rd,
                imm: word & 0xffff_f000,
            },
            0x6f => Inst::Jal { rd, offset: j_imm },
            0x67 => {
                if funct3 != 0 {
                    return err("jalr with non-zero funct3");
                }
                Inst::Jalr {
                    rd,
                    rs1,
                    offset: i_imm,
                }
            }
            0x63 => {
                let op = match funct3 {
                    0 => BranchOp::Beq,
                    1 => BranchOp::Bne,
                    4 => BranchOp::Blt,
                    5 => BranchOp::Bge,
                    6 => BranchOp::Bltu,
                    7 => BranchOp::Bgeu,
                    _ => return err("unknown branch funct3"),
                };
                Inst::Branch {
                    op,
                    rs1,
                    rs2,
                    offset: b_imm,
                }
            }
            0x03 => {
                let op = match funct3 {
                    0 => LoadOp::Lb,
                    1 => LoadOp::Lh,
                    2 => LoadOp::Lw,
                    4 => LoadOp::Lbu,
                    5 => LoadOp::Lhu,
                    _ => return err("unknown load width (RV64 or reserved)"),
                };
                Inst::Load {
                    op,
                    rd,
                    rs1,
                    offset: i_imm,
                }
            }
            0x23 => {
                let op = match funct3 {
                    0 => StoreOp::Sb,
                    1 => StoreOp::Sh,
                    2 => StoreOp::Sw,
                    _ => return err("unknown store width (RV64 or reserved)"),
                };
                Inst::Store {
                    op,
                    rs1,
                    rs2,
                    offset: s_imm,
                }
            }
            0x13 => {
                let shamt = bits(word, 20, 5) as i32;
                let (op, imm) = match (funct3, funct7) {
                    (0, _) => (ImmOp::Addi, i_imm),
                    (2, _) => (ImmOp::Slti, i_imm),
                    (3, _) => (ImmOp::Sltiu, i_imm),
                    (4, _) => (ImmOp::Xori, i_imm),
                    (6, _) => (ImmOp::Ori, i_imm),
                    (7, _) => (ImmOp::Andi, i_imm),
                    (1, 0x00) => (ImmOp::Slli, shamt),
                    (5, 0x00) => (ImmOp::Srli, shamt),
                    (5, 0x20) => (ImmOp::Srai, shamt),
                    _ => return err("invalid shift-immediate encoding"),
                };
                Inst::Imm { op, rd, rs1, imm }
            }
            0x33 => {
                let op = match (funct7, funct3) {
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
                    _ => return err("unknown register-register ALU encoding"),
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
    #[inline]
    pub fn try_encode(&self) -> Result<u32, EncodeError> {
        let fail = |reason| {
            Err(EncodeError {
                inst: *self,
                reason,
            })
        };
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
                let o = offset as u32;
                (bits(o, 20, 1) << 31)
                    | (bits(o, 1, 10) << 21)
                    | (bits(o, 11, 1) << 20)
                    | (bits(o, 12, 8) << 12)
                    | ((rd as u32) << 7)
                    | 0x6f
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
                let f3 = match op {
                    BranchOp::Beq => 0,
                    BranchOp::Bne => 1,
                    BranchOp::Blt => 4,
                    BranchOp::Bge => 5,
                    BranchOp::Bltu => 6,
                    BranchOp::Bgeu => 7,
                };
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
            Inst::Load {
                op,
                rd,
                rs1,
                offset,
            } => {
                if !fits_signed(offset, 12) || !regs_ok(&[rd, rs1]) {
                    return fail("load offset out of range");
                }
                let f3 = match op {
                    LoadOp::Lb => 0,
                    LoadOp::Lh => 1,
                    LoadOp::Lw => 2,
                    LoadOp::Lbu => 4,
                    LoadOp::Lhu => 5,
                };
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
                let f3 = match op {
                    StoreOp::Sb => 0,
                    StoreOp::Sh => 1,
                    StoreOp::Sw => 2,
                };
                let o = offset as u32;
                (bits(o, 5, 7) << 25)
                    | ((rs2 as u32) << 20)
                    | ((rs1 as u32) << 15)
                    | (f3 << 12)
                    | (bits(o, 0, 5) << 7)
                    | 0x23
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
                match op {
                    ImmOp::Addi => i(rd, rs1, imm, 0, 0x13),
                    ImmOp::Slti => i(rd, rs1, imm, 2, 0x13),
                    ImmOp::Sltiu => i(rd, rs1, imm, 3, 0x13),
                    ImmOp::Xori => i(rd, rs1, imm, 4, 0x13),
                    ImmOp::Ori => i(rd, rs1, imm, 6, 0x13),
                    ImmOp::Andi => i(rd, rs1, imm, 7, 0x13),
                    ImmOp::Slli => i(rd, rs1, imm, 1, 0x13),
                    ImmOp::Srli => i(rd, rs1, imm, 5, 0x13),
                    ImmOp::Srai => i(rd, rs1, imm | 0x400, 5, 0x13),
                }
            }
            Inst::Reg { op, rd, rs1, rs2 } => {
                if !regs_ok(&[rd, rs1, rs2]) {
                    return fail("register out of range");
                }
                let (f7, f3) = match op {
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
                };
                r(rd, rs1, rs2, f3, f7, 0x33)
            }
            Inst::Fence => 0x0ff0_000f,
            Inst::Ecall => 0x0000_0073,
            Inst::Ebreak => 0x0010_0073,
        })
    }

    /// Encodes the instruction.
    ///
    /// # Panics
    /// When a field does not fit; emitters must range-check first or use
    /// [`Inst::try_encode`]. Decoded instructions always re-encode.
    #[inline]
    pub fn encode(&self) -> u32 {
        match self.try_encode() {
            Ok(w) => w,
            Err(e) => panic!("{e}"),
        }
    }

    /// Registers this instruction reads and writes, for RV32E checks: (rd, sources).
    pub fn registers(&self) -> (Option<Reg>, [Option<Reg>; 2]) {
        match *self {
            Inst::Lui { rd, .. } | Inst::Auipc { rd, .. } | Inst::Jal { rd, .. } => {
                (Some(rd), [None, None])
            }
            Inst::Jalr { rd, rs1, .. } | Inst::Load { rd, rs1, .. } | Inst::Imm { rd, rs1, .. } => {
                (Some(rd), [Some(rs1), None])
            }
            Inst::Branch { rs1, rs2, .. } | Inst::Store { rs1, rs2, .. } => {
                (None, [Some(rs1), Some(rs2)])
            }
            Inst::Reg { rd, rs1, rs2, .. } => (Some(rd), [Some(rs1), Some(rs2)]),
            Inst::Fence | Inst::Ecall | Inst::Ebreak => (None, [None, None]),
        }
    }
}

/// ABI register names, for disassembly.
pub const REG_NAMES: [&str; 32] = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
    "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
    "t5", "t6",
];

fn rn(r: Reg) -> &'static str {
    REG_NAMES.get(r as usize).copied().unwrap_or("x?")
}

impl fmt::Display for Inst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Inst::Lui { rd, imm } => write!(f, "lui {}, {:#x}", rn(rd), imm >> 12),
            Inst::Auipc { rd, imm } => write!(f, "auipc {}, {:#x}", rn(rd), imm >> 12),
            Inst::Jal { rd, offset } => write!(f, "jal {}, {offset:+}", rn(rd)),
            Inst::Jalr { rd, rs1, offset } => write!(f, "jalr {}, {offset}({})", rn(rd), rn(rs1)),
            Inst::Branch {
                op,
                rs1,
                rs2,
                offset,
            } => {
                let name = format!("{op:?}").to_lowercase();
                write!(f, "{name} {}, {}, {offset:+}", rn(rs1), rn(rs2))
            }
            Inst::Load {
                op,
                rd,
                rs1,
                offset,
            } => {
                let name = format!("{op:?}").to_lowercase();
                write!(f, "{name} {}, {offset}({})", rn(rd), rn(rs1))
            }
            Inst::Store {
                op,
                rs1,
                rs2,
                offset,
            } => {
                let name = format!("{op:?}").to_lowercase();
                write!(f, "{name} {}, {offset}({})", rn(rs2), rn(rs1))
            }
            Inst::Imm { op, rd, rs1, imm } => {
                let name = format!("{op:?}").to_lowercase();
                write!(f, "{name} {}, {}, {imm}", rn(rd), rn(rs1))
            }
            Inst::Reg { op, rd, rs1, rs2 } => {
                let name = format!("{op:?}").to_lowercase();
                write!(f, "{name} {}, {}, {}", rn(rd), rn(rs1), rn(rs2))
            }
            Inst::Fence => f.write_str("fence"),
            Inst::Ecall => f.write_str("ecall"),
            Inst::Ebreak => f.write_str("ebreak"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_encodings() {
        // addi a0, zero, 42
        assert_eq!(
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 10,
                rs1: 0,
                imm: 42
            }
            .encode(),
            0x02a0_0513
        );
        // add a0, a0, a1
        assert_eq!(
            Inst::Reg {
                op: RegOp::Add,
                rd: 10,
                rs1: 10,
                rs2: 11
            }
            .encode(),
            0x00b5_0533
        );
        // jal ra, -4
        assert_eq!(Inst::Jal { rd: 1, offset: -4 }.encode(), 0xffdf_f0ef);
        // sw a1, 8(sp)
        assert_eq!(
            Inst::Store {
                op: StoreOp::Sw,
                rs1: 2,
                rs2: 11,
                offset: 8
            }
            .encode(),
            0x00b1_2423
        );
        // beq a0, a1, -8
        assert_eq!(
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 10,
                rs2: 11,
                offset: -8
            }
            .encode(),
            0xfeb5_0ce3
        );
        assert_eq!(Inst::decode(0x0000_0073).unwrap(), Inst::Ecall);
    }

    #[test]
    fn round_trips_across_the_immediate_ranges() {
        let mut insts = vec![Inst::Fence, Inst::Ecall, Inst::Ebreak];
        for imm in [-2048, -1, 0, 1, 2047] {
            insts.push(Inst::Imm {
                op: ImmOp::Addi,
                rd: 5,
                rs1: 6,
                imm,
            });
            insts.push(Inst::Load {
                op: LoadOp::Lhu,
                rd: 7,
                rs1: 8,
                offset: imm,
            });
            insts.push(Inst::Store {
                op: StoreOp::Sb,
                rs1: 9,
                rs2: 10,
                offset: imm,
            });
            insts.push(Inst::Jalr {
                rd: 1,
                rs1: 11,
                offset: imm,
            });
        }
        for offset in [-4096, -2, 2, 4094] {
            for op in BranchOp::ALL {
                insts.push(Inst::Branch {
                    op,
                    rs1: 12,
                    rs2: 13,
                    offset,
                });
            }
        }
        for offset in [-(1 << 20), -2, 2, (1 << 20) - 2] {
            insts.push(Inst::Jal { rd: 0, offset });
        }
        for sh in [0, 1, 31] {
            for op in [ImmOp::Slli, ImmOp::Srli, ImmOp::Srai] {
                insts.push(Inst::Imm {
                    op,
                    rd: 14,
                    rs1: 15,
                    imm: sh,
                });
            }
        }
        insts.push(Inst::Lui {
            rd: 3,
            imm: 0xfffff000,
        });
        insts.push(Inst::Auipc {
            rd: 4,
            imm: 0x12345000,
        });
        for inst in insts {
            let word = inst.encode();
            assert_eq!(Inst::decode(word), Ok(inst), "{inst} ({word:#010x})");
        }
    }

    #[test]
    fn unsupported_words_say_why() {
        assert!(Inst::decode(0x4501)
            .unwrap_err()
            .reason
            .contains("compressed"));
        assert!(Inst::decode(0x3410_2573)
            .unwrap_err()
            .reason
            .contains("CSR"));
        assert!(Inst::decode(0x0000_0053)
            .unwrap_err()
            .reason
            .contains("floating"));
        assert!(Inst::decode(0xffff_ffff).is_err());
        assert!(Inst::Imm {
            op: ImmOp::Addi,
            rd: 1,
            rs1: 1,
            imm: 4096
        }
        .try_encode()
        .is_err());
    }
}
