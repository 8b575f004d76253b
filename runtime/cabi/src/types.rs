//! Component-level types with their canonical-ABI layout computed once.
//!
//! A [`Type`] is a cheap-to-clone tree: primitives are plain variants, every compound
//! type is an `Arc` of a struct that stores its size, alignment and flattening (and, for
//! records and tuples, each member's offset) computed when it is built. Lowering and
//! lifting therefore never recompute layout. Option, result and enum are kept as their
//! own kinds (so values keep their shape) but share the variant layout ([`CaseLayout`]).
//!
//! Limits protect the host from hostile WIT: compound types must be non-empty (as the
//! component model requires), sizes must fit in `u32`, and a flattening longer than
//! [`MAX_FLAT_LEN`] core values is rejected.

use std::sync::Arc;

use indexmap::{IndexMap, IndexSet};

use crate::error::CabiError;

/// Longest flattening a type may have. The reference has no such limit; Rivet imposes
/// one so that types built by sharing (`record r2 { a: r1, b: r1 }` ...) cannot make the
/// memoized flat vectors grow exponentially.
pub const MAX_FLAT_LEN: usize = 4096;

/// A core wasm value type used by flattening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlatType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
}

impl FlatType {
    /// The spec's `join` of two variant payload slots: equal types stay, `i32` and
    /// `f32` share an `i32`, anything else widens to `i64`.
    pub fn join(self, other: FlatType) -> FlatType {
        use FlatType::{F32, I32, I64};
        match (self, other) {
            (a, b) if a == b => a,
            (I32, F32) | (F32, I32) => I32,
            _ => I64,
        }
    }

    /// The wasm name (`i32`, `i64`, `f32`, `f64`).
    pub fn name(self) -> &'static str {
        match self {
            FlatType::I32 => "i32",
            FlatType::I64 => "i64",
            FlatType::F32 => "f32",
            FlatType::F64 => "f64",
        }
    }
}

/// A resource type referenced by `own` / `borrow` handles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceType {
    /// The resource's WIT name (for messages and host lookup).
    pub name: String,
    /// The defining type in the `Resolve` it came from, when built from WIT; two
    /// handles refer to the same resource only if these agree.
    pub wit_id: Option<wit_parser::TypeId>,
    /// The resource's index in its component's resource table, when built from a
    /// manifest's tables (how the runtime identifies it without WIT).
    pub index: Option<u32>,
}

/// A component-model value type (the subset Rivet supports: no streams, futures,
/// error-contexts, maps or fixed-length lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `bool`
    Bool,
    /// `s8`
    S8,
    /// `u8`
    U8,
    /// `s16`
    S16,
    /// `u16`
    U16,
    /// `s32`
    S32,
    /// `u32`
    U32,
    /// `s64`
    S64,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `char`
    Char,
    /// `string`
    String,
    /// `list<T>`
    List(Arc<ListType>),
    /// `record`
    Record(Arc<RecordType>),
    /// `tuple<...>`
    Tuple(Arc<TupleType>),
    /// `variant`
    Variant(Arc<VariantType>),
    /// `enum`
    Enum(Arc<EnumType>),
    /// `option<T>`
    Option(Arc<OptionType>),
    /// `result<T, E>`
    Result(Arc<ResultType>),
    /// `flags`
    Flags(Arc<FlagsType>),
    /// `own<R>`
    Own(Arc<ResourceType>),
    /// `borrow<R>`
    Borrow(Arc<ResourceType>),
}

/// Layout of a variant-like type: discriminant width, where the payload starts, and the
/// joined flattening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLayout {
    /// Discriminant size in bytes: 1, 2 or 4.
    pub disc_size: u32,
    /// Offset of the payload (discriminant size aligned to the largest case alignment).
    pub payload_offset: u32,
    /// Total size.
    pub size: u32,
    /// Alignment.
    pub align: u32,
    /// `flatten_variant`: the `i32` discriminant then the joined payload slots.
    pub flat: Vec<FlatType>,
}

/// `list<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListType {
    /// Element type.
    pub elem: Type,
}

/// A record with named fields and precomputed offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordType {
    /// WIT name, when the record came from a named definition.
    pub name: Option<String>,
    /// Fields in declaration order.
    pub fields: Vec<(String, Type)>,
    /// Byte offset of each field.
    pub offsets: Vec<u32>,
    size: u32,
    align: u32,
    flat: Vec<FlatType>,
}

/// A tuple with precomputed offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TupleType {
    /// Element types.
    pub types: Vec<Type>,
    /// Byte offset of each element.
    pub offsets: Vec<u32>,
    size: u32,
    align: u32,
    flat: Vec<FlatType>,
}

