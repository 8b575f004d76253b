//! binary64 arithmetic: add, sub, mul, div, sqrt and rounding to an integral value.
//!
//! Operands and results are f64 bit patterns in `u64`. The structure mirrors
//! [`crate::f32`]; the differences are that the 106-bit product is assembled from
//! four 32x32-bit partial products (no `u128`, which would pull in a helper call),
//! division produces its quotient in 11-bit digits with 64-bit integer divisions,
//! and square root finds the root's high half digit by digit in 32 bits and its
//! low half by one division, corrected against the exact 128-bit remainder.

use crate::f32::Mode;
use crate::round::{jam64, norm_round_pack64, pack64, round_pack64, unpack64, INF64, NAN64};

const SIGN: u64 = 0x8000_0000_0000_0000;
const ABS: u64 = 0x7fff_ffff_ffff_ffff;
const FRAC: u64 = 0x000f_ffff_ffff_ffff;
const HIDDEN: u64 = 0x0010_0000_0000_0000;

/// `a + b` with IEEE 754 semantics (magnitude-ordered, sticky-bit alignment).
pub fn add(a: u64, b: u64) -> u64 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    if abs_a > INF64 || abs_b > INF64 {
        return NAN64;
    }
    let (x, y) = if abs_a >= abs_b { (a, b) } else { (b, a) };
    let (abs_x, abs_y) = (x & ABS, y & ABS);
    let sign = x & SIGN != 0;
    let diff_sign = (x ^ y) & SIGN != 0;
    if abs_x == INF64 {
        return if diff_sign && abs_y == INF64 {
            NAN64
        } else {
            x
        };
    }
    if abs_y == 0 {
        return if abs_x == 0 && diff_sign { 0 } else { x };
    }
    let ex = (abs_x >> 52) as i32;
    let ey = (abs_y >> 52) as i32;
    // Subnormals use exponent 1 without a hidden bit, so both align uniformly.
    let (ex, mx) = if ex == 0 {
        (1, abs_x)
    } else {
        (ex, (abs_x & FRAC) | HIDDEN)
    };
    let (ey, my) = if ey == 0 {
        (1, abs_y)
    } else {
        (ey, (abs_y & FRAC) | HIDDEN)
    };
    let mx = mx << 10;
    let my = jam64(my << 10, (ex - ey) as u32);
    if diff_sign {
        let m = mx - my;
        if m == 0 {
            return 0;
        }
        norm_round_pack64(sign, ex - 1, m)
    } else {
        let mut m = mx + my;
        let mut e = ex - 1;
        if m >= SIGN {
            m = (m >> 1) | (m & 1);
            e += 1;
        }
        round_pack64(sign, e, m)
    }
}

/// `a - b`: addition of the negated subtrahend.
pub fn sub(a: u64, b: u64) -> u64 {
    add(a, b ^ SIGN)
}

/// The 128-bit product `a * b` as (high, low) words, built from 32x32-bit
/// partial products so no `u128` helper is needed.
#[inline(always)]
fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    let (a0, a1) = (a & 0xffff_ffff, a >> 32);
    let (b0, b1) = (b & 0xffff_ffff, b >> 32);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 32) + (p01 & 0xffff_ffff) + (p10 & 0xffff_ffff);
    let lo = (p00 & 0xffff_ffff) | (mid << 32);
    let hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    (hi, lo)
}

/// High 64 bits of `a * b` with the low 64 bits jammed into bit 0.
#[inline(always)]
fn mul_jam(a: u64, b: u64) -> u64 {
    let (hi, lo) = mul_wide(a, b);
    hi | (lo != 0) as u64
}

/// `a * b`: exact 106-bit significand product, high half plus sticky bit.
pub fn mul(a: u64, b: u64) -> u64 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    let sign = (a ^ b) & SIGN != 0;
    if abs_a > INF64 || abs_b > INF64 {
        return NAN64;
    }
    if abs_a == INF64 || abs_b == INF64 {
        return if abs_a == 0 || abs_b == 0 {
            NAN64
        } else {
            pack64(sign, 0x7ff, 0)
        };
    }
    if abs_a == 0 || abs_b == 0 {
        return pack64(sign, 0, 0);
    }
    let (ea, ma) = unpack64(abs_a);
    let (eb, mb) = unpack64(abs_b);
    let mut e = ea + eb - 0x3ff;
    let mut z = mul_jam(ma << 10, mb << 11);
    if z < 0x4000_0000_0000_0000 {
        e -= 1;
        z <<= 1;
    }
    round_pack64(sign, e, z)
}

