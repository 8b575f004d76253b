//! Dynamic component values.
//!
//! [`Val`] mirrors the WIT value kinds one to one (like wasmtime's `component::Val`).
//! Values carry names (record fields, cases, flag labels) so they can be printed and
//! checked without their type; lowering checks every name against the type.

/// An opaque host-side identity of a resource, given out and interpreted by the
/// [`ResourceHooks`](crate::ResourceHooks) implementation (the runtime's resource table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceHandle(pub u32);

/// A component-model value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
            Val::List(_) => "list",
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
