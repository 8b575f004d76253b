//! The global allocator: bump allocation over `memory.grow`.
//!
//! Contexts are fresh per call, so nothing is ever freed; `realloc` grows in place
//! when the block is the last one handed out, and copies otherwise.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

const PAGE: usize = 65536;

struct Bump {
    next: Cell<usize>,
    last: Cell<usize>,
}

// Wasm guests are single-threaded.
unsafe impl Sync for Bump {}

#[global_allocator]
static ALLOCATOR: Bump = Bump {
    next: Cell::new(0),
    last: Cell::new(0),
};

extern "C" {
    static __heap_base: u8;
}

impl Bump {
    /// Makes sure `[0, end)` is inside linear memory; false when it cannot grow.
    fn ensure(end: usize) -> bool {
        let have = core::arch::wasm32::memory_size(0) * PAGE;
        if end <= have {
            return true;
        }
        let pages = (end - have).div_ceil(PAGE);
        core::arch::wasm32::memory_grow(0, pages) != usize::MAX
    }
}

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let mut next = self.next.get();
        if next == 0 {
            next = core::ptr::addr_of!(__heap_base) as usize;
        }
        let start = match next.checked_add(layout.align() - 1) {
            Some(v) => v & !(layout.align() - 1),
            None => return core::ptr::null_mut(),
        };
        let end = match start.checked_add(layout.size()) {
            Some(v) => v,
            None => return core::ptr::null_mut(),
        };
        if !Self::ensure(end) {
            return core::ptr::null_mut();
        }
        self.next.set(end);
        self.last.set(start);
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize;
        if start == self.last.get() && start != 0 {
            if let Some(end) = start.checked_add(new_size) {
                if Self::ensure(end) {
                    self.next.set(end);
                    return ptr;
                }
            }
            return core::ptr::null_mut();
        }
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
        }
        new
    }
}
