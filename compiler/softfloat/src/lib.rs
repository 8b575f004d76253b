//! Bit-exact IEEE 754 binary32/binary64 software floating point with WebAssembly
//! semantics, for Rivet's integer-only RV32EM target.
//!
//! # Representation
//! Every value travels as its bit pattern: f32 as `u32` (Wasm `i32`), f64 as `u64`
//! (Wasm `i64`). The code is integer-only (`u32`/`u64`, no `u128`, no floats, no
//! memory, no statics), so the wasm32 build (`scripts/build-softfloat.sh`, the
//! checked-in `softfloat.wasm`) has no memory, globals, tables, data or float
//! instructions, and the compiler translates it like any other integer Wasm.
//!
//! # Semantics
//! - Rounding is round-to-nearest, ties-to-even, the only mode Wasm has; each
//!   operation rounds once ([`round`] holds the shared normalise/round/pack step).
//! - Every NaN result is the canonical NaN ([`NAN32`] = `0x7fc00000`, [`NAN64`] =
//!   `0x7ff8000000000000`), whatever the operands' payloads, so results are the same
//!   bits on every host (Wasm allows any NaN there; Rivet fixes one).
//! - `min`/`max` return NaN if either operand is NaN and order -0 below +0;
//!   comparisons are IEEE (NaN unordered, +0 == -0); `nearest` rounds half to even;
//!   saturating truncations map NaN to 0 and clamp; `trunc_check_*` tells the
//!   compiler whether the trapping truncation traps, and why.
//! - abs/neg/copysign/reinterpret are bit operations the compiler does inline.
//!
//! # Exports (60, names and Wasm signatures as in FLOAT-ABI.md)
//! For T in f32, f64: `T_add T_sub T_mul T_div T_min T_max` (T,T)->T;
//! `T_sqrt T_ceil T_floor T_trunc T_nearest` (T)->T; `T_eq T_ne T_lt T_gt T_le
//! T_ge` (T,T)->i32; `f32_demote_f64`, `f64_promote_f32`; `T_convert_i32_s/u`,
//! `T_convert_i64_s/u`; `i32_trunc_sat_T_s/u`, `i64_trunc_sat_T_s/u`;
//! `trunc_check_T_i32_s/u`, `trunc_check_T_i64_s/u`. On wasm32 they are
//! `#[no_mangle] extern "C"` exports; on the host they are ordinary functions that
//! the tests compare against the host's IEEE hardware.
#![no_std]

pub mod cmp;
pub mod convert;
pub mod f32;
pub mod f64;
pub mod round;

use convert::{
    check, saturate, truncate32, truncate64, I32_MAX, I32_MIN_MAG, I64_MAX, I64_MIN_MAG, U32_MAX,
    U64_MAX,
};
use f32::Mode;
pub use round::{NAN32, NAN64};

/// Declares the exported functions: `#[no_mangle]` on wasm32 only, so the host
/// build stays an ordinary library.
macro_rules! exports {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident: $t:ty),*) -> $r:ty $body:block)*) => {
        $(
            $(#[$doc])*
            #[cfg_attr(target_arch = "wasm32", no_mangle)]
            pub extern "C" fn $name($($arg: $t),*) -> $r $body
        )*
    };
}

