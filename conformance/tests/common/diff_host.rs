//! The host both engines give differential modules: the same imports, implemented
//! twice (Rivet's [`Imports`] and a wasmi `Linker`), so generated modules can call out.
//!
//! wasm-smith picks imports only from [`available_imports`], a module whose import
//! section lists everything here. The functions are deterministic, and two are
//! stateful (`note` folds its argument into a per-instance state, `state` returns it),
//! so the order and arguments of host calls are observable in results. `fmix` and the
//! `gf32`/`gf64` globals carry floats across the boundary.

use rivet_format::package::ValType;
use rivet_runtime::instance::{CoreValue, ImportFailure, Imports};

/// The import module name.
pub const MODULE: &str = "host";
/// Value of the imported immutable `g32` global.
pub const G32: i32 = 0x1234_5678;
/// Value of the imported immutable `g64` global.
pub const G64: i64 = -0x0123_4567_89ab_cdef;
/// Value of the imported immutable `gf32` global.
pub const GF32: f32 = -1.25e-3;
/// Value of the imported immutable `gf64` global.
pub const GF64: f64 = 6.02214076e23;

/// WAT of the module wasm-smith draws imports from.
pub const AVAILABLE_IMPORTS_WAT: &str = r#"(module
  (import "host" "mix" (func (param i32 i32) (result i32)))
  (import "host" "mix64" (func (param i64) (result i64)))
  (import "host" "note" (func (param i32)))
  (import "host" "state" (func (result i32)))
  (import "host" "split" (func (param i64) (result i32 i32)))
  (import "host" "fmix" (func (param f32 f64) (result f64)))
  (import "host" "g32" (global i32))
  (import "host" "g64" (global i64))
  (import "host" "gf32" (global f32))
  (import "host" "gf64" (global f64)))"#;

/// The binary of [`AVAILABLE_IMPORTS_WAT`].
pub fn available_imports() -> Vec<u8> {
    let buf = wast::parser::ParseBuffer::new(AVAILABLE_IMPORTS_WAT).expect("lex imports");
    let mut wat: wast::Wat<'_> = wast::parser::parse(&buf).expect("parse imports");
    wat.encode().expect("encode imports")
}

fn mix(a: i32, b: i32) -> i32 {
    a.rotate_left(5) ^ b.wrapping_mul(0x9e37_79b9_u32 as i32)
}

fn mix64(x: i64) -> i64 {
    x.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ (x >> 17)
}

fn note(state: u32, v: i32) -> u32 {
    state.wrapping_mul(31).wrapping_add(v as u32)
}

fn split(x: i64) -> (i32, i32) {
    (x as i32, (x >> 32) as i32)
}

/// Host float arithmetic: the same Rust code on both sides, so the same bits (NaN
/// payloads included) reach both engines.
fn fmix(a: f32, b: f64) -> f64 {
    f64::from(a) * 0.75 + b
}

/// Rivet's side of the host: `state` is the per-instance fold of `note` arguments.
#[derive(Debug, Default)]
pub struct RivetHost {
    state: u32,
}

impl Imports for RivetHost {
    fn global(&mut self, module: &str, name: &str) -> Option<CoreValue> {
        match (module, name) {
            (MODULE, "g32") => Some(CoreValue::I32(G32)),
            (MODULE, "g64") => Some(CoreValue::I64(G64)),
            (MODULE, "gf32") => Some(CoreValue::F32(GF32.to_bits())),
            (MODULE, "gf64") => Some(CoreValue::F64(GF64.to_bits())),
            _ => None,
        }
    }

