//! Moving a value from one side of a boundary to another without building a
//! [`Val`](crate::Val).
//!
//! [`transcode`] reads a value of a type from a *source* (core values, or memory at an
//! address, of one [`Cx`]) and writes it to a *destination* (core values, or memory of
//! another [`Cx`]), doing in one walk what [`lift_flat`](crate::lift_flat) /
//! [`load`](crate::load) followed by [`lower_flat`](crate::lower_flat) /
//! [`store`](crate::store) do in two, with the same checks and the same effects in the
//! same order on each side:
//!
//! * every check lifting makes on the source is made (chars, discriminants, pointer
//!   alignment before bounds even for empty lists and strings, list and string length
//!   limits, strict UTF-8), with the same errors;
//! * the destination sees the same `realloc` calls (pre-order, one per string and list,
//!   even empty ones) and the same bytes, padding untouched;
//! * normalisation is the same: bools become 0/1, flat integers are wrapped to their
//!   width, unknown flag bits are dropped, variant payload slots are joined and
//!   coerced;
//! * resource handles are lifted with the source's hooks and lowered with the
//!   destination's, one at a time in pre-order.
//!
//! Lists of integers are one bounds-checked byte copy (their memory layout is the
//! same on both sides); lists of bools and chars are one pass over the bytes. This is
//! what makes a 1 KiB `list<u8>` cost a `memcpy` instead of 1024 values.
//!
//! Errors may surface in a different interleaving than lift-then-lower (a source
//! check can fail after the destination allocated), which only matters when both
//! sides fail: the runtime always transcodes between a guest and an advice buffer that
//! cannot fail, so the first error reported is the one lifting would report.

use crate::access::{
    case_payload, check_range, checked_list, checked_string, is_scalar, n_cases, read, read_u32,
    read_uint,
};
use crate::error::CabiError;
use crate::flat::{Coerce, FlatIter, FlatSource, FlatValue};
use crate::func::{FuncType, MAX_FLAT_PARAMS};
use crate::lower::alloc;
use crate::memory::Cx;
use crate::types::{FlatType, Type};
use crate::val::{canonicalize_nan32, canonicalize_nan64};

/// Where the value is read from.
pub enum Src<'f> {
    /// Memory of the source, at this (already checked) address.
    Mem(u64),
    /// Core values, pulled in flattening order.
    Flat(&'f mut dyn FlatSource),
}

/// Where the value is written to.
pub enum Dst<'o> {
    /// Memory of the destination, at this (already checked) address.
    Mem(u64),
    /// Core values, appended in flattening order.
    Flat(&'o mut Vec<FlatValue>),
}

impl Src<'_> {
    fn at(&mut self, off: u32) -> Src<'_> {
        match self {
            Src::Mem(p) => Src::Mem(*p + off as u64),
            Src::Flat(f) => Src::Flat(&mut **f),
        }
    }
}

impl Dst<'_> {
    fn at(&mut self, off: u32) -> Dst<'_> {
        match self {
            Dst::Mem(p) => Dst::Mem(*p + off as u64),
            Dst::Flat(o) => Dst::Flat(o),
        }
    }
}

/// Copies a value of type `ty` from `from` in `src` to `to` in `dst` (see the module
/// docs). A `Mem` address must already be aligned and in bounds for `ty`, as for
/// `load_at` / `store_at`.
pub fn transcode(
    src: &mut Cx,
    from: Src,
    dst: &mut Cx,
    to: Dst,
    ty: &Type,
) -> Result<(), CabiError> {
    let (mut from, mut to) = (from, to);
    copy(src, &mut from, dst, &mut to, ty)
}

/// The canonical scalar value as 64 bits: signed types sign-extended, others
/// zero-extended, bools 0/1, chars checked.
fn read_scalar(src: &mut Cx, from: &mut Src, ty: &Type) -> Result<u64, CabiError> {
    let raw = match from {
        Src::Mem(p) => {
            let size = ty.size() as u64;
            let b = read(&*src.memory, *p, size)?;
            let mut w = [0u8; 8];
            w[..size as usize].copy_from_slice(b);
            u64::from_le_bytes(w)
        }
        Src::Flat(f) => match ty {
            Type::S64 | Type::U64 => f.next(FlatType::I64)?,
            Type::F32 => f.next(FlatType::F32)? & 0xffff_ffff,
            Type::F64 => f.next(FlatType::F64)?,
            _ => f.next(FlatType::I32)? & 0xffff_ffff,
        },
    };
    normalize(ty, raw)
}

