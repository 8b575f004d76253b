//! The float workloads: f64 n-body (pure soft-float arithmetic on Rivet) and `floatfmt`
//! (float formatting and parsing with `core::fmt`, mostly integer digit work). Their
//! checksums are the result bits, so the three engines must agree bit for bit (no NaN
//! arises in either program, so NaN canonicalization does not enter).

/// (program, argument of `run`), as in the integer `WORKLOADS`; run only when named
/// (`peers --only nbody`, `--only floatfmt`), so the default geometric means remain
/// those of the integer workloads (soft float is a different regime).
pub const WORKLOADS: &[(&str, i32)] = &[("nbody", 1_000), ("floatfmt", 500)];
