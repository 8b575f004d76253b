//! Lifting guest values: `load` (from memory) and `lift_flat` (from core values),
//! following the reference's `load` / `lift_flat` exactly.
//!
//! Everything read here is guest-controlled, so every check the spec makes is a typed
//! error: chars (surrogates, > U+10FFFF), discriminants (the whole i32 in flat form),
//! list/string pointers (alignment before bounds, also for length 0; bounds without
//! 32-bit wrap), strict UTF-8, byte-length limits. What the spec accepts is accepted:
//! bools are `!= 0`, flat integers are wrapped to their width, unknown flag bits are
//! ignored, an i64 variant slot read as an i32 keeps its low 32 bits.

use crate::access::{
    at, case_payload, check_range, checked_list, checked_string, decode_scalar, decode_scalars,
    is_scalar, make_case, n_cases, read, read_u32, read_uint, unpack_flags,
};
use crate::error::CabiError;
use crate::flat::{Coerce, FlatSource};
use crate::memory::Cx;
use crate::types::{FlatType, Type};
use crate::val::{canonicalize_nan32, canonicalize_nan64, Val};

/// Loads a value of type `ty` stored at `ptr` (which must be aligned and in bounds).
pub fn load(cx: &mut Cx, ty: &Type, ptr: u32) -> Result<Val, CabiError> {
    check_range(cx.memory.bytes().len(), ptr, ty.size() as u64, ty.align())?;
    load_at(cx, ty, ptr as u64)
}

/// Lifts a value of type `ty` from core values.
pub fn lift_flat(cx: &mut Cx, ty: &Type, src: &mut dyn FlatSource) -> Result<Val, CabiError> {
    let i32 = |src: &mut dyn FlatSource| -> Result<u32, CabiError> {
        Ok(src.next(FlatType::I32)? as u32)
    };
    Ok(match ty {
        Type::Bool => Val::Bool(i32(src)? != 0),
        Type::S8 => Val::S8(i32(src)? as i8),
        Type::U8 => Val::U8(i32(src)? as u8),
        Type::S16 => Val::S16(i32(src)? as i16),
        Type::U16 => Val::U16(i32(src)? as u16),
        Type::S32 => Val::S32(i32(src)? as i32),
        Type::U32 => Val::U32(i32(src)?),
        Type::S64 => Val::S64(src.next(FlatType::I64)? as i64),
        Type::U64 => Val::U64(src.next(FlatType::I64)?),
        Type::F32 => Val::F32(canonicalize_nan32(src.next(FlatType::F32)? as u32)),
        Type::F64 => Val::F64(canonicalize_nan64(src.next(FlatType::F64)?)),
        Type::Char => Val::Char(to_char(i32(src)?)?),
        Type::String => {
            let (ptr, len) = (i32(src)?, i32(src)?);
            Val::String(load_string_from_range(cx, ptr, len)?)
        }
        Type::List(l) => {
            let (ptr, len) = (i32(src)?, i32(src)?);
            load_list_from_range(cx, ptr, len, &l.elem)?
        }
        Type::Record(r) => {
            let mut fs = Vec::with_capacity(r.fields.len());
            for (name, t) in &r.fields {
                fs.push((name.clone(), lift_flat(cx, t, src)?));
            }
            Val::Record(fs)
        }
        Type::Tuple(t) => {
            let mut vs = Vec::with_capacity(t.types.len());
            for et in &t.types {
                vs.push(lift_flat(cx, et, src)?);
            }
            Val::Tuple(vs)
        }
        Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
            let index = check_disc(ty, i32(src)?)?;
            let slots = ty.case_layout().map(|l| &l.flat[1..]).unwrap_or(&[]);
            let mut coerce = Coerce {
                inner: src,
                slots,
                pos: 0,
            };
            let payload = match case_payload(ty, index) {
                Some(pt) => Some(lift_flat(cx, pt, &mut coerce)?),
                None => None,
            };
            coerce.skip_rest()?;
            make_case(ty, index, payload)
        }
        Type::Flags(f) => {
            let mut words = Vec::with_capacity(f.num_i32() as usize);
            for _ in 0..f.num_i32() {
                words.push(i32(src)?);
            }
            unpack_flags(ty, &words)
        }
        Type::Own(r) => Val::Own(cx.resources.lift_own(r, i32(src)?)?),
        Type::Borrow(r) => Val::Borrow(cx.resources.lift_borrow(r, i32(src)?)?),
    })
}

