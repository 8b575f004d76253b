//! The compact form of a package's code words.
//!
//! RV32 spends its 32 bits on fixed fields; a package spells each instruction as
//! three streams instead, so that similar fields sit together (which is what the
//! compressor of [`super::sections`] feeds on; measured on the example programs and
//! contracts, this layout compresses ~19% better than the raw words, and better
//! than one stream per field or everything interleaved):
//!
//! * `ops`: per word its form byte ([`FORMS`] index), or [`RAW`] for a word that is
//!   not an instruction in its canonical encoding, then its register operands in
//!   field order (rd, rs1, rs2). When every register of the code is below 16
//!   (RV32E) two share a byte, high nibble first (an instruction's registers never
//!   share a byte with the next one's); otherwise one byte each;
//! * `offsets`: branch and `jal` offsets, halved (they are even), as zigzag LEB128;
//! * `imms`: every other immediate as zigzag LEB128 (`lui`/`auipc` values shifted
//!   right by 12 and sign extended from 20 bits), and raw words (4 bytes LE).
//!
//! Invariant: decoding rebuilds each word with [`Inst::try_encode`], so the decoder
//! yields exactly the words the encoder saw, and input that names an impossible
//! instruction (register or immediate out of range) or a raw word that has a compact
//! form is a [`FormatError`] naming the word, never a panic. Every word takes at
//! least one `ops` byte, so the word count is bounded by the input.

use crate::codec::{FormatError, Reader, Writer};
use crate::rv32::codec::{b_type, j_type, s_type};
use crate::rv32::{fits_signed, BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

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
    /// Number of code words.
    pub words: usize,
    /// Registers packed two to a byte.
    pub narrow: bool,
    /// Form bytes and registers.
    pub ops: Vec<u8>,
    /// Branch and `jal` offsets.
    pub offsets: Vec<u8>,
    /// Other immediates and raw words.
    pub imms: Vec<u8>,
}

/// Splits `code` into streams (see the module docs).
pub(crate) fn encode(code: &[u32]) -> CodeStreams {
    let insts: Vec<Option<Inst>> = code.iter().map(|w| canonical(*w)).collect();
    let narrow = insts.iter().flatten().all(|i| {
        let (rd, srcs) = i.registers();
        rd.into_iter()
            .chain(srcs.into_iter().flatten())
            .all(|r| r < 16)
    });
    let mut ops = Vec::with_capacity(code.len() * 2);
    let (mut offsets, mut imms) = (Writer::new(), Writer::new());
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
                ops.push(pair[0] << 4 | pair.get(1).copied().unwrap_or(0));
            }
        } else {
            ops.extend_from_slice(&r[..n]);
        }
        match (imm, inst) {
            (Some(imm), Inst::Jal { .. } | Inst::Branch { .. }) => offsets.var_i32(imm),
            (Some(imm), _) => imms.var_i32(imm),
            (None, _) => {}
        }
    }
    CodeStreams {
        words: code.len(),
        narrow,
        ops,
        offsets: offsets.finish(),
        imms: imms.finish(),
    }
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

/// Register count and where the form's immediate is, by ops byte.
fn operands(op: u8) -> Option<(usize, Imm)> {
    Some(match *FORMS.get(op as usize)? {
        Form::Lui | Form::Auipc => (1, Imm::Value),
        Form::Jal => (1, Imm::Offset),
        Form::Branch(_) => (2, Imm::Offset),
        Form::Reg(_) => (3, Imm::None),
        Form::Fence | Form::Ecall | Form::Ebreak => (0, Imm::None),
        _ => (2, Imm::Value),
    })
}

/// Which stream holds a form's immediate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Imm {
    None,
    Offset,
    Value,
}

/// How a form's fields are placed in the word (the RV32 formats).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    U,
    J,
    I,
    Shift,
    B,
    S,
    R,
    Fixed,
}

fn layout(op: u8) -> Layout {
    match op {
        0 | 1 => Layout::U,
        2 => Layout::J,
        4..=9 => Layout::B,
        15..=17 => Layout::S,
        24..=26 => Layout::Shift,
        27..=44 => Layout::R,
        45..=47 => Layout::Fixed,
        _ => Layout::I,
    }
}

/// Per form: its word with every register and immediate zero, and its layout.
fn templates() -> [(u32, Layout); 48] {
    std::array::from_fn(|op| {
        let word = build(op as u8, [0; 3], 0)
            .and_then(|i| i.try_encode().ok())
            .unwrap_or(0);
        (word, layout(op as u8))
    })
}

/// Reads a zigzag LEB128 i32 from `bytes` at `*pos`. Encodings of up to four bytes in
/// shortest form (every immediate of 28 bits or less) are read inline; anything
/// else, including every malformed case, goes through [`Reader::var_i32`], so the
/// accepted inputs and the errors are exactly the reader's.
#[inline]
fn var_i32(bytes: &[u8], pos: &mut usize, what: &str) -> Result<i32, FormatError> {
    let mut v = 0u32;
    for k in 0..4 {
        let Some(&b) = bytes.get(*pos + k) else {
            break;
        };
        v |= ((b & 0x7f) as u32) << (7 * k);
        if b < 0x80 {
            if b == 0 && k > 0 {
                break; // overlong: the reader names the error
            }
            *pos += k + 1;
            return Ok(((v >> 1) as i32) ^ -((v & 1) as i32));
        }
    }
    var_i32_slow(bytes, pos, what)
}

