//! Executable memory for one module's native code and its tables.

use super::ctx::Ctx;
use super::pins::Pins;
use super::translate::translate;
use crate::module::Module;

/// A module's native code (read + execute, never writable once built) and the tables
/// that map guest pcs to it.
pub(crate) struct Code {
    map: memmap2::Mmap,
    /// Per instruction: absolute native address of its body, gas of the rest of its
    /// block. Read by native `jalr` through [`Ctx::entries`].
    table: Box<[[u64; 2]]>,
    /// Per instruction index `0..=n`: native offset of its block start (see
    /// [`super::translate::Translation::block_start`]).
    block_start: Box<[u32]>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("bytes", &self.map.len())
            .finish()
    }
}

/// The entry trampoline's signature (offset 0 of the code).
type EntryFn = unsafe extern "sysv64" fn(*mut Ctx, *const u8) -> u32;

impl Code {
    /// Translates `module` and maps it executable; `None` if anything fails (the
    /// caller then interprets).
    pub(crate) fn build(module: &Module, pins: Pins) -> Option<Code> {
        let t = translate(module, pins)?;
        let mut map = memmap2::MmapMut::map_anon(t.code.len()).ok()?;
        map.copy_from_slice(&t.code);
        let map = map.make_exec().ok()?;
        let base = map.as_ptr() as u64;
        let table = t
            .body
            .iter()
            .zip(&module.entries)
            .map(|(&off, e)| [base + off as u64, e.cost as u64])
            .collect();
        Some(Code {
            map,
            table,
            block_start: t.block_start.into_boxed_slice(),
        })
    }

    /// Size of the machine code in bytes.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// The entry table native `jalr` indexes.
    pub(crate) fn table(&self) -> *const [u64; 2] {
        self.table.as_ptr()
    }

    /// Native address of instruction `idx`'s body (a dynamic entry, already paid).
    pub(crate) fn body(&self, idx: usize) -> *const u8 {
        self.table[idx][0] as *const u8
    }

    /// Native address of the block start of instruction index `idx` (`n` = End).
    pub(crate) fn block_start(&self, idx: usize) -> *const u8 {
        // In bounds: block_start has n + 1 entries, all inside the map.
        self.map[self.block_start[idx] as usize..].as_ptr()
    }

    /// Runs native code from `target` until it exits; returns the exit reason.
    ///
    /// # Safety
    /// `target` must come from [`Code::body`] or [`Code::block_start`] of this code,
    /// and `ctx` must point at live memory and dirty map of the sizes it states, with
    /// `entries` from [`Code::table`].
    pub(crate) unsafe fn call(&self, ctx: &mut Ctx, target: *const u8) -> u32 {
        // SAFETY: offset 0 of the map is the entry trampoline with this signature
        // (see `translate`); the map stays alive and executable while `self` does.
        let entry: EntryFn = unsafe { std::mem::transmute(self.map.as_ptr()) };
        unsafe { entry(ctx, target) }
    }
}
