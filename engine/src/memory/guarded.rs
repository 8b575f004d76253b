//! Data memory inside a 4 GiB reservation with guard pages, for native code that
//! lets the hardware do its range checks (see `crate::jit`'s module docs).
//!
//! Layout of one reservation (`PROT_NONE` and `MAP_NORESERVE` except the data and
//! the dirty map's pages):
//!
//! ```text
//! [ dirty map: DIRTY_AREA ][ guard: GUARD_BELOW ][ data: size ][ no access up to 4 GiB + GUARD_ABOVE ]
//!                                                ^ base
//! ```
//!
//! The dirty map (one byte per 4 KiB page, `size / 4096` of them read-write) sits at
//! the fixed distance [`DIRTY_BELOW`] below the data, so native code marks the page
//! of a store at `base - DIRTY_BELOW + (addr >> 12)` without loading the map's
//! address.
//!
//! Every host address native code forms is `base + x + d` with `x` a zero-extended
//! u32 (a guest register or address) and `d` a displacement in
//! `-GUARD_BELOW..GUARD_ABOVE - 8`, so with an access of at most 8 bytes it stays
//! inside the reservation; exactly the bytes `[base, base + size)` are accessible, so
//! an access outside guest memory faults instead of touching host memory. Only
//! sizes that are a whole number of pages qualify (protection is per page), and
//! only on x86-64 Linux, where the recompiler uses them. The reservation costs
//! address space, not memory: untouched pages are never materialised, and the
//! inaccessible part is never committed.

use super::PAGE_SIZE;

/// Inaccessible bytes below the data (covers negative displacements of 12 bits).
pub(crate) const GUARD_BELOW: usize = PAGE_SIZE as usize;
/// Inaccessible bytes above 4 GiB (covers positive 12-bit displacements plus the
/// widest access).
pub(crate) const GUARD_ABOVE: usize = PAGE_SIZE as usize;
/// Room for the dirty map of the largest memory (one byte per page of 4 GiB).
const DIRTY_AREA: usize = 1 << 20;
/// Distance from the dirty map to the data.
pub(crate) const DIRTY_BELOW: usize = DIRTY_AREA + GUARD_BELOW;
/// The whole reservation.
const SPAN: usize = DIRTY_BELOW + (1 << 32) + GUARD_ABOVE;

/// A reserved data memory: `size` zeroed read-write bytes at `base`, and its
/// zeroed dirty map of `size / PAGE_SIZE` bytes at `base - DIRTY_BELOW`.
pub(crate) struct Guarded {
    /// Start of the reservation (`base - DIRTY_BELOW`, the dirty map).
    start: *mut u8,
    size: usize,
}

// SAFETY: `Guarded` owns its mapping exclusively (like a `Vec`); the raw pointer is
// only an address.
unsafe impl Send for Guarded {}
// SAFETY: shared access only reads through `&[u8]`.
unsafe impl Sync for Guarded {}

impl Guarded {
    /// True for sizes a reservation can hold exactly (whole pages, non-zero).
    pub(crate) fn fits(size: usize) -> bool {
        size > 0 && size.is_multiple_of(PAGE_SIZE as usize) && size < (1 << 32)
    }

    /// A zeroed reservation of `size` bytes; `None` if the size does not fit or the
    /// address space is exhausted (the caller then uses an ordinary allocation).
    pub(crate) fn new(size: usize) -> Option<Guarded> {
        if !Guarded::fits(size) {
            return None;
        }
        // SAFETY: a fresh anonymous mapping at an address the kernel chooses.
        let start = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                SPAN,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if start == libc::MAP_FAILED {
            return None;
        }
        let start = start.cast::<u8>();
        let g = Guarded { start, size };
        let rw = libc::PROT_READ | libc::PROT_WRITE;
        let map_bytes = g.pages().next_multiple_of(PAGE_SIZE as usize);
        // SAFETY: `[base, base + size)` and the dirty map's pages lie inside the
        // reservation just made.
        let ok = unsafe {
            libc::mprotect(g.base().cast(), size, rw) == 0
                && libc::mprotect(g.start.cast(), map_bytes, rw) == 0
        };
        // On failure `g` is dropped, which unmaps the reservation.
        ok.then_some(g)
    }

    /// Address of guest byte 0.
    pub(crate) fn base(&self) -> *mut u8 {
        // In bounds: the reservation is larger than DIRTY_BELOW.
        self.start.wrapping_add(DIRTY_BELOW)
    }

    /// Number of pages, and of dirty-map bytes.
    fn pages(&self) -> usize {
        self.size / PAGE_SIZE as usize
    }

    /// The dirty map (one byte per page).
    #[cfg(test)]
    pub(crate) fn dirty(&self) -> &[u8] {
        // SAFETY: `pages()` read-write bytes at `start`, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.start, self.pages()) }
    }

    /// The dirty map, mutably.
    pub(crate) fn dirty_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above, borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(self.start, self.pages()) }
    }

    /// The whole reservation `[start, end)`: a fault there by native code is a
    /// guest access outside memory.
    pub(crate) fn reservation(&self) -> (usize, usize) {
        (self.start as usize, self.start as usize + SPAN)
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // SAFETY: `size` read-write bytes at `base`, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.base(), self.size) }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as above, borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(self.base(), self.size) }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the reservation `new` made; nothing refers to it
        // once `self` is gone (slices borrow `self`).
        unsafe {
            libc::munmap(self.start.cast(), SPAN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservation_holds_exactly_the_data() {
        assert!(!Guarded::fits(0));
        assert!(!Guarded::fits(4097));
        let mut g = Guarded::new(2 * PAGE_SIZE as usize).expect("reservation");
        assert_eq!(g.as_slice().len(), 8192);
        assert!(g.as_slice().iter().all(|&b| b == 0));
        g.as_mut_slice()[8191] = 7;
        assert_eq!(g.as_slice()[8191], 7);
        let (lo, hi) = g.reservation();
        assert_eq!(hi - lo, SPAN);
        assert_eq!(g.base() as usize - lo, DIRTY_BELOW);
        assert_eq!(g.dirty(), &[0, 0]);
        g.dirty_mut()[1] = 1;
        assert_eq!(g.dirty(), &[0, 1]);
    }
}