exports! {
    /// f32 addition.
    fn f32_add(a: u32, b: u32) -> u32 { f32::add(a, b) }
    /// f32 subtraction.
    fn f32_sub(a: u32, b: u32) -> u32 { f32::sub(a, b) }
    /// f32 multiplication.
    fn f32_mul(a: u32, b: u32) -> u32 { f32::mul(a, b) }
    /// f32 division.
    fn f32_div(a: u32, b: u32) -> u32 { f32::div(a, b) }
    /// Wasm f32.min.
    fn f32_min(a: u32, b: u32) -> u32 { cmp::min32(a, b) }
    /// Wasm f32.max.
    fn f32_max(a: u32, b: u32) -> u32 { cmp::max32(a, b) }
    /// f32 square root.
    fn f32_sqrt(a: u32) -> u32 { f32::sqrt(a) }
    /// f32 round toward +infinity.
    fn f32_ceil(a: u32) -> u32 { f32::round_int(a, Mode::Ceil) }
    /// f32 round toward -infinity.
    fn f32_floor(a: u32) -> u32 { f32::round_int(a, Mode::Floor) }
    /// f32 round toward zero.
    fn f32_trunc(a: u32) -> u32 { f32::round_int(a, Mode::Trunc) }
    /// f32 round to nearest, ties to even.
    fn f32_nearest(a: u32) -> u32 { f32::round_int(a, Mode::Nearest) }
    /// f32 `==` (0/1).
    fn f32_eq(a: u32, b: u32) -> u32 { cmp::eq32(a, b) }
    /// f32 `!=` (0/1; 1 when either is NaN).
    fn f32_ne(a: u32, b: u32) -> u32 { cmp::eq32(a, b) ^ 1 }
    /// f32 `<` (0/1).
    fn f32_lt(a: u32, b: u32) -> u32 { cmp::lt32(a, b) }
    /// f32 `>` (0/1).
    fn f32_gt(a: u32, b: u32) -> u32 { cmp::lt32(b, a) }
    /// f32 `<=` (0/1).
    fn f32_le(a: u32, b: u32) -> u32 { cmp::le32(a, b) }
    /// f32 `>=` (0/1).
    fn f32_ge(a: u32, b: u32) -> u32 { cmp::le32(b, a) }
    /// f64 addition.
    fn f64_add(a: u64, b: u64) -> u64 { f64::add(a, b) }
    /// f64 subtraction.
    fn f64_sub(a: u64, b: u64) -> u64 { f64::sub(a, b) }
    /// f64 multiplication.
    fn f64_mul(a: u64, b: u64) -> u64 { f64::mul(a, b) }
    /// f64 division.
    fn f64_div(a: u64, b: u64) -> u64 { f64::div(a, b) }
    /// Wasm f64.min.
    fn f64_min(a: u64, b: u64) -> u64 { cmp::min64(a, b) }
    /// Wasm f64.max.
    fn f64_max(a: u64, b: u64) -> u64 { cmp::max64(a, b) }
    /// f64 square root.
    fn f64_sqrt(a: u64) -> u64 { f64::sqrt(a) }
    /// f64 round toward +infinity.
    fn f64_ceil(a: u64) -> u64 { f64::round_int(a, Mode::Ceil) }
    /// f64 round toward -infinity.
    fn f64_floor(a: u64) -> u64 { f64::round_int(a, Mode::Floor) }
    /// f64 round toward zero.
    fn f64_trunc(a: u64) -> u64 { f64::round_int(a, Mode::Trunc) }
    /// f64 round to nearest, ties to even.
    fn f64_nearest(a: u64) -> u64 { f64::round_int(a, Mode::Nearest) }
    /// f64 `==` (0/1).
    fn f64_eq(a: u64, b: u64) -> u32 { cmp::eq64(a, b) }
    /// f64 `!=` (0/1; 1 when either is NaN).
    fn f64_ne(a: u64, b: u64) -> u32 { cmp::eq64(a, b) ^ 1 }
    /// f64 `<` (0/1).
    fn f64_lt(a: u64, b: u64) -> u32 { cmp::lt64(a, b) }
    /// f64 `>` (0/1).
    fn f64_gt(a: u64, b: u64) -> u32 { cmp::lt64(b, a) }
    /// f64 `<=` (0/1).
    fn f64_le(a: u64, b: u64) -> u32 { cmp::le64(a, b) }
    /// f64 `>=` (0/1).
    fn f64_ge(a: u64, b: u64) -> u32 { cmp::le64(b, a) }
    /// f64 -> f32, rounding to nearest-even.
    fn f32_demote_f64(a: u64) -> u32 { convert::demote(a) }
    /// f32 -> f64 (exact).
    fn f64_promote_f32(a: u32) -> u64 { convert::promote(a) }
    /// Signed i32 -> f32.
    fn f32_convert_i32_s(a: u32) -> u32 { convert::i32_to_f32(a) }
    /// Unsigned i32 -> f32.
    fn f32_convert_i32_u(a: u32) -> u32 { convert::u32_to_f32_(a) }
    /// Signed i64 -> f32.
    fn f32_convert_i64_s(a: u64) -> u32 { convert::i64_to_f32(a) }
    /// Unsigned i64 -> f32.
    fn f32_convert_i64_u(a: u64) -> u32 { convert::u64_to_f32_(a) }
    /// Signed i32 -> f64 (exact).
    fn f64_convert_i32_s(a: u32) -> u64 { convert::i32_to_f64(a) }
    /// Unsigned i32 -> f64 (exact).
    fn f64_convert_i32_u(a: u32) -> u64 { convert::u32_to_f64_(a) }
    /// Signed i64 -> f64.
    fn f64_convert_i64_s(a: u64) -> u64 { convert::i64_to_f64(a) }
    /// Unsigned i64 -> f64.
    fn f64_convert_i64_u(a: u64) -> u64 { convert::u64_to_f64_(a) }
    /// f32 -> i32 (signed), saturating; NaN -> 0.
    fn i32_trunc_sat_f32_s(a: u32) -> u32 { saturate(truncate32(a), I32_MAX, I32_MIN_MAG) as u32 }
    /// f32 -> i32 (unsigned), saturating; NaN -> 0.
    fn i32_trunc_sat_f32_u(a: u32) -> u32 { saturate(truncate32(a), U32_MAX, 0) as u32 }
    /// f32 -> i64 (signed), saturating; NaN -> 0.
    fn i64_trunc_sat_f32_s(a: u32) -> u64 { saturate(truncate32(a), I64_MAX, I64_MIN_MAG) }
    /// f32 -> i64 (unsigned), saturating; NaN -> 0.
    fn i64_trunc_sat_f32_u(a: u32) -> u64 { saturate(truncate32(a), U64_MAX, 0) }
    /// f64 -> i32 (signed), saturating; NaN -> 0.
    fn i32_trunc_sat_f64_s(a: u64) -> u32 { saturate(truncate64(a), I32_MAX, I32_MIN_MAG) as u32 }
    /// f64 -> i32 (unsigned), saturating; NaN -> 0.
    fn i32_trunc_sat_f64_u(a: u64) -> u32 { saturate(truncate64(a), U32_MAX, 0) as u32 }
    /// f64 -> i64 (signed), saturating; NaN -> 0.
    fn i64_trunc_sat_f64_s(a: u64) -> u64 { saturate(truncate64(a), I64_MAX, I64_MIN_MAG) }
    /// f64 -> i64 (unsigned), saturating; NaN -> 0.
    fn i64_trunc_sat_f64_u(a: u64) -> u64 { saturate(truncate64(a), U64_MAX, 0) }
    /// Verdict for the trapping f32 -> i32 (signed): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f32_i32_s(a: u32) -> u32 { check(truncate32(a), I32_MAX, I32_MIN_MAG) }
    /// Verdict for the trapping f32 -> i32 (unsigned): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f32_i32_u(a: u32) -> u32 { check(truncate32(a), U32_MAX, 0) }
    /// Verdict for the trapping f32 -> i64 (signed): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f32_i64_s(a: u32) -> u32 { check(truncate32(a), I64_MAX, I64_MIN_MAG) }
    /// Verdict for the trapping f32 -> i64 (unsigned): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f32_i64_u(a: u32) -> u32 { check(truncate32(a), U64_MAX, 0) }
    /// Verdict for the trapping f64 -> i32 (signed): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f64_i32_s(a: u64) -> u32 { check(truncate64(a), I32_MAX, I32_MIN_MAG) }
    /// Verdict for the trapping f64 -> i32 (unsigned): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f64_i32_u(a: u64) -> u32 { check(truncate64(a), U32_MAX, 0) }
    /// Verdict for the trapping f64 -> i64 (signed): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f64_i64_s(a: u64) -> u32 { check(truncate64(a), I64_MAX, I64_MIN_MAG) }
    /// Verdict for the trapping f64 -> i64 (unsigned): 0 ok, 1 NaN, 2 overflow.
    fn trunc_check_f64_i64_u(a: u64) -> u32 { check(truncate64(a), U64_MAX, 0) }
}

/// The wasm32 blob has no unwinding and no reachable panic (every arithmetic step
/// is range-checked by construction); this handler only satisfies `no_std` linking.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
