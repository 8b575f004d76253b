//! Round trips of every type kind through memory and flat values, resource hooks, realloc order, random guest memory.

use super::*;
use CoreValue::{I32, I64};

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
        let kinds: Vec<FlatType> = out.iter().filter_map(|f| f.flat_type()).collect();
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
                    FlatType::I32 => I32((noise(&mut seed) as u32 % 0x500) as i32),
                    FlatType::I64 => I64(noise(&mut seed) as i64),
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
