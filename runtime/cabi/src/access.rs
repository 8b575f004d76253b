//! Bounds-checked memory access and the case view shared by lift and lower.
//!
//! All address arithmetic is done in `u64`, so a pointer near 2^32 plus a length can never
//! wrap into bounds. Alignment is always checked before bounds, as the spec does.

use crate::error::CabiError;
use crate::memory::CabiMemory;
use crate::types::Type;
use crate::val::{canonicalize_nan32, canonicalize_nan64, Val};

/// Fails unless `ptr` is `align`-aligned and `[ptr, ptr+len)` lies inside `mem_size`.
pub(crate) fn check_range(
    mem_size: usize,
    ptr: u32,
    len: u64,
    align: u32,
) -> Result<(), CabiError> {
    if align > 1 && !ptr.is_multiple_of(align) {
        return Err(CabiError::Misaligned { ptr, align });
    }
    check_bounds(mem_size, ptr as u64, len)
}

/// Fails unless `[ptr, ptr+len)` lies inside `mem_size` bytes.
pub(crate) fn check_bounds(mem_size: usize, ptr: u64, len: u64) -> Result<(), CabiError> {
    if ptr.saturating_add(len) > mem_size as u64 {
        return Err(CabiError::OutOfBounds {
            ptr,
            len,
            memory_size: mem_size as u64,
        });
    }
    Ok(())
}

/// The bytes `[ptr, ptr+len)`.
pub(crate) fn read(mem: &dyn CabiMemory, ptr: u64, len: u64) -> Result<&[u8], CabiError> {
    let bytes = mem.bytes();
    check_bounds(bytes.len(), ptr, len)?;
    Ok(&bytes[ptr as usize..(ptr + len) as usize])
}

/// The spec's checks on a lifted string `(ptr, len)`: UTF-8 encoding, the length
/// limit, bounds, strict UTF-8. Returns the string's bytes.
pub(crate) fn checked_string(
    mem: &dyn CabiMemory,
    encoding: crate::memory::StringEncoding,
    ptr: u32,
    len: u32,
) -> Result<&str, CabiError> {
    encoding.check()?;
    if len > crate::MAX_STRING_BYTE_LENGTH {
        return Err(CabiError::StringTooLong {
            len: len as u64,
            max: crate::MAX_STRING_BYTE_LENGTH as u64,
        });
    }
    std::str::from_utf8(read(mem, ptr as u64, len as u64)?).map_err(|e| CabiError::InvalidUtf8 {
        ptr,
        len,
        valid_up_to: e.valid_up_to() as u32,
    })
}

/// The spec's checks on a lifted list `(ptr, len)` of `elem`s: alignment (before
/// anything else, even for an empty list), the byte-length limit, bounds. Returns the
/// byte length.
pub(crate) fn checked_list(
    mem_size: usize,
    ptr: u32,
    len: u32,
    elem: &Type,
) -> Result<u64, CabiError> {
    let align = elem.align();
    if align > 1 && !ptr.is_multiple_of(align) {
        return Err(CabiError::Misaligned { ptr, align });
    }
    let byte_len = len as u64 * elem.size() as u64;
    if byte_len > crate::MAX_LIST_BYTE_LENGTH as u64 {
        return Err(CabiError::ListTooLong {
            len: len as u64,
            byte_len,
            max: crate::MAX_LIST_BYTE_LENGTH as u64,
        });
    }
    check_bounds(mem_size, ptr as u64, byte_len)?;
    Ok(byte_len)
}

/// Reads a little-endian integer of `N` bytes.
pub(crate) fn read_le<const N: usize>(
    mem: &dyn CabiMemory,
    ptr: u64,
) -> Result<[u8; N], CabiError> {
    let mut out = [0u8; N];
    out.copy_from_slice(read(mem, ptr, N as u64)?);
    Ok(out)
}

/// Reads a `u32` at `ptr`.
pub(crate) fn read_u32(mem: &dyn CabiMemory, ptr: u64) -> Result<u32, CabiError> {
    Ok(u32::from_le_bytes(read_le::<4>(mem, ptr)?))
}

