//! Differential execution: the same module under Rivet and under wasmi, compared.
//!
//! Shared by `tests/differential.rs` (fixed wasm-smith seeds), `tests/regressions.rs`
//! (WAT files of past mismatches), `tests/programs.rs` and the cargo-fuzz target (which
//! includes this file by path). Every exported function (integer, float and reference
//! parameters) is called on both engines with the same deterministic arguments; the
//! results (or the trap kinds, as spec messages), every exported global, the memory size
//! and the memory contents must agree after each call.
//!
//! Values are compared by [`same_values`]: integers exactly, floats by bits except that
//! two NaNs agree when Rivet's is the canonical NaN (Rivet canonicalizes every NaN it
//! computes; wasmi's payloads come from the host FPU and Wasm fixes them only up to
//! `nan:arithmetic`), references by null-ness (function identities are engine-local).
//! NaN bits that reach memory or an integer (`reinterpret`) are not comparable that way,
//! so the generator canonicalizes NaNs after every float operation
//! (`canonicalize_nans`, as wasmtime's own differential fuzzing does, completed for
//! demote/promote by `nan_canon.rs`); the value comparison still checks that Rivet's
//! NaNs are canonical. Resource exhaustion is not a semantic
//! difference: a call where either side runs out of gas/fuel or call stack ends the
//! comparison of that module (counted as a skip), since the two sides' states diverge.
//!
//! Modules may import the host functions and globals of `diff_host.rs`, which both
//! engines provide identically. A module that traps while instantiating is counted
//! apart ([`ModuleReport::instantiation_trap`]), not as a compared call. The generator
//! is tuned so that most calls return values rather than trap (see [`smith_config`]);
//! `tests/differential.rs` asserts that share.

#![allow(dead_code)]

#[path = "diff_gen.rs"]
pub mod gen;
#[path = "diff_host.rs"]
pub mod host;
#[path = "nan_canon.rs"]
pub mod nan_canon;

// Each test binary uses some of these.
#[allow(unused_imports)]
pub use gen::{generate, generate_from, large, smith_config};
use host::{RivetHost, WasmiHost};
use rivet_conformance::rivet::{self as rv, CallOutcome, CompileOutcome, InstantiateOutcome};
use rivet_runtime::instance::CoreValue;
use std::fmt::Write as _;

/// wasmi fuel for one call (wasm-smith's termination fuel bounds loops long before).
pub const WASMI_FUEL: u64 = 50_000_000;

/// How a skip caused by wasmi panicking (not Rivet) starts.
pub const WASMI_PANICKED: &str = "oracle bug: wasmi panicked";

/// Whether generated modules may use floats (all operators, saturating conversions) and
/// reference types (several tables, `ref.*`/`table.*` instructions, funcref/externref
/// values). The wasmi engine, the generator and the argument lists follow it.
pub const FLOATS_AND_REFERENCE_TYPES: bool = true;

/// wasm-smith's termination fuel: loop iterations and calls one module may make in
/// all (the counter is a global, never refilled). Large enough that most calls end
/// normally instead of running dry, small enough to keep runs quick.
pub const TERMINATION_FUEL: u32 = 2_000;

/// What comparing one module found.
#[derive(Debug, Default)]
pub struct ModuleReport {
    /// Calls whose outcome and state matched.
    pub calls_compared: usize,
    /// Of those, calls where both engines trapped (with the same trap kind).
    pub traps_compared: usize,
    /// Of those, calls where both engines returned (the same) values.
    pub values_compared: usize,
    /// Both engines trapped the same way while instantiating (nothing was called).
    pub instantiation_trap: bool,
    /// Of the compared calls, those with a float among their arguments or results.
    pub float_calls: usize,
    /// Of the compared calls, those with a reference among their arguments or results.
    pub ref_calls: usize,
    /// How many compared calls trapped with each trap kind.
    pub trap_kinds: std::collections::BTreeMap<&'static str, usize>,
    /// Why the module (or its remaining calls) was not compared, if so.
    pub skipped: Option<String>,
    /// The first difference found, described.
    pub mismatch: Option<String>,
}

