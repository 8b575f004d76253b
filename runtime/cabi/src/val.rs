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
