//! The embedded soft-float library: f32/f64 arithmetic for a core without an FPU.
//!
//! RV32EM has no floating-point unit, so every float operator that is not a plain
//! bit operation (abs, neg, copysign, reinterpret, load/store, const) becomes a call
//! to a function of `rivet-softfloat`, a no_std Rust crate built to the wasm blob
//! `compiler/softfloat/softfloat.wasm` (see `FLOAT-ABI.md`): pure integer code, f32
//! values as their i32 bits, f64 values as their i64 bits, round-to-nearest-even,
//! every produced NaN canonical. The blob is embedded, parsed and validated once per
//! process ([`get`]); a package whose code calls into it gets the *reachable* library
//! functions appended after the module's own functions ([`append`]). Each function
//! is translated by the ordinary translator once per process and then copied, with
//! its package-dependent words re-patched (`crate::libcode`). A module without such calls gets none of it,
//! so its package is byte for byte what it was before floats were supported.
//!
//! Invariants checked when the blob is parsed (a broken blob is an internal error,
//! never a panic): it validates as Wasm 2.0, imports nothing, has no memory, table,
//! global, data or element segment, exports every function of [`EXPORTS`], and its
//! bodies use only direct calls between its own functions.

use crate::asm::Asm;
use crate::env::{Env, FuncInfo};
use crate::func::translate_trusted;
use crate::libcode::Cached;
use rivet_format::package::{FuncSig, ValType};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;
use wasmparser::{
    BinaryReader, ExternalKind, FunctionBody, Operator, Parser, Payload, Validator, WasmFeatures,
};

/// The library blob (reproducible: `scripts/build-softfloat.sh`).
pub(crate) const BLOB: &[u8] = include_bytes!("../softfloat/softfloat.wasm");

const F: ValType = ValType::F32;
const D: ValType = ValType::F64;
const I: ValType = ValType::I32;
const L: ValType = ValType::I64;

/// One library function the compiler calls: export name, parameter and result
/// types as the float operator sees them (f32/f64 travel as i32/i64 bits).
pub(crate) type Export = (&'static str, &'static [ValType], ValType);

/// Every function the compiler may call (FLOAT-ABI.md); a float operator calls
/// entry `k` as function `module functions + k` of the package being compiled.
#[rustfmt::skip]
pub(crate) const EXPORTS: [Export; 60] = [
    ("f32_add", &[F, F], F), ("f32_sub", &[F, F], F), ("f32_mul", &[F, F], F),
    ("f32_div", &[F, F], F), ("f32_min", &[F, F], F), ("f32_max", &[F, F], F),
    ("f32_sqrt", &[F], F), ("f32_ceil", &[F], F), ("f32_floor", &[F], F),
    ("f32_trunc", &[F], F), ("f32_nearest", &[F], F),
    ("f32_eq", &[F, F], I), ("f32_ne", &[F, F], I), ("f32_lt", &[F, F], I),
    ("f32_gt", &[F, F], I), ("f32_le", &[F, F], I), ("f32_ge", &[F, F], I),
    ("f64_add", &[D, D], D), ("f64_sub", &[D, D], D), ("f64_mul", &[D, D], D),
    ("f64_div", &[D, D], D), ("f64_min", &[D, D], D), ("f64_max", &[D, D], D),
    ("f64_sqrt", &[D], D), ("f64_ceil", &[D], D), ("f64_floor", &[D], D),
    ("f64_trunc", &[D], D), ("f64_nearest", &[D], D),
    ("f64_eq", &[D, D], I), ("f64_ne", &[D, D], I), ("f64_lt", &[D, D], I),
    ("f64_gt", &[D, D], I), ("f64_le", &[D, D], I), ("f64_ge", &[D, D], I),
    ("f32_demote_f64", &[D], F), ("f64_promote_f32", &[F], D),
    ("f32_convert_i32_s", &[I], F), ("f32_convert_i32_u", &[I], F),
    ("f32_convert_i64_s", &[L], F), ("f32_convert_i64_u", &[L], F),
    ("f64_convert_i32_s", &[I], D), ("f64_convert_i32_u", &[I], D),
    ("f64_convert_i64_s", &[L], D), ("f64_convert_i64_u", &[L], D),
    ("i32_trunc_sat_f32_s", &[F], I), ("i32_trunc_sat_f32_u", &[F], I),
    ("i64_trunc_sat_f32_s", &[F], L), ("i64_trunc_sat_f32_u", &[F], L),
    ("i32_trunc_sat_f64_s", &[D], I), ("i32_trunc_sat_f64_u", &[D], I),
    ("i64_trunc_sat_f64_s", &[D], L), ("i64_trunc_sat_f64_u", &[D], L),
    ("trunc_check_f32_i32_s", &[F], I), ("trunc_check_f32_i32_u", &[F], I),
    ("trunc_check_f32_i64_s", &[F], I), ("trunc_check_f32_i64_u", &[F], I),
    ("trunc_check_f64_i32_s", &[D], I), ("trunc_check_f64_i32_u", &[D], I),
    ("trunc_check_f64_i64_s", &[D], I), ("trunc_check_f64_i64_u", &[D], I),
];

