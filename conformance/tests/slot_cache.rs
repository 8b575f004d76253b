//! Differential test of the compiler's slot cache (`compiler/src/func/slot_cache.rs`:
//! registers that still hold a frame slot's value stand in for reloading it):
//! random functions with more locals than the compiler pins (i32 and i64), mixing
//! `local.set`/`local.tee`/`local.get` of the same locals with everything that must
//! invalidate a cached register: operand stacks deep enough to spill, blocks and
//! `if`s with results, `br_if` and `br_table` carrying values, loops, calls (which
//! clobber every register), `select`, trapping divisions and memory accesses. Each
//! module runs under Rivet and wasmi with the shared harness
//! (`common/differential.rs`): results or traps, memory and globals after every
//! call must agree. `RIVET_SLOT_SEEDS=N` sets the number of modules.

mod common;

use common::generated::{compare_seeds, seeds, Rng};
use std::fmt::Write as _;

/// i32 locals (parameters `$p0`, `$p2` included) and i64 locals (`$p1` included).
const I32S: [&str; 7] = ["$p0", "$p2", "$a", "$b", "$c", "$d", "$e"];
const I64S: [&str; 5] = ["$p1", "$x", "$y", "$z", "$w"];

const I32_BINS: [&str; 7] = [
    "i32.add", "i32.sub", "i32.xor", "i32.mul", "i32.rotl", "i32.and", "i32.or",
];
const I64_BINS: [&str; 7] = [
    "i64.add", "i64.sub", "i64.xor", "i64.mul", "i64.rotl", "i64.or", "i64.and",
];

/// The generator's state: the text so far and the randomness.
struct Gen {
    rng: Rng,
    out: String,
}

impl Gen {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push(' ');
    }

    /// An i32 condition.
    fn cond(&mut self, d: u32) {
        self.i32(d + 1);
        let k = self.rng.below(4) + 1;
        self.w(&format!("i32.const {k} i32.and"));
    }

    /// An expression leaving one i32.
    fn i32(&mut self, d: u32) {
        let leaf = d >= 3 || self.rng.below(3) == 0;
        if leaf {
            match self.rng.below(5) {
                0 => {
                    let c = self.rng.next() as i32 >> self.rng.below(32);
                    self.w(&format!("i32.const {c}"));
                }
                _ => {
                    let l = *self.rng.pick(&I32S);
                    self.w(&format!("local.get {l}"));
                }
            }
            return;
        }
        match self.rng.below(14) {
            0..=3 => {
                self.i32(d + 1);
                self.i32(d + 1);
                let op = *self.rng.pick(&I32_BINS);
                self.w(op);
            }
            4 => {
                self.i32(d + 1);
                let l = *self.rng.pick(&I32S);
                self.w(&format!("local.tee {l}"));
            }
            5 => {
                self.i64(d + 1);
                self.w("i32.wrap_i64");
            }
            6 => {
                // A branch carrying a value, and a fallthrough value.
                self.w("block (result i32)");
                self.i32(d + 1);
                self.cond(d);
                self.w("br_if 0 drop");
                self.i32(d + 1);
                self.w("end");
            }
            7 => {
                self.cond(d);
                self.w("if (result i32)");
                self.i32(d + 1);
                self.w("else");
                self.i32(d + 1);
                self.w("end");
            }
            8 => {
                self.i32(d + 1);
                self.i32(d + 1);
                self.cond(d);
                self.w("select");
            }
            9 => {
                self.i32(d + 1);
                self.w("call $f");
            }
            10 => {
                self.i32(d + 1);
                self.i32(d + 1);
                self.w("i32.const 7 i32.or i32.div_s");
            }
            11 => {
                self.i32(d + 1);
                self.w("i32.const 1020 i32.and i32.load offset=4");
            }
            12 => {
                // Deep enough to spill: every value stays live until the adds.
                let n = 6 + self.rng.below(8);
                for _ in 0..n {
                    let l = *self.rng.pick(&I32S);
                    self.w(&format!("local.get {l}"));
                }
                for _ in 1..n {
                    let op = *self.rng.pick(&I32_BINS);
                    self.w(op);
                }
            }
            _ => {
                // br_table with a value to two targets.
                self.w("block (result i32) block (result i32)");
                self.i32(d + 1);
                self.i32(d + 1);
                self.w("i32.const 3 i32.and br_table 0 1 0 end i32.const 1 i32.add end");
            }
        }
    }

    /// An expression leaving one i64.
    fn i64(&mut self, d: u32) {
        let leaf = d >= 3 || self.rng.below(3) == 0;
        if leaf {
            match self.rng.below(5) {
                0 => {
                    let c = self.rng.next() as i64 >> self.rng.below(64);
                    self.w(&format!("i64.const {c}"));
                }
                _ => {
                    let l = *self.rng.pick(&I64S);
                    self.w(&format!("local.get {l}"));
                }
            }
            return;
        }
        match self.rng.below(9) {
            0..=3 => {
                self.i64(d + 1);
                self.i64(d + 1);
                let op = *self.rng.pick(&I64_BINS);
                self.w(op);
            }
            4 => {
                self.i64(d + 1);
                let l = *self.rng.pick(&I64S);
                self.w(&format!("local.tee {l}"));
            }
            5 => {
                self.i32(d + 1);
                let ext = if self.rng.below(2) == 0 { "u" } else { "s" };
                self.w(&format!("i64.extend_i32_{ext}"));
            }
            6 => {
                self.w("block (result i64)");
                self.i64(d + 1);
                self.cond(d);
                self.w("br_if 0 drop");
                self.i64(d + 1);
                self.w("end");
            }
            7 => {
                self.i64(d + 1);
                self.i64(d + 1);
                self.cond(d);
                self.w("select");
            }
            _ => {
                let n = 3 + self.rng.below(5);
                for _ in 0..n {
                    let l = *self.rng.pick(&I64S);
                    self.w(&format!("local.get {l}"));
                }
                for _ in 1..n {
                    let op = *self.rng.pick(&I64_BINS);
                    self.w(op);
                }
            }
        }
    }

    /// One statement (leaves the stack as it found it).
    fn statement(&mut self, d: u32) {
        match self.rng.below(15) {
            0..=3 => {
                self.i32(d);
                let l = *self.rng.pick(&I32S);
                self.w(&format!("local.set {l}\n"));
            }
            4..=5 => {
                self.i64(d);
                let l = *self.rng.pick(&I64S);
                self.w(&format!("local.set {l}\n"));
            }
            6 => {
                self.i32(d);
                self.w("i32.const 1016 i32.and");
                self.i64(d);
                self.w("i64.store offset=8\n");
            }
            7 if d < 3 => {
                self.cond(d);
                self.w("if\n");
                self.block(d + 1);
                self.w("else\n");
                self.block(d + 1);
                self.w("end\n");
            }
            8 if d < 3 => {
                self.w("block\n");
                self.block(d + 1);
                self.cond(d);
                self.w("br_if 0\n");
                self.block(d + 1);
                self.w("end\n");
            }
            9 if d < 3 => {
                // Three iterations: the header joins the entry and the back edge.
                self.w(&format!("i32.const 3 local.set $n{d} loop\n"));
                self.block(d + 1);
                self.w(&format!(
                    "local.get $n{d} i32.const 1 i32.sub local.tee $n{d} br_if 0 end\n"
                ));
            }
            10 => {
                self.i32(d);
                self.w("call $f drop\n");
            }
            k @ (11 | 12) => {
                // A copy between frame locals (i32 or i64), then reads of both
                // around other work (the copy's register stands for the
                // destination; i64 and/xor/or keep an operand's local).
                let (set, t) = if k == 11 {
                    (&I32S[..], "i32")
                } else {
                    (&I64S[..], "i64")
                };
                let (a, b) = (*self.rng.pick(set), *self.rng.pick(set));
                self.w(&format!("local.get {b} local.set {a} local.get {a}"));
                if k == 11 {
                    self.i32(d + 1);
                } else {
                    self.i64(d + 1);
                }
                self.w(&format!(
                    "{t}.and local.get {a} {t}.xor local.get {b} {t}.or local.set {b}\n"
                ));
            }
            13 => {
                // A zero-extended value kept on the stack by a tee while
                // deeper code takes registers.
                let (x, y) = (*self.rng.pick(&I64S), *self.rng.pick(&I64S));
                self.i32(d);
                self.w(&format!("i64.extend_i32_u local.tee {x}"));
                self.i64(d + 1);
                self.i64(d + 1);
                self.w(&format!(
                    "i64.xor i64.add local.get {x} i64.xor local.set {y}\n"
                ));
            }
            _ => {
                // A store and a reload of the same local around other work.
                let l = *self.rng.pick(&I32S);
                self.i32(d);
                self.w(&format!("local.set {l} local.get {l}"));
                self.i32(d + 1);
                self.w(&format!("i32.add local.get {l} i32.xor local.set {l}\n"));
            }
        }
    }

    fn block(&mut self, d: u32) {
        for _ in 0..1 + self.rng.below(4) {
            self.statement(d);
        }
    }
}

