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

/// Rebuilds values of `types` from the words `word(0), word(1), ...`.
pub(crate) fn unflatten_with<E>(
    types: &[ValType],
    mut word: impl FnMut(usize) -> Result<u32, E>,
) -> Result<Vec<CoreValue>, E> {
    let mut out = Vec::with_capacity(types.len());
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
    Ok(out)
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
