//! The engine's in-place helper calls (`Module::with_helpers`: `memory.copy`,
//! `memory.fill`, i64 division and shifts, bit counts) against [`InstanceHost`],
//! which runs them when the engine does not: the same results, traps, gas, memory
//! bytes and dirty pages, at every gas budget around the call's cost, on native
//! code and on the interpreter.

use super::*;

const WAT: &str = r#"(module
  (memory (export "memory") 1 3)
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "i64") (param $op i32) (param $a i64) (param $b i64) (result i64)
    (block $rotr (block $rotl (block $shr_u (block $shr_s (block $shl
    (block $rem_u (block $rem_s (block $div_u (block $div_s
    (block $popcnt (block $ctz (block $clz (block $i32
      (br_table $i32 $clz $ctz $popcnt $div_s $div_u $rem_s $rem_u $shl $shr_s $shr_u
        $rotl $rotr (local.get $op)))
      (return (i64.extend_i32_u (i32.add (i32.clz (i32.wrap_i64 (local.get $a)))
        (i32.add (i32.ctz (i32.wrap_i64 (local.get $a)))
          (i32.popcnt (i32.wrap_i64 (local.get $b))))))))
      (return (i64.clz (local.get $a))))
      (return (i64.ctz (local.get $a))))
      (return (i64.popcnt (local.get $a))))
      (return (i64.div_s (local.get $a) (local.get $b))))
      (return (i64.div_u (local.get $a) (local.get $b))))
      (return (i64.rem_s (local.get $a) (local.get $b))))
      (return (i64.rem_u (local.get $a) (local.get $b))))
      (return (i64.shl (local.get $a) (local.get $b))))
      (return (i64.shr_s (local.get $a) (local.get $b))))
      (return (i64.shr_u (local.get $a) (local.get $b))))
      (return (i64.rotl (local.get $a) (local.get $b))))
    (i64.rotr (local.get $a) (local.get $b))))"#;

/// The package as the runtime loads it (engine helpers on), and with a module
/// that leaves every helper to the host.
fn packages() -> [Arc<LoadedPackage>; 2] {
    let with = test_package(WAT, 3, 16 << 10);
    let mut without = LoadedPackage::new(with.pkg.clone()).expect("load");
    without.module = Arc::new(Module::new(&without.pkg.program).expect("module"));
    [with, Arc::new(without)]
}

/// Everything a call leaves behind.
fn outcome(
    p: &Arc<LoadedPackage>,
    jit: bool,
    grow: bool,
    export: &str,
    args: &[CoreValue],
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
    let r = inst.invoke(export, args, &mut NoImports);
    let dirty = inst.machine.memory().dirty_pages().collect();
    let bytes = inst.machine.memory().bytes().to_vec();
    (format!("{r:?}"), inst.gas_left(), bytes, dirty)
}

#[test]
fn engine_helpers_match_the_host() {
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
    let mut calls: Vec<(bool, &str, Vec<CoreValue>)> = Vec::new();
    for &(grow, args) in cases {
        for export in ["copy", "fill"] {
            calls.push((
                grow,
                export,
                args.iter().map(|&v| CoreValue::I32(v)).collect(),
            ));
        }
    }
    let values = [
        0,
        1,
        -1,
        7,
        -7,
        63,
        64,
        i64::MIN,
        i64::MAX,
        0x1234_5678_9abc_def0,
    ];
    for op in 0..13 {
        for (k, &a) in values.iter().enumerate() {
            for &b in &values[k % 3..] {
                let args = vec![CoreValue::I32(op), CoreValue::I64(a), CoreValue::I64(b)];
                calls.push((false, "i64", args));
            }
        }
    }
    let mut runs = 0;
    for (grow, export, args) in &calls {
        let grow = *grow;
        // The cost with gas to spare, then every budget around it (fewer for the
        // many arithmetic calls).
        let used = (1u64 << 30) - outcome(&without, false, grow, export, args, 1 << 30).1;
        let below = if *export == "i64" { 5 } else { 12 };
        for gas in used.saturating_sub(below)..=used + 1 {
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
    assert!(runs > 10_000, "{runs}");
}
