//! Exports `rivet:kitchen/client` by calling the `types` interface it imports:
//! every argument and result crosses from this context to the provider's.

#![no_std]
extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

rivet_sdk::wit_bindgen::generate!({ world: "kitchen-client", path: "../wit", runtime_path: "rivet_sdk::wit_bindgen::rt" });

use exports::rivet::kitchen::client::Guest;
use rivet::kitchen::types::{self, Color, Counter, Event, Everything, Measure, Perms, Shape};

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
    fn everything_via(v: Everything) -> Everything {
        types::echo_everything(&v)
    }
    fn classify_via(v: Option<Result<u32, String>>) -> Option<Result<u32, String>> {
        types::classify(v.as_ref().map(|r| r.as_ref().copied().map_err(String::as_str)))
    }
    fn invert_via(p: Perms) -> Perms {
        types::invert(p)
    }
    fn next_color_via(c: Color) -> Color {
        types::next_color(c)
    }
    fn nested_via(v: Vec<Vec<String>>) -> (u32, Vec<String>) {
        types::nested(&v)
    }
    #[allow(clippy::too_many_arguments)]
    fn sum17_via(
        a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32,
        j: u32, k: u32, l: u32, m: u32, n: u32, o: u32, p: u32, q: u64,
    ) -> u64 {
        types::sum17(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q)
    }
    fn fail_if_via(flag: bool) -> Result<String, String> {
        types::fail_if(flag)
    }
    fn scale_via(x: f64, by: f32) -> f64 {
        types::scale(x, by)
    }
    fn summarize_via(m: Measure) -> Measure {
        types::summarize(&m)
    }
    fn pick_via(v: Option<f32>, alt: f64) -> Result<f64, f32> {
        types::pick(v, alt)
    }
}

export!(Client);
