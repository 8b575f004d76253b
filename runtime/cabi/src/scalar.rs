//! The scalar fast path: functions whose parameters and result are all scalars.
//!
//! A parameter tuple of scalars (`bool`, integers, floats, `char`) that flattens into
//! at most [`MAX_FLAT_PARAMS`] core values, and a result that is one scalar (or
//! none), cross a boundary without a canonical-ABI walk: no `realloc` (nothing goes
//! through guest memory), no [`Cx`](crate::Cx), no intermediate vectors. A
//! [`ScalarSig`] precomputes each field's offset in the canonical tuple once, and its
//! methods do exactly what the general path ([`FuncType::params_from_memory`],
//! [`FuncType::results_to_memory`], [`store`](crate::store) of the tuple into a fresh
//! buffer, [`load`](crate::load) of it) does for such a signature, producing the same
//! bytes and values (the normalisation is shared: [`crate::transcode`]'s).
//!
//! The payloads it builds are [`ScalarBytes`]: a fixed buffer on the stack (a scalar
//! tuple is at most [`MAX_SCALAR_BYTES`] bytes), so the fast path allocates nothing;
//! the runtime copies them once into the advice entry that stores them.
//!
//! **Invariant**: every method returns `None` whenever its input is anything but the
//! well-formed common case (a short buffer, an invalid `char`, a value of another
//! variant, a flat value of another width, a payload over the limit). The caller then
//! takes the general path, which reports the failure exactly as before; so the fast
//! path never has errors of its own, and cannot change what a caller observes.

use crate::access::{decode_scalar, int_bits, is_scalar};
use crate::flat::FlatValue;
use crate::func::{FuncType, MAX_FLAT_PARAMS};
use crate::lift::host_cost;
use crate::transcode::normalize;
use crate::types::{FlatType, Type};
use crate::val::Val;

/// Largest canonical parameter tuple of the fast path (16 `u32`s, or 8 `u64`s); a
/// larger scalar tuple takes the general path. Kept small because the payload is
/// moved by value.
pub const MAX_SCALAR_BYTES: usize = 64;

/// The canonical bytes of a scalar payload, held inline (no allocation); dereferences
/// to the bytes.
#[derive(Clone, Copy)]
pub struct ScalarBytes {
    buf: [u8; MAX_SCALAR_BYTES],
    len: u8,
}

impl ScalarBytes {
    /// No bytes: a place for [`ScalarSig::encode_params_into`] and
    /// [`ScalarSig::result_bytes_into`] to write to.
    pub const EMPTY: ScalarBytes = ScalarBytes {
        buf: [0; MAX_SCALAR_BYTES],
        len: 0,
    };

    /// Makes `self` `len` zero bytes in place (`None`, unchanged, past
    /// [`MAX_SCALAR_BYTES`]).
    fn zero_to(&mut self, len: usize) -> Option<()> {
        if len > MAX_SCALAR_BYTES {
            return None;
        }
        self.buf = [0; MAX_SCALAR_BYTES];
        self.len = len as u8;
        Some(())
    }

    /// The whole buffer: the bytes, then zeros. Lets a copy take a fixed number of
    /// bytes (whole-register moves) instead of `len`.
    pub fn padded(&self) -> &[u8; MAX_SCALAR_BYTES] {
        &self.buf
    }
}

impl std::ops::Deref for ScalarBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
}

impl std::ops::DerefMut for ScalarBytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.buf[..self.len as usize]
    }
}

impl std::fmt::Debug for ScalarBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for ScalarBytes {
    fn eq(&self, other: &ScalarBytes) -> bool {
        **self == **other
    }
}

impl Eq for ScalarBytes {}

/// The layout of an all-scalar signature (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarSig {
    /// Each parameter's type and offset in the canonical parameter tuple.
    params: Vec<(Type, u32)>,
    /// Size of the parameter tuple.
    params_size: u32,
    /// The result's type, if any.
    result: Option<Type>,
    /// Host-value cost of lifting the result tuple ([`host_cost`]).
    result_host_cost: u64,
}

/// The scalar's flat type (what a guest passes it as).
fn flat_of(t: &Type) -> FlatType {
    match t {
        Type::S64 | Type::U64 => FlatType::I64,
        Type::F32 => FlatType::F32,
        Type::F64 => FlatType::F64,
        _ => FlatType::I32,
    }
}

/// The little-endian bytes of a scalar of `size` (1, 2, 4 or 8) at `at` in `b` (`None`
/// past the end). Each size is a fixed-width load (no variable-length copy).
fn raw_at(b: &[u8], at: u32, size: u32) -> Option<u64> {
    let at = at as usize;
    Some(match size {
        1 => *b.get(at)? as u64,
        2 => u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as u64,
        4 => u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as u64,
        8 => u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?),
        _ => return None,
    })
}

/// Stores the low `size` (1, 2, 4 or 8) bytes of `bits` at `at` in `out`, little-endian
/// (`None` past the end); fixed-width stores, as [`raw_at`].
fn put_at(out: &mut [u8], at: usize, size: u32, bits: u64) -> Option<()> {
    match size {
        1 => *out.get_mut(at)? = bits as u8,
        2 => out
            .get_mut(at..at + 2)?
            .copy_from_slice(&(bits as u16).to_le_bytes()),
        4 => out
            .get_mut(at..at + 4)?
            .copy_from_slice(&(bits as u32).to_le_bytes()),
        8 => out
            .get_mut(at..at + 8)?
            .copy_from_slice(&bits.to_le_bytes()),
        _ => return None,
    }
    Some(())
}