/// A variant: named cases with optional payloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantType {
    /// WIT name.
    pub name: Option<String>,
    /// Cases in order (index = discriminant).
    pub cases: IndexMap<String, Option<Type>>,
    /// Shared variant layout (read it through [`Type::case_layout`]).
    pub(crate) layout: CaseLayout,
}

/// An enum: a variant without payloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    /// WIT name.
    pub name: Option<String>,
    /// Case names in order.
    pub cases: IndexSet<String>,
    /// Shared variant layout (read it through [`Type::case_layout`]).
    pub(crate) layout: CaseLayout,
}

/// `option<T>`: the variant `none | some(T)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionType {
    /// Payload of `some`.
    pub some: Type,
    /// Shared variant layout (read it through [`Type::case_layout`]).
    pub(crate) layout: CaseLayout,
}

/// `result<T, E>`: the variant `ok(T?) | err(E?)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultType {
    /// Payload of `ok`, if any.
    pub ok: Option<Type>,
    /// Payload of `err`, if any.
    pub err: Option<Type>,
    /// Shared variant layout (read it through [`Type::case_layout`]).
    pub(crate) layout: CaseLayout,
}

/// A flags type: a bit set stored in 1, 2 or 4 bytes, or several `i32`s above 32 labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagsType {
    /// WIT name.
    pub name: Option<String>,
    /// Labels in bit order.
    pub(crate) labels: IndexSet<String>,
}

impl FlagsType {
    /// Labels in bit order (label i is bit i).
    pub fn labels(&self) -> &IndexSet<String> {
        &self.labels
    }

    /// Number of `i32` words in the flat form.
    pub fn num_i32(&self) -> u32 {
        (self.labels.len() as u32).div_ceil(32)
    }
    /// Byte size in memory.
    pub fn size(&self) -> u32 {
        match self.labels.len() {
            0..=8 => 1,
            9..=16 => 2,
            _ => 4 * self.num_i32(),
        }
    }
}

static FLAT_I32: [FlatType; 1] = [FlatType::I32];
static FLAT_I64: [FlatType; 1] = [FlatType::I64];
static FLAT_F32: [FlatType; 1] = [FlatType::F32];
static FLAT_F64: [FlatType; 1] = [FlatType::F64];
static FLAT_PTR_LEN: [FlatType; 2] = [FlatType::I32, FlatType::I32];
static FLAT_I32_MANY: [FlatType; MAX_FLAT_LEN] = [FlatType::I32; MAX_FLAT_LEN];

fn align_to(x: u32, align: u32) -> Result<u32, CabiError> {
    x.checked_next_multiple_of(align)
        .ok_or_else(|| CabiError::InvalidType("type size exceeds 4 GiB".into()))
}

fn add(a: u32, b: u32) -> Result<u32, CabiError> {
    a.checked_add(b)
        .ok_or_else(|| CabiError::InvalidType("type size exceeds 4 GiB".into()))
}

fn check_flat(flat: &[FlatType]) -> Result<(), CabiError> {
    if flat.len() > MAX_FLAT_LEN {
        return Err(CabiError::InvalidType(format!(
            "flattens to {} core values (limit {MAX_FLAT_LEN})",
            flat.len()
        )));
    }
    Ok(())
}

/// Size, alignment, offsets and flattening of a record or tuple with these members.
fn struct_layout(types: &[&Type]) -> Result<(Vec<u32>, u32, u32, Vec<FlatType>), CabiError> {
    let mut offsets = Vec::with_capacity(types.len());
    let mut size = 0u32;
    let mut align = 1u32;
    let mut flat = Vec::new();
    for t in types {
        size = align_to(size, t.align())?;
        offsets.push(size);
        size = add(size, t.size())?;
        align = align.max(t.align());
        flat.extend_from_slice(t.flat());
        check_flat(&flat)?;
    }
    Ok((offsets, align_to(size, align)?, align, flat))
}

/// The spec's `discriminant_type` size for `n` cases.
fn disc_size(n: usize) -> u32 {
    if n <= 1 << 8 {
        1
    } else if n <= 1 << 16 {
        2
    } else {
        4
    }
}

