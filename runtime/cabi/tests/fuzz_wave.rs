//! Fuzzing WAVE parsing on stable Rust: seeded random WIT types (records, variants,
//! enums, flags, options, results, tuples, lists, strings, chars, integers, nested)
//! and random values of them. Every value printed as WAVE must parse back to itself;
//! every mutation of that text (character flips, deletions, insertions of WAVE
//! punctuation, truncations) and every parse against a different type must end in
//! `Ok` or a `WaveError`, never a panic.
//!
//! Runs `RIVET_FUZZ_ITERS` types (default 100,000) or `RIVET_FUZZ_SECONDS` (default
//! 20), whichever ends first.
#![cfg(feature = "wave")]

use rivet_cabi::{wave, Type, Val};
use std::time::{Duration, Instant};

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn labels(rng: &mut Rng, prefix: &str) -> Vec<String> {
    (0..1 + rng.below(5))
        .map(|i| format!("{prefix}-{i}"))
        .collect()
}

/// A random type, at most `depth` levels deep.
fn random_type(rng: &mut Rng, depth: u32) -> Type {
    let leaf = depth == 0 || rng.below(3) == 0;
    if leaf {
        return [
            Type::Bool,
            Type::S8,
            Type::U8,
            Type::S16,
            Type::U16,
            Type::S32,
            Type::U32,
            Type::S64,
            Type::U64,
            Type::Char,
            Type::String,
        ][rng.below(11)]
        .clone();
    }
    let sub = |rng: &mut Rng| random_type(rng, depth - 1);
    let ty = match rng.below(8) {
        0 => Ok(Type::list(sub(rng))),
        1 => {
            let fields = labels(rng, "f")
                .into_iter()
                .map(|l| (l, sub(rng)))
                .collect();
            Type::record(None, fields)
        }
        2 => Type::tuple((0..1 + rng.below(4)).map(|_| sub(rng)).collect()),
        3 => {
            let cases = labels(rng, "c")
                .into_iter()
                .map(|l| (l, (rng.below(3) > 0).then(|| sub(rng))))
                .collect();
            Type::variant(None, cases)
        }
        4 => Type::enum_(None, labels(rng, "e")),
        5 => Type::option(sub(rng)),
        6 => {
            let ok = (rng.below(3) > 0).then(|| sub(rng));
            let err = (rng.below(3) > 0).then(|| sub(rng));
            Type::result(ok, err)
        }
        _ => Type::flags(None, labels(rng, "g")),
    };
    ty.expect("generated types are well-formed")
}

fn random_char(rng: &mut Rng) -> char {
    match rng.below(4) {
        0 => ['"', '\'', '\\', '\n', '\t', '{', '}', ','][rng.below(8)],
        1 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('?'),
        _ => (b'a' + rng.below(26) as u8) as char,
    }
}

/// A random value of `ty`.
fn random_val(rng: &mut Rng, ty: &Type) -> Val {
    let n = rng.next();
    match ty {
        Type::Bool => Val::Bool(n & 1 == 1),
        Type::S8 => Val::S8(n as i8),
        Type::U8 => Val::U8(n as u8),
        Type::S16 => Val::S16(n as i16),
        Type::U16 => Val::U16(n as u16),
        Type::S32 => Val::S32(n as i32),
        Type::U32 => Val::U32(n as u32),
        Type::S64 => Val::S64(n as i64),
        Type::U64 => Val::U64(n),
        // WAVE has one NaN, so a NaN's payload does not round-trip: any NaN becomes the
        // canonical one (what lifting gives a guest anyway).
        Type::F32 if f32::from_bits(n as u32).is_nan() => Val::F32(0x7fc0_0000),
        Type::F32 => Val::F32(n as u32),
        Type::F64 if f64::from_bits(n).is_nan() => Val::F64(0x7ff8_0000_0000_0000),
        Type::F64 => Val::F64(n),
        Type::Char => Val::Char(random_char(rng)),
        Type::String => Val::String((0..rng.below(8)).map(|_| random_char(rng)).collect()),
        Type::List(l) => Val::List(
            (0..rng.below(4))
                .map(|_| random_val(rng, &l.elem))
                .collect(),
        ),
        Type::Record(r) => Val::Record(
            r.fields
                .iter()
                .map(|(name, t)| (name.clone(), random_val(rng, t)))
                .collect(),
        ),
        Type::Tuple(t) => Val::Tuple(t.types.iter().map(|t| random_val(rng, t)).collect()),
        Type::Variant(v) => {
            let (name, payload) = v.cases.get_index(rng.below(v.cases.len())).unwrap();
            let payload = payload.as_ref().map(|t| Box::new(random_val(rng, t)));
            Val::Variant(name.clone(), payload)
        }
        Type::Enum(e) => Val::Enum(e.cases.get_index(rng.below(e.cases.len())).unwrap().clone()),
        Type::Option(o) => Val::Option((n & 1 == 1).then(|| Box::new(random_val(rng, &o.some)))),
        Type::Result(r) => {
            let side =
                |rng: &mut Rng, t: &Option<Type>| t.as_ref().map(|t| Box::new(random_val(rng, t)));
            Val::Result(if n & 1 == 1 {
                Ok(side(rng, &r.ok))
            } else {
                Err(side(rng, &r.err))
            })
        }
        Type::Flags(f) => Val::Flags(
            f.labels()
                .iter()
                .filter(|_| rng.below(2) == 0)
                .cloned()
                .collect(),
        ),
        Type::Own(_) | Type::Borrow(_) => unreachable!("no resources are generated"),
    }
}

/// One to three edits of WAVE text.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.truncate(at),
            _ => {
                let c = [
                    '{', '}', '[', ']', '(', ')', ',', ':', '"', '\'', '\\', '-', '%', ' ', '0',
                    '9', 'x', 'u',
                ][rng.below(18)];
                chars.insert(at, c);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_wave_text_parses_or_fails_cleanly() {
    let iters = env("RIVET_FUZZ_ITERS", 100_000);
    let deadline = Instant::now() + Duration::from_secs(env("RIVET_FUZZ_SECONDS", 20));
    let mut rng = Rng(0x0011_2026_0000_0003);
    let (mut types, mut mutants, mut accepted) = (0u64, 0u64, 0u64);
    let mut previous = Type::Bool;
    while types < iters && (types % 64 != 0 || Instant::now() < deadline) {
        let ty = random_type(&mut rng, 3);
        let val = random_val(&mut rng, &ty);
        let text = wave::print(&val).unwrap_or_else(|e| panic!("type {types}: print: {e}"));
        let back = wave::parse(&ty, &text)
            .unwrap_or_else(|e| panic!("type {types}: {text:?} does not parse back: {e}"));
        assert_eq!(back, val, "type {types}: {text:?} parses to another value");
        for _ in 0..4 {
            let m = mutate(&mut rng, &text);
            mutants += 1;
            if wave::parse(&ty, &m).is_ok() {
                accepted += 1;
            }
        }
        // The same text against an unrelated type: a typed error or a value.
        let _ = wave::parse(&previous, &text);
        previous = ty;
        types += 1;
    }
    println!("wave: {types} random types and values round-tripped, {mutants} mutated texts parsed ({accepted} accepted)");
    assert!(types >= 1000, "only {types} types ran");
}
