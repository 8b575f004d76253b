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
//! * binding a label (block/if/else/end joins, branch targets) forgets
//!   everything: another edge may arrive there without the fact. The
//!   translator's forward skips (`skip_if`/`end_skip`) jump over code that never
//!   checks a memory access, so the two edges they join carry the same facts;
//! * a loop header (a label too) keeps the facts of the entry edge that every
//!   back edge preserves: the constant end (memory never shrinks) and the
//!   entries of locals that no `local.set`/`local.tee` inside the loop body
//!   writes ([`LoopWrites`], from the pinning pre-scan, which sees every operator
//!   of the body, reachable or not, nested loops included; if it stopped early no
//!   loop is known and the header forgets everything). A back edge comes from
//!   inside the body, so such a local still has its entry value there, and `gp`
//!   is at least what it was at the entry. A loop's `end` is not a join (branches
//!   to a loop go to its header), so the facts of the body's fallthrough go on.
//!
//! Keys are locals, not registers: a call may clobber registers, but a local's
//! value survives it (pinned registers are saved and restored around calls).
//!
//! An address in a register counts as an access through local `i` when the slot
//! cache (`slot_cache.rs`) says the register holds the word at `i`'s home slot and
//! `i` is an i32 local in a frame slot: typically the value a `local.tee` of such a
//! local leaves on the stack (its store to the slot recorded the fact). Sound
//! because both facts hold at the same point, the access:
//!
//! * the slot cache's fact is true on every path reaching the current end of the
//!   code (its invariant: any later write of the register, store over the slot,
//!   call or label drops it, by a scan of the emitted code itself), so the
//!   register's value is the word in the slot;
//! * a local in a frame slot is written only by `local.set`/`local.tee`, which
//!   store the new value to its home slot at once (the prologue stores the
//!   parameters and zeroes the rest, except locals written before any read, which
//!   nothing reads, so no fact about them exists, until that write), so that word
//!   is the local's current value, the value its entry here describes.
//!
//! Hence the register's value is the local's current value: a proven end of the
//! local covers an access through the register, and a check passed through the
//! register proves the end for the local (whose later `local.get`s read the same
//! value until a `local.set`/`local.tee` forgets it). An older value of the local
//! still on the operand stack (`local.tee $a` twice, the first result below the
//! second) is in a register whose fact the second store dropped, so it is never
//! taken for the local.

use super::FuncCtx;
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

    /// The facts that still hold at the header of a loop entered with these, for
    /// a loop whose body writes the locals in `written` (a [`LoopWrites`] mask;
    /// None: unknown): the entries of the other locals and the constant end
    /// (see the module docs).
    pub fn at_loop_header(&self, written: Option<u64>, min_bytes: u64) -> Self {
        let mut e = *self;
        let Some(w) = written else {
            e.clear(min_bytes);
            return e;
        };
        e.len = 0;
        e.next = 0;
        for &(i, end) in &self.entries[..self.len as usize] {
            if w & LoopWrites::bit(i) == 0 {
                e.entries[e.len as usize] = (i, end);
                e.len += 1;
            }
        }
        e
    }

    /// Forgets every fact except the memory's minimum size (a label was bound).
    #[inline]
    pub fn clear(&mut self, min_bytes: u64) {
        self.len = 0;
        self.next = 0;
        self.const_end = min_bytes;
    }
}

/// The locals each loop of a body writes (`local.set`/`local.tee` anywhere in
/// its body, nested loops included, reachable or not), found by the pinning
/// pre-scan (`pins.rs`): a proven extent of a local no write in the loop changes still holds
/// at the loop's header (`extents.rs`). A mask per loop, bit `min(i, 63)` for
/// local `i` (locals from 63 on share the last bit: a write of one counts for
/// all of them).
#[derive(Debug, Default)]
pub(crate) struct LoopWrites {
    /// (position of the `loop` opcode in the body's operator bytes, mask), in
    /// order of position; empty when the scan did not finish (nothing known).
    loops: Vec<(u32, u64)>,
    /// The open loops (indices into `loops`), innermost last.
    open: Vec<u32>,
}

impl LoopWrites {
    /// The bit standing for local `i`.
    #[inline]
    pub fn bit(i: u32) -> u64 {
        1 << i.min(63)
    }

    /// Forgets the previous body's loops.
    pub(super) fn clear(&mut self) {
        self.loops.clear();
        self.open.clear();
    }

    /// A `loop` opcode at position `at`.
    pub(super) fn open(&mut self, at: usize) {
        self.open.push(self.loops.len() as u32);
        self.loops.push((at as u32, 0));
    }

