//! Rivet's `memory.copy` and `memory.fill` helper calls, run by the engine itself.
//!
//! Compiled Wasm code delegates bulk memory operations to its host with a helper
//! `ecall` (`rivet_format::abi::Helper`, the word in `t0`). Each such call leaves
//! the interpreter loop or native code, goes through the embedder's
//! [`Host::ecall`](crate::Host::ecall) and comes back: in native code that round
//! trip cost more than the copy itself for the small copies compiled Rust makes
//! (a struct moved, a buffer cleared; sha256 made 15 000 per run, keccak one per
//! permutation). An embedder that implements these two helpers exactly as
//! `rivet-runtime` does can let the engine run them in place
//! ([`Module::with_bulk_memory`](crate::Module::with_bulk_memory)).
//!
//! **Exactness.** [`run`] does the operation only when it succeeds: the word is a
//! `memory.copy` or `memory.fill`, its ranges lie inside linear memory and the
//! gas covers it. Then it does what the host would: it charges
//! [`Helper::gas`] plus [`gas::copy_cost`] of the length, marks the dirty pages of
//! the same window (a copy marks the window spanning both ranges) and copies or
//! fills. In every other case it changes nothing and charges nothing, and the
//! `ecall` goes to the host as before, which reports the trap, the out-of-gas or
//! whatever else the word means. Linear memory is `gp` clamped to the embedder's
//! maximum and to the machine's memory, as the host clamps it.

use crate::memory::DIRTY_SHIFT;
use rivet_format::abi::{ecall, reg, wasm_reg, Helper};
use rivet_format::gas;

/// Runs the helper call the registers hold if it is a `memory.copy` or
/// `memory.fill` that succeeds (see the module docs); false, with nothing changed,
/// otherwise. `linear_max` is the embedder's largest linear memory in bytes.
pub(crate) fn run(
    regs: &[u32; 32],
    data: &mut [u8],
    dirty: &mut [u8],
    gas_left: &mut u64,
    linear_max: u32,
) -> bool {
    // The word as `Helper::decode_word` reads it: the helper in bits 24..=30,
    // 4-bit register fields from bit 0.
    let word = regs[reg::T0 as usize];
    if word & ecall::HELPER_FLAG == 0 {
        return false;
    }
    let arg = |k: u32| regs[(word >> (4 * k)) as usize & 15] as u64;
    let (op, dst, src, len) = match (word >> 24) & 0x7f {
        n if n == Helper::MemoryCopy as u32 => (Helper::MemoryCopy, arg(0), Some(arg(1)), arg(2)),
        n if n == Helper::MemoryFill as u32 => (Helper::MemoryFill, arg(0), None, arg(2)),
        _ => return false,
    };
    let size = (regs[wasm_reg::MEM_SIZE as usize] as u64)
        .min(linear_max as u64)
        .min(data.len() as u64);
    if dst + len > size || src.is_some_and(|s| s + len > size) {
        return false;
    }
    let cost = op.gas() + gas::copy_cost(len);
    if *gas_left < cost {
        return false;
    }
    *gas_left -= cost;
    let (dst, len) = (dst as usize, len as usize);
    match src {
        Some(src) => {
            let src = src as usize;
            let lo = dst.min(src);
            mark(dirty, lo, dst.max(src) - lo + len);
            data.copy_within(src..src + len, dst);
        }
        None => {
            mark(dirty, dst, len);
            data[dst..dst + len].fill(arg(1) as u8);
        }
    }
    true
}

/// Marks the pages of `[addr, addr + len)` dirty, as a host write through
/// [`Memory::slice_mut`](crate::Memory::slice_mut) does.
fn mark(dirty: &mut [u8], addr: usize, len: usize) {
    if len == 0 {
        return;
    }
    let (first, last) = (addr >> DIRTY_SHIFT, (addr + len - 1) >> DIRTY_SHIFT);
    if let Some(pages) = dirty.get_mut(first..=last) {
        pages.fill(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::abi::Helper;

    fn regs(op: Helper, d: u32, v: u32, n: u32, gp: u32) -> [u32; 32] {
        let mut r = [0u32; 32];
        r[reg::T0 as usize] = op.call_word(&[10, 11, 12]);
        r[wasm_reg::MEM_SIZE as usize] = gp;
        (r[10], r[11], r[12]) = (d, v, n);
        r
    }

    #[test]
    fn copies_and_fills_only_what_succeeds() {
        let mut data: Vec<u8> = (0..4096u32).map(|i| i as u8).collect();
        let mut dirty = vec![0u8; 4];
        let mut gas = 100;
        // An overlapping copy: memmove semantics, the pages of the window spanning
        // both ranges marked ([1020, 1046) crosses the first page boundary).
        let r = regs(Helper::MemoryCopy, 1030, 1020, 16, 4096);
        assert!(run(&r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!(gas, 100 - 4 - 2);
        assert_eq!(
            &data[1030..1046],
            &(1020..1036u32).map(|i| i as u8).collect::<Vec<_>>()[..]
        );
        assert_eq!(dirty, [1, 1, 0, 0]);
        // A fill of the low byte of the value.
        let r = regs(Helper::MemoryFill, 3000, 0x1ab, 9, 4096);
        assert!(run(&r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!(gas, 94 - 4 - 2);
        assert!(data[3000..3009].iter().all(|&b| b == 0xab) && data[3009] == 3009u32 as u8);
        assert_eq!(dirty, [1, 1, 1, 0]);
        let before = (data.clone(), dirty.clone(), gas);
        // Out of bounds (gp, the embedder's maximum), not enough gas, other helpers
        // and words that are no helper: nothing happens.
        for (r, max, g) in [
            (regs(Helper::MemoryFill, 4000, 0, 97, 4096), u32::MAX, gas),
            (regs(Helper::MemoryCopy, 0, 2000, 10, 2005), u32::MAX, gas),
            (regs(Helper::MemoryCopy, 0, 2000, 10, 4096), 2005, gas),
            (regs(Helper::MemoryFill, 1, 0, 4096, 8192), u32::MAX, gas),
            (regs(Helper::MemoryFill, 0, 0, 8, 4096), u32::MAX, 4),
            (regs(Helper::I64DivU, 0, 0, 8, 4096), u32::MAX, gas),
            ([0; 32], u32::MAX, gas),
        ] {
            let mut g = g;
            assert!(!run(&r, &mut data, &mut dirty, &mut g, max));
            assert_eq!(g, if g == 4 { 4 } else { gas });
            assert_eq!((&data, &dirty), (&before.0, &before.1));
        }
        // A zero-length fill at the very end succeeds and marks nothing.
        let r = regs(Helper::MemoryFill, 4096, 0, 0, 4096);
        assert!(run(&r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!((gas, &dirty), (before.2 - 4, &before.1));
    }
}