impl CaseLayout {
    /// Layout of a variant whose cases have these payloads (`elem_size_variant`,
    /// `alignment_variant`, `flatten_variant`).
    pub fn new<'a>(
        n_cases: usize,
        payloads: impl Iterator<Item = Option<&'a Type>> + Clone,
    ) -> Result<Self, CabiError> {
        if n_cases == 0 {
            return Err(CabiError::InvalidType("variant with no cases".into()));
        }
        if n_cases > u32::MAX as usize {
            return Err(CabiError::InvalidType("too many cases".into()));
        }
        let disc = disc_size(n_cases);
        let mut max_align = 1u32;
        let mut max_size = 0u32;
        let mut joined: Vec<FlatType> = Vec::new();
        for t in payloads.flatten() {
            max_align = max_align.max(t.align());
            max_size = max_size.max(t.size());
            for (i, ft) in t.flat().iter().enumerate() {
                match joined.get_mut(i) {
                    Some(slot) => *slot = slot.join(*ft),
                    None => joined.push(*ft),
                }
            }
        }
        let payload_offset = align_to(disc, max_align)?;
        let align = disc.max(max_align);
        let size = align_to(add(payload_offset, max_size)?, align)?;
        let mut flat = Vec::with_capacity(1 + joined.len());
        flat.push(FlatType::I32);
        flat.extend(joined);
        check_flat(&flat)?;
        Ok(CaseLayout {
            disc_size: disc,
            payload_offset,
            size,
            align,
            flat,
        })
    }
}

fn non_empty(what: &str, n: usize) -> Result<(), CabiError> {
    if n == 0 {
        return Err(CabiError::InvalidType(format!("{what} must not be empty")));
    }
    Ok(())
}

impl Type {
    /// `list<elem>`.
    pub fn list(elem: Type) -> Type {
        Type::List(Arc::new(ListType { elem }))
    }

    /// A record; field names must be distinct and there must be at least one field.
    pub fn record(name: Option<String>, fields: Vec<(String, Type)>) -> Result<Type, CabiError> {
        non_empty("record", fields.len())?;
        let names: IndexSet<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        if names.len() != fields.len() {
            return Err(CabiError::InvalidType(
                "record has duplicate field names".into(),
            ));
        }
        let tys: Vec<&Type> = fields.iter().map(|(_, t)| t).collect();
        let (offsets, size, align, flat) = struct_layout(&tys)?;
        Ok(Type::Record(Arc::new(RecordType {
            name,
            fields,
            offsets,
            size,
            align,
            flat,
        })))
    }

    /// A tuple of at least one type.
    pub fn tuple(types: Vec<Type>) -> Result<Type, CabiError> {
        non_empty("tuple", types.len())?;
        Type::tuple_allow_empty(types)
    }

    /// A tuple that may be empty: used for the spilled parameter tuple of a function
    /// (never for values).
    pub fn tuple_allow_empty(types: Vec<Type>) -> Result<Type, CabiError> {
        let tys: Vec<&Type> = types.iter().collect();
        let (offsets, size, align, flat) = struct_layout(&tys)?;
        Ok(Type::Tuple(Arc::new(TupleType {
            types,
            offsets,
            size,
            align,
            flat,
        })))
    }

    /// A variant; case names must be distinct.
    pub fn variant(
        name: Option<String>,
        cases: Vec<(String, Option<Type>)>,
    ) -> Result<Type, CabiError> {
        let n = cases.len();
        let cases: IndexMap<String, Option<Type>> = cases.into_iter().collect();
        if cases.len() != n {
            return Err(CabiError::InvalidType(
                "variant has duplicate case names".into(),
            ));
        }
        let layout = CaseLayout::new(n, cases.values().map(|t| t.as_ref()))?;
        Ok(Type::Variant(Arc::new(VariantType {
            name,
            cases,
            layout,
        })))
    }

    /// An enum; case names must be distinct.
    pub fn enum_(name: Option<String>, cases: Vec<String>) -> Result<Type, CabiError> {
        let n = cases.len();
        let cases: IndexSet<String> = cases.into_iter().collect();
        if cases.len() != n {
            return Err(CabiError::InvalidType(
                "enum has duplicate case names".into(),
            ));
        }
        let layout = CaseLayout::new(n, std::iter::repeat_n(None, n))?;
        Ok(Type::Enum(Arc::new(EnumType {
            name,
            cases,
            layout,
        })))
    }

    /// `option<some>`.
    pub fn option(some: Type) -> Result<Type, CabiError> {
        let layout = CaseLayout::new(2, [None, Some(&some)].into_iter())?;
        Ok(Type::Option(Arc::new(OptionType { some, layout })))
    }

    /// `result<ok, err>`; either side may be absent.
    pub fn result(ok: Option<Type>, err: Option<Type>) -> Result<Type, CabiError> {
        let layout = CaseLayout::new(2, [ok.as_ref(), err.as_ref()].into_iter())?;
        Ok(Type::Result(Arc::new(ResultType { ok, err, layout })))
    }

    /// A flags type with at least one label; labels must be distinct.
    pub fn flags(name: Option<String>, labels: Vec<String>) -> Result<Type, CabiError> {
        non_empty("flags", labels.len())?;
        let n = labels.len();
        let labels: IndexSet<String> = labels.into_iter().collect();
        if labels.len() != n {
            return Err(CabiError::InvalidType("flags has duplicate labels".into()));
        }
        if n.div_ceil(32) > MAX_FLAT_LEN {
            return Err(CabiError::InvalidType("too many flag labels".into()));
        }
        Ok(Type::Flags(Arc::new(FlagsType { name, labels })))
    }

