//! [`transcode`](crate::transcode) must behave exactly like lifting then lowering:
//! same destination bytes, same realloc calls, same flat values, same handle hooks,
//! and the same error for every invalid source. Each case runs both ways and
//! compares, for memory and flat sources and destinations. Hand-picked cases here,
//! random types, values and corruptions in [`random`].

mod random;

use super::*;
use crate::transcode::{transcode, Dst, Src};
use CoreValue::{I32, I64};

const SRC_AT: u32 = 0x100;
const DST_AT: u32 = 0x200;

/// Hooks that turn guest index `i` into handle `i + 100` and back, logging each call.
#[derive(Default)]
struct Log(Vec<String>);

impl ResourceHooks for Log {
    fn lower_own(&mut self, _: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.0.push(format!("lower_own {}", h.0));
        Ok(h.0 - 100)
    }
    fn lower_borrow(&mut self, _: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.0.push(format!("lower_borrow {}", h.0));
        Ok(h.0 - 100)
    }
    fn lift_own(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        self.0.push(format!("lift_own {i}"));
        if i == 0 {
            return Err(CabiError::Resource {
                resource: ty.name.clone(),
                reason: "index 0".into(),
            });
        }
        Ok(ResourceHandle(i + 100))
    }
    fn lift_borrow(&mut self, _: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        self.0.push(format!("lift_borrow {i}"));
        Ok(ResourceHandle(i + 100))
    }
}

/// What one side observed: the destination memory, its realloc log, the flat values
/// produced, the hook logs of both sides; or the error.
type Outcome = Result<
    (
        Vec<u8>,
        Vec<[u32; 4]>,
        Vec<FlatValue>,
        Vec<String>,
        Vec<String>,
    ),
    String,
>;

fn src_mem(bytes: &[(u32, &[u8])]) -> BumpMemory {
    let mut m = BumpMemory::new(1 << 16, 0x8000);
    for (at, b) in bytes {
        m.bytes[*at as usize..*at as usize + b.len()].copy_from_slice(b);
    }
    m
}

/// Lift (from memory at `SRC_AT`, or from `flat`) then lower (to memory at `DST_AT`,
/// or to flat values).
fn two_steps(ty: &Type, mut src: BumpMemory, flat: Option<&[FlatValue]>, to_flat: bool) -> Outcome {
    let (mut sh, mut dh) = (Log::default(), Log::default());
    let mut dst = BumpMemory::new(1 << 16, 0x1000);
    let mut out = Vec::new();
    let r = (|| {
        let mut scx = Cx::new(&mut src, &mut sh);
        let v = match flat {
            Some(f) => {
                let mut it = FlatIter::new(f);
                let v = lift_flat(&mut scx, ty, &mut it)?;
                it.finish()?;
                v
            }
            None => load(&mut scx, ty, SRC_AT)?,
        };
        let mut dcx = Cx::new(&mut dst, &mut dh);
        if to_flat {
            lower_flat(&mut dcx, &v, ty, &mut out)
        } else {
            store(&mut dcx, &v, ty, DST_AT)
        }
    })();
    r.map_err(|e| e.to_string())?;
    Ok((dst.bytes, dst.calls, out, sh.0, dh.0))
}

fn one_step(ty: &Type, mut src: BumpMemory, flat: Option<&[FlatValue]>, to_flat: bool) -> Outcome {
    let (mut sh, mut dh) = (Log::default(), Log::default());
    let mut dst = BumpMemory::new(1 << 16, 0x1000);
    let mut out = Vec::new();
    let r = (|| {
        let mut scx = Cx::new(&mut src, &mut sh);
        let mut dcx = Cx::new(&mut dst, &mut dh);
        let to = if to_flat {
            Dst::Flat(&mut out)
        } else {
            transcode::check_place(&dcx, DST_AT, ty)?;
            Dst::Mem(DST_AT as u64)
        };
        match flat {
            Some(f) => {
                let mut it = FlatIter::new(f);
                transcode(&mut scx, Src::Flat(&mut it), &mut dcx, to, ty)?;
                it.finish()
            }
            None => {
                transcode::check_place(&scx, SRC_AT, ty)?;
                transcode(&mut scx, Src::Mem(SRC_AT as u64), &mut dcx, to, ty)
            }
        }
    })();
    r.map_err(|e| e.to_string())?;
    Ok((dst.bytes, dst.calls, out, sh.0, dh.0))
}