/// A module of four exported functions over one memory and a global.
fn module(seed: u64) -> String {
    let mut g = Gen {
        rng: Rng(seed),
        out: String::new(),
    };
    g.out.push_str(
        "(module (memory (export \"mem\") 1)\n\
         (global $g (export \"g\") (mut i32) (i32.const 0))\n\
         (func $f (param i32) (result i32) (local i32 i32 i32)\n\
           local.get 0 i32.const 3 i32.rotl local.tee 1 global.get $g i32.add local.tee 2\n\
           global.set $g local.get 2 i32.const 1020 i32.and local.get 1 i32.store\n\
           local.get 1 local.get 2 i32.mul local.get 0 i32.xor)\n",
    );
    for f in 0..4 {
        writeln!(
            g.out,
            "(func (export \"f{f}\") (param $p0 i32) (param $p1 i64) (param $p2 i32) (result i64)\n\
             (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32)\n\
             (local $x i64) (local $y i64) (local $z i64) (local $w i64)\n\
             (local $n0 i32) (local $n1 i32) (local $n2 i32)"
        )
        .unwrap();
        for _ in 0..3 + g.rng.below(10) {
            g.statement(0);
        }
        // Every local reaches the result.
        g.out.push_str("\ni64.const 0");
        for l in I64S {
            write!(g.out, " local.get {l} i64.xor i64.const 7 i64.rotl").unwrap();
        }
        for l in I32S {
            write!(g.out, " local.get {l} i64.extend_i32_u i64.add").unwrap();
        }
        g.out.push_str(")\n");
    }
    g.out.push(')');
    g.out
}

#[test]
fn cached_slots_agree_with_wasmi() {
    let n = seeds("RIVET_SLOT_SEEDS", 300);
    let t = compare_seeds(n, module);
    let (calls, values, traps) = (t.calls, t.values, t.traps);
    println!("slot cache: {n} modules, {calls} calls: {values} returned, {traps} trapped");
    assert!(values * 2 >= calls, "{values} values of {calls} calls");
}
