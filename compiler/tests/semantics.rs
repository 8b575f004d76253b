//! Control flow, memory, calls, globals, imports and every trap, end to end.

mod common;
use common::*;
use rivet_compiler::{compile, CompileError, CompileOptions, UnsupportedMode};
use rivet_format::abi::TrapCode;
use rivet_runtime::instance::{CallError, Instance, InstanceError, LoadedPackage};
use std::sync::Arc;

fn trap(r: Result<Vec<rivet_runtime::instance::CoreValue>, CallError>) -> TrapCode {
    match r {
        Err(CallError::Trap(c)) => c,
        other => panic!("expected a trap, got {other:?}"),
    }
}

/// A `br_table` longer than a conditional branch reaches over (1018 entries,
/// `BR_TABLE_SKIP_MAX`) compiles and dispatches every index: at, just past and
/// well past the limit (the spec's `br_table.wast` has one of 15 675 entries).
#[test]
fn br_tables_longer_than_a_branch_reaches() {
    for n in [1018usize, 1019, 15_675] {
        // Entry i goes to depth i % 3 (results 10, 11, 12); the default to depth 3.
        let entries: Vec<String> = (0..n).map(|i| (i % 3).to_string()).collect();
        let wat = format!(
            r#"(module (func (export "t") (param i32) (result i32)
                block block block block
                    local.get 0 br_table {} 3
                end i32.const 10 return
                end i32.const 11 return
                end i32.const 12 return
                end i32.const 99))"#,
            entries.join(" ")
        );
        let mut i = instance(&wat);
        for idx in [0, 1, 2, n / 2, n - 1] {
            let want = 10 + (idx % 3) as i32;
            assert_eq!(
                call(&mut i, "t", &[I32(idx as i32)]).unwrap(),
                [I32(want)],
                "{n} {idx}"
            );
        }
        for idx in [n as i32, n as i32 + 7, -1] {
            assert_eq!(
                call(&mut i, "t", &[I32(idx)]).unwrap(),
                [I32(99)],
                "{n} {idx}"
            );
        }
    }
}

/// A module of more than 1 MiB of code (a `jal` reaches ±1 MiB): calls far forward,
/// far backward, into the soft-float library appended after all of it, and
/// through a table all return what a plain evaluation of the same arithmetic gives.
#[test]
fn calls_farther_than_a_jal_reaches() {
    const N: u32 = 400; // functions f1..=fN, each about 4 KiB of code
    const OPS: u32 = 300;
    let step = |x: u32, i: u32, k: u32| x.wrapping_add(k * 7 + i).wrapping_mul(k + 3);
    let mut wat = String::from(
        r#"(module (table 2 funcref) (elem (i32.const 0) 0 400)
        (type $t (func (param i32) (result i32)))
        (func $h (param i32) (result i32) local.get 0 i32.const 3 i32.mul i32.const 1 i32.add)"#,
    );
    for i in 1..=N {
        wat.push_str(&format!(
            "(func $f{i} (export \"f{i}\") (param i32) (result i32)"
        ));
        for k in 0..OPS {
            wat.push_str(&format!(
                " local.get 0 i32.const {} i32.add i32.const {} i32.mul local.set 0",
                k * 7 + i,
                k + 3
            ));
        }
        let next = match i {
            // Far forward, through the table (its entry 1 is fN), and the float library.
            1 => format!(
                "local.get 0 call $f2 call $f{N} local.get 0 i32.const 1 call_indirect (type $t) \
                 i32.add f64.convert_i32_u f64.sqrt i32.trunc_f64_u"
            ),
            // Far backward.
            N => "local.get 0 call $h".into(),
            _ => format!("local.get 0 call $f{}", i + 1),
        };
        wat.push_str(&format!(" {next})"));
    }
    wat.push(')');
    let h = |x: u32| x.wrapping_mul(3).wrapping_add(1);
    let f = |i: u32, x: u32| (0..OPS).fold(x, |x, k| step(x, i, k));
    // f_i(x) for i >= 2 runs the chain to fN and then h.
    let chain = |from: u32, x: u32| h((from..=N).fold(x, |x, i| f(i, x)));
    let x1 = f(1, 5);
    let far = chain(N, chain(2, x1)).wrapping_add(chain(N, x1));
    let want = (far as f64).sqrt() as u32;
    let pkg = load(&wat);
    assert!(
        4 * pkg.package().program.code.len() > 1 << 20,
        "code under 1 MiB"
    );
    let mut i = Instance::new(&pkg, &mut TestImports::default(), 1 << 40).expect("instantiates");
    assert_eq!(call(&mut i, "f1", &[I32(5)]).unwrap(), [I32(want as i32)]);
    let last = chain(N, 9) as i32;
    assert_eq!(
        call(&mut i, &format!("f{N}"), &[I32(9)]).unwrap(),
        [I32(last)]
    );
}

