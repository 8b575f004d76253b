//! The compact form of a package's code words.
//!
//! RV32 spends its 32 bits on fixed fields; a package spells each instruction as
//! three separate streams instead, so that similar fields sit together (which is what
//! the compressor of [`super::codec`] feeds on):
//!
//! * `ops`: one byte per word, the instruction's form ([`Form`] index), or
//!   [`RAW`] for a word that is not an instruction in its canonical encoding (kept
//!   verbatim, 4 bytes little-endian in `imms`);
//! * `regs`: the register operands in field order (rd, rs1, rs2). When every
//!   register of the code is below 16 (RV32E) two share a byte, high nibble first,
//!   and an instruction's registers never share a byte with the next one's;
//!   otherwise one byte each;
//! * `imms`: the immediate as a zigzag LEB128 varint: branch and `jal` offsets
//!   halved (they are even), `lui`/`auipc` values shifted right by 12 and sign
//!   extended from 20 bits, everything else as is.
//!
//! Invariant: decoding rebuilds each word with [`Inst::try_encode`], so the decoder
//! yields exactly the words the encoder saw, and input that names an impossible
//! instruction (register or immediate out of range) or a raw word that has a compact
//! form is a [`FormatError`] at the offending stream offset, never a panic. Every
//! word produces at least one `ops` byte, so the word count is bounded by the input.

use crate::codec::{FormatError, Reader, Writer};
use crate::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

/// The `ops` byte of a word kept verbatim.
pub(crate) const RAW: u8 = 0xff;

/// The fixed-field shape of an instruction, which decides its operands.
#[derive(Clone, Copy)]
enum Form {
    Lui,
    Auipc,
    Jal,
    Jalr,
    Branch(BranchOp),
    Load(LoadOp),
    Store(StoreOp),
    Imm(ImmOp),
    Reg(RegOp),
    Fence,
    Ecall,
    Ebreak,
}

/// Ops byte -> form; the position in this table is the byte.
const FORMS: [Form; 48] = {
    use Form as F;
    [
        F::Lui,
        F::Auipc,
        F::Jal,
        F::Jalr,
        F::Branch(BranchOp::Beq),
        F::Branch(BranchOp::Bne),
        F::Branch(BranchOp::Blt),
        F::Branch(BranchOp::Bge),
        F::Branch(BranchOp::Bltu),
        F::Branch(BranchOp::Bgeu),
        F::Load(LoadOp::Lb),
        F::Load(LoadOp::Lh),
        F::Load(LoadOp::Lw),
        F::Load(LoadOp::Lbu),
        F::Load(LoadOp::Lhu),
        F::Store(StoreOp::Sb),
        F::Store(StoreOp::Sh),
        F::Store(StoreOp::Sw),
        F::Imm(ImmOp::Addi),
        F::Imm(ImmOp::Slti),
        F::Imm(ImmOp::Sltiu),
        F::Imm(ImmOp::Xori),
        F::Imm(ImmOp::Ori),
        F::Imm(ImmOp::Andi),
        F::Imm(ImmOp::Slli),
        F::Imm(ImmOp::Srli),
        F::Imm(ImmOp::Srai),
        F::Reg(RegOp::Add),
        F::Reg(RegOp::Sub),
        F::Reg(RegOp::Sll),
        F::Reg(RegOp::Slt),
        F::Reg(RegOp::Sltu),
        F::Reg(RegOp::Xor),
        F::Reg(RegOp::Srl),
        F::Reg(RegOp::Sra),
        F::Reg(RegOp::Or),
        F::Reg(RegOp::And),
        F::Reg(RegOp::Mul),
        F::Reg(RegOp::Mulh),
        F::Reg(RegOp::Mulhsu),
        F::Reg(RegOp::Mulhu),
        F::Reg(RegOp::Div),
        F::Reg(RegOp::Divu),
        F::Reg(RegOp::Rem),
        F::Reg(RegOp::Remu),
        F::Fence,
        F::Ecall,
        F::Ebreak,
    ]
};

fn pos<T: PartialEq>(all: &[T], x: T) -> u8 {
    all.iter().position(|y| *y == x).unwrap_or(0) as u8
}

