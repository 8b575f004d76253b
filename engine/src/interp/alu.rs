//! Register arithmetic: the RV32IM operations that read registers and write one.
//!
//! [`ri`] and [`rr`] apply an operation to the register file; the operations are plain
//! functions of two words, so the dispatch arm names the operation and both helpers
//! inline into the interpreter loop (nothing here is a call at run time). An
//! immediate is passed as its two's-complement word: every operation below reads it
//! the way the instruction set does (`slti` compares it signed, `sltiu` unsigned, the
//! shifts use its low five bits).

use super::Regs;

/// `rd = f(rs1, imm)`.
#[inline(always)]
pub(super) fn ri(regs: &mut Regs, rd: u8, rs1: u8, imm: i32, f: impl FnOnce(u32, u32) -> u32) {
    regs[rd as usize] = f(regs[rs1 as usize], imm as u32);
}

/// `rd = f(rs1, rs2)`.
#[inline(always)]
pub(super) fn rr(regs: &mut Regs, rd: u8, rs1: u8, rs2: u8, f: impl FnOnce(u32, u32) -> u32) {
    regs[rd as usize] = f(regs[rs1 as usize], regs[rs2 as usize]);
}

#[inline(always)]
pub(super) fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

#[inline(always)]
pub(super) fn slt(a: u32, b: u32) -> u32 {
    ((a as i32) < (b as i32)) as u32
}

#[inline(always)]
pub(super) fn sltu(a: u32, b: u32) -> u32 {
    (a < b) as u32
}

#[inline(always)]
pub(super) fn xor(a: u32, b: u32) -> u32 {
    a ^ b
}

#[inline(always)]
pub(super) fn or(a: u32, b: u32) -> u32 {
    a | b
}

#[inline(always)]
pub(super) fn and(a: u32, b: u32) -> u32 {
    a & b
}

#[inline(always)]
pub(super) fn sll(a: u32, b: u32) -> u32 {
    a << (b & 31)
}

#[inline(always)]
pub(super) fn srl(a: u32, b: u32) -> u32 {
    a >> (b & 31)
}

#[inline(always)]
pub(super) fn sra(a: u32, b: u32) -> u32 {
    ((a as i32) >> (b & 31)) as u32
}

#[inline(always)]
pub(super) fn mulh(a: u32, b: u32) -> u32 {
    (((a as i32 as i64) * (b as i32 as i64)) >> 32) as u32
}

#[inline(always)]
pub(super) fn mulhsu(a: u32, b: u32) -> u32 {
    ((a as i32 as i64).wrapping_mul(b as i64) >> 32) as u32
}

#[inline(always)]
pub(super) fn mulhu(a: u32, b: u32) -> u32 {
    (((a as u64) * (b as u64)) >> 32) as u32
}

/// Signed division; by zero gives all ones, `MIN / -1` gives `MIN` (no trap in RISC-V).
#[inline(always)]
pub(super) fn div(a: u32, b: u32) -> u32 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        u32::MAX
    } else {
        a.wrapping_div(b) as u32
    }
}

/// Unsigned division; by zero gives all ones.
#[inline(always)]
pub(super) fn divu(a: u32, b: u32) -> u32 {
    a.checked_div(b).unwrap_or(u32::MAX)
}

/// Signed remainder; by zero gives the dividend, `MIN % -1` gives 0.
#[inline(always)]
pub(super) fn rem(a: u32, b: u32) -> u32 {
    let (a, b) = (a as i32, b as i32);
    if b == 0 {
        a as u32
    } else {
        a.wrapping_rem(b) as u32
    }
}

/// Unsigned remainder; by zero gives the dividend.
#[inline(always)]
pub(super) fn remu(a: u32, b: u32) -> u32 {
    a.checked_rem(b).unwrap_or(a)
}

/// `beq`.
#[inline(always)]
pub(super) fn eq(a: u32, b: u32) -> bool {
    a == b
}

/// `bne`.
#[inline(always)]
pub(super) fn ne(a: u32, b: u32) -> bool {
    a != b
}

/// `bltu`: unsigned less than.
#[inline(always)]
pub(super) fn ltu(a: u32, b: u32) -> bool {
    a < b
}

/// `bgeu`: unsigned greater or equal.
#[inline(always)]
pub(super) fn geu(a: u32, b: u32) -> bool {
    a >= b
}

/// `blt`: signed less than.
#[inline(always)]
pub(super) fn lt(a: u32, b: u32) -> bool {
    (a as i32) < (b as i32)
}

/// `bge`: signed greater or equal.
#[inline(always)]
pub(super) fn ge(a: u32, b: u32) -> bool {
    (a as i32) >= (b as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::REG_SLOTS;

    const MIN: u32 = i32::MIN as u32;
    const NEG1: u32 = u32::MAX;

    #[test]
    fn division_edge_cases_follow_the_spec() {
        assert_eq!(div(7, 0), NEG1);
        assert_eq!(div(MIN, NEG1), MIN);
        assert_eq!(div(-7i32 as u32, 2), -3i32 as u32);
        assert_eq!(divu(7, 0), u32::MAX);
        assert_eq!(rem(7, 0), 7);
        assert_eq!(rem(MIN, NEG1), 0);
        assert_eq!(rem(-7i32 as u32, 2), -1i32 as u32);
        assert_eq!(remu(7, 0), 7);
    }

    #[test]
    fn high_multiplies_and_shifts() {
        assert_eq!(mulh(NEG1, NEG1), 0);
        assert_eq!(mulhu(NEG1, NEG1), 0xffff_fffe);
        assert_eq!(mulhsu(NEG1, NEG1), NEG1);
        assert_eq!(sll(1, 33), 2);
        assert_eq!(srl(MIN, 31), 1);
        assert_eq!(sra(MIN, 31), NEG1);
        assert_eq!(slt(NEG1, 0), 1);
        assert_eq!(sltu(NEG1, 0), 0);
    }

    #[test]
    fn immediates_are_read_as_words() {
        let mut regs = [0u32; REG_SLOTS];
        regs[1] = 5;
        ri(&mut regs, 2, 1, -1, sltu); // sltiu x2, x1, -1: 5 < 0xffffffff
        ri(&mut regs, 3, 1, -1, slt); // slti x3, x1, -1: 5 < -1 is false
        ri(&mut regs, 4, 1, -6, u32::wrapping_add);
        rr(&mut regs, 5, 1, 4, sub_of);
        assert_eq!(&regs[2..6], &[1, 0, NEG1, 6]);
    }

    fn sub_of(a: u32, b: u32) -> u32 {
        a.wrapping_sub(b)
    }
}
