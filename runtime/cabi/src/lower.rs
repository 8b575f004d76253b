//! Lowering host values into a guest: `store` (into memory) and `lower_flat` (into core
//! values), following the reference's `store` / `lower_flat` exactly.
//!
//! Strings and lists are copied with one `realloc(0, 0, align, byte_len)` each, called
//! even for empty ones, in pre-order: a list's buffer is allocated before anything inside
//! its elements. The pointer realloc returns is checked for alignment and bounds (a bad
//! allocator is a guest trap). Padding is never written.

use crate::access::{
    at, check_range, encode_scalar, encode_scalars, is_scalar, match_case, mismatch, pack_flags,
    write, write_uint,
};
use crate::error::CabiError;
use crate::flat::{CoreValue, FlatValue};
use crate::memory::Cx;
use crate::types::Type;
use crate::val::{canonicalize_nan32, canonicalize_nan64, Val};
use crate::{MAX_LIST_BYTE_LENGTH, MAX_STRING_BYTE_LENGTH};

/// Stores `v` as `ty` at `ptr` (which must be aligned and in bounds).
pub fn store(cx: &mut Cx, v: &Val, ty: &Type, ptr: u32) -> Result<(), CabiError> {
    check_range(cx.memory.bytes().len(), ptr, ty.size() as u64, ty.align())?;
    store_at(cx, v, ty, ptr as u64)
}

/// Lowers `v` as `ty` to core values, appending them to `out` (no MAX_FLAT limit).
pub fn lower_flat(
    cx: &mut Cx,
    v: &Val,
    ty: &Type,
    out: &mut Vec<FlatValue>,
) -> Result<(), CabiError> {
    // Flat values from their unsigned bit patterns.
    let w32 = |x: u32| CoreValue::I32(x as i32);
    let w64 = |x: u64| CoreValue::I64(x as i64);
    match (ty, v) {
        (Type::Bool, Val::Bool(b)) => out.push(w32(*b as u32)),
        (Type::S8, Val::S8(x)) => out.push(w32(*x as i32 as u32)),
        (Type::U8, Val::U8(x)) => out.push(w32(*x as u32)),
        (Type::S16, Val::S16(x)) => out.push(w32(*x as i32 as u32)),
        (Type::U16, Val::U16(x)) => out.push(w32(*x as u32)),
        (Type::S32, Val::S32(x)) => out.push(w32(*x as u32)),
        (Type::U32, Val::U32(x)) => out.push(w32(*x)),
        (Type::S64, Val::S64(x)) => out.push(w64(*x as u64)),
        (Type::U64, Val::U64(x)) => out.push(w64(*x)),
        (Type::F32, Val::F32(x)) => out.push(FlatValue::F32(canonicalize_nan32(*x))),
        (Type::F64, Val::F64(x)) => out.push(FlatValue::F64(canonicalize_nan64(*x))),
        (Type::Char, Val::Char(c)) => out.push(w32(*c as u32)),
        (Type::String, Val::String(s)) => {
            let (ptr, len) = store_string_into_range(cx, s)?;
            out.extend([w32(ptr), w32(len)]);
        }
        (Type::List(l), Val::List(vs)) => {
            let (ptr, len) = store_list_into_range(cx, vs, &l.elem)?;
            out.extend([w32(ptr), w32(len)]);
        }
        (Type::List(l), Val::Bytes(b)) if matches!(l.elem, Type::U8) => {
            let (ptr, len) = store_bytes_into_range(cx, b)?;
            out.extend([w32(ptr), w32(len)]);
        }
        (Type::Record(r), Val::Record(fs)) => {
            check_fields(ty, &r.fields, fs)?;
            for ((name, t), (_, fv)) in r.fields.iter().zip(fs) {
                lower_flat(cx, fv, t, out).map_err(|e| at(e, || format!(".{name}")))?;
            }
        }
        (Type::Tuple(t), Val::Tuple(vs)) => {
            check_len(ty, t.types.len(), vs.len())?;
            for (i, (et, ev)) in t.types.iter().zip(vs).enumerate() {
                lower_flat(cx, ev, et, out).map_err(|e| at(e, || format!(".{i}")))?;
            }
        }
        (Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_), _) => {
            let (index, payload) = match_case(ty, v)?;
            let slots = ty.case_layout().map(|l| &l.flat[1..]).unwrap_or(&[]);
            out.push(w32(index));
            let start = out.len();
            if let Some((pt, pv)) = payload {
                lower_flat(cx, pv, pt, out).map_err(|e| at(e, || format!("::{index}")))?;
            }
            // Join: each value goes into its slot's type (float bits, i32
            // zero-extended to i64); unused slots are zero.
            for (i, want) in slots.iter().enumerate() {
                match out.get_mut(start + i) {
                    Some(slot) => *slot = slot.join_into(*want),
                    None => out.push(FlatValue::zero(*want)),
                }
            }
        }
        (Type::Flags(_), Val::Flags(labels)) => {
            out.extend(pack_flags(ty, labels)?.into_iter().map(w32));
        }
        (Type::Own(r), Val::Own(h)) => out.push(w32(cx.resources.lower_own(r, *h)?)),
        (Type::Borrow(r), Val::Borrow(h)) => out.push(w32(cx.resources.lower_borrow(r, *h)?)),
        _ => return Err(mismatch(ty, v)),
    }
    Ok(())
}

