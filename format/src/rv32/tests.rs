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

#[test]
fn jump_offsets_read_from_the_bits_are_the_encoded_ones() {
    for offset in [-4096, -2048, -4, 0, 2, 4, 8, 2046, 4094] {
        let w = Inst::Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 5,
            offset,
        }
        .encode();
        assert_eq!(branch_offset(w), offset);
    }
    for offset in [-(1 << 20), -4096, -4, 0, 4, 2048, 4094, (1 << 20) - 2] {
        let w = Inst::Jal { rd: 0, offset }.encode();
        assert_eq!(jal_offset(w), offset);
        let w = Inst::Jal { rd: 1, offset }.encode();
        assert_eq!(jal_offset(w), offset);
    }
}
