//! Component call latency (`cargo run --release -p rivet-bench-component`).
//!
//! 1. **one-shot export call**: the host calls `add(u32, u32) -> u32` of a cached,
//!    prepared package: a fresh context (a pooled instance reset to the state a new
//!    instantiation has), advice for the arguments and the result, the call itself.
//! 2. **component to component**: the host calls `user.take-via(n)`, which builds a
//!    record `{id: u32, data: list<u8>}` with a 1 KiB list in its memory and passes it
//!    to `api.take` of another component (the caller's memory transcoded into the
//!    advice bytes, a fresh callee context, the bytes lowered through the callee's
//!    `cabi_realloc`, result back). The
//!    component-to-component cost is reported as this minus a host call of `user.nop`.
//!
//! Next to them, wasmi doing the equivalent core calls: `add` on a live instance, and
//! instantiate + `add` (what a fresh context is).
//!
//! Each figure is reported twice: by the wall clock and by the thread's CPU time,
//! which excludes time spent descheduled (the shared build machine is often
//! overloaded); `BENCH_STAT=min` reports each measurement's best round instead of the
//! median. `BENCH_SMALL_ONLY=1` runs only the first memory configuration; `BENCH_PROFILE=add`
//! (or `via`, `nop`) loops that one call for five seconds, for a profiler, or exactly
//! `BENCH_ITERS` times (instruction counts per call under cachegrind: run two counts
//! and divide the difference).

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

/// µs per call: the median of 7 rounds of `iters` calls by the wall clock, and by
/// this thread's CPU time (which leaves out the time the thread was descheduled, so
/// it stays meaningful on a machine shared with other builds; `NaN` where the clock
/// is unavailable).
#[derive(Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: f64,
}

impl std::ops::Sub for Timing {
    type Output = Timing;
    fn sub(self, o: Timing) -> Timing {
        Timing {
            wall: self.wall - o.wall,
            cpu: self.cpu - o.cpu,
        }
    }
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = f.precision().unwrap_or(2);
        write!(f, "{:.p$} | {:.p$}", self.wall, self.cpu)
    }
}

/// This thread's CPU time in ns (`CLOCK_THREAD_CPUTIME_ID`).
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> Option<u64> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let r = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (r == 0).then(|| ts.sec as u64 * 1_000_000_000 + ts.nsec as u64)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> Option<u64> {
    None
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time(iters: u32, mut f: impl FnMut() -> Result<()>) -> Result<Timing> {
    for _ in 0..iters.min(100) {
        f()?;
    }
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let c = thread_cpu_ns();
        let t = Instant::now();
        for _ in 0..iters {
            f()?;
        }
        wall.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
        cpu.push(match (c, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e3 / iters as f64,
            _ => f64::NAN,
        });
    }
    // `BENCH_STAT=min`: the best round instead of the median (the least disturbed
    // one, when other work shares the machine).
    let stat = match std::env::var("BENCH_STAT").as_deref() {
        Ok("min") => |v: Vec<f64>| v.into_iter().fold(f64::INFINITY, f64::min),
        _ => median,
    };
    Ok(Timing {
        wall: stat(wall),
        cpu: stat(cpu),
    })
}

fn main() -> Result<()> {
    // A fresh context is a pooled instance reset to the package's image, which costs
    // the pages the last call wrote; building one from scratch (the first call, or an
    // unpooled package) zeroes the whole data memory (linear memory cap + globals +
    // stack). Report both caps to show the cost no longer grows with them.
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

/// The two components compiled with `opts`, linked and prepared; and the api's wasm.
fn prepare(opts: &rivet_compiler::CompileOptions) -> Result<(std::sync::Arc<App>, Vec<u8>)> {
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
    Ok((rt.prepare(&manifest)?, api_wasm))
}

/// The call `BENCH_PROFILE` names (`add`, `via`, `nop`; with `-fast`, through a
/// resolved export without a trace), looped for a profiler: five seconds, or exactly
/// `BENCH_ITERS` calls (for instruction counts under cachegrind).
fn profile(app: &App, which: &str) -> Result<()> {
    let (comp, f, arg) = match which.trim_end_matches("-fast") {
        "add" => ("api", "bench:calls/api#add", vec![Val::U32(2), Val::U32(3)]),
        "via" => ("user", "bench:calls/user#take-via", vec![Val::U32(1024)]),
        _ => ("user", "bench:calls/user#nop", vec![Val::U32(1024)]),
    };
    let config = CallConfig::default();
    let mut hosts = Hosts::new();
    let resolved = app.export(comp, f)?;
    let mut once = || -> Result<()> {
        if which.ends_with("-fast") {
            resolved.call_untraced(&arg, &config, &mut hosts)?;
        } else {
            app.call(comp, f, &arg, &config, &mut hosts)?;
        }
        Ok(())
    };
    if let Some(n) = std::env::var("BENCH_ITERS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        for _ in 0..n {
            once()?;
        }
        return Ok(());
    }
    let t = Instant::now();
    while t.elapsed().as_secs() < 5 {
        for _ in 0..1000 {
            once()?;
        }
    }
    Ok(())
}