/// The ops byte, registers (count, values) and immediate of an instruction.
fn split(inst: &Inst) -> (u8, ([u8; 3], usize), Option<i32>) {
    match *inst {
        Inst::Lui { rd, imm } => (0, ([rd, 0, 0], 1), Some((imm as i32) >> 12)),
        Inst::Auipc { rd, imm } => (1, ([rd, 0, 0], 1), Some((imm as i32) >> 12)),
        Inst::Jal { rd, offset } => (2, ([rd, 0, 0], 1), Some(offset >> 1)),
        Inst::Jalr { rd, rs1, offset } => (3, ([rd, rs1, 0], 2), Some(offset)),
        Inst::Branch {
            op,
            rs1,
            rs2,
            offset,
        } => (
            4 + pos(&BranchOp::ALL, op),
            ([rs1, rs2, 0], 2),
            Some(offset >> 1),
        ),
        Inst::Load {
            op,
            rd,
            rs1,
            offset,
        } => (10 + pos(&LoadOp::ALL, op), ([rd, rs1, 0], 2), Some(offset)),
        Inst::Store {
            op,
            rs1,
            rs2,
            offset,
        } => (
            15 + pos(&StoreOp::ALL, op),
            ([rs1, rs2, 0], 2),
            Some(offset),
        ),
        Inst::Imm { op, rd, rs1, imm } => (18 + pos(&ImmOp::ALL, op), ([rd, rs1, 0], 2), Some(imm)),
        Inst::Reg { op, rd, rs1, rs2 } => (27 + pos(&RegOp::ALL, op), ([rd, rs1, rs2], 3), None),
        Inst::Fence => (45, ([0; 3], 0), None),
        Inst::Ecall => (46, ([0; 3], 0), None),
        Inst::Ebreak => (47, ([0; 3], 0), None),
    }
}

/// The instruction a word stands for when it is that instruction's canonical encoding.
fn canonical(word: u32) -> Option<Inst> {
    let inst = Inst::decode(word).ok()?;
    (inst.try_encode().ok()? == word).then_some(inst)
}

/// The three streams of some code.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CodeStreams {
    /// Registers packed two to a byte.
    pub narrow: bool,
    pub ops: Vec<u8>,
    pub regs: Vec<u8>,
    pub imms: Vec<u8>,
}

/// Splits `code` into streams (see the module docs).
pub(crate) fn encode(code: &[u32]) -> CodeStreams {
    let insts: Vec<Option<Inst>> = code.iter().map(|w| canonical(*w)).collect();
    let narrow = insts.iter().flatten().all(|i| {
        let (rd, srcs) = i.registers();
        rd.into_iter().chain(srcs.into_iter().flatten()).all(|r| r < 16)
    });
    let mut ops = Vec::with_capacity(code.len());
    let mut regs = Vec::with_capacity(code.len() * 2);
    let mut imms = Writer::new();
    for (word, inst) in code.iter().zip(&insts) {
        let Some(inst) = inst else {
            ops.push(RAW);
            imms.raw(&word.to_le_bytes());
            continue;
        };
        let (op, (r, n), imm) = split(inst);
        ops.push(op);
        if narrow {
            for pair in r[..n].chunks(2) {
                regs.push(pair[0] << 4 | pair.get(1).copied().unwrap_or(0));
            }
        } else {
            regs.extend_from_slice(&r[..n]);
        }
        if let Some(imm) = imm {
            imms.var_i32(imm);
        }
    }
    CodeStreams {
        narrow,
        ops,
        regs,
        imms: imms.finish(),
    }
}

/// Reads `n` registers of one instruction from `regs`.
fn read_regs(regs: &mut Reader<'_>, narrow: bool, n: usize) -> Result<[u8; 3], FormatError> {
    let mut out = [0u8; 3];
    if narrow {
        for i in (0..n).step_by(2) {
            let at = regs.offset();
            let b = regs.u8("packed registers")?;
            out[i] = b >> 4;
            if i + 1 < n {
                out[i + 1] = b & 15;
            } else if b & 15 != 0 {
                return Err(FormatError::new(at, "registers: unused nibble is not zero"));
            }
        }
    } else {
        for r in out.iter_mut().take(n) {
            *r = regs.u8("register")?;
        }
    }
    Ok(out)
}

/// Rebuilds the instruction of ops byte `op`.
fn build(op: u8, r: [u8; 3], imm: i32) -> Option<Inst> {
    let form = *FORMS.get(op as usize)?;
    Some(match form {
        Form::Lui => Inst::Lui {
            rd: r[0],
            imm: (imm as u32) << 12,
        },
        Form::Auipc => Inst::Auipc {
            rd: r[0],
            imm: (imm as u32) << 12,
        },
        Form::Jal => Inst::Jal {
            rd: r[0],
            offset: imm.wrapping_mul(2),
        },
        Form::Jalr => Inst::Jalr {
            rd: r[0],
            rs1: r[1],
            offset: imm,
        },
        Form::Branch(op) => Inst::Branch {
            op,
            rs1: r[0],
            rs2: r[1],
            offset: imm.wrapping_mul(2),
        },
        Form::Load(op) => Inst::Load {
            op,
            rd: r[0],
            rs1: r[1],
            offset: imm,
        },
        Form::Store(op) => Inst::Store {
            op,
            rs1: r[0],
            rs2: r[1],
            offset: imm,
        },
        Form::Imm(op) => Inst::Imm {
            op,
            rd: r[0],
            rs1: r[1],
            imm,
        },
        Form::Reg(op) => Inst::Reg {
            op,
            rd: r[0],
            rs1: r[1],
            rs2: r[2],
        },
        Form::Fence => Inst::Fence,
        Form::Ecall => Inst::Ecall,
        Form::Ebreak => Inst::Ebreak,
    })
}

