//! Unary operations and conversions for f32 and f64, bit-for-bit against the host:
//! sqrt, ceil, floor, trunc, nearest (Wasm: ties to even), demote/promote,
//! integer -> float conversions, saturating float -> integer conversions (Rust's
//! `as` is exactly Wasm's `trunc_sat`), and the trapping conversions' verdicts
//! (written from the Wasm spec: NaN traps as invalid, a truncated value outside
//! the target range as overflow). Special values first, then `vectors()` random
//! operands per function (raw bits, every exponent, values near integers).

mod common;

use common::{canon32, canon64, specials32, specials64, vectors, Checker, Rng, F32, F64};
use rivet_softfloat as sf;

/// Wasm's trapping-conversion verdict from the spec: 1 NaN, 2 if trunc(x) is
/// outside `[lo, hi]` (bounds exact in f64), else 0.
fn verdict(x: f64, lo: f64, hi_exclusive: f64) -> u64 {
    if x.is_nan() {
        1
    } else {
        let t = x.trunc();
        if t >= lo && t < hi_exclusive {
            0
        } else {
            2
        }
    }
}

const I32_LO: f64 = -2147483648.0;
const I32_HI: f64 = 2147483648.0;
const U32_HI: f64 = 4294967296.0;
const I64_LO: f64 = -9223372036854775808.0;
const I64_HI: f64 = 9223372036854775808.0;
const U64_HI: f64 = 18446744073709551616.0;