/// Reads an unsigned integer of `size` (1, 2 or 4) bytes.
pub(crate) fn read_uint(mem: &dyn CabiMemory, ptr: u64, size: u32) -> Result<u32, CabiError> {
    Ok(match size {
        1 => read_le::<1>(mem, ptr)?[0] as u32,
        2 => u16::from_le_bytes(read_le::<2>(mem, ptr)?) as u32,
        _ => read_u32(mem, ptr)?,
    })
}

/// Writes `data` at `ptr`.
pub(crate) fn write(mem: &mut dyn CabiMemory, ptr: u64, data: &[u8]) -> Result<(), CabiError> {
    mem.range_mut(ptr, data.len() as u64)?.copy_from_slice(data);
    Ok(())
}

/// Writes the low `size` (1, 2 or 4) bytes of `x`.
pub(crate) fn write_uint(
    mem: &mut dyn CabiMemory,
    ptr: u64,
    x: u32,
    size: u32,
) -> Result<(), CabiError> {
    write(mem, ptr, &x.to_le_bytes()[..size as usize])
}

/// A type mismatch error at the value's root.
pub(crate) fn mismatch(expected: &Type, found: &Val) -> CabiError {
    CabiError::TypeMismatch {
        path: String::new(),
        expected: expected.kind_name(),
        found: found.kind_name().to_string(),
    }
}

/// Prepends a path component to a type mismatch as it propagates out of a member.
pub(crate) fn at(e: CabiError, component: impl FnOnce() -> String) -> CabiError {
    match e {
        CabiError::TypeMismatch {
            path,
            expected,
            found,
        } => CabiError::TypeMismatch {
            path: component() + &path,
            expected,
            found,
        },
        e => e,
    }
}

/// Number of cases of a variant-like type (0 for other types).
pub(crate) fn n_cases(ty: &Type) -> u32 {
    match ty {
        Type::Variant(v) => v.cases.len() as u32,
        Type::Enum(e) => e.cases.len() as u32,
        Type::Option(_) | Type::Result(_) => 2,
        _ => 0,
    }
}

/// Payload type of case `index` of a variant-like type.
pub(crate) fn case_payload(ty: &Type, index: u32) -> Option<&Type> {
    match (ty, index) {
        (Type::Variant(v), i) => v.cases.get_index(i as usize).and_then(|(_, t)| t.as_ref()),
        (Type::Option(o), 1) => Some(&o.some),
        (Type::Result(r), 0) => r.ok.as_ref(),
        (Type::Result(r), 1) => r.err.as_ref(),
        _ => None,
    }
}

/// Builds the value of case `index` (which must be in range) with its lifted payload.
pub(crate) fn make_case(ty: &Type, index: u32, payload: Option<Val>) -> Val {
    let payload = payload.map(Box::new);
    match ty {
        Type::Variant(v) => {
            let name = v.cases.get_index(index as usize).map(|(n, _)| n.clone());
            Val::Variant(name.unwrap_or_default(), payload)
        }
        Type::Enum(e) => Val::Enum(
            e.cases
                .get_index(index as usize)
                .cloned()
                .unwrap_or_default(),
        ),
        Type::Option(_) => Val::Option(if index == 0 { None } else { payload }),
        _ => Val::Result(if index == 0 {
            Ok(payload)
        } else {
            Err(payload)
        }),
    }
}

/// The payload of a matched case: its type and value.
pub(crate) type Payload<'a> = Option<(&'a Type, &'a Val)>;

/// Finds the case of a host value: `(index, payload type, payload value)`. The payload is
/// present exactly when the case has a type.
pub(crate) fn match_case<'a>(ty: &'a Type, v: &'a Val) -> Result<(u32, Payload<'a>), CabiError> {
    let (index, payload): (Option<usize>, Option<&Val>) = match (ty, v) {
        (Type::Variant(t), Val::Variant(name, p)) => {
            (t.cases.get_index_of(name.as_str()), p.as_deref())
        }
        (Type::Enum(t), Val::Enum(name)) => (t.cases.get_index_of(name.as_str()), None),
        (Type::Option(_), Val::Option(p)) => (Some(p.is_some() as usize), p.as_deref()),
        (Type::Result(_), Val::Result(Ok(p))) => (Some(0), p.as_deref()),
        (Type::Result(_), Val::Result(Err(p))) => (Some(1), p.as_deref()),
        _ => return Err(mismatch(ty, v)),
    };
    let case_name = || match v {
        Val::Variant(n, _) | Val::Enum(n) => n.clone(),
        _ => String::new(),
    };
    let index = index.ok_or_else(|| CabiError::TypeMismatch {
        path: String::new(),
        expected: format!("a case of {}", ty.kind_name()),
        found: format!("case {}", case_name()),
    })? as u32;
    match (case_payload(ty, index), payload) {
        (Some(t), Some(p)) => Ok((index, Some((t, p)))),
        (None, None) => Ok((index, None)),
        (t, _) => Err(CabiError::TypeMismatch {
            path: format!("::{}", case_index_name(ty, index)),
            expected: if t.is_some() {
                "a payload"
            } else {
                "no payload"
            }
            .into(),
            found: if t.is_some() { "none" } else { "a payload" }.into(),
        }),
    }
}

