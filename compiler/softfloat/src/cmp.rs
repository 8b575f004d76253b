//! Comparisons and Wasm `min`/`max` for both formats.
//!
//! A finite or infinite value maps to an unsigned key that orders like the number
//! (negative values: bitwise NOT, non-negative values: sign bit set), so one
//! unsigned comparison orders any two non-NaN values. That key puts -0 below +0,
//! which is exactly Wasm's `min`/`max` rule; the IEEE comparisons treat the two
//! zeros as equal separately. Any NaN operand makes `eq/lt/le/gt/ge` false, `ne`
//! true and `min`/`max` the canonical NaN.

use crate::round::{INF32, INF64, NAN32, NAN64};

/// Monotonic unsigned key of a non-NaN f32 (-0 < +0).
#[inline(always)]
fn key32(a: u32) -> u32 {
    if a & 0x8000_0000 != 0 {
        !a
    } else {
        a | 0x8000_0000
    }
}

/// Monotonic unsigned key of a non-NaN f64 (-0 < +0).
#[inline(always)]
fn key64(a: u64) -> u64 {
    if a & 0x8000_0000_0000_0000 != 0 {
        !a
    } else {
        a | 0x8000_0000_0000_0000
    }
}

/// Whether either f32 operand is a NaN (unordered).
#[inline(always)]
fn nan32(a: u32, b: u32) -> bool {
    a & 0x7fff_ffff > INF32 || b & 0x7fff_ffff > INF32
}

/// Whether either f64 operand is a NaN (unordered).
#[inline(always)]
fn nan64(a: u64, b: u64) -> bool {
    a & 0x7fff_ffff_ffff_ffff > INF64 || b & 0x7fff_ffff_ffff_ffff > INF64
}

/// f32 `a == b` (+0 == -0, NaN unequal to everything).
pub fn eq32(a: u32, b: u32) -> u32 {
    (!nan32(a, b) && (a == b || (a | b) << 1 == 0)) as u32
}

/// f32 `a < b`.
pub fn lt32(a: u32, b: u32) -> u32 {
    (!nan32(a, b) && (a | b) << 1 != 0 && key32(a) < key32(b)) as u32
}

/// f32 `a <= b`.
pub fn le32(a: u32, b: u32) -> u32 {
    (!nan32(a, b) && ((a | b) << 1 == 0 || key32(a) <= key32(b))) as u32
}

/// f64 `a == b` (+0 == -0, NaN unequal to everything).
pub fn eq64(a: u64, b: u64) -> u32 {
    (!nan64(a, b) && (a == b || (a | b) << 1 == 0)) as u32
}

/// f64 `a < b`.
pub fn lt64(a: u64, b: u64) -> u32 {
    (!nan64(a, b) && (a | b) << 1 != 0 && key64(a) < key64(b)) as u32
}

/// f64 `a <= b`.
pub fn le64(a: u64, b: u64) -> u32 {
    (!nan64(a, b) && ((a | b) << 1 == 0 || key64(a) <= key64(b))) as u32
}

/// Wasm f32 `min`: canonical NaN if either is NaN, and -0 < +0.
pub fn min32(a: u32, b: u32) -> u32 {
    if nan32(a, b) {
        NAN32
    } else if key32(a) <= key32(b) {
        a
    } else {
        b
    }
}

/// Wasm f32 `max`: canonical NaN if either is NaN, and -0 < +0.
pub fn max32(a: u32, b: u32) -> u32 {
    if nan32(a, b) {
        NAN32
    } else if key32(a) >= key32(b) {
        a
    } else {
        b
    }
}

/// Wasm f64 `min`: canonical NaN if either is NaN, and -0 < +0.
pub fn min64(a: u64, b: u64) -> u64 {
    if nan64(a, b) {
        NAN64
    } else if key64(a) <= key64(b) {
        a
    } else {
        b
    }
}

/// Wasm f64 `max`: canonical NaN if either is NaN, and -0 < +0.
pub fn max64(a: u64, b: u64) -> u64 {
    if nan64(a, b) {
        NAN64
    } else if key64(a) >= key64(b) {
        a
    } else {
        b
    }
}
