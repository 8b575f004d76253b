//! Float arguments for the kitchen's float functions (`scale`, `summarize`, `pick`),
//! shared by the host -> guest and guest -> guest differentials: ordinary values and
//! every IEEE edge a contract can meet (signed zeros, infinities, subnormals, the
//! largest finite values, NaNs with and without payloads, overflow to infinity,
//! invalid operations producing NaN inside the guest).
//!
//! The two runtimes agree on every bit except NaN payloads: Rivet canonicalizes each
//! NaN (computed by its soft-float library or lifted across a boundary), wasmtime keeps
//! the host FPU's. Tests compare with [`crate::convert::canonical_nans`] and check that
//! Rivet's own results are already canonical.

use rivet_runtime::cabi::Val;

/// An f32 value.
pub fn f(x: f32) -> Val {
    Val::F32(x.to_bits())
}

/// An f64 value.
pub fn d(x: f64) -> Val {
    Val::F64(x.to_bits())
}

/// A quiet f32 NaN with a payload and the sign bit set (not the canonical NaN).
pub const NAN32_PAYLOAD: u32 = 0xffc0_1234;
/// A signalling f64 NaN with a payload (not the canonical NaN).
pub const NAN64_PAYLOAD: u64 = 0x7ff0_0000_dead_beef;

/// A kitchen `measure` record.
pub fn measure(label: &str, value: Val, weight: Val, samples: Vec<Val>) -> Val {
    Val::Record(vec![
        ("label".into(), Val::String(label.into())),
        ("value".into(), value),
        ("weight".into(), weight),
        ("samples".into(), Val::List(samples)),
    ])
}

/// `(function, arguments)` for the kitchen's `types` interface; the client's `-via`
/// functions take the same arguments.
pub fn cases() -> Vec<(&'static str, Vec<Val>)> {
    let nan32 = Val::F32(NAN32_PAYLOAD);
    let nan64 = Val::F64(NAN64_PAYLOAD);
    let mut out = Vec::new();
    for (x, by) in [
        (d(0.1), f(3.0)),
        (d(-0.0), f(1.0)),
        (d(f64::INFINITY), f(0.0)),
        (d(f64::NEG_INFINITY), f(-2.0)),
        (nan64.clone(), f(1.0)),
        (d(1.0), nan32.clone()),
        (d(1e308), f(10.0)),
        (d(5e-324), f(0.5)),
        (d(f64::MAX), f(f32::MIN_POSITIVE)),
        (d(-123.456), f(-1.0e-45)),
    ] {
        out.push(("scale", vec![x, by]));
    }
    let samples = vec![
        f(1.0),
        f(-2.0),
        f(0.0),
        f(-0.0),
        f(f32::INFINITY),
        nan32.clone(),
        f(1.0e-45),
        f(f32::MAX),
        f(0.1),
    ];
    for m in [
        measure("plain", d(1.5), f(0.25), vec![f(2.0), f(0.5), f(-4.0)]),
        measure("edges", d(-0.0), f(f32::NEG_INFINITY), samples),
        measure("nan", nan64.clone(), nan32.clone(), vec![]),
        measure("inf", d(f64::INFINITY), f(-0.0), vec![f(f32::NEG_INFINITY)]),
        measure(
            "tiny",
            d(2.2250738585072014e-308),
            f(1.0e-40),
            vec![f(3.0e-39)],
        ),
        measure("big", d(1.7976931348623157e308), f(3.4e38), vec![f(1.0e30)]),
    ] {
        out.push(("summarize", vec![m]));
    }
    let some = |v: Val| Val::Option(Some(Box::new(v)));
    for (v, alt) in [
        (some(f(2.5)), d(1.0)),
        (some(f(-1.5)), d(1.0)),
        (some(f(-0.0)), d(-0.0)),
        (some(nan32), d(0.0)),
        (some(f(f32::INFINITY)), d(f64::NEG_INFINITY)),
        (some(f(f32::MIN)), d(0.0)),
        (Val::Option(None), d(7.0)),
        (Val::Option(None), nan64),
        (Val::Option(None), d(-5e-324)),
    ] {
        out.push(("pick", vec![v, alt]));
    }
    out
}

/// Every float inside `v`, depth first.
pub fn floats(v: &Val) -> Vec<Val> {
    let mut out = Vec::new();
    fn walk(v: &Val, out: &mut Vec<Val>) {
        let mut inner = |p: &Option<Box<Val>>| {
            if let Some(p) = p {
                walk(p, out)
            }
        };
        match v {
            Val::F32(_) | Val::F64(_) => out.push(v.clone()),
            Val::List(vs) | Val::Tuple(vs) => vs.iter().for_each(|v| walk(v, out)),
            Val::Record(fs) => fs.iter().for_each(|(_, v)| walk(v, out)),
            Val::Variant(_, p) | Val::Option(p) => inner(p),
            Val::Result(Ok(p)) | Val::Result(Err(p)) => inner(p),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

/// Whether a float value is a NaN (any payload).
pub fn is_nan(v: &Val) -> bool {
    match *v {
        Val::F32(b) => f32::from_bits(b).is_nan(),
        Val::F64(b) => f64::from_bits(b).is_nan(),
        _ => false,
    }
}

/// Whether a value holds a NaN anywhere that is not the canonical NaN.
pub fn has_noncanonical_nan(v: &Val) -> bool {
    crate::convert::canonical_nans(v) != *v
}