/// The canonical 64-bit form of scalar `raw` (the bits read from memory or a flat
/// value) of type `ty`: what [`read_scalar`] and the scalar fast path
/// ([`crate::scalar`]) both deliver.
pub(crate) fn normalize(ty: &Type, raw: u64) -> Result<u64, CabiError> {
    Ok(match ty {
        Type::Bool => (raw != 0) as u64,
        Type::S8 => raw as i8 as i64 as u64,
        Type::U8 => raw as u8 as u64,
        Type::S16 => raw as i16 as i64 as u64,
        Type::U16 => raw as u16 as u64,
        Type::S32 => raw as i32 as i64 as u64,
        Type::U32 => raw as u32 as u64,
        Type::F32 => canonicalize_nan32(raw as u32) as u64,
        Type::F64 => canonicalize_nan64(raw),
        Type::Char => {
            let code = raw as u32;
            char::from_u32(code).ok_or(CabiError::InvalidChar { code })? as u64
        }
        _ => raw,
    })
}

fn write_bytes(dst: &mut Cx, ptr: u64, data: &[u8]) -> Result<(), CabiError> {
    dst.memory
        .range_mut(ptr, data.len() as u64)?
        .copy_from_slice(data);
    Ok(())
}

/// Writes an integer-like value of `size` bytes (memory) or as `flat` (core values).
fn write_word(
    dst: &mut Cx,
    to: &mut Dst,
    v: u64,
    size: u32,
    flat: FlatType,
) -> Result<(), CabiError> {
    match to {
        Dst::Mem(p) => write_bytes(dst, *p, &v.to_le_bytes()[..size as usize]),
        Dst::Flat(o) => {
            o.push(FlatValue::from_flat_bits(flat, v));
            Ok(())
        }
    }
}

fn read_i32(src: &mut Cx, from: &mut Src, at: u32) -> Result<u32, CabiError> {
    match from {
        Src::Mem(p) => read_u32(&*src.memory, *p + at as u64),
        Src::Flat(f) => Ok(f.next(FlatType::I32)? as u32),
    }
}

/// A string's or list's `(ptr, len)` pair.
fn read_pair(src: &mut Cx, from: &mut Src) -> Result<(u32, u32), CabiError> {
    let p = read_i32(src, from, 0)?;
    Ok((p, read_i32(src, from, 4)?))
}

fn write_pair(dst: &mut Cx, to: &mut Dst, p: u32, len: u32) -> Result<(), CabiError> {
    match to {
        Dst::Mem(at) => {
            let mut b = [0u8; 8];
            b[..4].copy_from_slice(&p.to_le_bytes());
            b[4..].copy_from_slice(&len.to_le_bytes());
            write_bytes(dst, *at, &b)
        }
        Dst::Flat(o) => {
            o.extend([FlatValue::I32(p as i32), FlatValue::I32(len as i32)]);
            Ok(())
        }
    }
}

