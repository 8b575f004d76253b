//! Rivet's helper calls run by the engine itself: the register helpers (`clz`,
//! `ctz`, `popcnt`, i64 division, remainder, shifts and rotates) and `memory.copy`
//! and `memory.fill`.
//!
//! Compiled Wasm code delegates operations RV32EM has no short sequence for to its
//! host with a helper `ecall` (`rivet_format::abi::Helper`, the word in `t0`). Each
//! such call leaves the interpreter loop or native code, goes through the
//! embedder's [`Host::ecall`](crate::Host::ecall) and comes back: in native code
//! that round trip cost more than the operation itself (sha256 made 15 000 small
//! copies and fills per run, keccak one copy per permutation; formatting a number
//! divides an i64 per digit). An embedder whose host implements the helpers as
//! `rivet-runtime` does can let the engine run them in place
//! ([`Module::with_helpers`](crate::Module::with_helpers)).
//!
//! **Exactness.** [`run`] does the operation only when it succeeds: the word is one
//! of these helpers, the gas covers it, a division has a divisor and no overflow,
//! the ranges of a bulk operation lie inside linear memory, and no result goes to
//! `sp` (native code tracks the pages it marked for the stack pointer across the
//! call, see `crate::jit`'s `stack`). Then it does what the host does: it charges
//! [`Helper::gas`] (plus [`gas::copy_cost`] of a bulk operation's length), computes
//! a register helper with the host's own [`Helper::eval_registers`], writes a
//! pair's low word first, never writes x0, marks the dirty pages of the same window (a copy marks the window
//! spanning both ranges) and copies or fills. In every other case it changes
//! nothing and charges nothing, and the `ecall` goes to the host as before, which
//! reports the trap or the out-of-gas, or does whatever else the word means.
//! Linear memory is `gp` clamped to the embedder's maximum and to the machine's
//! memory, as the host clamps it.

use crate::memory::mark_pages;
use rivet_format::abi::{reg, wasm_reg, Helper, HelperResult};
use rivet_format::gas;

/// True for the helpers [`run`] handles: the register helpers (those
/// [`Helper::eval_registers`] evaluates) and the two bulk-memory ones.
#[cfg(any(test, all(target_arch = "x86_64", target_os = "linux")))]
fn handled(op: Helper) -> bool {
    matches!(op, Helper::MemoryCopy | Helper::MemoryFill) || op.eval_registers(|_| 0).is_some()
}

/// True if `word` (the `t0` of an `ecall`) may be a helper call [`run`] runs
/// (the recompiler calls [`run`] only for such words, without leaving native code).
#[cfg(any(test, all(target_arch = "x86_64", target_os = "linux")))]
pub(crate) fn may_run(word: u32) -> bool {
    Helper::decode_word(word).is_some_and(|(op, _)| handled(op))
}

/// Runs the helper call the registers hold if it is one of those above and it
/// succeeds (see the module docs); false, with nothing changed, otherwise.
/// `linear_max` is the embedder's largest linear memory in bytes.
pub(crate) fn run(
    regs: &mut [u32; 32],
    data: &mut [u8],
    dirty: &mut [u8],
    gas_left: &mut u64,
    linear_max: u32,
) -> bool {
    let Some((op, fields)) = Helper::decode_word(regs[reg::T0 as usize]) else {
        return false;
    };
    let field = |k: usize| fields[k] as usize;
    if *gas_left < op.gas() {
        return false;
    }
    // The same evaluation as the host's (operands read before any write).
    let result = match op.eval_registers(|k| regs[field(k)]) {
        Some(Ok(result)) => result,
        Some(Err(_)) => return false,
        None if matches!(op, Helper::MemoryCopy | Helper::MemoryFill) => {
            let args = [0, 1, 2].map(|k| regs[field(k)] as u64);
            return bulk(op, args, regs, data, dirty, gas_left, linear_max);
        }
        None => return false,
    };
    let writes = match result {
        HelperResult::Word(v) => [(field(0), v), (0, 0)],
        HelperResult::Pair(v) => [(field(0), v as u32), (field(1), (v >> 32) as u32)],
    };
    if writes.iter().any(|&(r, _)| r == reg::SP as usize) {
        return false;
    }
    *gas_left -= op.gas();
    // Low word first, as the host writes a pair; x0 stays 0.
    for (r, v) in writes {
        if r != 0 {
            regs[r] = v;
        }
    }
    true
}

