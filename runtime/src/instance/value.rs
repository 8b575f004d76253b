//! Core values and their flattening into 32-bit words (the calling convention).
//! A reference is one word (0 = null, index/handle + 1, see [`rivet_format::table`]).

use rivet_format::package::ValType;

/// A core Wasm value. Floats are kept as their bit patterns, so values compare
/// (and NaN payloads survive) bit for bit and the type stays `Eq + Hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreValue {
    /// An i32.
    I32(i32),
    /// An i64.
    I64(i64),
    /// An f32, as its bits.
    F32(u32),
    /// An f64, as its bits.
    F64(u64),
    /// A funcref: `Some(function index)` of the instance it came from, or null.
    FuncRef(Option<u32>),
    /// An externref: `Some(host handle)` (at most `u32::MAX - 1`), or null.
    ExternRef(Option<u32>),
}

/// The word of a reference (`None` = null is 0, `Some(n)` is `n + 1`).
pub(crate) fn ref_word(r: Option<u32>) -> Result<u32, ValueMismatch> {
    match r {
        None => Ok(0),
        Some(n) => n.checked_add(1).ok_or(ValueMismatch::Reference(n)),
    }
}

/// The reference a word stands for.
pub(crate) fn word_ref(w: u32) -> Option<u32> {
    w.checked_sub(1)
}

impl CoreValue {
    /// Its type.
    pub fn ty(&self) -> ValType {
        match self {
            CoreValue::I32(_) => ValType::I32,
            CoreValue::I64(_) => ValType::I64,
            CoreValue::F32(_) => ValType::F32,
            CoreValue::F64(_) => ValType::F64,
            CoreValue::FuncRef(_) => ValType::FuncRef,
            CoreValue::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// A value of type `ty` from its bits (the low 32 for one-word types).
    pub fn from_bits(ty: ValType, bits: u64) -> CoreValue {
        match ty {
            ValType::I32 => CoreValue::I32(bits as u32 as i32),
            ValType::I64 => CoreValue::I64(bits as i64),
            ValType::F32 => CoreValue::F32(bits as u32),
            ValType::F64 => CoreValue::F64(bits),
            ValType::FuncRef => CoreValue::FuncRef(word_ref(bits as u32)),
            ValType::ExternRef => CoreValue::ExternRef(word_ref(bits as u32)),
        }
    }

    /// The bits, zero-extended to 64.
    pub fn bits(&self) -> u64 {
        match *self {
            CoreValue::I32(v) => v as u32 as u64,
            CoreValue::I64(v) => v as u64,
            CoreValue::F32(v) => v as u64,
            CoreValue::F64(v) => v,
            // A reference's word; an unrepresentable one is refused where values are
            // flattened (`flatten_each`), so this never truncates silently there.
            CoreValue::FuncRef(r) | CoreValue::ExternRef(r) => {
                r.map_or(0, |n| n.wrapping_add(1)) as u64
            }
        }
    }
}

impl std::fmt::Display for CoreValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoreValue::I32(v) => write!(f, "i32:{v}"),
            CoreValue::I64(v) => write!(f, "i64:{v}"),
            CoreValue::F32(v) => write!(f, "f32:{}", f32::from_bits(*v)),
            CoreValue::F64(v) => write!(f, "f64:{}", f64::from_bits(*v)),
            CoreValue::FuncRef(Some(i)) => write!(f, "funcref:{i}"),
            CoreValue::ExternRef(Some(i)) => write!(f, "externref:{i}"),
            CoreValue::FuncRef(None) => write!(f, "funcref:null"),
            CoreValue::ExternRef(None) => write!(f, "externref:null"),
        }
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
