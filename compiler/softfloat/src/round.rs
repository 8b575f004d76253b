//! Shared pack/round/shift helpers for both formats.
//!
//! Conventions (those of Berkeley SoftFloat, re-derived here): an intermediate
//! result is `(sign, exp, sig)` where `sig` carries the hidden bit at bit 30 (f32,
//! 7 rounding bits below the 23-bit fraction) or bit 62 (f64, 10 rounding bits), and
//! `exp` is the biased exponent **minus one**, because packing *adds* the significand
//! (hidden bit included) to the shifted exponent, so the hidden bit carries one into
//! the exponent field. A subnormal result has `exp == 0` and no hidden bit, which packs
//! to exponent field 0; rounding that carries into the hidden bit then yields the
//! smallest normal number, as IEEE 754 requires. Rounding is always
//! round-to-nearest, ties-to-even (the only mode Wasm has).
//!
//! Bits shifted out to the right are "jammed" into the lowest bit (sticky bit), so a
//! value that lies strictly between two rounding points never looks like a tie.

/// The canonical f32 NaN every NaN-producing f32 operation returns (Wasm's
/// canonical NaN, positive sign), so results are the same bits on every host.
pub const NAN32: u32 = 0x7fc0_0000;
/// The canonical f64 NaN every NaN-producing f64 operation returns.
pub const NAN64: u64 = 0x7ff8_0000_0000_0000;
/// f32 +infinity bits; any magnitude above it is a NaN.
pub const INF32: u32 = 0x7f80_0000;
/// f64 +infinity bits; any magnitude above it is a NaN.
pub const INF64: u64 = 0x7ff0_0000_0000_0000;

/// Packs sign, exponent (biased, minus one if `sig` has a hidden bit) and
/// significand into f32 bits; the significand is *added* so its hidden bit carries.
#[inline(always)]
pub fn pack32(sign: bool, exp: i32, sig: u32) -> u32 {
    ((sign as u32) << 31)
        .wrapping_add((exp as u32) << 23)
        .wrapping_add(sig)
}

/// f64 counterpart of [`pack32`].
#[inline(always)]
pub fn pack64(sign: bool, exp: i32, sig: u64) -> u64 {
    ((sign as u64) << 63)
        .wrapping_add((exp as u64) << 52)
        .wrapping_add(sig)
}

/// `a >> dist` with every shifted-out bit ORed into bit 0 (any `dist`).
#[inline(always)]
pub fn jam32(a: u32, dist: u32) -> u32 {
    if dist == 0 {
        a
    } else if dist < 32 {
        (a >> dist) | ((a << (32 - dist)) != 0) as u32
    } else {
        (a != 0) as u32
    }
}

/// `a >> dist` with every shifted-out bit ORed into bit 0 (any `dist`).
#[inline(always)]
pub fn jam64(a: u64, dist: u32) -> u64 {
    if dist == 0 {
        a
    } else if dist < 64 {
        (a >> dist) | ((a << (64 - dist)) != 0) as u64
    } else {
        (a != 0) as u64
    }
}

/// Rounds `sig` (hidden bit at 30 or `exp == 0`, `sig < 2^31`) to nearest-even and
/// packs it, producing subnormals, zero or infinity when `exp` is out of range.
#[inline(never)]
pub fn round_pack32(sign: bool, exp: i32, sig: u32) -> u32 {
    let mut exp = exp;
    let mut sig = sig;
    if (exp as u32) >= 0xfd {
        if exp < 0 {
            sig = jam32(sig, exp.unsigned_abs());
            exp = 0;
        } else if exp > 0xfd || sig + 0x40 >= 0x8000_0000 {
            return pack32(sign, 0xff, 0);
        }
    }
    let round_bits = sig & 0x7f;
    let mut z = (sig + 0x40) >> 7;
    if round_bits == 0x40 {
        z &= !1;
    }
    if z == 0 {
        exp = 0;
    }
    pack32(sign, exp, z)
}

/// Rounds `sig` (hidden bit at 62 or `exp == 0`, `sig < 2^63`) to nearest-even and
/// packs it, producing subnormals, zero or infinity when `exp` is out of range.
#[inline(never)]
pub fn round_pack64(sign: bool, exp: i32, sig: u64) -> u64 {
    let mut exp = exp;
    let mut sig = sig;
    if (exp as u32) >= 0x7fd {
        if exp < 0 {
            sig = jam64(sig, exp.unsigned_abs());
            exp = 0;
        } else if exp > 0x7fd || sig + 0x200 >= 0x8000_0000_0000_0000 {
            return pack64(sign, 0x7ff, 0);
        }
    }
    let round_bits = sig & 0x3ff;
    let mut z = (sig + 0x200) >> 10;
    if round_bits == 0x200 {
        z &= !1;
    }
    if z == 0 {
        exp = 0;
    }
    pack64(sign, exp, z)
}

/// Normalises a nonzero `sig < 2^31` so its top bit lands on bit 30, then rounds
/// and packs (skipping the rounding when no bit can be lost).
#[inline(never)]
pub fn norm_round_pack32(sign: bool, exp: i32, sig: u32) -> u32 {
    let shift = sig.leading_zeros() as i32 - 1;
    let exp = exp - shift;
    if shift >= 7 && (exp as u32) < 0xfd {
        pack32(sign, exp, sig << (shift - 7))
    } else {
        round_pack32(sign, exp, sig << shift)
    }
}

/// Normalises a nonzero `sig < 2^63` so its top bit lands on bit 62, then rounds
/// and packs (skipping the rounding when no bit can be lost).
#[inline(never)]
pub fn norm_round_pack64(sign: bool, exp: i32, sig: u64) -> u64 {
    let shift = sig.leading_zeros() as i32 - 1;
    let exp = exp - shift;
    if shift >= 10 && (exp as u32) < 0x7fd {
        pack64(sign, exp, sig << (shift - 10))
    } else {
        round_pack64(sign, exp, sig << shift)
    }
}

/// Splits a finite nonzero f32 magnitude into (biased exponent, 24-bit significand
/// with the hidden bit at 23); subnormals are normalised, giving `exp <= 0`.
#[inline(always)]
pub fn unpack32(abs: u32) -> (i32, u32) {
    let exp = (abs >> 23) as i32;
    let frac = abs & 0x007f_ffff;
    if exp == 0 {
        let shift = frac.leading_zeros() as i32 - 8;
        (1 - shift, frac << shift)
    } else {
        (exp, frac | 0x0080_0000)
    }
}

/// Splits a finite nonzero f64 magnitude into (biased exponent, 53-bit significand
/// with the hidden bit at 52); subnormals are normalised, giving `exp <= 0`.
#[inline(always)]
pub fn unpack64(abs: u64) -> (i32, u64) {
    let exp = (abs >> 52) as i32;
    let frac = abs & 0x000f_ffff_ffff_ffff;
    if exp == 0 {
        let shift = frac.leading_zeros() as i32 - 11;
        (1 - shift, frac << shift)
    } else {
        (exp, frac | 0x0010_0000_0000_0000)
    }
}