/// Both ways agree for a memory source, to memory and to flat values; returns the
/// outcome.
fn same_from_mem(ty: &Type, src: &[(u32, &[u8])]) -> Outcome {
    let mut first = None;
    for to_flat in [false, true] {
        let a = two_steps(ty, src_mem(src), None, to_flat);
        let b = one_step(ty, src_mem(src), None, to_flat);
        assert_eq!(a, b, "{} from memory, to_flat {to_flat}", ty.kind_name());
        first.get_or_insert(a);
    }
    first.unwrap()
}

/// Both ways agree for a flat source (with memory for its strings and lists).
fn same_from_flat(ty: &Type, flat: &[FlatValue], src: &[(u32, &[u8])]) -> Outcome {
    let mut first = None;
    for to_flat in [false, true] {
        let a = two_steps(ty, src_mem(src), Some(flat), to_flat);
        let b = one_step(ty, src_mem(src), Some(flat), to_flat);
        assert_eq!(a, b, "{} from flat, to_flat {to_flat}", ty.kind_name());
        first.get_or_insert(a);
    }
    first.unwrap()
}

fn le(x: u32) -> [u8; 4] {
    x.to_le_bytes()
}

fn pair(p: u32, n: u32) -> Vec<u8> {
    [le(p), le(n)].concat()
}

fn err_contains(o: Outcome, what: &str) {
    match o {
        Err(e) => assert!(e.contains(what), "{e} should mention {what}"),
        Ok(_) => panic!("expected an error mentioning {what}"),
    }
}

fn res() -> ResourceType {
    ResourceType {
        name: "r".into(),
        wit_id: None,
        index: None,
    }
}

#[test]
fn scalars_are_normalised_like_lifting() {
    for (ty, bytes) in [
        (Type::Bool, vec![2]),
        (Type::Bool, vec![0]),
        (Type::S8, vec![0xff]),
        (Type::U8, vec![0xff]),
        (Type::S16, vec![0x00, 0x80]),
        (Type::U16, vec![0x00, 0x80]),
        (Type::S32, le(0x8000_0000).to_vec()),
        (Type::U32, le(7).to_vec()),
        (Type::S64, u64::MAX.to_le_bytes().to_vec()),
        (Type::U64, 5u64.to_le_bytes().to_vec()),
        (Type::Char, le('ß' as u32).to_vec()),
    ] {
        same_from_mem(&ty, &[(SRC_AT, &bytes)]).unwrap();
    }
    // Flat integers wider than their type are wrapped, bools are `!= 0`.
    for (ty, v) in [
        (Type::Bool, I32(7)),
        (Type::S8, I32(0x1ff)),
        (Type::U8, I32(0x1ff)),
        (Type::S16, I32(0x18000)),
        (Type::U16, I32(-1)),
        (Type::U64, I64((u64::MAX) as i64)),
    ] {
        same_from_flat(&ty, &[v], &[]).unwrap();
    }
}

#[test]
fn invalid_chars_trap() {
    for code in [0xD800u32, 0xDFFF, 0x110000] {
        err_contains(same_from_mem(&Type::Char, &[(SRC_AT, &le(code))]), "char");
        err_contains(
            same_from_flat(&Type::Char, &[I32((code) as i32)], &[]),
            "char",
        );
        let l = Type::list(Type::Char);
        let body = [le('a' as u32), le(code)].concat();
        let src = [(SRC_AT, &pair(0x400, 2)[..]), (0x400, &body[..])];
        err_contains(same_from_mem(&l, &src), "char");
    }
}

