//! Float operators compiled to RV32EM: known answers for every operator class
//! (NaN, -0, infinities, rounding, traps), the calling convention, locals, globals,
//! memory and `select` carrying floats, and the packaging rules of the soft-float
//! library (none for integer modules, only reachable functions otherwise).

mod common;

use common::{call, instance, load};
use rivet_compiler::{compile, CompileOptions};
use rivet_format::abi::TrapCode;
use rivet_runtime::instance::{CallError, CoreValue, Instance};

use CoreValue::{F32, F64, I32, I64};

fn f(x: f32) -> CoreValue {
    F32(x.to_bits())
}

fn d(x: f64) -> CoreValue {
    F64(x.to_bits())
}

const NAN32: u32 = 0x7fc0_0000;
const NAN64: u64 = 0x7ff8_0000_0000_0000;
/// A NaN with a payload and the sign set.
const PNAN32: u32 = 0xffa0_0001;
const PNAN64: u64 = 0xfff4_0000_0000_0001;

/// One exported function per operator, named after it.
const OPS: &str = r#"(module
  (func (export "f32.add") (param f32 f32) (result f32) local.get 0 local.get 1 f32.add)
  (func (export "f32.sub") (param f32 f32) (result f32) local.get 0 local.get 1 f32.sub)
  (func (export "f32.mul") (param f32 f32) (result f32) local.get 0 local.get 1 f32.mul)
  (func (export "f32.div") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
  (func (export "f32.min") (param f32 f32) (result f32) local.get 0 local.get 1 f32.min)
  (func (export "f32.max") (param f32 f32) (result f32) local.get 0 local.get 1 f32.max)
  (func (export "f32.copysign") (param f32 f32) (result f32) local.get 0 local.get 1 f32.copysign)
  (func (export "f32.abs") (param f32) (result f32) local.get 0 f32.abs)
  (func (export "f32.neg") (param f32) (result f32) local.get 0 f32.neg)
  (func (export "f32.sqrt") (param f32) (result f32) local.get 0 f32.sqrt)
  (func (export "f32.ceil") (param f32) (result f32) local.get 0 f32.ceil)
  (func (export "f32.floor") (param f32) (result f32) local.get 0 f32.floor)
  (func (export "f32.trunc") (param f32) (result f32) local.get 0 f32.trunc)
  (func (export "f32.nearest") (param f32) (result f32) local.get 0 f32.nearest)
  (func (export "f32.eq") (param f32 f32) (result i32) local.get 0 local.get 1 f32.eq)
  (func (export "f32.ne") (param f32 f32) (result i32) local.get 0 local.get 1 f32.ne)
  (func (export "f32.lt") (param f32 f32) (result i32) local.get 0 local.get 1 f32.lt)
  (func (export "f32.ge") (param f32 f32) (result i32) local.get 0 local.get 1 f32.ge)
  (func (export "f64.add") (param f64 f64) (result f64) local.get 0 local.get 1 f64.add)
  (func (export "f64.sub") (param f64 f64) (result f64) local.get 0 local.get 1 f64.sub)
  (func (export "f64.mul") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
  (func (export "f64.div") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)
  (func (export "f64.min") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)
  (func (export "f64.max") (param f64 f64) (result f64) local.get 0 local.get 1 f64.max)
  (func (export "f64.copysign") (param f64 f64) (result f64) local.get 0 local.get 1 f64.copysign)
  (func (export "f64.abs") (param f64) (result f64) local.get 0 f64.abs)
  (func (export "f64.neg") (param f64) (result f64) local.get 0 f64.neg)
  (func (export "f64.sqrt") (param f64) (result f64) local.get 0 f64.sqrt)
  (func (export "f64.ceil") (param f64) (result f64) local.get 0 f64.ceil)
  (func (export "f64.floor") (param f64) (result f64) local.get 0 f64.floor)
  (func (export "f64.trunc") (param f64) (result f64) local.get 0 f64.trunc)
  (func (export "f64.nearest") (param f64) (result f64) local.get 0 f64.nearest)
  (func (export "f64.gt") (param f64 f64) (result i32) local.get 0 local.get 1 f64.gt)
  (func (export "f64.le") (param f64 f64) (result i32) local.get 0 local.get 1 f64.le)
  (func (export "f32.demote_f64") (param f64) (result f32) local.get 0 f32.demote_f64)
  (func (export "f64.promote_f32") (param f32) (result f64) local.get 0 f64.promote_f32)
  (func (export "f32.convert_i32_u") (param i32) (result f32) local.get 0 f32.convert_i32_u)
  (func (export "f32.convert_i64_s") (param i64) (result f32) local.get 0 f32.convert_i64_s)
  (func (export "f64.convert_i32_s") (param i32) (result f64) local.get 0 f64.convert_i32_s)
  (func (export "f64.convert_i64_u") (param i64) (result f64) local.get 0 f64.convert_i64_u)
  (func (export "i32.trunc_f32_s") (param f32) (result i32) local.get 0 i32.trunc_f32_s)
  (func (export "i32.trunc_f64_u") (param f64) (result i32) local.get 0 i32.trunc_f64_u)
  (func (export "i64.trunc_f64_s") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
  (func (export "i64.trunc_f32_u") (param f32) (result i64) local.get 0 i64.trunc_f32_u)
  (func (export "i32.trunc_sat_f32_s") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s)
  (func (export "i64.trunc_sat_f64_u") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u)
  (func (export "i32.reinterpret_f32") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
  (func (export "f64.reinterpret_i64") (param i64) (result f64) local.get 0 f64.reinterpret_i64)
)"#;

fn check(i: &mut Instance, op: &str, args: &[CoreValue], want: Result<CoreValue, TrapCode>) {
    let got = call(i, op, args);
    match (&got, &want) {
        (Ok(v), Ok(w)) if v.as_slice() == [*w] => {}
        (Err(CallError::Trap(c)), Err(w)) if c == w => {}
        _ => panic!("{op}{args:?}: got {got:?}, want {want:?}"),
    }
}

#[test]
fn arithmetic_known_answers() {
    let mut i = instance(OPS);
    let inf = f32::INFINITY;
    let cases: &[(&str, &[CoreValue], CoreValue)] = &[
        ("f32.add", &[f(1.5), f(2.25)], f(3.75)),
        ("f32.add", &[f(0.1), f(0.2)], f(0.1f32 + 0.2f32)),
        ("f32.add", &[f(-0.0), f(0.0)], f(0.0)),
        ("f32.add", &[f(inf), f(-inf)], F32(NAN32)),
        ("f32.add", &[F32(PNAN32), f(1.0)], F32(NAN32)),
        ("f32.sub", &[f(1.0), f(1.0)], f(0.0)),
        ("f32.mul", &[f(-2.0), f(0.0)], f(-0.0)),
        ("f32.mul", &[f(3.0), f(1.0 / 3.0)], f(3.0f32 * (1.0 / 3.0))),
        ("f32.div", &[f(1.0), f(0.0)], f(inf)),
        ("f32.div", &[f(-1.0), f(0.0)], f(-inf)),
        ("f32.div", &[f(0.0), f(0.0)], F32(NAN32)),
        ("f32.div", &[f(1.0), f(3.0)], f(1.0 / 3.0)),
        ("f32.min", &[f(-0.0), f(0.0)], f(-0.0)),
        ("f32.max", &[f(-0.0), f(0.0)], f(0.0)),
        ("f32.min", &[f(1.0), F32(PNAN32)], F32(NAN32)),
        ("f32.sqrt", &[f(2.0)], f(2.0f32.sqrt())),
        ("f32.sqrt", &[f(-1.0)], F32(NAN32)),
        ("f32.sqrt", &[f(-0.0)], f(-0.0)),
        ("f32.ceil", &[f(-0.5)], f(-0.0)),
        ("f32.floor", &[f(-0.5)], f(-1.0)),
        ("f32.trunc", &[f(-1.7)], f(-1.0)),
        ("f32.nearest", &[f(2.5)], f(2.0)),
        ("f32.nearest", &[f(3.5)], f(4.0)),
        ("f32.nearest", &[f(-0.5)], f(-0.0)),
        ("f64.add", &[d(0.1), d(0.2)], d(0.1 + 0.2)),
        ("f64.add", &[d(f64::MAX), d(f64::MAX)], d(f64::INFINITY)),
        ("f64.sub", &[d(1e308), d(-1e308)], d(f64::INFINITY)),
        ("f64.mul", &[d(1e-300), d(1e-300)], d(0.0)),
        ("f64.mul", &[d(5e-324), d(0.5)], d(0.0)),
        ("f64.mul", &[F64(PNAN64), d(2.0)], F64(NAN64)),
        ("f64.div", &[d(1.0), d(3.0)], d(1.0 / 3.0)),
        ("f64.div", &[d(-0.0), d(f64::INFINITY)], d(-0.0)),
        ("f64.min", &[d(0.0), d(-0.0)], d(-0.0)),
        ("f64.max", &[F64(PNAN64), d(1.0)], F64(NAN64)),
        ("f64.sqrt", &[d(2.0)], d(std::f64::consts::SQRT_2)),
        ("f64.ceil", &[d(1.0000001)], d(2.0)),
        ("f64.floor", &[d(-1e300)], d(-1e300)),
        ("f64.trunc", &[d(-0.9)], d(-0.0)),
        (
            "f64.nearest",
            &[d(4503599627370495.5)],
            d(4503599627370496.0),
        ),
        ("f64.nearest", &[d(-1.5)], d(-2.0)),
    ];
    for (op, args, want) in cases {
        check(&mut i, op, args, Ok(*want));
    }
}

#[test]
fn sign_operators_keep_nan_payloads() {
    let mut i = instance(OPS);
    let cases: &[(&str, &[CoreValue], CoreValue)] = &[
        ("f32.abs", &[F32(PNAN32)], F32(PNAN32 & 0x7fff_ffff)),
        ("f32.neg", &[F32(PNAN32)], F32(PNAN32 ^ 0x8000_0000)),
        ("f32.neg", &[f(0.0)], f(-0.0)),
        ("f32.copysign", &[f(2.0), f(-0.0)], f(-2.0)),
        (
            "f32.copysign",
            &[F32(PNAN32), f(1.0)],
            F32(PNAN32 & 0x7fff_ffff),
        ),
        ("f64.abs", &[F64(PNAN64)], F64(PNAN64 & !(1 << 63))),
        ("f64.neg", &[d(-3.0)], d(3.0)),
        ("f64.copysign", &[d(1.0), F64(PNAN64)], d(-1.0)),
        ("f64.copysign", &[d(-1.0), d(0.0)], d(1.0)),
        ("i32.reinterpret_f32", &[F32(PNAN32)], I32(PNAN32 as i32)),
        ("f64.reinterpret_i64", &[I64(PNAN64 as i64)], F64(PNAN64)),
    ];
    for (op, args, want) in cases {
        check(&mut i, op, args, Ok(*want));
    }
}

#[test]
fn comparisons_are_ieee() {
    let mut i = instance(OPS);
    let nan = F32(PNAN32);
    let cases: &[(&str, &[CoreValue], i32)] = &[
        ("f32.eq", &[f(-0.0), f(0.0)], 1),
        ("f32.eq", &[nan, nan], 0),
        ("f32.ne", &[nan, nan], 1),
        ("f32.lt", &[f(-1.0), f(1.0)], 1),
        ("f32.lt", &[nan, f(1.0)], 0),
        ("f32.ge", &[f(1.0), nan], 0),
        ("f32.ge", &[f(f32::INFINITY), f(f32::MAX)], 1),
        ("f64.gt", &[d(1.0), d(-0.0)], 1),
        ("f64.gt", &[F64(PNAN64), d(0.0)], 0),
        ("f64.le", &[d(-0.0), d(0.0)], 1),
    ];
    for (op, args, want) in cases {
        check(&mut i, op, args, Ok(I32(*want)));
    }
}

#[test]
fn conversions_and_traps() {
    let mut i = instance(OPS);
    let ok: &[(&str, &[CoreValue], CoreValue)] = &[
        ("f32.demote_f64", &[d(0.1)], f(0.1)),
        ("f32.demote_f64", &[d(1e300)], f(f32::INFINITY)),
        ("f32.demote_f64", &[F64(PNAN64)], F32(NAN32)),
        ("f64.promote_f32", &[f(0.1)], d(0.1f32 as f64)),
        ("f32.convert_i32_u", &[I32(-1)], f(4294967296.0)),
        ("f32.convert_i64_s", &[I64(i64::MIN)], f(-9.223372e18)),
        ("f32.convert_i64_s", &[I64(16777217)], f(16777216.0)),
        ("f64.convert_i32_s", &[I32(-7)], d(-7.0)),
        ("f64.convert_i64_u", &[I64(-1)], d(18446744073709551616.0)),
        ("i32.trunc_f32_s", &[f(-7.9)], I32(-7)),
        ("i32.trunc_f32_s", &[f(-2147483648.0)], I32(i32::MIN)),
        ("i32.trunc_f64_u", &[d(4294967295.9)], I32(-1)),
        ("i32.trunc_f64_u", &[d(-0.9)], I32(0)),
        ("i64.trunc_f64_s", &[d(-9.2e18)], I64(-9200000000000000000)),
        (
            "i64.trunc_f32_u",
            &[f(1.8e19)],
            I64(1.8e19f32 as u64 as i64),
        ),
        ("i32.trunc_sat_f32_s", &[f(3e9)], I32(i32::MAX)),
        ("i32.trunc_sat_f32_s", &[F32(PNAN32)], I32(0)),
        ("i64.trunc_sat_f64_u", &[d(-5.0)], I64(0)),
        ("i64.trunc_sat_f64_u", &[d(f64::INFINITY)], I64(-1)),
    ];
    for (op, args, want) in ok {
        check(&mut i, op, args, Ok(*want));
    }
    let traps: &[(&str, &[CoreValue], TrapCode)] = &[
        (
            "i32.trunc_f32_s",
            &[F32(PNAN32)],
            TrapCode::InvalidConversion,
        ),
        ("i32.trunc_f32_s", &[f(2147483648.0)], TrapCode::Overflow),
        ("i32.trunc_f64_u", &[d(-1.0)], TrapCode::Overflow),
        ("i32.trunc_f64_u", &[d(4294967296.0)], TrapCode::Overflow),
        (
            "i64.trunc_f64_s",
            &[d(f64::NAN)],
            TrapCode::InvalidConversion,
        ),
        (
            "i64.trunc_f64_s",
            &[d(9.223372036854776e18)],
            TrapCode::Overflow,
        ),
        ("i64.trunc_f32_u", &[f(-1.0)], TrapCode::Overflow),
        ("i64.trunc_f32_u", &[f(f32::INFINITY)], TrapCode::Overflow),
    ];
    for (op, args, want) in traps {
        check(&mut i, op, args, Err(*want));
    }
    assert_eq!(
        TrapCode::InvalidConversion.to_string(),
        "invalid conversion to integer"
    );
}

#[test]
fn floats_live_in_locals_globals_memory_blocks_and_select() {
    let mut i = instance(
        r#"(module (memory 1)
        (global $g (mut f64) (f64.const 2.5))
        (global $k f32 (f32.const -1.5))
        (func $sum (param f32 f64 f32 f64 f32 f64) (result f64)
            local.get 0 f64.promote_f32 local.get 1 f64.add
            local.get 2 f64.promote_f32 f64.add local.get 3 f64.add
            local.get 4 f64.promote_f32 f64.add local.get 5 f64.add)
        (func (export "many") (result f64)
            f32.const 1 f64.const 2 f32.const 3 f64.const 4 f32.const 5 f64.const 6 call $sum)
        (func (export "mem") (param f64) (result f64) (local f32)
            i32.const 8 local.get 0 f64.store offset=4
            i32.const 12 f64.load
            global.get $g f64.mul global.set $g
            global.get $k local.set 1
            i32.const 100 local.get 1 f32.store
            i32.const 100 f32.load f64.promote_f32 global.get $g f64.add)
        (func (export "sel") (param f64 f64 i32) (result f64)
            local.get 0 local.get 1 local.get 2 select)
        (func (export "sel32") (param f32 f32 i32) (result f32)
            local.get 0 local.get 1 local.get 2 select (result f32))
        (func (export "blk") (param f32) (result f32)
            block (result f32) local.get 0 local.get 0 f32.const 0 f32.lt br_if 0 f32.neg end)
        (func (export "loop") (param i32) (result f64) (local f64)
            loop (result f64)
              local.get 1 f64.const 0.5 f64.add local.set 1
              local.get 0 i32.const 1 i32.sub local.tee 0
              br_if 0 local.get 1 end))"#,
    );
    check(&mut i, "many", &[], Ok(d(21.0)));
    check(&mut i, "mem", &[d(4.0)], Ok(d(8.5)));
    check(&mut i, "sel", &[d(1.0), d(2.0), I32(0)], Ok(d(2.0)));
    check(&mut i, "sel", &[d(1.0), d(2.0), I32(7)], Ok(d(1.0)));
    check(
        &mut i,
        "sel32",
        &[F32(PNAN32), f(2.0), I32(1)],
        Ok(F32(PNAN32)),
    );
    check(&mut i, "blk", &[f(-3.0)], Ok(f(-3.0)));
    check(&mut i, "blk", &[f(3.0)], Ok(f(-3.0)));
    check(&mut i, "loop", &[I32(10)], Ok(d(5.0)));
    assert_eq!(i.global("nothing"), None);
}

/// An integer module, including the i64 extensions whose opcodes sit between the
/// float conversions (the pre-scan must not take them for library calls).
const INTEGER: &str = r#"(module (memory 1)
  (global $g (mut i64) (i64.const 7))
  (func $leaf (export "leaf") (param i32 i32) (result i64)
    local.get 0 i64.extend_i32_s local.get 1 i64.extend_i32_u i64.mul
    local.get 1 i64.extend_i32_s i32.wrap_i64 drop)
  (func (export "loop") (param i32) (result i64) (local i64)
    loop
      local.get 1 local.get 0 i64.extend_i32_u i64.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0
    end
    local.get 1 global.get $g i64.xor)
  (func (export "mem") (param i32 i64) (result i32)
    local.get 0 local.get 1 i64.store
    local.get 0 i32.load8_u local.get 0 i32.const 3 call $leaf i32.wrap_i64 i32.add)
  (func (export "sel") (param i64 i64 i32) (result i64)
    local.get 0 local.get 1 local.get 2 select))"#;

#[test]
fn integer_packages_are_unchanged_by_float_support() {
    // Length and FNV-1a of the package the compiler made before floats (the tables
    // branch at 52c6982, measured with this module), re-measured once for package
    // format 3 (the type list and the foreign-slot layout words; the code is the
    // same), for format 4 (compact, compressed encoding) and once more when proven
    // extents dropped the bounds check of `mem`'s second access through local 0
    // (2026-12-03, 363 -> 356 bytes), and when i64 values with a known-zero high
    // word got shorter code (`zx64`, 356 -> 346 bytes) and reads of a frame slot just
    // stored became register uses (the slot cache, 346 -> 340 bytes), and when the data
    // memory became whole 4 KiB pages (2026-12-05, the memory size word): a module
    // without float operators must get the same bytes, hence the same code hash.
    let bytes = compile(&wasm(INTEGER), &CompileOptions::default())
        .unwrap()
        .encode();
    let fnv = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100_0000_01b3)
    });
    assert_eq!((bytes.len(), fnv), (340, 0x138f_e3ca_5d59_682d));
}

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).unwrap()
}