/// Register count and whether the form has an immediate, by ops byte.
fn operands(op: u8) -> Option<(usize, bool)> {
    Some(match *FORMS.get(op as usize)? {
        Form::Lui | Form::Auipc | Form::Jal => (1, true),
        Form::Reg(_) => (3, false),
        Form::Fence | Form::Ecall | Form::Ebreak => (0, false),
        _ => (2, true),
    })
}

/// Rebuilds the code words from its streams; each stream must be consumed exactly.
/// `base` is the offset of `ops` in the decoded section, for error offsets.
pub(crate) fn decode(s: &CodeStreams, base: usize) -> Result<Vec<u32>, FormatError> {
    let mut regs = Reader::new(&s.regs);
    let mut imms = Reader::new(&s.imms);
    let mut code = Vec::with_capacity(s.ops.len());
    let at = |i: usize, e: FormatError| FormatError::new(base + i, format!("code word {i}: {}", e.what));
    for (i, &op) in s.ops.iter().enumerate() {
        if op == RAW {
            let word = imms.u32("raw code word").map_err(|e| at(i, e))?;
            if canonical(word).is_some() {
                return Err(at(i, FormatError::new(0, "raw word has a compact form")));
            }
            code.push(word);
            continue;
        }
        let Some((n, has_imm)) = operands(op) else {
            return Err(at(i, FormatError::new(0, format!("unknown instruction form {op}"))));
        };
        let r = read_regs(&mut regs, s.narrow, n).map_err(|e| at(i, e))?;
        let imm = if has_imm {
            imms.var_i32("immediate").map_err(|e| at(i, e))?
        } else {
            0
        };
        let inst = build(op, r, imm).expect("operands() accepted the form");
        let word = inst
            .try_encode()
            .map_err(|e| at(i, FormatError::new(0, e.to_string())))?;
        code.push(word);
    }
    regs.finish("register stream")?;
    imms.finish("immediate stream")?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(code: &[u32]) -> CodeStreams {
        let s = encode(code);
        assert_eq!(decode(&s, 0).unwrap(), code);
        s
    }

    #[test]
    fn every_form_round_trips() {
        let mut code = Vec::new();
        for (op, _) in FORMS.iter().enumerate() {
            let (n, has_imm) = operands(op as u8).unwrap();
            let r = [1u8, 7, 15];
            let r = [r[0], if n > 1 { r[1] } else { 0 }, if n > 2 { r[2] } else { 0 }];
            for imm in [0, -3, 5, 31] {
                if let Some(w) = build(op as u8, r, if has_imm { imm } else { 0 })
                    .and_then(|i| i.try_encode().ok())
                {
                    code.push(w);
                }
            }
        }
        assert!(code.len() > 150, "{}", code.len());
        let s = round_trip(&code);
        assert!(s.narrow);
        // Registers above 15 switch to one byte each; odd words are kept verbatim.
        let wide = Inst::Reg {
            op: RegOp::Add,
            rd: 31,
            rs1: 16,
            rs2: 2,
        };
        code.extend([wide.encode(), 0, 0xffff_ffff, 0x0ff0_100f]);
        assert!(!round_trip(&code).narrow);
    }

    #[test]
    fn bad_streams_are_errors() {
        let s = encode(&[Inst::Ecall.encode(), 0x0000_0013]);
        let mut bad = CodeStreams { ops: vec![200], ..Default::default() };
        assert!(decode(&bad, 0).unwrap_err().what.contains("unknown instruction form"));
        bad = CodeStreams { ops: vec![RAW], imms: 0x13u32.to_le_bytes().to_vec(), ..Default::default() };
        assert!(decode(&bad, 0).unwrap_err().what.contains("compact form"));
        let mut extra = encode(&[0x0000_0013]);
        extra.imms.push(0);
        assert!(decode(&extra, 0).unwrap_err().what.contains("trailing"));
        assert_eq!(decode(&s, 0).unwrap().len(), 2);
        // An immediate out of range for its field.
        let mut w = Writer::new();
        w.var_i32(5000);
        let big = CodeStreams { narrow: true, ops: vec![18], regs: vec![0x11], imms: w.finish() };
        assert!(decode(&big, 0).unwrap_err().what.contains("out of range"));
    }
}