#[test]
fn strings_check_utf8_bounds_and_length() {
    let t = Type::String;
    let ok = same_from_mem(&t, &[(SRC_AT, &pair(0x400, 5)), (0x400, b"hello")]).unwrap();
    assert_eq!(&ok.0[0x1000..0x1005], b"hello");
    assert_eq!(ok.1, vec![[0, 0, 1, 5]]);
    // Empty strings still allocate.
    assert_eq!(
        same_from_mem(&t, &[(SRC_AT, &pair(0, 0))]).unwrap().1.len(),
        1
    );
    err_contains(
        same_from_mem(
            &t,
            &[(SRC_AT, &pair(0x400, 3)), (0x400, &[b'a', 0xC3, b'('])],
        ),
        "UTF-8",
    );
    err_contains(same_from_mem(&t, &[(SRC_AT, &pair(0xfffe, 4))]), "outside");
    err_contains(
        same_from_mem(&t, &[(SRC_AT, &pair(0xffff_fff0, 0x20))]),
        "outside",
    );
    err_contains(
        same_from_flat(&t, &[I32(0), I32((MAX_STRING_BYTE_LENGTH + 1) as i32)], &[]),
        "exceeds the limit",
    );
    same_from_flat(&t, &[I32(0x400), I32(2)], &[(0x400, b"hi")]).unwrap();
}

#[test]
fn lists_check_alignment_bounds_and_length_and_copy_in_bulk() {
    let bytes = Type::list(Type::U8);
    let body: Vec<u8> = (0..=255).collect();
    let ok = same_from_mem(&bytes, &[(SRC_AT, &pair(0x400, 256)), (0x400, &body)]).unwrap();
    assert_eq!(&ok.0[0x1000..0x1100], &body[..]);
    let words = Type::list(Type::U32);
    // Misaligned even when empty; alignment is checked before bounds.
    err_contains(
        same_from_mem(&words, &[(SRC_AT, &pair(0x401, 0))]),
        "aligned",
    );
    err_contains(
        same_from_mem(&words, &[(SRC_AT, &pair(0xffff_fffd, 4))]),
        "aligned",
    );
    err_contains(
        same_from_mem(&words, &[(SRC_AT, &pair(0xffff_fffc, 4))]),
        "outside",
    );
    err_contains(
        same_from_mem(&words, &[(SRC_AT, &pair(0xfff0, 8))]),
        "outside",
    );
    err_contains(
        same_from_flat(
            &words,
            &[I32(0), I32((MAX_LIST_BYTE_LENGTH / 4 + 1) as i32)],
            &[],
        ),
        "exceeds the limit",
    );
    // Bools are normalised element by element.
    let bools = Type::list(Type::Bool);
    let ok = same_from_mem(&bools, &[(SRC_AT, &pair(0x400, 3)), (0x400, &[0, 5, 1])]).unwrap();
    assert_eq!(&ok.0[0x1000..0x1003], &[0, 1, 1]);
    // Lists of records of strings take the element-wise path.
    let rec = Type::record(
        None,
        vec![("s".into(), Type::String), ("n".into(), Type::U16)],
    )
    .unwrap();
    let l = Type::list(rec);
    let elems = [
        pair(0x500, 2),
        le(9).to_vec(),
        pair(0x502, 1),
        le(10).to_vec(),
    ]
    .concat();
    same_from_mem(
        &l,
        &[(SRC_AT, &pair(0x400, 2)), (0x400, &elems), (0x500, b"abc")],
    )
    .unwrap();
    let bad = [
        pair(0x500, 1),
        le(9).to_vec(),
        pair(0x502, 1),
        le(10).to_vec(),
    ]
    .concat();
    err_contains(
        same_from_mem(
            &l,
            &[
                (SRC_AT, &pair(0x400, 2)),
                (0x400, &bad),
                (0x500, &[b'a', 0, 0xff]),
            ],
        ),
        "UTF-8",
    );
}

