//! The code buffer: emits RV32 instructions through [`rivet_format::rv32::Inst`],
//! materializes constants, and resolves forward references (labels, calls).

use rivet_format::abi::wasm_reg;
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, Inst, LoadOp, Reg, RegOp, StoreOp};

/// Register numbers used by the emitters.
pub(crate) const ZERO: Reg = 0;
pub(crate) const RA: Reg = 1;
pub(crate) const SP: Reg = 2;
pub(crate) const GP: Reg = wasm_reg::MEM_SIZE;
pub(crate) const T0: Reg = wasm_reg::SCRATCH0;
pub(crate) const T1: Reg = wasm_reg::SCRATCH1;
pub(crate) const A0: Reg = 10;

/// Splits `v` into a `lui` part and a sign-extended 12-bit low part.
pub(crate) fn hi_lo(v: i32) -> (u32, i32) {
    let lo = (v << 20) >> 20;
    let hi = (v as u32).wrapping_sub(lo as u32);
    (hi, lo)
}

/// Growing code in words; `pc(i) = 4 * i` (code base 0).
#[derive(Default)]
pub(crate) struct Asm {
    pub code: Vec<u32>,
    /// Word indices of the `jal zero`s and branches emitted, for jump threading
    /// (`func::threading`); a function's translation drains what it added.
    pub jumps: Vec<u32>,
}

impl Asm {
    /// Address of the next instruction.
    #[inline]
    pub fn pc(&self) -> u32 {
        4 * self.code.len() as u32
    }

    /// Appends an instruction. Every caller range-checks its fields first.
    #[inline]
    pub fn emit(&mut self, inst: Inst) {
        self.code.push(inst.encode());
    }

    /// Overwrites the instruction at word `index`.
    #[inline]
    pub fn patch(&mut self, index: usize, inst: Inst) {
        self.code[index] = inst.encode();
    }

    #[inline]
    pub fn imm(&mut self, op: ImmOp, rd: Reg, rs1: Reg, imm: i32) {
        self.emit(Inst::Imm { op, rd, rs1, imm });
    }

    #[inline]
    pub fn reg(&mut self, op: RegOp, rd: Reg, rs1: Reg, rs2: Reg) {
        self.emit(Inst::Reg { op, rd, rs1, rs2 });
    }

    #[inline]
    pub fn mv(&mut self, rd: Reg, rs: Reg) {
        if rd != rs {
            self.imm(ImmOp::Addi, rd, rs, 0);
        }
    }

    /// rd = v, in one or two instructions.
    #[inline]
    pub fn li(&mut self, rd: Reg, v: i32) {
        if fits_signed(v, 12) {
            self.imm(ImmOp::Addi, rd, ZERO, v);
        } else {
            self.li_wide(rd, v);
        }
    }

    /// [`Self::li`] of a value beyond 12 bits (out of line, so that the common
    /// form inlines small).
    #[inline(never)]
    fn li_wide(&mut self, rd: Reg, v: i32) {
        let (hi, lo) = hi_lo(v);
        self.emit(Inst::Lui { rd, imm: hi });
        if lo != 0 {
            self.imm(ImmOp::Addi, rd, rd, lo);
        }
    }

    /// rd = load(base + off) for any 32-bit offset; large offsets use rd as the
    /// address temporary.
    #[inline]
    pub fn load(&mut self, op: LoadOp, rd: Reg, base: Reg, off: i32) {
        if fits_signed(off, 12) {
            self.emit(Inst::Load {
                op,
                rd,
                rs1: base,
                offset: off,
            });
        } else {
            self.load_far(op, rd, base, off);
        }
    }

    /// [`Self::load`] of an offset beyond 12 bits (rare: out of line, so that
    /// the common form inlines small).
    #[inline(never)]
    fn load_far(&mut self, op: LoadOp, rd: Reg, base: Reg, off: i32) {
        let (hi, lo) = hi_lo(off);
        self.emit(Inst::Lui { rd, imm: hi });
        self.reg(RegOp::Add, rd, rd, base);
        self.emit(Inst::Load {
            op,
            rd,
            rs1: rd,
            offset: lo,
        });
    }

