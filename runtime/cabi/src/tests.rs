//! Unit tests: every trap, round trips of every type kind, layout rules, function-level
//! spilling, resource hooks and WIT conversion.

use super::*;

const MEM: usize = 65536;
const HEAP: u32 = 0x1000;

fn mem() -> BumpMemory {
    BumpMemory::new(MEM, HEAP)
}

fn s(x: &str) -> String {
    x.to_string()
}

fn b(v: Val) -> Option<Box<Val>> {
    Some(Box::new(v))
}

fn enum_n(n: usize) -> Type {
    Type::enum_(None, (0..n).map(|i| format!("c{i}")).collect()).unwrap()
}

fn flags_n(n: usize) -> Type {
    Type::flags(None, (0..n).map(|i| format!("l{i}")).collect()).unwrap()
}

fn load_bytes(ty: &Type, at: u32, bytes: &[u8]) -> Result<Val, CabiError> {
    let mut m = mem();
    m.bytes[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    load(&mut Cx::new(&mut m, &mut NoResources), ty, at)
}

fn lift_in(m: &mut BumpMemory, ty: &Type, flat: &[FlatValue]) -> Result<Val, CabiError> {
    let mut it = FlatIter::new(flat);
    let v = lift_flat(&mut Cx::new(m, &mut NoResources), ty, &mut it)?;
    it.finish()?;
    Ok(v)
}

fn lift(ty: &Type, flat: &[FlatValue]) -> Result<Val, CabiError> {
    lift_in(&mut mem(), ty, flat)
}

/// A string / list `(ptr, len)` pair in memory at 0x100, then loaded.
fn load_pair(ty: &Type, ptr: u32, len: u32, mut m: BumpMemory) -> Result<Val, CabiError> {
    m.bytes[0x100..0x104].copy_from_slice(&ptr.to_le_bytes());
    m.bytes[0x104..0x108].copy_from_slice(&len.to_le_bytes());
    load(&mut Cx::new(&mut m, &mut NoResources), ty, 0x100)
}

use FlatValue::{I32, I64};

// ----------------------------------------------------------------------------- traps

#[test]
fn char_traps() {
    for code in [0xD800u32, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFF_FFFF] {
        let want = Err(CabiError::InvalidChar { code });
        assert_eq!(load_bytes(&Type::Char, 0x100, &code.to_le_bytes()), want);
        assert_eq!(lift(&Type::Char, &[I32(code)]), want);
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
        assert_eq!(lift(&Type::Char, &[I32(code)]), Ok(Val::Char(c)));
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
        lift(&l32, &[I32(0xFFFF_FFF0), I32(8)]),
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
    assert_eq!(lift(&Type::S8, &[I32(0xFFFF_FF80)]), Ok(Val::S8(-128)));
    assert_eq!(lift(&Type::U8, &[I32(0x1234_5678)]), Ok(Val::U8(0x78)));
    assert_eq!(lift(&Type::S16, &[I32(0x0001_8000)]), Ok(Val::S16(-32768)));
    // Unknown flag bits are ignored.
    let f3 = flags_n(3);
    assert_eq!(
        load_bytes(&f3, 0x100, &[0xFA]),
        Ok(Val::Flags(vec![s("l1")]))
    );
    assert_eq!(
        lift(&f3, &[I32(0xFFFF_FFF9)]),
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
        lift(&v, &[I32(0), I64(0xDEAD_0000_FFFF_FFFF)]),
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

// ----------------------------------------------------------------------------- layout

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

// ----------------------------------------------------------------------------- round trips

/// A resource table for tests: handle h is stored in the guest at index h+1.
#[derive(Default)]
struct Table {
    log: Vec<String>,
}

impl ResourceHooks for Table {
    fn lower_own(&mut self, ty: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.log.push(format!("lower_own {} {}", ty.name, h.0));
        Ok(h.0 + 1)
    }
    fn lower_borrow(&mut self, ty: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.log.push(format!("lower_borrow {} {}", ty.name, h.0));
        Ok(h.0 + 1)
    }
    fn lift_own(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        self.log.push(format!("lift_own {} {i}", ty.name));
        match i {
            0 => Err(CabiError::Resource {
                resource: ty.name.clone(),
                reason: "index 0".into(),
            }),
            i => Ok(ResourceHandle(i - 1)),
        }
    }
    fn lift_borrow(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        self.log.push(format!("lift_borrow {} {i}", ty.name));
        self.lift_own(ty, i)
    }
}

fn res() -> ResourceType {
    ResourceType {
        name: s("counter"),
        wit_id: None,
        index: None,
    }
}

fn samples() -> Vec<(Type, Val)> {
    let rec = Type::record(
        Some(s("r")),
        vec![
            (s("name"), Type::String),
            (s("tags"), Type::list(Type::String)),
            (s("n"), Type::S64),
        ],
    )
    .unwrap();
    let var = Type::variant(
        None,
        vec![
            (s("none"), None),
            (s("small"), Some(Type::S16)),
            (s("big"), Some(Type::U64)),
            (s("text"), Some(Type::String)),
        ],
    )
    .unwrap();
    vec![
        (Type::Bool, Val::Bool(true)),
        (Type::Bool, Val::Bool(false)),
        (Type::S8, Val::S8(i8::MIN)),
        (Type::U8, Val::U8(u8::MAX)),
        (Type::S16, Val::S16(i16::MIN)),
        (Type::U16, Val::U16(u16::MAX)),
        (Type::S32, Val::S32(i32::MIN)),
        (Type::U32, Val::U32(u32::MAX)),
        (Type::S64, Val::S64(i64::MIN)),
        (Type::U64, Val::U64(u64::MAX)),
        (Type::Char, Val::Char('\u{10FFFF}')),
        (Type::String, Val::String(s(""))),
        (Type::String, Val::String(s("héllo 🦀\0"))),
        (Type::list(Type::U8), Val::List(vec![])),
        (
            Type::list(Type::list(Type::U16)),
            Val::List(vec![
                Val::List(vec![Val::U16(1), Val::U16(2)]),
                Val::List(vec![]),
            ]),
        ),
        (
            rec.clone(),
            Val::Record(vec![
                (s("name"), Val::String(s("x"))),
                (
                    s("tags"),
                    Val::List(vec![Val::String(s("a")), Val::String(s("bc"))]),
                ),
                (s("n"), Val::S64(-5)),
            ]),
        ),
        (
            Type::tuple(vec![Type::U8, Type::String, Type::Char]).unwrap(),
            Val::Tuple(vec![Val::U8(1), Val::String(s("z")), Val::Char('q')]),
        ),
        (var.clone(), Val::Variant(s("none"), None)),
        (var.clone(), Val::Variant(s("small"), b(Val::S16(-2)))),
        (var.clone(), Val::Variant(s("big"), b(Val::U64(1 << 40)))),
        (var, Val::Variant(s("text"), b(Val::String(s("t"))))),
        (enum_n(300), Val::Enum(s("c299"))),
        (
            Type::option(Type::option(Type::U8).unwrap()).unwrap(),
            Val::Option(b(Val::Option(None))),
        ),
        (Type::option(Type::String).unwrap(), Val::Option(None)),
        (
            Type::result(Some(rec), Some(Type::String)).unwrap(),
            Val::Result(Err(b(Val::String(s("e"))))),
        ),
        (Type::result(None, None).unwrap(), Val::Result(Ok(None))),
        (
            Type::result(Some(Type::U32), None).unwrap(),
            Val::Result(Err(None)),
        ),
        (flags_n(3), Val::Flags(vec![s("l0"), s("l2")])),
        (flags_n(12), Val::Flags(vec![s("l11")])),
        (flags_n(32), Val::Flags(vec![s("l31")])),
        (flags_n(40), Val::Flags(vec![s("l1"), s("l33"), s("l39")])),
        (Type::own(res()), Val::Own(ResourceHandle(7))),
        (Type::borrow(res()), Val::Borrow(ResourceHandle(0))),
        (
            Type::list(Type::own(res())),
            Val::List(vec![
                Val::Own(ResourceHandle(1)),
                Val::Own(ResourceHandle(2)),
            ]),
        ),
    ]
}

#[test]
fn round_trips_through_memory() {
    for (ty, v) in samples() {
        let mut m = mem();
        let mut t = Table::default();
        let addr = 0x200u32.next_multiple_of(ty.align());
        store(&mut Cx::new(&mut m, &mut t), &v, &ty, addr).unwrap();
        let got = load(&mut Cx::new(&mut m, &mut t), &ty, addr).unwrap();
        assert_eq!(got, v, "{ty:?}");
    }
}

#[test]
fn round_trips_through_flat() {
    for (ty, v) in samples() {
        let mut m = mem();
        let mut t = Table::default();
        let mut out = vec![];
        lower_flat(&mut Cx::new(&mut m, &mut t), &v, &ty, &mut out).unwrap();
        let kinds: Vec<FlatType> = out.iter().map(|f| f.ty()).collect();
        assert_eq!(kinds, ty.flat(), "{ty:?}");
        let mut it = FlatIter::new(&out);
        let got = lift_flat(&mut Cx::new(&mut m, &mut t), &ty, &mut it).unwrap();
        it.finish().unwrap();
        assert_eq!(got, v, "{ty:?}");
    }
}

#[test]
fn resource_hooks_are_called() {
    let mut m = mem();
    let mut t = Table::default();
    let ty = Type::tuple(vec![Type::own(res()), Type::borrow(res())]).unwrap();
    let v = Val::Tuple(vec![
        Val::Own(ResourceHandle(3)),
        Val::Borrow(ResourceHandle(4)),
    ]);
    store(&mut Cx::new(&mut m, &mut t), &v, &ty, 0x100).unwrap();
    assert_eq!(&m.bytes[0x100..0x108], &[4, 0, 0, 0, 5, 0, 0, 0]);
    load(&mut Cx::new(&mut m, &mut t), &ty, 0x100).unwrap();
    assert_eq!(
        t.log,
        [
            "lower_own counter 3",
            "lower_borrow counter 4",
            "lift_own counter 4",
            "lift_borrow counter 5",
            "lift_own counter 5"
        ]
    );
    // A hook's error propagates; without resources every handle fails.
    assert!(matches!(
        lift_in(&mut m, &Type::own(res()), &[I32(0)]),
        Err(CabiError::Resource { .. })
    ));
    let e = store(
        &mut Cx::new(&mut m, &mut Table::default()),
        &Val::Own(ResourceHandle(1)),
        &Type::own(res()),
        0x100,
    );
    assert!(e.is_ok());
    let e = store(
        &mut Cx::new(&mut m, &mut NoResources),
        &Val::Own(ResourceHandle(1)),
        &Type::own(res()),
        0x100,
    );
    assert!(matches!(e, Err(CabiError::Resource { .. })));
}

#[test]
fn realloc_order_is_pre_order_and_includes_empty() {
    let ty = Type::list(Type::tuple(vec![Type::String, Type::list(Type::U64)]).unwrap());
    let v = Val::List(vec![
        Val::Tuple(vec![Val::String(s("ab")), Val::List(vec![])]),
        Val::Tuple(vec![Val::String(s("")), Val::List(vec![Val::U64(9)])]),
    ]);
    let mut m = mem();
    store(&mut Cx::new(&mut m, &mut NoResources), &v, &ty, 0x100).unwrap();
    assert_eq!(
        m.calls,
        vec![
            [0, 0, 4, 32],
            [0, 0, 1, 2],
            [0, 0, 8, 0],
            [0, 0, 1, 0],
            [0, 0, 8, 8]
        ]
    );
    assert_eq!(m.returns, vec![0x1000, 0x1020, 0x1028, 0x1028, 0x1028]);
}

/// Deterministic xorshift bytes.
fn noise(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn arbitrary_guest_memory_never_panics_and_round_trips() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let (mut ok, mut trapped) = (0, 0);
    for round in 0..300 {
        for (ty, _) in samples() {
            let mut m = mem();
            // Small numbers make valid pointers/lengths likely; large ones test traps.
            for chunk in m.bytes[0x100..0x400].chunks_mut(4) {
                let r = noise(&mut seed);
                let x = if r.is_multiple_of(3) {
                    r as u32
                } else {
                    (r as u32) % 0x300 + 0x100 * (round % 2)
                };
                chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
            }
            let addr = 0x100u32.next_multiple_of(ty.align());
            let mut t = Table::default();
            match load(&mut Cx::new(&mut m, &mut t), &ty, addr) {
                Ok(v) => {
                    ok += 1;
                    let mut m2 = mem();
                    store(&mut Cx::new(&mut m2, &mut t), &v, &ty, addr).unwrap();
                    assert_eq!(load(&mut Cx::new(&mut m2, &mut t), &ty, addr).unwrap(), v);
                }
                Err(e) => {
                    trapped += 1;
                    assert!(e.is_guest_trap(), "{e}");
                }
            }
            let flat: Vec<FlatValue> = ty
                .flat()
                .iter()
                .map(|f| match f {
                    FlatType::I32 => I32(noise(&mut seed) as u32 % 0x500),
                    FlatType::I64 => I64(noise(&mut seed)),
                    FlatType::F32 => FlatValue::F32(noise(&mut seed) as u32),
                    FlatType::F64 => FlatValue::F64(noise(&mut seed)),
                })
                .collect();
            if let Err(e) = lift_in(&mut m, &ty, &flat) {
                assert!(e.is_guest_trap(), "{e}");
            }
        }
    }
    assert!(ok > 100 && trapped > 100, "ok {ok} trapped {trapped}");
}

// ----------------------------------------------------------------------------- functions

#[test]
fn function_spilling() {
    let params: Vec<(String, Type)> = (0..17).map(|i| (format!("p{i}"), Type::U32)).collect();
    let f = FuncType::new(params, Some(Type::String)).unwrap();
    assert!(f.params_spilled() && f.results_spilled());
    let lift_sig = f.core_sig(CallContext::Lift);
    assert_eq!((lift_sig.params.len(), lift_sig.results.len()), (1, 1));
    let lower_sig = f.core_sig(CallContext::Lower);
    assert_eq!((lower_sig.params.len(), lower_sig.results.len()), (2, 0));

    // Host -> guest export: params go into a realloc'd tuple.
    let args: Vec<Val> = (0..17).map(Val::U32).collect();
    let mut m = mem();
    let flat = f
        .lower_params(&mut Cx::new(&mut m, &mut NoResources), &args)
        .unwrap();
    assert_eq!(flat, vec![I32(0x1000)]);
    assert_eq!(m.calls, vec![[0, 0, 4, 68]]);
    // The guest side reads them back (as an import would).
    let (back, retptr) = f
        .lift_params(
            &mut Cx::new(&mut m, &mut NoResources),
            &[I32(0x1000), I32(0x2000)],
        )
        .unwrap();
    assert_eq!((back, retptr), (args.clone(), Some(0x2000)));
    // Result through the out-pointer, then lifted through the returned pointer.
    let out = f
        .lower_results(
            &mut Cx::new(&mut m, &mut NoResources),
            Some(&Val::String(s("ok"))),
            retptr,
        )
        .unwrap();
    assert!(out.is_empty());
    let r = f
        .lift_results(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x2000)])
        .unwrap();
    assert_eq!(r, Some(Val::String(s("ok"))));
    // A misaligned return pointer traps.
    let e = f
        .lift_results(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x2001)])
        .unwrap_err();
    assert_eq!(
        e,
        CabiError::Misaligned {
            ptr: 0x2001,
            align: 4
        }
    );
    // Wrong arity.
    assert!(f
        .lower_params(&mut Cx::new(&mut m, &mut NoResources), &args[..3])
        .is_err());
    assert!(f
        .lift_params(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x1000)])
        .is_err());
}

