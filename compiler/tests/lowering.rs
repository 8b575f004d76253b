//! Exact results of the lowerings with several code paths: 64-bit shifts and
//! rotations by variable and constant amounts, i64 arithmetic on pinned locals,
//! and bounds checks of accesses with static offsets (one-check and two-check
//! forms), each against a reference computed in Rust.

mod common;
use common::*;
use rivet_format::abi::TrapCode;
use rivet_runtime::instance::CallError;

const INPUTS: [i64; 5] = [
    0x0123_4567_89ab_cdef,
    -2,
    1,
    i64::MIN,
    0x7fff_0000_8000_ffff,
];
const AMOUNTS: [i64; 14] = [0, 1, 5, 31, 32, 33, 47, 63, 64, 65, 96, 127, -1, -33];

#[test]
fn i64_shifts_and_rotations_by_variable_amounts() {
    let mut i = instance(
        r#"(module
        (func (export "shl") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shl)
        (func (export "shr_s") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shr_s)
        (func (export "shr_u") (param i64 i64) (result i64) local.get 0 local.get 1 i64.shr_u)
        (func (export "rotl") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rotl)
        (func (export "rotr") (param i64 i64) (result i64) local.get 0 local.get 1 i64.rotr))"#,
    );
    for x in INPUTS {
        for n in AMOUNTS {
            let k = (n & 63) as u32;
            let expect = [
                ("shl", x.wrapping_shl(k)),
                ("shr_s", x.wrapping_shr(k)),
                ("shr_u", ((x as u64) >> k) as i64),
                ("rotl", x.rotate_left(k)),
                ("rotr", x.rotate_right(k)),
            ];
            for (name, want) in expect {
                assert_eq!(
                    call(&mut i, name, &[I64(x), I64(n)]).unwrap(),
                    vec![I64(want)],
                    "{name}({x:#x}, {n})"
                );
            }
        }
    }
}

#[test]
fn i64_rotations_by_constants_with_and_without_free_registers() {
    // `busy` keeps many values live so the pool is nearly exhausted while
    // rotating; `free` rotates with the pool empty of other values.
    let mut src = String::from("(module\n");
    for k in [0, 1, 13, 31, 32, 33, 50, 63] {
        src += &format!(
            "(func (export \"free{k}\") (param i64) (result i64) local.get 0 i64.const {k} i64.rotl)\n\
             (func (export \"busy{k}\") (param i64) (result i64)
                local.get 0 i64.const 1 i64.add
                local.get 0 i64.const 2 i64.add
                local.get 0 i64.const {k} i64.rotr
                i64.xor i64.xor)\n"
        );
    }
    src += ")";
    let mut i = instance(&src);
    for x in INPUTS {
        for k in [0u32, 1, 13, 31, 32, 33, 50, 63] {
            assert_eq!(
                call(&mut i, &format!("free{k}"), &[I64(x)]).unwrap(),
                vec![I64(x.rotate_left(k))]
            );
            let want = x.wrapping_add(1) ^ x.wrapping_add(2) ^ x.rotate_right(k);
            assert_eq!(
                call(&mut i, &format!("busy{k}"), &[I64(x)]).unwrap(),
                vec![I64(want)],
                "busy{k}({x:#x})"
            );
        }
    }
}