    /// `own<resource>`.
    pub fn own(resource: ResourceType) -> Type {
        Type::Own(Arc::new(resource))
    }

    /// `borrow<resource>`.
    pub fn borrow(resource: ResourceType) -> Type {
        Type::Borrow(Arc::new(resource))
    }

    /// `elem_size` (memory32).
    pub fn size(&self) -> u32 {
        match self {
            Type::Bool | Type::S8 | Type::U8 => 1,
            Type::S16 | Type::U16 => 2,
            Type::S32 | Type::U32 | Type::F32 | Type::Char | Type::Own(_) | Type::Borrow(_) => 4,
            Type::S64 | Type::U64 | Type::F64 | Type::String | Type::List(_) => 8,
            Type::Record(r) => r.size,
            Type::Tuple(t) => t.size,
            Type::Flags(f) => f.size(),
            Type::Variant(v) => v.layout.size,
            Type::Enum(e) => e.layout.size,
            Type::Option(o) => o.layout.size,
            Type::Result(r) => r.layout.size,
        }
    }

    /// `alignment` (memory32).
    pub fn align(&self) -> u32 {
        match self {
            Type::Bool | Type::S8 | Type::U8 => 1,
            Type::S16 | Type::U16 => 2,
            Type::S32 | Type::U32 | Type::F32 | Type::Char | Type::Own(_) | Type::Borrow(_) => 4,
            Type::String | Type::List(_) => 4,
            Type::S64 | Type::U64 | Type::F64 => 8,
            Type::Record(r) => r.align,
            Type::Tuple(t) => t.align,
            Type::Flags(f) => f.size().min(4),
            Type::Variant(v) => v.layout.align,
            Type::Enum(e) => e.layout.align,
            Type::Option(o) => o.layout.align,
            Type::Result(r) => r.layout.align,
        }
    }

    /// `flatten_type`: the core values this type occupies, with no MAX_FLAT limit.
    pub fn flat(&self) -> &[FlatType] {
        match self {
            Type::Bool
            | Type::S8
            | Type::U8
            | Type::S16
            | Type::U16
            | Type::S32
            | Type::U32
            | Type::Char
            | Type::Own(_)
            | Type::Borrow(_) => &FLAT_I32,
            Type::S64 | Type::U64 => &FLAT_I64,
            Type::F32 => &FLAT_F32,
            Type::F64 => &FLAT_F64,
            Type::String | Type::List(_) => &FLAT_PTR_LEN,
            Type::Record(r) => &r.flat,
            Type::Tuple(t) => &t.flat,
            Type::Flags(f) => &FLAT_I32_MANY[..f.num_i32() as usize],
            Type::Variant(v) => &v.layout.flat,
            Type::Enum(e) => &e.layout.flat,
            Type::Option(o) => &o.layout.flat,
            Type::Result(r) => &r.layout.flat,
        }
    }

    /// The variant layout of option, result, enum and variant types.
    pub fn case_layout(&self) -> Option<&CaseLayout> {
        match self {
            Type::Variant(v) => Some(&v.layout),
            Type::Enum(e) => Some(&e.layout),
            Type::Option(o) => Some(&o.layout),
            Type::Result(r) => Some(&r.layout),
            _ => None,
        }
    }

    /// A short description for error messages (`record r0`, `list`, `u32`, ...).
    pub fn kind_name(&self) -> String {
        let named = |k: &str, n: &Option<String>| match n {
            Some(n) => format!("{k} {n}"),
            None => k.to_string(),
        };
        match self {
            Type::Bool => "bool".into(),
            Type::S8 => "s8".into(),
            Type::U8 => "u8".into(),
            Type::S16 => "s16".into(),
            Type::U16 => "u16".into(),
            Type::S32 => "s32".into(),
            Type::U32 => "u32".into(),
            Type::S64 => "s64".into(),
            Type::U64 => "u64".into(),
            Type::F32 => "f32".into(),
            Type::F64 => "f64".into(),
            Type::Char => "char".into(),
            Type::String => "string".into(),
            Type::List(_) => "list".into(),
            Type::Record(r) => named("record", &r.name),
            Type::Tuple(_) => "tuple".into(),
            Type::Variant(v) => named("variant", &v.name),
            Type::Enum(e) => named("enum", &e.name),
            Type::Option(_) => "option".into(),
            Type::Result(_) => "result".into(),
            Type::Flags(f) => named("flags", &f.name),
            Type::Own(r) => format!("own<{}>", r.name),
            Type::Borrow(r) => format!("borrow<{}>", r.name),
        }
    }
}
