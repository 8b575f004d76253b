//! Every integer operator against a Rust reference, with edge values, both with
//! register operands and with constant operands (the immediate-folding paths).

mod common;
use common::*;
use rivet_format::abi::TrapCode;
use rivet_runtime::instance::CallError;

const E32: [i32; 12] = [
    0,
    1,
    -1,
    2,
    7,
    31,
    32,
    33,
    i32::MIN,
    i32::MAX,
    0x1234_5678,
    -2048,
];
const E64: [i64; 12] = [
    0,
    1,
    -1,
    7,
    31,
    32,
    63,
    64,
    i64::MIN,
    i64::MAX,
    0x1234_5678_9abc_def0,
    0xffff_ffff,
];

type R<T> = Result<T, TrapCode>;

fn bin32(op: &str, a: i32, b: i32) -> R<i32> {
    let (ua, ub) = (a as u32, b as u32);
    Ok(match op {
        "add" => a.wrapping_add(b),
        "sub" => a.wrapping_sub(b),
        "mul" => a.wrapping_mul(b),
        "div_s" => {
            if b == 0 {
                return Err(TrapCode::DivByZero);
            }
            if a == i32::MIN && b == -1 {
                return Err(TrapCode::Overflow);
            }
            a / b
        }
        "div_u" => ua.checked_div(ub).ok_or(TrapCode::DivByZero)? as i32,
        "rem_s" => {
            if b == 0 {
                return Err(TrapCode::DivByZero);
            }
            a.wrapping_rem(b)
        }
        "rem_u" => ua.checked_rem(ub).ok_or(TrapCode::DivByZero)? as i32,
        "and" => a & b,
        "or" => a | b,
        "xor" => a ^ b,
        "shl" => a.wrapping_shl(ub),
        "shr_s" => a.wrapping_shr(ub),
        "shr_u" => ua.wrapping_shr(ub) as i32,
        "rotl" => ua.rotate_left(ub & 31) as i32,
        "rotr" => ua.rotate_right(ub & 31) as i32,
        "eq" => (a == b) as i32,
        "ne" => (a != b) as i32,
        "lt_s" => (a < b) as i32,
        "lt_u" => (ua < ub) as i32,
        "gt_s" => (a > b) as i32,
        "gt_u" => (ua > ub) as i32,
        "le_s" => (a <= b) as i32,
        "le_u" => (ua <= ub) as i32,
        "ge_s" => (a >= b) as i32,
        "ge_u" => (ua >= ub) as i32,
        _ => unreachable!(),
    })
}

fn bin64(op: &str, a: i64, b: i64) -> R<i64> {
    let (ua, ub) = (a as u64, b as u64);
    Ok(match op {
        "add" => a.wrapping_add(b),
        "sub" => a.wrapping_sub(b),
        "mul" => a.wrapping_mul(b),
        "div_s" => {
            if b == 0 {
                return Err(TrapCode::DivByZero);
            }
            if a == i64::MIN && b == -1 {
                return Err(TrapCode::Overflow);
            }
            a / b
        }
        "div_u" => ua.checked_div(ub).ok_or(TrapCode::DivByZero)? as i64,
        "rem_s" => {
            if b == 0 {
                return Err(TrapCode::DivByZero);
            }
            a.wrapping_rem(b)
        }
        "rem_u" => ua.checked_rem(ub).ok_or(TrapCode::DivByZero)? as i64,
        "and" => a & b,
        "or" => a | b,
        "xor" => a ^ b,
        "shl" => a.wrapping_shl(ub as u32),
        "shr_s" => a.wrapping_shr(ub as u32),
        "shr_u" => ua.wrapping_shr(ub as u32) as i64,
        "rotl" => ua.rotate_left((ub & 63) as u32) as i64,
        "rotr" => ua.rotate_right((ub & 63) as u32) as i64,
        "eq" => (a == b) as i64,
        "ne" => (a != b) as i64,
        "lt_s" => (a < b) as i64,
        "lt_u" => (ua < ub) as i64,
        "gt_s" => (a > b) as i64,
        "gt_u" => (ua > ub) as i64,
        "le_s" => (a <= b) as i64,
        "le_u" => (ua <= ub) as i64,
        "ge_s" => (a >= b) as i64,
        "ge_u" => (ua >= ub) as i64,
        _ => unreachable!(),
    })
}