#[test]
fn cases_check_discriminants_and_join_payloads() {
    let v = Type::variant(
        None,
        vec![
            ("a".into(), None),
            ("b".into(), Some(Type::U64)),
            ("c".into(), Some(Type::String)),
            ("d".into(), Some(Type::U8)),
        ],
    )
    .unwrap();
    same_from_mem(
        &v,
        &[
            (SRC_AT, &[1, 0, 0, 0, 0, 0, 0, 0]),
            (SRC_AT + 8, &7u64.to_le_bytes()),
        ],
    )
    .unwrap();
    same_from_mem(
        &v,
        &[(SRC_AT, &[2]), (SRC_AT + 8, &pair(0x400, 1)), (0x400, b"x")],
    )
    .unwrap();
    same_from_mem(&v, &[(SRC_AT, &[3]), (SRC_AT + 8, &[0xff])]).unwrap();
    err_contains(same_from_mem(&v, &[(SRC_AT, &[4])]), "discriminant");
    // Flat: an i32 payload in an i64 slot is wrapped; unused slots are skipped.
    let flat = [I32(3), I64(0x1_0000_00ff), I32(0)];
    same_from_flat(&v, &flat, &[]).unwrap();
    let ok = one_step(&v, src_mem(&[]), Some(&flat), true).unwrap();
    assert_eq!(ok.2, vec![I32(3), I64(0xff), I32(0)]);
    same_from_flat(&v, &[I32(0), I64(5), I32(6)], &[]).unwrap();
    err_contains(
        same_from_flat(&v, &[I32(4), I64(0), I32(0)], &[]),
        "discriminant",
    );
    err_contains(
        same_from_flat(&v, &[I32(0x100), I64(0), I32(0)], &[]),
        "discriminant",
    );
    let o = Type::option(Type::result(Some(Type::U32), Some(Type::String)).unwrap()).unwrap();
    same_from_flat(&o, &[I32(1), I32(1), I32(0x400), I32(2)], &[(0x400, b"ok")]).unwrap();
    let e = Type::enum_(None, vec!["x".into(), "y".into()]).unwrap();
    err_contains(same_from_mem(&e, &[(SRC_AT, &[2])]), "discriminant");
}

#[test]
fn flags_drop_unknown_bits() {
    for n in [3usize, 12, 40] {
        let f = Type::flags(None, (0..n).map(|i| format!("l{i}")).collect()).unwrap();
        let ok = same_from_mem(&f, &[(SRC_AT, &[0xff; 8])]).unwrap();
        let words = f.flat().len();
        let flat = vec![I32((u32::MAX) as i32); words];
        assert_eq!(ok, same_from_flat(&f, &flat, &[]).unwrap());
    }
}

#[test]
fn handles_go_through_both_sides_hooks() {
    let t = Type::tuple(vec![
        Type::own(res()),
        Type::borrow(res()),
        Type::list(Type::own(res())),
    ])
    .unwrap();
    let head = [le(1).to_vec(), le(2).to_vec(), pair(0x400, 2)].concat();
    let body = [le(3), le(4)].concat();
    let src = [(SRC_AT, &head[..]), (0x400, &body[..])];
    let ok = same_from_mem(&t, &src).unwrap();
    assert_eq!(
        ok.3,
        vec!["lift_own 1", "lift_borrow 2", "lift_own 3", "lift_own 4"]
    );
    assert_eq!(ok.4.len(), 4);
    err_contains(
        same_from_flat(&t, &[I32(0), I32(2), I32(0x400), I32(0)], &[]),
        "index 0",
    );
}

/// A function with too many flat params (spilled) and a spilled result, and
/// arguments for it.
fn spilled_function() -> (FuncType, Vec<Val>) {
    // A function with too many flat params (spilled) and a spilled result.
    let rec = Type::record(
        None,
        (0..17).map(|i| (format!("f{i}"), Type::U32)).collect(),
    )
    .unwrap();
    let ft = FuncType::new(
        vec![("r".into(), rec.clone()), ("s".into(), Type::String)],
        Some(Type::tuple(vec![Type::String, Type::U8]).unwrap()),
    )
    .unwrap();
    let vals = vec![
        Val::Record((0..17).map(|i| (format!("f{i}"), Val::U32(i))).collect()),
        Val::String("spill".into()),
    ];
    assert!(ft.params_spilled() && ft.results_spilled());
    (ft, vals)
}

