//! Core values and their flattening into 32-bit words (the calling convention).
//! A reference is one word (0 = null, index/handle + 1, see [`rivet_format::table`]).

use rivet_format::package::ValType;

/// A core Wasm value: an integer or a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreValue {
    /// An i32.
    I32(i32),
    /// An i64.
    I64(i64),
    /// A funcref: `Some(function index)` of the instance it came from, or null.
    FuncRef(Option<u32>),
    /// An externref: `Some(host handle)` (at most `u32::MAX - 1`), or null.
    ExternRef(Option<u32>),
}

/// The word of a reference (`None` = null is 0, `Some(n)` is `n + 1`).
pub(crate) fn ref_word(r: Option<u32>) -> Result<u32, String> {
    match r {
        None => Ok(0),
        Some(n) => n
            .checked_add(1)
            .ok_or_else(|| format!("reference {n} is not representable")),
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
            CoreValue::FuncRef(_) => ValType::FuncRef,
            CoreValue::ExternRef(_) => ValType::ExternRef,
        }
    }
}

impl std::fmt::Display for CoreValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoreValue::I32(v) => write!(f, "i32:{v}"),
            CoreValue::I64(v) => write!(f, "i64:{v}"),
            CoreValue::FuncRef(Some(i)) => write!(f, "funcref:{i}"),
            CoreValue::ExternRef(Some(i)) => write!(f, "externref:{i}"),
            CoreValue::FuncRef(None) => write!(f, "funcref:null"),
            CoreValue::ExternRef(None) => write!(f, "externref:null"),
        }
    }
}

/// Flattens `args` (checked against `types`) into words, handing each word and its
/// index to `put` (no intermediate buffer on the call path).
pub(crate) fn flatten_each<E: From<String>>(
    types: &[ValType],
    args: &[CoreValue],
    mut put: impl FnMut(usize, u32) -> Result<(), E>,
) -> Result<(), E> {
    if types.len() != args.len() {
        return Err(E::from(format!(
            "expected {} arguments, got {}",
            types.len(),
            args.len()
        )));
    }
    let mut w = 0;
    for (i, (t, a)) in types.iter().zip(args).enumerate() {
        match (t, a) {
            (ValType::I32, CoreValue::I32(v)) => {
                put(w, *v as u32)?;
                w += 1;
            }
            (ValType::I64, CoreValue::I64(v)) => {
                put(w, *v as u32)?;
                put(w + 1, (*v as u64 >> 32) as u32)?;
                w += 2;
            }
            (ValType::FuncRef, CoreValue::FuncRef(r))
            | (ValType::ExternRef, CoreValue::ExternRef(r)) => {
                put(w, ref_word(*r).map_err(E::from)?)?;
                w += 1;
            }
            _ => {
                return Err(E::from(format!(
                    "argument {i}: expected {t}, got {}",
                    a.ty()
                )))
            }
        }
    }
    Ok(())
}

/// Rebuilds values of `types` from the words `word(0), word(1), ...`.
pub(crate) fn unflatten_with<E: From<String>>(
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
        out.push(match t {
            ValType::I32 => CoreValue::I32(next()? as i32),
            ValType::I64 => {
                let lo = next()? as u64;
                let hi = next()? as u64;
                CoreValue::I64((hi << 32 | lo) as i64)
            }
            ValType::FuncRef => CoreValue::FuncRef(word_ref(next()?)),
            ValType::ExternRef => CoreValue::ExternRef(word_ref(next()?)),
            ValType::F32 | ValType::F64 => {
                return Err(E::from(format!(
                    "{t} values cannot cross the core interface"
                )))
            }
        });
    }
    Ok(out)
}

/// Flattens `args` (checked against `types`) into words.
pub(crate) fn flatten(types: &[ValType], args: &[CoreValue]) -> Result<Vec<u32>, String> {
    let mut out = Vec::with_capacity(2 * args.len());
    flatten_each(types, args, |_, v| {
        out.push(v);
        Ok::<(), String>(())
    })?;
    Ok(out)
}

/// Rebuilds values of `types` from words.
pub(crate) fn unflatten(types: &[ValType], words: &[u32]) -> Result<Vec<CoreValue>, String> {
    unflatten_with(types, |w| {
        words
            .get(w)
            .copied()
            .ok_or_else(|| "too few result words".to_string())
    })
}