    /// A write of local `i`: counted for the innermost open loop (its enclosing
    /// loops get it when it closes).
    #[inline]
    pub(super) fn write(&mut self, i: u32) {
        if let Some(&k) = self.open.last() {
            self.loops[k as usize].1 |= Self::bit(i);
        }
    }

    /// The `end` of the innermost open loop: its writes are its parent's too.
    pub(super) fn close(&mut self) {
        if let Some(k) = self.open.pop() {
            let m = self.loops[k as usize].1;
            if let Some(&p) = self.open.last() {
                self.loops[p as usize].1 |= m;
            }
        }
    }

    /// The scan is over: unless it read the whole body with every loop closed,
    /// no mask is complete, and none is kept.
    pub(super) fn finish(&mut self, done: bool) {
        if !done || !self.open.is_empty() {
            self.clear();
        }
    }

    /// The mask of the loop whose opcode is at position `at`, if known.
    pub fn written(&self, at: u64) -> Option<u64> {
        let k = self.loops.binary_search_by_key(&at, |l| l.0 as u64).ok()?;
        Some(self.loops[k].1)
    }
}

impl FuncCtx<'_> {
    /// The proven extents at the header of the loop whose opcode is at module
    /// offset `offset`, entered now: what the back edges keep of the current
    /// ones (see the module docs).
    pub fn loop_extents(&self, offset: u64) -> Extents {
        let at = offset.wrapping_sub(self.ctrl.code_start);
        let written = self.ctrl.loop_writes.written(at);
        self.vals
            .extents
            .at_loop_header(written, self.env.min_linear_bytes)
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
    fn a_loop_header_keeps_what_its_body_does_not_write() {
        let mut e = Extents::default();
        e.clear(0);
        e.prove_local(1, 8);
        e.prove_local(2, 16);
        e.prove_local(70, 24);
        e.prove_const(100);
        let h = e.at_loop_header(Some(LoopWrites::bit(2)), 0);
        assert_eq!((h.local_end(1), h.local_end(2)), (8, 0));
        assert_eq!(h.local_end(70), 24);
        assert!(h.const_in_bounds(100), "memory never shrinks");
        // Locals from 63 on share a bit: a write of one forgets them all.
        let h = e.at_loop_header(Some(LoopWrites::bit(64)), 0);
        assert_eq!((h.local_end(1), h.local_end(70)), (8, 0));
        let h = e.at_loop_header(None, 0);
        assert_eq!((h.local_end(1), h.local_end(2)), (0, 0));
        assert!(!h.const_in_bounds(100));
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

    /// The loop masks the pre-scan leaves for `code` (operator bytes of a body
    /// with `n` i32 locals).
    fn masks(code: &[u8], n: usize) -> (Vec<(u32, u64)>, Vec<rivet_format::package::ValType>) {
        let types = vec![rivet_format::package::ValType::I32; n];
        let mut sc = super::super::Scratch::default();
        super::super::pins::choose_pins(code, &types, &[], &mut sc);
        (sc.loop_writes.loops.clone(), types)
    }

    #[test]
    fn loops_record_the_locals_their_bodies_write() {
        // loop (local.set 1; loop (local.tee 2; drop) end; local.get 3; drop) end;
        // local.set 4 (outside every loop); end
        let code = [
            0x03, 0x40, 0x41, 0, 0x21, 1, // loop, i32.const 0, local.set 1
            0x03, 0x40, 0x41, 0, 0x22, 2, 0x1a, 0x0b, // inner loop: tee 2, drop
            0x20, 3, 0x1a, 0x0b, // local.get 3, drop, end
            0x41, 0, 0x21, 4, 0x0b,
        ];
        let (loops, _) = masks(&code, 5);
        assert_eq!(loops, [(0, 0b110), (6, 0b100)]);
        let w = LoopWrites {
            loops,
            open: vec![],
        };
        assert_eq!(w.written(6), Some(0b100));
        assert_eq!(w.written(2), None);
        assert_eq!(LoopWrites::bit(70), 1 << 63);
    }

    #[test]
    fn an_unfinished_scan_knows_no_loop() {
        // An unknown opcode (0xff) inside the loop ends the scan.
        let (loops, _) = masks(&[0x03, 0x40, 0xff, 0x0b, 0x0b], 2);
        assert!(loops.is_empty());
        // A loop never closed (an invalid body) is not kept either.
        let (loops, _) = masks(&[0x03, 0x40, 0x41, 0, 0x21, 1], 2);
        assert!(loops.is_empty());
    }
}
