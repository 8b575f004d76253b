//! Converting values between Rivet's `Val` and wasmtime's component `Val`.
//!
//! Only the structural kinds convert: handles are runtime-local (a Rivet handle and a
//! wasmtime `ResourceAny` name different tables), so they are not comparable and are an
//! error here, as are wasmtime's async kinds, which Rivet does not have.

use rivet_runtime::cabi::Val;
use wasmtime::component::Val as WVal;

/// A value that has no counterpart on the other runtime.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConvertError {
    /// A Rivet resource handle: meaningful only inside its own call tree.
    #[error("rivet {0} handle has no wasmtime counterpart")]
    RivetHandle(&'static str),
    /// A wasmtime value kind Rivet does not model (resources, futures, streams...).
    #[error("wasmtime value {0} has no rivet counterpart")]
    Wasmtime(String),
}

fn payload<A, B>(
    p: &Option<Box<A>>,
    f: impl Fn(&A) -> Result<B, ConvertError>,
) -> Result<Option<Box<B>>, ConvertError> {
    p.as_ref().map(|v| f(v).map(Box::new)).transpose()
}

/// Rivet value -> wasmtime value.
pub fn to_wasmtime(v: &Val) -> Result<WVal, ConvertError> {
    let list = |vs: &[Val]| vs.iter().map(to_wasmtime).collect::<Result<Vec<_>, _>>();
    Ok(match v {
        Val::Bool(x) => WVal::Bool(*x),
        Val::S8(x) => WVal::S8(*x),
        Val::U8(x) => WVal::U8(*x),
        Val::S16(x) => WVal::S16(*x),
        Val::U16(x) => WVal::U16(*x),
        Val::S32(x) => WVal::S32(*x),
        Val::U32(x) => WVal::U32(*x),
        Val::S64(x) => WVal::S64(*x),
        Val::U64(x) => WVal::U64(*x),
        Val::F32(x) => WVal::Float32(f32::from_bits(*x)),
        Val::F64(x) => WVal::Float64(f64::from_bits(*x)),
        Val::Char(x) => WVal::Char(*x),
        Val::String(x) => WVal::String(x.clone()),
        Val::List(vs) => WVal::List(list(vs)?),
        Val::Bytes(b) => WVal::List(b.iter().map(|x| WVal::U8(*x)).collect()),
        Val::Record(fs) => WVal::Record(
            fs.iter()
                .map(|(n, v)| Ok((n.clone(), to_wasmtime(v)?)))
                .collect::<Result<_, ConvertError>>()?,
        ),
        Val::Tuple(vs) => WVal::Tuple(list(vs)?),
        Val::Variant(n, p) => WVal::Variant(n.clone(), payload(p, to_wasmtime)?),
        Val::Enum(n) => WVal::Enum(n.clone()),
        Val::Option(p) => WVal::Option(payload(p, to_wasmtime)?),
        Val::Result(Ok(p)) => WVal::Result(Ok(payload(p, to_wasmtime)?)),
        Val::Result(Err(p)) => WVal::Result(Err(payload(p, to_wasmtime)?)),
        Val::Flags(fs) => WVal::Flags(fs.clone()),
        Val::Own(_) => return Err(ConvertError::RivetHandle("own")),
        Val::Borrow(_) => return Err(ConvertError::RivetHandle("borrow")),
    })
}