fn copy(
    src: &mut Cx,
    from: &mut Src,
    dst: &mut Cx,
    to: &mut Dst,
    ty: &Type,
) -> Result<(), CabiError> {
    match ty {
        Type::S64 | Type::U64 => {
            let v = read_scalar(src, from, ty)?;
            write_word(dst, to, v, 8, FlatType::I64)
        }
        Type::F32 | Type::F64 => {
            let v = read_scalar(src, from, ty)?;
            write_word(dst, to, v, ty.size(), ty.flat()[0])
        }
        Type::Bool
        | Type::S8
        | Type::U8
        | Type::S16
        | Type::U16
        | Type::S32
        | Type::U32
        | Type::Char => {
            let v = read_scalar(src, from, ty)?;
            write_word(dst, to, v, ty.size(), FlatType::I32)
        }
        Type::String => {
            let (p, len) = read_pair(src, from)?;
            let (q, len) = copy_string(src, p, len, dst)?;
            write_pair(dst, to, q, len)
        }
        Type::List(l) => {
            let (p, len) = read_pair(src, from)?;
            let q = copy_list(src, p, len, dst, &l.elem)?;
            write_pair(dst, to, q, len)
        }
        Type::Record(r) => {
            for ((_, t), off) in r.fields.iter().zip(&r.offsets) {
                copy(src, &mut from.at(*off), dst, &mut to.at(*off), t)?;
            }
            Ok(())
        }
        Type::Tuple(t) => {
            for (et, off) in t.types.iter().zip(&t.offsets) {
                copy(src, &mut from.at(*off), dst, &mut to.at(*off), et)?;
            }
            Ok(())
        }
        Type::Variant(_) | Type::Enum(_) | Type::Option(_) | Type::Result(_) => {
            copy_case(src, from, dst, to, ty)
        }
        Type::Flags(f) => {
            let n = f.labels().len();
            let words = f.num_i32() as usize;
            let mask = |w: usize| -> u32 {
                let bits = n.saturating_sub(32 * w).min(32);
                if bits == 32 {
                    u32::MAX
                } else {
                    (1u32 << bits) - 1
                }
            };
            let size = ty.size();
            match from {
                Src::Mem(p) if size <= 2 => {
                    let x = read_uint(&*src.memory, *p, size)? & mask(0);
                    write_flags(dst, to, &[x], size)
                }
                _ => {
                    let mut ws = Vec::with_capacity(words);
                    for w in 0..words {
                        ws.push(read_i32(src, from, 4 * w as u32)? & mask(w));
                    }
                    write_flags(dst, to, &ws, size)
                }
            }
        }
        Type::Own(r) => {
            let i = read_i32(src, from, 0)?;
            let h = src.resources.lift_own(r, i)?;
            let j = dst.resources.lower_own(r, h)?;
            write_word(dst, to, j as u64, 4, FlatType::I32)
        }
        Type::Borrow(r) => {
            let i = read_i32(src, from, 0)?;
            let h = src.resources.lift_borrow(r, i)?;
            let j = dst.resources.lower_borrow(r, h)?;
            write_word(dst, to, j as u64, 4, FlatType::I32)
        }
    }
}

fn write_flags(dst: &mut Cx, to: &mut Dst, words: &[u32], size: u32) -> Result<(), CabiError> {
    match to {
        Dst::Mem(p) if size <= 2 => {
            let w = words.first().copied().unwrap_or(0);
            write_bytes(dst, *p, &w.to_le_bytes()[..size as usize])
        }
        Dst::Mem(p) => {
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
            write_bytes(dst, *p, &bytes)
        }
        Dst::Flat(o) => {
            o.extend(words.iter().map(|w| FlatValue::I32(*w as i32)));
            Ok(())
        }
    }
}

fn copy_case(
    src: &mut Cx,
    from: &mut Src,
    dst: &mut Cx,
    to: &mut Dst,
    ty: &Type,
) -> Result<(), CabiError> {
    let Some(layout) = ty.case_layout() else {
        return Err(CabiError::InvalidType(format!(
            "{} has no case layout",
            ty.kind_name()
        )));
    };
    let index = match from {
        Src::Mem(p) => read_uint(&*src.memory, *p, layout.disc_size)?,
        Src::Flat(f) => f.next(FlatType::I32)? as u32,
    };
    let cases = n_cases(ty);
    if index >= cases {
        return Err(CabiError::DiscriminantOutOfRange {
            value: index,
            cases,
        });
    }
    let payload = case_payload(ty, index);
    let slots = &layout.flat[1..];
    // Destination discriminant first, as lowering writes it.
    let start = match to {
        Dst::Mem(p) => {
            let d = index.to_le_bytes();
            write_bytes(dst, *p, &d[..layout.disc_size as usize])?;
            0
        }
        Dst::Flat(o) => {
            o.push(FlatValue::I32(index as i32));
            o.len()
        }
    };
    let off = layout.payload_offset;
    match from {
        Src::Mem(p) => {
            if let Some(pt) = payload {
                let mut f = Src::Mem(*p + off as u64);
                copy(src, &mut f, dst, &mut to.at(off), pt)?;
            }
        }
        Src::Flat(f) => {
            let mut coerce = Coerce {
                inner: &mut **f,
                slots,
                pos: 0,
            };
            if let Some(pt) = payload {
                let mut f = Src::Flat(&mut coerce);
                copy(src, &mut f, dst, &mut to.at(off), pt)?;
            }
            coerce.skip_rest()?;
        }
    }
    if let Dst::Flat(o) = to {
        // Join: each value goes into its slot's type (float bits, i32
        // zero-extended to i64); unused slots are zero.
        for (i, want) in slots.iter().enumerate() {
            match o.get_mut(start + i) {
                Some(slot) => *slot = slot.join_into(*want),
                None => o.push(FlatValue::zero(*want)),
            }
        }
    }
    Ok(())
}

