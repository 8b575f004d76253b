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

/// The open run of one base register: its anchor's instruction index and
/// offset, and the lowest and highest offsets of its anchor and joined stores.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: usize,
    o0: i32,
    lo: i32,
    hi: i32,
    joined: bool,
}

/// Per base register, the open run of the region being planned.
#[derive(Debug, Default)]
pub(crate) struct Anchors {
    runs: [Option<Run>; 32],
}

impl Anchors {
    /// Starts planning a region: no run is open.
    pub(crate) fn clear(&mut self) {
        self.runs = [None; 32];
    }

    /// Store `j` at `offset` through base register `b`: true if it joins the
    /// open run (and needs no mark of its own); otherwise it anchors a new run
    /// when none is open.
    pub(crate) fn store(&mut self, j: usize, b: u8, offset: i32) -> bool {
        match &mut self.runs[b as usize & 31] {
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

    /// Base register `b` is written (or the region ends): its run closes, and
    /// an anchor with joined stores gets its delta in `anchor` (per instruction,
    /// [`Scratch::anchor`]).
    pub(crate) fn close(&mut self, b: u8, anchor: &mut [Option<i32>]) {
        if let Some(run) = self.runs[b as usize & 31].take() {
            if run.joined {
                anchor[run.at] = Some(run.lo - run.o0);
            }
        }
    }

    /// The region ends: every open run closes.
    pub(crate) fn close_all(&mut self, anchor: &mut [Option<i32>]) {
        for b in 0..32 {
            self.close(b, anchor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_joins_stores_within_a_page_of_its_offsets() {
        let mut anchor = vec![None; 8];
        let mut a = Anchors::default();
        // Down from 160 in pairs: all join the anchor at 160.
        assert!(!a.store(0, 8, 160));
        assert!(a.store(1, 8, 164));
        assert!(a.store(2, 8, 120));
        assert!(a.store(3, 8, 0));
        // 1 KiB above the lowest: too wide, marks on its own; 1020 still joins.
        assert!(!a.store(4, 8, 1024));
        assert!(a.store(5, 8, 1020));
        a.close(8, &mut anchor);
        assert_eq!(anchor[0], Some(-160));
        // A lone store anchors nothing.
        assert!(!a.store(6, 9, 8));
        a.close_all(&mut anchor);
        assert_eq!(anchor[6], None);
        // A closed run does not carry over to the register's next value.
        assert!(!a.store(7, 8, 4));
    }
}