const BINOPS: [&str; 25] = [
    "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s",
    "shr_u", "rotl", "rotr", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s",
    "ge_u",
];

fn is_cmp(op: &str) -> bool {
    matches!(
        op,
        "eq" | "ne" | "lt_s" | "lt_u" | "gt_s" | "gt_u" | "le_s" | "le_u" | "ge_s" | "ge_u"
    )
}

fn got(r: Result<Vec<CoreValue>, CallError>) -> Result<CoreValue, TrapCode> {
    match r {
        Ok(v) => {
            assert_eq!(v.len(), 1);
            Ok(v[0])
        }
        Err(CallError::Trap(c)) => Err(c),
        Err(e) => panic!("unexpected error {e}"),
    }
}

use rivet_runtime::instance::CoreValue;

#[test]
fn i32_binary_operators() {
    let mut wat = String::from("(module\n");
    for op in BINOPS {
        wat += &format!(
            "(func (export \"{op}\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.{op})\n"
        );
        // Operands in pinned registers, result retargeted into a pinned local.
        wat += &format!(
            "(func (export \"{op}_p\") (param i32 i32) (result i32) (local i32)
               loop local.get 0 local.get 1 i32.{op} local.set 2
                 local.get 2 local.get 2 i32.ne br_if 0 end local.get 2)\n"
        );
        if is_cmp(op) {
            // Comparisons fused into br_if and if.
            wat += &format!(
                "(func (export \"{op}_b\") (param i32 i32) (result i32)
                   block local.get 0 local.get 1 i32.{op} br_if 0 i32.const 0 return end i32.const 1)\n"
            );
            wat += &format!(
                "(func (export \"{op}_if\") (param i32 i32) (result i32)
                   local.get 0 local.get 1 i32.{op} if (result i32) i32.const 1 else i32.const 0 end)\n"
            );
        }
        for (k, c) in E32.iter().enumerate() {
            wat += &format!(
                "(func (export \"{op}_c{k}\") (param i32) (result i32) local.get 0 i32.const {c} i32.{op})\n"
            );
            if is_cmp(op) {
                wat += &format!(
                    "(func (export \"{op}_cb{k}\") (param i32) (result i32)
                       block local.get 0 i32.const {c} i32.{op} br_if 0 i32.const 0 return end i32.const 1)\n"
                );
            }
            wat += &format!(
                "(func (export \"{op}_l{k}\") (param i32) (result i32) i32.const {c} local.get 0 i32.{op})\n"
            );
        }
    }
    wat += ")";
    let mut inst = instance(&wat);
    for op in BINOPS {
        for a in E32 {
            for (k, b) in E32.iter().enumerate() {
                let want = bin32(op, a, *b).map(I32);
                assert_eq!(
                    got(call(&mut inst, op, &[I32(a), I32(*b)])),
                    want,
                    "i32.{op} {a} {b}"
                );
                assert_eq!(
                    got(call(&mut inst, &format!("{op}_c{k}"), &[I32(a)])),
                    want,
                    "i32.{op} {a} const {b}"
                );
                let want = bin32(op, *b, a).map(I32);
                assert_eq!(
                    got(call(&mut inst, &format!("{op}_l{k}"), &[I32(a)])),
                    want,
                    "i32.{op} const {b} {a}"
                );
            }
        }
    }
}

