//! Flat, bounds-checked data memory with per-page write tracking.
//!
//! Data memory is one zeroed allocation `[0, size)`. Small memories are a plain
//! `vec![0; size]`; large ones (contracts reserve their maximum linear memory plus a
//! stack, typically 17 MiB) are a private anonymous mapping, so a fresh context costs
//! the pages its guest touches rather than the whole size. (A large `Vec` would not: once glibc has freed one
//! big block it serves the next from its heap and must zero all of it, which made
//! every fresh context pay a 17 MiB memset.) On x86-64 Linux with the recompiler
//! on, a memory of whole pages is instead placed in a 4 GiB reservation with
//! inaccessible guard pages on both sides (`guarded`), so native
//! code can leave range checks to the hardware; its dirty map then lives in the
//! same reservation. Every access
//! through this API is checked against the size; there is no paging and no
//! permission map, because code lives elsewhere (see [`Module`](crate::Module)):
//! nothing in data memory is executable.
//!
//! **Dirty pages.** Every write (a guest store, or a host write through this API)
//! sets one byte per [`DIRTY_GRANULE`] (1 KiB; "page" in what follows) in a dirty
//! map. A store marks only the page of its
//! first byte; a store that spills up to 3 bytes into the next page is covered
//! because [`Memory::restore_dirty`] also restores the first bytes of the page after
//! each dirty one. This lets an embedder reuse one memory for many short calls:
//! instead of zeroing and re-initialising the whole memory per call (which dominated
//! a small component call), it copies back only the pages the last call wrote.
//! Native code may mark a few pages more than were written (it marks the pages the
//! stores through a value of the stack pointer can reach when the pointer gets it,
//! instead of marking each of those stores, and two stores in a row through one
//! base share one mark of the first store's page and the next); restoring an
//! unwritten page is only a copy of equal bytes.

use crate::error::MemoryFault;

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub(crate) mod guarded;

/// Flat bounds-checked data memory `[0, size)`.
pub struct Memory {
    pub(crate) data: Backing,
    /// One byte per [`DIRTY_GRANULE`] bytes ("page" below), non-zero once
    /// something wrote to it.
    pub(crate) dirty: DirtyMap,
}

impl Clone for Memory {
    fn clone(&self) -> Memory {
        let mut data = self.data.clone();
        let mut dirty = DirtyMap::new(&mut data, self.dirty.len());
        dirty.copy_from_slice(&self.dirty);
        Memory { data, dirty }
    }
}

/// The dirty map: its own allocation, or the pages a guard-page reservation keeps
/// for it at a fixed distance below the data (where native code marks it without
/// loading its address).
pub(crate) enum DirtyMap {
    /// A heap allocation.
    Heap(Vec<u8>),
    /// `len` bytes inside the reservation of the memory's `Backing::Guarded`, which
    /// owns them and lives exactly as long (both are fields of one [`Memory`]).
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    Reserved { ptr: *mut u8, len: usize },
}

// SAFETY: `Reserved` points into memory owned by the same `Memory` (like a `Vec`).
unsafe impl Send for DirtyMap {}
// SAFETY: shared access only reads.
unsafe impl Sync for DirtyMap {}

impl DirtyMap {
    /// A zeroed map of `len` pages for `data`: inside its reservation if it has one.
    fn new(data: &mut Backing, len: usize) -> DirtyMap {
        match data {
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            Backing::Guarded(g) => {
                let map = g.dirty_mut();
                debug_assert_eq!(map.len(), len);
                DirtyMap::Reserved {
                    ptr: map.as_mut_ptr(),
                    len: map.len(),
                }
            }
            _ => DirtyMap::Heap(vec![0; len]),
        }
    }
}

impl std::ops::Deref for DirtyMap {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            DirtyMap::Heap(v) => v,
            // SAFETY: `len` read-write bytes kept alive by the memory's backing.
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            DirtyMap::Reserved { ptr, len } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
        }
    }
}