/// A trap or result of one side, comparable across engines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observed {
    /// Normal return.
    Values(Vec<CoreValue>),
    /// A trap, as its spec message.
    Trap(&'static str),
}

/// Spec trap messages both engines are normalised to.
const TRAP_KINDS: &[&str] = &[
    "unreachable",
    "out of bounds memory access",
    TABLE_INDEX,
    "uninitialized element",
    "indirect call type mismatch",
    "integer divide by zero",
    "integer overflow",
    "call stack exhausted",
    "out of bounds data segment access",
    "invalid conversion to integer",
];

/// A table index out of bounds: wasmi has one trap code for `call_indirect` past the
/// table ("undefined element") and table instructions past it ("out of bounds table
/// access"), so the comparison cannot tell them apart (the spec suite does).
const TABLE_INDEX: &str = "undefined element / out of bounds table access";

/// Maps a trap message from either engine to its spec kind.
pub fn trap_kind(message: &str) -> Option<&'static str> {
    if message.contains("unreachable") {
        return Some("unreachable");
    }
    if message.contains("undefined element") || message.contains("out of bounds table access") {
        return Some(TABLE_INDEX);
    }
    if message.contains("uninitialized element") {
        return Some("uninitialized element");
    }
    TRAP_KINDS
        .iter()
        .copied()
        .find(|kind| message.contains(kind))
}

/// Deterministic arguments for call number `call` of a function with `params`.
pub fn args_for(params: &[rivet_format::package::ValType], call: usize) -> Vec<CoreValue> {
    // Mostly small values (valid addresses and loop counts, so calls compute rather
    // than trap), with the edge values still in every fourth slot.
    const I32S: [i32; 16] = [
        0,
        1,
        7,
        31,
        100,
        0x7fff_ffff,
        8,
        255,
        1000,
        3,
        i32::MIN,
        64,
        4096,
        2,
        -1,
        16,
    ];
    const I64S: [i64; 16] = [
        0,
        1,
        63,
        7,
        0xffff,
        i64::MAX,
        8,
        100,
        1000,
        3,
        i64::MIN,
        64,
        4096,
        2,
        -1,
        16,
    ];
    // Ordinary values first, then the edges: signed zeros, infinities, the canonical
    // NaN (the only NaN a generated module can also produce), the largest and smallest
    // finite values and integer conversion limits.
    const F32S: [f32; 16] = [
        0.0,
        1.5,
        -2.25,
        100.0,
        f32::NAN,
        -0.0,
        3.0e9,
        0.1,
        f32::INFINITY,
        7.0,
        f32::MAX,
        -1.0e-40,
        f32::NEG_INFINITY,
        2147483648.0,
        -0.5,
        1.0e-45,
    ];
    const F64S: [f64; 16] = [
        0.0,
        1.5,
        -2.25,
        100.0,
        f64::NAN,
        -0.0,
        9.3e18,
        0.1,
        f64::INFINITY,
        7.0,
        f64::MAX,
        -2.0e-310,
        f64::NEG_INFINITY,
        -2147483648.5,
        -0.5,
        5.0e-324,
    ];
    use rivet_format::package::ValType;
    params
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            let k = (call * 3 + i * 5) % 16;
            match ty {
                ValType::I64 => CoreValue::I64(I64S[k]),
                ValType::F32 => CoreValue::F32(F32S[k].to_bits()),
                ValType::F64 => CoreValue::F64(F64S[k].to_bits()),
                // Function identities are engine-local: only null can be passed to both.
                ValType::FuncRef => CoreValue::FuncRef(None),
                ValType::ExternRef => CoreValue::ExternRef(None),
                ValType::I32 => CoreValue::I32(I32S[k]),
            }
        })
        .collect()
}

/// Whether a float value is a NaN.
pub fn is_nan(v: &CoreValue) -> bool {
    match *v {
        CoreValue::F32(b) => b & 0x7fff_ffff > 0x7f80_0000,
        CoreValue::F64(b) => b & !(1 << 63) > 0x7ff0_0000_0000_0000,
        _ => false,
    }
}