    fn call(
        &mut self,
        module: &str,
        name: &str,
        args: &[CoreValue],
        _memory: &mut [u8],
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        use CoreValue::{F32, F64, I32, I64};
        Ok(match (module, name, args) {
            (MODULE, "mix", [I32(a), I32(b)]) => vec![I32(mix(*a, *b))],
            (MODULE, "mix64", [I64(x)]) => vec![I64(mix64(*x))],
            (MODULE, "note", [I32(v)]) => {
                self.state = note(self.state, *v);
                vec![]
            }
            (MODULE, "state", []) => vec![I32(self.state as i32)],
            (MODULE, "split", [I64(x)]) => {
                let (lo, hi) = split(*x);
                vec![I32(lo), I32(hi)]
            }
            (MODULE, "fmix", [F32(a), F64(b)]) => {
                vec![F64(fmix(f32::from_bits(*a), f64::from_bits(*b)).to_bits())]
            }
            _ => return Err(format!("no host function {module}.{name} for {args:?}").into()),
        })
    }

    fn has_func(
        &mut self,
        module: &str,
        name: &str,
        params: &[ValType],
        results: &[ValType],
    ) -> bool {
        use ValType::{F32, F64, I32, I64};
        let want: (&[ValType], &[ValType]) = match name {
            "mix" => (&[I32, I32], &[I32]),
            "mix64" => (&[I64], &[I64]),
            "note" => (&[I32], &[]),
            "state" => (&[], &[I32]),
            "split" => (&[I64], &[I32, I32]),
            "fmix" => (&[F32, F64], &[F64]),
            _ => return false,
        };
        module == MODULE && want == (params, results)
    }
}

/// Elements one table may have: Rivet's default `max_table_elements`, which caps a
/// table's capacity (`table.grow` past it returns -1, as Wasm allows). wasmi gets the
/// same limit, so a huge `table.grow` fails on both sides instead of succeeding in
/// one engine only (a resource limit, not a semantic difference).
pub const MAX_TABLE_ELEMENTS: usize = 1 << 16;

/// The wasmi store data: the same state as [`RivetHost`], and the store limits.
#[derive(Debug)]
pub struct WasmiHost {
    state: u32,
    /// Resource limits matching Rivet's (see [`MAX_TABLE_ELEMENTS`]).
    pub limits: wasmi::StoreLimits,
}

impl Default for WasmiHost {
    fn default() -> Self {
        WasmiHost {
            state: 0,
            limits: wasmi::StoreLimitsBuilder::new()
                .table_elements(MAX_TABLE_ELEMENTS)
                .build(),
        }
    }
}

/// A wasmi linker providing every import of [`AVAILABLE_IMPORTS_WAT`].
pub fn wasmi_linker(
    engine: &wasmi::Engine,
    store: &mut wasmi::Store<WasmiHost>,
) -> Result<wasmi::Linker<WasmiHost>, wasmi::Error> {
    use wasmi::{Caller, Global, Mutability, Val};
    let mut linker = wasmi::Linker::<WasmiHost>::new(engine);
    linker.func_wrap(MODULE, "mix", mix)?;
    linker.func_wrap(MODULE, "mix64", mix64)?;
    linker.func_wrap(MODULE, "note", |mut c: Caller<'_, WasmiHost>, v: i32| {
        let s = c.data().state;
        c.data_mut().state = note(s, v);
    })?;
    linker.func_wrap(MODULE, "state", |c: Caller<'_, WasmiHost>| {
        c.data().state as i32
    })?;
    linker.func_wrap(MODULE, "split", split)?;
    linker.func_wrap(MODULE, "fmix", fmix)?;
    let g32 = Global::new(&mut *store, Val::I32(G32), Mutability::Const);
    let g64 = Global::new(&mut *store, Val::I64(G64), Mutability::Const);
    linker.define(MODULE, "g32", g32)?;
    linker.define(MODULE, "g64", g64)?;
    let gf32 = Global::new(&mut *store, Val::F32(GF32.into()), Mutability::Const);
    let gf64 = Global::new(&mut *store, Val::F64(GF64.into()), Mutability::Const);
    linker.define(MODULE, "gf32", gf32)?;
    linker.define(MODULE, "gf64", gf64)?;
    Ok(linker)
}