impl std::ops::DerefMut for DirtyMap {
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            DirtyMap::Heap(v) => v,
            // SAFETY: as above; `&mut self` is the only way to these bytes (the
            // backing never hands them out otherwise).
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            DirtyMap::Reserved { ptr, len } => unsafe {
                std::slice::from_raw_parts_mut(*ptr, *len)
            },
        }
    }
}

/// Marks in `dirty` the pages `[addr, addr + len)` touches (those inside the map):
/// what every host write does, and the engine's in-place helpers (`crate::helpers`).
pub(crate) fn mark_pages(dirty: &mut [u8], addr: usize, len: usize) {
    if len == 0 {
        return;
    }
    let first = addr >> DIRTY_SHIFT;
    let last = (addr + len - 1) >> DIRTY_SHIFT;
    if let Some(pages) = dirty.get_mut(first..=last) {
        pages.fill(DIRTY_MARK);
    }
}

/// The host's memory page: a guard-page reservation maps whole pages.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub const PAGE_SIZE: u32 = 4096;

/// log2 of [`DIRTY_GRANULE`].
pub(crate) const DIRTY_SHIFT: u32 = 10;

/// What every writer of the dirty map (host writes, the interpreter, native
/// code) puts in a written granule's byte: one value, so native code can test
/// two neighbouring bytes with one 16-bit compare.
pub(crate) const DIRTY_MARK: u8 = 1;

/// Granularity of write tracking: one dirty-map byte per 1 KiB.
///
/// A reset copies back (or clears) whole granules, so a call that writes a few
/// words (a global, a stack frame, a short list) costs the reset a granule each
/// instead of a 4 KiB page: a component call resets two contexts, and with 4 KiB
/// granules clearing the five pages a 1 KiB-list call touched was a tenth of the
/// call. The map is 1/1024 of the memory (scanned 32 bytes at a time).
pub const DIRTY_GRANULE: u32 = 1 << DIRTY_SHIFT;

/// Granules the first bytes of stores through one base register can lie in:
/// 12-bit signed offsets span 4096 bytes.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
pub(crate) const GRANULES_PER_REACH: u32 = 4096 / DIRTY_GRANULE + 1;

/// Bytes of the next page a store can reach past its first byte's page.
const MAX_SPILL: usize = 3;

impl PartialEq for Memory {
    /// Memories are equal when their bytes are; write tracking is bookkeeping.
    fn eq(&self, other: &Memory) -> bool {
        self.data == other.data
    }
}

impl Eq for Memory {}

/// Memories at least this large are mapped rather than allocated on the heap.
///
/// Measured on the reference machine (create, touch 5 pages, drop): 1.1 MiB costs
/// 15 µs as a `Vec` and 34 µs as a mapping; 17 MiB costs 323 µs as a `Vec` and 30 µs
/// as a mapping. The crossover is near 2.5 MiB.
const MAP_THRESHOLD: usize = 4 << 20;

/// The zeroed bytes behind a [`Memory`].
pub(crate) enum Backing {
    /// A heap allocation, for small memories.
    Heap(Vec<u8>),
    /// An anonymous private mapping: zero pages materialise on first touch.
    Mapped(memmap2::MmapMut),
    /// A mapping inside a 4 GiB reservation with guard pages, which native code
    /// accesses without range checks (zero pages materialise on first touch too).
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    Guarded(guarded::Guarded),
}

impl Backing {
    fn zeroed(size: usize) -> Backing {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        if guarded::Guarded::fits(size) && crate::jit::enabled_by_default() {
            if let Some(g) = guarded::Guarded::new(size) {
                return Backing::Guarded(g);
            }
        }
        if size >= MAP_THRESHOLD {
            // An anonymous mapping can only fail when the address space is exhausted;
            // fall back to the heap, which reports that failure the usual way.
            if let Ok(map) = memmap2::MmapMut::map_anon(size) {
                return Backing::Mapped(map);
            }
        }
        Backing::Heap(vec![0; size])
    }
}

impl std::ops::Deref for Backing {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            Backing::Heap(v) => v,
            Backing::Mapped(m) => m,
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            Backing::Guarded(g) => g.as_slice(),
        }
    }
}

impl std::ops::DerefMut for Backing {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Backing::Heap(v) => v,
            Backing::Mapped(m) => m,
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            Backing::Guarded(g) => g.as_mut_slice(),
        }
    }
}

