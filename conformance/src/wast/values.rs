//! Script values <-> Rivet's core values: `i32`, `i64` and references (`ref.null
//! func|extern`, `ref.extern N`; an expected `ref.func` matches any non-null funcref,
//! as in the reference interpreter). Any other value kind makes the assertion a skip
//! with a reason naming that kind.

use rivet_runtime::instance::CoreValue;
use wast::core::{WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// Converts invocation arguments, or names the value kind that makes them unsupported.
pub fn args(args: &[WastArg<'_>]) -> Result<Vec<CoreValue>, String> {
    args.iter()
        .map(|arg| match arg {
            WastArg::Core(WastArgCore::I32(v)) => Ok(CoreValue::I32(*v)),
            WastArg::Core(WastArgCore::I64(v)) => Ok(CoreValue::I64(*v)),
            WastArg::Core(WastArgCore::RefNull(h)) => null_ref(h),
            WastArg::Core(WastArgCore::RefExtern(n)) => Ok(CoreValue::ExternRef(Some(*n))),
            WastArg::Core(core) => Err(unsupported_kind(arg_kind(core))),
            _ => Err(unsupported_kind("component-model")),
        })
        .collect()
}

/// An expected result Rivet can compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Exactly this value.
    Value(CoreValue),
    /// Any of these values (`either`).
    Either(Vec<CoreValue>),
    /// Any non-null funcref (`ref.func` without an index).
    AnyFunc,
}

fn null_ref(h: &wast::core::HeapType<'_>) -> Result<CoreValue, String> {
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
pub fn expected(results: &[WastRet<'_>]) -> Result<Vec<Expected>, String> {
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
                CoreValue::FuncRef(None),
                CoreValue::ExternRef(None),
            ])),
            WastRet::Core(core) => core_ret(core).map(Expected::Value),
            _ => Err(unsupported_kind("component-model")),
        })
        .collect()
}

fn core_ret(ret: &WastRetCore<'_>) -> Result<CoreValue, String> {
    match ret {
        WastRetCore::I32(v) => Ok(CoreValue::I32(*v)),
        WastRetCore::I64(v) => Ok(CoreValue::I64(*v)),
        WastRetCore::RefNull(Some(h)) => null_ref(h),
        WastRetCore::RefExtern(Some(n)) => Ok(CoreValue::ExternRef(Some(*n))),
        WastRetCore::F32(_) => Err(unsupported_kind("f32")),
        WastRetCore::F64(_) => Err(unsupported_kind("f64")),
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

fn unsupported_kind(kind: &str) -> String {
    format!("{kind} values")
}

/// Compares actual results with expected ones; `Err` describes the first difference.
pub fn compare(expected: &[Expected], actual: &[CoreValue]) -> Result<(), String> {
    if expected.len() != actual.len() {
        return Err(format!(
            "expected {} results {}, got {}",
            expected.len(),
            show_expected(expected),
            show(actual)
        ));
    }
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        let ok = match want {
            Expected::Value(v) => v == got,
            Expected::Either(alts) => alts.contains(got),
            Expected::AnyFunc => matches!(got, CoreValue::FuncRef(Some(_))),
        };
        if !ok {
            return Err(format!(
                "result {i}: expected {}, got {} (all results: {})",
                show_expected(std::slice::from_ref(want)),
                show(std::slice::from_ref(got)),
                show(actual)
            ));
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
        CoreValue::FuncRef(None) => "(ref.null func)".into(),
        CoreValue::ExternRef(None) => "(ref.null extern)".into(),
        CoreValue::FuncRef(Some(f)) => format!("(ref.func {f})"),
        CoreValue::ExternRef(Some(n)) => format!("(ref.extern {n})"),
    }
}

fn show_expected(expected: &[Expected]) -> String {
    let parts: Vec<String> = expected
        .iter()
        .map(|e| match e {
            Expected::Value(v) => show_one(v),
            Expected::Either(alts) => {
                let alts: Vec<String> = alts.iter().map(show_one).collect();
                format!("(either {})", alts.join(" "))
            }
            Expected::AnyFunc => "(ref.func)".into(),
        })
        .collect();
    format!("[{}]", parts.join(" "))
}