/// Checks and copies a UTF-8 string; returns the destination's `(ptr, len)`.
fn copy_string(src: &mut Cx, p: u32, len: u32, dst: &mut Cx) -> Result<(u32, u32), CabiError> {
    checked_string(&*src.memory, src.encoding, p, len)?;
    dst.encoding.check()?;
    let q = alloc(dst, 1, len)?;
    let bytes = read(&*src.memory, p as u64, len as u64)?;
    dst.memory
        .range_mut(q as u64, len as u64)?
        .copy_from_slice(bytes);
    Ok((q, len))
}

/// Checks a list's range, allocates its buffer in `dst`, copies the elements;
/// returns the destination pointer. Lists of scalars (whose canonical bytes are their
/// memory bytes, bools normalised) are one block copy.
fn copy_list(src: &mut Cx, p: u32, len: u32, dst: &mut Cx, elem: &Type) -> Result<u32, CabiError> {
    let byte_len = checked_list(src.memory.bytes().len(), p, len, elem)?;
    let (align, size) = (elem.align(), elem.size() as u64);
    if !is_scalar(elem) {
        let q = alloc(dst, align, byte_len as u32)?;
        for i in 0..len as u64 {
            let mut f = Src::Mem(p as u64 + i * size);
            let mut t = Dst::Mem(q as u64 + i * size);
            copy(src, &mut f, dst, &mut t, elem)?;
        }
        return Ok(q);
    }
    // Chars are checked before the destination sees anything, as lifting checks
    // them before lowering allocates.
    if let Type::Char = elem {
        for c in read(&*src.memory, p as u64, byte_len)?.chunks_exact(4) {
            let code = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            char::from_u32(code).ok_or(CabiError::InvalidChar { code })?;
        }
    }
    let q = alloc(dst, align, byte_len as u32)?;
    let bytes = read(&*src.memory, p as u64, byte_len)?;
    let out = dst.memory.range_mut(q as u64, byte_len)?;
    match elem {
        Type::Bool => {
            for (o, b) in out.iter_mut().zip(bytes) {
                *o = (*b != 0) as u8;
            }
        }
        // Lifting and lowering canonicalise NaNs: so does the block copy.
        Type::F32 => {
            for (o, b) in out.chunks_exact_mut(4).zip(bytes.chunks_exact(4)) {
                let x = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                o.copy_from_slice(&canonicalize_nan32(x).to_le_bytes());
            }
        }
        Type::F64 => {
            for (o, b) in out.chunks_exact_mut(8).zip(bytes.chunks_exact(8)) {
                let mut w = [0u8; 8];
                w.copy_from_slice(b);
                let x = canonicalize_nan64(u64::from_le_bytes(w));
                o.copy_from_slice(&x.to_le_bytes());
            }
        }
        _ => out.copy_from_slice(bytes),
    }
    Ok(q)
}

/// Checks that `ptr` can hold a `ty` in `cx`'s memory (the entry check of `load` and
/// `store`), for callers building a [`Src::Mem`] or [`Dst::Mem`].
pub fn check_place(cx: &Cx, ptr: u32, ty: &Type) -> Result<(), CabiError> {
    check_range(cx.memory.bytes().len(), ptr, ty.size() as u64, ty.align())
}

