//! Core values ([`CoreValue`], defined in rivet-cabi) and their flattening into 32-bit
//! words (the calling convention).
//! A reference is one word (0 = null, index/handle + 1, see [`rivet_format::table`]).

use rivet_format::package::ValType;

/// The core value type is rivet-cabi's: one type for the engine's calling
/// convention and the canonical ABI's flat values.
pub use crate::cabi::CoreValue;

/// The word of a reference (`None` = null is 0, `Some(n)` is `n + 1`).
pub(crate) fn ref_word(r: Option<u32>) -> Result<u32, ValueMismatch> {
    match r {
        None => Ok(0),
        Some(n) => n.checked_add(1).ok_or(ValueMismatch::Reference(n)),
    }
}

/// Flattens `args` (checked against `types`) into words, handing each word and its
/// index to `put` (no intermediate buffer on the call path).
pub(crate) fn flatten_each<E: From<ValueMismatch>>(
    types: &[ValType],
    args: &[CoreValue],
    mut put: impl FnMut(usize, u32) -> Result<(), E>,
) -> Result<(), E> {
    if types.len() != args.len() {
        return Err(E::from(ValueMismatch::Count {
            expected: types.len(),
            got: args.len(),
        }));
    }
    let mut w = 0;
    for (i, (t, a)) in types.iter().zip(args).enumerate() {
        if a.ty() != *t {
            return Err(E::from(ValueMismatch::Type {
                index: i,
                expected: *t,
                got: a.ty(),
            }));
        }
        if let CoreValue::FuncRef(r) | CoreValue::ExternRef(r) = a {
            ref_word(*r).map_err(E::from)?;
        }
        let bits = a.bits();
        put(w, bits as u32)?;
        if t.words() == 2 {
            put(w + 1, (bits >> 32) as u32)?;
        }
        w += t.words();
    }
    Ok(())
}

/// Checks `args` against `types` (what [`flatten_each`] checks, without the words).
pub(crate) fn check(types: &[ValType], args: &[CoreValue]) -> Result<(), ValueMismatch> {
    flatten_each(types, args, |_, _| Ok::<(), ValueMismatch>(()))
}

/// Core values crossing the engine boundary (a call's results, an import's
/// arguments): up to [`INLINE_VALUES`] held inline, more on the heap. A
/// canonical-ABI export returns at most one core value, so a component call's
/// results never allocate, nor do the arguments of most imports.
#[derive(Debug, Clone)]
pub(crate) enum CoreValues {
    /// The first `n` values of the array.
    Inline([CoreValue; INLINE_VALUES], u8),
    /// More values than fit inline.
    Heap(Vec<CoreValue>),
}

/// Values [`CoreValues`] holds without allocating.
pub(crate) const INLINE_VALUES: usize = 4;

impl Default for CoreValues {
    /// No values (inline).
    fn default() -> Self {
        CoreValues::Inline([CoreValue::I32(0); INLINE_VALUES], 0)
    }
}

impl CoreValues {
    fn with_capacity(n: usize) -> Self {
        if n <= INLINE_VALUES {
            CoreValues::default()
        } else {
            CoreValues::Heap(Vec::with_capacity(n))
        }
    }

    #[inline]
    fn push(&mut self, v: CoreValue) {
        match self {
            CoreValues::Inline(a, n) if (*n as usize) < INLINE_VALUES => {
                a[*n as usize] = v;
                *n += 1;
            }
            _ => self.push_spilled(v),
        }
    }

    /// [`CoreValues::push`] past the inline values (kept out of line, so that the
    /// inline case, which every export's result takes, inlines into its caller and
    /// the value goes to its slot from registers).
    #[cold]
    fn push_spilled(&mut self, v: CoreValue) {
        match self {
            CoreValues::Inline(a, n) => {
                let mut heap = a[..*n as usize].to_vec();
                heap.push(v);
                *self = CoreValues::Heap(heap);
            }
            CoreValues::Heap(h) => h.push(v),
        }
    }

    /// The values as a vector.
    pub fn into_vec(self) -> Vec<CoreValue> {
        match self {
            CoreValues::Inline(a, n) => a[..n as usize].to_vec(),
            CoreValues::Heap(h) => h,
        }
    }
}

impl std::ops::Deref for CoreValues {
    type Target = [CoreValue];
    fn deref(&self) -> &[CoreValue] {
        match self {
            CoreValues::Inline(a, n) => &a[..*n as usize],
            CoreValues::Heap(h) => h,
        }
    }
}

