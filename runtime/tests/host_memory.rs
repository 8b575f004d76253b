//! Peak host memory of one call with a large `list<u8>` argument and result (issue
//! 11, item 5), measured with a counting global allocator in this test binary.
//!
//! The figure is printed (`cargo test -p rivet-runtime --test host_memory -- --nocapture`)
//! and recorded in bench/README.md: 3 host bytes per guest byte (the argument's and the
//! result's canonical bytes, each stored once in the advice map and delivered by
//! sharing, and the result lifted as `Val::Bytes`); it was 38 when lists crossed as
//! one `Val` per byte and were copied between representations.
//!
//! Hostile guests cannot push the host past a small multiple of the advice limit:
//! a result that fans one memory region out into a huge payload is refused while it is
//! encoded, and a small payload that would lift into huge host values (flags: a
//! byte becomes eight label strings) is refused while it is lifted.

use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{CallConfig, Hosts, Limits, Runtime};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CURRENT.fetch_sub(l.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// The counters are global: the tests of this binary measure one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

const WIT: &str = "package test:mem@1.0.0;
interface echo { echo: func(l: list<u8>) -> list<u8>; }
world mem { export echo; }
";

const WAT: &str = r#"(module
  (memory (export "memory") 1 256)
  ;;REALLOC
  (func (export "test:mem/echo@1.0.0#echo") (param $p i32) (param $n i32) (result i32)
    (i32.store (i32.const 8) (local.get $p))
    (i32.store (i32.const 12) (local.get $n))
    (i32.const 8)))"#;

#[test]
fn peak_host_memory_per_guest_byte() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let realloc = include_str!("wat/realloc.wat");
    let mut wasm = wat::parse_str(WAT.replace(";;REALLOC", realloc)).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("mem.wit", WIT)], "mem").expect("wit");
    let opts = rivet_compiler::CompileOptions {
        max_memory_pages: 256,
        ..Default::default()
    };
    let pkg = rivet_compiler::compile(&wasm, &opts).expect("compile");
    let rt = Runtime::new();
    let input = LinkInput::from_package("mem", &pkg);
    rt.add_package(pkg).expect("add");
    let m = rivet_linker::link(&[input], None).expect("link");
    let app = rt.prepare(&m).expect("prepare");
    let config = CallConfig {
        gas: 10_000_000_000,
        limits: Limits {
            max_advice_bytes: 64 << 20,
            max_depth: 8,
        },
    };
    let call = |n: usize| {
        let args = vec![Val::List((0..n).map(|i| Val::U8(i as u8)).collect())];
        let base = CURRENT.load(Relaxed);
        PEAK.store(base, Relaxed);
        let out = app
            .call(
                "mem",
                "test:mem/echo#echo",
                &args,
                &config,
                &mut Hosts::new(),
            )
            .expect("echo");
        let peak = PEAK.load(Relaxed) - base;
        assert_eq!(out.results, args, "echoed");
        peak
    };
    call(1024); // warm the context pool
    let small = call(1024);
    let n = 4 << 20;
    let big = call(n);
    let per_byte = (big - small) as f64 / n as f64;
    println!(
        "peak host memory for a {n}-byte list<u8> argument + result: {big} bytes \
         ({per_byte:.1} host bytes per guest byte over a 1 KiB call's {small})"
    );
    assert!(per_byte <= 4.0, "{per_byte:.1} host bytes per guest byte");
}

const HOSTILE_WIT: &str = "package test:bad@1.0.0;
interface bad {
    flags fl { a, b, c, d, e, f, g, h }
    fan: func(n: u32) -> list<list<u8>>;
    marks: func(n: u32) -> list<fl>;
}
world hostile { export bad; }
";

/// `fan(n)`: n lists that all point at the same 64 KiB (a payload n * 64 KiB long from
/// 8n bytes of guest memory). `marks(n)`: n flags bytes with every label set.
const HOSTILE_WAT: &str = r#"(module
  (memory (export "memory") 64 64)
  (func (export "test:bad/bad@1.0.0#fan") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 3)))
                   (i64.const 0x1000000000000))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.store (i32.const 16) (i32.const 4096))
    (i32.store (i32.const 20) (local.get $n))
    (i32.const 16))
  (func (export "test:bad/bad@1.0.0#marks") (param $n i32) (result i32)
    (memory.fill (i32.const 4096) (i32.const 255) (local.get $n))
    (i32.store (i32.const 16) (i32.const 4096))
    (i32.store (i32.const 20) (local.get $n))
    (i32.const 16)))"#;

#[test]
fn hostile_results_stay_within_a_multiple_of_the_advice_limit() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut wasm = wat::parse_str(HOSTILE_WAT).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("bad.wit", HOSTILE_WIT)], "hostile")
        .expect("wit");
    let pkg = rivet_compiler::compile(&wasm, &Default::default()).expect("compile");
    let rt = Runtime::new();
    let input = LinkInput::from_package("bad", &pkg);
    rt.add_package(pkg).expect("add");
    let m = rivet_linker::link(&[input], None).expect("link");
    let app = rt.prepare(&m).expect("prepare");
    let limit: u64 = 1 << 20;
    let config = CallConfig {
        gas: 10_000_000_000,
        limits: Limits {
            max_advice_bytes: limit,
            max_depth: 8,
        },
    };
    let call = |f: &str, n: u32| {
        let base = CURRENT.load(Relaxed);
        PEAK.store(base, Relaxed);
        let r = app.call("bad", f, &[Val::U32(n)], &config, &mut Hosts::new());
        (r, PEAK.load(Relaxed) - base)
    };
    // Warm the context pool (an instance's first run over its whole memory costs the
    // engine a one-time, per-instance amount, bounded by the package's memory), then
    // measure.
    call("test:bad/bad#fan", 20_000).0.expect_err("warm-up");
    call("test:bad/bad#marks", (limit - 64) as u32)
        .0
        .expect_err("warm-up");
    // 20,000 x 64 KiB = 1.2 GiB of canonical bytes: refused when the encoder reaches
    // the limit.
    let (r, peak) = call("test:bad/bad#fan", 20_000);
    let e = r.expect_err("payload over the advice limit").to_string();
    assert!(
        e.contains("advice limit exceeded") && e.contains("limit is 1048576"),
        "{e}"
    );
    println!("fan: peak {peak} bytes with a {limit}-byte advice limit");
    assert!(peak as u64 <= 2 * limit, "fan: peak {peak}");
    // Under 1 MiB of canonical bytes that would lift into ~250 MiB of values.
    let (r, peak) = call("test:bad/bad#marks", (limit - 64) as u32);
    let e = r.expect_err("host values over budget").to_string();
    assert!(e.contains("host bytes allowed"), "{e}");
    println!("marks: peak {peak} bytes with a {limit}-byte advice limit");
    let bound = (rivet_runtime::component::HOST_VALUE_FACTOR + 3) * limit;
    assert!(peak as u64 <= bound, "marks: peak {peak} over {bound}");
    // The same call within budget still works.
    let (r, _) = call("test:bad/bad#marks", 1000);
    match &r.expect("small flags list").results[..] {
        [Val::List(items)] => assert_eq!(items.len(), 1000),
        other => panic!("{other:?}"),
    }
}
