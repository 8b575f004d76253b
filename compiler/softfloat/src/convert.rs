//! Conversions: f32 <-> f64, integers -> floats, floats -> integers.
//!
//! Integer -> float conversions that cannot lose bits (i32/u32 -> f64, small
//! magnitudes) pack directly; the others go through the shared rounding step.
//! Float -> integer conversions first truncate toward zero into a `u64` magnitude
//! ([`Truncated`]); the Wasm saturating result and the trapping conversion's
//! verdict (0 in range, 1 NaN, 2 out of range) are both derived from it, so the two
//! always agree.

use crate::round::{
    jam64, norm_round_pack32, norm_round_pack64, pack32, pack64, round_pack32, round_pack64, NAN32,
    NAN64,
};

/// f64 -> f32, rounding to nearest-even (52 fraction bits jammed into 30).
pub fn demote(a: u64) -> u32 {
    let sign = a >> 63 != 0;
    let e = ((a >> 52) & 0x7ff) as i32;
    let frac = a & 0x000f_ffff_ffff_ffff;
    if e == 0x7ff {
        return if frac != 0 {
            NAN32
        } else {
            pack32(sign, 0xff, 0)
        };
    }
    let sig = jam64(frac, 22) as u32;
    if e == 0 && sig == 0 {
        return pack32(sign, 0, 0);
    }
    // An f64 subnormal gets a (wrong) hidden bit here, but its exponent is so far
    // below f32's range that it rounds to a signed zero all the same.
    round_pack32(sign, e - 0x381, sig | 0x4000_0000)
}

/// f32 -> f64, exact (subnormals normalised).
pub fn promote(a: u32) -> u64 {
    let sign = a >> 31 != 0;
    let e = ((a >> 23) & 0xff) as i32;
    let frac = a & 0x007f_ffff;
    if e == 0xff {
        return if frac != 0 {
            NAN64
        } else {
            pack64(sign, 0x7ff, 0)
        };
    }
    if e == 0 {
        if frac == 0 {
            return pack64(sign, 0, 0);
        }
        let shift = frac.leading_zeros() as i32 - 8;
        let frac = (frac << shift) & 0x007f_ffff;
        return pack64(sign, 1 - shift + 0x380, (frac as u64) << 29);
    }
    pack64(sign, e + 0x380, (frac as u64) << 29)
}

/// Magnitude `abs` (with `sign`) -> f32; `abs < 2^31` rounds with hidden bit 30.
#[inline(always)]
fn u32_to_f32(sign: bool, abs: u32) -> u32 {
    if abs == 0 {
        0
    } else if abs >= 0x8000_0000 {
        round_pack32(sign, 0x9d, (abs >> 1) | (abs & 1))
    } else {
        norm_round_pack32(sign, 0x9c, abs)
    }
}

/// Magnitude `abs` (with `sign`) -> f64, always exact.
#[inline(always)]
fn u32_to_f64(sign: bool, abs: u32) -> u64 {
    if abs == 0 {
        return 0;
    }
    let shift = abs.leading_zeros() as i32 + 21;
    pack64(sign, 0x432 - shift, (abs as u64) << shift)
}

/// Magnitude `abs` (with `sign`) -> f32, rounding to nearest-even.
#[inline(always)]
fn u64_to_f32(sign: bool, abs: u64) -> u32 {
    if abs == 0 {
        return 0;
    }
    let shift = abs.leading_zeros() as i32 - 40;
    if shift >= 0 {
        return pack32(sign, 0x95 - shift, (abs << shift) as u32);
    }
    let shift = shift + 7;
    let sig = if shift < 0 {
        jam64(abs, shift.unsigned_abs())
    } else {
        abs << shift
    };
    round_pack32(sign, 0x9c - shift, sig as u32)
}

/// Magnitude `abs` (with `sign`) -> f64, rounding to nearest-even.
#[inline(always)]
fn u64_to_f64(sign: bool, abs: u64) -> u64 {
    if abs == 0 {
        0
    } else if abs >= 0x8000_0000_0000_0000 {
        round_pack64(sign, 0x43d, (abs >> 1) | (abs & 1))
    } else {
        norm_round_pack64(sign, 0x43c, abs)
    }
}

/// i32 (two's complement bits) -> f32.
pub fn i32_to_f32(a: u32) -> u32 {
    u32_to_f32(a >> 31 != 0, (a as i32).unsigned_abs())
}

/// u32 -> f32.
pub fn u32_to_f32_(a: u32) -> u32 {
    u32_to_f32(false, a)
}

