//! Seeded random instructions for the engine's randomized tests.

use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

/// xorshift64*: small, seeded, no dependencies.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// 32 random bits.
    pub fn u32(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }
}

/// A valid instruction for position `i` of `n`: static targets inside the code,
/// jalr offsets that often land on instructions, memory offsets near the registers'
/// values.
pub fn random_inst(rng: &mut Rng, i: usize, n: usize, regs: u64) -> Inst {
    let reg = |rng: &mut Rng| rng.below(regs) as u8;
    let off = |rng: &mut Rng| 4 * (rng.below(n as u64) as i32 - i as i32);
    let (rd, rs1, rs2) = (reg(rng), reg(rng), reg(rng));
    // Memory accesses mostly go through x1..x4, which start as in-bounds addresses.
    let base = if rng.below(4) == 0 {
        rs1
    } else {
        1 + rng.below(4) as u8
    };
    let imm = if rng.below(4) == 0 {
        (rng.below(4096) as i32) - 2048
    } else {
        (rng.below(64) as i32) - 32
    };
    match rng.below(16) {
        0 => Inst::Lui {
            rd,
            imm: rng.u32() & 0xffff_f000,
        },
        1 => Inst::Auipc {
            rd,
            imm: rng.u32() & 0xffff_f000,
        },
        2 => Inst::Jal {
            rd,
            offset: off(rng),
        },
        3 => Inst::Jalr {
            rd,
            rs1,
            offset: [0, 4, -4, 1, 2, 8][rng.below(6) as usize],
        },
        4 | 5 => Inst::Branch {
            op: BranchOp::ALL[rng.below(6) as usize],
            rs1,
            rs2,
            offset: off(rng),
        },
        6 | 7 => Inst::Load {
            op: LoadOp::ALL[rng.below(5) as usize],
            rd,
            rs1: base,
            offset: imm,
        },
        8 | 9 => Inst::Store {
            op: StoreOp::ALL[rng.below(3) as usize],
            rs1: base,
            rs2,
            offset: imm,
        },
        10 | 11 => {
            let op = ImmOp::ALL[rng.below(9) as usize];
            let imm = if matches!(op, ImmOp::Slli | ImmOp::Srli | ImmOp::Srai) {
                imm & 31
            } else {
                imm
            };
            Inst::Imm { op, rd, rs1, imm }
        }
        12 | 13 => Inst::Reg {
            op: RegOp::ALL[rng.below(18) as usize],
            rd,
            rs1,
            rs2,
        },
        _ => [
            Inst::Ecall,
            Inst::Ebreak,
            Inst::Fence,
            Inst::Ecall,
            Inst::Ecall,
        ][rng.below(5) as usize],
    }
}