#[cold]
fn var_i32_slow(bytes: &[u8], pos: &mut usize, what: &str) -> Result<i32, FormatError> {
    let mut r = Reader::new(&bytes[*pos..]);
    let v = r
        .var_i32(what)
        .map_err(|e| FormatError::new(*pos + e.offset, e.what))?;
    *pos += r.offset();
    Ok(v)
}

/// Places registers and immediate into the template `t`; `None` when the immediate
/// does not fit the field (registers are checked by the caller).
#[inline]
fn place(t: (u32, Layout), r: [u8; 3], imm: i32) -> Option<u32> {
    let (w, lay) = t;
    let (rd, rs1, rs2) = (r[0] as u32, r[1] as u32, r[2] as u32);
    let f3 = (w >> 12) & 7;
    Some(match lay {
        Layout::U => {
            fits_signed(imm, 20).then_some(())?;
            w | rd << 7 | (imm as u32) << 12
        }
        Layout::J => {
            fits_signed(imm, 20).then_some(())?;
            j_type(r[0], imm * 2)
        }
        Layout::I => {
            fits_signed(imm, 12).then_some(())?;
            w | rd << 7 | rs1 << 15 | (imm as u32) << 20
        }
        Layout::Shift => {
            (0..32).contains(&imm).then_some(())?;
            w | rd << 7 | rs1 << 15 | (imm as u32) << 20
        }
        Layout::B => {
            fits_signed(imm, 12).then_some(())?;
            b_type(f3, r[0], r[1], imm * 2)
        }
        Layout::S => {
            fits_signed(imm, 12).then_some(())?;
            s_type(f3, r[0], r[1], imm)
        }
        Layout::R => w | rd << 7 | rs1 << 15 | rs2 << 20,
        Layout::Fixed => w,
    })
}

