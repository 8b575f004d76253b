//! Inline RV32 encoding for the emitter's hot path.
//!
//! [`Inst::encode`] checks every field and is an out-of-line call; the translator
//! emits one instruction every few Wasm bytes, so the call and the checks were a
//! measurable part of compile time. [`word`] is inlined into each emitter, where
//! the variant (and often the opcode) is a constant, and does only the cheap
//! checks: anything out of range goes to [`Inst::encode`], which panics exactly as
//! before (a compiler bug surfaces as `CompileError::Internal`, never as a wrong
//! word). The unit tests compare both encoders over every operation and a spread
//! of registers and immediates: the words are identical by construction and test.

use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, LoadOp, Reg, RegOp, StoreOp};

/// The encoding of `inst`, identical to [`Inst::encode`].
#[inline(always)]
pub(crate) fn word(inst: Inst) -> u32 {
    fast(inst).unwrap_or_else(|| inst.encode())
}

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

#[inline(always)]
fn fast(inst: Inst) -> Option<u32> {
    let ok = |rs: &[Reg]| rs.iter().all(|r| *r < 32);
    let i_type = |rd: Reg, rs1: Reg, imm: i32, f3: u32, opc: u32| {
        ((imm as u32 & 0xfff) << 20) | ((rs1 as u32) << 15) | (f3 << 12) | ((rd as u32) << 7) | opc
    };
    Some(match inst {
        Inst::Imm { op, rd, rs1, imm } => {
            let shift = matches!(op, ImmOp::Slli | ImmOp::Srli | ImmOp::Srai);
            let in_range = if shift {
                (0..32).contains(&imm)
            } else {
                fits_signed(imm, 12)
            };
            if !in_range || !ok(&[rd, rs1]) {
                return None;
            }
            let imm = if op == ImmOp::Srai { imm | 0x400 } else { imm };
            i_type(rd, rs1, imm, imm_f3(op), 0x13)
        }
        Inst::Reg { op, rd, rs1, rs2 } => {
            if !ok(&[rd, rs1, rs2]) {
                return None;
            }
            let (f7, f3) = reg_f7_f3(op);
            (f7 << 25)
                | ((rs2 as u32) << 20)
                | ((rs1 as u32) << 15)
                | (f3 << 12)
                | ((rd as u32) << 7)
                | 0x33
        }
        Inst::Load {
            op,
            rd,
            rs1,
            offset,
        } => {
            if !fits_signed(offset, 12) || !ok(&[rd, rs1]) {
                return None;
            }
            i_type(rd, rs1, offset, load_f3(op), 0x03)
        }
        Inst::Store {
            op,
            rs1,
            rs2,
            offset,
        } => {
            if !fits_signed(offset, 12) || !ok(&[rs1, rs2]) {
                return None;
            }
            let o = offset as u32;
            (((o >> 5) & 0x7f) << 25)
                | ((rs2 as u32) << 20)
                | ((rs1 as u32) << 15)
                | (store_f3(op) << 12)
                | ((o & 0x1f) << 7)
                | 0x23
        }
        Inst::Branch {
            op,
            rs1,
            rs2,
            offset,
        } => {
            if offset % 2 != 0 || !fits_signed(offset, 13) || !ok(&[rs1, rs2]) {
                return None;
            }
            let o = offset as u32;
            (((o >> 12) & 1) << 31)
                | (((o >> 5) & 0x3f) << 25)
                | ((rs2 as u32) << 20)
                | ((rs1 as u32) << 15)
                | (branch_f3(op) << 12)
                | (((o >> 1) & 0xf) << 8)
                | (((o >> 11) & 1) << 7)
                | 0x63
        }
        Inst::Lui { rd, imm } => {
            if imm & 0xfff != 0 || !ok(&[rd]) {
                return None;
            }
            imm | ((rd as u32) << 7) | 0x37
        }
        // The rest is rare: the checked encoder.
        _ => return None,
    })
}

