//! Floats through the canonical ABI: layout, flattening, variant joins, NaN
//! canonicalisation on every path (lift, lower, load, store, bulk list copies,
//! transcoding) and WIT conversion.

use super::*;
use crate::transcode::{transcode, Dst, Src};
use crate::val::{canonicalize_nan32, canonicalize_nan64, CANONICAL_NAN32, CANONICAL_NAN64};

const NAN32_PAYLOAD: u32 = 0xffa0_0001;
const NAN64_PAYLOAD: u64 = 0x7ff0_0000_dead_beef;

fn mem() -> BumpMemory {
    BumpMemory::new(65536, 0x1000)
}

fn lower(v: &Val, ty: &Type) -> Vec<FlatValue> {
    let (mut m, mut r) = (mem(), NoResources);
    let mut out = vec![];
    lower_flat(&mut Cx::new(&mut m, &mut r), v, ty, &mut out).unwrap();
    out
}

fn lift(ty: &Type, flat: &[FlatValue]) -> Result<Val, CabiError> {
    let (mut m, mut r) = (mem(), NoResources);
    let mut it = FlatIter::new(flat);
    let v = lift_flat(&mut Cx::new(&mut m, &mut r), ty, &mut it)?;
    it.finish()?;
    Ok(v)
}

#[test]
fn layout_and_flattening() {
    assert_eq!((Type::F32.size(), Type::F32.align()), (4, 4));
    assert_eq!((Type::F64.size(), Type::F64.align()), (8, 8));
    assert_eq!(Type::F32.flat(), &[FlatType::F32]);
    assert_eq!(Type::F64.flat(), &[FlatType::F64]);
    let r = Type::record(None, vec![("a".into(), Type::U8), ("b".into(), Type::F64)]).unwrap();
    assert_eq!((r.size(), r.align()), (16, 8));
    assert_eq!(r.flat(), &[FlatType::I32, FlatType::F64]);
}

#[test]
fn joins_follow_the_spec() {
    use FlatType::*;
    assert_eq!(I32.join(F32), I32);
    assert_eq!(F32.join(I32), I32);
    assert_eq!(F32.join(F32), F32);
    assert_eq!(F32.join(F64), I64);
    assert_eq!(F64.join(I32), I64);
    assert_eq!(F64.join(F64), F64);
    assert_eq!(I64.join(F32), I64);
    // variant { a(f32), b(u32), c(f64) }: slots i32 (disc), then join(f32, i32, f64).
    let v = Type::variant(
        None,
        vec![
            ("a".into(), Some(Type::F32)),
            ("b".into(), Some(Type::U32)),
            ("c".into(), Some(Type::F64)),
        ],
    )
    .unwrap();
    assert_eq!(v.flat(), &[I32, I64]);
    let fi = Type::variant(
        None,
        vec![("a".into(), Some(Type::F32)), ("b".into(), Some(Type::S32))],
    )
    .unwrap();
    assert_eq!(fi.flat(), &[I32, I32]);
    assert_eq!(Type::option(Type::F64).unwrap().flat(), &[I32, F64]);
}

#[test]
fn variant_payloads_travel_as_bits_in_joined_slots() {
    let v = Type::variant(
        None,
        vec![
            ("a".into(), Some(Type::F32)),
            ("b".into(), Some(Type::U32)),
            ("c".into(), Some(Type::F64)),
        ],
    )
    .unwrap();
    let a = Val::Variant("a".into(), Some(Box::new(Val::F32(1.5f32.to_bits()))));
    let flat = lower(&a, &v);
    assert_eq!(flat, vec![FlatValue::I32(0), FlatValue::I64(0x3fc0_0000)]);
    assert_eq!(lift(&v, &flat), Ok(a));
    let c = Val::Variant("c".into(), Some(Box::new(Val::F64((-2.0f64).to_bits()))));
    let flat = lower(&c, &v);
    assert_eq!(flat[1], FlatValue::I64((-2.0f64).to_bits() as i64));
    assert_eq!(lift(&v, &flat), Ok(c));
    // An f32 read from an i64 slot keeps the low 32 bits only.
    let hi = FlatValue::I64((0xdead_beef_0000_0000 | 1.0f32.to_bits() as u64) as i64);
    assert_eq!(
        lift(&v, &[FlatValue::I32(0), hi]),
        Ok(Val::Variant(
            "a".into(),
            Some(Box::new(Val::F32(1.0f32.to_bits())))
        ))
    );
}