/// One function of more than 1 MiB of code (a `jal` reaches ±1 MiB): its loop's
/// back edge, a forward `br_if` and a `br_table` target across the body, and calls
/// from its start to a function past its end, all through `auipc; jalr`.
#[test]
fn a_function_longer_than_a_jal_reaches() {
    const OPS: u32 = 120_000;
    let mut body = String::new();
    for k in 0..OPS {
        body.push_str(&format!(
            " local.get 0 i32.const {} i32.add i32.const {} i32.mul local.set 0",
            k % 1000,
            k % 7 + 2
        ));
    }
    let wat = format!(
        r#"(module
        (func $leaf (param i32) (result i32) local.get 0 i32.const 7 i32.mul)
        (func (export "big") (param i32) (result i32) (local i32)
            local.get 0 call $tail local.set 0
            block $skip
                block $t
                    local.get 0 i32.const 1000 i32.gt_u
                    br_table $t $skip
                end
                loop $top
                    local.get 0 i32.const 777 i32.eq br_if $skip
                    {body}
                    local.get 1 i32.const 1 i32.add local.tee 1
                    i32.const 2 i32.lt_u br_if $top
                end
            end
            local.get 0 call $leaf)
        (func $tail (param i32) (result i32) local.get 0 i32.const 5 i32.add))"#
    );
    let run = |x: u32| (0..OPS).fold(x, |x, k| x.wrapping_add(k % 1000).wrapping_mul(k % 7 + 2));
    let big = |x: u32| {
        let x = x + 5;
        let x = if x > 1000 || x == 777 { x } else { run(run(x)) };
        x.wrapping_mul(7)
    };
    let pkg = load(&wat);
    assert!(
        4 * pkg.package().program.code.len() > 1 << 20,
        "code under 1 MiB"
    );
    let mut i = Instance::new(&pkg, &mut TestImports::default(), 1 << 40).expect("instantiates");
    for x in [1, 772, 2000] {
        let want = big(x) as i32;
        assert_eq!(
            call(&mut i, "big", &[I32(x as i32)]).unwrap(),
            [I32(want)],
            "{x}"
        );
    }
}

#[test]
fn blocks_loops_and_branches() {
    let mut i = instance(
        r#"(module
        (func (export "fac") (param i64) (result i64) (local i64)
            i64.const 1 local.set 1
            block loop
                local.get 0 i64.eqz br_if 1
                local.get 1 local.get 0 i64.mul local.set 1
                local.get 0 i64.const 1 i64.sub local.set 0
                br 0
            end end
            local.get 1)
        (func (export "switch") (param i32) (result i32)
            block block block block
                local.get 0 br_table 0 1 2 3
            end i32.const 10 return
            end i32.const 11 return
            end i32.const 12 return
            end i32.const 99)
        (func (export "switch_val") (param i32) (result i32)
            block (result i32) block (result i32)
                i32.const 5 local.get 0 br_table 0 1 0
            end i32.const 100 i32.add
            end)
        (func (export "multi") (param i32 i32) (result i32 i32)
            local.get 0 local.get 1
            block (param i32 i32) (result i32 i32)
                local.get 0 br_if 0
                drop drop i32.const 7 i32.const 8
            end)
        (func (export "if") (param i32) (result i32)
            local.get 0 if (result i32) i32.const 1 else i32.const 2 end)
        (func (export "sel") (param i32 i64 i64) (result i64)
            local.get 1 local.get 2 local.get 0 select)
        (func (export "loopsum") (param i32) (result i32) (local i32)
            loop (result i32)
                local.get 1 local.get 0 i32.add local.set 1
                local.get 0 i32.const 1 i32.sub local.tee 0
                br_if 0
                local.get 1
            end)
    )"#,
    );
    assert_eq!(
        call(&mut i, "fac", &[I64(20)]).unwrap(),
        vec![I64(2432902008176640000)]
    );
    for (x, want) in [(0, 10), (1, 11), (2, 12), (3, 99), (100, 99), (-1, 99)] {
        assert_eq!(
            call(&mut i, "switch", &[I32(x)]).unwrap(),
            vec![I32(want)],
            "switch {x}"
        );
    }
    for (x, want) in [(0, 105), (1, 5), (2, 105), (-7, 105)] {
        assert_eq!(
            call(&mut i, "switch_val", &[I32(x)]).unwrap(),
            vec![I32(want)],
            "switch_val {x}"
        );
    }
    assert_eq!(
        call(&mut i, "multi", &[I32(1), I32(2)]).unwrap(),
        vec![I32(1), I32(2)]
    );
    assert_eq!(
        call(&mut i, "multi", &[I32(0), I32(2)]).unwrap(),
        vec![I32(7), I32(8)]
    );
    assert_eq!(call(&mut i, "if", &[I32(5)]).unwrap(), vec![I32(1)]);
    assert_eq!(call(&mut i, "if", &[I32(0)]).unwrap(), vec![I32(2)]);
    assert_eq!(
        call(&mut i, "sel", &[I32(1), I64(-3), I64(4)]).unwrap(),
        vec![I64(-3)]
    );
    assert_eq!(
        call(&mut i, "sel", &[I32(0), I64(-3), I64(4)]).unwrap(),
        vec![I64(4)]
    );
    assert_eq!(
        call(&mut i, "loopsum", &[I32(100)]).unwrap(),
        vec![I32(5050)]
    );
}