#[inline(always)]
fn imm_f3(op: ImmOp) -> u32 {
    match op {
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

#[inline(always)]
fn reg_f7_f3(op: RegOp) -> (u32, u32) {
    match op {
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

#[inline(always)]
fn load_f3(op: LoadOp) -> u32 {
    match op {
        LoadOp::Lb => 0,
        LoadOp::Lh => 1,
        LoadOp::Lw => 2,
        LoadOp::Lbu => 4,
        LoadOp::Lhu => 5,
    }
}

#[inline(always)]
fn store_f3(op: StoreOp) -> u32 {
    match op {
        StoreOp::Sb => 0,
        StoreOp::Sh => 1,
        StoreOp::Sw => 2,
    }
}

#[inline(always)]
fn branch_f3(op: BranchOp) -> u32 {
    match op {
        BranchOp::Beq => 0,
        BranchOp::Bne => 1,
        BranchOp::Blt => 4,
        BranchOp::Bge => 5,
        BranchOp::Bltu => 6,
        BranchOp::Bgeu => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGS: [Reg; 5] = [0, 1, 7, 15, 31];
    const IMMS: [i32; 12] = [0, 1, -1, 2, 31, 32, 100, -100, 2047, -2048, 2046, -2046];
    const OFFS: [i32; 8] = [0, 2, -2, 4094, -4096, 2048, -2050, 1000];
    const IMM_OPS: [ImmOp; 9] = [
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
    const REG_OPS: [RegOp; 18] = [
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
    const LOAD_OPS: [LoadOp; 5] = [LoadOp::Lb, LoadOp::Lh, LoadOp::Lw, LoadOp::Lbu, LoadOp::Lhu];
    const STORE_OPS: [StoreOp; 3] = [StoreOp::Sb, StoreOp::Sh, StoreOp::Sw];
    const BRANCH_OPS: [BranchOp; 6] = [
        BranchOp::Beq,
        BranchOp::Bne,
        BranchOp::Blt,
        BranchOp::Bge,
        BranchOp::Bltu,
        BranchOp::Bgeu,
    ];

    /// Every instruction the fast path takes encodes as the checked encoder does.
    fn same(inst: Inst) {
        match (fast(inst), inst.try_encode()) {
            (Some(w), Ok(v)) => assert_eq!(w, v, "{inst:?}"),
            (Some(w), Err(e)) => panic!("{inst:?}: fast {w:#x}, checked {e}"),
            (None, _) => {}
        }
    }

    #[test]
    fn the_fast_path_matches_the_checked_encoder() {
        let mut fast_hits = 0;
        for rd in REGS {
            for rs1 in REGS {
                for imm in IMMS {
                    for op in IMM_OPS {
                        same(Inst::Imm { op, rd, rs1, imm });
                        fast_hits += fast(Inst::Imm { op, rd, rs1, imm }).is_some() as u32;
                    }
                    for op in LOAD_OPS {
                        same(Inst::Load {
                            op,
                            rd,
                            rs1,
                            offset: imm,
                        });
                    }
                    for op in STORE_OPS {
                        same(Inst::Store {
                            op,
                            rs1,
                            rs2: rd,
                            offset: imm,
                        });
                    }
                }
                for offset in OFFS {
                    for op in BRANCH_OPS {
                        same(Inst::Branch {
                            op,
                            rs1,
                            rs2: rd,
                            offset,
                        });
                    }
                }
                for rs2 in REGS {
                    for op in REG_OPS {
                        same(Inst::Reg { op, rd, rs1, rs2 });
                    }
                }
            }
            for imm in [0u32, 0x1000, 0xffff_f000, 0x8000_0000, 0x1234_5000] {
                same(Inst::Lui { rd, imm });
            }
        }
        assert!(fast_hits > 1000, "the fast path is taken");
    }

    /// The field patches equal decode, change, re-encode.
    #[test]
    fn patches_match_reencoding() {
        for op in BRANCH_OPS {
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

    #[test]
    fn out_of_range_fields_take_the_checked_path() {
        let bad = [
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 1,
                rs1: 1,
                imm: 2048,
            },
            Inst::Imm {
                op: ImmOp::Slli,
                rd: 1,
                rs1: 1,
                imm: 32,
            },
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 1,
                rs2: 2,
                offset: 4096,
            },
            Inst::Lui { rd: 1, imm: 0x123 },
        ];
        for inst in bad {
            assert_eq!(fast(inst), None, "{inst:?}");
            assert!(std::panic::catch_unwind(|| word(inst)).is_err());
        }
    }
}
