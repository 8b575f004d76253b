//! Every trap the spec defines for guest data, and host-side type mismatches.

use super::*;
use CoreValue::{I32, I64};

#[test]
fn char_traps() {
    for code in [0xD800u32, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFF_FFFF] {
        let want = Err(CabiError::InvalidChar { code });
        assert_eq!(load_bytes(&Type::Char, 0x100, &code.to_le_bytes()), want);
        assert_eq!(lift(&Type::Char, &[I32((code) as i32)]), want);
    }
    // Inside a list (the bulk scalar path).
    let mut m = mem();
    m.bytes[0x200..0x204].copy_from_slice(&0x41u32.to_le_bytes());
    m.bytes[0x204..0x208].copy_from_slice(&0xDFFFu32.to_le_bytes());
    let l = Type::list(Type::Char);
    assert_eq!(
        load_pair(&l, 0x200, 1, m.clone()),
        Ok(Val::List(vec![Val::Char('A')]))
    );
    assert_eq!(
        load_pair(&l, 0x200, 2, m),
        Err(CabiError::InvalidChar { code: 0xDFFF })
    );
    for code in [0u32, 0xD7FF, 0xE000, 0xFFFF, 0x10FFFF] {
        let c = char::from_u32(code).unwrap();
        assert_eq!(lift(&Type::Char, &[I32((code) as i32)]), Ok(Val::Char(c)));
    }
}

#[test]
fn discriminant_traps() {
    let e2 = enum_n(2);
    let err = |value, cases| Err(CabiError::DiscriminantOutOfRange { value, cases });
    assert_eq!(load_bytes(&e2, 0x100, &[2]), err(2, 2));
    assert_eq!(load_bytes(&e2, 0x100, &[1]), Ok(Val::Enum(s("c1"))));
    // Flat: the whole i32 is compared, not its low byte.
    assert_eq!(lift(&e2, &[I32(0x101)]), err(0x101, 2));
    let e300 = enum_n(300);
    assert_eq!(e300.size(), 2);
    assert_eq!(
        load_bytes(&e300, 0x100, &300u16.to_le_bytes()),
        err(300, 300)
    );
    assert_eq!(
        load_bytes(&e300, 0x100, &299u16.to_le_bytes()),
        Ok(Val::Enum(s("c299")))
    );
    let opt = Type::option(Type::U8).unwrap();
    assert_eq!(load_bytes(&opt, 0x100, &[2, 0]), err(2, 2));
    assert_eq!(lift(&opt, &[I32(7), I32(0)]), err(7, 2));
    let res = Type::result(None, None).unwrap();
    assert_eq!(load_bytes(&res, 0x100, &[255]), err(255, 2));
    let var = Type::variant(
        None,
        vec![(s("a"), Some(Type::U64)), (s("b"), None), (s("c"), None)],
    )
    .unwrap();
    assert_eq!(lift(&var, &[I32(3), I64(0)]), err(3, 3));
}

#[test]
fn list_pointer_traps() {
    let l32 = Type::list(Type::U32);
    // Misaligned, with and without elements.
    assert_eq!(
        load_pair(&l32, 0x202, 1, mem()),
        Err(CabiError::Misaligned {
            ptr: 0x202,
            align: 4
        })
    );
    assert_eq!(
        load_pair(&l32, 0x202, 0, mem()),
        Err(CabiError::Misaligned {
            ptr: 0x202,
            align: 4
        })
    );
    // Alignment is checked before bounds.
    assert_eq!(
        load_pair(&l32, 0xFFFF_FFF2, 1, mem()),
        Err(CabiError::Misaligned {
            ptr: 0xFFFF_FFF2,
            align: 4
        })
    );
    // Out of bounds without 32-bit wrap: 0xFFFFFFFC + 2*4 wraps to 4 in u32.
    assert!(matches!(
        load_pair(&l32, 0xFFFF_FFFC, 2, mem()),
        Err(CabiError::OutOfBounds { .. })
    ));
    assert!(matches!(
        load_pair(&l32, 65532, 2, mem()),
        Err(CabiError::OutOfBounds { .. })
    ));
    // Empty list exactly at the end of memory is valid; one past is not.
    assert_eq!(load_pair(&l32, 65536, 0, mem()), Ok(Val::List(vec![])));
    assert!(matches!(
        load_pair(&l32, 65540, 0, mem()),
        Err(CabiError::OutOfBounds { .. })
    ));
    // Ends exactly at the end of memory.
    let mut m = mem();
    m.bytes[65532..].copy_from_slice(&7u32.to_le_bytes());
    assert_eq!(
        load_pair(&l32, 65532, 1, m),
        Ok(Val::List(vec![Val::U32(7)]))
    );
    // Too long: byte length above 2^28-1 (checked in u64).
    assert!(matches!(
        load_pair(&l32, 0, 1 << 26, mem()),
        Err(CabiError::ListTooLong { .. })
    ));
    assert!(matches!(
        load_pair(&l32, 0, u32::MAX, mem()),
        Err(CabiError::ListTooLong { .. })
    ));
    // The same checks in flat form.
    assert_eq!(
        lift(&l32, &[I32(2), I32(0)]),
        Err(CabiError::Misaligned { ptr: 2, align: 4 })
    );
    assert!(matches!(
        lift(&l32, &[I32(0xFFFF_FFF0_u32 as i32), I32(8)]),
        Err(CabiError::OutOfBounds { .. })
    ));
}