fn case_index_name(ty: &Type, index: u32) -> String {
    match ty {
        Type::Variant(v) => v
            .cases
            .get_index(index as usize)
            .map(|(n, _)| n.clone())
            .unwrap_or_default(),
        Type::Enum(e) => e
            .cases
            .get_index(index as usize)
            .cloned()
            .unwrap_or_default(),
        Type::Option(_) => ["none", "some"][index as usize & 1].into(),
        _ => ["ok", "err"][index as usize & 1].into(),
    }
}

/// Packs the set labels of a flags value into 32-bit words (bit i = label i).
pub(crate) fn pack_flags(ty: &Type, labels: &[String]) -> Result<Vec<u32>, CabiError> {
    let Type::Flags(f) = ty else {
        return Err(CabiError::InvalidType("not a flags type".into()));
    };
    let mut words = vec![0u32; f.num_i32() as usize];
    for l in labels {
        let i = f
            .labels
            .get_index_of(l.as_str())
            .ok_or_else(|| CabiError::TypeMismatch {
                path: String::new(),
                expected: format!("a label of {}", ty.kind_name()),
                found: format!("label {l}"),
            })?;
        words[i / 32] |= 1 << (i % 32);
    }
    Ok(words)
}

/// Unpacks flag words into the set labels, ignoring bits with no label.
pub(crate) fn unpack_flags(ty: &Type, words: &[u32]) -> Val {
    let Type::Flags(f) = ty else {
        return Val::Flags(Vec::new());
    };
    let set = f
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| words.get(i / 32).is_some_and(|w| w >> (i % 32) & 1 == 1))
        .map(|(_, l)| l.clone())
        .collect();
    Val::Flags(set)
}

/// True for the fixed-size scalars (bool, integers, floats, char) that lists can copy
/// in bulk.
pub(crate) fn is_scalar(ty: &Type) -> bool {
    matches!(
        ty,
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
            | Type::Char
    )
}

/// Decodes a scalar from exactly `ty.size()` little-endian bytes.
pub(crate) fn decode_scalar(ty: &Type, b: &[u8]) -> Result<Val, CabiError> {
    let n = |k: usize| -> [u8; 8] {
        let mut out = [0u8; 8];
        out[..k].copy_from_slice(&b[..k]);
        out
    };
    Ok(match ty {
        Type::Bool => Val::Bool(b[0] != 0),
        Type::S8 => Val::S8(b[0] as i8),
        Type::U8 => Val::U8(b[0]),
        Type::S16 => Val::S16(u64::from_le_bytes(n(2)) as i16),
        Type::U16 => Val::U16(u64::from_le_bytes(n(2)) as u16),
        Type::S32 => Val::S32(u64::from_le_bytes(n(4)) as i32),
        Type::U32 => Val::U32(u64::from_le_bytes(n(4)) as u32),
        Type::S64 => Val::S64(u64::from_le_bytes(n(8)) as i64),
        Type::U64 => Val::U64(u64::from_le_bytes(n(8))),
        Type::F32 => Val::F32(canonicalize_nan32(u64::from_le_bytes(n(4)) as u32)),
        Type::F64 => Val::F64(canonicalize_nan64(u64::from_le_bytes(n(8)))),
        Type::Char => {
            let code = u64::from_le_bytes(n(4)) as u32;
            Val::Char(char::from_u32(code).ok_or(CabiError::InvalidChar { code })?)
        }
        _ => {
            return Err(CabiError::InvalidType(format!(
                "{} is not a scalar",
                ty.kind_name()
            )))
        }
    })
}