#[test]
fn i64_binary_operators() {
    let mut wat = String::from("(module (func $nop)\n");
    for op in BINOPS {
        let rt = if is_cmp(op) { "i32" } else { "i64" };
        // A call makes the function a non-leaf: operands come from frame slots.
        wat += &format!(
            "(func (export \"{op}_m\") (param i64 i64) (result {rt})
               call $nop local.get 0 local.get 1 i64.{op})\n"
        );
        wat += &format!(
            "(func (export \"{op}\") (param i64 i64) (result {rt}) local.get 0 local.get 1 i64.{op})\n"
        );
        for (k, c) in E64.iter().enumerate() {
            wat += &format!(
                "(func (export \"{op}_c{k}\") (param i64) (result {rt}) local.get 0 i64.const {c} i64.{op})\n"
            );
        }
    }
    wat += ")";
    let mut inst = instance(&wat);
    for op in BINOPS {
        for a in E64 {
            for (k, b) in E64.iter().enumerate() {
                let want =
                    bin64(op, a, *b).map(|v| if is_cmp(op) { I32(v as i32) } else { I64(v) });
                assert_eq!(
                    got(call(&mut inst, op, &[I64(a), I64(*b)])),
                    want,
                    "i64.{op} {a} {b}"
                );
                let m = got(call(&mut inst, &format!("{op}_m"), &[I64(a), I64(*b)]));
                assert_eq!(m, want, "slots i64.{op} {a} {b}");
                assert_eq!(
                    got(call(&mut inst, &format!("{op}_c{k}"), &[I64(a)])),
                    want,
                    "i64.{op} {a} const {b}"
                );
            }
        }
    }
}

#[test]
fn unary_and_conversions() {
    let mut inst = instance(
        r#"(module
        (func (export "i32.eqz") (param i32) (result i32) local.get 0 i32.eqz)
        (func (export "i32.clz") (param i32) (result i32) local.get 0 i32.clz)
        (func (export "i32.ctz") (param i32) (result i32) local.get 0 i32.ctz)
        (func (export "i32.popcnt") (param i32) (result i32) local.get 0 i32.popcnt)
        (func (export "i32.extend8_s") (param i32) (result i32) local.get 0 i32.extend8_s)
        (func (export "i32.extend16_s") (param i32) (result i32) local.get 0 i32.extend16_s)
        (func (export "i64.eqz") (param i64) (result i32) local.get 0 i64.eqz)
        (func (export "i64.clz") (param i64) (result i64) local.get 0 i64.clz)
        (func (export "i64.ctz") (param i64) (result i64) local.get 0 i64.ctz)
        (func (export "i64.popcnt") (param i64) (result i64) local.get 0 i64.popcnt)
        (func (export "i64.extend8_s") (param i64) (result i64) local.get 0 i64.extend8_s)
        (func (export "i64.extend16_s") (param i64) (result i64) local.get 0 i64.extend16_s)
        (func (export "i64.extend32_s") (param i64) (result i64) local.get 0 i64.extend32_s)
        (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
        (func (export "extend_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
        (func (export "extend_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)
    )"#,
    );
    for a in E32 {
        let u = a as u32;
        let cases = [
            ("i32.eqz", (a == 0) as i32),
            ("i32.clz", u.leading_zeros() as i32),
            ("i32.ctz", u.trailing_zeros() as i32),
            ("i32.popcnt", u.count_ones() as i32),
            ("i32.extend8_s", a as i8 as i32),
            ("i32.extend16_s", a as i16 as i32),
        ];
        for (name, want) in cases {
            assert_eq!(
                call(&mut inst, name, &[I32(a)]).unwrap(),
                vec![I32(want)],
                "{name} {a}"
            );
        }
        assert_eq!(
            call(&mut inst, "extend_s", &[I32(a)]).unwrap(),
            vec![I64(a as i64)]
        );
        assert_eq!(
            call(&mut inst, "extend_u", &[I32(a)]).unwrap(),
            vec![I64(u as i64)]
        );
    }
    for a in E64 {
        let u = a as u64;
        assert_eq!(
            call(&mut inst, "i64.eqz", &[I64(a)]).unwrap(),
            vec![I32((a == 0) as i32)]
        );
        let cases = [
            ("i64.clz", u.leading_zeros() as i64),
            ("i64.ctz", u.trailing_zeros() as i64),
            ("i64.popcnt", u.count_ones() as i64),
            ("i64.extend8_s", a as i8 as i64),
            ("i64.extend16_s", a as i16 as i64),
            ("i64.extend32_s", a as i32 as i64),
        ];
        for (name, want) in cases {
            assert_eq!(
                call(&mut inst, name, &[I64(a)]).unwrap(),
                vec![I64(want)],
                "{name} {a}"
            );
        }
        assert_eq!(
            call(&mut inst, "wrap", &[I64(a)]).unwrap(),
            vec![I32(a as i32)]
        );
    }
}
