//! The engine's in-place `memory.copy` and `memory.fill` (`Module::with_bulk_memory`)
//! against [`InstanceHost`], which runs them when the engine does not: the same
//! results, traps, gas, memory bytes and dirty pages, at every gas budget around the
//! call's cost, on native code and on the interpreter.

use super::*;

const WAT: &str = r#"(module
  (memory (export "memory") 1 3)
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

/// The package as the runtime loads it (engine helpers on), and with a module
/// that leaves every helper to the host.
fn packages() -> [Arc<LoadedPackage>; 2] {
    let wasm = wat::parse_str(WAT).expect("wat");
    let opts = rivet_compiler::CompileOptions {
        max_memory_pages: 3,
        stack_size: 16 << 10,
        ..Default::default()
    };
    let pkg = rivet_compiler::compile(&wasm, &opts).expect("compile");
    let with = LoadedPackage::new(pkg.clone()).expect("load");
    let mut without = LoadedPackage::new(pkg).expect("load");
    without.module = Arc::new(Module::new(&without.pkg.program).expect("module"));
    [Arc::new(with), Arc::new(without)]
}

/// Everything a call leaves behind.
fn outcome(
    p: &Arc<LoadedPackage>,
    jit: bool,
    grow: bool,
    export: &str,
    args: [i32; 3],
    gas: u64,
) -> (String, u64, Vec<u8>, Vec<u32>) {
    let mut inst = Instance::new(p, &mut NoImports, 1 << 30).expect("instantiate");
    inst.machine.set_jit(jit);
    for (i, b) in inst.machine.memory_mut().bytes_mut()[..3 * 65536]
        .iter_mut()
        .enumerate()
    {
        *b = (i * 7 + i / 251) as u8;
    }
    if grow {
        let r = inst.invoke("grow", &[CoreValue::I32(1)], &mut NoImports);
        assert_eq!(r.expect("grow"), vec![CoreValue::I32(1)]);
    }
    inst.machine.memory_mut().clear_dirty();
    inst.set_gas(gas);
    let args: Vec<CoreValue> = args.iter().map(|&v| CoreValue::I32(v)).collect();
    let r = inst.invoke(export, &args, &mut NoImports);
    let dirty = inst.machine.memory().dirty_pages().collect();
    let bytes = inst.machine.memory().bytes().to_vec();
    (format!("{r:?}"), inst.gas_left(), bytes, dirty)
}

#[test]
fn engine_bulk_memory_matches_the_host() {
    let [with, without] = packages();
    let page = 65536;
    let cases: &[(bool, [i32; 3])] = &[
        (false, [0, 0, 0]),
        (false, [10, 20, 30]),
        (false, [20, 10, 30]),
        (false, [1000, 5000, 3000]),
        (false, [page - 8, 0, 8]),
        (false, [page - 8, 0, 9]),
        (false, [0, page - 4, 8]),
        (false, [page, 0, 0]),
        (false, [page + 1, 0, 0]),
        (false, [-4, 0, 8]),
        (false, [0, 1, 60000]),
        (true, [page + 10, 7, 100]),
        (true, [2 * page - 3, 0, 3]),
        (true, [2 * page - 3, 0, 4]),
    ];
    let mut runs = 0;
    for &(grow, args) in cases {
        for export in ["copy", "fill"] {
            // The cost with gas to spare, then every budget around it.
            let used = (1u64 << 30) - outcome(&without, false, grow, export, args, 1 << 30).1;
            for gas in used.saturating_sub(12)..=used + 1 {
                for jit in [true, false] {
                    let want = outcome(&without, jit, grow, export, args, gas);
                    let got = outcome(&with, jit, grow, export, args, gas);
                    let what = format!("{export} {args:?} grow {grow} gas {gas} jit {jit}");
                    assert_eq!(got.0, want.0, "{what}");
                    assert_eq!(got.1, want.1, "{what}: gas left");
                    assert!(got.2 == want.2, "{what}: memory");
                    assert_eq!(got.3, want.3, "{what}: dirty pages");
                    runs += 1;
                }
            }
        }
    }
    assert!(runs > 700, "{runs}");
}
