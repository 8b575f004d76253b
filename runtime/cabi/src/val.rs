//! Dynamic component values.
//!
//! [`Val`] mirrors the WIT value kinds one to one (like wasmtime's `component::Val`).
//! Values carry names (record fields, cases, flag labels) so they can be printed and
//! checked without their type; lowering checks every name against the type.
//!
//! A `list<u8>` has two spellings: [`Val::List`] of [`Val::U8`] (what a host writes by
//! hand) and [`Val::Bytes`] (what lifting produces: one host byte per guest byte instead
//! of one enum per byte, so a large byte payload costs the host about its own size).
//! Both lower alike, and they are equal (and hash alike) when they hold the same bytes.

/// An opaque host-side identity of a resource, given out and interpreted by the
/// [`ResourceHooks`](crate::ResourceHooks) implementation (the runtime's resource table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceHandle(pub u32);

/// A component-model value.
#[derive(Debug, Clone)]
pub enum Val {
    /// `bool`
    Bool(bool),
    /// `s8`
    S8(i8),
    /// `u8`
    U8(u8),
    /// `s16`
    S16(i16),
    /// `u16`
    U16(u16),
    /// `s32`
    S32(i32),
    /// `u32`
    U32(u32),
    /// `s64`
    S64(i64),
    /// `u64`
    U64(u64),
    /// `f32`, as its bit pattern (so values stay `Eq + Hash`; a lifted or lowered
    /// NaN is the canonical `0x7fc00000`).
    F32(u32),
    /// `f64`, as its bit pattern (a lifted or lowered NaN is `0x7ff8000000000000`).
    F64(u64),
    /// `char`
    Char(char),
    /// `string`
    String(String),
    /// `list<T>`
    List(Vec<Val>),
    /// `list<u8>`, compactly (see the module docs): equal to the [`Val::List`] of the
    /// same [`Val::U8`]s.
    Bytes(Vec<u8>),
    /// A record: `(field name, value)` in field order.
    Record(Vec<(String, Val)>),
    /// `tuple<...>`
    Tuple(Vec<Val>),
    /// A variant case and its payload.
    Variant(String, Option<Box<Val>>),
    /// An enum case.
    Enum(String),
    /// `option<T>`
    Option(Option<Box<Val>>),
    /// `result<T, E>` with optional payloads on either side.
    Result(Result<Option<Box<Val>>, Option<Box<Val>>>),
    /// The labels that are set.
    Flags(Vec<String>),
    /// An owned handle.
    Own(ResourceHandle),
    /// A borrowed handle.
    Borrow(ResourceHandle),
}

/// The canonical f32 NaN (`CANONICAL_FLOAT32_NAN`).
pub const CANONICAL_NAN32: u32 = 0x7fc0_0000;
/// The canonical f64 NaN (`CANONICAL_FLOAT64_NAN`).
pub const CANONICAL_NAN64: u64 = 0x7ff8_0000_0000_0000;

/// `canonicalize_nan32` on bits: any NaN becomes [`CANONICAL_NAN32`]. Applied when
/// lifting and lowering (the reference's deterministic profile, where
/// `maybe_scramble_nan32` also yields the canonical NaN), so no NaN payload crosses
/// a component boundary.
pub fn canonicalize_nan32(bits: u32) -> u32 {
    if bits & 0x7fff_ffff > 0x7f80_0000 {
        CANONICAL_NAN32
    } else {
        bits
    }
}

/// `canonicalize_nan64` on bits: any NaN becomes [`CANONICAL_NAN64`].
pub fn canonicalize_nan64(bits: u64) -> u64 {
    if bits & !(1 << 63) > 0x7ff0_0000_0000_0000 {
        CANONICAL_NAN64
    } else {
        bits
    }
}

impl Val {
    /// The kind name, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Val::Bool(_) => "bool",
            Val::S8(_) => "s8",
            Val::U8(_) => "u8",
            Val::S16(_) => "s16",
            Val::U16(_) => "u16",
            Val::S32(_) => "s32",
            Val::U32(_) => "u32",
            Val::S64(_) => "s64",
            Val::U64(_) => "u64",
            Val::F32(_) => "f32",
            Val::F64(_) => "f64",
            Val::Char(_) => "char",
            Val::String(_) => "string",
            Val::List(_) | Val::Bytes(_) => "list",
            Val::Record(_) => "record",
            Val::Tuple(_) => "tuple",
            Val::Variant(..) => "variant",
            Val::Enum(_) => "enum",
            Val::Option(_) => "option",
            Val::Result(_) => "result",
            Val::Flags(_) => "flags",
            Val::Own(_) => "own",
            Val::Borrow(_) => "borrow",
        }
    }
}