/// Whether a value is Rivet's canonical NaN (positive, quiet, zero payload).
pub fn is_canonical_nan(v: &CoreValue) -> bool {
    matches!(
        *v,
        CoreValue::F32(0x7fc0_0000) | CoreValue::F64(0x7ff8_0000_0000_0000)
    )
}

/// Rivet's value `ours` agrees with wasmi's `theirs`: equal bits, or both NaN with
/// Rivet's canonical, or both references with the same null-ness.
pub fn same_value(ours: &CoreValue, theirs: &CoreValue) -> bool {
    match (ours, theirs) {
        (CoreValue::FuncRef(a), CoreValue::FuncRef(b))
        | (CoreValue::ExternRef(a), CoreValue::ExternRef(b)) => a.is_some() == b.is_some(),
        _ => ours == theirs || (is_nan(ours) && is_nan(theirs) && is_canonical_nan(ours)),
    }
}

/// [`same_value`] over two result lists.
pub fn same_values(ours: &[CoreValue], theirs: &[CoreValue]) -> bool {
    ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| same_value(a, b))
}

/// Both outcomes agree: the same trap kind, or values that agree by [`same_values`].
pub fn same_outcome(ours: &Observed, theirs: &Observed) -> bool {
    match (ours, theirs) {
        (Observed::Values(a), Observed::Values(b)) => same_values(a, b),
        (Observed::Trap(a), Observed::Trap(b)) => a == b,
        _ => false,
    }
}

/// The wasmi side of one module.
pub struct Wasmi {
    store: wasmi::Store<WasmiHost>,
    instance: wasmi::Instance,
}

/// wasmi's engine configured like Rivet's feature set.
pub fn wasmi_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config
        .consume_fuel(true)
        .compilation_mode(wasmi::CompilationMode::Eager)
        .floats(FLOATS_AND_REFERENCE_TYPES)
        .wasm_tail_call(false)
        .wasm_multi_memory(false)
        .wasm_wide_arithmetic(false);
    wasmi::Engine::new(&config)
}

impl Wasmi {
    /// Compiles and instantiates (start function included); `Err` is a trap kind or an
    /// error text.
    pub fn new(engine: &wasmi::Engine, wasm: &[u8]) -> Result<Self, Result<&'static str, String>> {
        // wasmi 2.0.0's translator has debug assertions that some valid modules trip
        // ("a register operand already exists on the stack"): an oracle bug, reported
        // as such instead of failing the whole run.
        let module = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            wasmi::Module::new(engine, wasm)
        }))
        .map_err(|p| Err(format!("{WASMI_PANICKED}: {}", rv::panic_text(&*p))))?
        .map_err(|e| Err(e.to_string()))?;
        let mut store = wasmi::Store::new(engine, WasmiHost::default());
        store.limiter(|host| &mut host.limits);
        store.set_fuel(WASMI_FUEL).map_err(|e| Err(e.to_string()))?;
        let linker = host::wasmi_linker(engine, &mut store).map_err(|e| Err(e.to_string()))?;
        match linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => Ok(Self { store, instance }),
            Err(err) => Err(wasmi_trap(&err)),
        }
    }

    /// Calls export `name`; `Err` is an exhaustion or an unexpected error, described.
    pub fn call(&mut self, name: &str, args: &[CoreValue]) -> Result<Observed, String> {
        let func = self
            .instance
            .get_func(&self.store, name)
            .ok_or_else(|| format!("wasmi: no function export {name}"))?;
        let ty = func.ty(&self.store);
        let args: Vec<wasmi::Val> = args
            .iter()
            .map(|v| match v {
                CoreValue::I32(v) => wasmi::Val::I32(*v),
                CoreValue::I64(v) => wasmi::Val::I64(*v),
                CoreValue::F32(b) => wasmi::Val::F32(wasmi::F32::from_bits(*b)),
                CoreValue::F64(b) => wasmi::Val::F64(wasmi::F64::from_bits(*b)),
                // Only null references cross (see `args_for`).
                CoreValue::FuncRef(_) => wasmi::Val::FuncRef(wasmi::Nullable::Null),
                CoreValue::ExternRef(_) => wasmi::Val::ExternRef(wasmi::Nullable::Null),
            })
            .collect();
        let mut results: Vec<wasmi::Val> = ty
            .results()
            .iter()
            .map(|t| wasmi::Val::default_for_ty(*t))
            .collect();
        self.store.set_fuel(WASMI_FUEL).map_err(|e| e.to_string())?;
        match func.call(&mut self.store, &args, &mut results) {
            Ok(()) => results
                .iter()
                .map(from_wasmi)
                .collect::<Result<Vec<_>, _>>()
                .map(Observed::Values),
            Err(err) => match wasmi_trap(&err) {
                Ok(kind) => Ok(Observed::Trap(kind)),
                Err(other) => Err(other),
            },
        }
    }

    /// Exported globals, by name, in export order (references by null-ness only).
    pub fn globals(&self) -> Vec<(String, CoreValue)> {
        let mut out = Vec::new();
        for export in self.instance.exports(&self.store) {
            let name = export.name().to_string();
            if let Some(global) = export.into_global() {
                if let Ok(v) = from_wasmi(&global.get(&self.store)) {
                    out.push((name, v));
                }
            }
        }
        out
    }

    /// The contents of the first exported memory, if any.
    pub fn memory(&self) -> Option<Vec<u8>> {
        self.instance
            .exports(&self.store)
            .find_map(|e| e.into_memory())
            .map(|m| m.data(&self.store).to_vec())
    }
}

