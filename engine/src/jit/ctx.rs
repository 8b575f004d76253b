//! The block of state shared between Rust and native code, and the exit reasons.
//!
//! Native code receives a pointer to a [`Ctx`] and keeps it in `rbp`. The guest
//! register file is copied into the context around each native run, so native code
//! addresses every guest register, the memory size and the dirty map off `rbp` and
//! needs no other host register for them (guest memory is `gs`-relative, see
//! [`super::gs`]). On entry it loads the gas into a host register; on every exit
//! it stores the gas back, spills the guest registers it keeps in host registers,
//! and writes why it stopped plus the pc and operands that the trap (or `ecall`)
//! needs.

use super::translate::{reg_slot, Tr};
use super::x86::mem;
use super::x86::reg::{R15, RBP};

/// Shared state of one native run. Field offsets are part of the generated code
/// (see the `OFF_*` constants); `repr(C)` keeps them fixed.
#[repr(C)]
#[derive(Debug)]
pub(crate) struct Ctx {
    /// Base of guest data memory.
    pub mem: *mut u8,
    /// Highest valid address of a 1-, 2- and 4-byte access: memory size minus the
    /// width, signed (negative when the memory is smaller than the width). An access
    /// at u32 address `a` is inside memory exactly when `a <= limit` as i64.
    pub limit: [i64; 3],
    /// One byte per 1 KiB page (`DIRTY_GRANULE`); stores set the byte of their
    /// first byte's page.
    pub dirty: *mut u8,
    /// Gas left; in and out.
    pub gas: u64,
    /// Per-instruction dynamic entry table: `[native address, gas of the rest of the
    /// block]`, indexed by `(pc - code_base) / 4`.
    pub entries: *const [u64; 2],
    /// Exit: pc of the instruction that stopped (or of the unpaid block).
    pub pc: u32,
    /// Exit: fault address, or jump target.
    pub a: u32,
    /// Exit: access size of a fault.
    pub b: u32,
    /// The module's largest linear memory for the helper calls native code runs
    /// in place (`crate::helpers`), 0 when it does not; also keeps the register
    /// file 8-aligned.
    pub helper_max: u32,
    /// The guest registers x0..x31 (x0 always 0), copied in and out by the caller.
    pub regs: [u32; 32],
    /// Length of the dirty map (pages of memory), for the pages of the stack
    /// pointer that native code marks itself (see `super::stack`).
    pub pages: u32,
    /// The page `k` native code last marked for the stack pointer, with `k + 1`
    /// (see `super::stack`), or `u32::MAX` (no page) when it has not yet.
    pub sp_page: u32,
    /// The host stack pointer after the prologue, which every exit restores
    /// (return-address pairs of guest calls may still be pushed, see
    /// `super::calls`). Written by native code.
    pub host_sp: u64,
    /// The lowest host stack pointer a guest call may push its pair below
    /// (`host_sp` minus [`super::calls::SHADOW_BYTES`]). Written by native code.
    pub shadow_floor: u64,
}

pub(crate) const OFF_MEM: i32 = 0;
pub(crate) const OFF_LIMIT: i32 = 8;
pub(crate) const OFF_DIRTY: i32 = 32;
pub(crate) const OFF_GAS: i32 = 40;
pub(crate) const OFF_ENTRIES: i32 = 48;
pub(crate) const OFF_PC: i32 = 56;
pub(crate) const OFF_A: i32 = 60;
pub(crate) const OFF_B: i32 = 64;
pub(crate) const OFF_REGS: i32 = 72;
pub(crate) const OFF_PAGES: i32 = 200;
pub(crate) const OFF_SP_PAGE: i32 = 204;
pub(crate) const OFF_HOST_SP: i32 = 208;
pub(crate) const OFF_SHADOW_FLOOR: i32 = 216;

const _: () = {
    assert!(std::mem::offset_of!(Ctx, regs) == OFF_REGS as usize);
    assert!(std::mem::offset_of!(Ctx, mem) == OFF_MEM as usize);
    assert!(std::mem::offset_of!(Ctx, limit) == OFF_LIMIT as usize);
    assert!(std::mem::offset_of!(Ctx, dirty) == OFF_DIRTY as usize);
    assert!(std::mem::offset_of!(Ctx, gas) == OFF_GAS as usize);
    assert!(std::mem::offset_of!(Ctx, entries) == OFF_ENTRIES as usize);
    assert!(std::mem::offset_of!(Ctx, pc) == OFF_PC as usize);
    assert!(std::mem::offset_of!(Ctx, a) == OFF_A as usize);
    assert!(std::mem::offset_of!(Ctx, b) == OFF_B as usize);
    assert!(std::mem::offset_of!(Ctx, pages) == OFF_PAGES as usize);
    assert!(std::mem::offset_of!(Ctx, sp_page) == OFF_SP_PAGE as usize);
    assert!(std::mem::offset_of!(Ctx, host_sp) == OFF_HOST_SP as usize);
    assert!(std::mem::offset_of!(Ctx, shadow_floor) == OFF_SHADOW_FLOOR as usize);
};

/// Why native code returned (its `eax`).
pub(crate) mod exit {
    /// `ecall` at `pc`.
    pub const ECALL: u32 = 1;
    /// `ebreak` at `pc`.
    pub const EBREAK: u32 = 2;
    /// The block at `pc` could not be paid for.
    pub const OUT_OF_GAS: u32 = 3;
    /// Access of `b` bytes at `a` outside memory, by the instruction at `pc`.
    pub const MEMORY_FAULT: u32 = 4;
    /// Jump from `pc` to `a`, which is not an instruction.
    pub const MISALIGNED_JUMP: u32 = 5;
    /// Gas may run out within the chain of blocks at `pc` (see `jit::chain`):
    /// the interpreter runs on from `pc`, paying block by block.
    pub const INTERPRET: u32 = 6;
}

impl Ctx {
    /// The `limit` entries for a memory of `size` bytes.
    #[inline]
    pub(crate) fn limits(size: u32) -> [i64; 3] {
        [1, 2, 4].map(|width| size as i64 - width)
    }
}

/// Offset of the limit for an access of `width` (1, 2 or 4) bytes.
pub(crate) fn off_limit(width: u32) -> i32 {
    OFF_LIMIT
        + 8 * match width {
            1 => 0,
            2 => 1,
            _ => 2,
        }
}

impl Tr<'_> {
    /// Writes the pinned guest registers and the gas to the context, where Rust
    /// code reads them (at an exit, or around a helper call, see `super::helpers`).
    pub(super) fn store_state(&mut self) {
        let pins = self.pins;
        for (g, h) in pins.pairs() {
            self.a.mov_rm_r(reg_slot(g), h);
        }
        self.a.mov64_rm_r(mem(RBP, OFF_GAS), R15);
    }

    /// Loads the gas and the pinned guest registers from the context.
    pub(super) fn load_state(&mut self) {
        self.a.mov64_r_rm(R15, mem(RBP, OFF_GAS));
        let pins = self.pins;
        for (g, h) in pins.pairs() {
            self.a.mov_r_rm(h, reg_slot(g));
        }
    }
}