#[test]
fn i64_arithmetic_on_pinned_locals_leaves_them_intact() {
    // The loop makes locals 1 and 2 hot (pinned); each operator reads the pinned
    // pair in place and must not clobber it.
    let mut i = instance(
        r#"(module
        (func (export "mix") (param i64) (result i64) (local i64 i64 i64)
            local.get 0 local.set 1
            i64.const 0x5555 local.set 2
            loop
                local.get 1 local.get 2 i64.add local.set 2
                local.get 1 local.get 2 i64.sub local.get 1 i64.xor
                local.get 1 i64.and local.get 1 i64.or local.get 2 i64.add
                local.set 2
                local.get 1 i64.const 7 i64.rotl local.set 1
                local.get 1 local.get 1 i64.add local.get 2 i64.xor local.set 1
                local.get 3 i64.const 1 i64.add local.set 3
                local.get 1 drop
                local.get 3 local.get 3 i64.add drop
                local.get 1 local.get 1 i64.add local.get 1 i64.sub local.get 1 i64.ne
                if unreachable end
                local.get 3 i64.const 40 i64.lt_u br_if 0
            end
            local.get 1 local.get 2 i64.xor local.get 3 i64.add)
    )"#,
    );
    let reference = |x: i64| {
        let (mut l1, mut l2, mut l3) = (x, 0x5555i64, 0i64);
        loop {
            l2 = l1.wrapping_add(l2);
            let t = ((l1.wrapping_sub(l2) ^ l1) & l1) | l1;
            l2 = t.wrapping_add(l2);
            l1 = l1.rotate_left(7);
            l1 = l1.wrapping_add(l1) ^ l2;
            l3 += 1;
            if l3 >= 40 {
                break;
            }
        }
        (l1 ^ l2).wrapping_add(l3)
    };
    for x in INPUTS {
        assert_eq!(
            call(&mut i, "mix", &[I64(x)]).unwrap(),
            vec![I64(reference(x))]
        );
    }
}

fn oob(r: Result<Vec<rivet_runtime::instance::CoreValue>, CallError>) -> bool {
    matches!(r, Err(CallError::Trap(TrapCode::OutOfBounds)))
}

#[test]
fn static_offset_bounds_are_exact() {
    // One page at start (the single-check form applies to small offsets) and a
    // memory that may start empty (the two-check form).
    for (mem, min_bytes) in [("(memory 1 2)", 65536i64), ("(memory 0 2)", 0)] {
        let mut i = instance(&format!(
            r#"(module {mem}
            (func (export "grow") (result i32) i32.const 1 memory.grow)
            (func (export "ld32") (param i32) (result i32) local.get 0 i32.load offset=8)
            (func (export "ld64") (param i32) (result i64) local.get 0 i64.load offset=2040)
            (func (export "st64") (param i32 i64) local.get 0 local.get 1 i64.store offset=16)
            (func (export "ld8") (param i32) (result i32) local.get 0 i32.load8_u offset=4000)
            (func (export "st8") (param i32) local.get 0 i32.const 7 i32.store8 offset=1))"#
        ));
        let size = min_bytes;
        // (name, access end = addr + offset + n) for addresses just in and just out.
        let cases: [(&str, i64, i64); 4] = [
            ("ld32", 8, 4),
            ("ld64", 2040, 8),
            ("ld8", 4000, 1),
            ("st8", 1, 1),
        ];
        for (name, offset, n) in cases {
            let last_ok = size - offset - n;
            if last_ok >= 0 {
                let r = call(&mut i, name, &[I32(last_ok as i32)]);
                assert!(r.is_ok(), "{mem} {name}({last_ok}): {r:?}");
            }
            for addr in [last_ok + 1, -1, -(offset + n), i32::MAX as i64] {
                assert!(
                    oob(call(&mut i, name, &[I32(addr as i32)])),
                    "{mem} {name}({addr}) must trap"
                );
            }
        }
        let addr = (size - 24).max(0) as i32;
        if size > 0 {
            // The last 8 bytes, written and read back through different offsets.
            call(&mut i, "st64", &[I32(addr), I64(-3)]).unwrap();
            assert_eq!(
                call(&mut i, "ld64", &[I32(addr + 16 - 2040)]).unwrap(),
                vec![I64(-3)]
            );
        }
        assert!(oob(call(&mut i, "st64", &[I32(addr + 1), I64(1)])));
        // After growing, the new page is addressable.
        call(&mut i, "grow", &[]).unwrap();
        let grown = size + 65536;
        assert!(call(&mut i, "ld32", &[I32((grown - 12) as i32)]).is_ok());
        assert!(oob(call(&mut i, "ld32", &[I32((grown - 11) as i32)])));
    }
}