#[test]
fn nans_are_canonical_when_lifted_and_lowered() {
    assert_eq!(canonicalize_nan32(NAN32_PAYLOAD), CANONICAL_NAN32);
    assert_eq!(canonicalize_nan32(0xff80_0000), 0xff80_0000, "-inf stays");
    assert_eq!(canonicalize_nan32(0x8000_0000), 0x8000_0000, "-0 stays");
    assert_eq!(canonicalize_nan64(NAN64_PAYLOAD), CANONICAL_NAN64);
    assert_eq!(
        canonicalize_nan64(0xfff0_0000_0000_0000),
        0xfff0_0000_0000_0000
    );
    assert_eq!(
        lift(&Type::F32, &[FlatValue::F32(NAN32_PAYLOAD)]),
        Ok(Val::F32(CANONICAL_NAN32))
    );
    assert_eq!(
        lower(&Val::F64(NAN64_PAYLOAD), &Type::F64),
        vec![FlatValue::F64(CANONICAL_NAN64)]
    );
    assert_eq!(
        lower(&Val::F32(0x8000_0000), &Type::F32),
        vec![FlatValue::F32(0x8000_0000)]
    );
    // Wrong core type: an i32 is not an f32.
    assert!(lift(&Type::F32, &[FlatValue::I32(0)]).is_err());
    // Memory: store, then the bytes and a load.
    let (mut m, mut r) = (mem(), NoResources);
    let l = Type::list(Type::F32);
    let vals = Val::List(vec![Val::F32(NAN32_PAYLOAD), Val::F32(0x4049_0fdb)]);
    let mut cx = Cx::new(&mut m, &mut r);
    store(&mut cx, &vals, &l, 0x100).unwrap();
    let ptr = u32::from_le_bytes(m.bytes[0x100..0x104].try_into().unwrap()) as usize;
    assert_eq!(m.bytes[ptr..ptr + 4], CANONICAL_NAN32.to_le_bytes());
    m.bytes[ptr..ptr + 4].copy_from_slice(&NAN32_PAYLOAD.to_le_bytes());
    let got = load(&mut Cx::new(&mut m, &mut r), &l, 0x100).unwrap();
    assert_eq!(
        got,
        Val::List(vec![Val::F32(CANONICAL_NAN32), Val::F32(0x4049_0fdb)])
    );
}

#[test]
fn transcoding_a_float_list_canonicalises_nans() {
    let l = Type::list(Type::F64);
    let (mut a, mut b, mut r1, mut r2) = (mem(), mem(), NoResources, NoResources);
    let bytes: Vec<u8> = [NAN64_PAYLOAD, 1.0f64.to_bits()]
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    a.bytes[0x200..0x210].copy_from_slice(&bytes);
    a.bytes[0x100..0x104].copy_from_slice(&0x200u32.to_le_bytes());
    a.bytes[0x104..0x108].copy_from_slice(&2u32.to_le_bytes());
    let mut out = vec![];
    transcode(
        &mut Cx::new(&mut a, &mut r1),
        Src::Mem(0x100),
        &mut Cx::new(&mut b, &mut r2),
        Dst::Flat(&mut out),
        &l,
    )
    .unwrap();
    let got = lift_with(&mut b, &l, &out);
    assert_eq!(
        got,
        Val::List(vec![Val::F64(CANONICAL_NAN64), Val::F64(1.0f64.to_bits())])
    );
}

fn lift_with(m: &mut BumpMemory, ty: &Type, flat: &[FlatValue]) -> Val {
    let mut r = NoResources;
    let mut it = FlatIter::new(flat);
    lift_flat(&mut Cx::new(m, &mut r), ty, &mut it).unwrap()
}

#[test]
fn wit_floats_convert() {
    let mut r = wit_parser::Resolve::default();
    let pkg = r
        .push_str(
            "t.wit",
            "package t:t; interface x { record p { x: f32, y: f64 } f: func(a: f32) -> list<f64>; }",
        )
        .unwrap();
    let i = r.packages[pkg].interfaces["x"];
    let t = Type::from_wit(&r, &wit_parser::Type::Id(r.interfaces[i].types["p"])).unwrap();
    assert_eq!(t.flat(), &[FlatType::F32, FlatType::F64]);
    let f = FuncType::from_wit(&mut WitTypes::new(&r), &r.interfaces[i].functions["f"]).unwrap();
    assert_eq!(f.params[0].1, Type::F32);
}

#[cfg(feature = "wave")]
#[test]
fn wave_prints_and_parses_floats() {
    let v = Val::F64(1.5f64.to_bits());
    assert_eq!(crate::wave::print(&v).unwrap(), "1.5");
    assert_eq!(
        crate::wave::parse(&Type::F32, "nan").unwrap(),
        Val::F32(CANONICAL_NAN32)
    );
    assert_eq!(
        crate::wave::parse(&Type::F32, "-inf").unwrap(),
        Val::F32(f32::NEG_INFINITY.to_bits())
    );
}
