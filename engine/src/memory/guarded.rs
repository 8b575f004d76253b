//! Data memory inside a 4 GiB reservation with guard pages, for native code that
//! lets the hardware do its range checks (see `crate::jit`'s module docs).
//!
//! Layout of one reservation (`PROT_NONE` and `MAP_NORESERVE` except the data's
//! and the dirty map's pages and the page below the map):
//!
//! ```text
//! start    start + MAP_BELOW
//! [ spare ][ dirty map | ... | no access ][ data: size ][ no access: 4 GiB + GUARD_ABOVE ]
//!           ^ base - DIRTY_BELOW          ^ base        ^ base + size
//! ```
//!
//! The spare page below the map is read-write so that native code may test and
//! set the byte of page -1 (a store run's two-page mark, `jit::run_mark`, starts a
//! page below the run's lowest address, which may be page 0); nothing reads it
//! otherwise.
//!
//! Only sizes of whole pages are reserved ([`Guarded::fits`]; the compiler makes
//! every package's memory one, `rivet_format::package::MEMORY_ALIGN`), so the
//! data starts and ends on a page boundary: every byte from `base + size` to the
//! end of the reservation is inaccessible, and so is the page below `base` (the
//! dirty map of the largest memory ends a page below it). Native code forms host
//! addresses `base + x + d` with `x` a zero-extended u32 (a guest register or
//! address) and `d` in `-2048..2048`, plus an access of at most 4 bytes: from
//! `base - 2048` to at most `base + 2^32 + 2051`, inside the reservation. So an
//! access outside guest memory faults instead of touching host memory: above it
//! in the guard above, and a guest address that wraps below 0 (`x < -d`) in the
//! page below `base`, for it lies at `2^32 - 2048` or higher, outside every memory
//! that fits.
//!
//! The dirty map (one byte per [`DIRTY_GRANULE`]) sits at the fixed distance
//! [`DIRTY_BELOW`] below the data, so native code marks the granule of a store at
//! `base - DIRTY_BELOW + (addr >> DIRTY_SHIFT)` without loading the map's address.
//!
//! The reservation costs address space, not memory: untouched pages are never
//! materialised, and the inaccessible part is never committed. Only on x86-64
//! Linux, where the recompiler uses it.

use super::{DIRTY_GRANULE, DIRTY_SHIFT, PAGE_SIZE};

/// Inaccessible bytes past 4 GiB above the data (positive 12-bit displacements
/// plus the widest access).
const GUARD_ABOVE: usize = 2 * PAGE_SIZE as usize;
/// Room for the dirty map of the largest memory (one byte per granule of 4 GiB)
/// and an inaccessible page between it and the data (the largest memory's map
/// and its extra byte end at least a page below the data: `MAX_SIZE` is 64 KiB
/// short of 4 GiB).
const DIRTY_AREA: usize = (1 << (32 - DIRTY_SHIFT)) + PAGE_SIZE as usize;
/// Distance from the dirty map to the data.
pub(crate) const DIRTY_BELOW: usize = DIRTY_AREA;
/// The read-write page below the dirty map (see the module docs).
const MAP_BELOW: usize = PAGE_SIZE as usize;
/// The whole reservation.
const SPAN: usize = MAP_BELOW + DIRTY_BELOW + (1 << 32) + GUARD_ABOVE;
/// The largest size: a guest address wrapped below 0 (at least `2^32 - 2048`)
/// must lie outside memory.
const MAX_SIZE: usize = (1 << 32) - (1 << 16);

/// A reserved data memory: `size` zeroed read-write bytes at `base`, and its
/// zeroed dirty map of `size.div_ceil(DIRTY_GRANULE)` bytes at `base - DIRTY_BELOW`.
pub(crate) struct Guarded {
    /// Start of the reservation.
    start: *mut u8,
    size: usize,
}

// SAFETY: `Guarded` owns its mapping exclusively (like a `Vec`); the raw pointer is
// only an address.
unsafe impl Send for Guarded {}
// SAFETY: shared access only reads through `&[u8]`.
unsafe impl Sync for Guarded {}