#[test]
fn select_on_comparisons_of_the_selected_locals() {
    // min/max as compilers emit them (the comparison reads the very locals the
    // select picks from, in either order), with many locals so that some stay
    // in frame slots and some are pinned.
    let mut src = String::from("(module\n");
    let forms = [
        (
            "min_u",
            "local.get 0 local.get 1 local.get 0 local.get 1 i32.lt_u",
        ),
        (
            "max_s",
            "local.get 0 local.get 1 local.get 0 local.get 1 i32.gt_s",
        ),
        (
            "swap_le",
            "local.get 1 local.get 0 local.get 0 local.get 1 i32.le_u",
        ),
        (
            "same",
            "local.get 0 local.get 0 local.get 0 local.get 1 i32.ge_s",
        ),
        ("eqz", "local.get 0 local.get 1 local.get 0 i32.eqz"),
        (
            "eq_k",
            "local.get 0 local.get 1 local.get 1 i32.const 7 i32.eq",
        ),
        (
            "mixed",
            "local.get 0 i32.const 3 i32.add local.get 1 local.get 1 local.get 0 i32.lt_s",
        ),
    ];
    for (name, body) in forms {
        // Locals 2..9 are busy in a loop first, so 0 and 1 may live in slots.
        src += &format!(
            "(func (export \"{name}\") (param i32 i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32)
                loop
                    local.get 2 i32.const 1 i32.add local.tee 2
                    local.get 3 i32.add local.tee 3 local.get 4 i32.xor local.tee 4
                    local.get 5 i32.or local.tee 5 local.get 6 i32.sub local.tee 6
                    local.get 7 i32.add local.tee 7 local.get 8 i32.and local.set 8
                    local.get 2 i32.const 3 i32.lt_u br_if 0
                end
                {body} select)\n"
        );
    }
    src += ")";
    let mut i = instance(&src);
    let vals = [0i32, 1, 7, -1, i32::MIN, i32::MAX, 42];
    for x in vals {
        for y in vals {
            let expect = [
                ("min_u", if (x as u32) < (y as u32) { x } else { y }),
                ("max_s", if x > y { x } else { y }),
                ("swap_le", if (x as u32) <= (y as u32) { y } else { x }),
                ("same", x),
                ("eqz", if x == 0 { x } else { y }),
                ("eq_k", if y == 7 { x } else { y }),
                ("mixed", if y < x { x.wrapping_add(3) } else { y }),
            ];
            for (name, want) in expect {
                assert_eq!(
                    call(&mut i, name, &[I32(x), I32(y)]).unwrap(),
                    vec![I32(want)],
                    "{name}({x}, {y})"
                );
            }
        }
    }
}

#[test]
fn far_branches_and_far_trap_stubs() {
    // ~3000 instructions between a forward branch and its target: the first
    // translation's short branch cannot reach, so the body is translated again
    // with long forward branches; the loads after the filler are out of reach of
    // the stubs at the function's start and get fresh ones.
    let filler = "local.get 1 i32.const 3 i32.mul i32.const 1 i32.add local.set 1\n".repeat(1000);
    let mut i = instance(&format!(
        r#"(module (memory 1)
        (func (export "far") (param i32) (result i32) (local i32)
            block
                local.get 0 br_if 0
                {filler}
            end
            local.get 0 i32.load
            local.get 1 i32.add))"#
    ));
    let mut x: i32 = 0;
    for _ in 0..1000 {
        x = x.wrapping_mul(3).wrapping_add(1);
    }
    assert_eq!(call(&mut i, "far", &[I32(0)]).unwrap(), vec![I32(x)]);
    assert_eq!(call(&mut i, "far", &[I32(4)]).unwrap(), vec![I32(0)]);
    assert!(oob(call(&mut i, "far", &[I32(65533)])));
}

#[test]
fn near_and_far_branches_in_one_function_both_go_where_they_should() {
    // Branches in both directions around a far one: each goes to its own label
    // whichever form it took (only the far one is long).
    let filler = "local.get 1 i32.const 3 i32.mul i32.const 1 i32.add local.set 1\n".repeat(800);
    let mut i = instance(&format!(
        r#"(module
        (func (export "f") (param i32) (result i32) (local i32)
            block local.get 0 i32.const 1 i32.eq br_if 0 i32.const 5 local.set 1 end
            block
                local.get 0 i32.const 3 i32.ge_u br_if 0
                {filler}
            end
            block local.get 0 i32.const 2 i32.eq br_if 0 local.get 1 i32.const 9 i32.add local.set 1 end
            local.get 1))"#
    ));
    let far = |start: i32| {
        let mut x = start;
        for _ in 0..800 {
            x = x.wrapping_mul(3).wrapping_add(1);
        }
        x
    };
    assert_eq!(
        call(&mut i, "f", &[I32(0)]).unwrap(),
        vec![I32(far(5).wrapping_add(9))]
    );
    assert_eq!(
        call(&mut i, "f", &[I32(1)]).unwrap(),
        vec![I32(far(0).wrapping_add(9))]
    );
    assert_eq!(call(&mut i, "f", &[I32(2)]).unwrap(), vec![I32(far(5))]);
    assert_eq!(call(&mut i, "f", &[I32(3)]).unwrap(), vec![I32(14)]);
}

