//! Binary operations (add, sub, mul, div, min, max and the six comparisons) for f32
//! and f64, bit-for-bit against the host's IEEE 754 hardware (NaN results mapped to
//! the canonical NaN; min/max with Wasm semantics written from the spec): every
//! pair of special values, then `vectors()` random pairs per operation drawn by
//! [`common::Fmt::pair`] (raw bits, close exponents for cancellation, nearly equal
//! magnitudes, results at the overflow/underflow thresholds).

mod common;

use common::{canon32, canon64, specials32, specials64, vectors, Checker, Rng, F32, F64};
use rivet_softfloat as sf;

/// Wasm `fmin`: NaN if either is NaN, -0 below +0, else the smaller.
fn wasm_min<T: PartialOrd + Copy>(a: T, b: T, nan: bool, zeros: bool, a_neg: bool) -> Option<T> {
    if nan {
        None
    } else if zeros {
        Some(if a_neg { a } else { b })
    } else {
        Some(if a < b { a } else { b })
    }
}

fn ref_min32(a: f32, b: f32) -> u32 {
    match wasm_min(
        a,
        b,
        a.is_nan() || b.is_nan(),
        a == 0.0 && b == 0.0,
        a.is_sign_negative(),
    ) {
        Some(x) => x.to_bits(),
        None => sf::NAN32,
    }
}

fn ref_max32(a: f32, b: f32) -> u32 {
    if a.is_nan() || b.is_nan() {
        sf::NAN32
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_positive() { a } else { b }.to_bits()
    } else if a > b {
        a.to_bits()
    } else {
        b.to_bits()
    }
}

fn ref_min64(a: f64, b: f64) -> u64 {
    match wasm_min(
        a,
        b,
        a.is_nan() || b.is_nan(),
        a == 0.0 && b == 0.0,
        a.is_sign_negative(),
    ) {
        Some(x) => x.to_bits(),
        None => sf::NAN64,
    }
}

fn ref_max64(a: f64, b: f64) -> u64 {
    if a.is_nan() || b.is_nan() {
        sf::NAN64
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_positive() { a } else { b }.to_bits()
    } else if a > b {
        a.to_bits()
    } else {
        b.to_bits()
    }
}

type Op32 = (
    &'static str,
    extern "C" fn(u32, u32) -> u32,
    fn(f32, f32) -> u32,
);
type Op64 = (
    &'static str,
    extern "C" fn(u64, u64) -> u64,
    fn(f64, f64) -> u64,
);
type Cmp64 = (
    &'static str,
    extern "C" fn(u64, u64) -> u32,
    fn(f64, f64) -> u32,
);

const OPS32: [Op32; 12] = [
    ("f32_add", sf::f32_add, |a, b| canon32(a + b)),
    ("f32_sub", sf::f32_sub, |a, b| canon32(a - b)),
    ("f32_mul", sf::f32_mul, |a, b| canon32(a * b)),
    ("f32_div", sf::f32_div, |a, b| canon32(a / b)),
    ("f32_min", sf::f32_min, ref_min32),
    ("f32_max", sf::f32_max, ref_max32),
    ("f32_eq", sf::f32_eq, |a, b| (a == b) as u32),
    ("f32_ne", sf::f32_ne, |a, b| (a != b) as u32),
    ("f32_lt", sf::f32_lt, |a, b| (a < b) as u32),
    ("f32_gt", sf::f32_gt, |a, b| (a > b) as u32),
    ("f32_le", sf::f32_le, |a, b| (a <= b) as u32),
    ("f32_ge", sf::f32_ge, |a, b| (a >= b) as u32),
];

const OPS64: [Op64; 6] = [
    ("f64_add", sf::f64_add, |a, b| canon64(a + b)),
    ("f64_sub", sf::f64_sub, |a, b| canon64(a - b)),
    ("f64_mul", sf::f64_mul, |a, b| canon64(a * b)),
    ("f64_div", sf::f64_div, |a, b| canon64(a / b)),
    ("f64_min", sf::f64_min, ref_min64),
    ("f64_max", sf::f64_max, ref_max64),
];

const CMPS64: [Cmp64; 6] = [
    ("f64_eq", sf::f64_eq, |a, b| (a == b) as u32),
    ("f64_ne", sf::f64_ne, |a, b| (a != b) as u32),
    ("f64_lt", sf::f64_lt, |a, b| (a < b) as u32),
    ("f64_gt", sf::f64_gt, |a, b| (a > b) as u32),
    ("f64_le", sf::f64_le, |a, b| (a <= b) as u32),
    ("f64_ge", sf::f64_ge, |a, b| (a >= b) as u32),
];

fn run32(seed: u64, op: Op32) {
    let (name, soft, host) = op;
    let mut c = Checker::new(name);
    let specials = specials32();
    for &a in &specials {
        for &b in &specials {
            c.check(
                &[a as u64, b as u64],
                soft(a, b) as u64,
                host(f32::from_bits(a), f32::from_bits(b)) as u64,
            );
        }
    }
    let mut rng = Rng::new(seed);
    for _ in 0..vectors() {
        let (a, b) = F32.pair(&mut rng);
        let (a, b) = (a as u32, b as u32);
        c.check(
            &[a as u64, b as u64],
            soft(a, b) as u64,
            host(f32::from_bits(a), f32::from_bits(b)) as u64,
        );
    }
    c.finish();
}

fn run64<R: Into<u64>>(
    seed: u64,
    name: &'static str,
    soft: extern "C" fn(u64, u64) -> R,
    host: fn(f64, f64) -> R,
) {
    let mut c = Checker::new(name);
    let specials = specials64();
    for &a in &specials {
        for &b in &specials {
            c.check(
                &[a, b],
                soft(a, b).into(),
                host(f64::from_bits(a), f64::from_bits(b)).into(),
            );
        }
    }
    let mut rng = Rng::new(seed);
    for _ in 0..vectors() {
        let (a, b) = F64.pair(&mut rng);
        c.check(
            &[a, b],
            soft(a, b).into(),
            host(f64::from_bits(a), f64::from_bits(b)).into(),
        );
    }
    c.finish();
}

#[test]
fn f32_arithmetic() {
    for (i, op) in OPS32.into_iter().take(4).enumerate() {
        run32(0x3200 + i as u64, op);
    }
}

#[test]
fn f32_min_max_and_comparisons() {
    for (i, op) in OPS32.into_iter().skip(4).enumerate() {
        run32(0x3210 + i as u64, op);
    }
}

#[test]
fn f64_add_sub() {
    for (i, (name, soft, host)) in OPS64.into_iter().take(2).enumerate() {
        run64(0x6400 + i as u64, name, soft, host);
    }
}

#[test]
fn f64_mul_div() {
    for (i, (name, soft, host)) in OPS64.into_iter().skip(2).take(2).enumerate() {
        run64(0x6410 + i as u64, name, soft, host);
    }
}

#[test]
fn f64_min_max_and_comparisons() {
    for (i, (name, soft, host)) in OPS64.into_iter().skip(4).enumerate() {
        run64(0x6420 + i as u64, name, soft, host);
    }
    for (i, (name, soft, host)) in CMPS64.into_iter().enumerate() {
        run64(0x6430 + i as u64, name, soft, host);
    }
}