/// A wasmi value as Rivet's; a non-null reference becomes `Some(u32::MAX)`, since only
/// null-ness is comparable across engines (see [`same_value`]).
fn from_wasmi(v: &wasmi::Val) -> Result<CoreValue, String> {
    Ok(match v {
        wasmi::Val::I32(v) => CoreValue::I32(*v),
        wasmi::Val::I64(v) => CoreValue::I64(*v),
        wasmi::Val::F32(v) => CoreValue::F32(v.to_bits()),
        wasmi::Val::F64(v) => CoreValue::F64(v.to_bits()),
        wasmi::Val::FuncRef(r) => CoreValue::FuncRef((!r.is_null()).then_some(u32::MAX)),
        wasmi::Val::ExternRef(r) => CoreValue::ExternRef((!r.is_null()).then_some(u32::MAX)),
        other => return Err(format!("wasmi: value {other:?} has no Rivet counterpart")),
    })
}

/// A wasmi error as a trap kind (`Ok`), or as text for anything else, exhaustion included.
fn wasmi_trap(err: &wasmi::Error) -> Result<&'static str, String> {
    use wasmi::TrapCode;
    match err.as_trap_code() {
        Some(TrapCode::OutOfFuel) => Err("exhausted: wasmi fuel".into()),
        Some(TrapCode::StackOverflow) => Err("exhausted: wasmi call stack".into()),
        Some(TrapCode::UnreachableCodeReached) => Ok("unreachable"),
        Some(TrapCode::TableOutOfBounds) => Ok(TABLE_INDEX),
        Some(TrapCode::IndirectCallToNull) => Ok("uninitialized element"),
        Some(code) => trap_kind(code.trap_message()).ok_or_else(|| code.trap_message().to_string()),
        None => {
            let text = err.to_string();
            trap_kind(&text).ok_or(text)
        }
    }
}

/// Why comparing a module's calls stopped early.
enum Early {
    /// Not comparable (resources exhausted, unsupported): the reason.
    Skip(String),
    /// A difference: described.
    Mismatch(String),
}