/// The bytes of a list whose items are all [`Val::U8`] (every empty list included).
fn as_bytes(items: &[Val]) -> Option<Vec<u8>> {
    items
        .iter()
        .map(|v| match v {
            Val::U8(x) => Some(*x),
            _ => None,
        })
        .collect()
}

impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        use Val::*;
        match (self, other) {
            (Bytes(a), Bytes(b)) => a == b,
            (Bytes(b), List(l)) | (List(l), Bytes(b)) => {
                l.len() == b.len() && l.iter().zip(b).all(|(v, x)| *v == U8(*x))
            }
            (Bool(a), Bool(b)) => a == b,
            (S8(a), S8(b)) => a == b,
            (U8(a), U8(b)) => a == b,
            (S16(a), S16(b)) => a == b,
            (U16(a), U16(b)) => a == b,
            (S32(a), S32(b)) => a == b,
            (U32(a), U32(b)) => a == b,
            (S64(a), S64(b)) => a == b,
            (U64(a), U64(b)) => a == b,
            (F32(a), F32(b)) => a == b,
            (F64(a), F64(b)) => a == b,
            (Char(a), Char(b)) => a == b,
            (String(a), String(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => a == b,
            (Record(a), Record(b)) => a == b,
            (Variant(a, x), Variant(b, y)) => a == b && x == y,
            (Enum(a), Enum(b)) => a == b,
            (Option(a), Option(b)) => a == b,
            (Result(a), Result(b)) => a == b,
            (Flags(a), Flags(b)) => a == b,
            (Own(a), Own(b)) | (Borrow(a), Borrow(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Val {}

impl std::hash::Hash for Val {
    /// Consistent with `==`: a list of bytes hashes like [`Val::Bytes`].
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        use Val::*;
        let bytes = match self {
            Bytes(b) => Some(std::borrow::Cow::Borrowed(b.as_slice())),
            List(l) => as_bytes(l).map(std::borrow::Cow::Owned),
            _ => None,
        };
        if let Some(b) = bytes {
            state.write_u8(0xb7);
            b.hash(state);
            return;
        }
        std::mem::discriminant(self).hash(state);
        match self {
            Bool(x) => x.hash(state),
            S8(x) => x.hash(state),
            U8(x) => x.hash(state),
            S16(x) => x.hash(state),
            U16(x) => x.hash(state),
            S32(x) => x.hash(state),
            U32(x) => x.hash(state),
            S64(x) => x.hash(state),
            U64(x) => x.hash(state),
            F32(x) => x.hash(state),
            Char(x) => x.hash(state),
            F64(x) => x.hash(state),
            String(x) | Enum(x) => x.hash(state),
            List(x) | Tuple(x) => x.hash(state),
            Record(x) => x.hash(state),
            Variant(n, p) => (n, p).hash(state),
            Option(p) => p.hash(state),
            Result(r) => r.hash(state),
            Flags(x) => x.hash(state),
            Own(h) | Borrow(h) => h.hash(state),
            Bytes(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, RandomState};

    #[test]
    fn bytes_equal_and_hash_like_a_list_of_u8() {
        let h = RandomState::new();
        let list = Val::List(vec![Val::U8(1), Val::U8(2)]);
        let bytes = Val::Bytes(vec![1, 2]);
        assert_eq!(list, bytes);
        assert_eq!(bytes, list);
        assert_eq!(h.hash_one(&list), h.hash_one(&bytes));
        assert_eq!(Val::List(vec![]), Val::Bytes(vec![]));
        assert_eq!(
            h.hash_one(Val::List(vec![])),
            h.hash_one(Val::Bytes(vec![]))
        );
        assert_ne!(bytes, Val::Bytes(vec![1, 3]));
        assert_ne!(bytes, Val::List(vec![Val::U8(1)]));
        assert_ne!(bytes, Val::List(vec![Val::U16(1), Val::U16(2)]));
        assert_ne!(Val::Tuple(vec![Val::U8(1), Val::U8(2)]), bytes);
        assert_ne!(Val::Enum("a".into()), Val::String("a".into()));
    }
}