/// Rebuilds the code words from its streams; each stream must be consumed exactly.
/// `base` is the offset of `ops` in the decoded section, for error offsets. Words
/// are assembled from per-form templates (equal to [`Inst::try_encode`], which the
/// tests check form by form) because this runs on every package load.
pub(crate) fn decode(s: &CodeStreams, base: usize) -> Result<Vec<u32>, FormatError> {
    if s.words > s.ops.len() {
        return Err(FormatError::new(
            base,
            format!("{} code words in {} form bytes", s.words, s.ops.len()),
        ));
    }
    let t = templates();
    // Per form: register count and immediate stream (`operands` as a table).
    let shapes: [(usize, Imm); FORMS.len()] =
        std::array::from_fn(|op| operands(op as u8).unwrap_or((0, Imm::None)));
    let (ops, offs, imms) = (&s.ops[..], &s.offsets[..], &s.imms[..]);
    let (mut p, mut po, mut pi) = (0usize, 0usize, 0usize);
    let mut code = Vec::with_capacity(s.words);
    let mut wide_seen = false;
    for i in 0..s.words {
        let err =
            |at: usize, what: &str| FormatError::new(base + at, format!("code word {i}: {what}"));
        let op_at = p;
        let Some(&op) = ops.get(p) else {
            return Err(err(p, "truncated instruction stream"));
        };
        p += 1;
        if op == RAW {
            let Some(b) = imms.get(pi..pi + 4) else {
                return Err(err(op_at, "truncated raw code word"));
            };
            let word = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            pi += 4;
            if canonical(word).is_some() {
                return Err(err(op_at, "raw word has a compact form"));
            }
            code.push(word);
            continue;
        }
        let Some(&(n, imm)) = shapes.get(op as usize) else {
            return Err(err(op_at, &format!("unknown instruction form {op}")));
        };
        let mut r = [0u8; 3];
        if s.narrow {
            let used = n.div_ceil(2);
            let Some(b) = ops.get(p..p + used) else {
                return Err(err(p, "truncated registers"));
            };
            // High nibble first; an odd count leaves the last low nibble zero.
            match *b {
                [] => {}
                [b0] if n == 1 => {
                    r[0] = b0 >> 4;
                    if b0 & 15 != 0 {
                        return Err(err(p, "registers: unused nibble is not zero"));
                    }
                }
                [b0] => r = [b0 >> 4, b0 & 15, 0],
                [b0, b1, ..] => {
                    r = [b0 >> 4, b0 & 15, b1 >> 4];
                    if b1 & 15 != 0 {
                        return Err(err(p, "registers: unused nibble is not zero"));
                    }
                }
            }
            p += used;
        } else {
            let Some(b) = ops.get(p..p + n) else {
                return Err(err(p, "truncated registers"));
            };
            if b.iter().any(|&x| x > 31) {
                return Err(err(p, "register out of range"));
            }
            wide_seen |= b.iter().any(|&x| x > 15);
            r[..n].copy_from_slice(b);
            p += n;
        }
        let imm = match imm {
            Imm::None => 0,
            Imm::Offset => var_i32(offs, &mut po, "branch offset").map_err(|e| err(0, &e.what))?,
            Imm::Value => var_i32(imms, &mut pi, "immediate").map_err(|e| err(0, &e.what))?,
        };
        let word = place(t[op as usize], r, imm)
            .ok_or_else(|| err(op_at, &format!("immediate {imm} out of range")))?;
        code.push(word);
    }
    for (used, len, what) in [
        (p, ops.len(), "instruction"),
        (po, offs.len(), "offset"),
        (pi, imms.len(), "immediate"),
    ] {
        if used != len {
            return Err(FormatError::new(
                base,
                format!("{} trailing bytes in the {what} stream", len - used),
            ));
        }
    }
    // One encoding per code: one-byte registers only when some register needs them.
    if !s.narrow && !wide_seen {
        return Err(FormatError::new(
            base,
            "registers one per byte although all fit a nibble",
        ));
    }
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
            let (n, imm_kind) = operands(op as u8).unwrap();
            let has_imm = imm_kind != Imm::None;
            let r = [1u8, 7, 15];
            let r = [
                r[0],
                if n > 1 { r[1] } else { 0 },
                if n > 2 { r[2] } else { 0 },
            ];
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

    /// The decoder's templates place every field exactly where `try_encode` does.
    #[test]
    fn templates_match_try_encode() {
        let t = templates();
        for op in 0..FORMS.len() as u8 {
            for imm in [
                0, 1, -1, 5, 31, 32, 2047, -2048, 2048, 524_287, -524_288, 524_288,
            ] {
                for r in [[0u8, 0, 0], [1, 2, 3], [15, 9, 4], [31, 30, 29]] {
                    let mut expect = build(op, r, imm).and_then(|i| i.try_encode().ok());
                    if layout(op) == Layout::U && !fits_signed(imm, 20) {
                        expect = None; // would alias an in-range value: refused
                    }
                    assert_eq!(
                        place(t[op as usize], r, imm),
                        expect,
                        "form {op} {r:?} {imm}"
                    );
                }
            }
        }
    }

    /// The inline LEB128 reader accepts exactly what `Reader::var_i32` accepts, with
    /// the same value, length and error.
    #[test]
    fn inline_var_i32_matches_the_reader() {
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for v in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            8191,
            -8192,
            1 << 20,
            -(1 << 27),
            i32::MAX,
            i32::MIN,
        ] {
            let mut w = Writer::new();
            w.var_i32(v);
            cases.push(w.finish());
        }
        // Overlong, truncated, too long and 33-bit encodings.
        cases.extend([
            vec![0x80, 0x00],
            vec![0x81, 0x80, 0x00],
            vec![0x80],
            vec![0xff, 0xff, 0xff],
            vec![],
            vec![0xff, 0xff, 0xff, 0xff, 0x1f],
            vec![0x80; 11],
        ]);
        for bytes in cases {
            let mut pos = 0;
            let fast = var_i32(&bytes, &mut pos, "x");
            let mut r = Reader::new(&bytes);
            let slow = r.var_i32("x");
            assert_eq!(fast, slow, "{bytes:?}");
            if fast.is_ok() {
                assert_eq!(pos, r.offset(), "{bytes:?}");
            }
        }
    }

    #[test]
    fn bad_streams_are_errors() {
        let s = encode(&[Inst::Ecall.encode(), 0x0000_0013]);
        let mut bad = CodeStreams {
            words: 1,
            ops: vec![200],
            ..Default::default()
        };
        assert!(decode(&bad, 0)
            .unwrap_err()
            .what
            .contains("unknown instruction form"));
        bad = CodeStreams {
            words: 1,
            ops: vec![RAW],
            imms: 0x13u32.to_le_bytes().to_vec(),
            ..Default::default()
        };
        assert!(decode(&bad, 0).unwrap_err().what.contains("compact form"));
        let mut extra = encode(&[0x0000_0013]);
        extra.imms.push(0);
        assert!(decode(&extra, 0).unwrap_err().what.contains("trailing"));
        assert_eq!(decode(&s, 0).unwrap().len(), 2);
        let mut wide = encode(&[0x0000_0013]);
        wide.narrow = false;
        wide.ops = vec![18, 0, 0];
        assert!(decode(&wide, 0).unwrap_err().what.contains("nibble"));
        let lying = CodeStreams {
            words: 3,
            ..encode(&[0x0000_0013])
        };
        assert!(decode(&lying, 0).unwrap_err().what.contains("form bytes"));
        // An immediate out of range for its field.
        let mut w = Writer::new();
        w.var_i32(5000);
        let big = CodeStreams {
            words: 1,
            narrow: true,
            ops: vec![18, 0x11],
            imms: w.finish(),
            ..Default::default()
        };
        assert!(decode(&big, 0).unwrap_err().what.contains("out of range"));
    }
}