/// Calls export `name` on Rivet's instance and normalises the outcome.
fn observe_rivet(
    rivet: &mut rivet_runtime::instance::Instance,
    name: &str,
    args: &[CoreValue],
    imports: &mut RivetHost,
) -> Result<Observed, Early> {
    Ok(match rv::invoke(rivet, name, args, imports) {
        CallOutcome::Returned(values) => Observed::Values(values),
        CallOutcome::Trapped(message) if message.contains("call stack exhausted") => {
            return Err(Early::Skip("call stack exhausted".into()));
        }
        CallOutcome::Trapped(message) => match trap_kind(&message) {
            Some(kind) => Observed::Trap(kind),
            None => {
                return Err(Early::Mismatch(format!(
                    "{name}{}: rivet trap with unknown message \"{message}\"",
                    show_args(args)
                )));
            }
        },
        CallOutcome::OutOfGas => return Err(Early::Skip("rivet out of gas".into())),
        CallOutcome::Unsupported(reason) => return Err(Early::Skip(format!("rivet: {reason}"))),
        CallOutcome::Failed(err) => {
            return Err(Early::Mismatch(format!(
                "{name}{}: rivet error: {err}",
                show_args(args)
            )));
        }
    })
}

impl ModuleReport {
    /// Counts one compared call by kind.
    fn tally(&mut self, args: &[CoreValue], ours: &Observed) {
        self.calls_compared += 1;
        let results = match ours {
            Observed::Values(v) => v.as_slice(),
            Observed::Trap(_) => &[],
        };
        let mut values = args.iter().chain(results);
        if values
            .clone()
            .any(|v| matches!(v, CoreValue::F32(_) | CoreValue::F64(_)))
        {
            self.float_calls += 1;
        }
        if values.any(|v| matches!(v, CoreValue::FuncRef(_) | CoreValue::ExternRef(_))) {
            self.ref_calls += 1;
        }
        match ours {
            Observed::Trap(kind) => {
                self.traps_compared += 1;
                *self.trap_kinds.entry(kind).or_default() += 1;
            }
            Observed::Values(_) => self.values_compared += 1,
        }
    }
}

/// Compares one module under both engines.
pub fn compare_module(engine: &wasmi::Engine, wasm: &[u8]) -> ModuleReport {
    let mut report = ModuleReport::default();
    let pkg = match rv::compile(wasm) {
        CompileOutcome::Compiled(pkg) => pkg,
        CompileOutcome::Unsupported(reason) => {
            report.skipped = Some(format!("rivet: {reason}"));
            return report;
        }
        CompileOutcome::Rejected(err) => {
            // wasm-smith only produces valid modules: a rejection is a bug, unless wasmi
            // rejects it too (then the generator left Rivet's feature set).
            report.mismatch = match wasmi::Module::new(engine, wasm) {
                Ok(_) => Some(format!("rivet rejected a module wasmi accepts: {err}")),
                Err(_) => None,
            };
            report.skipped = report.mismatch.is_none().then(|| "both reject".to_string());
            return report;
        }
    };
    let exports = rv::function_exports(&pkg);
    let mut imports = RivetHost::default();
    let rivet = rv::instantiate(&pkg, &mut imports);
    let wasmi = Wasmi::new(engine, wasm);
    let (mut rivet, mut wasmi) = match (rivet, wasmi) {
        (InstantiateOutcome::Ready(r), Ok(w)) => (r, w),
        (InstantiateOutcome::Trapped(t), Err(Ok(kind))) if trap_kind(&t) == Some(kind) => {
            report.instantiation_trap = true;
            return report;
        }
        (_, Err(Err(e))) if e.starts_with(WASMI_PANICKED) => {
            report.skipped = Some(e);
            return report;
        }
        (InstantiateOutcome::Unsupported(reason), _) => {
            report.skipped = Some(format!("rivet: {reason}"));
            return report;
        }
        (InstantiateOutcome::OutOfGas, _) | (_, Err(Err(_))) => {
            report.skipped = Some("start function exhausted gas/fuel/stack".into());
            return report;
        }
        (InstantiateOutcome::Trapped(t), _) if t.contains("call stack exhausted") => {
            report.skipped = Some("start function exhausted the call stack".into());
            return report;
        }
        (r, w) => {
            report.mismatch = Some(format!(
                "instantiation: rivet {}, wasmi {}",
                describe_instantiation(&r),
                match w {
                    Ok(_) => "instantiated".to_string(),
                    Err(Ok(kind)) => format!("trapped \"{kind}\""),
                    Err(Err(e)) => e,
                }
            ));
            return report;
        }
    };
    if let Some(diff) = compare_state(&rivet, &wasmi) {
        report.mismatch = Some(format!("after instantiation: {diff}"));
        return report;
    }
    // Every export three times (different arguments), in order, on the same instance.
    let calls = exports.iter().chain(exports.iter()).chain(exports.iter());
    for (call, (name, sig)) in calls.enumerate() {
        let args = args_for(&sig.params, call);
        let ours = match observe_rivet(&mut rivet, name, &args, &mut imports) {
            Ok(observed) => observed,
            Err(Early::Skip(why)) => {
                report.skipped = Some(why);
                return report;
            }
            Err(Early::Mismatch(what)) => {
                report.mismatch = Some(what);
                return report;
            }
        };
        let theirs = match wasmi.call(name, &args) {
            Ok(observed) => observed,
            Err(err) if err.starts_with("exhausted") => {
                report.skipped = Some(err);
                return report;
            }
            Err(err) => {
                report.mismatch = Some(format!("{name}{}: wasmi error: {err}", show_args(&args)));
                return report;
            }
        };
        if !same_outcome(&ours, &theirs) {
            report.mismatch = Some(format!(
                "{name}{}: rivet {ours:?}, wasmi {theirs:?}",
                show_args(&args)
            ));
            return report;
        }
        if let Some(diff) = compare_state(&rivet, &wasmi) {
            report.mismatch = Some(format!("after {name:?}{}: {diff}", show_args(&args)));
            return report;
        }
        report.tally(&args, &ours);
    }
    report
}