#[test]
fn i32_rotations_by_constants_leave_their_locals_intact() {
    // Eight locals: four are pinned, four live in frame slots. Each round rotates
    // every local by several constants (sha256's sigma shape: the same local three
    // times, then the local itself again), so a rotation that clobbered the
    // register it read, or left a stale slot-cache fact, changes the result.
    let ks = [0, 1, 7, 13, 31, 32, 45];
    let mut body = String::new();
    for l in 0..8 {
        let (a, b, c) = (ks[l % 7], ks[(l + 2) % 7], ks[(l + 4) % 7]);
        body += &format!(
            "local.get {l} i32.const {a} i32.rotl
             local.get {l} i32.const {b} i32.rotr i32.xor
             local.get {l} i32.const {c} i32.rotl i32.xor
             local.get {l} i32.add
             local.get {next} i32.add
             local.set {l}\n",
            next = (l + 1) % 8
        );
    }
    let mut i = instance(&format!(
        r#"(module
        (func (export "mix") (param i32 i32) (result i32)
            (local i32 i32 i32 i32 i32 i32 i32)
            local.get 0 i32.const 3 i32.mul local.set 2
            local.get 0 i32.const 5 i32.xor local.set 3
            local.get 1 i32.const 7 i32.add local.set 4
            local.get 1 i32.const -1 i32.xor local.set 5
            local.get 0 local.get 1 i32.add local.set 6
            local.get 0 local.get 1 i32.sub local.set 7
            loop
                {body}
                local.get 8 i32.const 1 i32.add local.tee 8
                i32.const 20 i32.lt_u br_if 0
            end
            local.get 0 local.get 1 i32.xor local.get 2 i32.xor local.get 3 i32.xor
            local.get 4 i32.xor local.get 5 i32.xor local.get 6 i32.xor local.get 7 i32.xor))"#
    ));
    let reference = |p: i32, q: i32| {
        let mut v = [
            p,
            q,
            p.wrapping_mul(3),
            p ^ 5,
            q.wrapping_add(7),
            !q,
            p.wrapping_add(q),
            p.wrapping_sub(q),
        ];
        for _ in 0..20 {
            for l in 0..8 {
                let (a, b, c) = (ks[l % 7], ks[(l + 2) % 7], ks[(l + 4) % 7]);
                let x = v[l];
                let s = x.rotate_left(a) ^ x.rotate_right(b) ^ x.rotate_left(c);
                v[l] = s.wrapping_add(x).wrapping_add(v[(l + 1) % 8]);
            }
        }
        v.iter().fold(0, |acc, x| acc ^ x)
    };
    for (p, q) in [(1, 2), (-1, 0x1234_5678), (i32::MIN, 0x0f0f_0f0f), (0, 0)] {
        assert_eq!(
            call(&mut i, "mix", &[I32(p), I32(q)]).unwrap(),
            vec![I32(reference(p, q))],
            "mix({p:#x}, {q:#x})"
        );
    }
}

