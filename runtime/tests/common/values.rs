//! Builders for kitchen values (`rivet:kitchen/types`), shared by the runtime's
//! kitchen tests and the wasmtime differential tests (which include this file by
//! path), so all of them feed the same shapes, events and records.

use rivet_runtime::cabi::Val;

/// A `string`.
pub fn s(x: &str) -> Val {
    Val::String(x.into())
}

/// A record from `(field, value)` pairs in declaration order.
pub fn rec(fs: &[(&str, Val)]) -> Val {
    Val::Record(fs.iter().map(|(n, v)| (n.to_string(), v.clone())).collect())
}

/// A flags value with the given labels set.
pub fn flags(fs: &[&str]) -> Val {
    Val::Flags(fs.iter().map(|s| s.to_string()).collect())
}

/// `some(v)`.
pub fn some(v: Val) -> Val {
    Val::Option(Some(Box::new(v)))
}

/// `ok(v)`.
pub fn ok(v: Val) -> Val {
    Val::Result(Ok(Some(Box::new(v))))
}

/// `err(v)`.
pub fn err(v: Val) -> Val {
    Val::Result(Err(Some(Box::new(v))))
}

/// A variant case with a payload.
pub fn case(name: &str, payload: Val) -> Val {
    Val::Variant(name.into(), Some(Box::new(payload)))
}

/// A `point`.
pub fn point(x: i32, y: i32) -> Val {
    rec(&[("x", Val::S32(x)), ("y", Val::S32(y))])
}

/// A `shape`: a record holding a string, a list of records and a list of strings.
pub fn shape(name: &str, points: Vec<Val>, tags: &[&str]) -> Val {
    rec(&[
        ("name", s(name)),
        ("points", Val::List(points)),
        ("tags", Val::List(tags.iter().map(|t| s(t)).collect())),
    ])
}

/// Three shapes covering empty strings and lists, non-ASCII text and extreme numbers.
pub fn shapes() -> Val {
    Val::List(vec![
        shape(
            "tri",
            vec![point(0, 0), point(1, 0), point(0, -1)],
            &["closed", "small"],
        ),
        shape("", vec![], &[]),
        shape("dot ✓", vec![point(i32::MIN, i32::MAX)], &["ünïcode"]),
    ])
}

/// An `everything` record: one field of every scalar kind plus string, enum and flags.
pub fn everything() -> Val {
    rec(&[
        ("flag", Val::Bool(true)),
        ("small", Val::S8(-5)),
        ("byte", Val::U8(200)),
        ("short", Val::S16(-300)),
        ("word", Val::U16(60000)),
        ("int", Val::S32(-70000)),
        ("uint", Val::U32(4_000_000_000)),
        ("long", Val::S64(-5_000_000_000_000)),
        ("ulong", Val::U64(u64::MAX)),
        ("letter", Val::Char('🦀')),
        ("text", s("héllo")),
        ("color", Val::Enum("blue".into())),
        ("perms", flags(&["read", "exec"])),
    ])
}