impl FuncType {
    /// The scalar layout of this signature, when its parameters are scalars passed
    /// flat and its result is one scalar or none (see the module docs).
    pub fn scalar_sig(&self) -> Option<ScalarSig> {
        if self.params_spilled()
            || self.results_spilled()
            || self.params_tuple().size() as usize > MAX_SCALAR_BYTES
        {
            return None;
        }
        let Type::Tuple(tuple) = self.params_tuple() else {
            return None;
        };
        if !tuple.types.iter().all(is_scalar) {
            return None;
        }
        let result = match &self.result {
            None => None,
            Some(t) if is_scalar(t) => Some(t.clone()),
            Some(_) => return None,
        };
        let params = tuple
            .types
            .iter()
            .cloned()
            .zip(tuple.offsets.iter().copied());
        Some(ScalarSig {
            params: params.collect(),
            params_size: self.params_tuple().size(),
            result,
            result_host_cost: self.result_tuple().map_or(0, host_cost),
        })
    }
}

impl ScalarSig {
    /// [`FuncType::params_from_memory`] of canonical parameter bytes into `out`
    /// (which must hold [`MAX_FLAT_PARAMS`] values); returns how many were written.
    #[inline]
    pub fn params_from_bytes(
        &self,
        bytes: &[u8],
        out: &mut [FlatValue; MAX_FLAT_PARAMS],
    ) -> Option<usize> {
        if bytes.len() < self.params_size as usize {
            return None;
        }
        for (slot, (t, at)) in out.iter_mut().zip(&self.params) {
            let v = normalize(t, raw_at(bytes, *at, t.size())?).ok()?;
            *slot = FlatValue::from_flat_bits(flat_of(t), v);
        }
        Some(self.params.len())
    }

    /// [`FuncType::results_to_memory`] of a guest's core results into a fresh
    /// canonical result payload of at most `max_len` bytes; `Some(None)` for a
    /// function without a result that returned nothing.
    #[inline]
    pub fn result_bytes(&self, results: &[FlatValue], max_len: u64) -> Option<Option<ScalarBytes>> {
        let mut out = ScalarBytes::EMPTY;
        self.result_bytes_into(results, max_len, &mut out)
            .map(|some| some.then_some(out))
    }

    /// [`ScalarSig::result_bytes`] written into `out`: `Some(true)` when there is a
    /// result (then in `out`), `Some(false)` when there is none. Hot callers keep the
    /// bytes where they built them: moving a freshly written [`ScalarBytes`] reads it
    /// back wider than it was written, which the processor cannot forward from its
    /// store buffer.
    #[inline]
    pub fn result_bytes_into(
        &self,
        results: &[FlatValue],
        max_len: u64,
        out: &mut ScalarBytes,
    ) -> Option<bool> {
        let Some(t) = &self.result else {
            return results.is_empty().then_some(false);
        };
        let [v] = results else {
            return None;
        };
        if v.flat_type() != Some(flat_of(t)) || t.size() as u64 > max_len {
            return None;
        }
        let bits = normalize(t, v.bits()).ok()?;
        let size = t.size();
        out.zero_to(size as usize)?;
        put_at(out, 0, size, bits)?;
        Some(true)
    }

    /// The canonical bytes of host argument values (what storing the parameter tuple
    /// into a fresh advice buffer gives), within `max_len` bytes.
    #[inline]
    pub fn encode_params(&self, vals: &[Val], max_len: u64) -> Option<ScalarBytes> {
        let mut out = ScalarBytes::EMPTY;
        self.encode_params_into(vals, max_len, &mut out)?;
        Some(out)
    }

    /// [`ScalarSig::encode_params`] written into `out` (see
    /// [`ScalarSig::result_bytes_into`]); on `None`, `out` holds no payload.
    #[inline]
    pub fn encode_params_into(
        &self,
        vals: &[Val],
        max_len: u64,
        out: &mut ScalarBytes,
    ) -> Option<()> {
        if vals.len() != self.params.len() || self.params_size as u64 > max_len {
            return None;
        }
        out.zero_to(self.params_size as usize)?;
        for ((t, at), v) in self.params.iter().zip(vals) {
            put_at(out, *at as usize, t.size(), int_bits(t, v)?)?;
        }
        Some(())
    }

    /// Loads the result tuple from canonical bytes as host values (what decoding it
    /// gives), when lifting it fits in a host-value `budget` (`None`: unbounded).
    #[inline]
    pub fn decode_result(&self, bytes: &[u8], budget: Option<u64>) -> Option<Vec<Val>> {
        let t = self.result.as_ref()?;
        if budget.is_some_and(|b| self.result_host_cost > b) {
            return None;
        }
        let b = bytes.get(..t.size() as usize)?;
        Some(vec![decode_scalar(t, b).ok()?])
    }

    /// Whether the function has a result.
    pub fn has_result(&self) -> bool {
        self.result.is_some()
    }
}
