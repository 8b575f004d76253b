//! Run marks: in a guarded translation, the first store of a region through a
//! value of a base register marks the two pages that every later store of the
//! region through that value can reach, and those stores mark nothing.
//!
//! Rivet's compiler stores a struct or an i64 array through one base register
//! with a handful of offsets (keccak's state: `sw` at 160, 164, 120, 124, ...,
//! 0, 4 of one pointer). [`super::pair`] covers only a store's right neighbour
//! and [`super::group`]'s rule only a store between two earlier ones, so a run
//! that walks down (or up in strides wider than 4) marked every pair.
//!
//! **The plan** ([`Anchors`], per region, from [`super::group`]'s planning):
//! per base register, the first store through its current value is the run's
//! *anchor* at offset `o0`; each later store through the same value joins the
//! run while the offsets of the anchor and the joined stores stay within
//! `hi - lo < DIRTY_GRANULE` (1 KiB); the others mark as before. When the base
//! is written or the region ends, an anchor with joined stores is given the
//! delta `lo - o0 <= 0` ([`Scratch::anchor`]).
//!
//! **The mark** (after the anchor's store, which ran, so its guest address `a`
//! is inside memory): `q = (a + lo - o0) >> DIRTY_SHIFT` as a signed 64-bit
//! value, and pages `q` and `q + 1` are marked with one 16-bit compare (and,
//! only when not both marked yet, one 16-bit store out of line), like a pair.
//! A joined store at offset `o` writes its first byte at `(a + o - o0) mod 2^32`.
//! If `a + o - o0` is below 0, the guest address wrapped and the store faults (a
//! guarded memory has no byte at `2^32 - 1024` or above) and writes nothing;
//! it cannot exceed `2^32` (`a` lies below the largest memory, 64 KiB short of
//! 4 GiB, and `o - o0 < 1024`). Otherwise it lies in `[a + lo - o0, a + hi -
//! o0]`, less than a page wide: on page `q` or `q + 1`. `q` is at least -1 (`a >=
//! 0`, `lo - o0 > -1024`), and the guarded reservation keeps a read-write byte
//! below the map for page -1 (`crate::memory::guarded`); `q + 1` is at most the
//! page of `a`, plus one: inside the map's extra byte.
//!
//! Exactness: as for pairs, the dirty map may hold up to two pages no store
//! wrote (page -1's byte is outside the map and never read), never fewer than
//! the interpreter's. A joined store relies on its anchor having run, which
//! holds on the inline path (a region is straight-line code entered only at its
//! start); dynamic entries use the region's ordinary copy, which marks every
//! store. Stores that the stack plan marks (through `sp`, see [`super::stack`])
//! take no part: they need no mark and anchor nothing.

#[cfg(doc)]
use super::group::Scratch;
use crate::memory::DIRTY_GRANULE;
use rivet_format::rv32::{ImmOp, Inst};

/// The open run of one base value: its anchor's instruction index and
/// offset, and the lowest and highest offsets of its anchor and joined stores
/// (offsets from the base value, see [`Anchors`]).
#[derive(Debug, Clone, Copy)]
struct Run {
    at: usize,
    o0: i32,
    lo: i32,
    hi: i32,
    joined: bool,
}

/// The runs of the region being planned, keyed by base value.
///
/// A register written by `addi rd, rs, imm` (`rd` not `rs`) holds `rs`'s value
/// plus `imm` until either is written again, so a store through it is a store
/// through `rs`'s value at `offset + imm` (the compiler's `addi t, b, -4; sw
/// x, 0(t)` next to `sw y, 0(b)`). Each register's value is therefore named by
/// a key register (whose value it is based on) and a displacement; a run is
/// keyed by its key register, and closes when that register is written.
#[derive(Debug)]
pub(crate) struct Anchors {
    /// Per key register, its open run.
    runs: [Option<Run>; 32],
    /// Per register: the key register of its value and the displacement.
    value: [(u8, i32); 32],
}

impl Default for Anchors {
    fn default() -> Anchors {
        let mut a = Anchors {
            runs: [None; 32],
            value: [(0, 0); 32],
        };
        a.clear();
        a
    }
}

impl Anchors {
    /// Starts planning a region: no run is open, every register is its own key.
    pub(crate) fn clear(&mut self) {
        self.runs = [None; 32];
        for (r, v) in self.value.iter_mut().enumerate() {
            *v = (r as u8, 0);
        }
    }