/// i64 (two's complement bits) -> f32.
pub fn i64_to_f32(a: u64) -> u32 {
    u64_to_f32(a >> 63 != 0, (a as i64).unsigned_abs())
}

/// u64 -> f32.
pub fn u64_to_f32_(a: u64) -> u32 {
    u64_to_f32(false, a)
}

/// i32 (two's complement bits) -> f64 (exact).
pub fn i32_to_f64(a: u32) -> u64 {
    u32_to_f64(a >> 31 != 0, (a as i32).unsigned_abs())
}

/// u32 -> f64 (exact).
pub fn u32_to_f64_(a: u32) -> u64 {
    u32_to_f64(false, a)
}

/// i64 (two's complement bits) -> f64.
pub fn i64_to_f64(a: u64) -> u64 {
    u64_to_f64(a >> 63 != 0, (a as i64).unsigned_abs())
}

/// u64 -> f64.
pub fn u64_to_f64_(a: u64) -> u64 {
    u64_to_f64(false, a)
}

/// A float truncated toward zero: NaN, or a sign and magnitude where `huge` means
/// "at least 2^64" (infinities included) and `mag` is otherwise exact.
#[derive(Clone, Copy)]
pub struct Truncated {
    nan: bool,
    neg: bool,
    huge: bool,
    mag: u64,
}

/// Truncates the float with `frac_bits` fraction and `exp_bits` exponent bits
/// held in the low bits of `bits`.
#[inline(always)]
pub fn truncate(bits: u64, frac_bits: u32, exp_bits: u32) -> Truncated {
    let exp_max = (1u32 << exp_bits) - 1;
    let neg = (bits >> (frac_bits + exp_bits)) & 1 != 0;
    let e = ((bits >> frac_bits) as u32) & exp_max;
    let frac = bits & ((1u64 << frac_bits) - 1);
    let mut t = Truncated {
        nan: false,
        neg,
        huge: false,
        mag: 0,
    };
    if e == exp_max {
        t.nan = frac != 0;
        t.huge = true;
        return t;
    }
    let unbiased = e as i32 - (exp_max >> 1) as i32;
    if unbiased > 63 {
        t.huge = true;
    } else if unbiased >= 0 {
        let m = frac | (1u64 << frac_bits);
        let u = unbiased as u32;
        t.mag = if u >= frac_bits {
            m << (u - frac_bits)
        } else {
            m >> (frac_bits - u)
        };
    }
    t
}

/// Trapping-conversion verdict for a target range `[-max_neg, max_pos]`:
/// 0 in range, 1 NaN ("invalid conversion to integer"), 2 out of range
/// ("integer overflow").
#[inline(always)]
pub fn check(t: Truncated, max_pos: u64, max_neg: u64) -> u32 {
    if t.nan {
        1
    } else if t.huge || t.mag > if t.neg { max_neg } else { max_pos } {
        2
    } else {
        0
    }
}

/// Wasm saturating conversion to the range `[-max_neg, max_pos]` (NaN -> 0),
/// as two's complement bits (the caller keeps the low 32 for 32-bit targets).
#[inline(always)]
pub fn saturate(t: Truncated, max_pos: u64, max_neg: u64) -> u64 {
    if t.nan {
        0
    } else if t.neg {
        let m = if t.huge || t.mag > max_neg {
            max_neg
        } else {
            t.mag
        };
        m.wrapping_neg()
    } else if t.huge || t.mag > max_pos {
        max_pos
    } else {
        t.mag
    }
}

/// [`truncate`] for f32 bits.
#[inline(always)]
pub fn truncate32(a: u32) -> Truncated {
    truncate(a as u64, 23, 8)
}

/// [`truncate`] for f64 bits.
#[inline(always)]
pub fn truncate64(a: u64) -> Truncated {
    truncate(a, 52, 11)
}

/// Largest i32 as a magnitude bound.
pub const I32_MAX: u64 = 0x7fff_ffff;
/// Magnitude of the smallest i32.
pub const I32_MIN_MAG: u64 = 0x8000_0000;
/// Largest u32.
pub const U32_MAX: u64 = 0xffff_ffff;
/// Largest i64 as a magnitude bound.
pub const I64_MAX: u64 = 0x7fff_ffff_ffff_ffff;
/// Magnitude of the smallest i64.
pub const I64_MIN_MAG: u64 = 0x8000_0000_0000_0000;
/// Largest u64.
pub const U64_MAX: u64 = u64::MAX;
