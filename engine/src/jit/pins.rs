//! Which guest registers live in host registers for a whole native run (see
//! [`super::translate`] for the host register roles), and the static loop depths
//! the choice weighs register mentions by.
//!
//! Loop depth of an instruction: the static back-edges (a branch or `jal` to an
//! earlier or the same instruction) whose range covers it, plus the depth of its
//! function's calls: a function (code from one `jal` target with a link register
//! up to the next) called from a loop of depth `d` in a function of call depth `e`
//! has call depth at least `d + e`. Without it, the inner loop of a function
//! called once per iteration of an outer loop weighs no more than a loop that runs
//! once (a fill loop beside the outer loop), and the registers of the code that
//! runs most may stay in memory. Depths saturate at [`MAX_DEPTH`], which also
//! bounds the propagation (recursion adds nothing once saturated).

use super::x86::reg::*;
use rivet_format::rv32::Inst;

/// Host registers free for pinning guest registers.
pub(crate) const PIN_HOSTS: [u8; 11] = [RBX, RSI, RDI, R8, R9, R10, R11, R13, R14, R12, RDX];

/// Which guest registers live in which host registers (x0 is never pinned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pins {
    host: [Option<u8>; 32],
}

impl Pins {
    /// Pins `guest[k]` to `PIN_HOSTS[k]`; registers past the ISA's, x0, duplicates
    /// and anything beyond the host registers available are left in memory.
    pub(crate) fn new(guest: &[u8], register_count: u8) -> Pins {
        let mut p = Pins::default();
        let mut hosts = PIN_HOSTS.iter();
        for &g in guest {
            if g == 0 || g >= register_count || g >= 32 || p.host[g as usize].is_some() {
                continue;
            }
            match hosts.next() {
                Some(&h) => p.host[g as usize] = Some(h),
                None => break,
            }
        }
        p
    }

    /// The host register of guest register `r` (its low five bits: decoded
    /// register fields have no more).
    #[inline]
    pub(crate) fn get(&self, r: u8) -> Option<u8> {
        self.host[r as usize & 31]
    }

    /// The guest register held in host register `host`, if any.
    pub(super) fn guest_in(&self, host: u8) -> Option<u8> {
        (1..32u8).find(|&g| self.host[g as usize] == Some(host))
    }

    pub(super) fn pairs(&self) -> impl Iterator<Item = (u8, u8)> + '_ {
        (0..32u8).filter_map(|g| self.host[g as usize].map(|h| (g, h)))
    }
}

/// Depth beyond which more nesting weighs no more.
pub(crate) const MAX_DEPTH: u32 = 3;

/// Per instruction: its loop depth, capped at [`MAX_DEPTH`] (see the module docs).
pub(crate) fn loop_depths(insts: &[Inst]) -> Vec<u32> {
    let n = insts.len();
    let target = |j: usize, offset: i32| {
        let t = j as i64 + (offset as i64 >> 2);
        (0..n as i64).contains(&t).then_some(t as usize)
    };
    // Local depth: delta[t] += 1, delta[j + 1] -= 1 per back-edge j -> t.
    let mut delta = vec![0i64; n + 1];
    // Function starts: 0 and every call target.
    let mut start = vec![false; n.max(1)];
    start[0] = true;
    let mut calls = Vec::new();
    for (j, inst) in insts.iter().enumerate() {
        let (offset, call) = match *inst {
            Inst::Branch { offset, .. } => (offset, false),
            Inst::Jal { rd, offset } => (offset, rd != 0),
            _ => continue,
        };
        let Some(t) = target(j, offset) else { continue };
        if call {
            start[t] = true;
            calls.push((j, t));
        }
        if t <= j && !call {
            delta[t] += 1;
            delta[j + 1] -= 1;
        }
    }
    let mut depth = Vec::with_capacity(n);
    let mut func = Vec::with_capacity(n);
    let (mut d, mut f) = (0i64, 0usize);
    for (j, step) in delta.iter().take(n).enumerate() {
        d += step;
        if start[j] {
            f = j;
        }
        depth.push(d.clamp(0, MAX_DEPTH as i64) as u32);
        func.push(f);
    }
    // Call depth per function start, raised until stable: each round either
    // raises one by at least 1 (at most MAX_DEPTH times each) or ends.
    let mut extra = vec![0u32; n];
    loop {
        let mut changed = false;
        for &(j, t) in &calls {
            let want = (depth[j] + extra[func[j]]).min(MAX_DEPTH);
            if want > extra[t] {
                extra[t] = want;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (d, f) in depth.iter_mut().zip(&func) {
        *d = (*d + extra[*f]).min(MAX_DEPTH);
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::{BranchOp, ImmOp};

    fn addi(rd: u8) -> Inst {
        Inst::Imm {
            op: ImmOp::Addi,
            rd,
            rs1: rd,
            imm: 1,
        }
    }

    fn bne(offset: i32) -> Inst {
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 5,
            rs2: 0,
            offset,
        }
    }

    #[test]
    fn a_function_called_from_a_loop_counts_as_one() {
        let code = [
            // 0: a loop calling the function at 6.
            addi(5),
            Inst::Jal { rd: 1, offset: 20 },
            bne(-8),
            // 3: a loop of its own, then a jump over the function.
            addi(6),
            bne(-4),
            Inst::Jal { rd: 0, offset: 16 },
            // 6: the function: a loop of its own, then return.
            addi(7),
            bne(-4),
            Inst::Jalr {
                rd: 0,
                rs1: 1,
                offset: 0,
            },
            // 9: never called.
            addi(8),
        ];
        // The callee's loop is inside the caller's: depth 2. A plain `jal` (the jump
        // over the function) is no call, and code after the callee belongs to it.
        assert_eq!(loop_depths(&code), [1, 1, 1, 1, 1, 0, 2, 2, 1, 1]);
    }

    #[test]
    fn recursion_and_deep_nests_saturate() {
        // A function calling itself from a loop, and a loop of four levels.
        let code = [
            addi(5),
            Inst::Jal { rd: 1, offset: -4 },
            bne(-8),
            addi(6),
            bne(-4),
            bne(-8),
            bne(-12),
            bne(-16),
        ];
        let d = loop_depths(&code);
        assert!(d.iter().all(|&d| d <= MAX_DEPTH), "{d:?}");
        assert_eq!(d[3], MAX_DEPTH);
        assert!(loop_depths(&[]).is_empty());
    }
}
