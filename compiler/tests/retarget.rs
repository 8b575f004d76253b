//! Values computed straight into where they go, each against a reference
//! computed in Rust: a call's last argument into its argument register, and
//! i64 results set into pinned locals (the last instruction retargeted, or the
//! whole operation emitted again in place on the local's registers).

mod common;
use common::*;

#[test]
fn last_arguments_computed_into_their_argument_registers() {
    // The last argument of each call is computed by the instruction right
    // before it: into its argument register when that is free (`one`, `four`,
    // `wide`, `load`, `busy`), not when it is past the register words
    // (`seven`) or when a value below the arguments holds it (`busy`'s second
    // call: the first one's result is still in a0).
    let mut i = instance(
        r#"(module
        (memory 1)
        (data (i32.const 16) "\01\02\03\04")
        (func $f1 (param i32) (result i32) local.get 0 i32.const 1000003 i32.mul)
        (func $f4 (param i32 i32 i32 i32) (result i32)
            local.get 0 i32.const 31 i32.mul local.get 1 i32.xor i32.const 7 i32.mul
            local.get 2 i32.add i32.const 3 i32.mul local.get 3 i32.sub)
        (func $fw (param i64 i64 i32) (result i64)
            local.get 0 local.get 1 i64.mul local.get 2 i64.extend_i32_s i64.add)
        (func $f7 (param i32 i32 i32 i32 i32 i32 i32) (result i32)
            local.get 0 local.get 1 i32.sub local.get 2 i32.add local.get 3 i32.xor
            local.get 4 i32.add local.get 5 i32.mul local.get 6 i32.sub)
        (func (export "one") (param i32) (result i32) local.get 0 i32.const -1 i32.add call $f1)
        (func (export "four") (param i32 i32) (result i32)
            local.get 0 local.get 1 i32.add local.get 0 local.get 1 i32.mul
            local.get 1 local.get 1 local.get 0 i32.sub call $f4)
        (func (export "wide") (param i32 i32) (result i64)
            local.get 0 i64.extend_i32_s local.get 1 i64.extend_i32_u
            local.get 0 local.get 1 i32.xor call $fw)
        (func (export "load") (param i32) (result i32)
            local.get 0 local.get 0 local.get 0
            local.get 0 i32.const 3 i32.and i32.load offset=16
            call $f4)
        (func (export "seven") (param i32) (result i32)
            local.get 0 local.get 0 i32.const 1 i32.add local.get 0 i32.const 2 i32.add
            local.get 0 i32.const 3 i32.add local.get 0 i32.const 4 i32.add
            local.get 0 i32.const 5 i32.add local.get 0 i32.const 6 i32.add call $f7)
        (func (export "busy") (param i32) (result i32)
            local.get 0 i32.const 9 i32.mul
            local.get 0 i32.const 5 i32.add call $f1
            local.get 0 i32.const 3 i32.xor call $f1
            local.get 0 i32.const 11 i32.xor local.get 0 local.get 0
            local.get 0 i32.const 2 i32.shl call $f4
            i32.add i32.add i32.add))"#,
    );
    let f1 = |x: i32| x.wrapping_mul(1000003);
    let f4 = |a: i32, b: i32, c: i32, d: i32| {
        ((a.wrapping_mul(31) ^ b).wrapping_mul(7).wrapping_add(c))
            .wrapping_mul(3)
            .wrapping_sub(d)
    };
    let f7 = |a: [i32; 7]| {
        ((a[0].wrapping_sub(a[1]).wrapping_add(a[2]) ^ a[3]).wrapping_add(a[4]))
            .wrapping_mul(a[5])
            .wrapping_sub(a[6])
    };
    let mem = |a: i32| {
        i32::from_le_bytes(
            [1, 2, 3, 4, 0, 0, 0, 0][a as usize..][..4]
                .try_into()
                .unwrap(),
        )
    };
    for (x, y) in [(0, 0), (1, -1), (0x1234_5678, 77), (i32::MIN, i32::MAX)] {
        let want = [
            ("one", vec![I32(x)], f1(x.wrapping_sub(1))),
            (
                "four",
                vec![I32(x), I32(y)],
                f4(x.wrapping_add(y), x.wrapping_mul(y), y, y.wrapping_sub(x)),
            ),
            ("load", vec![I32(x)], f4(x, x, x, mem(x & 3))),
            (
                "seven",
                vec![I32(x)],
                f7(std::array::from_fn(|k| x.wrapping_add(k as i32))),
            ),
            (
                "busy",
                vec![I32(x)],
                x.wrapping_mul(9)
                    .wrapping_add(f1(x.wrapping_add(5)))
                    .wrapping_add(f1(x ^ 3))
                    .wrapping_add(f4(x ^ 11, x, x, x.wrapping_shl(2))),
            ),
        ];
        for (name, args, r) in want {
            assert_eq!(
                call(&mut i, name, &args).unwrap(),
                vec![I32(r)],
                "{name}({x}, {y})"
            );
        }
        let w = (x as i64)
            .wrapping_mul(y as u32 as i64)
            .wrapping_add((x ^ y) as i64);
        assert_eq!(
            call(&mut i, "wide", &[I32(x), I32(y)]).unwrap(),
            vec![I64(w)],
            "wide({x}, {y})"
        );
    }
}

