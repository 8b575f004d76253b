//! Shared pieces of the differential tests: a deterministic xorshift generator,
//! operand generators that reach every exponent range, the special values, the
//! canonical-NaN mapping of host results, and a mismatch collector that fails
//! the test printing inputs and both results.

#![allow(dead_code)]

use rivet_softfloat::{NAN32, NAN64};

/// Random vectors per operation (override with RIVET_SOFTFLOAT_VECTORS).
pub fn vectors() -> u64 {
    std::env::var("RIVET_SOFTFLOAT_VECTORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// xorshift64* with a fixed seed per test, so every run checks the same vectors.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (any value; zero is remapped).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    /// Next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (n > 0; the tiny modulo bias is irrelevant here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// A binary format's layout: fraction bits and exponent bits.
#[derive(Clone, Copy)]
pub struct Fmt {
    pub frac: u32,
    pub exp: u32,
}

pub const F32: Fmt = Fmt { frac: 23, exp: 8 };
pub const F64: Fmt = Fmt { frac: 52, exp: 11 };

impl Fmt {
    pub fn max_exp(self) -> i64 {
        (1i64 << self.exp) - 1
    }
    pub fn bias(self) -> i64 {
        self.max_exp() >> 1
    }
    pub fn frac_mask(self) -> u64 {
        (1u64 << self.frac) - 1
    }
    /// Assembles a value from its fields (exponent clamped to the field range).
    pub fn make(self, sign: bool, exp: i64, frac: u64) -> u64 {
        let exp = exp.clamp(0, self.max_exp()) as u64;
        ((sign as u64) << (self.frac + self.exp)) | (exp << self.frac) | (frac & self.frac_mask())
    }
    pub fn exp_of(self, bits: u64) -> i64 {
        ((bits >> self.frac) as i64) & self.max_exp()
    }
    pub fn frac_of(self, bits: u64) -> u64 {
        bits & self.frac_mask()
    }
    /// A fraction drawn from patterns that make ties, carries and long runs likely.
    pub fn frac(self, rng: &mut Rng) -> u64 {
        let r = rng.next() & self.frac_mask();
        match rng.below(6) {
            0 | 1 => r,
            2 => r & !((1u64 << rng.below(self.frac as u64 + 1)) - 1), // trailing zeros
            3 => r | ((1u64 << rng.below(self.frac as u64 + 1)) - 1),  // trailing ones
            4 => {
                ((1u64 << rng.below(self.frac as u64)) | (1u64 << rng.below(self.frac as u64)))
                    & self.frac_mask()
            }
            _ => self.frac_mask() ^ (1u64 << rng.below(self.frac as u64)),
        }
    }
    /// A value with uniformly random exponent (including 0 and all-ones).
    pub fn structured(self, rng: &mut Rng) -> u64 {
        let sign = rng.next() & 1 == 1;
        let exp = rng.range(0, self.max_exp());
        self.make(sign, exp, self.frac(rng))
    }
    /// A value whose exponent is `exp` (clamped) with a random sign and pattern.
    pub fn with_exp(self, rng: &mut Rng, exp: i64) -> u64 {
        let sign = rng.next() & 1 == 1;
        self.make(sign, exp, self.frac(rng))
    }
    /// A pair of operands drawn by one of several strategies: raw bits, close
    /// exponents (alignment and cancellation), nearly equal magnitudes, and
    /// exponent sums/differences at the overflow and underflow thresholds.
    pub fn pair(self, rng: &mut Rng) -> (u64, u64) {
        let width = self.frac + self.exp + 1;
        let mask = if width == 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        match rng.below(6) {
            0 => (rng.next() & mask, rng.next() & mask),
            1 => (self.structured(rng), self.structured(rng)),
            2 => {
                let a = self.structured(rng);
                let span = self.frac as i64 + 3;
                let e = self.exp_of(a) + rng.range(-span, span);
                (a, self.with_exp(rng, e))
            }
            3 => {
                let a = self.structured(rng);
                let delta = rng.range(-3, 3) as u64;
                let sign = (rng.next() & 1) << (width - 1);
                let b = (a.wrapping_add(delta) & (mask >> 1)) | sign;
                (a, b)
            }
            4 => {
                // Product exponent near 0 (underflow) or near the top (overflow).
                let a = self.structured(rng);
                let target = if rng.next() & 1 == 0 {
                    rng.range(-(self.frac as i64) - 2, 2)
                } else {
                    self.max_exp() + rng.range(-3, 1)
                };
                (a, self.with_exp(rng, target - self.exp_of(a) + self.bias()))
            }
            _ => {
                // Quotient exponent near 0 or near the top.
                let a = self.structured(rng);
                let target = if rng.next() & 1 == 0 {
                    rng.range(-(self.frac as i64) - 2, 2)
                } else {
                    self.max_exp() + rng.range(-3, 1)
                };
                (a, self.with_exp(rng, self.exp_of(a) + self.bias() - target))
            }
        }
    }
    /// A single operand: raw bits, structured, or near an integer boundary
    /// (`n`, `n +- ulp`, `n + 0.5`) for a random magnitude below 2^(frac + 2).
    pub fn single(self, rng: &mut Rng) -> u64 {
        let width = self.frac + self.exp + 1;
        let mask = if width == 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        match rng.below(4) {
            0 => rng.next() & mask,
            1 => self.structured(rng),
            _ => {
                let e = self.bias() + rng.range(-2, self.frac as i64 + 2);
                let base = self.with_exp(rng, e);
                let low = rng.below(4);
                match rng.below(3) {
                    0 => (base & !((1u64 << low) - 1)).wrapping_add(rng.below(3)) & mask,
                    1 => base.wrapping_sub(rng.below(3)) & mask,
                    _ => base,
                }
            }
        }
    }
}

/// Special and boundary f32 values: zeros, infinities, NaNs (several payloads and
/// signs), subnormal/normal limits, 1, powers of two, integer and conversion
/// boundaries (2^23, 2^24, 2^31, 2^32, 2^63, 2^64 and their neighbours).
pub fn specials32() -> Vec<u32> {
    let mut v: Vec<u32> = vec![
        0,
        1,
        2,
        0x007f_ffff,
        0x0040_0000,
        0x0080_0000,
        0x0080_0001,
        0x7f7f_ffff,
        0x7f80_0000,
        0x7fc0_0000,
        0x7f80_0001,
        0x7fbf_ffff,
        0x7fff_ffff,
        0x7fc0_0001,
        0x3f80_0000,
        0x3f80_0001,
        0x3f7f_ffff,
        0x3f00_0000,
        0x3f00_0001,
        0x3eff_ffff,
        0x3fc0_0000,
        0x4020_0000,
        0x4040_0000,
        0x3fff_ffff,
        0x4000_0000,
        0x4b00_0000,
        0x4b00_0001,
        0x4aff_ffff,
        0x4b80_0000,
        0x4b7f_ffff,
        0x4b80_0001,
        0x3400_0000,
        0x3380_0000,
    ];
    for e in [31u32, 32, 63, 64] {
        let p = (127 + e) << 23;
        v.extend([p - 1, p, p + 1]);
    }
    for e in 0..=254u32 {
        v.push(e << 23);
    }
    let neg: Vec<u32> = v.iter().map(|x| x | 0x8000_0000).collect();
    v.extend(neg);
    v
}

/// Special and boundary f64 values (the f64 counterparts of [`specials32`], plus
/// the f32 range limits, so demotion's overflow/underflow edges are covered).
pub fn specials64() -> Vec<u64> {
    let mut v: Vec<u64> = vec![
        0,
        1,
        2,
        0x000f_ffff_ffff_ffff,
        0x0008_0000_0000_0000,
        0x0010_0000_0000_0000,
        0x0010_0000_0000_0001,
        0x7fef_ffff_ffff_ffff,
        0x7ff0_0000_0000_0000,
        0x7ff8_0000_0000_0000,
        0x7ff0_0000_0000_0001,
        0x7ff7_ffff_ffff_ffff,
        0x7fff_ffff_ffff_ffff,
        0x7ff8_0000_0000_0001,
        0x3ff0_0000_0000_0000,
        0x3ff0_0000_0000_0001,
        0x3fef_ffff_ffff_ffff,
        0x3fe0_0000_0000_0000,
        0x3fe0_0000_0000_0001,
        0x3fdf_ffff_ffff_ffff,
        0x3ff8_0000_0000_0000,
        0x4004_0000_0000_0000,
        0x4008_0000_0000_0000,
        0x4330_0000_0000_0000,
        0x4330_0000_0000_0001,
        0x432f_ffff_ffff_ffff,
        0x4340_0000_0000_0000,
        0x433f_ffff_ffff_ffff,
        0x4340_0000_0000_0001,
    ];
    for e in [23u64, 24, 31, 32, 63, 64] {
        let p = (1023 + e) << 52;
        v.extend([p - 1, p, p + 1]);
    }
    // Around 2^31 - 1, 2^32 - 1 and -2^31 - 1: fractional values just inside/outside.
    for x in [
        2147483647.0f64,
        2147483647.5,
        2147483648.5,
        4294967295.5,
        4294967296.5,
        2147483648.9999,
    ] {
        v.push(x.to_bits());
    }
    // f32 limits as f64, and the halfway points just above/below them.
    for f in [0x7f7f_ffffu32, 0x0080_0000, 0x0000_0001, 0x007f_ffff] {
        let d = (f32::from_bits(f) as f64).to_bits();
        v.extend([
            d - 1,
            d,
            d + 1,
            d + (1 << 28),
            d - (1 << 28),
            d + (1 << 28) + 1,
        ]);
    }
    // Every 16th exponent plus both ends of the range (all 2047 would make the
    // special x special product needlessly large).
    for e in (0..=2046u64).filter(|e| e % 16 == 0 || *e < 60 || *e > 2000) {
        v.push(e << 52);
    }
    let neg: Vec<u64> = v.iter().map(|x| x | 0x8000_0000_0000_0000).collect();
    v.extend(neg);
    v
}

/// Host f32 result as bits with any NaN mapped to the canonical NaN.
pub fn canon32(x: f32) -> u32 {
    if x.is_nan() {
        NAN32
    } else {
        x.to_bits()
    }
}

/// Host f64 result as bits with any NaN mapped to the canonical NaN.
pub fn canon64(x: f64) -> u64 {
    if x.is_nan() {
        NAN64
    } else {
        x.to_bits()
    }
}

/// Collects mismatches; fails at the end listing the first ones.
pub struct Checker {
    name: &'static str,
    checked: u64,
    failures: Vec<String>,
    count: u64,
}

impl Checker {
    pub fn new(name: &'static str) -> Checker {
        Checker {
            name,
            checked: 0,
            failures: Vec::new(),
            count: 0,
        }
    }
    /// Records one comparison of `got` (soft float) against `want` (host) for the
    /// operands `args` (bit patterns).
    pub fn check(&mut self, args: &[u64], got: u64, want: u64) {
        self.checked += 1;
        if got != want {
            self.count += 1;
            if self.failures.len() < 20 {
                self.failures.push(format!(
                    "{} {args:x?}: softfloat {got:#x}, host {want:#x}",
                    self.name
                ));
            }
        }
    }
    /// Panics if anything mismatched; returns the number of vectors checked.
    pub fn finish(self) -> u64 {
        if self.count > 0 {
            panic!(
                "{}: {} of {} vectors mismatch:\n{}",
                self.name,
                self.count,
                self.checked,
                self.failures.join("\n")
            );
        }
        println!("{}: {} vectors, 0 mismatches", self.name, self.checked);
        self.checked
    }
}