type Un32 = (&'static str, fn(u32) -> u64, fn(f32) -> u64);
type Un64 = (&'static str, fn(u64) -> u64, fn(f64) -> u64);
type IntOp = (&'static str, fn(u64) -> u64);
/// (softfloat, host) results for one 32-bit operand.
type Exhaustive = fn(u32) -> (u64, u64);

/// Every function taking an f32, with its host reference.
fn ops_from_f32() -> Vec<Un32> {
    vec![
        (
            "f32_sqrt",
            |a| sf::f32_sqrt(a).into(),
            |x| canon32(x.sqrt()).into(),
        ),
        (
            "f32_ceil",
            |a| sf::f32_ceil(a).into(),
            |x| canon32(x.ceil()).into(),
        ),
        (
            "f32_floor",
            |a| sf::f32_floor(a).into(),
            |x| canon32(x.floor()).into(),
        ),
        (
            "f32_trunc",
            |a| sf::f32_trunc(a).into(),
            |x| canon32(x.trunc()).into(),
        ),
        (
            "f32_nearest",
            |a| sf::f32_nearest(a).into(),
            |x| canon32(x.round_ties_even()).into(),
        ),
        (
            "f64_promote_f32",
            |a| sf::f64_promote_f32(a),
            |x| canon64(x as f64),
        ),
        (
            "i32_trunc_sat_f32_s",
            |a| sf::i32_trunc_sat_f32_s(a).into(),
            |x| x as i32 as u32 as u64,
        ),
        (
            "i32_trunc_sat_f32_u",
            |a| sf::i32_trunc_sat_f32_u(a).into(),
            |x| x as u32 as u64,
        ),
        (
            "i64_trunc_sat_f32_s",
            |a| sf::i64_trunc_sat_f32_s(a),
            |x| x as i64 as u64,
        ),
        (
            "i64_trunc_sat_f32_u",
            |a| sf::i64_trunc_sat_f32_u(a),
            |x| x as u64,
        ),
        (
            "trunc_check_f32_i32_s",
            |a| sf::trunc_check_f32_i32_s(a).into(),
            |x| verdict(x as f64, I32_LO, I32_HI),
        ),
        (
            "trunc_check_f32_i32_u",
            |a| sf::trunc_check_f32_i32_u(a).into(),
            |x| verdict(x as f64, 0.0, U32_HI),
        ),
        (
            "trunc_check_f32_i64_s",
            |a| sf::trunc_check_f32_i64_s(a).into(),
            |x| verdict(x as f64, I64_LO, I64_HI),
        ),
        (
            "trunc_check_f32_i64_u",
            |a| sf::trunc_check_f32_i64_u(a).into(),
            |x| verdict(x as f64, 0.0, U64_HI),
        ),
    ]
}

/// Every function taking an f64, with its host reference.
fn ops_from_f64() -> Vec<Un64> {
    vec![
        ("f64_sqrt", |a| sf::f64_sqrt(a), |x| canon64(x.sqrt())),
        ("f64_ceil", |a| sf::f64_ceil(a), |x| canon64(x.ceil())),
        ("f64_floor", |a| sf::f64_floor(a), |x| canon64(x.floor())),
        ("f64_trunc", |a| sf::f64_trunc(a), |x| canon64(x.trunc())),
        (
            "f64_nearest",
            |a| sf::f64_nearest(a),
            |x| canon64(x.round_ties_even()),
        ),
        (
            "f32_demote_f64",
            |a| sf::f32_demote_f64(a).into(),
            |x| canon32(x as f32).into(),
        ),
        (
            "i32_trunc_sat_f64_s",
            |a| sf::i32_trunc_sat_f64_s(a).into(),
            |x| x as i32 as u32 as u64,
        ),
        (
            "i32_trunc_sat_f64_u",
            |a| sf::i32_trunc_sat_f64_u(a).into(),
            |x| x as u32 as u64,
        ),
        (
            "i64_trunc_sat_f64_s",
            |a| sf::i64_trunc_sat_f64_s(a),
            |x| x as i64 as u64,
        ),
        (
            "i64_trunc_sat_f64_u",
            |a| sf::i64_trunc_sat_f64_u(a),
            |x| x as u64,
        ),
        (
            "trunc_check_f64_i32_s",
            |a| sf::trunc_check_f64_i32_s(a).into(),
            |x| verdict(x, I32_LO, I32_HI),
        ),
        (
            "trunc_check_f64_i32_u",
            |a| sf::trunc_check_f64_i32_u(a).into(),
            |x| verdict(x, 0.0, U32_HI),
        ),
        (
            "trunc_check_f64_i64_s",
            |a| sf::trunc_check_f64_i64_s(a).into(),
            |x| verdict(x, I64_LO, I64_HI),
        ),
        (
            "trunc_check_f64_i64_u",
            |a| sf::trunc_check_f64_i64_u(a).into(),
            |x| verdict(x, 0.0, U64_HI),
        ),
    ]
}

/// Integer -> float conversions (operand as raw integer bits), with host references.
fn ops_from_int() -> Vec<IntOp> {
    vec![
        ("f32_convert_i32_s", |a| {
            sf::f32_convert_i32_s(a as u32).into()
        }),
        ("f32_convert_i32_u", |a| {
            sf::f32_convert_i32_u(a as u32).into()
        }),
        ("f32_convert_i64_s", |a| sf::f32_convert_i64_s(a).into()),
        ("f32_convert_i64_u", |a| sf::f32_convert_i64_u(a).into()),
        ("f64_convert_i32_s", |a| sf::f64_convert_i32_s(a as u32)),
        ("f64_convert_i32_u", |a| sf::f64_convert_i32_u(a as u32)),
        ("f64_convert_i64_s", |a| sf::f64_convert_i64_s(a)),
        ("f64_convert_i64_u", |a| sf::f64_convert_i64_u(a)),
    ]
}

/// Host reference of the integer conversion number `i` in [`ops_from_int`].
fn int_ref(i: usize, a: u64) -> u64 {
    match i {
        0 => (a as u32 as i32 as f32).to_bits().into(),
        1 => (a as u32 as f32).to_bits().into(),
        2 => (a as i64 as f32).to_bits().into(),
        3 => (a as f32).to_bits().into(),
        4 => (a as u32 as i32 as f64).to_bits(),
        5 => (a as u32 as f64).to_bits(),
        6 => (a as i64 as f64).to_bits(),
        _ => (a as f64).to_bits(),
    }
}

#[test]
fn from_f32() {
    for (i, (name, soft, host)) in ops_from_f32().into_iter().enumerate() {
        let mut c = Checker::new(name);
        for a in specials32() {
            c.check(&[a as u64], soft(a), host(f32::from_bits(a)));
        }
        let mut rng = Rng::new(0x3300 + i as u64);
        for _ in 0..vectors() {
            let a = F32.single(&mut rng) as u32;
            c.check(&[a as u64], soft(a), host(f32::from_bits(a)));
        }
        c.finish();
    }
}

#[test]
fn from_f64() {
    for (i, (name, soft, host)) in ops_from_f64().into_iter().enumerate() {
        let mut c = Checker::new(name);
        for a in specials64() {
            c.check(&[a], soft(a), host(f64::from_bits(a)));
        }
        let mut rng = Rng::new(0x6600 + i as u64);
        for _ in 0..vectors() {
            // Demotion also needs f64 values inside f32's range, at every exponent.
            let a = if rng.below(4) == 0 {
                let e = 1023 + rng.range(-160, 130);
                F64.with_exp(&mut rng, e)
            } else {
                F64.single(&mut rng)
            };
            c.check(&[a], soft(a), host(f64::from_bits(a)));
        }
        c.finish();
    }
}

/// Integers at every bit length, with low-bit patterns that make rounding ties,
/// plus the extremes and powers of two +-1.
fn int_operand(rng: &mut Rng) -> u64 {
    let bits = rng.below(65) as u32;
    let mut v = if bits == 0 {
        0
    } else {
        rng.next() >> (64 - bits)
    };
    match rng.below(4) {
        0 => {
            let k = rng.below(64) as u32;
            v = (v & !((1u64 << k) - 1)) | ((1u64 << k) >> 1); // exact tie at bit k
        }
        1 => v |= 1u64 << rng.below(64),
        _ => {}
    }
    if rng.next() & 1 == 1 {
        v.wrapping_neg()
    } else {
        v
    }
}

#[test]
fn from_integers() {
    let mut specials: Vec<u64> = vec![0, 1, u64::MAX, i64::MIN as u64, i64::MAX as u64];
    for k in 0..64 {
        let p = 1u64 << k;
        specials.extend([p, p - 1, p + 1, p.wrapping_neg(), (p - 1).wrapping_neg()]);
    }
    for s in specials.clone() {
        specials.push(s as u32 as u64); // also as 32-bit operands
    }
    for (i, (name, soft)) in ops_from_int().into_iter().enumerate() {
        let mut c = Checker::new(name);
        for &a in &specials {
            c.check(&[a], soft(a), int_ref(i, a));
        }
        let mut rng = Rng::new(0x1100 + i as u64);
        for _ in 0..vectors() {
            let a = int_operand(&mut rng);
            c.check(&[a], soft(a), int_ref(i, a));
        }
        c.finish();
    }
}

/// Every one of the 2^32 f32 bit patterns (and i32 values) through the rounding
/// f32 functions and the 32-bit conversions. Too slow for a debug build, so it is
/// ignored by default: `cargo test --release -p rivet-softfloat --test unary --
/// --ignored`.
#[test]
#[ignore]
fn exhaustive_32_bit_operands() {
    let mut checks: Vec<(Checker, Exhaustive)> = vec![
        (Checker::new("f32_sqrt"), |a| {
            (
                sf::f32_sqrt(a).into(),
                canon32(f32::from_bits(a).sqrt()).into(),
            )
        }),
        (Checker::new("f32_ceil"), |a| {
            (
                sf::f32_ceil(a).into(),
                canon32(f32::from_bits(a).ceil()).into(),
            )
        }),
        (Checker::new("f32_floor"), |a| {
            (
                sf::f32_floor(a).into(),
                canon32(f32::from_bits(a).floor()).into(),
            )
        }),
        (Checker::new("f32_trunc"), |a| {
            (
                sf::f32_trunc(a).into(),
                canon32(f32::from_bits(a).trunc()).into(),
            )
        }),
        (Checker::new("f32_nearest"), |a| {
            (
                sf::f32_nearest(a).into(),
                canon32(f32::from_bits(a).round_ties_even()).into(),
            )
        }),
        (Checker::new("f64_promote_f32"), |a| {
            (sf::f64_promote_f32(a), canon64(f32::from_bits(a) as f64))
        }),
        (Checker::new("i32_trunc_sat_f32_s"), |a| {
            (
                sf::i32_trunc_sat_f32_s(a).into(),
                f32::from_bits(a) as i32 as u32 as u64,
            )
        }),
        (Checker::new("i64_trunc_sat_f32_u"), |a| {
            (sf::i64_trunc_sat_f32_u(a), f32::from_bits(a) as u64)
        }),
        (Checker::new("f32_convert_i32_s"), |a| {
            (
                sf::f32_convert_i32_s(a).into(),
                (a as i32 as f32).to_bits().into(),
            )
        }),
        (Checker::new("f32_convert_i32_u"), |a| {
            (sf::f32_convert_i32_u(a).into(), (a as f32).to_bits().into())
        }),
    ];
    for (checker, f) in checks.iter_mut() {
        for a in 0..=u32::MAX {
            let (got, want) = f(a);
            checker.check(&[a as u64], got, want);
        }
    }
    for (checker, _) in checks {
        checker.finish();
    }
}

/// Square roots of exact squares and their neighbours (1-2 ulps either side),
/// where the remainder is zero or tiny: the cases a root correction step gets
/// wrong first.
#[test]
fn sqrt_near_squares() {
    let mut c32 = Checker::new("f32_sqrt near squares");
    let mut c64 = Checker::new("f64_sqrt near squares");
    let mut rng = Rng::new(0x5152);
    for _ in 0..vectors() / 4 {
        let s = (rng.next() >> 38) | 1; // up to 26 bits: s^2 is exact in f64
        let scale = f64::powi(2.0, rng.range(-500, 450) as i32);
        let sq = (s as f64 * scale) * (s as f64 * scale);
        for d in [-2i64, -1, 0, 1, 2] {
            let a = sq.to_bits().wrapping_add(d as u64);
            c64.check(&[a], sf::f64_sqrt(a), canon64(f64::from_bits(a).sqrt()));
        }
        let s = (rng.next() >> 52) | 1; // up to 12 bits: s^2 is exact in f32
        let scale = f32::powi(2.0, rng.range(-60, 50) as i32);
        let sq = (s as f32 * scale) * (s as f32 * scale);
        for d in [-2i32, -1, 0, 1, 2] {
            let a = sq.to_bits().wrapping_add(d as u32);
            c32.check(
                &[a as u64],
                sf::f32_sqrt(a).into(),
                canon32(f32::from_bits(a).sqrt()).into(),
            );
        }
    }
    c32.finish();
    c64.finish();
}