#[test]
fn the_library_is_appended_only_when_used_and_only_what_is_reachable() {
    let opts = CompileOptions::default();
    // Floats without arithmetic: bit operations only, no library code.
    let bits = compile(
        &wasm(
            r#"(module (func (export "f") (param f32) (result f32)
            local.get 0 f32.neg f32.abs))"#,
        ),
        &opts,
    )
    .unwrap();
    assert!(!bits
        .debug
        .iter()
        .any(|d| d.name.starts_with("rivet-softfloat")));
    let add = compile(
        &wasm(r#"(module (func (export "f") (param f64 f64) (result f64) local.get 0 local.get 1 f64.add))"#),
        &opts,
    )
    .unwrap();
    let all = compile(&wasm(OPS), &opts).unwrap();
    let lib = |p: &rivet_compiler::Package| {
        p.debug
            .iter()
            .filter(|d| d.name.starts_with("rivet-softfloat"))
            .count()
    };
    assert!(
        lib(&add) >= 1 && lib(&add) < lib(&all),
        "{} {}",
        lib(&add),
        lib(&all)
    );
    assert!(add
        .debug
        .iter()
        .any(|d| d.name == "rivet-softfloat::f64_add"));
    // Deterministic: the same bytes twice.
    assert_eq!(compile(&wasm(OPS), &opts).unwrap().encode(), all.encode());
    let _ = load(OPS);
}

#[test]
fn gas_is_deterministic_and_counts_the_library() {
    let wat = r#"(module (func (export "f") (param f64 i32) (result f64)
        loop local.get 0 f64.const 1.0000001 f64.mul local.set 0
             local.get 1 i32.const 1 i32.sub local.tee 1 br_if 0 end local.get 0))"#;
    let run = || {
        let mut i = instance(wat);
        let before = i.gas_left();
        let r = call(&mut i, "f", &[d(1.0), I32(1000)]).unwrap();
        (r, before - i.gas_left())
    };
    let (a, gas_a) = run();
    let (b, gas_b) = run();
    assert_eq!((&a, gas_a), (&b, gas_b));
    let mut x = 1.0f64;
    for _ in 0..1000 {
        x *= 1.0000001;
    }
    assert_eq!(b, vec![d(x)]);
    assert!(
        gas_a > 1000 * 20,
        "a soft multiply costs instructions: {gas_a}"
    );
}