#[test]
fn string_traps() {
    let st = Type::String;
    assert!(matches!(
        load_pair(&st, 0xFFFF_FFFF, 2, mem()),
        Err(CabiError::OutOfBounds { .. })
    ));
    assert!(matches!(
        load_pair(&st, 65535, 2, mem()),
        Err(CabiError::OutOfBounds { .. })
    ));
    assert!(matches!(
        load_pair(&st, 0, 1 << 28, mem()),
        Err(CabiError::StringTooLong { .. })
    ));
    assert_eq!(
        load_pair(&st, 65536, 0, mem()),
        Ok(Val::String(String::new()))
    );
    let bad: &[&[u8]] = &[
        b"\x80",                 // lone continuation
        b"\xC3\x28",             // invalid continuation
        b"\xE2\x82",             // truncated
        b"\xF8\x88\x80\x80\x80", // 5-byte form
        b"\xC0\xAF",             // overlong
        b"\xE0\x80\xAF",         // overlong
        b"\xED\xA0\x80",         // encoded surrogate
        b"\xF4\x90\x80\x80",     // above U+10FFFF
        b"\xFF",
        b"\xFE",
    ];
    for bytes in bad {
        let mut m = mem();
        m.bytes[0x301..0x301 + bytes.len()].copy_from_slice(bytes);
        let r = load_pair(&st, 0x301, bytes.len() as u32, m);
        assert!(
            matches!(r, Err(CabiError::InvalidUtf8 { ptr: 0x301, .. })),
            "{bytes:?}: {r:?}"
        );
    }
    // Unaligned UTF-8 is fine; a cut multibyte sequence is not.
    let mut m = mem();
    m.bytes[0x301..0x304].copy_from_slice("é!".as_bytes());
    assert_eq!(
        load_pair(&st, 0x301, 3, m.clone()),
        Ok(Val::String(s("é!")))
    );
    assert!(matches!(
        load_pair(&st, 0x301, 1, m),
        Err(CabiError::InvalidUtf8 { valid_up_to: 0, .. })
    ));
}

#[test]
fn accepted_guest_values() {
    // bool is != 0 on the byte, or on the whole i32.
    assert_eq!(load_bytes(&Type::Bool, 0x100, &[2]), Ok(Val::Bool(true)));
    assert_eq!(lift(&Type::Bool, &[I32(0x100)]), Ok(Val::Bool(true)));
    // Flat ints wrap.
    assert_eq!(
        lift(&Type::S8, &[I32(0xFFFF_FF80_u32 as i32)]),
        Ok(Val::S8(-128))
    );
    assert_eq!(lift(&Type::U8, &[I32(0x1234_5678)]), Ok(Val::U8(0x78)));
    assert_eq!(lift(&Type::S16, &[I32(0x0001_8000)]), Ok(Val::S16(-32768)));
    // Unknown flag bits are ignored.
    let f3 = flags_n(3);
    assert_eq!(
        load_bytes(&f3, 0x100, &[0xFA]),
        Ok(Val::Flags(vec![s("l1")]))
    );
    assert_eq!(
        lift(&f3, &[I32(0xFFFF_FFF9_u32 as i32)]),
        Ok(Val::Flags(vec![s("l0")]))
    );
    // i64 variant slots read as i32 drop their high half (a bool then lifts as false).
    let v = Type::variant(
        None,
        vec![(s("a"), Some(Type::Bool)), (s("b"), Some(Type::U64))],
    )
    .unwrap();
    assert_eq!(
        lift(&v, &[I32(0), I64(1 << 32)]),
        Ok(Val::Variant(s("a"), b(Val::Bool(false))))
    );
    let v = Type::variant(
        None,
        vec![(s("a"), Some(Type::S32)), (s("b"), Some(Type::S64))],
    )
    .unwrap();
    assert_eq!(
        lift(&v, &[I32(0), I64(0xDEAD_0000_FFFF_FFFF_u64 as i64)]),
        Ok(Val::Variant(s("a"), b(Val::S32(-1))))
    );
}

#[test]
fn flat_shape_errors() {
    assert_eq!(
        lift(&Type::U64, &[I32(1)]),
        Err(CabiError::FlatMismatch {
            index: 0,
            expected: "i64",
            found: "i32"
        })
    );
    assert_eq!(
        lift(&Type::String, &[I32(0)]),
        Err(CabiError::FlatMismatch {
            index: 1,
            expected: "i32",
            found: "end"
        })
    );
    assert_eq!(
        lift(&Type::U8, &[I32(0), I32(0)]),
        Err(CabiError::ExtraFlatValues { extra: 1 })
    );
}