/// wasmtime value -> Rivet value.
pub fn from_wasmtime(v: &WVal) -> Result<Val, ConvertError> {
    let list = |vs: &[WVal]| vs.iter().map(from_wasmtime).collect::<Result<Vec<_>, _>>();
    Ok(match v {
        WVal::Bool(x) => Val::Bool(*x),
        WVal::S8(x) => Val::S8(*x),
        WVal::U8(x) => Val::U8(*x),
        WVal::S16(x) => Val::S16(*x),
        WVal::U16(x) => Val::U16(*x),
        WVal::S32(x) => Val::S32(*x),
        WVal::U32(x) => Val::U32(*x),
        WVal::S64(x) => Val::S64(*x),
        WVal::U64(x) => Val::U64(*x),
        WVal::Float32(x) => Val::F32(x.to_bits()),
        WVal::Float64(x) => Val::F64(x.to_bits()),
        WVal::Char(x) => Val::Char(*x),
        WVal::String(x) => Val::String(x.clone()),
        WVal::List(vs) => Val::List(list(vs)?),
        WVal::Record(fs) => Val::Record(
            fs.iter()
                .map(|(n, v)| Ok((n.clone(), from_wasmtime(v)?)))
                .collect::<Result<_, ConvertError>>()?,
        ),
        WVal::Tuple(vs) => Val::Tuple(list(vs)?),
        WVal::Variant(n, p) => Val::Variant(n.clone(), payload(p, from_wasmtime)?),
        WVal::Enum(n) => Val::Enum(n.clone()),
        WVal::Option(p) => Val::Option(payload(p, from_wasmtime)?),
        WVal::Result(Ok(p)) => Val::Result(Ok(payload(p, from_wasmtime)?)),
        WVal::Result(Err(p)) => Val::Result(Err(payload(p, from_wasmtime)?)),
        WVal::Flags(fs) => Val::Flags(fs.clone()),
        other => return Err(ConvertError::Wasmtime(format!("{other:?}"))),
    })
}

/// `v` with every NaN float replaced by the canonical NaN, at any depth.
///
/// Rivet canonicalizes each NaN it lifts (one documented pattern, so results are
/// deterministic); wasmtime passes NaN payloads through, which the component model
/// allows. Comparing canonicalized values compares NaNs as NaNs and everything else
/// (signed zeros and infinities included) bit for bit.
pub fn canonical_nans(v: &Val) -> Val {
    use rivet_runtime::cabi::val::{canonicalize_nan32, canonicalize_nan64};
    let boxed = |p: &Option<Box<Val>>| p.as_ref().map(|b| Box::new(canonical_nans(b)));
    let list = |vs: &[Val]| vs.iter().map(canonical_nans).collect();
    match v {
        Val::F32(x) => Val::F32(canonicalize_nan32(*x)),
        Val::F64(x) => Val::F64(canonicalize_nan64(*x)),
        Val::List(vs) => Val::List(list(vs)),
        Val::Tuple(vs) => Val::Tuple(list(vs)),
        Val::Record(fs) => Val::Record(
            fs.iter()
                .map(|(n, v)| (n.clone(), canonical_nans(v)))
                .collect(),
        ),
        Val::Variant(n, p) => Val::Variant(n.clone(), boxed(p)),
        Val::Option(p) => Val::Option(boxed(p)),
        Val::Result(Ok(p)) => Val::Result(Ok(boxed(p))),
        Val::Result(Err(p)) => Val::Result(Err(boxed(p))),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{everything, flags, shapes, some};

    #[test]
    fn structural_values_round_trip() {
        for v in [
            everything(),
            shapes(),
            some(Val::Result(Err(Some(Box::new(flags(&["a"])))))),
            Val::Variant("deleted".into(), None),
            Val::Tuple(vec![Val::S8(-1), Val::Char('x')]),
        ] {
            assert_eq!(from_wasmtime(&to_wasmtime(&v).unwrap()).unwrap(), v);
        }
    }

    #[test]
    fn nans_canonicalize_at_any_depth() {
        let payload = Val::F32(0xffa0_0001);
        let v = Val::List(vec![some(Val::Tuple(vec![payload, Val::F64(1)]))]);
        let want = Val::List(vec![some(Val::Tuple(vec![
            Val::F32(0x7fc0_0000),
            Val::F64(1),
        ]))]);
        assert_eq!(canonical_nans(&v), want);
        // Infinities and signed zeros are not NaNs.
        let inf = Val::F64(f64::NEG_INFINITY.to_bits());
        assert_eq!(canonical_nans(&inf), inf);
    }

    #[test]
    fn handles_do_not_convert() {
        let h = rivet_runtime::cabi::ResourceHandle(1);
        let nested = Val::List(vec![Val::Borrow(h)]);
        assert_eq!(
            to_wasmtime(&nested),
            Err(ConvertError::RivetHandle("borrow"))
        );
        assert_eq!(
            to_wasmtime(&Val::Own(h)),
            Err(ConvertError::RivetHandle("own"))
        );
    }
}