    /// store(base + off) = rs for any 32-bit offset; large offsets use `T1` as the
    /// address temporary, so `rs` must not be `T1`.
    #[inline]
    pub fn store(&mut self, op: StoreOp, rs: Reg, base: Reg, off: i32) {
        if fits_signed(off, 12) {
            self.emit(Inst::Store {
                op,
                rs1: base,
                rs2: rs,
                offset: off,
            });
        } else {
            self.store_far(op, rs, base, off);
        }
    }

    /// [`Self::store`] of an offset beyond 12 bits (rare: out of line).
    #[inline(never)]
    fn store_far(&mut self, op: StoreOp, rs: Reg, base: Reg, off: i32) {
        debug_assert_ne!(rs, T1);
        let (hi, lo) = hi_lo(off);
        self.emit(Inst::Lui { rd: T1, imm: hi });
        self.reg(RegOp::Add, T1, T1, base);
        self.emit(Inst::Store {
            op,
            rs1: T1,
            rs2: rs,
            offset: lo,
        });
    }

    #[inline]
    pub fn lw(&mut self, rd: Reg, base: Reg, off: i32) {
        self.load(LoadOp::Lw, rd, base, off);
    }

    #[inline]
    pub fn sw(&mut self, rs: Reg, base: Reg, off: i32) {
        self.store(StoreOp::Sw, rs, base, off);
    }

    /// sp += delta.
    pub fn add_sp(&mut self, delta: i32) {
        if delta == 0 {
            return;
        }
        if fits_signed(delta, 12) {
            self.imm(ImmOp::Addi, SP, SP, delta);
        } else {
            self.li(T0, delta);
            self.reg(RegOp::Add, SP, SP, T0);
        }
    }

    #[inline]
    pub fn branch(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, offset: i32) {
        self.jumps.push(self.code.len() as u32);
        self.branch_to_stub(op, rs1, rs2, offset);
    }

    /// A branch to a trap stub, which jump threading has nothing to do for (a
    /// stub starts with `addi a0`), so it is not recorded.
    #[inline]
    pub fn branch_to_stub(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, offset: i32) {
        self.emit(Inst::Branch {
            op,
            rs1,
            rs2,
            offset,
        });
    }

    /// A jump (`link` = `zero`) or call (`link` = `ra`) that reaches any pc:
    /// `auipc base, hi; jalr link, lo(base)`, `offset` bytes from the `auipc`.
    pub fn far(&mut self, base: Reg, link: Reg, offset: i32) {
        let at = self.code.len();
        self.code.extend([0, 0]);
        self.patch_far(at, base, link, offset);
    }

    /// Rewrites the pair [`Self::far`] emitted at word `at` for `offset`.
    pub fn patch_far(&mut self, at: usize, base: Reg, link: Reg, offset: i32) {
        let (hi, lo) = hi_lo(offset);
        self.patch(at, Inst::Auipc { rd: base, imm: hi });
        self.patch(
            at + 1,
            Inst::Jalr {
                rd: link,
                rs1: base,
                offset: lo,
            },
        );
    }

    #[inline]
    pub fn jal(&mut self, rd: Reg, offset: i32) {
        if rd == ZERO {
            self.jumps.push(self.code.len() as u32);
        }
        self.emit(Inst::Jal { rd, offset });
    }
}

/// The branch with the opposite condition.
pub(crate) fn invert(op: BranchOp) -> BranchOp {
    match op {
        BranchOp::Beq => BranchOp::Bne,
        BranchOp::Bne => BranchOp::Beq,
        BranchOp::Blt => BranchOp::Bge,
        BranchOp::Bge => BranchOp::Blt,
        BranchOp::Bltu => BranchOp::Bgeu,
        BranchOp::Bgeu => BranchOp::Bltu,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn li_splits_exactly() {
        for v in [
            0,
            1,
            -1,
            2047,
            -2048,
            2048,
            0x7fff_ffff,
            i32::MIN,
            0x1234_5800,
            -2049,
        ] {
            let (hi, lo) = hi_lo(v);
            assert_eq!(hi & 0xfff, 0);
            assert_eq!(hi.wrapping_add(lo as u32), v as u32, "{v:#x}");
            let mut a = Asm::default();
            a.li(6, v);
            assert!(a.code.len() <= 2);
        }
    }
}
