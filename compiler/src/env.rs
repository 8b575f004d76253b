//! The module environment every function translation reads: signatures, canonical
//! type ids, functions, globals, tables and the layout addresses fixed before the
//! first body. `module` fills it in from the sections and `func` reads it, so it
//! lives here, below both (no module <-> func cycle). Also the conversions from
//! wasmparser's types and constant expressions that both need.

use crate::error::CompileError;
use rivet_format::package::{ConstInit, FuncSig, Global, Table, ValType};
use wasmparser::{ConstExpr, Operator, RefType};

/// What a function needs to know about the others.
#[derive(Debug, Clone)]
pub(crate) struct FuncInfo {
    pub sig: FuncSig,
    pub type_id: u32,
    /// For imports: the ecall number.
    pub import_call: Option<u32>,
}

/// The module environment shared by all function translations.
#[derive(Debug, Default)]
pub(crate) struct Env {
    /// Signature per type index.
    pub types: Vec<FuncSig>,
    /// Canonical type id per type index.
    pub type_ids: Vec<u32>,
    pub funcs: Vec<FuncInfo>,
    pub globals: Vec<Global>,
    pub globals_base: u32,
    /// Address of function descriptor 0.
    pub funcs_base: u32,
    /// Every table with its place in data memory (fixed with the layout).
    pub tables: Vec<Table>,
    pub stack_limit: u32,
    pub max_linear_bytes: u64,
    /// Linear memory size at instantiation: memory never shrinks, so `gp` is
    /// always at least this.
    pub min_linear_bytes: u64,
    /// pc of the shared `ecall TRAP`.
    pub trap_pc: u32,
}

/// Converts a wasmparser value type (None for v128 and references).
pub(crate) fn convert_type(t: wasmparser::ValType) -> Option<ValType> {
    match t {
        wasmparser::ValType::I32 => Some(ValType::I32),
        wasmparser::ValType::I64 => Some(ValType::I64),
        wasmparser::ValType::F32 => Some(ValType::F32),
        wasmparser::ValType::F64 => Some(ValType::F64),
        wasmparser::ValType::Ref(r) if r == RefType::FUNCREF => Some(ValType::FuncRef),
        wasmparser::ValType::Ref(r) if r == RefType::EXTERNREF => Some(ValType::ExternRef),
        _ => None,
    }
}

/// An unsupported module-level feature at `offset`.
pub(crate) fn module_err(offset: u64, what: impl Into<String>) -> CompileError {
    CompileError::UnsupportedModule {
        offset,
        what: what.into(),
    }
}

/// A function type as a signature (unsupported value types refused).
pub(crate) fn sig_of(ft: &wasmparser::FuncType, offset: u64) -> Result<FuncSig, CompileError> {
    let conv = |ts: &[wasmparser::ValType]| {
        ts.iter()
            .map(|t| {
                convert_type(*t)
                    .ok_or_else(|| module_err(offset, format!("{t} values are not supported")))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(FuncSig {
        params: conv(ft.params())?,
        results: conv(ft.results())?,
    })
}

/// Evaluates a constant expression to an initializer (references as their word).
pub(crate) fn const_init(expr: &ConstExpr<'_>, offset: u64) -> Result<ConstInit, CompileError> {
    let mut r = expr.get_operators_reader();
    let mut out = None;
    while !r.eof() {
        match r.read()? {
            Operator::I32Const { value } => out = Some(ConstInit::Const(value as u32 as u64)),
            Operator::I64Const { value } => out = Some(ConstInit::Const(value as u64)),
            Operator::F32Const { value } => out = Some(ConstInit::Const(value.bits() as u64)),
            Operator::F64Const { value } => out = Some(ConstInit::Const(value.bits())),
            Operator::GlobalGet { global_index } => out = Some(ConstInit::Global(global_index)),
            Operator::RefNull { .. } => out = Some(ConstInit::Const(0)),
            Operator::RefFunc { function_index } => {
                out = Some(ConstInit::Const(function_index as u64 + 1))
            }
            Operator::End => {}
            other => {
                return Err(module_err(
                    offset,
                    format!("constant expression with {}", crate::names::op_name(&other)),
                ))
            }
        }
    }
    out.ok_or_else(|| module_err(offset, "empty constant expression"))
}