/// Decodes a packed array of scalars (a list's element buffer) in one pass.
pub(crate) fn decode_scalars(ty: &Type, b: &[u8]) -> Result<Vec<Val>, CabiError> {
    fn each<const N: usize>(b: &[u8], f: impl Fn([u8; N]) -> Val) -> Vec<Val> {
        b.chunks_exact(N)
            .map(|c| f(c.try_into().unwrap_or([0; N])))
            .collect()
    }
    Ok(match ty {
        Type::Bool => b.iter().map(|x| Val::Bool(*x != 0)).collect(),
        Type::S8 => b.iter().map(|x| Val::S8(*x as i8)).collect(),
        Type::U8 => b.iter().map(|x| Val::U8(*x)).collect(),
        Type::S16 => each(b, |c| Val::S16(i16::from_le_bytes(c))),
        Type::U16 => each(b, |c| Val::U16(u16::from_le_bytes(c))),
        Type::S32 => each(b, |c| Val::S32(i32::from_le_bytes(c))),
        Type::U32 => each(b, |c| Val::U32(u32::from_le_bytes(c))),
        Type::S64 => each(b, |c| Val::S64(i64::from_le_bytes(c))),
        Type::U64 => each(b, |c| Val::U64(u64::from_le_bytes(c))),
        Type::F32 => each(b, |c| Val::F32(canonicalize_nan32(u32::from_le_bytes(c)))),
        Type::F64 => each(b, |c| Val::F64(canonicalize_nan64(u64::from_le_bytes(c)))),
        _ => {
            let size = ty.size().max(1) as usize;
            let mut out = Vec::with_capacity(b.len() / size);
            for c in b.chunks_exact(size) {
                out.push(decode_scalar(ty, c)?);
            }
            out
        }
    })
}

/// The stored bits of a non-float scalar host value of type `ty` (integers
/// zero-extended from their width, bool 0/1, char its code point); `None` for a
/// value of another variant and for floats, whose NaNs are canonicalised first.
#[inline]
pub(crate) fn int_bits(ty: &Type, v: &Val) -> Option<u64> {
    Some(match (ty, v) {
        (Type::Bool, Val::Bool(x)) => *x as u64,
        (Type::S8, Val::S8(x)) => *x as u8 as u64,
        (Type::U8, Val::U8(x)) => *x as u64,
        (Type::S16, Val::S16(x)) => *x as u16 as u64,
        (Type::U16, Val::U16(x)) => *x as u64,
        (Type::S32, Val::S32(x)) => *x as u32 as u64,
        (Type::U32, Val::U32(x)) => *x as u64,
        (Type::S64, Val::S64(x)) => *x as u64,
        (Type::U64, Val::U64(x)) => *x,
        (Type::Char, Val::Char(c)) => *c as u64,
        _ => return None,
    })
}

/// Encodes a scalar host value into exactly `ty.size()` bytes.
pub(crate) fn encode_scalar(ty: &Type, v: &Val, out: &mut [u8]) -> Result<(), CabiError> {
    let bits: u64 = match (ty, v) {
        (Type::F32, Val::F32(x)) => canonicalize_nan32(*x) as u64,
        (Type::F64, Val::F64(x)) => canonicalize_nan64(*x),
        _ => int_bits(ty, v).ok_or_else(|| mismatch(ty, v))?,
    };
    let k = out.len();
    out.copy_from_slice(&bits.to_le_bytes()[..k]);
    Ok(())
}

/// Encodes host scalars into a packed element buffer in one pass; a mismatch names the
/// element index.
pub(crate) fn encode_scalars(ty: &Type, vs: &[Val], out: &mut [u8]) -> Result<(), CabiError> {
    let bad = |i: usize, v: &Val| at(mismatch(ty, v), || format!("[{i}]"));
    match ty {
        Type::U8 => {
            for (i, (v, o)) in vs.iter().zip(out.iter_mut()).enumerate() {
                match v {
                    Val::U8(x) => *o = *x,
                    _ => return Err(bad(i, v)),
                }
            }
        }
        _ => {
            let size = ty.size().max(1) as usize;
            for (i, (v, o)) in vs.iter().zip(out.chunks_exact_mut(size)).enumerate() {
                encode_scalar(ty, v, o).map_err(|_| bad(i, v))?;
            }
        }
    }
    Ok(())
}
