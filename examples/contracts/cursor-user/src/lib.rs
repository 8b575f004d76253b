//! Exports `rivet:cursor/walker` by driving the provider's `cursor` resource through
//! its import: construct, call methods, lend it to `peek-sum`, drop it.

#![no_std]
extern crate alloc;

use alloc::vec::Vec;

rivet_sdk::wit_bindgen::generate!({
    world: "cursor-user",
    path: "../cursor-provider/wit",
    runtime_path: "rivet_sdk::wit_bindgen::rt",
});

use exports::rivet::cursor::walker::{Guest, WalkReport};
use rivet::cursor::cursors::{peek_sum, Cursor};

struct User;

impl Guest for User {
    fn walk(items: Vec<u64>, take: u32) -> WalkReport {
        let cursor = Cursor::new(&items);
        let mut read = 0;
        let mut sum = 0u64;
        while read < take {
            match cursor.next() {
                Some(item) => {
                    read += 1;
                    sum = sum.wrapping_add(item);
                }
                None => break,
            }
        }
        let report = WalkReport {
            read,
            sum,
            left: cursor.remaining(),
            left_sum: peek_sum(&cursor),
        };
        drop(cursor);
        report
    }
}

export!(User);
