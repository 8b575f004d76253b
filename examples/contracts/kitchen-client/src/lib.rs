//! Exports `rivet:kitchen/client` by calling the `types` interface it imports:
//! every argument and result crosses from this context to the provider's.

#![no_std]
extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

rivet_sdk::wit_bindgen::generate!({ world: "kitchen-client", path: "../wit", runtime_path: "rivet_sdk::wit_bindgen::rt" });

use exports::rivet::kitchen::client::Guest;
use rivet::kitchen::types::{self, Counter, Event, Shape};

struct Client;

impl Guest for Client {
    fn roundtrip(v: Vec<Shape>) -> Vec<Shape> {
        types::echo_shapes(&v)
    }
    fn describe_via(e: Event) -> String {
        types::describe(&e)
    }
    fn count_twice(start: u32) -> u32 {
        let counter = Counter::new(start);
        counter.incr();
        let second = counter.incr();
        let peeked = types::peek(&counter);
        assert_eq!(second, peeked);
        drop(counter);
        second
    }
    fn checksum_via(len: u32) -> u64 {
        let data = types::bytes(len);
        types::checksum(&data)
    }
}

export!(Client);
