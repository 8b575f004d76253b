//! Script values <-> Rivet's core values. `i32`/`i64`/`f32`/`f64` arguments and
//! results are checked (floats bit for bit, or against the `nan:canonical` /
//! `nan:arithmetic` patterns), and references (`ref.null func|extern`, `ref.extern N`;
//! an expected `ref.func` matches any non-null funcref, as in the reference
//! interpreter). Any other value kind makes the assertion a skip with a reason naming
//! that kind.

use rivet_runtime::instance::CoreValue;
use wast::core::{NanPattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// A script value of a kind Rivet does not run (the assertion is skipped with this
/// reason, e.g. `v128 values`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} values")]
pub struct UnsupportedValue(pub &'static str);

/// How actual results differ from the expected ones (the assertion failed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    /// Another number of results.
    #[error("expected {count} results {expected}, got {actual}")]
    Count {
        /// Expected number of results.
        count: usize,
        /// The expected results, as scripts write them.
        expected: String,
        /// The actual results.
        actual: String,
    },
    /// Result `index` differs.
    #[error("result {index}: expected {expected}, got {got} (all results: {all})")]
    Value {
        /// Which result.
        index: usize,
        /// The expected value.
        expected: String,
        /// The actual value.
        got: String,
        /// Every actual result.
        all: String,
    },
}

/// Converts invocation arguments, or names the value kind that makes them unsupported.
pub fn args(args: &[WastArg<'_>]) -> Result<Vec<CoreValue>, UnsupportedValue> {
    args.iter()
        .map(|arg| match arg {
            WastArg::Core(WastArgCore::I32(v)) => Ok(CoreValue::I32(*v)),
            WastArg::Core(WastArgCore::I64(v)) => Ok(CoreValue::I64(*v)),
            WastArg::Core(WastArgCore::F32(v)) => Ok(CoreValue::F32(v.bits)),
            WastArg::Core(WastArgCore::F64(v)) => Ok(CoreValue::F64(v.bits)),
            WastArg::Core(WastArgCore::RefNull(h)) => null_ref(h),
            WastArg::Core(WastArgCore::RefExtern(n)) => Ok(CoreValue::ExternRef(Some(*n))),
            WastArg::Core(core) => Err(unsupported_kind(arg_kind(core))),
            _ => Err(unsupported_kind("component-model")),
        })
        .collect()
}

/// One expected value: exact bits or a NaN class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// Exactly this value (floats compared by bits).
    Exact(CoreValue),
    /// `nan:canonical` of f32 (`true`) or f64.
    CanonicalNan(bool),
    /// `nan:arithmetic` (quiet bit set, any payload) of f32 (`true`) or f64.
    ArithmeticNan(bool),
}

impl Pattern {
    /// Whether `v` matches.
    pub fn matches(&self, v: &CoreValue) -> bool {
        const Q32: u32 = 0x7fc0_0000;
        const Q64: u64 = 0x7ff8_0000_0000_0000;
        match (self, v) {
            (Pattern::Exact(want), got) => want == got,
            (Pattern::CanonicalNan(true), CoreValue::F32(b)) => b & 0x7fff_ffff == Q32,
            (Pattern::ArithmeticNan(true), CoreValue::F32(b)) => b & Q32 == Q32,
            (Pattern::CanonicalNan(false), CoreValue::F64(b)) => b & !(1 << 63) == Q64,
            (Pattern::ArithmeticNan(false), CoreValue::F64(b)) => b & Q64 == Q64,
            _ => false,
        }
    }
}

/// An expected result Rivet can compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// A value matching this pattern.
    Value(Pattern),
    /// A value matching any of these patterns (`either`).
    Either(Vec<Pattern>),
    /// Any non-null funcref (`ref.func` without an index).
    AnyFunc,
}

fn null_ref(h: &wast::core::HeapType<'_>) -> Result<CoreValue, UnsupportedValue> {
    use wast::core::{AbstractHeapType, HeapType};
    match h {
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func,
        } => Ok(CoreValue::FuncRef(None)),
        HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern,
        } => Ok(CoreValue::ExternRef(None)),
        _ => Err(unsupported_kind("non-func/extern reference")),
    }
}