#[test]
fn calls_with_many_arguments_and_results() {
    let mut i = instance(
        r#"(module
        (type $t (func (param i32) (result i32)))
        (table 4 funcref)
        (elem (i32.const 0) $double $inc)
        (func $double (type $t) local.get 0 i32.const 2 i32.mul)
        (func $inc (type $t) local.get 0 i32.const 1 i32.add)
        (func $other (param i64) (result i64) local.get 0)
        (elem (i32.const 2) $other)
        (func $many (param i32 i64 i32 i64 i32 i64 i32) (result i64 i32 i64 i32)
            local.get 1 local.get 3 i64.add local.get 5 i64.add
            local.get 0 local.get 2 i32.add local.get 4 i32.add local.get 6 i32.add
            local.get 5 local.get 6)
        (func (export "many") (result i64 i32 i64 i32)
            i32.const 1 i64.const 2 i32.const 3 i64.const 4 i32.const 5 i64.const 6 i32.const 7
            call $many)
        (func (export "many_direct") (param i32 i64 i32 i64 i32 i64 i32) (result i64 i32 i64 i32)
            local.get 0 local.get 1 local.get 2 local.get 3 local.get 4 local.get 5 local.get 6
            call $many)
        (func (export "indirect") (param i32 i32) (result i32)
            local.get 1 local.get 0 call_indirect (type $t))
        (func $rec (export "rec") (param i32) (result i32)
            local.get 0 i32.eqz if (result i32) i32.const 0 else
            local.get 0 i32.const 1 i32.sub call $rec i32.const 1 i32.add end)
        (func $inf (export "inf") call $inf)
    )"#,
    );
    let want = vec![I64(12), I32(16), I64(6), I32(7)];
    assert_eq!(call(&mut i, "many", &[]).unwrap(), want);
    let args = [I32(1), I64(2), I32(3), I64(4), I32(5), I64(6), I32(7)];
    assert_eq!(call(&mut i, "many_direct", &args).unwrap(), want);
    assert_eq!(
        call(&mut i, "indirect", &[I32(0), I32(21)]).unwrap(),
        vec![I32(42)]
    );
    assert_eq!(
        call(&mut i, "indirect", &[I32(1), I32(21)]).unwrap(),
        vec![I32(22)]
    );
    assert_eq!(
        trap(call(&mut i, "indirect", &[I32(2), I32(21)])),
        TrapCode::IndirectTypeMismatch
    );
    assert_eq!(
        trap(call(&mut i, "indirect", &[I32(3), I32(21)])),
        TrapCode::UninitElement
    );
    assert_eq!(
        trap(call(&mut i, "indirect", &[I32(4), I32(21)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(
        trap(call(&mut i, "indirect", &[I32(-1), I32(21)])),
        TrapCode::UndefinedElement
    );
    assert_eq!(call(&mut i, "rec", &[I32(1000)]).unwrap(), vec![I32(1000)]);
    assert_eq!(trap(call(&mut i, "inf", &[])), TrapCode::StackExhausted);
    // The instance stays usable after a trap.
    assert_eq!(call(&mut i, "rec", &[I32(3)]).unwrap(), vec![I32(3)]);
}

#[test]
fn memory_bounds_grow_and_bulk_operations() {
    let mut i = instance(
        r#"(module
        (memory 1 3)
        (data (i32.const 8) "hello")
        (data $p "passive")
        (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
        (func (export "load_off") (param i32) (result i32) local.get 0 i32.load offset=65532)
        (func (export "load64") (param i32) (result i64) local.get 0 i64.load offset=3)
        (func (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
        (func (export "store16") (param i32 i32) local.get 0 local.get 1 i32.store16 offset=1)
        (func (export "load_big") (param i32) (result i32) local.get 0 i32.load offset=4294967295)
        (func (export "size") (result i32) memory.size)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
        (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
        (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $p)
        (func (export "drop") data.drop $p)
        (func (export "const_addr") (result i32) i32.const 65535 i32.load8_u)
        (func (export "const_oob") (result i32) i32.const 65536 i32.load8_u)
    )"#,
    );
    assert_eq!(
        call(&mut i, "load8", &[I32(8)]).unwrap(),
        vec![I32(b'h' as i32)]
    );
    assert_eq!(call(&mut i, "load8", &[I32(65535)]).unwrap(), vec![I32(0)]);
    assert_eq!(
        trap(call(&mut i, "load8", &[I32(65536)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "load8", &[I32(-1)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(call(&mut i, "load_off", &[I32(0)]).unwrap(), vec![I32(0)]);
    assert_eq!(
        trap(call(&mut i, "load_off", &[I32(1)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "load_off", &[I32(-4)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "load_big", &[I32(1)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "load_big", &[I32(0)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        call(&mut i, "load64", &[I32(5)]).unwrap(),
        vec![I64(0x6f6c6c6568)]
    );
    call(&mut i, "store64", &[I32(100), I64(-2)]).unwrap();
    assert_eq!(call(&mut i, "load64", &[I32(97)]).unwrap(), vec![I64(-2)]);
    assert_eq!(
        trap(call(&mut i, "store64", &[I32(65529), I64(1)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "store64", &[I32(-8), I64(1)])),
        TrapCode::OutOfBounds
    );
    call(&mut i, "store16", &[I32(200), I32(0x1234)]).unwrap();
    assert_eq!(i.memory()[201..203], [0x34, 0x12]);
    assert_eq!(call(&mut i, "const_addr", &[]).unwrap(), vec![I32(0)]);
    assert_eq!(trap(call(&mut i, "const_oob", &[])), TrapCode::OutOfBounds);
    assert_eq!(call(&mut i, "size", &[]).unwrap(), vec![I32(1)]);
    assert_eq!(call(&mut i, "grow", &[I32(1)]).unwrap(), vec![I32(1)]);
    assert_eq!(call(&mut i, "load8", &[I32(65536)]).unwrap(), vec![I32(0)]);
    assert_eq!(call(&mut i, "const_oob", &[]).unwrap(), vec![I32(0)]);
    assert_eq!(call(&mut i, "grow", &[I32(2)]).unwrap(), vec![I32(-1)]);
    assert_eq!(call(&mut i, "grow", &[I32(-1)]).unwrap(), vec![I32(-1)]);
    assert_eq!(call(&mut i, "grow", &[I32(0)]).unwrap(), vec![I32(2)]);
    assert_eq!(call(&mut i, "size", &[]).unwrap(), vec![I32(2)]);
    call(&mut i, "fill", &[I32(300), I32(0xab), I32(4)]).unwrap();
    assert_eq!(i.memory()[300..305], [0xab, 0xab, 0xab, 0xab, 0]);
    assert_eq!(
        trap(call(&mut i, "fill", &[I32(131070), I32(1), I32(3)])),
        TrapCode::OutOfBounds
    );
    // Out-of-bounds ranges trap before any per-byte gas is charged.
    assert_eq!(
        trap(call(&mut i, "fill", &[I32(300), I32(1), I32(-1)])),
        TrapCode::OutOfBounds
    );
    assert_eq!(
        trap(call(&mut i, "copy", &[I32(0), I32(1), I32(-1)])),
        TrapCode::OutOfBounds
    );
    call(&mut i, "copy", &[I32(301), I32(8), I32(5)]).unwrap();
    assert_eq!(&i.memory()[300..307], b"\xabhello\0");
    call(&mut i, "init", &[I32(400), I32(1), I32(3)]).unwrap();
    assert_eq!(&i.memory()[400..403], b"ass");
    assert_eq!(
        trap(call(&mut i, "init", &[I32(400), I32(5), I32(3)])),
        TrapCode::OutOfBounds
    );
    call(&mut i, "drop", &[]).unwrap();
    assert_eq!(
        trap(call(&mut i, "init", &[I32(400), I32(0), I32(1)])),
        TrapCode::OutOfBounds
    );
    call(&mut i, "init", &[I32(400), I32(0), I32(0)]).unwrap();
}

#[test]
fn traps_have_spec_messages() {
    let mut i = instance(
        r#"(module
        (func (export "unreachable") unreachable)
        (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
        (func (export "div64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.div_s)
    )"#,
    );
    let e = call(&mut i, "unreachable", &[]).unwrap_err();
    assert_eq!(e.to_string(), "unreachable");
    assert_eq!(
        call(&mut i, "div", &[I32(1), I32(0)])
            .unwrap_err()
            .to_string(),
        "integer divide by zero"
    );
    assert_eq!(
        call(&mut i, "div", &[I32(i32::MIN), I32(-1)])
            .unwrap_err()
            .to_string(),
        "integer overflow"
    );
    assert_eq!(
        trap(call(&mut i, "div64", &[I64(i64::MIN), I64(-1)])),
        TrapCode::Overflow
    );
    assert!(matches!(
        call(&mut i, "nope", &[]),
        Err(CallError::NoSuchExport(_))
    ));
    assert!(matches!(
        call(&mut i, "div", &[I32(1)]),
        Err(CallError::BadArguments(_))
    ));
    assert!(matches!(
        call(&mut i, "div", &[I32(1), I64(1)]),
        Err(CallError::BadArguments(_))
    ));
}

#[test]
fn globals_imports_start_and_gas() {
    let wat = r#"(module
        (import "env" "g" (global $g i32))
        (import "env" "add" (func $add (param i32 i32) (result i32)))
        (import "env" "sum8" (func $sum8 (param i32 i64 i32 i64 i32 i64 i32 i64) (result i64 i32)))
        (global $counter (mut i32) (global.get $g))
        (global $wide (mut i64) (i64.const -1))
        (global (export "k") i32 (i32.const 5))
        (export "counter" (global $counter))
        (func $start global.get $counter i32.const 1 i32.add global.set $counter)
        (start $start)
        (func (export "bump") (result i32)
            global.get $counter i32.const 10 call $add global.set $counter global.get $counter)
        (func (export "wide") (result i64) global.get $wide i64.const 1 i64.add global.set $wide global.get $wide)
        (func (export "sum") (result i64 i32)
            i32.const 1 i64.const 2 i32.const 3 i64.const 4 i32.const 5 i64.const 6 i32.const 7 i64.const 8
            call $sum8)
        (func (export "spin") loop br 0 end)
    )"#;
    let mut i = instance(wat);
    assert_eq!(i.global("counter"), Some(I32(43)));
    assert_eq!(i.global("k"), Some(I32(5)));
    assert_eq!(call(&mut i, "bump", &[]).unwrap(), vec![I32(53)]);
    assert_eq!(i.global("counter"), Some(I32(53)));
    assert_eq!(call(&mut i, "wide", &[]).unwrap(), vec![I64(0)]);
    assert_eq!(call(&mut i, "sum", &[]).unwrap(), vec![I64(36), I32(8)]);
    i.set_gas(10_000);
    assert_eq!(call(&mut i, "spin", &[]), Err(CallError::OutOfGas));
    assert!(i.gas_left() < 10);

    struct Missing;
    impl rivet_runtime::instance::Imports for Missing {
        fn global(&mut self, _: &str, _: &str) -> Option<rivet_runtime::instance::CoreValue> {
            Some(I32(1))
        }
        fn has_func(
            &mut self,
            _: &str,
            name: &str,
            _: &[rivet_format::package::ValType],
            _: &[rivet_format::package::ValType],
        ) -> bool {
            name != "sum8"
        }
    }
    let pkg = load(wat);
    match Instance::new(&pkg, &mut Missing, 1000) {
        Err(InstanceError::Unlinkable(m)) => assert!(m.contains("sum8"), "{m}"),
        other => panic!("expected unlinkable, got {other:?}"),
    }
}

#[test]
fn start_traps_and_segments_out_of_bounds_are_uninstantiable() {
    for (wat, code) in [
        (
            "(module (func $s unreachable) (start $s))",
            TrapCode::Unreachable,
        ),
        (
            "(module (memory 1) (data (i32.const 65535) \"ab\"))",
            TrapCode::OutOfBounds,
        ),
        (
            "(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))",
            TrapCode::TableOutOfBounds,
        ),
    ] {
        let pkg = load(wat);
        match Instance::new(&pkg, &mut TestImports::default(), 1_000_000) {
            Err(InstanceError::Uninstantiable(CallError::Trap(c))) => assert_eq!(c, code),
            other => panic!("{wat}: {other:?}"),
        }
    }
}

#[test]
fn unsupported_functions_are_rejected_or_trap() {
    let wat = r#"(module
        (func (export "int") (result i32) i32.const 3)
        (func (export "simd") (result i32) v128.const i64x2 1 2 drop i32.const 1))"#;
    let wasm = wat::parse_str(wat).unwrap();
    match compile(&wasm, &CompileOptions::default()) {
        Err(e @ CompileError::Unsupported { func: 1, .. }) => {
            let s = e.to_string();
            assert!(s.starts_with("function 1 at offset 0x"), "{s}");
            assert!(s.ends_with("v128.const: SIMD is not supported"), "{s}");
        }
        other => panic!("{other:?}"),
    }
    let opts = CompileOptions {
        unsupported_functions: UnsupportedMode::Trap,
        ..CompileOptions::default()
    };
    let pkg = compile(&wasm, &opts).unwrap();
    assert!(pkg
        .debug
        .iter()
        .any(|d| d.index == 1 && d.unsupported.is_some()));
    let pkg = Arc::new(LoadedPackage::new(pkg).unwrap());
    let mut i = Instance::new(&pkg, &mut TestImports::default(), 1_000_000).unwrap();
    assert_eq!(call(&mut i, "int", &[]).unwrap(), vec![I32(3)]);
    match call(&mut i, "simd", &[]) {
        Err(CallError::Unsupported(s)) => assert!(s.contains("v128.const"), "{s}"),
        other => panic!("{other:?}"),
    }
    // Invalid modules carry wasmparser's message.
    let bad = wat::parse_str("(module (func (result i32) i64.const 1))").unwrap();
    match compile(&bad, &CompileOptions::default()) {
        Err(CompileError::Invalid { message, .. }) => {
            assert!(message.contains("type mismatch"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn packages_round_trip_and_reject_corruption() {
    let pkg = load(
        r#"(module (memory 1) (func (export "f") (param i32) (result i32) local.get 0)
            (@custom "component-type:world" "WIT"))"#,
    );
    let p = pkg.package();
    assert_eq!(p.custom_sections[0].name, "component-type:world");
    assert_eq!(p.custom_sections[0].bytes, b"WIT");
    let bytes = p.encode();
    let back = rivet_format::package::Package::decode(&bytes).unwrap();
    assert_eq!(&back, p);
    assert_eq!(back.code_hash(), p.code_hash());
    for n in 0..bytes.len() {
        assert!(
            rivet_format::package::Package::decode(&bytes[..n]).is_err(),
            "truncated at {n}"
        );
    }
    // Flipped bytes: decode either fails or yields a package the engine loads
    // or refuses; nothing panics.
    for k in 0..bytes.len() {
        let mut b = bytes.clone();
        b[k] ^= 0x5a;
        if let Ok(p) = rivet_format::package::Package::decode(&b) {
            let _ = LoadedPackage::new(p);
        }
    }
}

#[test]
fn pinned_locals_survive_calls_and_nested_frames() {
    // Both functions keep hot locals in callee-saved registers; the caller's must
    // survive the callee's use of the same registers.
    let mut i = instance(
        r#"(module
        (func $inner (param i32) (result i32) (local i32 i32)
            loop
                local.get 1 local.get 0 i32.add local.set 1
                local.get 2 i32.const 1 i32.add local.tee 2
                i32.const 10 i32.lt_u br_if 0
            end
            local.get 1)
        (func (export "outer") (param i32) (result i32) (local i32 i32 i64)
            loop
                local.get 1 local.get 0 call $inner i32.add local.set 1
                local.get 3 i64.const 3 i64.add local.set 3
                local.get 2 i32.const 1 i32.add local.tee 2
                i32.const 4 i32.ne br_if 0
            end
            local.get 1 local.get 3 i32.wrap_i64 i32.add)
    )"#,
    );
    // inner(x) = 10x; outer(x) = 4 * 10x + 12.
    assert_eq!(call(&mut i, "outer", &[I32(5)]).unwrap(), vec![I32(212)]);
    assert_eq!(call(&mut i, "outer", &[I32(-1)]).unwrap(), vec![I32(-28)]);
}
