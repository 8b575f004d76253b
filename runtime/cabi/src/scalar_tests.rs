//! The scalar fast path ([`crate::scalar`]) against the general path: for random
//! all-scalar signatures, arguments, payload bytes and flat results, whenever the fast
//! path answers, its answer equals the general path's (bytes, flat values, host
//! values), and it answers for every well-formed common case.

use crate::func::MAX_FLAT_PARAMS;
use crate::memory::{BumpMemory, Cx, NoResources};
use crate::{lower, FlatValue, FuncType, Type, Val};

/// A tiny deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SCALARS: [Type; 12] = [
    Type::Bool,
    Type::S8,
    Type::U8,
    Type::S16,
    Type::U16,
    Type::S32,
    Type::U32,
    Type::S64,
    Type::U64,
    Type::F32,
    Type::F64,
    Type::Char,
];

fn random_val(r: &mut Rng, t: &Type) -> Val {
    let x = r.next();
    match t {
        Type::Bool => Val::Bool(x & 1 == 1),
        Type::S8 => Val::S8(x as i8),
        Type::U8 => Val::U8(x as u8),
        Type::S16 => Val::S16(x as i16),
        Type::U16 => Val::U16(x as u16),
        Type::S32 => Val::S32(x as i32),
        Type::U32 => Val::U32(x as u32),
        Type::S64 => Val::S64(x as i64),
        Type::U64 => Val::U64(x),
        Type::F32 => Val::F32(x as u32),
        Type::F64 => Val::F64(x),
        _ => Val::Char(char::from_u32(x as u32 % 0xd800).unwrap_or('x')),
    }
}

/// The general path's encoding of `vals` (the runtime's advice encoder).
fn general_encode(f: &FuncType, vals: &[Val], max: u64) -> Option<Vec<u8>> {
    let t = f.params_tuple();
    let mut m = BumpMemory::growable_up_to(t.size() as usize, max);
    let mut h = NoResources;
    let mut cx = Cx::new(&mut m, &mut h);
    let at = cx.memory.realloc(0, 0, t.align(), t.size()).ok()?;
    lower::store_tuple_at(&mut cx, vals, t, at.into()).ok()?;
    Some(m.bytes)
}

fn general_params(f: &FuncType, bytes: &[u8]) -> Option<Vec<FlatValue>> {
    let mut src = BumpMemory::growable(0);
    src.bytes = bytes.to_vec();
    let mut dst = BumpMemory::new(64, 0);
    let (mut h1, mut h2) = (NoResources, NoResources);
    let mut s = Cx::new(&mut src, &mut h1);
    let mut d = Cx::new(&mut dst, &mut h2);
    f.params_from_memory(&mut s, 0, &mut d).ok()
}

fn general_result(f: &FuncType, flat: &[FlatValue], max: u64) -> Option<Option<Vec<u8>>> {
    let Some(t) = f.result_tuple() else {
        return flat.is_empty().then_some(None);
    };
    let mut src = BumpMemory::new(64, 0);
    let mut m = BumpMemory::growable_up_to(t.size() as usize, max);
    let (mut h1, mut h2) = (NoResources, NoResources);
    let mut s = Cx::new(&mut src, &mut h1);
    let mut d = Cx::new(&mut m, &mut h2);
    let at = d.memory.realloc(0, 0, t.align(), t.size()).ok()?;
    f.results_to_memory(&mut s, flat, &mut d, at).ok()?;
    Some(Some(m.bytes))
}

fn general_decode(f: &FuncType, bytes: &[u8], budget: Option<u64>) -> Option<Vec<Val>> {
    let t = f.result_tuple()?;
    let mut src = BumpMemory::growable(0);
    src.bytes = bytes.to_vec();
    let mut h = NoResources;
    let mut cx = Cx::new(&mut src, &mut h);
    cx.host_budget = budget;
    cx.spend_host(crate::lift::host_cost(t)).ok()?;
    match crate::load(&mut cx, t, 0).ok()? {
        Val::Tuple(vs) => Some(vs),
        _ => None,
    }
}

