//! binary32 arithmetic: add, sub, mul, div, sqrt and rounding to an integral value.
//!
//! Operands and results are f32 bit patterns in `u32`. Special operands (NaN,
//! infinity, zero) are dispatched first; finite operands are unpacked to a
//! normalised significand, combined exactly or with a sticky bit, and handed to
//! [`round_pack32`]/[`norm_round_pack32`] for the single rounding step.

use crate::round::{jam32, norm_round_pack32, pack32, round_pack32, unpack32, INF32, NAN32};

const SIGN: u32 = 0x8000_0000;
const ABS: u32 = 0x7fff_ffff;

/// `a + b` with IEEE 754 semantics (magnitude-ordered, sticky-bit alignment).
pub fn add(a: u32, b: u32) -> u32 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    if abs_a > INF32 || abs_b > INF32 {
        return NAN32;
    }
    let (x, y) = if abs_a >= abs_b { (a, b) } else { (b, a) };
    let (abs_x, abs_y) = (x & ABS, y & ABS);
    let sign = x & SIGN != 0;
    let diff_sign = (x ^ y) & SIGN != 0;
    if abs_x == INF32 {
        return if diff_sign && abs_y == INF32 {
            NAN32
        } else {
            x
        };
    }
    if abs_y == 0 {
        return if abs_x == 0 && diff_sign { 0 } else { x };
    }
    let ex = (abs_x >> 23) as i32;
    let ey = (abs_y >> 23) as i32;
    // Subnormals use exponent 1 without a hidden bit, so both align uniformly.
    let (ex, mx) = if ex == 0 {
        (1, abs_x)
    } else {
        (ex, (abs_x & 0x007f_ffff) | 0x0080_0000)
    };
    let (ey, my) = if ey == 0 {
        (1, abs_y)
    } else {
        (ey, (abs_y & 0x007f_ffff) | 0x0080_0000)
    };
    let mx = mx << 7;
    let my = jam32(my << 7, (ex - ey) as u32);
    if diff_sign {
        let m = mx - my;
        if m == 0 {
            return 0;
        }
        norm_round_pack32(sign, ex - 1, m)
    } else {
        let mut m = mx + my;
        let mut e = ex - 1;
        if m >= 0x8000_0000 {
            m = (m >> 1) | (m & 1);
            e += 1;
        }
        round_pack32(sign, e, m)
    }
}

/// `a - b`: addition of the negated subtrahend (exact for every operand, NaNs
/// become canonical anyway).
pub fn sub(a: u32, b: u32) -> u32 {
    add(a, b ^ SIGN)
}

/// `a * b`: the 24x24-bit significand product is formed exactly in a `u64`.
pub fn mul(a: u32, b: u32) -> u32 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    let sign = (a ^ b) & SIGN != 0;
    if abs_a > INF32 || abs_b > INF32 {
        return NAN32;
    }
    if abs_a == INF32 || abs_b == INF32 {
        return if abs_a == 0 || abs_b == 0 {
            NAN32
        } else {
            pack32(sign, 0xff, 0)
        };
    }
    if abs_a == 0 || abs_b == 0 {
        return pack32(sign, 0, 0);
    }
    let (ea, ma) = unpack32(abs_a);
    let (eb, mb) = unpack32(abs_b);
    let mut e = ea + eb - 0x7f;
    let p = ((ma << 7) as u64) * ((mb << 8) as u64);
    let mut z = (p >> 32) as u32 | (p as u32 != 0) as u32;
    if z < 0x4000_0000 {
        e -= 1;
        z <<= 1;
    }
    round_pack32(sign, e, z)
}

/// `a / b`: one 64-by-32-bit integer division gives 31 quotient bits; a nonzero
/// remainder sets the sticky bit.
pub fn div(a: u32, b: u32) -> u32 {
    let (abs_a, abs_b) = (a & ABS, b & ABS);
    let sign = (a ^ b) & SIGN != 0;
    if abs_a > INF32 || abs_b > INF32 {
        return NAN32;
    }
    if abs_a == INF32 {
        return if abs_b == INF32 {
            NAN32
        } else {
            pack32(sign, 0xff, 0)
        };
    }
    if abs_b == INF32 {
        return pack32(sign, 0, 0);
    }
    if abs_b == 0 {
        return if abs_a == 0 {
            NAN32
        } else {
            pack32(sign, 0xff, 0)
        };
    }
    if abs_a == 0 {
        return pack32(sign, 0, 0);
    }
    let (ea, ma) = unpack32(abs_a);
    let (eb, mb) = unpack32(abs_b);
    let mut e = ea - eb + 0x7e;
    let n = if ma < mb {
        e -= 1;
        (ma as u64) << 31
    } else {
        (ma as u64) << 30
    };
    // `mb` has its hidden bit set; ORing it again lets the optimiser drop the
    // divide-by-zero panic path (which would pull in memory and data).
    let d = (mb | 0x0080_0000) as u64;
    let q = n / d;
    let mut z = q as u32;
    if z & 0x3f == 0 {
        z |= (q * d != n) as u32;
    }
    round_pack32(sign, e, z)
}

/// `sqrt(a)`: digit-by-digit integer square root of the scaled significand
/// (25 result bits: 24 plus a rounding bit; the remainder is the sticky bit; a
/// square root is never exactly halfway, so this rounds correctly).
pub fn sqrt(a: u32) -> u32 {
    let abs = a & ABS;
    if abs > INF32 {
        return NAN32;
    }
    if abs == 0 {
        return a;
    }
    if a & SIGN != 0 {
        return NAN32;
    }
    if abs == INF32 {
        return a;
    }
    let (e, mut m) = unpack32(abs);
    // value = m * 2^k; make k odd so (k - 25) is even and m in [2^23, 2^25).
    let mut k = e - 150;
    if k & 1 == 0 {
        m <<= 1;
        k -= 1;
    }
    // The radicand is m << 25 (50 bits, 25 digit pairs): m's 25 bits, top-aligned
    // in `top`, supply the leading pairs and zeros shift in after them. Only
    // 32-bit operations and constant shifts, which are cheap on RV32.
    let mut top = m << 7;
    let mut q: u32 = 0;
    let mut r: u32 = 0;
    let mut i = 0;
    while i < 25 {
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
    let z = (q << 6) | (r != 0) as u32;
    round_pack32(false, ((k - 25) >> 1) + 150, z)
}

/// Rounding direction for [`round_int`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Toward +infinity (`ceil`).
    Ceil,
    /// Toward -infinity (`floor`).
    Floor,
    /// Toward zero (`trunc`).
    Trunc,
    /// To nearest, ties to even (`nearest`).
    Nearest,
}

/// Rounds `a` to an integral value in direction `mode` by masking fraction bits
/// of the bit pattern (a carry propagates into the exponent field correctly).
#[inline(always)]
pub fn round_int(a: u32, mode: Mode) -> u32 {
    let e = (a >> 23) & 0xff;
    let sign = a & SIGN;
    if e <= 0x7e {
        if a & ABS == 0 {
            return a;
        }
        return match mode {
            Mode::Nearest if e == 0x7e && a & 0x007f_ffff != 0 => sign | 0x3f80_0000,
            Mode::Floor if sign != 0 => 0xbf80_0000,
            Mode::Ceil if sign == 0 => 0x3f80_0000,
            _ => sign,
        };
    }
    if e >= 0x96 {
        return if a & ABS > INF32 { NAN32 } else { a };
    }
    let last = 1u32 << (0x96 - e);
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
