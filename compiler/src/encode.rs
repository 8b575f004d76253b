//! Field patches on encoded RV32 words for the emitter's hot path.
//!
//! Retargeting a result register or a branch after the fact used to decode the word,
//! change a field and re-encode it; these helpers edit the bits in place instead. The
//! unit tests check each against decode, change and [`Inst::encode`]. Encoding itself
//! is [`Inst::encode`] in `rivet-format` (always inlined, so the match folds away at
//! the emitter's call sites): there is one encoder.

use rivet_format::rv32::{fits_signed, Reg};

/// Major opcodes of the words the patch helpers below rewrite.
pub(crate) const OP_REG: u32 = 0x33;
pub(crate) const OP_IMM: u32 = 0x13;
pub(crate) const OP_LOAD: u32 = 0x03;
pub(crate) const OP_BRANCH: u32 = 0x63;
pub(crate) const OP_JAL: u32 = 0x6f;

/// The major opcode of a word.
#[inline(always)]
pub(crate) fn opcode(w: u32) -> u32 {
    w & 0x7f
}

/// The `rd` field of an R-, I- or U-type word.
#[inline(always)]
pub(crate) fn rd_of(w: u32) -> Reg {
    ((w >> 7) & 0x1f) as Reg
}

/// The `rs1` field of an R-, I-, S- or B-type word.
#[inline(always)]
pub(crate) fn rs1_of(w: u32) -> Reg {
    ((w >> 15) & 0x1f) as Reg
}

/// An R-, I- or U-type word with another `rd` (`rd < 32`): what decoding,
/// changing `rd` and re-encoding gives, without either step.
#[inline(always)]
pub(crate) fn with_rd(w: u32, rd: Reg) -> u32 {
    debug_assert!(rd < 32);
    (w & !(0x1f << 7)) | ((rd as u32) << 7)
}

/// A conditional-branch word with another offset (`fits_signed(offset, 13)`, even).
#[inline(always)]
pub(crate) fn branch_with_offset(w: u32, offset: i32) -> u32 {
    debug_assert!(fits_signed(offset, 13) && offset % 2 == 0);
    let o = offset as u32;
    (w & 0x01ff_f07f)
        | (((o >> 12) & 1) << 31)
        | (((o >> 5) & 0x3f) << 25)
        | (((o >> 1) & 0xf) << 8)
        | (((o >> 11) & 1) << 7)
}

/// A `jal` word with another offset (`fits_signed(offset, 21)`, even).
#[inline(always)]
pub(crate) fn jal_with_offset(w: u32, offset: i32) -> u32 {
    debug_assert!(fits_signed(offset, 21) && offset % 2 == 0);
    let o = offset as u32;
    (w & 0xfff)
        | (((o >> 20) & 1) << 31)
        | (((o >> 1) & 0x3ff) << 21)
        | (((o >> 11) & 1) << 20)
        | (((o >> 12) & 0xff) << 12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp};

    const REGS: [Reg; 5] = [0, 1, 7, 15, 31];
    const OFFS: [i32; 8] = [0, 2, -2, 4094, -4096, 2048, -2050, 1000];

    /// The field patches equal decode, change, re-encode.
    #[test]
    fn patches_match_reencoding() {
        for op in BranchOp::ALL {
            for offset in OFFS {
                let w = Inst::Branch {
                    op,
                    rs1: 7,
                    rs2: 15,
                    offset: 8,
                }
                .encode();
                assert_eq!(opcode(w), OP_BRANCH);
                let want = Inst::Branch {
                    op,
                    rs1: 7,
                    rs2: 15,
                    offset,
                };
                assert_eq!(branch_with_offset(w, offset), want.encode(), "{want:?}");
            }
        }
        for rd in REGS {
            for offset in [0, 2, -2, 1 << 19, -(1 << 20), 0xffffe, -4096, 2048] {
                let w = Inst::Jal { rd, offset: 4 }.encode();
                assert_eq!(opcode(w), OP_JAL);
                let want = Inst::Jal { rd, offset }.encode();
                assert_eq!(jal_with_offset(w, offset), want, "{rd} {offset}");
            }
        }
        for (old, new) in [(1, 15), (15, 0), (7, 7)] {
            let cases = [
                Inst::Reg {
                    op: RegOp::Sra,
                    rd: old,
                    rs1: 3,
                    rs2: 4,
                },
                Inst::Imm {
                    op: ImmOp::Srai,
                    rd: old,
                    rs1: 3,
                    imm: 5,
                },
                Inst::Load {
                    op: LoadOp::Lhu,
                    rd: old,
                    rs1: 3,
                    offset: -7,
                },
            ];
            for inst in cases {
                let w = inst.encode();
                assert!([OP_REG, OP_IMM, OP_LOAD].contains(&opcode(w)));
                assert_eq!(rd_of(w), old);
                let want = match inst {
                    Inst::Reg { op, rs1, rs2, .. } => Inst::Reg {
                        op,
                        rd: new,
                        rs1,
                        rs2,
                    },
                    Inst::Imm { op, rs1, imm, .. } => Inst::Imm {
                        op,
                        rd: new,
                        rs1,
                        imm,
                    },
                    Inst::Load {
                        op, rs1, offset, ..
                    } => Inst::Load {
                        op,
                        rd: new,
                        rs1,
                        offset,
                    },
                    _ => unreachable!(),
                };
                assert_eq!(with_rd(w, new), want.encode(), "{inst:?}");
            }
        }
    }
}