    /// Store `j` at `offset` through base register `b`: true if it joins the
    /// open run of its base value (and needs no mark of its own); otherwise it
    /// anchors a new run when none is open.
    pub(crate) fn store(&mut self, j: usize, b: u8, offset: i32) -> bool {
        let (key, disp) = self.value[b as usize & 31];
        // Displacements stay within a few 12-bit immediates of 0 in practice;
        // one that would overflow is too far to join anything.
        let Some(offset) = offset.checked_add(disp) else {
            return false;
        };
        match &mut self.runs[key as usize] {
            Some(run) => {
                let (lo, hi) = (run.lo.min(offset), run.hi.max(offset));
                if hi - lo >= DIRTY_GRANULE as i32 {
                    return false;
                }
                (run.lo, run.hi, run.joined) = (lo, hi, true);
                true
            }
            slot @ None => {
                *slot = Some(Run {
                    at: j,
                    o0: offset,
                    lo: offset,
                    hi: offset,
                    joined: false,
                });
                false
            }
        }
    }

    /// Instruction `inst` runs: if it writes a register, the runs keyed by it
    /// close (an anchor with joined stores gets its delta in `anchor`, per
    /// instruction, [`Scratch::anchor`]), the registers whose values were
    /// based on it become their own keys, and it gets its new value's key.
    pub(crate) fn write(&mut self, inst: Inst, anchor: &mut [Option<i32>]) {
        let (Some(rd), _) = inst.registers() else {
            return;
        };
        let rd = rd & 31;
        if rd == 0 {
            return;
        }
        self.close(rd, anchor);
        for (r, v) in self.value.iter_mut().enumerate() {
            if v.0 == rd {
                *v = (r as u8, 0);
            }
        }
        self.value[rd as usize] = match inst {
            Inst::Imm {
                op: ImmOp::Addi,
                rs1,
                imm,
                ..
            } if rs1 & 31 != rd && rs1 & 31 != 0 => {
                let (key, disp) = self.value[rs1 as usize & 31];
                match disp.checked_add(imm) {
                    Some(disp) => (key, disp),
                    None => (rd, 0),
                }
            }
            _ => (rd, 0),
        };
    }

    /// Key register `key` is written (or the region ends): its run closes, and
    /// an anchor with joined stores gets its delta in `anchor`.
    fn close(&mut self, key: u8, anchor: &mut [Option<i32>]) {
        if let Some(run) = self.runs[key as usize & 31].take() {
            if run.joined {
                anchor[run.at] = Some(run.lo - run.o0);
            }
        }
    }

    /// The region ends: every open run closes.
    pub(crate) fn close_all(&mut self, anchor: &mut [Option<i32>]) {
        for key in 0..32 {
            self.close(key, anchor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jit::test_support::addi;

    #[test]
    fn a_run_joins_stores_within_a_page_of_its_offsets() {
        let mut anchor = vec![None; 8];
        let mut a = Anchors::default();
        // Down from 160 in pairs: all join 160.
        assert!(!a.store(0, 8, 160));
        assert!(a.store(1, 8, 164));
        assert!(a.store(2, 8, 120));
        assert!(a.store(3, 8, 0));
        // 1 KiB above the lowest: too wide, marks on its own; 1020 still joins.
        assert!(!a.store(4, 8, 1024));
        assert!(a.store(5, 8, 1020));
        a.write(addi(8, 0, 4), &mut anchor);
        assert_eq!(anchor[0], Some(-160));
        // A lone store anchors nothing.
        assert!(!a.store(6, 9, 8));
        a.close_all(&mut anchor);
        assert_eq!(anchor[6], None);
        // A closed run does not carry over to the register's next value.
        assert!(!a.store(7, 8, 4));
    }

    #[test]
    fn stores_through_a_displaced_copy_join_the_base_run() {
        let mut anchor = vec![None; 8];
        let mut a = Anchors::default();
        // x9 = x8 - 4; x10 = x9 + 8 = x8 + 4.
        a.write(addi(9, 8, -4), &mut anchor);
        a.write(addi(10, 9, 8), &mut anchor);
        assert!(!a.store(0, 9, 0));
        assert!(a.store(1, 8, 0));
        assert!(a.store(2, 10, 100));
        // x9 rewritten: x8's run stays open.
        a.write(addi(9, 0, 1), &mut anchor);
        assert!(a.store(3, 8, -8));
        // x8 rewritten: its run closes (its lowest offset -8, the anchor's -4),
        // and x10, based on x8's old value, is a value of its own.
        a.write(addi(8, 8, 4), &mut anchor);
        assert_eq!(anchor[0], Some(-4));
        assert!(!a.store(4, 10, 0));
        assert!(!a.store(5, 8, 0));
        assert!(a.store(6, 10, 4));
        // `addi rd, rd, imm` and other writes start a value of their own.
        a.write(
            Inst::Lui {
                rd: 10,
                imm: 0x1000,
            },
            &mut anchor,
        );
        assert!(!a.store(7, 10, 4));
        a.close_all(&mut anchor);
        assert_eq!(anchor[4], Some(0));
    }
}