#[test]
fn pinned_locals_copied_to_frame_slots_keep_both_words() {
    // Locals 1 and 2 are hot (pinned); 3..6 are cold and live in frame slots.
    // Copying a pinned local into a cold one stores its registers directly; a
    // call spills the pinned values left on the stack under its arguments.
    let mut i = instance(
        r#"(module
        (func $id (param i64) (result i64) local.get 0)
        (func (export "copy") (param i64) (result i64)
            (local i64 i64 i64 i64 i64 i64 i32)
            local.get 0 local.set 1
            local.get 0 i64.const 0x1111_2222_3333_4444 i64.xor local.set 2
            loop
                local.get 1 i64.const 13 i64.rotl local.get 2 i64.add local.set 1
                local.get 2 local.get 1 i64.xor local.set 2
                local.get 1 local.set 3
                local.get 2 local.set 4
                local.get 1 local.get 2 local.get 3 call $id i64.add i64.xor local.set 5
                local.get 3 local.get 4 i64.sub local.get 5 i64.xor local.set 6
                local.get 7 i32.const 1 i32.add local.tee 7
                i32.const 9 i32.lt_u br_if 0
            end
            local.get 3 local.get 4 i64.xor local.get 5 i64.add local.get 6 i64.xor))"#,
    );
    let reference = |x: i64| {
        let (mut l1, mut l2) = (x, x ^ 0x1111_2222_3333_4444);
        let (mut l3, mut l4, mut l5, mut l6) = (0i64, 0i64, 0i64, 0i64);
        for _ in 0..9 {
            l1 = l1.rotate_left(13).wrapping_add(l2);
            l2 ^= l1;
            l3 = l1;
            l4 = l2;
            l5 = l1 ^ l2.wrapping_add(l3);
            l6 = l3.wrapping_sub(l4) ^ l5;
        }
        (l3 ^ l4).wrapping_add(l5) ^ l6
    };
    for x in INPUTS {
        assert_eq!(
            call(&mut i, "copy", &[I64(x)]).unwrap(),
            vec![I64(reference(x))],
            "copy({x:#x})"
        );
    }
}

#[test]
fn values_set_into_pinned_locals_after_every_kind_of_producer() {
    // Each `local.set`/`local.tee` of a hot (pinned) local follows a different
    // producer: a `select` whose branch skips a conditional move (with a
    // comparison fused into it), an i64 load, an i64 add reading the local
    // itself, a `local.tee` read again, an i64 rotate, a `br_if` that keeps its
    // value, and an `if` with a result. The loop makes `$l1` and `$l2` hot.
    let mut i = instance(
        r#"(module (memory 1)
        (func (export "mix") (param $x i64) (param $s i32) (result i64)
            (local $l1 i64) (local $l2 i64) (local $k i32)
            local.get $x local.set $l2
            i32.const 8 local.get $x i64.store
            loop
                local.get $l2 local.get $l1 local.get $k i32.const 3 i32.and select local.set $l1
                local.get $l2 local.get $l1
                local.get $s local.get $k i32.lt_u select local.set $l2
                i32.const 8 i64.load local.get $l1 i64.add local.set $l1
                local.get $l1 local.get $l2 i64.add local.tee $l2 local.get $l1 i64.xor local.set $l1
                local.get $l2 i64.const 23 i64.rotl local.set $l2
                block (result i64)
                    local.get $l1 local.get $k i32.const 1 i32.and br_if 0
                    local.set $l1 local.get $l2
                end local.set $l2
                local.get $k i32.const 2 i32.and if (result i64)
                    local.get $l1 i64.const 1 i64.add else local.get $l2 end local.set $l1
                i32.const 8 local.get $l1 local.get $l2 i64.xor i64.store
                local.get $k local.get $s i32.add local.set $s
                local.get $k i32.const 1 i32.add local.tee $k
                i32.const 37 i32.lt_u br_if 0
            end
            local.get $l1 local.get $l2 i64.mul local.get $s i64.extend_i32_u i64.add)
        (func (export "minmax") (param $a i32) (param $b i32) (result i32) (local $k i32)
            loop
                local.get $b local.get $k local.get $a local.get $b i32.le_u select
                local.get $a i32.xor local.set $a
                local.get $b local.get $a i32.const 7 i32.mul i32.add local.set $b
                local.get $k local.get $a local.get $b local.get $a i32.ge_s select local.set $b
                local.get $k i32.const 1 i32.add local.tee $k
                i32.const 9 i32.lt_u br_if 0
            end
            local.get $a local.get $b i32.xor))"#,
    );
    let minmax = |mut a: i32, mut b: i32| {
        for k in 0..9 {
            a ^= if (a as u32) <= (b as u32) { b } else { k };
            b = b.wrapping_add(a.wrapping_mul(7));
            b = if b >= a { k } else { a };
        }
        a ^ b
    };
    for (a, b) in [(1, 2), (-1, 5), (7, 7), (i32::MIN, i32::MAX)] {
        assert_eq!(
            call(&mut i, "minmax", &[I32(a), I32(b)]).unwrap(),
            vec![I32(minmax(a, b))],
            "minmax({a}, {b})"
        );
    }
    let reference = |x: i64, y: i32| {
        let (mut l1, mut l2, mut mem) = (0i64, x, x);
        let (mut k, mut s) = (0i32, y);
        loop {
            l1 = if k & 3 != 0 { l2 } else { l1 };
            l2 = if (s as u32) < (k as u32) { l2 } else { l1 };
            l1 = mem.wrapping_add(l1);
            l2 = l1.wrapping_add(l2);
            l1 ^= l2;
            l2 = l2.rotate_left(23);
            l2 = if k & 1 != 0 { l1 } else { l2 };
            l1 = if k & 2 != 0 { l1.wrapping_add(1) } else { l2 };
            mem = l1 ^ l2;
            s = k.wrapping_add(s);
            k += 1;
            if k >= 37 {
                break;
            }
        }
        l1.wrapping_mul(l2).wrapping_add(s as u32 as i64)
    };
    for (x, y) in [
        (0x0123_4567_89ab_cdef, 5),
        (-2, -1),
        (1, 0),
        (i64::MIN, 1 << 30),
    ] {
        assert_eq!(
            call(&mut i, "mix", &[I64(x), I32(y)]).unwrap(),
            vec![I64(reference(x, y))],
            "mix({x:#x}, {y})"
        );
    }
}

