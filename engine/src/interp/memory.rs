//! Loads and stores of the interpreter.
//!
//! Each access is bounds-checked against the data memory slice with `get` (the range
//! `s..s + N` of a 32-bit address cannot overflow a 64-bit `usize`, so no access
//! panics) and reports a fault as a [`TrapKind`]; the caller knows which op index,
//! and so which pc, the fault belongs to (a fused op can carry a second access at the
//! next pc). A store marks its page (1 KiB, `crate::memory::DIRTY_GRANULE`) dirty.

use super::Regs;
use crate::error::TrapKind;
use crate::memory::{DIRTY_MARK, DIRTY_SHIFT};
use std::convert::Infallible;

/// Data memory and its dirty-page map, borrowed for one run of the hot loop.
pub(super) struct Memory<'a> {
    /// The bytes.
    pub(super) data: &'a mut [u8],
    /// One byte per 1 KiB page, set to 1 by a store.
    pub(super) dirty: &'a mut [u8],
}

impl Memory<'_> {
    /// `rd = conv(mem[rs1 + imm .. + N])`.
    #[inline(always)]
    pub(super) fn load<const N: usize>(
        &self,
        regs: &mut Regs,
        rd: u8,
        rs1: u8,
        imm: i32,
        conv: impl FnOnce([u8; N]) -> u32,
    ) -> Result<(), TrapKind<Infallible>> {
        let a = regs[rs1 as usize].wrapping_add(imm as u32);
        let s = a as usize;
        match self.data.get(s..s.wrapping_add(N)) {
            Some(b) => {
                let mut w = [0u8; N];
                w.copy_from_slice(b);
                regs[rd as usize] = conv(w);
                Ok(())
            }
            None => Err(TrapKind::MemoryFault {
                addr: a,
                size: N as u32,
            }),
        }
    }

    /// `mem[rs1 + imm .. + N] = conv(rs2)`, marking the page dirty.
    #[inline(always)]
    pub(super) fn store<const N: usize>(
        &mut self,
        regs: &Regs,
        rs1: u8,
        rs2: u8,
        imm: i32,
        conv: impl FnOnce(u32) -> [u8; N],
    ) -> Result<(), TrapKind<Infallible>> {
        let a = regs[rs1 as usize].wrapping_add(imm as u32);
        let v = regs[rs2 as usize];
        let s = a as usize;
        match self.data.get_mut(s..s.wrapping_add(N)) {
            Some(b) => {
                b.copy_from_slice(&conv(v));
                // In bounds, so the granule index is inside the dirty map. Read
                // first: a store per mark had to drain through the store buffer
                // with the guest's own (keccak 22% slower).
                if let Some(d) = self.dirty.get_mut(s >> DIRTY_SHIFT) {
                    if *d == 0 {
                        *d = DIRTY_MARK;
                    }
                }
                Ok(())
            }
            None => Err(TrapKind::MemoryFault {
                addr: a,
                size: N as u32,
            }),
        }
    }
}

/// `lw`: the word.
#[inline(always)]
pub(super) fn word(w: [u8; 4]) -> u32 {
    u32::from_le_bytes(w)
}

/// `sw`: the word's bytes.
#[inline(always)]
pub(super) fn bytes(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// `lb`: sign-extended byte.
#[inline(always)]
pub(super) fn i8_word(w: [u8; 1]) -> u32 {
    w[0] as i8 as u32
}

/// `lbu`: zero-extended byte.
#[inline(always)]
pub(super) fn u8_word(w: [u8; 1]) -> u32 {
    w[0] as u32
}

/// `lh`: sign-extended half word.
#[inline(always)]
pub(super) fn i16_word(w: [u8; 2]) -> u32 {
    i16::from_le_bytes(w) as u32
}

/// `lhu`: zero-extended half word.
#[inline(always)]
pub(super) fn u16_word(w: [u8; 2]) -> u32 {
    u16::from_le_bytes(w) as u32
}

/// `sb`: low byte.
#[inline(always)]
pub(super) fn word_u8(v: u32) -> [u8; 1] {
    [v as u8]
}

/// `sh`: low half word.
#[inline(always)]
pub(super) fn word_u16(v: u32) -> [u8; 2] {
    (v as u16).to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::REG_SLOTS;

    #[test]
    fn accesses_in_bounds_and_faults_past_the_end() {
        let mut regs = [0u32; REG_SLOTS];
        let pages = 8192 >> DIRTY_SHIFT;
        let (mut data, mut dirty) = (vec![0u8; 8192], vec![0u8; pages]);
        let mut mem = Memory {
            data: &mut data,
            dirty: &mut dirty,
        };
        regs[1] = 4096;
        regs[2] = 0x8081_8283;
        mem.store(&regs, 1, 2, 4, u32::to_le_bytes).unwrap();
        let mut marked = vec![0u8; pages];
        marked[4100 >> DIRTY_SHIFT] = 1;
        assert_eq!(mem.dirty, marked);
        mem.load(&mut regs, 3, 1, 4, i8_word).unwrap();
        mem.load(&mut regs, 4, 1, 4, u16_word).unwrap();
        mem.load(&mut regs, 5, 1, 6, i16_word).unwrap();
        assert_eq!(&regs[3..6], &[0xffff_ff83, 0x8283, 0xffff_8081]);
        let fault = mem.load(&mut regs, 6, 1, 4093, u32::from_le_bytes);
        assert_eq!(
            fault,
            Err(TrapKind::MemoryFault {
                addr: 8189,
                size: 4
            })
        );
        regs[1] = u32::MAX;
        let fault = mem.store(&regs, 1, 2, 0, word_u16);
        assert_eq!(
            fault,
            Err(TrapKind::MemoryFault {
                addr: u32::MAX,
                size: 2
            })
        );
        assert_eq!(regs[6], 0);
    }
}
