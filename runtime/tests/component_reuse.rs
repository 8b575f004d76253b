//! Contexts reuse pooled instances (reset to an image of the freshly instantiated
//! package): a call that writes all over its memory, grows it, bumps globals, drops a
//! data segment, has the host lower large arguments into it, or traps halfway, must
//! leave nothing behind for the next call. Every observation is compared with a
//! second runtime whose contexts were never used before, and gas must not depend on
//! whether a context was reused.

use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, CallFailure, CallOutcome, Hosts, Runtime};
use std::sync::Arc;

const WIT: &str = r#"
package test:reuse@1.0.0;
interface scratch {
    dump: func() -> list<u8>;
    state: func() -> tuple<u32, u32, u32>;
    scribble: func(seed: u32);
    take: func(s: string, l: list<u8>) -> u32;
    init: func() -> u32;
    crash: func(seed: u32);
}
world scratch-world { export scratch; }
"#;

const WAT: &str = r#"(module
  (memory (export "memory") 1 4)
  (global $heap (mut i32) (i32.const 1024))
  (global $g (mut i32) (i32.const 7))
  (data (i32.const 16) "hello")
  (data $p "passive-bytes")
  (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $p) (local.get 3)))
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.const 1)))))
    (local.get $p))
  (func (export "test:reuse/scratch@1.0.0#dump") (result i32)
    ;; The whole linear memory as a list<u8> (its pointer pair lives at 8).
    (i32.store (i32.const 8) (i32.const 0))
    (i32.store (i32.const 12) (i32.mul (memory.size) (i32.const 65536)))
    (i32.const 8))
  (func (export "test:reuse/scratch@1.0.0#state") (result i32)
    (i32.store (i32.const 0x80) (global.get $g))
    (i32.store (i32.const 0x84) (memory.size))
    (i32.store (i32.const 0x88) (global.get $heap))
    (i32.const 0x80))
  (func (export "test:reuse/scratch@1.0.0#scribble") (param $seed i32)
    (i32.store (i32.const 4094) (local.get $seed))
    (i64.store (i32.const 8189) (i64.const -1))
    (i32.store8 (i32.const 20) (local.get $seed))
    (memory.fill (i32.const 200) (local.get $seed) (i32.const 9000))
    (memory.copy (i32.const 30001) (i32.const 16) (i32.const 5))
    (memory.init $p (i32.const 40000) (i32.const 0) (i32.const 13))
    (data.drop $p)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 131068) (local.get $seed))
    (global.set $heap (i32.add (global.get $heap) (local.get $seed)))
    (global.set $g (i32.add (global.get $g) (local.get $seed))))
  (func (export "test:reuse/scratch@1.0.0#take") (param $s i32) (param $sn i32) (param $l i32) (param $ln i32) (result i32)
    (i32.add (local.get $sn) (local.get $ln)))
  (func (export "test:reuse/scratch@1.0.0#init") (result i32)
    ;; Fails (a trap) if the passive segment is still dropped.
    (memory.init $p (i32.const 50000) (i32.const 0) (i32.const 13))
    (i32.load8_u (i32.const 50000)))
  (func (export "test:reuse/scratch@1.0.0#crash") (param $seed i32)
    (memory.fill (i32.const 60000) (local.get $seed) (i32.const 100))
    (global.set $g (local.get $seed))
    (drop (memory.grow (i32.const 1)))
    (unreachable)))"#;

fn app() -> Arc<App> {
    let mut wasm = wat::parse_str(WAT).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("reuse.wit", WIT)], "scratch-world")
        .expect("wit");
    let opts = rivet_compiler::CompileOptions {
        max_memory_pages: 4,
        stack_size: 64 << 10,
        ..Default::default()
    };
    let pkg = rivet_compiler::compile(&wasm, &opts).expect("compile");
    let rt = Runtime::new();
    let input = LinkInput::from_package("scratch", &pkg);
    rt.add_package(pkg).expect("add");
    let m = rivet_linker::link(&[input], None).expect("link");
    rt.prepare(&m).expect("prepare")
}

fn call(app: &App, f: &str, args: &[Val]) -> Result<CallOutcome, CallFailure> {
    let f = format!("test:reuse/scratch#{f}");
    app.call(
        "scratch",
        &f,
        args,
        &CallConfig::default(),
        &mut Hosts::new(),
    )
}

/// What the component observes about a context: its whole memory, its globals and
/// memory size, whether its passive segment is still there; with the gas of each.
fn observe(app: &App) -> Vec<(Vec<Val>, u64)> {
    ["dump", "state", "init"]
        .iter()
        .map(|f| {
            let o = call(app, f, &[]).unwrap_or_else(|t| panic!("{f}: {t}"));
            (o.results, o.gas_used)
        })
        .collect()
}

#[test]
fn reused_contexts_keep_nothing_from_earlier_calls() {
    let reference = observe(&app());
    // Sanity: the dump is the whole initial memory, with the data segment in it.
    let Val::Bytes(bytes) = &reference[0].0[0] else {
        panic!("dump is a list<u8>")
    };
    assert_eq!(bytes.len(), 65536);
    assert_eq!(&bytes[16..21], b"hello");
    assert_eq!(
        reference[1].0[0],
        Val::Tuple(vec![Val::U32(7), Val::U32(1), Val::U32(1024)])
    );

    let app = app();
    let big = "x".repeat(10_000);
    let list: Vec<Val> = (0..70_000u32).map(|i| Val::U8(i as u8)).collect();
    for seed in [0x5a, 0x33, 0x01] {
        call(&app, "scribble", &[Val::U32(seed)]).expect("scribble");
        // The host lowers 80 KB into the context: heap pages, a grown memory.
        let o = call(
            &app,
            "take",
            &[Val::String(big.clone()), Val::List(list.clone())],
        )
        .expect("take");
        assert_eq!(o.results, vec![Val::U32(80_000)]);
        assert!(call(&app, "crash", &[Val::U32(seed)]).is_err());
        assert_eq!(observe(&app), reference, "after round {seed:#x}");
    }
}

#[test]
fn gas_does_not_depend_on_reuse() {
    let app = app();
    let args = [
        Val::String("abc".repeat(100)),
        Val::List(vec![Val::U8(1); 5000]),
    ];
    let first = call(&app, "take", &args).expect("take").gas_used;
    for _ in 0..3 {
        call(&app, "scribble", &[Val::U32(9)]).expect("scribble");
        assert_eq!(call(&app, "take", &args).expect("take").gas_used, first);
    }
}

#[test]
fn threads_share_an_app_and_its_pools() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<App>();
    send_sync::<Runtime>();
    let app = app();
    let reference = observe(&app);
    std::thread::scope(|s| {
        for seed in 1..=4u32 {
            let app = &app;
            let reference = &reference;
            s.spawn(move || {
                for _ in 0..5 {
                    call(app, "scribble", &[Val::U32(seed)]).expect("scribble");
                    assert_eq!(&observe(app), reference);
                }
            });
        }
    });
}
