//! Sizes, alignments, flattening and variant joins.

use super::*;
use CoreValue::{I32, I64};

#[test]
fn layouts() {
    assert_eq!(enum_n(256).size(), 1);
    assert_eq!(enum_n(257).size(), 2);
    assert_eq!(enum_n(65537).size(), 4);
    assert_eq!((flags_n(8).size(), flags_n(8).align()), (1, 1));
    assert_eq!((flags_n(9).size(), flags_n(9).align()), (2, 2));
    assert_eq!((flags_n(32).size(), flags_n(32).align()), (4, 4));
    assert_eq!((flags_n(40).size(), flags_n(40).flat().len()), (8, 2));
    let r = Type::record(
        None,
        vec![(s("a"), Type::U8), (s("b"), Type::U64), (s("c"), Type::U16)],
    )
    .unwrap();
    assert_eq!((r.size(), r.align()), (24, 8));
    let Type::Record(rr) = &r else { unreachable!() };
    assert_eq!(rr.offsets, vec![0, 8, 16]);
    let v = Type::variant(
        None,
        vec![(s("a"), Some(Type::U8)), (s("b"), Some(Type::String))],
    )
    .unwrap();
    assert_eq!(
        (v.size(), v.align(), v.flat()),
        (12, 4, &[FlatType::I32; 3][..])
    );
    let v = Type::variant(
        None,
        vec![(s("a"), Some(Type::S8)), (s("b"), Some(Type::U64))],
    )
    .unwrap();
    assert_eq!(v.flat(), &[FlatType::I32, FlatType::I64]);
    // Empty compound types are rejected.
    assert!(Type::record(None, vec![]).is_err());
    assert!(Type::tuple(vec![]).is_err());
    assert!(Type::flags(None, vec![]).is_err());
    assert!(Type::enum_(None, vec![]).is_err());
    assert!(Type::record(None, vec![(s("a"), Type::U8), (s("a"), Type::U8)]).is_err());
}

#[test]
fn exponential_types_are_bounded() {
    let mut t = Type::U64;
    let mut failed = false;
    for _ in 0..20 {
        match Type::tuple(vec![t.clone(), t.clone()]) {
            Ok(n) => t = n,
            Err(e) => {
                assert!(matches!(e, CabiError::InvalidType(_)));
                failed = true;
                break;
            }
        }
    }
    assert!(failed, "flattening was not bounded");
}

#[test]
fn variant_join_zero_extends() {
    let v = Type::variant(
        None,
        vec![(s("c0"), Some(Type::S8)), (s("c1"), Some(Type::U64))],
    )
    .unwrap();
    let val = Val::Variant(s("c0"), b(Val::S8(-61)));
    let mut out = vec![];
    lower_flat(
        &mut Cx::new(&mut mem(), &mut NoResources),
        &val,
        &v,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, vec![I32(0), I64(4294967235)]);
    assert_eq!(lift(&v, &out), Ok(val));
    // Unused slots are zero.
    let v = Type::variant(None, vec![(s("c0"), None), (s("c1"), Some(Type::String))]).unwrap();
    let mut out = vec![];
    lower_flat(
        &mut Cx::new(&mut mem(), &mut NoResources),
        &Val::Variant(s("c0"), None),
        &v,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, vec![I32(0), I32(0), I32(0)]);
}