/// Rebuilds values of `types` from the words `word(0), word(1), ...`.
pub(crate) fn unflatten_with<E>(
    types: &[ValType],
    word: impl FnMut(usize) -> Result<u32, E>,
) -> Result<Vec<CoreValue>, E> {
    unflatten_values(types, word).map(CoreValues::into_vec)
}

/// [`unflatten_with`] into [`CoreValues`] (no allocation for up to
/// [`INLINE_VALUES`] values).
pub(crate) fn unflatten_values<E>(
    types: &[ValType],
    word: impl FnMut(usize) -> Result<u32, E>,
) -> Result<CoreValues, E> {
    let mut out = CoreValues::default();
    unflatten_into(types, word, &mut out)?;
    Ok(out)
}

/// [`unflatten_values`] into `out`, which must be empty: the values are written where
/// the caller keeps them. Hot callers pass a place of their own instead of taking
/// the values back by value, because moving a freshly written [`CoreValues`] (72
/// bytes) reads it back wider than it was written, which the processor cannot
/// forward from its store buffer (a stall of about a dozen cycles per move).
pub(crate) fn unflatten_into<E>(
    types: &[ValType],
    mut word: impl FnMut(usize) -> Result<u32, E>,
    out: &mut CoreValues,
) -> Result<(), E> {
    if types.len() > INLINE_VALUES {
        *out = CoreValues::with_capacity(types.len());
    }
    let mut w = 0;
    let mut next = || {
        w += 1;
        word(w - 1)
    };
    for t in types {
        let mut bits = next()? as u64;
        if t.words() == 2 {
            bits |= (next()? as u64) << 32;
        }
        out.push(CoreValue::from_bits(*t, bits));
    }
    Ok(())
}

/// Core values that do not match a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueMismatch {
    /// Wrong number of values.
    #[error("expected {expected} arguments, got {got}")]
    Count {
        /// Values the signature has.
        expected: usize,
        /// Values given.
        got: usize,
    },
    /// A value of the wrong type.
    #[error("argument {index}: expected {expected}, got {got}")]
    Type {
        /// Its position.
        index: usize,
        /// The signature's type.
        expected: ValType,
        /// The value's type.
        got: ValType,
    },
    /// A reference index with no word (`u32::MAX`).
    #[error("reference {0} is not representable")]
    Reference(u32),
    /// A funcref naming neither a function of the instance nor a bound foreign one.
    #[error("function reference {0} names no function this instance has")]
    UnknownFunc(u32),
    /// Fewer words than the signature needs.
    #[error("too few result words")]
    TooFewWords,
}

/// Flattens `args` (checked against `types`) into words.
pub(crate) fn flatten(types: &[ValType], args: &[CoreValue]) -> Result<Vec<u32>, ValueMismatch> {
    let mut out = Vec::with_capacity(2 * args.len());
    flatten_each(types, args, |_, v| {
        out.push(v);
        Ok::<(), ValueMismatch>(())
    })?;
    Ok(out)
}

/// Rebuilds values of `types` from words.
pub(crate) fn unflatten(types: &[ValType], words: &[u32]) -> Result<Vec<CoreValue>, ValueMismatch> {
    unflatten_with(types, |w| {
        words.get(w).copied().ok_or(ValueMismatch::TooFewWords)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_values_spill_to_the_heap_past_the_inline_ones() {
        for n in 0..=2 * INLINE_VALUES {
            let types = vec![ValType::I64; n];
            // Word w of value i is i * 2 + w % 2 (low word, then high word).
            let vs = unflatten_values(&types, |w| Ok::<u32, ()>(w as u32)).expect("words");
            let want: Vec<CoreValue> = (0..n as u64)
                .map(|i| CoreValue::I64((((2 * i + 1) << 32) | (2 * i)) as i64))
                .collect();
            assert_eq!(&*vs, &want[..]);
            assert_eq!(matches!(vs, CoreValues::Inline(..)), n <= INLINE_VALUES);
            assert_eq!(vs.into_vec(), want);
        }
        // Pushing past the inline capacity keeps every value, in order.
        let mut v = CoreValues::with_capacity(1);
        for i in 0..=INLINE_VALUES as i32 {
            v.push(CoreValue::I32(i));
        }
        let want: Vec<CoreValue> = (0..=INLINE_VALUES as i32).map(CoreValue::I32).collect();
        assert_eq!(v.into_vec(), want);
    }
}