#[test]
fn function_flat() {
    let f = FuncType::new(
        vec![(s("a"), Type::U8), (s("b"), Type::S64)],
        Some(Type::U32),
    )
    .unwrap();
    assert!(!f.params_spilled() && !f.results_spilled());
    let mut m = mem();
    let mut r = NoResources;
    let mut cx = Cx::new(&mut m, &mut r);
    let flat = f
        .lower_params(&mut cx, &[Val::U8(1), Val::S64(-1)])
        .unwrap();
    assert_eq!(flat, vec![I32(1), I64(u64::MAX)]);
    assert_eq!(
        f.lift_results(&mut cx, &[I32(5)]).unwrap(),
        Some(Val::U32(5))
    );
    assert!(f.lift_results(&mut cx, &[]).is_err());
    assert_eq!(
        f.lower_results(&mut cx, Some(&Val::U32(9)), None).unwrap(),
        vec![I32(9)]
    );
    assert!(f.lower_results(&mut cx, None, None).is_err());
    let none = FuncType::new(vec![], None).unwrap();
    assert_eq!(none.lift_results(&mut cx, &[]).unwrap(), None);
    assert_eq!(none.core_sig(CallContext::Lower).params, vec![]);
}

// ----------------------------------------------------------------------------- WIT

fn wit(src: &str) -> (wit_parser::Resolve, wit_parser::InterfaceId) {
    let mut r = wit_parser::Resolve::default();
    let pkg = r.push_str("t.wit", src).unwrap();
    let i = r.packages[pkg].interfaces["x"];
    (r, i)
}