#[test]
fn spilled_params_match_the_value_path() {
    let (ft, vals) = spilled_function();
    // Host-side canonical tuple, built the value way.
    let mut canon = BumpMemory::new(1 << 12, 0);
    let at = canon
        .realloc(0, 0, ft.params_tuple().align(), ft.params_tuple().size())
        .unwrap();
    store(
        &mut Cx::new(&mut canon, &mut NoResources),
        &Val::Tuple(vals.clone()),
        ft.params_tuple(),
        at,
    )
    .unwrap();
    // Into a guest: the value way and the transcoding way give the same memory.
    let mut g1 = BumpMemory::new(1 << 14, 0x100);
    let f1 = ft
        .lower_params(&mut Cx::new(&mut g1, &mut NoResources), &vals)
        .unwrap();
    let mut g2 = BumpMemory::new(1 << 14, 0x100);
    let mut c2 = canon.clone();
    let f2 = ft
        .params_from_memory(
            &mut Cx::new(&mut c2, &mut NoResources),
            0,
            &mut Cx::new(&mut g2, &mut NoResources),
        )
        .unwrap();
    assert_eq!(
        (f1.clone(), &g1.bytes, &g1.calls),
        (f2, &g2.bytes, &g2.calls)
    );
    // Back out of the guest (as an import's arguments, with a return pointer).
    let mut args = f1.clone();
    args.push(I32(0x3000));
    let mut out = BumpMemory::new(1 << 12, 0);
    let at = out
        .realloc(0, 0, ft.params_tuple().align(), ft.params_tuple().size())
        .unwrap();
    let retptr = ft
        .params_to_memory(
            &mut Cx::new(&mut g1, &mut NoResources),
            &args,
            &mut Cx::new(&mut out, &mut NoResources),
            at,
        )
        .unwrap();
    assert_eq!(retptr, Some(0x3000));
    assert_eq!(
        out.bytes[..canon.next as usize],
        canon.bytes[..canon.next as usize]
    );
    assert!(
        ft.params_to_memory(
            &mut Cx::new(&mut g1, &mut NoResources),
            &f1,
            &mut Cx::new(&mut out, &mut NoResources),
            0
        )
        .is_err(),
        "missing return pointer"
    );
}

#[test]
fn spilled_results_match_the_value_path() {
    let (ft, _) = spilled_function();
    // Results: the value way and the transcoding way agree both directions.
    let result = Val::Tuple(vec![Val::String("res".into()), Val::U8(9)]);
    let rt = ft.result_tuple().unwrap();
    let mut rc = BumpMemory::new(1 << 12, 0);
    rc.realloc(0, 0, rt.align(), rt.size()).unwrap();
    store(
        &mut Cx::new(&mut rc, &mut NoResources),
        &Val::Tuple(vec![result.clone()]),
        rt,
        0,
    )
    .unwrap();
    let mut g3 = BumpMemory::new(1 << 14, 0x100);
    ft.lower_results(
        &mut Cx::new(&mut g3, &mut NoResources),
        Some(&result),
        Some(0x3000),
    )
    .unwrap();
    let mut g4 = BumpMemory::new(1 << 14, 0x100);
    ft.results_from_memory(
        &mut Cx::new(&mut rc, &mut NoResources),
        0,
        &mut Cx::new(&mut g4, &mut NoResources),
        Some(0x3000),
    )
    .unwrap();
    assert_eq!((&g3.bytes, &g3.calls), (&g4.bytes, &g4.calls));
    let mut back = BumpMemory::new(1 << 12, 0);
    back.realloc(0, 0, rt.align(), rt.size()).unwrap();
    let has = ft
        .results_to_memory(
            &mut Cx::new(&mut g3, &mut NoResources),
            &[I32(0x3000)],
            &mut Cx::new(&mut back, &mut NoResources),
            0,
        )
        .unwrap();
    assert!(has);
    assert_eq!(back.bytes[..rc.next as usize], rc.bytes[..rc.next as usize]);
    // A spilled result needs its return pointer, checked for alignment.
    assert!(ft
        .results_from_memory(
            &mut Cx::new(&mut rc, &mut NoResources),
            0,
            &mut Cx::new(&mut g4, &mut NoResources),
            Some(0x3001)
        )
        .is_err());
}