impl Guarded {
    /// True for sizes a reservation holds: whole pages (so that the page below the
    /// data is a guard too), at least one, at most `MAX_SIZE`.
    pub(crate) fn fits(size: usize) -> bool {
        size > 0 && size <= MAX_SIZE && size.is_multiple_of(PAGE_SIZE as usize)
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
        let page = PAGE_SIZE as usize;
        // One byte past the pages: a paired mark may set it (see `jit::pair`).
        let map_bytes = (g.pages() + 1).next_multiple_of(page);
        // SAFETY: the data's pages `[base, base + size)` and the spare page with
        // the dirty map's `[map, map + pages + 1)` lie inside the reservation
        // just made.
        let ok = unsafe {
            libc::mprotect(g.base().cast(), size, rw) == 0
                && libc::mprotect(start.cast(), MAP_BELOW + map_bytes, rw) == 0
        };
        // On failure `g` is dropped, which unmaps the reservation.
        ok.then_some(g)
    }

    /// Address of guest byte 0.
    #[inline]
    pub(crate) fn base(&self) -> *mut u8 {
        // In bounds: the reservation is larger than MAP_BELOW + DIRTY_BELOW + one page.
        self.map().wrapping_add(DIRTY_BELOW)
    }

    /// Number of dirty-map bytes (granules of the data).
    fn pages(&self) -> usize {
        self.size.div_ceil(DIRTY_GRANULE as usize)
    }

    /// Start of the dirty map.
    #[inline]
    fn map(&self) -> *mut u8 {
        // In bounds: the spare page comes first.
        self.start.wrapping_add(MAP_BELOW)
    }

    /// The dirty map (one byte per granule).
    #[cfg(test)]
    pub(crate) fn dirty(&self) -> &[u8] {
        // SAFETY: `pages()` read-write bytes at `map()`, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.map(), self.pages()) }
    }

    /// The dirty map, mutably.
    pub(crate) fn dirty_mut(&mut self) -> &mut [u8] {
        // SAFETY: as above, borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(self.map(), self.pages()) }
    }

    /// The whole reservation `[start, end)`: a fault there by native code is a
    /// guest access outside memory.
    pub(crate) fn reservation(&self) -> (usize, usize) {
        (self.start as usize, self.start as usize + SPAN)
    }

    #[inline]
    pub(crate) fn as_slice(&self) -> &[u8] {
        // SAFETY: `size` read-write bytes at `base`, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.base(), self.size) }
    }

    #[inline]
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
        assert!(Guarded::fits(4096));
        assert!(!Guarded::fits(4097), "not whole pages");
        assert!(!Guarded::fits(100));
        assert!(!Guarded::fits(u32::MAX as usize));
        assert!(Guarded::fits(MAX_SIZE) && !Guarded::fits(MAX_SIZE + 4096));
        // The largest map and its extra byte leave the page below the data free.
        assert!(
            (MAX_SIZE / DIRTY_GRANULE as usize + 1).next_multiple_of(4096) + 4096 <= DIRTY_BELOW
        );
        for size in [8192, 4096] {
            let mut g = Guarded::new(size).expect("reservation");
            assert_eq!(g.as_slice().len(), size);
            assert!(g.as_slice().iter().all(|&b| b == 0));
            g.as_mut_slice()[size - 1] = 7;
            assert_eq!(g.as_slice()[size - 1], 7);
            let (lo, hi) = g.reservation();
            assert_eq!(hi - lo, SPAN);
            // The data starts on a page boundary; the map is DIRTY_BELOW below it.
            assert_eq!(g.base() as usize % PAGE_SIZE as usize, 0);
            assert_eq!(g.base() as usize - g.map() as usize, DIRTY_BELOW);
            assert!(g.dirty().iter().all(|&b| b == 0));
            let last = g.pages() - 1;
            g.dirty_mut()[last] = 1;
            assert_eq!(g.dirty()[last], 1);
            // The spare byte below the map (page -1 of a run's mark) and the
            // one past its pages (a pair's second page) are read-write.
            // SAFETY: both lie in the read-write pages `new` made.
            unsafe {
                *g.map().sub(1) = 1;
                *g.map().add(g.pages()) = 1;
                assert_eq!((*g.map().sub(1), *g.map().add(g.pages())), (1, 1));
            }
        }
    }
}