/// `store` without the entry check: `ptr` is known to be aligned and in bounds for `ty`.
pub(crate) fn store_at(cx: &mut Cx, v: &Val, ty: &Type, ptr: u64) -> Result<(), CabiError> {
    let mem = &mut *cx.memory;
    match (ty, v) {
        (t, v) if is_scalar(t) => {
            let mut buf = [0u8; 8];
            let b = &mut buf[..t.size() as usize];
            encode_scalar(t, v, b)?;
            write(mem, ptr, b)
        }
        (Type::String, Val::String(s)) => {
            let (p, len) = store_string_into_range(cx, s)?;
            write_pair(cx, ptr, p, len)
        }
        (Type::List(l), Val::List(vs)) => {
            let (p, len) = store_list_into_range(cx, vs, &l.elem)?;
            write_pair(cx, ptr, p, len)
        }
        (Type::List(l), Val::Bytes(b)) if matches!(l.elem, Type::U8) => {
            let (p, len) = store_bytes_into_range(cx, b)?;
            write_pair(cx, ptr, p, len)
        }
        (Type::Record(r), Val::Record(fs)) => {
            check_fields(ty, &r.fields, fs)?;
            for (((name, t), (_, fv)), off) in r.fields.iter().zip(fs).zip(&r.offsets) {
                store_at(cx, fv, t, ptr + *off as u64).map_err(|e| at(e, || format!(".{name}")))?;
            }
            Ok(())
        }
        (Type::Tuple(_), Val::Tuple(vs)) => store_tuple_at(cx, vs, ty, ptr),
        (Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_), _) => {
            let (index, payload) = match_case(ty, v)?;
            let Some(layout) = ty.case_layout() else {
                return Err(mismatch(ty, v));
            };
            write_uint(mem, ptr, index, layout.disc_size)?;
            if let Some((pt, pv)) = payload {
                let p = ptr + layout.payload_offset as u64;
                store_at(cx, pv, pt, p).map_err(|e| at(e, || format!("::{index}")))?;
            }
            Ok(())
        }
        (Type::Flags(_), Val::Flags(labels)) => {
            let words = pack_flags(ty, labels)?;
            match ty.size() {
                1 | 2 => write_uint(mem, ptr, words[0], ty.size()),
                _ => {
                    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
                    write(mem, ptr, &bytes)
                }
            }
        }
        (Type::Own(r), Val::Own(h)) => {
            let i = cx.resources.lower_own(r, *h)?;
            write(cx.memory, ptr, &i.to_le_bytes())
        }
        (Type::Borrow(r), Val::Borrow(h)) => {
            let i = cx.resources.lower_borrow(r, *h)?;
            write(cx.memory, ptr, &i.to_le_bytes())
        }
        _ => Err(mismatch(ty, v)),
    }
}

/// Stores the members `vs` of a value of the tuple type `ty` at `ptr` (aligned and in
/// bounds), as `store` does for a `Val::Tuple` holding them.
pub fn store_tuple_at(cx: &mut Cx, vs: &[Val], ty: &Type, ptr: u64) -> Result<(), CabiError> {
    let Type::Tuple(t) = ty else {
        return Err(CabiError::InvalidType(format!(
            "{} is not a tuple",
            ty.kind_name()
        )));
    };
    check_len(ty, t.types.len(), vs.len())?;
    for (i, ((et, ev), off)) in t.types.iter().zip(vs).zip(&t.offsets).enumerate() {
        store_at(cx, ev, et, ptr + *off as u64).map_err(|e| at(e, || format!(".{i}")))?;
    }
    Ok(())
}