#[test]
fn host_type_mismatches() {
    let cases: Vec<(Type, Val)> = vec![
        (Type::U8, Val::U16(1)),
        (Type::String, Val::Char('x')),
        (
            Type::record(None, vec![(s("a"), Type::U8)]).unwrap(),
            Val::Record(vec![(s("b"), Val::U8(1))]),
        ),
        (
            Type::record(None, vec![(s("a"), Type::U8)]).unwrap(),
            Val::Record(vec![]),
        ),
        (
            Type::record(None, vec![(s("a"), Type::U8)]).unwrap(),
            Val::Record(vec![(s("a"), Val::S8(1))]),
        ),
        (
            Type::tuple(vec![Type::U8]).unwrap(),
            Val::Tuple(vec![Val::U8(1), Val::U8(2)]),
        ),
        (enum_n(2), Val::Enum(s("c2"))),
        (
            Type::variant(None, vec![(s("a"), None)]).unwrap(),
            Val::Variant(s("a"), b(Val::U8(1))),
        ),
        (
            Type::variant(None, vec![(s("a"), Some(Type::U8))]).unwrap(),
            Val::Variant(s("a"), None),
        ),
        (Type::option(Type::U8).unwrap(), Val::Option(b(Val::U16(1)))),
        (
            Type::result(None, Some(Type::U8)).unwrap(),
            Val::Result(Ok(b(Val::U8(1)))),
        ),
        (flags_n(2), Val::Flags(vec![s("l2")])),
        (
            Type::list(Type::U8),
            Val::List(vec![Val::U8(1), Val::Bool(true)]),
        ),
    ];
    for (ty, v) in cases {
        let mut m = mem();
        let r = store(&mut Cx::new(&mut m, &mut NoResources), &v, &ty, 0x100);
        assert!(
            matches!(r, Err(CabiError::TypeMismatch { .. })),
            "{ty:?} {v:?}: {r:?}"
        );
        assert!(!r.unwrap_err().is_guest_trap());
        let mut out = vec![];
        let r = lower_flat(&mut Cx::new(&mut m, &mut NoResources), &v, &ty, &mut out);
        assert!(
            matches!(r, Err(CabiError::TypeMismatch { .. })),
            "{ty:?} {v:?}: {r:?}"
        );
    }
    // The path names where the mismatch is.
    let ty = Type::record(None, vec![(s("xs"), Type::list(Type::U8))]).unwrap();
    let v = Val::Record(vec![(s("xs"), Val::List(vec![Val::U8(0), Val::S8(0)]))]);
    match store(&mut Cx::new(&mut mem(), &mut NoResources), &v, &ty, 0x100) {
        Err(CabiError::TypeMismatch { path, .. }) => assert_eq!(path, ".xs[1]"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_encodings_are_rejected() {
    for enc in [StringEncoding::Utf16, StringEncoding::Latin1Utf16] {
        let mut m = mem();
        let mut r = NoResources;
        let mut cx = Cx::new(&mut m, &mut r);
        cx.encoding = enc;
        let e = store(&mut cx, &Val::String(s("x")), &Type::String, 0x100).unwrap_err();
        assert!(matches!(e, CabiError::UnsupportedEncoding(_)));
        let e = lift_flat(
            &mut cx,
            &Type::String,
            &mut FlatIter::new(&[I32(0), I32(0)]),
        )
        .unwrap_err();
        assert!(matches!(e, CabiError::UnsupportedEncoding(_)));
        // Types without strings are unaffected.
        assert!(store(&mut cx, &Val::U8(1), &Type::U8, 0x100).is_ok());
    }
}

/// A realloc that returns a fixed (bad) pointer.
struct BadAlloc(Vec<u8>, u32);
impl CabiMemory for BadAlloc {
    fn bytes(&self) -> &[u8] {
        &self.0
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
    fn realloc(&mut self, _: u32, _: u32, _: u32, _: u32) -> Result<u32, CabiError> {
        Ok(self.1)
    }
}

#[test]
fn bad_realloc_results_trap() {
    let v = Val::List(vec![Val::U32(1)]);
    let ty = Type::list(Type::U32);
    let mut m = BadAlloc(vec![0; MEM], 0x1002);
    let e = store(&mut Cx::new(&mut m, &mut NoResources), &v, &ty, 0x100).unwrap_err();
    assert_eq!(
        e,
        CabiError::Misaligned {
            ptr: 0x1002,
            align: 4
        }
    );
    let mut m = BadAlloc(vec![0; MEM], 65536);
    let e = store(&mut Cx::new(&mut m, &mut NoResources), &v, &ty, 0x100).unwrap_err();
    assert!(matches!(e, CabiError::OutOfBounds { .. }));
    // A host pointer that is out of range for the value itself.
    let e = store(
        &mut Cx::new(&mut mem(), &mut NoResources),
        &Val::U16(1),
        &Type::U16,
        65536,
    )
    .unwrap_err();
    assert!(matches!(e, CabiError::OutOfBounds { .. }));
    let e = load(&mut Cx::new(&mut mem(), &mut NoResources), &Type::U32, 2).unwrap_err();
    assert_eq!(e, CabiError::Misaligned { ptr: 2, align: 4 });
}