impl Clone for Backing {
    fn clone(&self) -> Backing {
        let mut copy = Backing::zeroed(self.len());
        copy.copy_from_slice(self);
        copy
    }
}

impl PartialEq for Backing {
    fn eq(&self, other: &Backing) -> bool {
        **self == **other
    }
}

impl Eq for Backing {}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memory")
            .field("size", &self.size())
            .finish()
    }
}

impl Memory {
    /// A zeroed memory of `size` bytes.
    pub fn new(size: u32) -> Memory {
        let mut data = Backing::zeroed(size as usize);
        let dirty = DirtyMap::new(&mut data, size.div_ceil(DIRTY_GRANULE) as usize);
        Memory { data, dirty }
    }

    /// Size in bytes.
    #[inline]
    pub fn size(&self) -> u32 {
        self.data.len() as u32
    }

    /// All bytes, for hosts that inspect memory wholesale.
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// All bytes, mutably. Marks every page dirty, since any of them may change.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        self.dirty.fill(DIRTY_MARK);
        &mut self.data
    }

    /// Base pointer, size and dirty map, for native code that performs guest
    /// accesses itself (it must bounds-check against the size and mark the page of
    /// every store's first byte).
    #[inline]
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    pub(crate) fn raw_parts(&mut self) -> (*mut u8, u32, *mut u8) {
        (self.data.as_mut_ptr(), self.size(), self.dirty.as_mut_ptr())
    }

    /// The address range of the guard-page reservation holding this memory, if it
    /// has one: native code then accesses it without range checks (a fault inside
    /// the range is a guest access outside memory).
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    #[inline]
    pub(crate) fn reservation(&self) -> Option<(usize, usize)> {
        match &self.data {
            Backing::Guarded(g) => Some(g.reservation()),
            _ => None,
        }
    }

    /// A copy in an ordinary allocation (never guarded), dirty pages included:
    /// tests run the recompiler's checked translation on it.
    #[cfg(all(test, target_arch = "x86_64", target_os = "linux"))]
    pub(crate) fn unguarded(&self) -> Memory {
        Memory {
            data: Backing::Heap(self.data.to_vec()),
            dirty: DirtyMap::Heap(self.dirty.to_vec()),
        }
    }

    /// Indices of the pages marked dirty since the last reset, ascending: every
    /// page written, and under native code possibly a few more (the pages near
    /// the stack pointer's values, the page after a paired store's, see the
    /// engine's `jit` module docs); a reset copies those back unchanged.
    pub fn dirty_pages(&self) -> impl Iterator<Item = u32> + '_ {
        self.dirty
            .iter()
            .enumerate()
            .filter(|(_, d)| **d != 0)
            .map(|(p, _)| p as u32)
    }

    /// Forgets which pages were written (e.g. after taking a snapshot).
    pub fn clear_dirty(&mut self) {
        self.dirty.fill(0);
    }

    /// Makes this memory equal to `image` again by copying back only the pages
    /// written since the last reset, then clears the dirty map. `image` must be the
    /// state this memory had at that reset, and of the same size; returns the
    /// number of pages restored, or `None` (nothing changed) if the sizes differ.
    pub fn restore_dirty(&mut self, image: &Memory) -> Option<usize> {
        self.restore_dirty_with(image, None)
    }

    /// [`Memory::restore_dirty`] with what is known of `image`'s zero bytes: of a
    /// dirty page only the image's non-zero prefix is copied and the rest is cleared
    /// (most pages are zero: stack, heap), which reads much less. `zero` must belong
    /// to this `image` (an image is never written while it serves as one); it learns
    /// each page on first use.
    pub fn restore_dirty_with(
        &mut self,
        image: &Memory,
        zero: Option<&ZeroPages>,
    ) -> Option<usize> {
        if image.data.len() != self.data.len() {
            return None;
        }
        let zero = zero.filter(|z| z.0.len() == self.dirty.len());
        let size = self.data.len();
        let mut restored = 0;
        // 32 map bytes (32 KiB of memory) per test: most of a short call's map is
        // clear.
        let mut chunks = self.dirty.chunks_exact_mut(32);
        let mut base = 0usize;
        for chunk in &mut chunks {
            let word =
                |k: usize| u64::from_ne_bytes(chunk[8 * k..8 * k + 8].try_into().unwrap_or([0; 8]));
            if word(0) | word(1) | word(2) | word(3) != 0 {
                restored += restore_pages(&mut self.data, &image.data, zero, chunk, base, size);
            }
            base += 32;
        }
        let rest = chunks.into_remainder();
        restored += restore_pages(&mut self.data, &image.data, zero, rest, base, size);
        Some(restored)
    }

    /// Marks the pages `[addr, addr + len)` touches.
    fn mark(&mut self, addr: usize, len: usize) {
        mark_pages(&mut self.dirty, addr, len);
    }

    fn range(&self, addr: u32, len: u32) -> Result<std::ops::Range<usize>, MemoryFault> {
        let end = addr as u64 + len as u64;
        if end > self.data.len() as u64 {
            return Err(MemoryFault {
                addr,
                len,
                size: self.size(),
            });
        }
        Ok(addr as usize..end as usize)
    }

    /// The `len` bytes at `addr`, or a fault if any of them is outside memory.
    pub fn read(&self, addr: u32, len: u32) -> Result<&[u8], MemoryFault> {
        let r = self.range(addr, len)?;
        Ok(&self.data[r])
    }

    /// The `len` bytes at `addr`, mutably.
    pub fn slice_mut(&mut self, addr: u32, len: u32) -> Result<&mut [u8], MemoryFault> {
        let r = self.range(addr, len)?;
        self.mark(r.start, r.len());
        Ok(&mut self.data[r])
    }

    /// Copies `data` to `addr`; nothing is written if any byte would fall outside.
    pub fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), MemoryFault> {
        let len = u32::try_from(data.len()).map_err(|_| MemoryFault {
            addr,
            len: u32::MAX,
            size: self.size(),
        })?;
        self.slice_mut(addr, len)?.copy_from_slice(data);
        Ok(())
    }

    /// Reads a little-endian u32 (any alignment).
    pub fn read_u32(&self, addr: u32) -> Result<u32, MemoryFault> {
        let b = self.read(addr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Writes a little-endian u32 (any alignment).
    pub fn write_u32(&mut self, addr: u32, v: u32) -> Result<(), MemoryFault> {
        self.write(addr, &v.to_le_bytes())
    }
}

/// How much of each page of an image memory is zero, learnt page by page as resets
/// need it: the length of the page's non-zero prefix (up to its last non-zero byte).
/// Most pages of an image are zero (heap, stack) or zero but for a few bytes at
/// their start (globals), so a reset copies that prefix and clears the rest, which
/// reads far less than copying the page. Shared by every reset from the same image,
/// from any thread.
#[derive(Debug)]
pub struct ZeroPages(Vec<std::sync::atomic::AtomicU32>);

/// A page not examined yet.
const UNKNOWN: u32 = u32::MAX;

impl ZeroPages {
    /// Nothing known yet of `image`'s pages.
    pub fn new(image: &Memory) -> ZeroPages {
        ZeroPages(
            (0..image.dirty.len())
                .map(|_| std::sync::atomic::AtomicU32::new(UNKNOWN))
                .collect(),
        )
    }

    /// The length of the non-zero prefix of `page` (the bytes `page_bytes` of the
    /// image).
    fn prefix(&self, page: usize, page_bytes: &[u8]) -> usize {
        use std::sync::atomic::Ordering::Relaxed;
        match self.0[page].load(Relaxed) {
            UNKNOWN => {
                let n = page_bytes
                    .iter()
                    .rposition(|b| *b != 0)
                    .map_or(0, |i| i + 1);
                self.0[page].store(n as u32, Relaxed);
                n
            }
            n => n as usize,
        }
    }
}

/// Restores the dirty pages among `flags` (page numbers from `first_page`) from
/// `image`, each with the spill bytes of the next page, and clears the flags. With
/// `zero`, only a page's non-zero prefix is copied and the rest cleared.
///
/// The flags are read eight at a time and only the set ones visited (lowest page
/// first): a short call leaves two or three pages dirty among the 32 of a chunk,
/// and testing every byte was most of a reset's instructions.
fn restore_pages(
    data: &mut [u8],
    image: &[u8],
    zero: Option<&ZeroPages>,
    flags: &mut [u8],
    first_page: usize,
    size: usize,
) -> usize {
    let mut restored = 0;
    for (g, group) in flags.chunks_mut(8).enumerate() {
        let mut word = [0u8; 8];
        word[..group.len()].copy_from_slice(group);
        let mut set = u64::from_le_bytes(word);
        if set == 0 {
            continue;
        }
        group.fill(0);
        while set != 0 {
            let k = set.trailing_zeros() as usize / 8;
            set &= !(0xff << (8 * k));
            restore_page(data, image, zero, first_page + 8 * g + k, size);
            restored += 1;
        }
    }
    restored
}

/// Restores page `page` from `image` with the spill bytes of the next page (see
/// [`restore_pages`]).
#[inline]
fn restore_page(data: &mut [u8], image: &[u8], zero: Option<&ZeroPages>, page: usize, size: usize) {
    let start = page << DIRTY_SHIFT;
    let page_end = (start + DIRTY_GRANULE as usize).min(size);
    let end = (page_end + MAX_SPILL).min(size);
    match zero.map(|z| start + z.prefix(page, &image[start..page_end])) {
        Some(cut) if cut < page_end => {
            data[start..cut].copy_from_slice(&image[start..cut]);
            data[cut..page_end].fill(0);
            data[page_end..end].copy_from_slice(&image[page_end..end]);
        }
        _ => data[start..end].copy_from_slice(&image[start..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_exact() {
        let mut m = Memory::new(16);
        assert!(m.write(12, &[1, 2, 3, 4]).is_ok());
        assert_eq!(m.read(12, 4).unwrap(), &[1, 2, 3, 4]);
        assert_eq!(
            m.write(13, &[0; 4]),
            Err(MemoryFault {
                addr: 13,
                len: 4,
                size: 16
            })
        );
        assert!(m.read(u32::MAX, 2).is_err());
        assert!(m.read(16, 0).is_ok());
        assert!(m.read(17, 0).is_err());
        assert_eq!(m.read_u32(12).unwrap(), 0x0403_0201);
    }

    #[test]
    fn large_memory_is_lazy_and_zeroed() {
        let m = Memory::new(1 << 30);
        assert_eq!(m.size(), 1 << 30);
        assert_eq!(m.read((1 << 30) - 4, 4).unwrap(), &[0; 4]);
    }

    #[test]
    fn restore_dirty_copies_back_only_written_pages() {
        let mut image = Memory::new(5 * DIRTY_GRANULE + 100);
        image.write(10, b"init").unwrap();
        image.write(4 * DIRTY_GRANULE + 8, b"tail").unwrap();
        let mut m = image.clone();
        m.clear_dirty();
        assert_eq!(m.dirty_pages().count(), 0);
        m.write(12, b"XY").unwrap();
        // A write spanning pages 2 and 3 marks both.
        m.write(3 * DIRTY_GRANULE - 2, &[7; 4]).unwrap();
        m.write(5 * DIRTY_GRANULE + 96, &[9; 4]).unwrap();
        assert_eq!(m.dirty_pages().collect::<Vec<_>>(), vec![0, 2, 3, 5]);
        assert_ne!(m, image);
        assert_eq!(m.restore_dirty(&image), Some(4));
        assert_eq!(m, image);
        assert_eq!(m.dirty_pages().count(), 0);
        assert_eq!(m.restore_dirty(&Memory::new(16)), None);
    }

    #[test]
    fn zero_image_pages_are_cleared_and_others_copied() {
        let mut image = Memory::new(4 * DIRTY_GRANULE + 10);
        image.write(DIRTY_GRANULE + 5, b"data").unwrap();
        // The first bytes of page 3 are spill bytes of page 2.
        image.write(3 * DIRTY_GRANULE, b"sp").unwrap();
        let zero = ZeroPages::new(&image);
        for round in 0..3u8 {
            let mut m = image.clone();
            m.clear_dirty();
            for p in 0..3 {
                m.write(p * DIRTY_GRANULE + 1, &[round + 1; 4]).unwrap();
            }
            m.write(3 * DIRTY_GRANULE - 1, &[9; 3]).unwrap();
            m.dirty[3] = 0; // the spill into page 3 is not marked, as for a guest store
            assert_eq!(m.restore_dirty_with(&image, Some(&zero)), Some(3));
            assert_eq!(m, image, "round {round}");
        }
        use std::sync::atomic::Ordering::Relaxed;
        let states: Vec<u32> = zero.0.iter().map(|s| s.load(Relaxed)).collect();
        assert_eq!(states, vec![0, 9, 0, UNKNOWN, UNKNOWN]);
        // A page non-zero up to its last byte is copied whole.
        let mut full = Memory::new(2 * DIRTY_GRANULE);
        full.write(DIRTY_GRANULE - 1, &[5]).unwrap();
        let zero = ZeroPages::new(&full);
        let mut m = full.clone();
        m.clear_dirty();
        m.write(0, &[1; 8]).unwrap();
        m.write(DIRTY_GRANULE, &[1; 8]).unwrap();
        assert_eq!(m.restore_dirty_with(&full, Some(&zero)), Some(2));
        assert_eq!(m, full);
        let states: Vec<u32> = zero.0.iter().map(|s| s.load(Relaxed)).collect();
        assert_eq!(states, vec![DIRTY_GRANULE, 0]);
        // A map of another size is ignored (plain copies).
        let mut m = image.clone();
        m.clear_dirty();
        m.write(DIRTY_GRANULE, b"x").unwrap();
        let other = ZeroPages::new(&Memory::new(16));
        assert_eq!(m.restore_dirty_with(&image, Some(&other)), Some(1));
        assert_eq!(m, image);
    }

    #[test]
    fn every_dirty_page_pattern_is_restored_and_counted() {
        // 75 pages: two whole 32-page chunks and a remainder of 11 (one whole group
        // of eight flags and a partial one), so every way a set flag is found runs.
        let pages = 75u32;
        let mut image = Memory::new(pages * DIRTY_GRANULE);
        for p in 0..pages {
            image
                .write(p * DIRTY_GRANULE + p % 7, &[p as u8 + 1; 3])
                .unwrap();
        }
        let zero = ZeroPages::new(&image);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for round in 0..200 {
            let mut m = image.clone();
            m.clear_dirty();
            let mut want = 0;
            for p in 0..pages {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly clear, sometimes a run of dirty pages, round 0 all dirty.
                if round == 0 || seed.is_multiple_of(5) {
                    m.write(p * DIRTY_GRANULE + (seed % 1000) as u32, &[0xee; 4])
                        .unwrap();
                    want += 1;
                }
            }
            let zero = (round % 2 == 0).then_some(&zero);
            assert_eq!(
                m.restore_dirty_with(&image, zero),
                Some(want),
                "round {round}"
            );
            assert_eq!(m, image, "round {round}");
            assert!(m.dirty.iter().all(|&f| f == 0), "round {round}");
        }
    }

    #[test]
    fn a_store_spilling_into_a_clean_page_is_restored() {
        let image = Memory::new(3 * DIRTY_GRANULE);
        let mut m = image.clone();
        m.clear_dirty();
        // What a guest store does: write 4 bytes, mark only the first byte's page.
        let at = (2 * DIRTY_GRANULE - 1) as usize;
        m.data[at..at + 4].copy_from_slice(&[1, 2, 3, 4]);
        m.dirty[at / DIRTY_GRANULE as usize] = 1;
        m.restore_dirty(&image);
        assert_eq!(m, image);
    }

    #[test]
    fn bytes_mut_marks_everything() {
        let mut m = Memory::new(2 * DIRTY_GRANULE + 1);
        m.clear_dirty();
        m.bytes_mut()[0] = 1;
        assert_eq!(m.dirty_pages().count(), 3);
    }
}
