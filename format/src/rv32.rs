//! RV32I/E + M instruction encodings: one definition for the compiler (which emits
//! instructions), the engine (which decodes them) and the disassembler.
//!
//! Only 32-bit encodings exist here: compressed (C extension), CSR, atomic and
//! floating-point encodings are reported as unsupported by [`Inst::decode`].
//! Register numbers are 0..=31; whether a program may use x16..x31 (RV32E forbids it)
//! is the engine's decision, not the decoder's.

pub(crate) mod codec;

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

/// The panic of [`Inst::encode`], out of line so that the inlined encoder stays small.
#[cold]
#[inline(never)]
fn encode_failed(e: EncodeError) -> ! {
    panic!("{e}")
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot encode {}: {}", self.inst, self.reason)
    }
}

impl std::error::Error for EncodeError {}

/// The major opcodes (bits 0..7) of the RV32 instructions Rivet runs, for code
/// that classifies instruction words without decoding them (the compiler's slot
/// cache scan and jump threading).
pub mod opcode {
    pub const LOAD: u32 = 0x03;
    pub const FENCE: u32 = 0x0f;
    pub const IMM: u32 = 0x13;
    pub const AUIPC: u32 = 0x17;
    pub const STORE: u32 = 0x23;
    pub const REG: u32 = 0x33;
    pub const LUI: u32 = 0x37;
    pub const BRANCH: u32 = 0x63;
    pub const JALR: u32 = 0x67;
    pub const JAL: u32 = 0x6f;
}

/// The byte offset of the `jal` word `word` (J-type immediate), read from its
/// bits without decoding the rest ([`Inst::decode`] uses it too).
#[inline]
pub fn jal_offset(word: u32) -> i32 {
    sext(
        (bits(word, 31, 1) << 20)
            | (bits(word, 12, 8) << 12)
            | (bits(word, 20, 1) << 11)
            | (bits(word, 21, 10) << 1),
        21,
    )
}

/// The byte offset of the conditional branch word `word` (B-type immediate),
/// read from its bits ([`Inst::decode`] uses it too).
#[inline]
pub fn branch_offset(word: u32) -> i32 {
    sext(
        (bits(word, 31, 1) << 12)
            | (bits(word, 7, 1) << 11)
            | (bits(word, 25, 6) << 5)
            | (bits(word, 8, 4) << 1),
        13,
    )
}

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
    /// Encodes the instruction.
    ///
    /// # Panics
    /// When a field does not fit; emitters must range-check first or use
    /// [`Inst::try_encode`]. Decoded instructions always re-encode.
    #[inline(always)]
    pub fn encode(&self) -> u32 {
        match self.try_encode() {
            Ok(w) => w,
            Err(e) => encode_failed(e),
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
mod tests;
