//! Proven extents: bounds checks that an earlier check on the same path implies.
//!
//! Linear memory never shrinks (`memory.grow` only grows it, a call cannot shrink
//! it), so once an access through the current value `a` of local `i` passed its
//! check (`a + end <= gp`, or it would have trapped), every later access through
//! the same value with `offset + n <= end` is in bounds too: the translator drops
//! its check. Likewise a passed check of a constant address proves `gp >= end`
//! for later constant addresses. The table records, per basic block:
//!
//! * for a few locals, the largest `end = offset + n` a check through the local's
//!   current value has proven;
//! * the largest constant end proven (`gp` is at least that; at least the
//!   memory's minimum size everywhere).
//!
//! Invariants (what keeps every trap at the same access, with the same memory
//! state, as with a check per access):
//!
//! * an entry is added only right after the checked access itself was emitted,
//!   so the fact holds at every later point of straight-line code;
//! * `local.set`/`local.tee` of a local forgets its entry (the value changed);
//!   a lazy `local.get` reference on the operand stack is materialised before the
//!   write (`isolate_local`), so a popped `Loc::Local(i)` is always the value the
//!   entry describes;
//! * binding a label (block/if/else/end joins, loop headers, branch targets)
//!   forgets everything: another edge may arrive there without the fact. The
//!   translator's forward skips (`skip_if`/`end_skip`) jump over code that never
//!   checks a memory access, so the two edges they join carry the same facts.
//!
//! Keys are locals, not registers: a call may clobber registers, but a local's
//! value survives it (pinned registers are saved and restored around calls).

use rivet_format::rv32::fits_signed;

/// How many locals the table tracks at once (the oldest entry is replaced).
const SLOTS: usize = 8;

/// The proven extents of one basic block (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Extents {
    /// (local, proven end) pairs; the first `len` are live.
    entries: [(u32, u64); SLOTS],
    len: u8,
    /// Next entry to replace when the table is full.
    next: u8,
    /// Constant ends up to this are known in bounds (`gp >= const_end`).
    const_end: u64,
}

impl Extents {
    /// The table at a function's entry: only the memory's minimum size is known.
    pub fn at_entry(min_bytes: u64) -> Self {
        let mut e = Extents::default();
        e.clear(min_bytes);
        e
    }

    /// The end proven for local `i`'s current value (0 if none).
    #[inline]
    pub fn local_end(&self, i: u32) -> u64 {
        self.entries[..self.len as usize]
            .iter()
            .find(|e| e.0 == i)
            .map_or(0, |e| e.1)
    }

    /// Records that an access through local `i` ending at `end` passed its check.
    pub fn prove_local(&mut self, i: u32, end: u64) {
        let live = &mut self.entries[..self.len as usize];
        if let Some(e) = live.iter_mut().find(|e| e.0 == i) {
            e.1 = e.1.max(end);
            return;
        }
        if (self.len as usize) < SLOTS {
            self.entries[self.len as usize] = (i, end);
            self.len += 1;
        } else {
            self.entries[self.next as usize] = (i, end);
            self.next = (self.next + 1) % SLOTS as u8;
        }
    }

    /// Forgets local `i` (it was written).
    #[inline]
    pub fn forget_local(&mut self, i: u32) {
        let len = self.len as usize;
        if let Some(k) = self.entries[..len].iter().position(|e| e.0 == i) {
            self.entries[k] = self.entries[len - 1];
            self.len -= 1;
            self.next = 0;
        }
    }

    /// True when a constant access ending at `end` is known in bounds.
    #[inline]
    pub fn const_in_bounds(&self, end: u64) -> bool {
        end <= self.const_end
    }

    /// Records that a constant access ending at `end` passed its check.
    #[inline]
    pub fn prove_const(&mut self, end: u64) {
        self.const_end = self.const_end.max(end);
    }

    /// Forgets every fact except the memory's minimum size (a label was bound).
    #[inline]
    pub fn clear(&mut self, min_bytes: u64) {
        self.len = 0;
        self.next = 0;
        self.const_end = min_bytes;
    }
}

/// True when an unchecked access may use `offset` as its load/store displacement
/// (and `offset + 4` for the high word of an i64).
#[inline]
pub(crate) fn fits_disp(offset: u64) -> bool {
    offset + 4 < 2048 && fits_signed(offset as i32 + 4, 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_keep_the_largest_end_until_written() {
        let mut e = Extents::default();
        e.clear(0);
        assert_eq!(e.local_end(3), 0);
        e.prove_local(3, 8);
        e.prove_local(3, 4);
        assert_eq!(e.local_end(3), 8);
        e.prove_local(5, 16);
        e.forget_local(3);
        assert_eq!(e.local_end(3), 0);
        assert_eq!(e.local_end(5), 16);
        e.clear(0);
        assert_eq!(e.local_end(5), 0);
    }

    #[test]
    fn a_full_table_replaces_one_entry() {
        let mut e = Extents::default();
        for i in 0..SLOTS as u32 + 3 {
            e.prove_local(i, 4 + i as u64);
        }
        let live = (0..SLOTS as u32 + 3)
            .filter(|&i| e.local_end(i) != 0)
            .count();
        assert_eq!(live, SLOTS);
        assert_eq!(e.local_end(SLOTS as u32 + 2), 4 + SLOTS as u64 + 2);
    }

    #[test]
    fn constants_start_at_the_minimum_size() {
        let mut e = Extents::default();
        e.clear(65536);
        assert!(e.const_in_bounds(65536));
        assert!(!e.const_in_bounds(65537));
        e.prove_const(70000);
        assert!(e.const_in_bounds(70000));
        e.clear(65536);
        assert!(!e.const_in_bounds(70000));
    }
}