/// Converts expected results, or names the value kind that makes them unsupported.
pub fn expected(results: &[WastRet<'_>]) -> Result<Vec<Expected>, UnsupportedValue> {
    results
        .iter()
        .map(|ret| match ret {
            WastRet::Core(WastRetCore::Either(alts)) => alts
                .iter()
                .map(core_ret)
                .collect::<Result<Vec<_>, _>>()
                .map(Expected::Either),
            WastRet::Core(WastRetCore::RefFunc(None)) => Ok(Expected::AnyFunc),
            WastRet::Core(WastRetCore::RefNull(None)) => Ok(Expected::Either(vec![
                Pattern::Exact(CoreValue::FuncRef(None)),
                Pattern::Exact(CoreValue::ExternRef(None)),
            ])),
            WastRet::Core(core) => core_ret(core).map(Expected::Value),
            _ => Err(unsupported_kind("component-model")),
        })
        .collect()
}

fn nan<T>(p: &NanPattern<T>, f32: bool, exact: impl Fn(&T) -> CoreValue) -> Pattern {
    match p {
        NanPattern::CanonicalNan => Pattern::CanonicalNan(f32),
        NanPattern::ArithmeticNan => Pattern::ArithmeticNan(f32),
        NanPattern::Value(v) => Pattern::Exact(exact(v)),
    }
}

fn core_ret(ret: &WastRetCore<'_>) -> Result<Pattern, UnsupportedValue> {
    match ret {
        WastRetCore::I32(v) => Ok(Pattern::Exact(CoreValue::I32(*v))),
        WastRetCore::I64(v) => Ok(Pattern::Exact(CoreValue::I64(*v))),
        WastRetCore::F32(p) => Ok(nan(p, true, |v| CoreValue::F32(v.bits))),
        WastRetCore::F64(p) => Ok(nan(p, false, |v| CoreValue::F64(v.bits))),
        WastRetCore::RefNull(Some(h)) => null_ref(h).map(Pattern::Exact),
        WastRetCore::RefExtern(Some(n)) => Ok(Pattern::Exact(CoreValue::ExternRef(Some(*n)))),
        WastRetCore::V128(_) => Err(unsupported_kind("v128")),
        _ => Err(unsupported_kind("reference")),
    }
}

fn arg_kind(arg: &WastArgCore<'_>) -> &'static str {
    match arg {
        WastArgCore::I32(_) => "i32",
        WastArgCore::I64(_) => "i64",
        WastArgCore::F32(_) => "f32",
        WastArgCore::F64(_) => "f64",
        WastArgCore::V128(_) => "v128",
        _ => "reference",
    }
}

fn unsupported_kind(kind: &'static str) -> UnsupportedValue {
    UnsupportedValue(kind)
}

/// Compares actual results with expected ones; `Err` describes the first difference.
pub fn compare(expected: &[Expected], actual: &[CoreValue]) -> Result<(), Mismatch> {
    if expected.len() != actual.len() {
        return Err(Mismatch::Count {
            count: expected.len(),
            expected: show_expected(expected),
            actual: show(actual),
        });
    }
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        let ok = match want {
            Expected::Value(p) => p.matches(got),
            Expected::Either(alts) => alts.iter().any(|p| p.matches(got)),
            Expected::AnyFunc => matches!(got, CoreValue::FuncRef(Some(_))),
        };
        if !ok {
            return Err(Mismatch::Value {
                index: i,
                expected: show_expected(std::slice::from_ref(want)),
                got: show(std::slice::from_ref(got)),
                all: show(actual),
            });
        }
    }
    Ok(())
}

/// Formats values the way scripts write them: `(i32.const 7) (i64.const -1)`.
pub fn show(values: &[CoreValue]) -> String {
    let parts: Vec<String> = values.iter().map(show_one).collect();
    format!("[{}]", parts.join(" "))
}

fn show_one(value: &CoreValue) -> String {
    match value {
        CoreValue::I32(v) => format!("(i32.const {v})"),
        CoreValue::I64(v) => format!("(i64.const {v})"),
        CoreValue::F32(b) => format!("(f32.const {} (bits {b:#010x}))", f32::from_bits(*b)),
        CoreValue::F64(b) => format!("(f64.const {} (bits {b:#018x}))", f64::from_bits(*b)),
        CoreValue::FuncRef(None) => "(ref.null func)".into(),
        CoreValue::ExternRef(None) => "(ref.null extern)".into(),
        CoreValue::FuncRef(Some(f)) => format!("(ref.func {f})"),
        CoreValue::ExternRef(Some(n)) => format!("(ref.extern {n})"),
    }
}

fn show_pattern(p: &Pattern) -> String {
    match p {
        Pattern::Exact(v) => show_one(v),
        Pattern::CanonicalNan(f32) => format!("({}.const nan:canonical)", width(*f32)),
        Pattern::ArithmeticNan(f32) => format!("({}.const nan:arithmetic)", width(*f32)),
    }
}

fn width(f32: bool) -> &'static str {
    if f32 {
        "f32"
    } else {
        "f64"
    }
}

fn show_expected(expected: &[Expected]) -> String {
    let parts: Vec<String> = expected
        .iter()
        .map(|e| match e {
            Expected::Value(p) => show_pattern(p),
            Expected::Either(alts) => {
                let alts: Vec<String> = alts.iter().map(show_pattern).collect();
                format!("(either {})", alts.join(" "))
            }
            Expected::AnyFunc => "(ref.func)".into(),
        })
        .collect();
    format!("[{}]", parts.join(" "))
}
