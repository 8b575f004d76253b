//! Exports `rivet:kitchen/types`: one function per WIT type kind, and a resource.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

rivet_sdk::wit_bindgen::generate!({ world: "kitchen", path: "../wit", runtime_path: "rivet_sdk::wit_bindgen::rt" });

use exports::rivet::kitchen::types::{
    Color, Counter, CounterBorrow, Event, Everything, Guest, GuestCounter, Measure, Perms, Shape,
};

struct Kitchen;

/// The counter's state lives in this component's memory, in the context that created it.
struct CounterImpl {
    value: Cell<u32>,
}

impl GuestCounter for CounterImpl {
    fn new(start: u32) -> Self {
        CounterImpl { value: Cell::new(start) }
    }
    fn incr(&self) -> u32 {
        self.value.set(self.value.get().wrapping_add(1));
        self.value.get()
    }
    fn get(&self) -> u32 {
        self.value.get()
    }
}

impl Guest for Kitchen {
    type Counter = CounterImpl;

    fn add(a: u32, b: u32) -> u32 {
        a.wrapping_add(b)
    }
    fn echo_everything(v: Everything) -> Everything {
        v
    }
    fn echo_shapes(v: Vec<Shape>) -> Vec<Shape> {
        v
    }
    fn describe(e: Event) -> String {
        match e {
            Event::Created(s) => format!("created {} with {} points", s.name, s.points.len()),
            Event::Moved((x, y)) => format!("moved by ({x}, {y})"),
            Event::Deleted => String::from("deleted"),
            Event::Note(n) => format!("note: {n}"),
        }
    }
    fn classify(v: Option<Result<u32, String>>) -> Option<Result<u32, String>> {
        match v {
            None => Some(Err(String::from("nothing"))),
            Some(Ok(n)) => Some(Ok(n * 2)),
            Some(Err(e)) => Some(Err(format!("{e}!"))),
        }
    }
    fn invert(p: Perms) -> Perms {
        Perms::all() - p
    }
    fn next_color(c: Color) -> Color {
        match c {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Red,
        }
    }
    fn nested(v: Vec<Vec<String>>) -> (u32, Vec<String>) {
        let total = v.iter().map(|l| l.len() as u32).sum();
        (total, v.into_iter().flatten().collect())
    }
    #[allow(clippy::too_many_arguments)]
    fn sum17(
        a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32,
        l: u32, m: u32, n: u32, o: u32, p: u32, q: u64,
    ) -> u64 {
        [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p].iter().map(|x| *x as u64).sum::<u64>() + q
    }
    fn bytes(len: u32) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + 3) as u8).collect()
    }
    fn checksum(data: Vec<u8>) -> u64 {
        data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3))
    }
    fn fail_if(flag: bool) -> Result<String, String> {
        if flag {
            Err(String::from("asked to fail"))
        } else {
            Ok(String::from("fine"))
        }
    }
    fn peek(c: CounterBorrow<'_>) -> u32 {
        c.get::<CounterImpl>().get()
    }
    fn scale(x: f64, by: f32) -> f64 {
        x * by as f64
    }
    fn summarize(m: Measure) -> Measure {
        let total: f64 = m.samples.iter().map(|s| *s as f64).sum();
        Measure {
            label: format!("{} {:.3} {} {:e}", m.label, m.value, m.weight, total),
            value: m.value + total,
            weight: m.weight * 0.5,
            samples: m.samples.iter().map(|s| s * s - 1.0 / s).collect(),
        }
    }
    fn pick(v: Option<f32>, alt: f64) -> Result<f64, f32> {
        match v {
            Some(x) if x >= 0.0 => Ok(x as f64 + alt),
            Some(x) => Err(x * 2.0),
            None => Ok(alt / 3.0),
        }
    }
}

// Keep the Counter handle type referenced so its drop glue is generated.
#[allow(dead_code)]
fn _counter_type(_: Counter) {}

export!(Kitchen);
