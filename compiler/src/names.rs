//! Operator names in the text format, and which operators contracts cannot use
//! (SIMD; floats are supported through the soft-float library).

use wasmparser::Operator;

/// Words that become a `prefix.` in the text format.
const DOTTED: [&str; 19] = [
    "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
    "local", "global", "memory", "table", "ref", "elem", "data", "atomic",
];

/// The text-format name of an operator (`F64Add` -> `f64.add`).
pub(crate) fn op_name(op: &Operator<'_>) -> String {
    let debug = format!("{op:?}");
    let ident: String = debug.chars().take_while(|c| c.is_alphanumeric()).collect();
    let mut words: Vec<String> = Vec::new();
    for c in ident.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(c.to_lowercase().collect());
        } else if let Some(w) = words.last_mut() {
            w.push(c);
        }
    }
    // Rejoin SIMD shapes split at their 'x' (I8x16 stays one word since x is lowercase).
    match words.split_first() {
        Some((first, rest)) if DOTTED.contains(&first.as_str()) && !rest.is_empty() => {
            format!("{first}.{}", rest.join("_"))
        }
        _ => words.join("_"),
    }
}

/// Why an operator can never be compiled for a contract, if it is one of those.
pub(crate) fn unsupported(op: &Operator<'_>) -> Option<String> {
    let name = op_name(op);
    let simd = ["v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"]
        .iter()
        .any(|p| name.starts_with(p));
    simd.then(|| format!("{name}: SIMD is not supported"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_text_format() {
        assert_eq!(op_name(&Operator::F64Add), "f64.add");
        assert_eq!(op_name(&Operator::I32TruncSatF32S), "i32.trunc_sat_f32_s");
        assert_eq!(op_name(&Operator::Nop), "nop");
        assert_eq!(op_name(&Operator::I32Const { value: 3 }), "i32.const");
        assert_eq!(op_name(&Operator::RefIsNull), "ref.is_null");
        assert!(unsupported(&Operator::F32Neg).is_none());
        assert!(unsupported(&Operator::I64ReinterpretF64).is_none());
        assert!(unsupported(&Operator::F32x4Abs).unwrap().contains("SIMD"));
        assert!(unsupported(&Operator::I32Add).is_none());
    }
}
