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
    // Each loop body sets `$t` to `$t op v`, `v op $t` or `v op $f` for v a
    // computed pair, a frame-slot local, a constant, another pinned local and
    // `$t` itself; `keep` also holds `$t`'s old value on the stack across the set.
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
                // Neither operand is `$t` (unless v is): the operation goes
                // straight into `$t`'s registers.
                ("fresh", format!("{v} local.get $f i64.{op} local.set $t")),
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
                    for order in ["l", "r", "fresh", "tee", "keep"] {
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
                            t = match order {
                                "r" => apply(op, v, t),
                                "fresh" => apply(op, v, f),
                                _ => apply(op, t, v),
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

/// The 8-byte words of the test memory at 0 and at 70 000: word `k` has the
/// high word `8 * ((3k + 1) % 8)` (an address of another word) and a mixed low
/// word.
fn words() -> [u64; 8] {
    std::array::from_fn(|k| {
        let hi = 8 * ((3 * k as u64 + 1) % 8);
        hi << 32 | (0x9e37_79b9u64.wrapping_mul(k as u64 + 1) & 0xffff_ffff)
    })
}

/// The functions of [`i64_loads_set_into_pinned_locals`] (`joined` is
/// modelled in the test: it depends on the iteration).
fn load_cases() -> [Case; 6] {
    [
        (
            "set",
            "local.get $x i32.wrap_i64 i32.const 7 i32.and i32.const 3 i32.shl
             i64.load local.set $t
             local.get $u local.get $t i64.add local.set $u
             local.get $x i64.const 1 i64.add local.set $x",
            "local.get $u local.get $t i64.xor",
            |x, t, u| {
                let _ = t;
                let t = words()[(x & 7) as usize];
                (t, u.wrapping_add(t))
            },
        ),
        (
            "tee",
            "local.get $x i32.wrap_i64 i32.const 7 i32.and i32.const 3 i32.shl
             i64.load local.tee $t local.get $u i64.xor local.set $u
             local.get $x i64.const 3 i64.add local.set $x",
            "local.get $u local.get $t i64.add",
            |x, _, u| {
                let t = words()[(x & 7) as usize];
                (t, u ^ t)
            },
        ),
        (
            "own",
            "local.get $t i32.wrap_i64 i32.const 56 i32.and i64.load local.set $t
             local.get $u local.get $t i64.add local.set $u",
            "local.get $u local.get $t i64.xor",
            |_, t, u| {
                let t = words()[((t & 56) / 8) as usize];
                (t, u.wrapping_add(t))
            },
        ),
        (
            "high",
            "local.get $t i64.const 32 i64.shr_u i32.wrap_i64 i64.load local.set $t
             local.get $u local.get $t i64.xor local.set $u",
            "local.get $u local.get $t i64.add",
            |_, t, u| {
                let t = words()[((t >> 32) / 8) as usize];
                (t, u ^ t)
            },
        ),
        (
            "far",
            "local.get $t i64.const 32 i64.shr_u i32.wrap_i64 i64.load offset=70000
             local.set $t local.get $u local.get $t i64.sub local.set $u",
            "local.get $u local.get $t i64.xor",
            |_, t, u| {
                let t = words()[((t >> 32) / 8) as usize];
                (t, u.wrapping_sub(t))
            },
        ),
        (
            "joined",
            "block (result i64)
                 local.get $u local.get $n i32.const 1 i32.and br_if 0
                 drop
                 local.get $t i64.const 32 i64.shr_u i32.wrap_i64 i32.const 56 i32.and
                 i64.load
             end
             local.set $t
             local.get $u local.get $t i64.add i64.const 1 i64.rotl local.set $u",
            "local.get $u local.get $t i64.xor",
            |_, _, _| unreachable!("modelled below: depends on n"),
        ),
    ]
}

#[test]
fn i64_loads_set_into_pinned_locals() {
    // The two loads of an i64 write the local's registers: through a computed
    // address (`set`, `tee`), through the local's own low word (`own`: the
    // high load must not clobber the base first), through its high word shifted
    // down (`high`), with an offset past the 12-bit displacement (`far`), and
    // after a label another path also reaches with a value (`joined`).
    let mut data = String::new();
    for w in words() {
        for b in w.to_le_bytes() {
            data += &format!("\\{b:02x}");
        }
    }
    let cases = load_cases();
    let mut src = format!(
        "(module (memory 2) (data (i32.const 0) \"{data}\") (data (i32.const 70000) \"{data}\")\n"
    );
    for (name, body, result, _) in cases {
        src += &looped(
            name,
            "local.get $x i64.const 0x3800000000 i64.and local.set $t",
            body,
            result,
        );
    }
    let mut i = instance(&(src + ")"));
    for x in [0u64, 1, 6, 0xffff_ffff, u64::MAX, 0x0123_4567_89ab_cdef] {
        for n in [1, 2, 5] {
            for (name, _, _, step) in cases {
                let (mut x1, mut t, mut u) = (x, x & 0x38_0000_0000, 0u64);
                for k in (1..=n).rev() {
                    if name == "joined" {
                        t = if k & 1 == 1 {
                            u
                        } else {
                            words()[((t >> 32 & 56) / 8) as usize]
                        };
                        u = u.wrapping_add(t).rotate_left(1);
                        continue;
                    }
                    (t, u) = step(x1, t, u);
                    x1 = x1.wrapping_add(match name {
                        "set" => 1,
                        "tee" => 3,
                        _ => 0,
                    });
                }
                let want = match name {
                    "tee" | "high" => u.wrapping_add(t),
                    _ => u ^ t,
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
fn i64_operands_from_constants_frame_slots_and_spills() {
    // and/or/xor with constants whose words do and do not fit a 12-bit
    // immediate (`-1` is the i64 not), on either side, and set back into a
    // pinned local in a loop; add/sub chains over a stack deeper than the
    // register pool (operands spilled to the frame and loaded back).
    let consts: [i64; 10] = [
        -1,
        1,
        2047,
        -2048,
        2048,
        0xffff_ffff,
        -0x1_0000_0000,
        0x7ff_0000_0800,
        0x1_2345_6789,
        -0x800,
    ];
    let ops = ["and", "or", "xor"];
    let mut src = String::from("(module\n");
    for op in ops {
        for (k, c) in consts.iter().enumerate() {
            src += &format!(
                "(func (export \"{op}{k}\") (param $x i64) (result i64)
                    local.get $x i64.const {c} i64.{op}
                    i64.const {c} local.get $x i64.{op} i64.const 1 i64.rotl i64.add)\n"
            );
            src += &looped(
                &format!("{op}{k}_loop"),
                "local.get $x local.set $t",
                &format!(
                    "local.get $t i64.const {c} i64.{op} local.set $t
                     local.get $t local.get $x i64.add i64.const 7 i64.rotl local.set $x"
                ),
                "local.get $t local.get $x i64.xor",
            );
        }
    }
    let deep = |name: &str, ops: [&str; 6]| {
        let mut body = String::new();
        for m in [3, 5, 7, 11, 13, 17, 19] {
            body += &format!("local.get $x i64.const {m} i64.mul ");
        }
        for op in ops {
            body += &format!("i64.{op} ");
        }
        format!("(func (export \"{name}\") (param $x i64) (result i64) {body})\n")
    };
    src += &deep("deep_add", ["add"; 6]);
    src += &deep("deep_mix", ["sub", "add", "sub", "sub", "add", "sub"]);
    let mut i = instance(&(src + ")"));
    let apply = |op: &str, a: u64, b: u64| match op {
        "and" => a & b,
        "or" => a | b,
        _ => a ^ b,
    };
    for x in [0u64, 1, 0x7ff, 0xffff_ffff, u64::MAX, 0x0123_4567_89ab_cdef] {
        for op in ops {
            for (k, &c) in consts.iter().enumerate() {
                let v = apply(op, x, c as u64);
                let want = v.wrapping_add(v.rotate_left(1));
                let f = format!("{op}{k}");
                assert_eq!(
                    call(&mut i, &f, &[I64(x as i64)]).unwrap(),
                    vec![I64(want as i64)],
                    "{f}({x:#x})"
                );
                for n in [1, 4] {
                    let (mut t, mut x1) = (x, x);
                    for _ in 0..n {
                        t = apply(op, t, c as u64);
                        x1 = t.wrapping_add(x1).rotate_left(7);
                    }
                    let f = format!("{op}{k}_loop");
                    assert_eq!(
                        call(&mut i, &f, &[I64(x as i64), I32(n)]).unwrap(),
                        vec![I64((t ^ x1) as i64)],
                        "{f}({x:#x}, {n})"
                    );
                }
            }
        }
        let m: Vec<u64> = [3u64, 5, 7, 11, 13, 17, 19]
            .iter()
            .map(|&m| x.wrapping_mul(m))
            .collect();
        // The operators apply from the top of the stack down.
        let fold = |ops: [bool; 6]| {
            let mut acc = m[6];
            for (j, add) in ops.iter().enumerate() {
                let below = m[5 - j];
                acc = if *add {
                    below.wrapping_add(acc)
                } else {
                    below.wrapping_sub(acc)
                };
            }
            acc
        };
        let mix = [false, true, false, false, true, false];
        for (f, want) in [("deep_add", fold([true; 6])), ("deep_mix", fold(mix))] {
            assert_eq!(
                call(&mut i, f, &[I64(x as i64)]).unwrap(),
                vec![I64(want as i64)],
                "{f}({x:#x})"
            );
        }
    }
}