/// The text of `name(x: i64, n: i32) -> i64`: i64 locals `$t`, `$u` and `$f`,
/// `init`, then `body` run `n` times (at least once), then `result`.
fn looped(name: &str, init: &str, body: &str, result: &str) -> String {
    format!(
        "(func (export \"{name}\") (param $x i64) (param $n i32) (result i64)
            (local $t i64) (local $u i64) (local $f i64)
            {init}
            loop
                {body}
                local.get $n i32.const 1 i32.sub local.tee $n br_if 0
            end
            {result})\n"
    )
}

/// A function of [`looped`]: its name, loop body and result, and one iteration
/// of the body in Rust, `(x, t, u) -> (t, u)`.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    fn(u64, u64, u64) -> (u64, u64),
);

#[test]
fn high_words_shifted_down_into_pinned_i64_locals() {
    // `carry` is bignum's carry chain: `$t = $t >> 32`, the shift computed
    // straight into the local's low register, its high register then zeroed.
    // `tee` keeps the value on the stack too; `other` sets a second local from
    // the first (`$u = $t >> 40`) and reads both.
    let cases: [Case; 3] = [
        (
            "carry",
            "local.get $t i64.const 32 i64.shr_u local.set $t
             local.get $u local.get $t i64.add local.get $x i64.add local.set $u
             local.get $t local.get $x i64.mul local.set $t",
            "local.get $u local.get $t i64.xor",
            |x, t, u| {
                let t = t >> 32;
                (t.wrapping_mul(x), u.wrapping_add(t).wrapping_add(x))
            },
        ),
        (
            "tee",
            "local.get $u local.get $t i64.const 33 i64.shr_u local.tee $t i64.add
             local.get $t i64.const 7 i64.mul i64.add local.set $u
             local.get $t local.get $x i64.xor local.set $t",
            "local.get $u local.get $t i64.xor",
            |x, t, u| {
                let t = t >> 33;
                (t ^ x, u.wrapping_add(t).wrapping_add(t.wrapping_mul(7)))
            },
        ),
        (
            "other",
            "local.get $t i64.const 40 i64.shr_u local.set $u
             local.get $t local.get $u i64.add i64.const -7 i64.mul local.set $t",
            "local.get $t local.get $u i64.sub",
            |_, t, _| {
                let u = t >> 40;
                (t.wrapping_add(u).wrapping_mul(-7i64 as u64), u)
            },
        ),
    ];
    let mut src = String::from("(module\n");
    for (name, body, result, _) in cases {
        src += &looped(name, "local.get $x local.set $t", body, result);
    }
    let mut i = instance(&(src + ")"));
    for x in [
        0u64,
        1,
        0xffff_ffff,
        0x1_0000_0000,
        u64::MAX,
        0x0123_4567_89ab_cdef,
    ] {
        for n in [1, 2, 5] {
            for (name, _, _, step) in cases {
                let (mut t, mut u) = (x, 0u64);
                for _ in 0..n {
                    (t, u) = step(x, t, u);
                }
                let want = if name == "other" {
                    t.wrapping_sub(u)
                } else {
                    u ^ t
                };
                assert_eq!(
                    call(&mut i, name, &[I64(x as i64), I32(n)]).unwrap(),
                    vec![I64(want as i64)],
                    "{name}({x:#x}, {n})"
                );
            }
        }
    }
}