/// `a / b`: 55 quotient bits (53, a rounding bit and one spare) from five 64-bit
/// integer divisions; a nonzero remainder becomes the sticky bit.
pub fn div(a: u64, b: u64) -> u64 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    let sign = (a ^ b) & SIGN != 0;
    if abs_a > INF64 || abs_b > INF64 {
        return NAN64;
    }
    if abs_a == INF64 {
        return if abs_b == INF64 {
            NAN64
        } else {
            pack64(sign, 0x7ff, 0)
        };
    }
    if abs_b == INF64 {
        return pack64(sign, 0, 0);
    }
    if abs_b == 0 {
        return if abs_a == 0 {
            NAN64
        } else {
            pack64(sign, 0x7ff, 0)
        };
    }
    if abs_a == 0 {
        return pack64(sign, 0, 0);
    }
    let (ea, mut r) = unpack64(abs_a);
    let (eb, mb) = unpack64(abs_b);
    let mut e = ea - eb + 0x3fe;
    if r < mb {
        e -= 1;
        r <<= 1;
    }
    // r in [mb, 2 mb). The quotient floor(r * 2^54 / mb) in [2^54, 2^55) comes in
    // five digits (10 + 4 x 11 bits), each one 64-bit division: the partial
    // remainder stays below mb < 2^53, so shifting it by 11 never overflows.
    // (ORing the hidden bit again lets the optimiser drop the /0 panic path.)
    let d = mb | HIDDEN;
    let n = r << 10;
    let mut q = n / d;
    r = n - q * d;
    let mut i = 0;
    while i < 4 {
        let n = r << 11;
        let digit = n / d;
        r = n - digit * d;
        q = (q << 11) | digit;
        i += 1;
    }
    round_pack64(sign, e, (q << 8) | (r != 0) as u64)
}

/// `sqrt(a)`: integer square root of the significand scaled by 2^54 (54 result
/// bits: 53 plus a rounding bit; a nonzero remainder is the sticky bit), the high
/// half digit by digit, the low half by one division and an exact correction.
pub fn sqrt(a: u64) -> u64 {
    let abs = a & ABS;
    if abs > INF64 {
        return NAN64;
    }
    if abs == 0 {
        return a;
    }
    if a & SIGN != 0 {
        return NAN64;
    }
    if abs == INF64 {
        return a;
    }
    let (e, mut m) = unpack64(abs);
    // value = m * 2^k; make k even so m is in [2^52, 2^54).
    let mut k = e - 1075;
    if k & 1 != 0 {
        m <<= 1;
        k -= 1;
    }
    // The radicand is N = m << 54. Its root S = Q * 2^27 + x (54 bits) comes in
    // two halves. Q = floor(sqrt(m)) in [2^26, 2^27) digit by digit: partial root
    // and remainder R = m - Q^2 <= 2Q fit in 32 bits (m's top 32 bits feed 16
    // digit pairs, its low 22 bits 11 more).
    let mut q: u32 = 0;
    let mut r: u32 = 0;
    let mut top = (m >> 22) as u32;
    let mut i = 0;
    while i < 27 {
        if i == 16 {
            top = (m as u32) << 10;
        }
        r = (r << 2) | (top >> 30);
        top <<= 2;
        let t = (q << 2) | 1;
        q <<= 1;
        if r >= t {
            r -= t;
            q |= 1;
        }
        i += 1;
    }
    // Then x from one division: S^2 <= N iff x * (Q * 2^28 + x) <= R * 2^54, so
    // x <= R * 2^26 / Q; and x^2 < 2^54 <= Q * 2^28 puts x at most two below that
    // estimate. Step down while the exact remainder N - S^2 (128 bits in two
    // words, two's complement) is negative, using rem(S - 1) = rem(S) + 2S - 1.
    // (ORing Q's known top bit lets the optimiser drop the /0 panic path.)
    let q = q as u64 | (1 << 26);
    let mut s = (q << 27) + ((r as u64) << 26) / q;
    let (sq_hi, sq_lo) = mul_wide(s, s);
    let n_lo = m << 54;
    let mut lo = n_lo.wrapping_sub(sq_lo);
    let mut hi = (m >> 10)
        .wrapping_sub(sq_hi)
        .wrapping_sub((n_lo < sq_lo) as u64);
    while hi >> 63 != 0 {
        let step = (s << 1) - 1;
        s -= 1;
        let sum = lo.wrapping_add(step);
        hi = hi.wrapping_add((sum < lo) as u64);
        lo = sum;
    }
    let (q, r) = (s, hi | lo);
    round_pack64(false, ((k - 54) >> 1) + 1075, (q << 9) | (r != 0) as u64)
}

/// Rounds `a` to an integral value in direction `mode` by masking fraction bits
/// of the bit pattern (a carry propagates into the exponent field correctly).
#[inline(always)]
pub fn round_int(a: u64, mode: Mode) -> u64 {
    let e = ((a >> 52) & 0x7ff) as u32;
    let sign = a & SIGN;
    if e <= 0x3fe {
        if a & ABS == 0 {
            return a;
        }
        return match mode {
            Mode::Nearest if e == 0x3fe && a & FRAC != 0 => sign | 0x3ff0_0000_0000_0000,
            Mode::Floor if sign != 0 => 0xbff0_0000_0000_0000,
            Mode::Ceil if sign == 0 => 0x3ff0_0000_0000_0000,
            _ => sign,
        };
    }
    if e >= 0x433 {
        return if a & ABS > INF64 { NAN64 } else { a };
    }
    let last = 1u64 << (0x433 - e);
    let mask = last - 1;
    let mut z = a;
    match mode {
        Mode::Nearest => {
            z += last >> 1;
            if z & mask == 0 {
                z &= !last;
            }
        }
        Mode::Floor if sign != 0 => z += mask,
        Mode::Ceil if sign == 0 => z += mask,
        _ => {}
    }
    z & !mask
}