/// FNV-1a over the bytes written: the export names are short and trusted, so
/// the default SipHash (DoS-resistant, several times the work) buys nothing here.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Position of export `name` in [`EXPORTS`] (the names are compile-time constants
/// of the translator; an unknown one is a compiler bug caught by the unit tests).
/// A hash lookup: float operators call it once per operator.
pub(crate) fn export_id(name: &str) -> Option<u32> {
    type Ids = HashMap<&'static str, u32, std::hash::BuildHasherDefault<Fnv>>;
    static IDS: OnceLock<Ids> = OnceLock::new();
    IDS.get_or_init(|| {
        EXPORTS
            .iter()
            .enumerate()
            .map(|(k, e)| (e.0, k as u32))
            .collect()
    })
    .get(name)
    .copied()
}

/// The signature a float operator calls export `k` with.
pub(crate) fn export_sig(k: u32) -> FuncSig {
    let (_, params, result) = EXPORTS[k as usize];
    FuncSig {
        params: params.to_vec(),
        results: vec![result],
    }
}

/// [`export_sig`] of every export, built once (no allocation per float operator).
pub(crate) fn export_sigs() -> &'static [FuncSig] {
    static SIGS: OnceLock<Vec<FuncSig>> = OnceLock::new();
    SIGS.get_or_init(|| (0..EXPORTS.len() as u32).map(export_sig).collect())
}

/// The integer type a float travels as across the library boundary.
fn bits_type(t: ValType) -> ValType {
    match t {
        ValType::F32 => ValType::I32,
        ValType::F64 => ValType::I64,
        t => t,
    }
}

/// The parsed library: what translating and calling its functions needs.
#[derive(Debug)]
pub(crate) struct SoftFloat {
    /// Signatures per type index, and their canonical ids.
    types: Vec<FuncSig>,
    type_ids: Vec<u32>,
    /// Type index per function.
    func_types: Vec<u32>,
    /// Byte range of each body in [`BLOB`].
    bodies: Vec<Range<usize>>,
    /// Direct callees of each function (the call graph, for reachability).
    callees: Vec<Vec<u32>>,
    /// Function index per entry of [`EXPORTS`].
    exports: Vec<u32>,
    /// A debug name per function.
    names: Vec<String>,
    /// The environment library bodies are translated in (stack limit and trap pc
    /// are the package's; see [`Self::env_for`]).
    env: Env,
    /// Each function translated once, on first use ([`crate::libcode`]); `None`
    /// when the translation cannot be cached.
    translated: Vec<OnceLock<Option<Cached>>>,
}

/// Why the embedded blob is unusable (a build error, reported as internal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("soft-float library: {0}")]
pub(crate) struct BlobError(pub String);

fn bad(what: impl Into<String>) -> BlobError {
    BlobError(what.into())
}

impl From<wasmparser::BinaryReaderError> for BlobError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        bad(format!("{} at offset {:#x}", e.message(), e.offset()))
    }
}

/// The library, parsed and checked on first use.
pub(crate) fn get() -> Result<&'static SoftFloat, BlobError> {
    static SOFT: OnceLock<Result<SoftFloat, BlobError>> = OnceLock::new();
    SOFT.get_or_init(|| parse(BLOB))
        .as_ref()
        .map_err(Clone::clone)
}