fn write_pair(cx: &mut Cx, ptr: u64, p: u32, len: u32) -> Result<(), CabiError> {
    write(cx.memory, ptr, &p.to_le_bytes())?;
    write(cx.memory, ptr + 4, &len.to_le_bytes())
}

fn check_len(ty: &Type, want: usize, have: usize) -> Result<(), CabiError> {
    if want != have {
        return Err(CabiError::TypeMismatch {
            path: String::new(),
            expected: format!("{} with {want} members", ty.kind_name()),
            found: format!("{have} members"),
        });
    }
    Ok(())
}

/// Record values must name the type's fields, in order.
fn check_fields(
    ty: &Type,
    fields: &[(String, Type)],
    vals: &[(String, Val)],
) -> Result<(), CabiError> {
    check_len(ty, fields.len(), vals.len())?;
    for ((want, _), (have, _)) in fields.iter().zip(vals) {
        if want != have {
            return Err(CabiError::TypeMismatch {
                path: String::new(),
                expected: format!("field {want} of {}", ty.kind_name()),
                found: format!("field {have}"),
            });
        }
    }
    Ok(())
}

/// Calls realloc and checks the block it returns.
pub(crate) fn alloc(cx: &mut Cx, align: u32, size: u32) -> Result<u32, CabiError> {
    let ptr = cx.memory.realloc(0, 0, align, size)?;
    check_range(cx.memory.bytes().len(), ptr, size as u64, align)?;
    Ok(ptr)
}

/// Copies a string into a fresh guest block: `(ptr, byte length)`.
fn store_string_into_range(cx: &mut Cx, s: &str) -> Result<(u32, u32), CabiError> {
    cx.encoding.check()?;
    if s.len() as u64 > MAX_STRING_BYTE_LENGTH as u64 {
        return Err(CabiError::StringTooLong {
            len: s.len() as u64,
            max: MAX_STRING_BYTE_LENGTH as u64,
        });
    }
    let len = s.len() as u32;
    let ptr = alloc(cx, 1, len)?;
    write(cx.memory, ptr as u64, s.as_bytes())?;
    Ok((ptr, len))
}

/// Allocates a list's buffer, then stores the elements in order: `(ptr, length)`.
fn store_list_into_range(cx: &mut Cx, vs: &[Val], elem: &Type) -> Result<(u32, u32), CabiError> {
    let size = elem.size() as u64;
    let byte_len = vs.len() as u64 * size;
    if byte_len > MAX_LIST_BYTE_LENGTH as u64 {
        return Err(CabiError::ListTooLong {
            len: vs.len() as u64,
            byte_len,
            max: MAX_LIST_BYTE_LENGTH as u64,
        });
    }
    let ptr = alloc(cx, elem.align(), byte_len as u32)?;
    if is_scalar(elem) {
        // Straight into the destination: no intermediate buffer.
        let dst = cx.memory.range_mut(ptr as u64, byte_len)?;
        encode_scalars(elem, vs, dst)?;
        return Ok((ptr, vs.len() as u32));
    }
    for (i, ev) in vs.iter().enumerate() {
        store_at(cx, ev, elem, ptr as u64 + i as u64 * size)
            .map_err(|e| at(e, || format!("[{i}]")))?;
    }
    Ok((ptr, vs.len() as u32))
}

/// Stores a `list<u8>` given as [`Val::Bytes`]: one allocation, one copy.
fn store_bytes_into_range(cx: &mut Cx, b: &[u8]) -> Result<(u32, u32), CabiError> {
    let len = b.len() as u64;
    if len > MAX_LIST_BYTE_LENGTH as u64 {
        return Err(CabiError::ListTooLong {
            len,
            byte_len: len,
            max: MAX_LIST_BYTE_LENGTH as u64,
        });
    }
    let ptr = alloc(cx, 1, len as u32)?;
    write(cx.memory, ptr as u64, b)?;
    Ok((ptr, len as u32))
}
