//! Component call latency (`cargo run --release -p rivet-bench-component`).
//!
//! 1. **one-shot export call**: the host calls `add(u32, u32) -> u32` of a cached,
//!    prepared package: a fresh context (instance + memory from data segments), advice
//!    for the arguments and the result, the call itself.
//! 2. **component to component**: the host calls `user.take-via(n)`, which builds a
//!    record `{id: u32, data: list<u8>}` with a 1 KiB list in its memory and passes it
//!    to `api.take` of another component (lift from the caller, advice, a fresh callee
//!    context, lowering through the callee's `cabi_realloc`, result back). The
//!    component-to-component cost is reported as this minus a host call of `user.nop`.
//!
//! Next to them, wasmi doing the equivalent core calls: `add` on a live instance, and
//! instantiate + `add` (what a fresh context is).

use anyhow::{Context, Result};
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, Hosts, Runtime};
use std::time::Instant;

const WIT: &str = r#"
package bench:calls@1.0.0;
interface api {
    record blob { id: u32, data: list<u8> }
    add: func(a: u32, b: u32) -> u32;
    take: func(b: blob) -> u32;
}
interface user {
    take-via: func(n: u32) -> u32;
    nop: func(n: u32) -> u32;
}
world api-world { export api; }
world user-world { import api; export user; }
"#;

const REALLOC: &str = r#"
  (global $heap (mut i32) (i32.const 1024))
  (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
"#;

const API: &str = r#"(module (memory (export "memory") 1) ;;R
  (func (export "bench:calls/api@1.0.0#add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "bench:calls/api@1.0.0#take") (param $id i32) (param $p i32) (param $n i32) (result i32)
    (i32.add (local.get $id) (i32.add (local.get $n) (i32.load8_u (local.get $p))))))"#;

const USER: &str = r#"(module
  (import "bench:calls/api@1.0.0" "take" (func $take (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1) ;;R
  (func (export "bench:calls/user@1.0.0#take-via") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
    (memory.fill (local.get $p) (i32.const 7) (local.get $n))
    (call $take (i32.const 1) (local.get $p) (local.get $n)))
  (func (export "bench:calls/user@1.0.0#nop") (param $n i32) (result i32) (local.get $n)))"#;

fn module(wat: &str, world: &str) -> Result<Vec<u8>> {
    let mut wasm = wat::parse_str(wat.replace(";;R", REALLOC))?;
    let (name, data) = rivet_linker::embed::world_section(&[("bench.wit", WIT)], world)
        .map_err(anyhow::Error::msg)?;
    let mut payload = Vec::new();
    leb(name.len(), &mut payload);
    payload.extend_from_slice(name.as_bytes());
    payload.extend_from_slice(&data);
    wasm.push(0);
    leb(payload.len(), &mut wasm);
    wasm.extend_from_slice(&payload);
    Ok(wasm)
}

fn leb(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            return out.push(b);
        }
        out.push(b | 0x80);
    }
}

/// Median of `rounds` rounds of `iters` calls, in µs per call.
fn time(iters: u32, mut f: impl FnMut() -> Result<()>) -> Result<f64> {
    for _ in 0..iters.min(100) {
        f()?;
    }
    let mut rounds = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..iters {
            f()?;
        }
        rounds.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
    }
    rounds.sort_by(|a, b| a.total_cmp(b));
    Ok(rounds[rounds.len() / 2])
}

fn main() -> Result<()> {
    // A fresh context zeroes the package's whole data memory (linear memory cap +
    // globals + stack), so the caps decide most of the cost: report both.
    let small = rivet_compiler::CompileOptions {
        max_memory_pages: 1,
        stack_size: 16 << 10,
        ..Default::default()
    };
    let large = rivet_compiler::CompileOptions {
        max_memory_pages: 16,
        stack_size: 64 << 10,
        ..Default::default()
    };
    let configs = [
        ("1 page + 16 KiB stack", small),
        ("16 pages + 64 KiB stack", large),
    ];
    let n = if std::env::var_os("BENCH_SMALL_ONLY").is_some() {
        1
    } else {
        2
    };
    for (label, opts) in configs.into_iter().take(n) {
        println!("\n### packages compiled with {label}\n");
        run(&opts)?;
    }
    Ok(())
}

fn run(opts: &rivet_compiler::CompileOptions) -> Result<()> {
    let api_wasm = module(API, "api-world")?;
    let user_wasm = module(USER, "user-world")?;
    let rt = Runtime::new();
    let mut inputs = Vec::new();
    for (name, wasm) in [("api", &api_wasm), ("user", &user_wasm)] {
        let pkg = rivet_compiler::compile(wasm, opts).with_context(|| name.to_string())?;
        inputs.push(LinkInput::from_package(name, &pkg));
        rt.add_package(pkg)?;
    }
    let manifest = rivet_linker::link(&inputs, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let app: std::sync::Arc<App> = rt.prepare(&manifest)?;
    let config = CallConfig::default();
    let mut hosts = Hosts::new();
    let mut call = |comp: &str, f: &str, args: &[Val]| -> Result<Val> {
        let out = app.call(comp, f, args, &config, &mut hosts)?;
        Ok(out.results.into_iter().next().unwrap_or(Val::U32(0)))
    };
    assert_eq!(
        call("api", "bench:calls/api#add", &[Val::U32(2), Val::U32(3)])?,
        Val::U32(5)
    );
    assert_eq!(
        call("user", "bench:calls/user#take-via", &[Val::U32(1024)])?,
        Val::U32(1 + 1024 + 7)
    );

    let add = time(20_000, || {
        call("api", "bench:calls/api#add", &[Val::U32(2), Val::U32(3)]).map(drop)
    })?;
    let via = time(5_000, || {
        call("user", "bench:calls/user#take-via", &[Val::U32(1024)]).map(drop)
    })?;
    let nop = time(20_000, || {
        call("user", "bench:calls/user#nop", &[Val::U32(1024)]).map(drop)
    })?;

    // wasmi: the same `add` core call, on a live instance and with instantiation.
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, &api_wasm[..])?;
    let linker = wasmi::Linker::<()>::new(&engine);
    let mut store = wasmi::Store::new(&engine, ());
    let inst = linker.instantiate_and_start(&mut store, &module)?;
    let f = inst.get_typed_func::<(i32, i32), i32>(&store, "bench:calls/api@1.0.0#add")?;
    let wasmi_call = time(200_000, || Ok(f.call(&mut store, (2, 3)).map(drop)?))?;
    let wasmi_fresh = time(20_000, || {
        let mut store = wasmi::Store::new(&engine, ());
        let inst = linker.instantiate_and_start(&mut store, &module)?;
        let f = inst.get_typed_func::<(i32, i32), i32>(&store, "bench:calls/api@1.0.0#add")?;
        Ok(f.call(&mut store, (2, 3)).map(drop)?)
    })?;

    println!("| measurement | µs per call | goal |");
    println!("|---|---:|---:|");
    println!("| rivet: host -> `add` (fresh context, advice in/out) | {add:.2} | <= 2 |");
    println!("| rivet: host -> user.take-via -> api.take (record + 1 KiB list) | {via:.2} | |");
    println!("| rivet: host -> user.nop (the outer call alone) | {nop:.2} | |");
    println!(
        "| rivet: component -> component part (difference) | {:.2} | <= 5 |",
        via - nop
    );
    println!("| wasmi: `add` on a live instance | {wasmi_call:.3} | |");
    println!("| wasmi: instantiate + `add` | {wasmi_fresh:.2} | |");
    Ok(())
}