#[test]
fn from_wit() {
    let (r, i) = wit("package t:t; interface x {
            resource counter;
            type alias = counter;
            record r0 { a: u32, b: list<string>, c: own<counter>, d: borrow<alias> }
            type t = option<r0>;
            type fl = f32;
            f: func(x: t, y: borrow<counter>) -> result<u32, string>;
        }");
    let iface = &r.interfaces[i];
    let t = Type::from_wit(&r, &wit_parser::Type::Id(iface.types["t"])).unwrap();
    let Type::Option(o) = &t else { panic!("{t:?}") };
    let Type::Record(rec) = &o.some else { panic!() };
    assert_eq!(rec.name.as_deref(), Some("r0"));
    let counter = iface.types["counter"];
    match (&rec.fields[2].1, &rec.fields[3].1) {
        (Type::Own(a), Type::Borrow(b)) => {
            assert_eq!((a.name.as_str(), a.wit_id), ("counter", Some(counter)));
            assert_eq!(b.wit_id, Some(counter));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((t.size(), t.align()), (24, 4));
    let fl = Type::from_wit(&r, &wit_parser::Type::Id(iface.types["fl"]));
    assert_eq!(fl, Ok(Type::F32));
    let f = FuncType::from_wit(&mut WitTypes::new(&r), &iface.functions["f"]).unwrap();
    assert_eq!(f.params.len(), 2);
    assert!(f.results_spilled());
}

#[test]
fn deep_wit_is_rejected() {
    let mut src = String::from("package t:t; interface x {\n type a0 = u8;\n");
    for i in 1..=150 {
        src += &format!(" type a{i} = a{};\n", i - 1);
    }
    src += "}";
    let (r, i) = wit(&src);
    let e = Type::from_wit(&r, &wit_parser::Type::Id(r.interfaces[i].types["a150"])).unwrap_err();
    assert!(matches!(e, CabiError::InvalidType(_)));
    assert_eq!(
        Type::from_wit(&r, &wit_parser::Type::Id(r.interfaces[i].types["a50"])),
        Ok(Type::U8)
    );
}
