//! Executable memory for one module's native code and its tables, in up to two
//! variants: checked accesses (any memory) and guarded accesses (memory in a
//! guard-page reservation), each built once on first use.

use super::ctx::Ctx;
use super::pins::Pins;
use super::signal::Active;
use super::translate::translate;
use crate::module::Module;
use std::sync::OnceLock;

/// A module's native code: the translation for each kind of memory, built when a
/// run first needs it (the one [`Code::build`] expects to be used most eagerly, so
/// that a module whose code cannot be built is known at once).
pub(crate) struct Code {
    pins: Pins,
    checked: OnceLock<Option<Native>>,
    guarded: OnceLock<Option<Native>>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = |v: &OnceLock<Option<Native>>| v.get().and_then(|n| n.as_ref().map(Native::len));
        f.debug_struct("Code")
            .field("checked", &len(&self.checked))
            .field("guarded", &len(&self.guarded))
            .finish()
    }
}

impl Code {
    /// Translates `module` for the memories runs will most likely use (guarded where
    /// memories are reserved and the fault handler is installed); `None` if that
    /// fails (the caller then interprets).
    pub(crate) fn build(module: &Module, pins: Pins) -> Option<Code> {
        // Native code reaches guest memory through the gs base (see `gs`).
        if !super::gs::usable() {
            return None;
        }
        let code = Code {
            pins,
            checked: OnceLock::new(),
            guarded: OnceLock::new(),
        };
        let ok = if super::signal::installed() {
            code.guarded(module).is_some()
        } else {
            code.checked(module).is_some()
        };
        if std::env::var_os("RIVET_JIT_DUMP").is_some() {
            // Dump both translations (comparing an encoder change covers both).
            code.checked(module);
            code.guarded(module);
        }
        ok.then_some(code)
    }

    /// Size of the machine code built so far, in bytes.
    pub(crate) fn len(&self) -> usize {
        [&self.checked, &self.guarded]
            .iter()
            .filter_map(|v| v.get().and_then(|n| n.as_ref().map(Native::len)))
            .sum()
    }

    /// The variant with range-checked accesses (any memory).
    #[inline]
    pub(crate) fn checked(&self, module: &Module) -> Option<&Native> {
        self.checked
            .get_or_init(|| Native::build(module, self.pins, false))
            .as_ref()
    }

    /// The variant with guarded accesses: only for memory in a guard-page
    /// reservation, and only while the fault handler is installed.
    #[inline]
    pub(crate) fn guarded(&self, module: &Module) -> Option<&Native> {
        self.guarded
            .get_or_init(|| Native::build(module, self.pins, true))
            .as_ref()
    }
}

/// One translation (read + execute, never writable once built) and the tables that
/// map guest pcs to it.
pub(crate) struct Native {
    map: memmap2::Mmap,
    /// Per instruction: absolute native address of its body, gas of the rest of its
    /// block. Read by native `jalr` through [`Ctx::entries`].
    table: Box<[[u64; 2]]>,
    /// Per instruction index `0..=n`: native offset of its block start (see
    /// [`super::translate::Translation::block_start`]).
    block_start: Box<[u32]>,
    /// Guarded accesses: `[access offset, stub offset]`, sorted (the fault handler's
    /// table, see [`super::signal`]).
    faults: Box<[[u32; 2]]>,
}

/// The entry trampoline's signature (offset 0 of the code).
type EntryFn = unsafe extern "sysv64" fn(*mut Ctx, *const u8) -> u32;

impl Native {
    /// Translates `module` and maps it executable; `None` if anything fails.
    fn build(module: &Module, pins: Pins, guard: bool) -> Option<Native> {
        let t = translate(module, pins, guard)?;
        let mut map = memmap2::MmapMut::map_anon(t.code.len()).ok()?;
        map.copy_from_slice(&t.code);
        let map = map.make_exec().ok()?;
        let base = map.as_ptr() as u64;
        if let Ok(dir) = std::env::var("RIVET_JIT_DUMP") {
            let _ = std::fs::write(format!("{dir}/jit-{base:x}.bin"), &t.code);
            // Per guest instruction index: where its code starts (for profiles).
            let map: String = t
                .block_start
                .iter()
                .map(|off| format!("{off:x}\n"))
                .collect();
            let _ = std::fs::write(format!("{dir}/jit-{base:x}.map"), map);
        }
        // A dynamic entry pays the rest of its block and whatever its chain
        // paid ahead (see `chain`).
        let table = t
            .body
            .iter()
            .zip(&module.entries)
            .zip(&t.extra)
            .map(|((&off, e), &extra)| [base + off as u64, e.cost as u64 + extra as u64])
            .collect();
        Some(Native {
            map,
            table,
            block_start: t.block_start.into_boxed_slice(),
            faults: t.faults.into_boxed_slice(),
        })
    }

    /// Size of the machine code in bytes.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// The entry table native `jalr` indexes.
    #[inline]
    pub(crate) fn table(&self) -> *const [u64; 2] {
        self.table.as_ptr()
    }

    /// Native address of instruction `idx`'s body (a dynamic entry, already paid).
    #[inline]
    pub(crate) fn body(&self, idx: usize) -> *const u8 {
        self.table[idx][0] as *const u8
    }

    /// Gas a dynamic entry at instruction `idx` pays before [`Native::body`]:
    /// the rest of its block, and the blocks after it that its chain pays
    /// ahead (see [`super::chain`]).
    #[inline]
    pub(crate) fn entry_cost(&self, idx: usize) -> u64 {
        self.table[idx][1]
    }

    /// Native address of the block start of instruction index `idx` (`n` = End).
    #[inline]
    pub(crate) fn block_start(&self, idx: usize) -> *const u8 {
        // In bounds: block_start has n + 1 entries, all inside the map.
        self.map[self.block_start[idx] as usize..].as_ptr()
    }

    /// What the fault handler needs while this code runs on memory `reservation`.
    #[inline]
    pub(crate) fn active(&self, reservation: (usize, usize)) -> Active {
        let start = self.map.as_ptr() as usize;
        Active {
            code: (start, start + self.map.len()),
            faults: self.faults.as_ptr(),
            nfaults: self.faults.len(),
            reservation,
        }
    }

    /// Runs native code from `target` until it exits; returns the exit reason.
    ///
    /// # Safety
    /// `target` must come from [`Native::body`] or [`Native::block_start`] of this
    /// code, and `ctx` must point at live memory and dirty map of the sizes it
    /// states, with `entries` from [`Native::table`]. Guarded code additionally needs
    /// the memory in a guard-page reservation and [`Native::active`] of it entered
    /// for the call (see [`super::signal::enter`]).
    pub(crate) unsafe fn call(&self, ctx: &mut Ctx, target: *const u8) -> u32 {
        // SAFETY: offset 0 of the map is the entry trampoline with this signature
        // (see `translate`); the map stays alive and executable while `self` does.
        let entry: EntryFn = unsafe { std::mem::transmute(self.map.as_ptr()) };
        unsafe { entry(ctx, target) }
    }
}
