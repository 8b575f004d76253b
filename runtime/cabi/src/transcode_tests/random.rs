//! Random types and values, and random corruptions of their bytes: transcoding must
//! agree with lifting then lowering on every one.

use super::*;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn gen_type(r: &mut Rng, depth: u32) -> Type {
    let leaf = depth == 0 || r.below(3) == 0;
    let pick = if leaf { r.below(13) } else { 13 + r.below(10) };
    let names = |n: u64, p: &str| (0..n).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    match pick {
        0 => Type::Bool,
        1 => Type::S8,
        2 => Type::U8,
        3 => Type::S16,
        4 => Type::U16,
        5 if r.below(2) == 0 => Type::S32,
        5 => Type::F32,
        6 => Type::U32,
        7 if r.below(2) == 0 => Type::S64,
        7 => Type::F64,
        8 => Type::U64,
        9 => Type::Char,
        10 => Type::String,
        11 => Type::enum_(None, names(1 + r.below(3), "e")).unwrap(),
        12 => Type::flags(None, names(1 + r.below(40), "f")).unwrap(),
        13 | 14 => Type::list(gen_type(r, depth - 1)),
        15 => {
            let n = 1 + r.below(3);
            let fields = (0..n)
                .map(|i| (format!("r{i}"), gen_type(r, depth - 1)))
                .collect();
            Type::record(None, fields).unwrap()
        }
        16 => Type::tuple(
            (0..1 + r.below(3))
                .map(|_| gen_type(r, depth - 1))
                .collect(),
        )
        .unwrap(),
        17 | 18 => {
            let cases = (0..1 + r.below(4))
                .map(|i| {
                    let p = (r.below(3) != 0).then(|| gen_type(r, depth - 1));
                    (format!("v{i}"), p)
                })
                .collect();
            Type::variant(None, cases).unwrap()
        }
        19 => Type::option(gen_type(r, depth - 1)).unwrap(),
        20 => {
            let ok = (r.below(2) == 0).then(|| gen_type(r, depth - 1));
            let err = (r.below(2) == 0).then(|| gen_type(r, depth - 1));
            Type::result(ok, err).unwrap()
        }
        21 => Type::own(res()),
        _ => Type::borrow(res()),
    }
}

fn gen_val(r: &mut Rng, ty: &Type) -> Val {
    let x = r.next();
    match ty {
        Type::Bool => Val::Bool(x & 1 == 1),
        Type::S8 => Val::S8(x as i8),
        Type::U8 => Val::U8(x as u8),
        Type::S16 => Val::S16(x as i16),
        Type::U16 => Val::U16(x as u16),
        Type::S32 => Val::S32(x as i32),
        Type::U32 => Val::U32(x as u32),
        Type::S64 => Val::S64(x as i64),
        Type::U64 => Val::U64(x),
        // A quarter NaNs with payloads (canonicalised on both paths).
        Type::F32 if x & 3 == 0 => Val::F32(0x7f80_0001 | (x >> 40) as u32),
        Type::F32 => Val::F32(x as u32),
        Type::F64 if x & 3 == 0 => Val::F64(0xfff0_0000_0000_0001 | (x >> 20)),
        Type::F64 => Val::F64(x),
        Type::Char => Val::Char(['a', 'é', '€', '𝄞'][(x % 4) as usize]),
        Type::String => Val::String("aé€𝄞b".chars().take((x % 6) as usize).collect()),
        Type::List(l) => Val::List((0..x % 4).map(|_| gen_val(r, &l.elem)).collect()),
        Type::Record(rt) => Val::Record(
            rt.fields
                .iter()
                .map(|(n, t)| (n.clone(), gen_val(r, t)))
                .collect(),
        ),
        Type::Tuple(t) => Val::Tuple(t.types.iter().map(|t| gen_val(r, t)).collect()),
        Type::Variant(v) => {
            let (n, p) = v
                .cases
                .get_index((x % v.cases.len() as u64) as usize)
                .unwrap();
            Val::Variant(n.clone(), p.as_ref().map(|t| Box::new(gen_val(r, t))))
        }
        Type::Enum(e) => Val::Enum(e.cases[(x % e.cases.len() as u64) as usize].clone()),
        Type::Option(o) => Val::Option((x & 1 == 1).then(|| Box::new(gen_val(r, &o.some)))),
        Type::Result(rt) => {
            let side = if x & 1 == 1 { &rt.ok } else { &rt.err };
            let p = side.as_ref().map(|t| Box::new(gen_val(r, t)));
            Val::Result(if x & 1 == 1 { Ok(p) } else { Err(p) })
        }
        Type::Flags(f) => Val::Flags(
            f.labels()
                .iter()
                .filter(|_| r.below(2) == 0)
                .cloned()
                .collect(),
        ),
        Type::Own(_) => Val::Own(ResourceHandle(101 + (x % 50) as u32)),
        Type::Borrow(_) => Val::Borrow(ResourceHandle(101 + (x % 50) as u32)),
    }
}

fn agree(ty: &Type, src: &BumpMemory, flat: Option<&[FlatValue]>) -> bool {
    let mut ok = true;
    for to_flat in [false, true] {
        let a = two_steps(ty, src.clone(), flat, to_flat);
        let b = one_step(ty, src.clone(), flat, to_flat);
        assert_eq!(a, b, "{ty:?} flat source {flat:?}, to_flat {to_flat}");
        ok &= a.is_ok();
    }
    ok
}

#[test]
fn random_values_and_corruptions_agree_with_lift_then_lower() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..3000 {
        let ty = gen_type(&mut r, 3);
        let v = gen_val(&mut r, &ty);
        // The value in memory at SRC_AT, its bodies on the heap.
        let mut src = BumpMemory::new(1 << 16, 0x8000);
        store(&mut Cx::new(&mut src, &mut Log::default()), &v, &ty, SRC_AT).unwrap();
        let mut flat = Vec::new();
        lower_flat(
            &mut Cx::new(&mut src, &mut Log::default()),
            &v,
            &ty,
            &mut flat,
        )
        .unwrap();
        // Sometimes corrupt a byte of the value or of the heap, or a flat value.
        if r.below(2) == 0 {
            let (lo, hi) = if r.below(2) == 0 || src.next == 0x8000 {
                (SRC_AT, SRC_AT + ty.size().max(1))
            } else {
                (0x8000, src.next)
            };
            let at = (lo as u64 + r.below((hi - lo) as u64)) as usize;
            src.bytes[at] ^= 1 << r.below(8);
            if !flat.is_empty() {
                let i = r.below(flat.len() as u64) as usize;
                flat[i] = match flat[i] {
                    I32(x) => I32(x ^ (1 << r.below(32))),
                    I64(x) => I64(x ^ (1 << r.below(64))),
                    FlatValue::F32(x) => FlatValue::F32(x ^ (1 << r.below(32))),
                    FlatValue::F64(x) => FlatValue::F64(x ^ (1 << r.below(64))),
                    reference => reference,
                };
            }
        }
        let a = agree(&ty, &src, None);
        let b = agree(&ty, &src, Some(&flat));
        for ok in [a, b] {
            if ok {
                valid += 1
            } else {
                invalid += 1
            }
        }
    }
    // Both kinds were exercised.
    assert!(
        valid > 1000 && invalid > 300,
        "{valid} valid, {invalid} invalid"
    );
}