#[test]
fn locals_set_before_any_read_start_from_whatever_is_there() {
    // `dirty` leaves nonzero words in the registers and frame slots `check`
    // reuses. `check`'s locals:
    // * `$a` is first set before any block or branch: the prologue skips its
    //   zero;
    // * `$z`, an i64, too, but only ever to values with a zero high word, whose
    //   sets store only the low word: the prologue still zeroes it (the
    //   zero-high invariant: a local's storage holds its full value);
    // * `$b` is first set inside a block that a branch may leave first: it must
    //   read as zero then.
    let mut i = instance(
        r#"(module
        (func (export "dirty") (param $x i64) (result i64)
            (local i64 i64 i64 i64 i64 i64 i64 i32)
            loop
                local.get $x local.set 1 local.get $x local.set 2 local.get $x local.set 3
                local.get $x local.set 4 local.get $x local.set 5 local.get $x local.set 6
                local.get $x local.set 7
                local.get 8 i32.const 1 i32.add local.tee 8 i32.const 3 i32.lt_u br_if 0
            end
            local.get 1 local.get 7 i64.xor)
        (func (export "check") (param $x i32) (result i64)
            (local $a i32) (local $z i64) (local $b i32) (local $k i32)
            local.get $x i32.const 3 i32.mul local.set $a
            local.get $x i64.extend_i32_u local.set $z
            block
                local.get $x i32.const 1 i32.and br_if 0
                i32.const 77 local.set $b
            end
            loop
                local.get $z i64.const 0xffff i64.and local.set $z
                local.get $a i32.const 1 i32.add local.set $a
                local.get $k i32.const 1 i32.add local.tee $k i32.const 5 i32.lt_u br_if 0
            end
            local.get $z
            local.get $a i64.extend_i32_u i64.const 32 i64.shl i64.or
            local.get $b i64.extend_i32_u i64.const 48 i64.shl i64.xor))"#,
    );
    for x in [0, 1, 0x1234_5679, -1] {
        let a = (x as u32).wrapping_mul(3).wrapping_add(5) as u64;
        let z = (x as u32 as u64) & 0xffff;
        let b = if x & 1 != 0 { 0 } else { 77u64 };
        let want = (z | a << 32) ^ b << 48;
        call(&mut i, "dirty", &[I64(-1)]).unwrap();
        assert_eq!(
            call(&mut i, "check", &[I32(x)]).unwrap(),
            vec![I64(want as i64)],
            "check({x})"
        );
    }
}