fn describe_instantiation(outcome: &InstantiateOutcome) -> String {
    match outcome {
        InstantiateOutcome::Ready(_) => "instantiated".into(),
        InstantiateOutcome::Trapped(t) => format!("trapped \"{t}\""),
        InstantiateOutcome::Unsupported(r) => format!("unsupported: {r}"),
        InstantiateOutcome::Unlinkable(e) => format!("unlinkable: {e}"),
        InstantiateOutcome::OutOfGas => "out of gas".into(),
        InstantiateOutcome::Failed(e) => format!("failed: {e}"),
    }
}

fn show_args(args: &[CoreValue]) -> String {
    let mut out = String::from("(");
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match a {
            CoreValue::I32(v) => write!(out, "i32 {v}").unwrap(),
            CoreValue::I64(v) => write!(out, "i64 {v}").unwrap(),
            CoreValue::F32(b) => write!(out, "f32 bits {b:#x}").unwrap(),
            CoreValue::F64(b) => write!(out, "f64 bits {b:#x}").unwrap(),
            other => write!(out, "{other}").unwrap(),
        }
    }
    out.push(')');
    out
}

/// Compares exported globals and memory; `Some` describes the first difference.
fn compare_state(rivet: &rivet_runtime::instance::Instance, wasmi: &Wasmi) -> Option<String> {
    for (name, theirs) in wasmi.globals() {
        let ours = rivet.global(&name);
        if !ours.is_some_and(|v| same_value(&v, &theirs)) {
            return Some(format!("global {name:?}: rivet {ours:?}, wasmi {theirs:?}"));
        }
    }
    if let Some(theirs) = wasmi.memory() {
        let ours = rv::memory(rivet);
        if ours.len() != theirs.len() {
            return Some(format!(
                "memory size: rivet {} bytes, wasmi {} bytes",
                ours.len(),
                theirs.len()
            ));
        }
        if let Some(at) = ours.iter().zip(&theirs).position(|(a, b)| a != b) {
            return Some(format!(
                "memory byte {at:#x}: rivet {:#04x}, wasmi {:#04x}",
                ours[at], theirs[at]
            ));
        }
    }
    None
}