/// `memory.copy` (`args`: dst, src, len) or `memory.fill` (dst, value, len), when it
/// succeeds (see [`run`]).
fn bulk(
    op: Helper,
    args: [u64; 3],
    regs: &[u32; 32],
    data: &mut [u8],
    dirty: &mut [u8],
    gas_left: &mut u64,
    linear_max: u32,
) -> bool {
    let (dst, src, len) = match op {
        Helper::MemoryCopy => (args[0], Some(args[1]), args[2]),
        _ => (args[0], None, args[2]),
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
            mark_pages(dirty, lo, dst.max(src) - lo + len);
            data.copy_within(src..src + len, dst);
        }
        None => {
            mark_pages(dirty, dst, len);
            data[dst..dst + len].fill(args[1] as u8);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::abi::{ecall, Helper};

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
        let mut r = regs(Helper::MemoryCopy, 1030, 1020, 16, 4096);
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!(gas, 100 - 4 - 2);
        let want: Vec<u8> = (1020..1036u32).map(|i| i as u8).collect();
        assert_eq!(&data[1030..1046], &want[..]);
        assert_eq!(dirty, [1, 1, 0, 0]);
        // A fill of the low byte of the value.
        let mut r = regs(Helper::MemoryFill, 3000, 0x1ab, 9, 4096);
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!(gas, 94 - 4 - 2);
        assert!(data[3000..3009].iter().all(|&b| b == 0xab) && data[3009] == 3009u32 as u8);
        assert_eq!(dirty, [1, 1, 1, 0]);
        let before = (data.clone(), dirty.clone(), gas);
        // Out of bounds (gp, the embedder's maximum, the memory), not enough gas,
        // a division by zero and words that are no helper: nothing happens.
        for (r, max, g) in [
            (regs(Helper::MemoryFill, 4000, 0, 97, 4096), u32::MAX, gas),
            (regs(Helper::MemoryCopy, 0, 2000, 10, 2005), u32::MAX, gas),
            (regs(Helper::MemoryCopy, 0, 2000, 10, 4096), 2005, gas),
            (regs(Helper::MemoryFill, 1, 0, 4096, 8192), u32::MAX, gas),
            (regs(Helper::MemoryFill, 0, 0, 8, 4096), u32::MAX, 4),
            (regs(Helper::I64DivU, 0, 0, 8, 4096), u32::MAX, gas),
            (regs(Helper::I32Clz, 0, 0, 8, 4096), u32::MAX, 3),
            ([0; 32], u32::MAX, gas),
        ] {
            let (mut r, mut g) = (r, g);
            let copy = r;
            assert!(!run(&mut r, &mut data, &mut dirty, &mut g, max));
            assert_eq!((r, &data, &dirty), (copy, &before.0, &before.1));
            assert!(g == gas || g < 6);
        }
        // A zero-length fill at the very end succeeds and marks nothing.
        let mut r = regs(Helper::MemoryFill, 4096, 0, 0, 4096);
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, u32::MAX));
        assert_eq!((gas, &dirty), (before.2 - 4, &before.1));
    }

    #[test]
    fn may_run_names_exactly_the_helpers_run_handles() {
        for op in Helper::ALL {
            let word = op.call_word(&[10, 11, 12, 13, 14, 15]);
            let mut r = [0u32; 32];
            r[reg::T0 as usize] = word;
            // Divisor 1 and empty bulk ranges: every helper `run` handles succeeds.
            r[14] = 1;
            let mut gas = 1000;
            let ran = run(&mut r, &mut [0; 8], &mut [0; 1], &mut gas, 8);
            assert_eq!(may_run(word), ran, "{op:?}");
        }
        assert!(!may_run(0) && !may_run(1) && !may_run(0x100) && !may_run(0x4000_0000));
        assert!(!may_run(ecall::HELPER_FLAG | 0x7f << 24));
    }

    #[test]
    fn register_helpers_write_their_results_like_the_host() {
        let (mut data, mut dirty) = (vec![0u8; 16], vec![0u8; 1]);
        let call = |op: Helper, fields: &[u8], set: &[(usize, u32)]| {
            let mut r = [0u32; 32];
            r[reg::T0 as usize] = op.call_word(fields);
            for &(k, v) in set {
                r[k] = v;
            }
            r
        };
        let mut gas = 1000;
        // i64 div_s of -7 by 2 into (a0, a1), from (a2, a3) and (a4, a5).
        let mut r = call(
            Helper::I64DivS,
            &[10, 11, 12, 13, 14, 15],
            &[(12, -7i32 as u32), (13, u32::MAX), (14, 2)],
        );
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, 0));
        assert_eq!((r[10], r[11]), (-3i32 as u32, u32::MAX));
        assert_eq!(gas, 1000 - Helper::I64DivS.gas());
        // The result pair overlaps the operands: every operand is read first.
        let mut r = call(
            Helper::I64Rotl,
            &[12, 13, 12, 13, 14],
            &[(12, 1), (13, 0x8000_0000), (14, 1)],
        );
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, 0));
        assert_eq!((r[12], r[13]), (3, 0));
        // Both words to one register: the high word is written last. x0 stays 0.
        let mut r = call(Helper::I64Popcnt, &[9, 9, 12, 13], &[(12, 3), (13, 1)]);
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, 0));
        assert_eq!(r[9], 0);
        let mut r = call(Helper::I32Ctz, &[0, 12], &[(12, 8)]);
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, 0));
        assert_eq!(r[0], 0);
        // Traps, overflow and a result in sp go to the host.
        for mut r in [
            call(Helper::I64RemU, &[10, 11, 12, 13, 14, 15], &[(12, 5)]),
            call(
                Helper::I64DivS,
                &[10, 11, 12, 13, 14, 15],
                &[(13, 0x8000_0000), (14, u32::MAX), (15, u32::MAX)],
            ),
            call(Helper::I32Clz, &[2, 12], &[(12, 8)]),
            call(Helper::I64Shl, &[10, 2, 12, 13, 14], &[(12, 8)]),
            call(Helper::MemoryGrow, &[10, 11], &[(11, 1)]),
        ] {
            let (copy, g) = (r, gas);
            assert!(!run(&mut r, &mut data, &mut dirty, &mut gas, 0));
            assert_eq!((r, gas), (copy, g));
        }
        // i64 rem_s of MIN by -1 is 0, not an overflow.
        let mut r = call(
            Helper::I64RemS,
            &[10, 11, 12, 13, 14, 15],
            &[(10, 9), (13, 0x8000_0000), (14, u32::MAX), (15, u32::MAX)],
        );
        assert!(run(&mut r, &mut data, &mut dirty, &mut gas, 0));
        assert_eq!((r[10], r[11]), (0, 0));
    }
}
