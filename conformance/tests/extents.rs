//! Differential test of the compiler's proven extents (bounds checks it drops because
//! an earlier check through the same local value implies them; see
//! `compiler/src/func/extents.rs`): random functions of loads and stores through a few
//! locals, with random static offsets near the end of memory (and near 2^32), with
//! `local.set`/`local.tee` in between (a tee's value is an address through the local
//! too, when the slot cache knows the register holds it), `memory.grow`, calls,
//! blocks, `if`s, loops and branches, run under Rivet and wasmi with the shared harness (`common/differential.rs`):
//! every call's trap or results, and memory and globals after every call, must agree.
//! `RIVET_EXTENT_SEEDS=N` sets the number of modules.

mod common;

use common::generated::{compare_seeds, seeds, Rng};
use std::fmt::Write as _;

/// Address locals of every generated function (`$acc` is the i64 accumulator).
const ADDR_LOCALS: [&str; 3] = ["$a", "$b", "$c"];

/// Folds the i64 on top of the stack into the accumulator.
const ACC: &str = "local.get $acc i64.add i64.const 31 i64.rotl local.set $acc";

/// Loads: (instruction, bytes, result is i64).
const LOADS: &[(&str, u64, bool)] = &[
    ("i32.load8_u", 1, false),
    ("i32.load8_s", 1, false),
    ("i32.load16_u", 2, false),
    ("i32.load", 4, false),
    ("i64.load", 8, true),
    ("i64.load32_s", 4, true),
    ("i64.load16_u", 2, true),
];

/// Stores: (instruction, bytes, value is i64).
const STORES: &[(&str, u64, bool)] = &[
    ("i32.store8", 1, false),
    ("i32.store16", 2, false),
    ("i32.store", 4, false),
    ("i64.store", 8, true),
    ("i64.store32", 4, true),
];

/// A static offset: mostly small (the same-local, different-offset pattern), some
/// past the 12-bit displacement range and a few as large as memory.
fn offset(rng: &mut Rng) -> u64 {
    match rng.below(20) {
        0..=13 => rng.below(24),
        14 | 15 => 2030 + rng.below(40),
        16 | 17 => 4090 + rng.below(16),
        18 => 65_520 + rng.below(32),
        _ => rng.below(200),
    }
}

/// An address expression (leaves an i32): near the end of the current memory
/// (sometimes within a few bytes of it), small, near 2^32, or derived from another
/// local.
fn address(rng: &mut Rng, out: &mut String) {
    match rng.below(12) {
        0..=3 => {
            let back = if rng.below(4) == 0 {
                rng.below(24)
            } else {
                4200 + rng.below(64)
            } as i32;
            write!(
                out,
                "memory.size i32.const 16 i32.shl i32.const {} i32.add ",
                -back
            )
            .unwrap();
        }
        4..=7 => write!(out, "i32.const {} ", rng.below(4096)).unwrap(),
        8 => write!(out, "i32.const {} ", -(rng.below(24) as i32)).unwrap(),
        _ => {
            let l = rng.pick(&ADDR_LOCALS);
            write!(
                out,
                "local.get {l} i32.const {} i32.add ",
                rng.below(16) as i32 - 8
            )
            .unwrap();
        }
    }
}

/// The address operand of an access: a local (most of the time), a constant, a
/// `local.tee` of a fresh value (in a register the slot cache ties to the local
/// when the local lives in a frame slot), or an older tee of a local below a newer
/// one.
fn access_base(rng: &mut Rng, out: &mut String) {
    match rng.below(12) {
        0 => write!(out, "i32.const {} ", 65_536 - rng.below(40) as i32).unwrap(),
        1 => write!(out, "i32.const {} ", rng.below(48)).unwrap(),
        2 => {
            let l = rng.pick(&ADDR_LOCALS);
            address(rng, out);
            write!(out, "local.tee {l} ").unwrap();
        }
        3 => {
            // A `local.tee` of a local twice, the access through the newer value
            // first: the older value below it is no longer the local's (in a
            // register whose slot-cache fact the second store dropped), so the
            // access through it must be checked although the local's end is proven.
            let l = rng.pick(&ADDR_LOCALS);
            address(rng, out);
            write!(out, "local.tee {l} ").unwrap();
            address(rng, out);
            write!(out, "local.tee {l} ").unwrap();
            let (op, _, wide) = *rng.pick(LOADS);
            let ext = if wide { "" } else { "i64.extend_i32_u " };
            write!(out, "{op} offset={} {ext}{ACC} ", offset(rng)).unwrap();
        }
        _ => write!(out, "local.get {} ", rng.pick(&ADDR_LOCALS)).unwrap(),
    }
}