#[test]
fn i64_operations_set_back_into_their_pinned_local_in_place() {
    // Each loop body sets `$t` to `$t op v` or `v op $t` for v a computed
    // pair, a frame-slot local, a constant, another pinned local and `$t`
    // itself; `keep` also holds `$t`'s old value on the stack across the set.
    let ops = ["add", "sub", "and", "or", "xor"];
    let operands = [
        ("pair", "local.get $x i64.const 3 i64.mul"),
        ("frame", "local.get $f"),
        ("const", "i64.const 0x123456789"),
        ("pinned", "local.get $x"),
        ("self", "local.get $t"),
    ];
    let mut src = String::from("(module\n");
    for op in ops {
        for (name, v) in operands {
            for (order, body) in [
                ("l", format!("local.get $t {v} i64.{op} local.set $t")),
                ("r", format!("{v} local.get $t i64.{op} local.set $t")),
                (
                    "tee",
                    format!(
                        "local.get $t {v} i64.{op} local.tee $t local.get $x i64.xor local.set $x"
                    ),
                ),
                (
                    "keep",
                    format!(
                        "local.get $t local.get $t {v} i64.{op} local.set $t local.get $t i64.add local.set $x"
                    ),
                ),
            ] {
                src += &looped(
                    &format!("{op}_{name}_{order}"),
                    "local.get $x i64.const 5 i64.rotl local.set $t
                     local.get $x i64.const -1 i64.xor local.set $f",
                    &body,
                    "local.get $t local.get $x i64.const 1 i64.rotl i64.xor",
                );
            }
        }
    }
    src += ")";
    let mut i = instance(&src);
    let apply = |op: &str, a: u64, b: u64| match op {
        "add" => a.wrapping_add(b),
        "sub" => a.wrapping_sub(b),
        "and" => a & b,
        "or" => a | b,
        _ => a ^ b,
    };
    for x0 in [0u64, 1, 0xffff_ffff, u64::MAX, 0x0123_4567_89ab_cdef] {
        for n in [1, 3] {
            for op in ops {
                for (name, _) in operands {
                    for order in ["l", "r", "tee", "keep"] {
                        let (mut x, mut t, f) = (x0, x0.rotate_left(5), !x0);
                        for _ in 0..n {
                            let v = match name {
                                "pair" => x.wrapping_mul(3),
                                "frame" => f,
                                "const" => 0x1_2345_6789,
                                "pinned" => x,
                                _ => t,
                            };
                            let old = t;
                            t = if order == "r" {
                                apply(op, v, t)
                            } else {
                                apply(op, t, v)
                            };
                            match order {
                                "tee" => x ^= t,
                                "keep" => x = old.wrapping_add(t),
                                _ => {}
                            }
                        }
                        let want = t ^ x.rotate_left(1);
                        let f = format!("{op}_{name}_{order}");
                        assert_eq!(
                            call(&mut i, &f, &[I64(x0 as i64), I32(n)]).unwrap(),
                            vec![I64(want as i64)],
                            "{f}({x0:#x}, {n})"
                        );
                    }
                }
            }
        }
    }
}