fn int_sig(ft: &wasmparser::FuncType) -> Result<FuncSig, BlobError> {
    let conv = |ts: &[wasmparser::ValType]| {
        ts.iter()
            .map(|t| match t {
                wasmparser::ValType::I32 => Ok(ValType::I32),
                wasmparser::ValType::I64 => Ok(ValType::I64),
                t => Err(bad(format!("{t} in a signature"))),
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(FuncSig {
        params: conv(ft.params())?,
        results: conv(ft.results())?,
    })
}

/// Parses and checks a library blob.
fn parse(blob: &'static [u8]) -> Result<SoftFloat, BlobError> {
    Validator::new_with_features(WasmFeatures::WASM2).validate_all(blob)?;
    let mut s = SoftFloat {
        types: vec![],
        type_ids: vec![],
        func_types: vec![],
        bodies: vec![],
        callees: vec![],
        exports: vec![],
        names: vec![],
        env: Env::default(),
        translated: vec![],
    };
    let mut canon: HashMap<FuncSig, u32> = HashMap::new();
    let mut by_name: HashMap<&str, u32> = HashMap::new();
    for payload in Parser::new(0).parse_all(blob) {
        match payload? {
            Payload::Version { .. } | Payload::End(_) | Payload::CustomSection(_) => {}
            Payload::TypeSection(r) => {
                for ft in r.into_iter_err_on_gc_types() {
                    let sig = int_sig(&ft?)?;
                    let n = canon.len() as u32;
                    s.type_ids.push(*canon.entry(sig.clone()).or_insert(n));
                    s.types.push(sig);
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    s.func_types.push(t?);
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e?;
                    if e.kind != ExternalKind::Func {
                        return Err(bad(format!("export {} is not a function", e.name)));
                    }
                    by_name.insert(e.name, e.index);
                }
            }
            Payload::CodeSectionStart { .. } => {}
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                s.callees.push(callees(&body)?);
                s.bodies.push(range.start as usize..range.end as usize);
            }
            other => {
                let what = match other {
                    Payload::ImportSection(_) => "imports",
                    Payload::MemorySection(_) => "a memory",
                    Payload::TableSection(_) => "a table",
                    Payload::GlobalSection(_) => "globals",
                    Payload::DataSection(_) | Payload::DataCountSection { .. } => "data",
                    Payload::ElementSection(_) => "element segments",
                    Payload::StartSection { .. } => "a start function",
                    _ => "an unexpected section",
                };
                return Err(bad(format!("the blob has {what}")));
            }
        }
    }
    for k in 0..EXPORTS.len() as u32 {
        let name = EXPORTS[k as usize].0;
        let i = *by_name
            .get(name)
            .ok_or_else(|| bad(format!("missing export {name}")))?;
        let want = export_sig(k);
        let want = FuncSig {
            params: want.params.into_iter().map(bits_type).collect(),
            results: want.results.into_iter().map(bits_type).collect(),
        };
        let t = s.func_types.get(i as usize).copied();
        if t.map(|t| &s.types[t as usize]) != Some(&want) {
            return Err(bad(format!(
                "export {name} does not have the signature {want:?}"
            )));
        }
        s.exports.push(i);
    }
    s.names = (0..s.bodies.len() as u32)
        .map(|i| match by_name.iter().find(|(_, f)| **f == i) {
            Some((n, _)) => format!("rivet-softfloat::{n}"),
            None => format!("rivet-softfloat::#{i}"),
        })
        .collect();
    s.env = s.env_for(0, crate::libcode::PROBE_TRAP_PC);
    s.translated = (0..s.bodies.len()).map(|_| OnceLock::new()).collect();
    Ok(s)
}

/// The direct callees of a body; any other way to leave it is refused.
fn callees(body: &FunctionBody<'_>) -> Result<Vec<u32>, BlobError> {
    let mut out = Vec::new();
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        match ops.read()? {
            Operator::Call { function_index } => out.push(function_index),
            Operator::CallIndirect { .. } | Operator::ReturnCall { .. } => {
                return Err(bad("indirect or tail calls"))
            }
            // That the embedded blob has no float instruction is checked by a unit
            // test (naming every operator here cost ~17 M host instructions on the
            // first float module of each process).
            _ => {}
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

impl SoftFloat {
    /// Number of functions in the library.
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// The environment the library's bodies are translated in, for a package with
    /// the given stack limit and trap `ecall` pc.
    fn env_for(&self, stack_limit: u32, trap_pc: u32) -> Env {
        Env {
            types: self.types.clone(),
            type_ids: self.type_ids.clone(),
            funcs: self
                .func_types
                .iter()
                .map(|t| FuncInfo {
                    sig: self.types[*t as usize].clone(),
                    type_id: self.type_ids[*t as usize],
                    import_call: None,
                })
                .collect(),
            stack_limit,
            trap_pc,
            ..Env::default()
        }
    }

    fn body(&self, f: u32) -> FunctionBody<'static> {
        let range = self.bodies[f as usize].clone();
        FunctionBody::new(BinaryReader::new(&BLOB[range.clone()], range.start as u64))
    }

    /// Function `f` translated at pc 0 for the cache (once per process).
    fn cached(&self, f: u32) -> Option<&Cached> {
        self.translated[f as usize]
            .get_or_init(|| {
                let mut asm = Asm::default();
                let done = translate_trusted(&self.env, &mut asm, f, &self.body(f)).ok()?;
                Cached::from_probe(asm.code, (done.entry / 4) as usize, done.calls).ok()
            })
            .as_ref()
    }

    /// Functions reachable from `roots` through direct calls, in index order.
    fn reachable(&self, roots: impl IntoIterator<Item = u32>) -> Vec<u32> {
        let mut seen = vec![false; self.len()];
        let mut todo: Vec<u32> = roots.into_iter().collect();
        while let Some(f) = todo.pop() {
            if std::mem::replace(&mut seen[f as usize], true) {
                continue;
            }
            todo.extend(self.callees[f as usize].iter().copied());
        }
        (0..self.len() as u32)
            .filter(|f| seen[*f as usize])
            .collect()
    }
}

/// Per-function debug record of a package: (index, start pc, end pc, why unsupported).
pub(crate) type DebugRecord = (u32, u32, u32, Option<String>);

/// What [`append`] works on: the package being assembled.
pub(crate) struct Link<'p> {
    /// Entry pc per function; calls to `pcs.len() + k` are calls to export `k`.
    pub pcs: &'p mut Vec<u32>,
    /// Direct calls to patch: (word index, callee).
    pub calls: &'p mut Vec<(usize, u32)>,
    pub debug: &'p mut Vec<DebugRecord>,
    /// Function names, in order of arrival (a later one for an index wins).
    pub names: &'p mut Vec<(u32, String)>,
}

/// If the module's code calls into the library, translates the library functions
/// reachable from those calls into `asm` (after the module's code) and extends
/// the package's tables. Callee ids: `n` module functions, then the
/// [`EXPORTS`] (`n + k`), then the library's own functions (`n + 60 + i`, which
/// also name them in the debug info). `main` supplies the stack limit and the
/// shared trap `ecall`.
pub(crate) fn append(main: &Env, asm: &mut Asm, link: Link<'_>) -> Result<(), crate::CompileError> {
    let n = link.pcs.len() as u32;
    let used: Vec<u32> = link
        .calls
        .iter()
        .filter(|c| c.1 >= n)
        .map(|c| c.1 - n)
        .collect();
    if used.is_empty() {
        return Ok(());
    }
    let internal = |what: String| crate::CompileError::Internal(what);
    let lib = get().map_err(|e| internal(e.to_string()))?;
    let base = n + EXPORTS.len() as u32;
    let roots: Vec<u32> = used.iter().map(|k| lib.exports[*k as usize]).collect();
    // Built only when a function has to be translated afresh (see `libcode`).
    let mut env: Option<Env> = None;
    link.pcs.resize((base as usize) + lib.len(), 0);
    for f in lib.reachable(roots) {
        let placed = lib
            .cached(f)
            .and_then(|c| Some((c, c.place(asm, main.stack_limit, main.trap_pc)?)));
        let (start, entry, end) = match placed {
            Some((c, at)) => {
                link.calls
                    .extend(c.calls.iter().map(|(i, callee)| (at + i, base + callee)));
                let pc = |i: usize| 4 * (at + i) as u32;
                (pc(0), pc(c.entry), pc(c.code.len()))
            }
            None => {
                let env = env.get_or_insert_with(|| lib.env_for(main.stack_limit, main.trap_pc));
                let done = translate_trusted(env, asm, f, &lib.body(f))
                    .map_err(|e| internal(format!("soft-float function {f}: {e:?}")))?;
                link.calls
                    .extend(done.calls.into_iter().map(|(at, c)| (at, base + c)));
                (done.start, done.entry, done.end)
            }
        };
        link.pcs[(base + f) as usize] = entry;
        link.debug.push((base + f, start, end, None));
        link.names.push((base + f, lib.names[f as usize].clone()));
    }
    for (k, f) in lib.exports.iter().enumerate() {
        link.pcs[n as usize + k] = link.pcs[(base + f) as usize];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blob_follows_the_interface() {
        let lib = get().expect("the embedded blob parses and has every export");
        assert_eq!(lib.exports.len(), EXPORTS.len());
        assert_eq!(lib.names.len(), lib.len());
    }

    #[test]
    fn reachability_follows_calls_only() {
        let lib = get().unwrap();
        let add = lib.exports[export_id("f32_add").unwrap() as usize];
        let r = lib.reachable([add]);
        assert!(r.contains(&add));
        assert!(
            r.len() < lib.len(),
            "f32_add does not need the whole library"
        );
        for f in &r {
            for c in &lib.callees[*f as usize] {
                assert!(r.contains(c));
            }
        }
    }

    /// Placing a cached function gives the words, entry and calls a fresh
    /// translation at the same place gives, and refuses where trap jumps are out
    /// of reach (so the fresh translation's `ecall` form is used).
    #[test]
    fn cached_functions_equal_fresh_translations() {
        let lib = get().unwrap();
        for (at, stack_limit, trap_pc) in [(3usize, 0x10_0000u32, 8u32), (40_000, 0x7fff_f000, 8)] {
            for f in 0..lib.len() as u32 {
                let mut fresh = Asm::default();
                fresh.code.resize(at, 0);
                let env = lib.env_for(stack_limit, trap_pc);
                let done = translate_trusted(&env, &mut fresh, f, &lib.body(f)).unwrap();
                let c = lib.cached(f).expect("every library function is cached");
                let mut placed = Asm::default();
                placed.code.resize(at, 0);
                assert_eq!(c.place(&mut placed, stack_limit, trap_pc), Some(at));
                assert_eq!(placed.code, fresh.code, "function {f}");
                assert_eq!(4 * (at + c.entry) as u32, done.entry);
                let calls: Vec<_> = c.calls.iter().map(|(i, g)| (at + i, *g)).collect();
                assert_eq!(calls, done.calls);
            }
        }
        // Beyond the reach of `jal` the cache refuses and the fresh translation
        // calls the trap `ecall` itself.
        let f = lib.exports[export_id("f64_div").unwrap() as usize];
        let c = lib.cached(f).unwrap();
        assert!(!c.trap_jumps.is_empty());
        let mut far = Asm::default();
        far.code.resize(1 << 19, 0);
        assert_eq!(c.place(&mut far, 0, 8), None);
    }

    /// The library is integer code: no float instruction in any body (it would
    /// call itself).
    #[test]
    fn the_blob_has_no_float_instruction() {
        for payload in Parser::new(0).parse_all(BLOB) {
            if let Payload::CodeSectionEntry(body) = payload.unwrap() {
                let mut ops = body.get_operators_reader().unwrap();
                while !ops.eof() {
                    let name = crate::names::op_name(&ops.read().unwrap());
                    assert!(
                        !(name.starts_with("f32")
                            || name.starts_with("f64")
                            || name.contains("_f")),
                        "float instruction {name}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_broken_blob_is_an_error() {
        let no_exports = wat::parse_str("(module (func))").unwrap();
        let leaked: &'static [u8] = Box::leak(no_exports.into_boxed_slice());
        assert!(parse(leaked)
            .unwrap_err()
            .0
            .contains("missing export f32_add"));
        let memory = wat::parse_str("(module (memory 1))").unwrap();
        let leaked: &'static [u8] = Box::leak(memory.into_boxed_slice());
        assert!(parse(leaked).unwrap_err().0.contains("a memory"));
    }
}