/// `load` without the entry check.
pub(crate) fn load_at(cx: &mut Cx, ty: &Type, ptr: u64) -> Result<Val, CabiError> {
    let mem = &*cx.memory;
    Ok(match ty {
        Type::Bool
        | Type::S8
        | Type::U8
        | Type::S16
        | Type::U16
        | Type::S32
        | Type::U32
        | Type::S64
        | Type::U64
        | Type::F32
        | Type::F64
        | Type::Char => decode_scalar(ty, read(mem, ptr, ty.size() as u64)?)?,
        Type::String => {
            let (p, len) = (read_u32(mem, ptr)?, read_u32(mem, ptr + 4)?);
            Val::String(load_string_from_range(cx, p, len)?)
        }
        Type::List(l) => {
            let (p, len) = (read_u32(mem, ptr)?, read_u32(mem, ptr + 4)?);
            load_list_from_range(cx, p, len, &l.elem)?
        }
        Type::Record(r) => {
            let mut fs = Vec::with_capacity(r.fields.len());
            for ((name, t), off) in r.fields.iter().zip(&r.offsets) {
                fs.push((name.clone(), load_at(cx, t, ptr + *off as u64)?));
            }
            Val::Record(fs)
        }
        Type::Tuple(t) => {
            let mut vs = Vec::with_capacity(t.types.len());
            for (et, off) in t.types.iter().zip(&t.offsets) {
                vs.push(load_at(cx, et, ptr + *off as u64)?);
            }
            Val::Tuple(vs)
        }
        Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
            let (disc_size, payload_offset) = match ty.case_layout() {
                Some(l) => (l.disc_size, l.payload_offset),
                None => (1, 1),
            };
            let index = check_disc(ty, read_uint(mem, ptr, disc_size)?)?;
            let payload = match case_payload(ty, index) {
                Some(pt) => Some(load_at(cx, pt, ptr + payload_offset as u64)?),
                None => None,
            };
            make_case(ty, index, payload)
        }
        Type::Flags(f) => {
            let words = match ty.size() {
                s @ (1 | 2) => vec![read_uint(mem, ptr, s)?],
                _ => (0..f.num_i32() as u64)
                    .map(|i| read_u32(mem, ptr + 4 * i))
                    .collect::<Result<_, _>>()?,
            };
            unpack_flags(ty, &words)
        }
        Type::Own(r) => {
            let i = read_u32(mem, ptr)?;
            Val::Own(cx.resources.lift_own(r, i)?)
        }
        Type::Borrow(r) => {
            let i = read_u32(mem, ptr)?;
            Val::Borrow(cx.resources.lift_borrow(r, i)?)
        }
    })
}

/// The spec's `convert_i32_to_char`.
fn to_char(code: u32) -> Result<char, CabiError> {
    char::from_u32(code).ok_or(CabiError::InvalidChar { code })
}

/// Traps unless `index` names a case of `ty`.
fn check_disc(ty: &Type, index: u32) -> Result<u32, CabiError> {
    let cases = n_cases(ty);
    if index >= cases {
        return Err(CabiError::DiscriminantOutOfRange {
            value: index,
            cases,
        });
    }
    Ok(index)
}

/// Reads a UTF-8 string of `len` bytes at `ptr`.
fn load_string_from_range(cx: &mut Cx, ptr: u32, len: u32) -> Result<String, CabiError> {
    let s = checked_string(cx.memory, cx.encoding, ptr, len)?;
    let n = s.len() as u64;
    let s = s.to_owned();
    cx.spend_host(n)?;
    Ok(s)
}

/// Reads `len` elements of type `elem` at `ptr`: a `list<u8>` as [`Val::Bytes`], any
/// other list as [`Val::List`]. The host values are charged to the context's budget
/// before they are built.
fn load_list_from_range(cx: &mut Cx, ptr: u32, len: u32, elem: &Type) -> Result<Val, CabiError> {
    let byte_len = checked_list(cx.memory.bytes().len(), ptr, len, elem)?;
    if matches!(elem, Type::U8) {
        cx.spend_host(byte_len)?;
        return Ok(Val::Bytes(read(cx.memory, ptr as u64, byte_len)?.to_vec()));
    }
    cx.spend_host(len as u64 * host_cost(elem))?;
    if is_scalar(elem) {
        return decode_scalars(elem, read(cx.memory, ptr as u64, byte_len)?).map(Val::List);
    }
    let size = elem.size() as u64;
    // Exactly `len`: the budget was charged for that many values, and a growing
    // vector would briefly hold up to three times as much.
    // (Without a budget, `len` is only bounded by the guest's memory: grow instead.)
    let cap = match cx.host_budget {
        Some(_) => len as usize,
        None => (len as usize).min(4096),
    };
    let mut out = Vec::with_capacity(cap);
    for i in 0..len as u64 {
        out.push(load_at(cx, elem, ptr as u64 + i * size).map_err(|e| at(e, || format!("[{i}]")))?);
    }
    Ok(Val::List(out))
}

/// Host bytes one lifted value of `ty` occupies, list and string bodies aside (those
/// are charged when lifted): the [`Val`] itself plus the names and boxes it carries.
/// An upper bound, so a budget checked with it bounds real allocation.
pub fn host_cost(ty: &Type) -> u64 {
    const VAL: u64 = std::mem::size_of::<Val>() as u64;
    const NAME: u64 = std::mem::size_of::<String>() as u64;
    let named = |n: &str| NAME + n.len() as u64;
    let payload = |t: Option<&Type>| t.map_or(0, |t| VAL + host_cost(t));
    match ty {
        Type::Record(r) => {
            VAL + r
                .fields
                .iter()
                .map(|(n, t)| named(n) + host_cost(t))
                .sum::<u64>()
        }
        Type::Tuple(t) => VAL + t.types.iter().map(host_cost).sum::<u64>(),
        Type::Variant(v) => {
            VAL + v
                .cases
                .iter()
                .map(|(n, t)| n.len() as u64 + payload(t.as_ref()))
                .max()
                .unwrap_or(0)
        }
        Type::Enum(e) => VAL + e.cases.iter().map(|n| n.len() as u64).max().unwrap_or(0),
        Type::Option(o) => VAL + payload(Some(&o.some)),
        Type::Result(r) => VAL + payload(r.ok.as_ref()).max(payload(r.err.as_ref())),
        Type::Flags(f) => VAL + f.labels().iter().map(|n| named(n)).sum::<u64>(),
        _ => VAL,
    }
}