/// Whole-function transcoding: [`FuncType`]'s parameter and result passing (spilling,
/// return pointers) with the other side a memory holding the canonical tuple at `at`.
impl FuncType {
    /// A guest's call of an import: its core arguments (and memory) in `src` become
    /// the parameter tuple at `at` in `dst`; returns the guest's return pointer when
    /// the result is spilled. Like [`FuncType::lift_params`].
    pub fn params_to_memory(
        &self,
        src: &mut Cx,
        args: &[FlatValue],
        dst: &mut Cx,
        at: u32,
    ) -> Result<Option<u32>, CabiError> {
        let mut it = FlatIter::new(args);
        let tuple = self.params_tuple();
        if self.params_spilled() {
            let ptr = it.next(FlatType::I32)? as u32;
            check_place(src, ptr, tuple)?;
            transcode(src, Src::Mem(ptr as u64), dst, Dst::Mem(at as u64), tuple)?;
        } else {
            transcode(src, Src::Flat(&mut it), dst, Dst::Mem(at as u64), tuple)?;
        }
        let retptr = if self.results_spilled() {
            Some(it.next(FlatType::I32)? as u32)
        } else {
            None
        };
        it.finish()?;
        Ok(retptr)
    }

    /// A call of a guest export: the parameter tuple at `at` in `src` becomes the
    /// core arguments of the guest `dst` (spilled into a block from its `realloc` when
    /// there are too many). Like [`FuncType::lower_params`].
    pub fn params_from_memory(
        &self,
        src: &mut Cx,
        at: u32,
        dst: &mut Cx,
    ) -> Result<Vec<FlatValue>, CabiError> {
        let tuple = self.params_tuple();
        check_place(src, at, tuple)?;
        let mut out = Vec::with_capacity(self.flat_params().len().min(MAX_FLAT_PARAMS));
        if self.params_spilled() {
            let ptr = alloc(dst, tuple.align(), tuple.size())?;
            transcode(src, Src::Mem(at as u64), dst, Dst::Mem(ptr as u64), tuple)?;
            out.push(FlatValue::I32(ptr as i32));
        } else {
            transcode(src, Src::Mem(at as u64), dst, Dst::Flat(&mut out), tuple)?;
        }
        Ok(out)
    }

    /// A guest export returned: its core results (and memory) in `src` become the
    /// result at `at` in `dst`. Returns whether the function has a result. Like
    /// [`FuncType::lift_results`].
    pub fn results_to_memory(
        &self,
        src: &mut Cx,
        results: &[FlatValue],
        dst: &mut Cx,
        at: u32,
    ) -> Result<bool, CabiError> {
        let mut it = FlatIter::new(results);
        let has = match &self.result {
            None => false,
            Some(ty) if self.results_spilled() => {
                let ptr = it.next(FlatType::I32)? as u32;
                check_place(src, ptr, ty)?;
                transcode(src, Src::Mem(ptr as u64), dst, Dst::Mem(at as u64), ty)?;
                true
            }
            Some(ty) => {
                transcode(src, Src::Flat(&mut it), dst, Dst::Mem(at as u64), ty)?;
                true
            }
        };
        it.finish()?;
        Ok(has)
    }

    /// An import returns to a guest: the result at `at` in `src` becomes the guest
    /// `dst`'s core results, or is stored at its return pointer. Like
    /// [`FuncType::lower_results`].
    pub fn results_from_memory(
        &self,
        src: &mut Cx,
        at: u32,
        dst: &mut Cx,
        retptr: Option<u32>,
    ) -> Result<Vec<FlatValue>, CabiError> {
        let mut out = Vec::new();
        let Some(ty) = &self.result else {
            return Ok(out);
        };
        check_place(src, at, ty)?;
        if self.results_spilled() {
            let ptr = retptr.ok_or_else(|| {
                CabiError::InvalidType("spilled result without a return pointer".into())
            })?;
            check_place(dst, ptr, ty)?;
            transcode(src, Src::Mem(at as u64), dst, Dst::Mem(ptr as u64), ty)?;
        } else {
            transcode(src, Src::Mem(at as u64), dst, Dst::Flat(&mut out), ty)?;
        }
        Ok(out)
    }
}
