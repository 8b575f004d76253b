//! Paired dirty marks: two stores in a row through the same base register share
//! one mark that covers both of their pages.
//!
//! Rivet's compiler stores an i64 as two words through one base, `sw lo, k(b);
//! sw hi, k+4(b)`, and each store marked the page of its first byte: two byte
//! stores into the dirty map. The marks are stores with late addresses (they
//! depend on the guest address), and in store-heavy loops they cost far more
//! than their instruction count (keccak's rho-pi loop ran 21% faster with no
//! marks at all). When the second store's offset lies less than a page
//! ([`DIRTY_GRANULE`]) above the first's (`k <= k2 < k + DIRTY_GRANULE`), its
//! first byte's page is the first store's page `p` or `p + 1`. In a guarded translation the first
//! store marks both with one 16-bit store of `0x0101` at `map[p]` (when the
//! map does not read `0x0101` there already, see `Tr::mark_store`), and the
//! second store marks nothing.
//!
//! Exactness: the dirty map may then hold page `p + 1` without a store to it,
//! never fewer pages than the interpreter's (the engine's documented contract
//! for native code; a page marked but unchanged is restored unchanged). The map
//! of a guarded memory has one byte more than its pages, so `p + 1` is always
//! inside it (`crate::memory::guarded`); the first store ran, so `p` is a page of
//! memory. A fault in the second store leaves both marks, a superset too. Only
//! the main pass pairs: the two stores are in one block, a dynamic entry into
//! the second one goes to an out-of-line copy that marks its own page
//! ([`Stub::Tail`]; inside a planned region, the region's ordinary copy, which
//! never pairs).

use super::translate::{Stub, Tr};
use crate::memory::DIRTY_GRANULE;
use rivet_format::rv32::Inst;

impl Tr<'_> {
    /// True if the store at instruction `i` may mark its page and the next for
    /// the store right after it (see the module docs).
    pub(super) fn pairs_with_next(&self, i: usize) -> bool {
        let insts = self.module.insts();
        if !self.guard || i + 1 >= insts.len() || self.leaders[i + 1] {
            return false;
        }
        match (insts[i], insts[i + 1]) {
            (
                Inst::Store {
                    rs1: b, offset: k, ..
                },
                Inst::Store {
                    rs1: b2,
                    offset: k2,
                    ..
                },
            ) => b == b2 && (k..k + DIRTY_GRANULE as i32).contains(&k2),
            _ => false,
        }
    }

    /// Main pass, instruction `i` emitted: if a store before it marked its page,
    /// a dynamic entry (when `dynamic`) goes to a copy that marks for itself.
    pub(super) fn paired(&mut self, i: usize, dynamic: bool) {
        self.pair = false;
        if self.covered == Some(i) {
            self.covered = None;
            if dynamic {
                self.stubs.push(Stub::Tail {
                    start: i,
                    end: i + 1,
                    resume: self.a.pos(),
                    fwd: self.fwd,
                    pair: self.live_pair(),
                });
            }
        }
    }
}