fn run(opts: &rivet_compiler::CompileOptions) -> Result<()> {
    let (app, api_wasm) = prepare(opts)?;
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

    // Gas is part of the semantics the optimisations must keep: print it.
    let gas = |comp: &str, f: &str, args: &[Val]| -> Result<u64> {
        Ok(app
            .call(comp, f, args, &config, &mut Hosts::new())?
            .gas_used)
    };
    println!(
        "gas used: add {}, take-via {}, nop {}",
        gas("api", "bench:calls/api#add", &[Val::U32(2), Val::U32(3)])?,
        gas("user", "bench:calls/user#take-via", &[Val::U32(1024)])?,
        gas("user", "bench:calls/user#nop", &[Val::U32(1024)])?
    );

    // The same calls through exports resolved once, recording no trace (what a
    // caller that keeps a handle and never reads the trace pays).
    let add_fn = app.export("api", "bench:calls/api#add")?;
    let via_fn = app.export("user", "bench:calls/user#take-via")?;
    let nop_fn = app.export("user", "bench:calls/user#nop")?;
    let mut hosts2 = Hosts::new();
    let mut fast = |f: &rivet_runtime::component::Export<'_>, args: &[Val]| -> Result<Val> {
        let out = f.call_untraced(args, &config, &mut hosts2)?;
        Ok(out.results.into_iter().next().unwrap_or(Val::U32(0)))
    };
    assert_eq!(fast(&add_fn, &[Val::U32(2), Val::U32(3)])?, Val::U32(5));

    // `BENCH_PROFILE=add|via|nop[-fast]` loops one call for a profiler and stops.
    if let Ok(which) = std::env::var("BENCH_PROFILE") {
        return profile(&app, &which);
    }
    let add = time(20_000, || {
        call("api", "bench:calls/api#add", &[Val::U32(2), Val::U32(3)]).map(drop)
    })?;
    let via = time(5_000, || {
        call("user", "bench:calls/user#take-via", &[Val::U32(1024)]).map(drop)
    })?;
    let nop = time(20_000, || {
        call("user", "bench:calls/user#nop", &[Val::U32(1024)]).map(drop)
    })?;
    let add_fast = time(20_000, || {
        fast(&add_fn, &[Val::U32(2), Val::U32(3)]).map(drop)
    })?;
    let via_fast = time(5_000, || fast(&via_fn, &[Val::U32(1024)]).map(drop))?;
    let nop_fast = time(20_000, || fast(&nop_fn, &[Val::U32(1024)]).map(drop))?;

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

    // The advice hashing floor: blake3 of the component-to-component argument payload
    // (the record's 12 bytes, then the 1 KiB list: 1036 bytes) and of a small one.
    let big = vec![7u8; 1036];
    let hash_big = time(20_000, || {
        std::hint::black_box(rivet_format::CodeHash::of(std::hint::black_box(&big)));
        Ok(())
    })?;
    let hash_small = time(200_000, || {
        std::hint::black_box(rivet_format::CodeHash::of(std::hint::black_box(&big[..8])));
        Ok(())
    })?;

    println!("| measurement | µs per call (wall) | µs per call (thread CPU) | goal |");
    println!("|---|---:|---:|---:|");
    println!("| rivet: host -> `add` (fresh context, advice in/out) | {add} | <= 0.4 |");
    println!("| rivet: host -> user.take-via -> api.take (record + 1 KiB list) | {via} | |");
    println!("| rivet: host -> user.nop (the outer call alone) | {nop} | |");
    println!(
        "| rivet: component -> component part (difference) | {} | <= 2 |",
        via - nop
    );
    println!("| rivet, resolved export, no trace: host -> `add` | {add_fast} | <= 0.4 |");
    println!("| rivet, resolved export, no trace: host -> user.take-via | {via_fast} | |");
    println!("| rivet, resolved export, no trace: host -> user.nop | {nop_fast} | |");
    println!(
        "| rivet, resolved export, no trace: component -> component part | {} | <= 2 |",
        via_fast - nop_fast
    );
    println!("| blake3 of the 1036-byte argument payload (in the part above) | {hash_big:.3} | |");
    println!("| blake3 of an 8-byte payload (`add` hashes two) | {hash_small:.3} | |");
    println!("| wasmi: `add` on a live instance | {wasmi_call:.3} | |");
    println!("| wasmi: instantiate + `add` | {wasmi_fresh} | |");
    Ok(())
}