/// One statement (leaves the stack as it found it).
fn statement(rng: &mut Rng, out: &mut String, depth: u32) {
    match rng.below(20) {
        0..=6 => {
            let (op, _, wide) = *rng.pick(LOADS);
            access_base(rng, out);
            let ext = if wide { "" } else { "i64.extend_i32_u " };
            writeln!(out, "{op} offset={} {ext}{ACC}", offset(rng)).unwrap();
        }
        7..=11 => {
            let (op, _, wide) = *rng.pick(STORES);
            access_base(rng, out);
            let v = if wide {
                "local.get $acc"
            } else {
                "local.get $acc i32.wrap_i64"
            };
            writeln!(out, "{v} {op} offset={}", offset(rng)).unwrap();
        }
        12 | 13 => {
            address(rng, out);
            writeln!(out, "local.set {}", rng.pick(&ADDR_LOCALS)).unwrap();
        }
        14 => writeln!(out, "i32.const 1 memory.grow drop").unwrap(),
        15 => writeln!(out, "call $touch").unwrap(),
        16 if depth < 3 => {
            out.push_str("block\n");
            block(rng, out, depth + 1);
            writeln!(
                out,
                "local.get {} i32.const 3 i32.and br_if 0",
                rng.pick(&ADDR_LOCALS)
            )
            .unwrap();
            block(rng, out, depth + 1);
            out.push_str("end\n");
        }
        17 if depth < 3 => {
            writeln!(
                out,
                "local.get {} i32.const 1 i32.and if",
                rng.pick(&ADDR_LOCALS)
            )
            .unwrap();
            block(rng, out, depth + 1);
            out.push_str("else\n");
            block(rng, out, depth + 1);
            out.push_str("end\n");
        }
        18 if depth < 3 => {
            // Two iterations: the header is a join of the entry and the back edge.
            // One counter per nesting depth, so nested loops end too.
            // Half the loops access a local right before the loop and first thing
            // in the body (its end proven at the entry) and write it last: a header
            // that kept that end for the second iteration would skip its check.
            let written = (rng.below(2) == 0).then(|| (*rng.pick(&ADDR_LOCALS), offset(rng)));
            if let Some((l, o)) = written {
                writeln!(out, "local.get {l} i32.load8_u offset={o} drop").unwrap();
            }
            writeln!(out, "i32.const 2 local.set $n{depth} loop").unwrap();
            if let Some((l, o)) = written {
                writeln!(out, "local.get {l} i32.load8_u offset={o} drop").unwrap();
            }
            block(rng, out, depth + 1);
            if let Some((l, _)) = written {
                address(rng, out);
                writeln!(out, "local.set {l}").unwrap();
            }
            writeln!(
                out,
                "local.get $n{depth} i32.const 1 i32.sub local.tee $n{depth} br_if 0 end"
            )
            .unwrap();
        }
        _ => {
            let l = rng.pick(&ADDR_LOCALS);
            writeln!(
                out,
                "local.get {l} i32.const {} i32.add local.set {l}",
                rng.below(9) as i32 - 4
            )
            .unwrap();
        }
    }
}

fn block(rng: &mut Rng, out: &mut String, depth: u32) {
    for _ in 0..1 + rng.below(5) {
        statement(rng, out, depth);
    }
}

/// A module of `funcs` exported functions over one exported memory.
fn module(seed: u64) -> String {
    let mut rng = Rng(seed);
    let max = match rng.below(3) {
        0 => String::new(),
        _ => format!(" {}", 1 + rng.below(3)),
    };
    let mut out = format!("(module (memory (export \"mem\") 1{max})\n");
    out.push_str(
        "(global $g (export \"g\") (mut i32) (i32.const 0))\n\
         (func $touch global.get $g i32.const 1 i32.add global.set $g\n\
           i32.const 0 memory.grow global.get $g i32.store16 offset=6)\n",
    );
    for f in 0..4 {
        writeln!(
            out,
            "(func (export \"f{f}\") (result i64) (local $a i32) (local $b i32) (local $c i32) \
             (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $acc i64) \
             (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)"
        )
        .unwrap();
        if rng.below(2) == 0 {
            // Locals used in a deep loop nest (each loop runs once) take the
            // pinned registers: the address locals then live in frame slots, where
            // a `local.tee` leaves a register the slot cache ties to the local.
            out.push_str(
                "loop loop loop local.get $h0 local.get $h1 i32.add local.set $h2 \
                 local.get $h2 local.get $h3 i32.xor local.set $h0 \
                 local.get $h0 local.get $h2 i32.or local.set $h3 \
                 local.get $h1 local.get $h3 i32.sub local.set $h1 end end end\n",
            );
        }
        for l in ADDR_LOCALS {
            address(&mut rng, &mut out);
            writeln!(out, "local.set {l}").unwrap();
        }
        for _ in 0..4 + rng.below(12) {
            statement(&mut rng, &mut out, 0);
        }
        out.push_str("local.get $acc)\n");
    }
    out.push(')');
    out
}

#[test]
fn accesses_near_the_end_of_memory_agree_with_wasmi() {
    let n = seeds("RIVET_EXTENT_SEEDS", 300);
    let t = compare_seeds(n, module);
    let (calls, values, traps) = (t.calls, t.values, t.traps);
    println!("extents: {n} modules, {calls} calls: {values} returned, {traps} trapped");
    // Both outcomes must be common, or the test checks little.
    assert!(
        values * 5 >= calls && traps * 5 >= calls,
        "{values} values, {traps} traps of {calls}"
    );
}