#[test]
fn the_fast_path_agrees_with_the_general_path() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut answered = [0u32; 4];
    for _ in 0..3000 {
        let n = r.below(MAX_FLAT_PARAMS as u64 + 1) as usize;
        let params: Vec<(String, Type)> = (0..n)
            .map(|i| (format!("p{i}"), SCALARS[r.below(12) as usize].clone()))
            .collect();
        let result = (r.below(4) != 0).then(|| SCALARS[r.below(12) as usize].clone());
        let f = FuncType::new(params, result).expect("type");
        let Some(s) = f.scalar_sig() else {
            // Only a parameter tuple over the inline payload size takes the walk.
            assert!(f.params_tuple().size() as usize > crate::scalar::MAX_SCALAR_BYTES);
            continue;
        };
        let max = if r.below(8) == 0 {
            r.below(16)
        } else {
            1 << 20
        };

        // Arguments (sometimes of a wrong variant or count).
        let mut vals: Vec<Val> = f
            .params
            .iter()
            .map(|(_, t)| random_val(&mut r, t))
            .collect();
        if r.below(8) == 0 && !vals.is_empty() {
            vals.pop();
        }
        if let Some(b) = s.encode_params(&vals, max) {
            assert_eq!(Some(b.to_vec()), general_encode(&f, &vals, max));
            answered[0] += 1;
        }

        // Payload bytes, random (chars may be invalid), sometimes short or long.
        let size = f.params_tuple().size() as usize;
        let len = match r.below(6) {
            0 => r.below(size as u64 + 1) as usize,
            1 => size + r.below(8) as usize,
            _ => size,
        };
        let bytes: Vec<u8> = (0..len).map(|_| r.next() as u8).collect();
        let mut out = [FlatValue::I32(0); MAX_FLAT_PARAMS];
        if let Some(k) = s.params_from_bytes(&bytes, &mut out) {
            assert_eq!(Some(out[..k].to_vec()), general_params(&f, &bytes));
            answered[1] += 1;
        }

        // Flat results of the right width, sometimes of another or too many.
        let mut flat: Vec<FlatValue> = f
            .flat_results()
            .iter()
            .map(|t| FlatValue::from_flat_bits(*t, r.next()))
            .collect();
        match r.below(8) {
            0 => flat.push(FlatValue::I32(1)),
            1 => flat = vec![FlatValue::I64(r.next() as i64)],
            _ => {}
        }
        if let Some(b) = s.result_bytes(&flat, max) {
            assert_eq!(Some(b.map(|b| b.to_vec())), general_result(&f, &flat, max));
            answered[2] += 1;
        }

        // Result payloads, and host-value budgets.
        if let Some(t) = f.result_tuple() {
            let len = t.size() as usize + r.below(3) as usize;
            let len = len.saturating_sub(r.below(2) as usize * 3);
            let bytes: Vec<u8> = (0..len).map(|_| r.next() as u8).collect();
            let budget = (r.below(4) == 0).then(|| r.below(64));
            if let Some(v) = s.decode_result(&bytes, budget) {
                assert_eq!(Some(v), general_decode(&f, &bytes, budget));
                answered[3] += 1;
            }
        }
    }
    // The fast path must actually take the common cases.
    assert!(answered.iter().all(|&a| a > 500), "answered {answered:?}");
}

#[test]
fn only_scalar_signatures_have_a_scalar_layout() {
    let scalar = FuncType::new(vec![("a".into(), Type::U32)], Some(Type::U32)).expect("type");
    assert!(scalar.scalar_sig().is_some());
    let string = FuncType::new(vec![("s".into(), Type::String)], None).expect("type");
    assert!(string.scalar_sig().is_none());
    let list = FuncType::new(vec![], Some(Type::list(Type::U8))).expect("type");
    assert!(list.scalar_sig().is_none());
    let many: Vec<(String, Type)> = (0..=MAX_FLAT_PARAMS)
        .map(|i| (format!("p{i}"), Type::U8))
        .collect();
    assert!(FuncType::new(many, None)
        .expect("type")
        .scalar_sig()
        .is_none());
}
