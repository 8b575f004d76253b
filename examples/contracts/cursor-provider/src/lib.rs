//! Exports the `cursor` resource of `rivet:cursor/cursors`: each handle the user
//! holds names a `CursorImpl` living in this component's memory.

#![no_std]
extern crate alloc;

use alloc::vec::Vec;
use core::cell::Cell;

rivet_sdk::wit_bindgen::generate!({
    world: "cursor-provider",
    path: "wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
});

use exports::rivet::cursor::cursors::{Cursor, CursorBorrow, Guest, GuestCursor};

struct Provider;

/// The items and the read position; `Cell` because methods take `&self`.
struct CursorImpl {
    items: Vec<u64>,
    pos: Cell<usize>,
}

impl GuestCursor for CursorImpl {
    fn new(items: Vec<u64>) -> Self {
        CursorImpl {
            items,
            pos: Cell::new(0),
        }
    }
    fn next(&self) -> Option<u64> {
        let item = self.items.get(self.pos.get()).copied();
        if item.is_some() {
            self.pos.set(self.pos.get() + 1);
        }
        item
    }
    fn remaining(&self) -> u32 {
        (self.items.len() - self.pos.get()) as u32
    }
}

impl Guest for Provider {
    type Cursor = CursorImpl;

    fn peek_sum(c: CursorBorrow<'_>) -> u64 {
        let c = c.get::<CursorImpl>();
        c.items[c.pos.get()..]
            .iter()
            .fold(0u64, |acc, x| acc.wrapping_add(*x))
    }
}

// Keep the Cursor handle type referenced so its drop glue is generated.
#[allow(dead_code)]
fn _cursor_type(_: Cursor) {}

export!(Provider);
