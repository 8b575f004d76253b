//! The translator is wasmparser's operator visitor: one decode per operator feeds
//! validation and translation in the same `visit_*` call.
//!
//! wasmparser decodes each operator straight into a call of the matching `visit_*`
//! method of [`Translator`]. That method forwards the call to the function's
//! validator first (so the translator only ever sees operators that are valid where
//! they stand), then translates the operator with the arm `translate!` picks for it
//! at compile time: no [`Operator`] value is built and matched for a supported
//! operator. The remaining operators (soft-float library calls, unsupported ones)
//! go through [`FuncCtx::other`], which builds the [`Operator`] once to name it.
//! After the translator has finished or failed (an unsupported operator), the rest
//! of the body is still validated, so an invalid module is reported as invalid
//! whatever it contains. Without a validator (a retranslation of an already
//! validated body) only the translator runs.

use super::control::Callee;
use super::float::Sign;
use super::memory::Load;
use super::ops::{Bin, Un};
use super::translate::{block_types, check_sig, num_type};
use super::{FrameKind, FuncCtx, Loc};
use crate::error::FuncFailure;
use crate::names::{op_name, unsupported};
use rivet_format::abi::{Helper, TrapCode};
use rivet_format::package::ValType;
use rivet_format::rv32::LoadOp as L;
use wasmparser::{
    for_each_visit_operator, for_each_visit_simd_operator, BinaryReaderError, BlockType, BrTable,
    FuncValidator, Operator, ValidatorResources, VisitOperator, VisitSimdOperator,
};

/// The per-function validator the module validator hands out.
pub(crate) type Validator = FuncValidator<ValidatorResources>;

/// Validates and translates one function body, one operator visit at a time.
pub(crate) struct Translator<'c, 'e, 'v> {
    pub cx: &'c mut FuncCtx<'e>,
    pub validator: Option<&'v mut Validator>,
    /// Byte offset of the operator being visited.
    pub offset: u64,
    /// The translator reached the function's final `end`.
    pub done: bool,
    /// Why translation stopped early (validation continues).
    pub failed: Option<FuncFailure>,
}

impl Translator<'_, '_, '_> {
    /// Whether translation still runs (not finished, not failed).
    #[inline(always)]
    fn active(&self) -> bool {
        !self.done && self.failed.is_none()
    }

    /// Takes in the result of translating one operator.
    #[inline(always)]
    fn record(&mut self, r: Result<bool, FuncFailure>) {
        match r {
            Ok(done) => self.done = done,
            Err(e) => self.failed = Some(e),
        }
    }
}

/// Translates one operator inside a `visit_*` method: `$t` is the translator and the
/// rest is the operator as wasmparser's `for_each_*` macros spell it. Structure is
/// tracked even in unreachable code; every other arm runs only while reachable.
/// Evaluates to `Result<bool, FuncFailure>` (true at the function's final `end`).
macro_rules! translate {
    ($t:ident, Block { $bt:ident }) => { $t.cx.block_op(FrameKind::Block, $bt, $t.offset) };
    ($t:ident, Loop { $bt:ident }) => { $t.cx.block_op(FrameKind::Loop, $bt, $t.offset) };
    ($t:ident, If { $bt:ident }) => { $t.cx.block_op(FrameKind::If, $bt, $t.offset) };
    ($t:ident, Else) => {{ $t.cx.else_(); Ok(false) }};
    ($t:ident, End) => { Ok($t.cx.end()) };
    ($t:ident, Nop) => { Ok(false) };
    ($t:ident, Unreachable) => { live!($t, $t.cx.unreachable()) };
    ($t:ident, Br { $d:ident }) => { live!($t, $t.cx.br($d)) };
    ($t:ident, BrIf { $d:ident }) => { live!($t, $t.cx.br_if($d)) };
    ($t:ident, BrTable { $targets:ident }) => { $t.cx.br_table_op(&$targets) };
    ($t:ident, Return) => { live!($t, $t.cx.return_op()) };
    ($t:ident, Call { $f:ident }) => { $t.cx.call_op($f, $t.offset) };
    ($t:ident, CallIndirect { $ty:ident, $table:ident }) => {
        $t.cx.call_indirect_op($ty, $table, $t.offset)
    };
    ($t:ident, Drop) => { live!($t, $t.cx.drop_op()) };
    ($t:ident, Select) => { live!($t, $t.cx.select()) };
    ($t:ident, TypedSelect { $ty:ident }) => { $t.cx.typed_select($ty, $t.offset) };
    ($t:ident, LocalGet { $i:ident }) => { live!($t, $t.cx.local_get($i)) };
    ($t:ident, LocalSet { $i:ident }) => { live!($t, $t.cx.local_set($i, false)) };
    ($t:ident, LocalTee { $i:ident }) => { live!($t, $t.cx.local_set($i, true)) };
    ($t:ident, GlobalGet { $g:ident }) => { $t.cx.global_op($g, false, $t.offset) };
    ($t:ident, GlobalSet { $g:ident }) => { $t.cx.global_op($g, true, $t.offset) };
    ($t:ident, I32Load { $m:ident }) => { load!($t, Load::I32(L::Lw), $m) };
    ($t:ident, I32Load8S { $m:ident }) => { load!($t, Load::I32(L::Lb), $m) };
    ($t:ident, I32Load8U { $m:ident }) => { load!($t, Load::I32(L::Lbu), $m) };
    ($t:ident, I32Load16S { $m:ident }) => { load!($t, Load::I32(L::Lh), $m) };
    ($t:ident, I32Load16U { $m:ident }) => { load!($t, Load::I32(L::Lhu), $m) };
    ($t:ident, I64Load { $m:ident }) => { load!($t, Load::I64, $m) };
    ($t:ident, I64Load8S { $m:ident }) => { load!($t, Load::I64Narrow(L::Lb, true), $m) };
    ($t:ident, I64Load8U { $m:ident }) => { load!($t, Load::I64Narrow(L::Lbu, false), $m) };
    ($t:ident, I64Load16S { $m:ident }) => { load!($t, Load::I64Narrow(L::Lh, true), $m) };
    ($t:ident, I64Load16U { $m:ident }) => { load!($t, Load::I64Narrow(L::Lhu, false), $m) };
    ($t:ident, I64Load32S { $m:ident }) => { load!($t, Load::I64Narrow(L::Lw, true), $m) };
    ($t:ident, I64Load32U { $m:ident }) => { load!($t, Load::I64Narrow(L::Lw, false), $m) };
    ($t:ident, I32Store { $m:ident }) => { live!($t, $t.cx.store(4, $m.offset)) };
    ($t:ident, I64Store32 { $m:ident }) => { live!($t, $t.cx.store(4, $m.offset)) };
    ($t:ident, I32Store8 { $m:ident }) => { live!($t, $t.cx.store(1, $m.offset)) };
    ($t:ident, I64Store8 { $m:ident }) => { live!($t, $t.cx.store(1, $m.offset)) };
    ($t:ident, I32Store16 { $m:ident }) => { live!($t, $t.cx.store(2, $m.offset)) };
    ($t:ident, I64Store16 { $m:ident }) => { live!($t, $t.cx.store(2, $m.offset)) };
    ($t:ident, I64Store { $m:ident }) => { live!($t, $t.cx.store(8, $m.offset)) };
    ($t:ident, MemorySize { $_m:ident }) => { live!($t, $t.cx.memory_size()) };
    ($t:ident, MemoryGrow { $_m:ident }) => { live!($t, $t.cx.memory_grow()) };
    ($t:ident, MemoryCopy { $_d:ident, $_s:ident }) => {
        live!($t, $t.cx.memory_bulk(Helper::MemoryCopy))
    };
    ($t:ident, MemoryFill { $_m:ident }) => { live!($t, $t.cx.memory_bulk(Helper::MemoryFill)) };
    ($t:ident, MemoryInit { $d:ident, $_m:ident }) => { live!($t, $t.cx.memory_init($d)) };
    ($t:ident, DataDrop { $d:ident }) => { live!($t, $t.cx.data_drop($d)) };
    ($t:ident, TableGet { $x:ident }) => { live!($t, $t.cx.table_get($x)) };
    ($t:ident, TableSet { $x:ident }) => { live!($t, $t.cx.table_set($x)) };
    ($t:ident, TableSize { $x:ident }) => { live!($t, $t.cx.table_size($x)) };
    ($t:ident, TableGrow { $x:ident }) => { live!($t, $t.cx.table_grow($x)) };
    ($t:ident, TableFill { $x:ident }) => { live!($t, $t.cx.table_fill($x)) };
    ($t:ident, TableCopy { $d:ident, $s:ident }) => { live!($t, $t.cx.table_copy($d, $s)) };
    ($t:ident, TableInit { $e:ident, $x:ident }) => { live!($t, $t.cx.table_init($e, $x)) };
    ($t:ident, ElemDrop { $e:ident }) => { live!($t, $t.cx.elem_drop($e)) };
    ($t:ident, RefNull { $h:ident }) => { $t.cx.ref_null_op($h, $t.offset) };
    ($t:ident, RefFunc { $f:ident }) => { live!($t, $t.cx.ref_func($f)) };
    ($t:ident, RefIsNull) => { live!($t, $t.cx.ref_is_null()) };
    ($t:ident, I32Const { $v:ident }) => {
        live!($t, $t.cx.vals.push(ValType::I32, Loc::Const($v as i64)))
    };
    ($t:ident, I64Const { $v:ident }) => { live!($t, $t.cx.vals.push(ValType::I64, Loc::Const($v))) };
    ($t:ident, I32Eqz) => { live!($t, $t.cx.i32_un(Un::Eqz)) };
    ($t:ident, I32Clz) => { live!($t, $t.cx.i32_un(Un::Clz)) };
    ($t:ident, I32Ctz) => { live!($t, $t.cx.i32_un(Un::Ctz)) };
    ($t:ident, I32Popcnt) => { live!($t, $t.cx.i32_un(Un::Popcnt)) };
    ($t:ident, I32Extend8S) => { live!($t, $t.cx.i32_un(Un::Extend8)) };
    ($t:ident, I32Extend16S) => { live!($t, $t.cx.i32_un(Un::Extend16)) };
    ($t:ident, I64Eqz) => { live!($t, $t.cx.i64_un(Un::Eqz)) };
    ($t:ident, I64Clz) => { live!($t, $t.cx.i64_un(Un::Clz)) };
    ($t:ident, I64Ctz) => { live!($t, $t.cx.i64_un(Un::Ctz)) };
    ($t:ident, I64Popcnt) => { live!($t, $t.cx.i64_un(Un::Popcnt)) };
    ($t:ident, I64Extend8S) => { live!($t, $t.cx.i64_un(Un::Extend8)) };
    ($t:ident, I64Extend16S) => { live!($t, $t.cx.i64_un(Un::Extend16)) };
    ($t:ident, I64Extend32S) => { live!($t, $t.cx.i64_un(Un::Extend32)) };
    ($t:ident, I32WrapI64) => { live!($t, $t.cx.wrap()) };
    ($t:ident, I64ExtendI32S) => { live!($t, $t.cx.extend(true)) };
    ($t:ident, I64ExtendI32U) => { live!($t, $t.cx.extend(false)) };
    ($t:ident, I32Add) => { live!($t, $t.cx.i32_bin(Bin::Add)) };
    ($t:ident, I32Sub) => { live!($t, $t.cx.i32_bin(Bin::Sub)) };
    ($t:ident, I32Mul) => { live!($t, $t.cx.i32_bin(Bin::Mul)) };
    ($t:ident, I32DivS) => { live!($t, $t.cx.i32_bin(Bin::DivS)) };
    ($t:ident, I32DivU) => { live!($t, $t.cx.i32_bin(Bin::DivU)) };
    ($t:ident, I32RemS) => { live!($t, $t.cx.i32_bin(Bin::RemS)) };
    ($t:ident, I32RemU) => { live!($t, $t.cx.i32_bin(Bin::RemU)) };
    ($t:ident, I32And) => { live!($t, $t.cx.i32_bin(Bin::And)) };
    ($t:ident, I32Or) => { live!($t, $t.cx.i32_bin(Bin::Or)) };
    ($t:ident, I32Xor) => { live!($t, $t.cx.i32_bin(Bin::Xor)) };
    ($t:ident, I32Shl) => { live!($t, $t.cx.i32_bin(Bin::Shl)) };
    ($t:ident, I32ShrS) => { live!($t, $t.cx.i32_bin(Bin::ShrS)) };
    ($t:ident, I32ShrU) => { live!($t, $t.cx.i32_bin(Bin::ShrU)) };
    ($t:ident, I32Rotl) => { live!($t, $t.cx.i32_bin(Bin::Rotl)) };
    ($t:ident, I32Rotr) => { live!($t, $t.cx.i32_bin(Bin::Rotr)) };
    ($t:ident, I32Eq) => { live!($t, $t.cx.i32_bin(Bin::Eq)) };
    ($t:ident, I32Ne) => { live!($t, $t.cx.i32_bin(Bin::Ne)) };
    ($t:ident, I32LtS) => { live!($t, $t.cx.i32_bin(Bin::LtS)) };
    ($t:ident, I32LtU) => { live!($t, $t.cx.i32_bin(Bin::LtU)) };
    ($t:ident, I32GtS) => { live!($t, $t.cx.i32_bin(Bin::GtS)) };
    ($t:ident, I32GtU) => { live!($t, $t.cx.i32_bin(Bin::GtU)) };
    ($t:ident, I32LeS) => { live!($t, $t.cx.i32_bin(Bin::LeS)) };
    ($t:ident, I32LeU) => { live!($t, $t.cx.i32_bin(Bin::LeU)) };
    ($t:ident, I32GeS) => { live!($t, $t.cx.i32_bin(Bin::GeS)) };
    ($t:ident, I32GeU) => { live!($t, $t.cx.i32_bin(Bin::GeU)) };
    ($t:ident, I64Add) => { live!($t, $t.cx.i64_bin(Bin::Add)) };
    ($t:ident, I64Sub) => { live!($t, $t.cx.i64_bin(Bin::Sub)) };
    ($t:ident, I64Mul) => { live!($t, $t.cx.i64_bin(Bin::Mul)) };
    ($t:ident, I64DivS) => { live!($t, $t.cx.i64_bin(Bin::DivS)) };
    ($t:ident, I64DivU) => { live!($t, $t.cx.i64_bin(Bin::DivU)) };
    ($t:ident, I64RemS) => { live!($t, $t.cx.i64_bin(Bin::RemS)) };
    ($t:ident, I64RemU) => { live!($t, $t.cx.i64_bin(Bin::RemU)) };
    ($t:ident, I64And) => { live!($t, $t.cx.i64_bin(Bin::And)) };
    ($t:ident, I64Or) => { live!($t, $t.cx.i64_bin(Bin::Or)) };
    ($t:ident, I64Xor) => { live!($t, $t.cx.i64_bin(Bin::Xor)) };
    ($t:ident, I64Shl) => { live!($t, $t.cx.i64_bin(Bin::Shl)) };
    ($t:ident, I64ShrS) => { live!($t, $t.cx.i64_bin(Bin::ShrS)) };
    ($t:ident, I64ShrU) => { live!($t, $t.cx.i64_bin(Bin::ShrU)) };
    ($t:ident, I64Rotl) => { live!($t, $t.cx.i64_bin(Bin::Rotl)) };
    ($t:ident, I64Rotr) => { live!($t, $t.cx.i64_bin(Bin::Rotr)) };
    ($t:ident, I64Eq) => { live!($t, $t.cx.i64_bin(Bin::Eq)) };
    ($t:ident, I64Ne) => { live!($t, $t.cx.i64_bin(Bin::Ne)) };
    ($t:ident, I64LtS) => { live!($t, $t.cx.i64_bin(Bin::LtS)) };
    ($t:ident, I64LtU) => { live!($t, $t.cx.i64_bin(Bin::LtU)) };
    ($t:ident, I64GtS) => { live!($t, $t.cx.i64_bin(Bin::GtS)) };
    ($t:ident, I64GtU) => { live!($t, $t.cx.i64_bin(Bin::GtU)) };
    ($t:ident, I64LeS) => { live!($t, $t.cx.i64_bin(Bin::LeS)) };
    ($t:ident, I64LeU) => { live!($t, $t.cx.i64_bin(Bin::LeU)) };
    ($t:ident, I64GeS) => { live!($t, $t.cx.i64_bin(Bin::GeS)) };
    ($t:ident, I64GeU) => { live!($t, $t.cx.i64_bin(Bin::GeU)) };
    ($t:ident, F32Const { $v:ident }) => {
        live!($t, $t.cx.vals.push(ValType::F32, Loc::Const($v.bits() as i32 as i64)))
    };
    ($t:ident, F64Const { $v:ident }) => {
        live!($t, $t.cx.vals.push(ValType::F64, Loc::Const($v.bits() as i64)))
    };
    ($t:ident, F32Load { $m:ident }) => {
        live!($t, $t.cx.float_load(Load::I32(L::Lw), ValType::F32, $m.offset))
    };
    ($t:ident, F64Load { $m:ident }) => {
        live!($t, $t.cx.float_load(Load::I64, ValType::F64, $m.offset))
    };
    ($t:ident, F32Store { $m:ident }) => { live!($t, $t.cx.store(4, $m.offset)) };
    ($t:ident, F64Store { $m:ident }) => { live!($t, $t.cx.store(8, $m.offset)) };
    ($t:ident, I32ReinterpretF32) => { live!($t, $t.cx.retype(ValType::I32)) };
    ($t:ident, I64ReinterpretF64) => { live!($t, $t.cx.retype(ValType::I64)) };
    ($t:ident, F32ReinterpretI32) => { live!($t, $t.cx.retype(ValType::F32)) };
    ($t:ident, F64ReinterpretI64) => { live!($t, $t.cx.retype(ValType::F64)) };
    ($t:ident, F32Abs) => { live!($t, $t.cx.sign32(Sign::Abs)) };
    ($t:ident, F32Neg) => { live!($t, $t.cx.sign32(Sign::Neg)) };
    ($t:ident, F32Copysign) => { live!($t, $t.cx.sign32(Sign::Copysign)) };
    ($t:ident, F64Abs) => { live!($t, $t.cx.sign64(Sign::Abs)) };
    ($t:ident, F64Neg) => { live!($t, $t.cx.sign64(Sign::Neg)) };
    ($t:ident, F64Copysign) => { live!($t, $t.cx.sign64(Sign::Copysign)) };
    // Soft-float library calls (`true`: a trapping conversion, checked first).
    ($t:ident, F32Add) => { $t.cx.float_lib("f32_add", false, $t.offset) };
    ($t:ident, F32Sub) => { $t.cx.float_lib("f32_sub", false, $t.offset) };
    ($t:ident, F32Mul) => { $t.cx.float_lib("f32_mul", false, $t.offset) };
    ($t:ident, F32Div) => { $t.cx.float_lib("f32_div", false, $t.offset) };
    ($t:ident, F32Min) => { $t.cx.float_lib("f32_min", false, $t.offset) };
    ($t:ident, F32Max) => { $t.cx.float_lib("f32_max", false, $t.offset) };
    ($t:ident, F32Sqrt) => { $t.cx.float_lib("f32_sqrt", false, $t.offset) };
    ($t:ident, F32Ceil) => { $t.cx.float_lib("f32_ceil", false, $t.offset) };
    ($t:ident, F32Floor) => { $t.cx.float_lib("f32_floor", false, $t.offset) };
    ($t:ident, F32Trunc) => { $t.cx.float_lib("f32_trunc", false, $t.offset) };
    ($t:ident, F32Nearest) => { $t.cx.float_lib("f32_nearest", false, $t.offset) };
    ($t:ident, F32Eq) => { $t.cx.float_lib("f32_eq", false, $t.offset) };
    ($t:ident, F32Ne) => { $t.cx.float_lib("f32_ne", false, $t.offset) };
    ($t:ident, F32Lt) => { $t.cx.float_lib("f32_lt", false, $t.offset) };
    ($t:ident, F32Gt) => { $t.cx.float_lib("f32_gt", false, $t.offset) };
    ($t:ident, F32Le) => { $t.cx.float_lib("f32_le", false, $t.offset) };
    ($t:ident, F32Ge) => { $t.cx.float_lib("f32_ge", false, $t.offset) };
    ($t:ident, F64Add) => { $t.cx.float_lib("f64_add", false, $t.offset) };
    ($t:ident, F64Sub) => { $t.cx.float_lib("f64_sub", false, $t.offset) };
    ($t:ident, F64Mul) => { $t.cx.float_lib("f64_mul", false, $t.offset) };
    ($t:ident, F64Div) => { $t.cx.float_lib("f64_div", false, $t.offset) };
    ($t:ident, F64Min) => { $t.cx.float_lib("f64_min", false, $t.offset) };
    ($t:ident, F64Max) => { $t.cx.float_lib("f64_max", false, $t.offset) };
    ($t:ident, F64Sqrt) => { $t.cx.float_lib("f64_sqrt", false, $t.offset) };
    ($t:ident, F64Ceil) => { $t.cx.float_lib("f64_ceil", false, $t.offset) };
    ($t:ident, F64Floor) => { $t.cx.float_lib("f64_floor", false, $t.offset) };
    ($t:ident, F64Trunc) => { $t.cx.float_lib("f64_trunc", false, $t.offset) };
    ($t:ident, F64Nearest) => { $t.cx.float_lib("f64_nearest", false, $t.offset) };
    ($t:ident, F64Eq) => { $t.cx.float_lib("f64_eq", false, $t.offset) };
    ($t:ident, F64Ne) => { $t.cx.float_lib("f64_ne", false, $t.offset) };
    ($t:ident, F64Lt) => { $t.cx.float_lib("f64_lt", false, $t.offset) };
    ($t:ident, F64Gt) => { $t.cx.float_lib("f64_gt", false, $t.offset) };
    ($t:ident, F64Le) => { $t.cx.float_lib("f64_le", false, $t.offset) };
    ($t:ident, F64Ge) => { $t.cx.float_lib("f64_ge", false, $t.offset) };
    ($t:ident, F32DemoteF64) => { $t.cx.float_lib("f32_demote_f64", false, $t.offset) };
    ($t:ident, F64PromoteF32) => { $t.cx.float_lib("f64_promote_f32", false, $t.offset) };
    ($t:ident, F32ConvertI32S) => { $t.cx.float_lib("f32_convert_i32_s", false, $t.offset) };
    ($t:ident, F32ConvertI32U) => { $t.cx.float_lib("f32_convert_i32_u", false, $t.offset) };
    ($t:ident, F32ConvertI64S) => { $t.cx.float_lib("f32_convert_i64_s", false, $t.offset) };
    ($t:ident, F32ConvertI64U) => { $t.cx.float_lib("f32_convert_i64_u", false, $t.offset) };
    ($t:ident, F64ConvertI32S) => { $t.cx.float_lib("f64_convert_i32_s", false, $t.offset) };
    ($t:ident, F64ConvertI32U) => { $t.cx.float_lib("f64_convert_i32_u", false, $t.offset) };
    ($t:ident, F64ConvertI64S) => { $t.cx.float_lib("f64_convert_i64_s", false, $t.offset) };
    ($t:ident, F64ConvertI64U) => { $t.cx.float_lib("f64_convert_i64_u", false, $t.offset) };
    ($t:ident, I32TruncSatF32S) => { $t.cx.float_lib("i32_trunc_sat_f32_s", false, $t.offset) };
    ($t:ident, I32TruncSatF32U) => { $t.cx.float_lib("i32_trunc_sat_f32_u", false, $t.offset) };
    ($t:ident, I64TruncSatF32S) => { $t.cx.float_lib("i64_trunc_sat_f32_s", false, $t.offset) };
    ($t:ident, I64TruncSatF32U) => { $t.cx.float_lib("i64_trunc_sat_f32_u", false, $t.offset) };
    ($t:ident, I32TruncSatF64S) => { $t.cx.float_lib("i32_trunc_sat_f64_s", false, $t.offset) };
    ($t:ident, I32TruncSatF64U) => { $t.cx.float_lib("i32_trunc_sat_f64_u", false, $t.offset) };
    ($t:ident, I64TruncSatF64S) => { $t.cx.float_lib("i64_trunc_sat_f64_s", false, $t.offset) };
    ($t:ident, I64TruncSatF64U) => { $t.cx.float_lib("i64_trunc_sat_f64_u", false, $t.offset) };
    ($t:ident, I32TruncF32S) => { $t.cx.float_lib("i32_trunc_sat_f32_s", true, $t.offset) };
    ($t:ident, I32TruncF32U) => { $t.cx.float_lib("i32_trunc_sat_f32_u", true, $t.offset) };
    ($t:ident, I64TruncF32S) => { $t.cx.float_lib("i64_trunc_sat_f32_s", true, $t.offset) };
    ($t:ident, I64TruncF32U) => { $t.cx.float_lib("i64_trunc_sat_f32_u", true, $t.offset) };
    ($t:ident, I32TruncF64S) => { $t.cx.float_lib("i32_trunc_sat_f64_s", true, $t.offset) };
    ($t:ident, I32TruncF64U) => { $t.cx.float_lib("i32_trunc_sat_f64_u", true, $t.offset) };
    ($t:ident, I64TruncF64S) => { $t.cx.float_lib("i64_trunc_sat_f64_s", true, $t.offset) };
    ($t:ident, I64TruncF64U) => { $t.cx.float_lib("i64_trunc_sat_f64_u", true, $t.offset) };
    // Unsupported operators.
    ($t:ident, $op:ident $({ $($arg:ident),* })?) => {
        $t.cx.other(&Operator::$op $({ $($arg),* })?, $t.offset)
    };
}

/// Runs `$e` (a translation step without a result) only in reachable code.
macro_rules! live {
    ($t:ident, $e:expr) => {{
        if $t.cx.ctrl.reachable {
            $e;
        }
        Ok(false)
    }};
}

/// A load of `$kind` at the memarg's offset.
macro_rules! load {
    ($t:ident, $kind:expr, $m:ident) => {
        live!($t, $t.cx.load($kind, $m.offset))
    };
}

macro_rules! visit {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            #[allow(unused_variables)]
            fn $visit(&mut self $($(,$arg: $argty)*)?) -> Self::Output {
                if let Some(v) = self.validator.as_deref_mut() {
                    v.visitor(self.offset).$visit($($($arg.clone()),*)?)?;
                }
                if self.active() {
                    let t = &mut *self;
                    let r = translate!(t, $op $({ $($arg),* })?);
                    self.record(r);
                }
                Ok(())
            }
        )*
    };
}

macro_rules! visit_simd {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(,$arg: $argty)*)?) -> Self::Output {
                if let Some(v) = self.validator.as_deref_mut() {
                    v.simd_visitor(self.offset).$visit($($($arg.clone()),*)?)?;
                }
                if self.active() {
                    let r = self.cx.other(&Operator::$op $({ $($arg),* })?, self.offset);
                    self.record(r);
                }
                Ok(())
            }
        )*
    };
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitOperator<'a> for Translator<'_, '_, '_> {
    type Output = Result<(), BinaryReaderError>;

    for_each_visit_operator!(visit);

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }
}

#[allow(clippy::clone_on_copy)]
impl<'a> VisitSimdOperator<'a> for Translator<'_, '_, '_> {
    for_each_visit_simd_operator!(visit_simd);
}

/// The operators whose translation needs more than one call (type checks against
/// the environment, immediates to convert).
impl<'e> FuncCtx<'e> {
    fn block_op(
        &mut self,
        kind: FrameKind,
        bt: BlockType,
        offset: u64,
    ) -> Result<bool, FuncFailure> {
        let (params, results) = block_types(self.env, bt, offset)?;
        // What the back edges keep of the entry's proven extents (`extents.rs`).
        let kept = (kind == FrameKind::Loop).then(|| self.loop_extents(offset));
        self.enter(kind, params, results);
        if let Some(kept) = kept {
            if self.ctrl.reachable {
                self.vals.extents = kept;
            }
        }
        Ok(false)
    }

    fn unreachable(&mut self) {
        self.trap(TrapCode::Unreachable);
        self.ctrl.reachable = false;
    }

    fn return_op(&mut self) {
        self.emit_return();
        self.ctrl.reachable = false;
    }

    fn drop_op(&mut self) {
        let p = self.vals.pop();
        self.vals.free_val(p.val);
    }

    fn br_table_op(&mut self, targets: &BrTable<'_>) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            // Validation has read the whole table: its length is backed by its
            // bytes, so the list is allocated once at its size.
            let mut list = Vec::with_capacity(targets.len() as usize);
            for t in targets.targets() {
                list.push(t?);
            }
            self.br_table(&list, targets.default());
        }
        Ok(false)
    }

    fn call_op(&mut self, function_index: u32, offset: u64) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            let env = self.env;
            let f = &env.funcs[function_index as usize];
            check_sig(&f.sig, offset)?;
            let callee = match f.import_call {
                Some(n) => Callee::Import(n),
                None => Callee::Direct(function_index),
            };
            self.call(&f.sig, callee);
        }
        Ok(false)
    }

    fn call_indirect_op(
        &mut self,
        type_index: u32,
        table_index: u32,
        offset: u64,
    ) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            let env = self.env;
            let sig = &env.types[type_index as usize];
            check_sig(sig, offset)?;
            let tid = env.type_ids[type_index as usize];
            self.call(sig, Callee::Indirect(tid, table_index));
        }
        Ok(false)
    }

    fn typed_select(&mut self, ty: wasmparser::ValType, offset: u64) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            num_type(ty, offset, "select")?;
            self.select();
        }
        Ok(false)
    }

    fn global_op(&mut self, g: u32, set: bool, offset: u64) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            self.global_type(g, offset)?;
            if set {
                self.global_set(g);
            } else {
                self.global_get(g);
            }
        }
        Ok(false)
    }

    fn ref_null_op(&mut self, hty: wasmparser::HeapType, offset: u64) -> Result<bool, FuncFailure> {
        if self.ctrl.reachable {
            self.ref_null(super::table::ref_null_type(hty, offset)?);
        }
        Ok(false)
    }

    /// An operator without its own arm: unsupported
    /// (SIMD is refused even in unreachable code, like the validator would).
    fn other(&mut self, op: &Operator<'_>, offset: u64) -> Result<bool, FuncFailure> {
        if !self.ctrl.reachable {
            return match unsupported(op) {
                Some(why) => Err(FuncFailure::Unsupported { offset, what: why }),
                None => Ok(false),
            };
        }
        let what = unsupported(op).unwrap_or_else(|| format!("{}: not supported", op_name(op)));
        Err(FuncFailure::Unsupported { offset, what })
    }

    fn global_type(&self, g: u32, offset: u64) -> Result<(), FuncFailure> {
        let t = self.env.globals[g as usize].ty;
        if matches!(
            t,
            ValType::I32
                | ValType::I64
                | ValType::F32
                | ValType::F64
                | ValType::FuncRef
                | ValType::ExternRef
        ) {
            Ok(())
        } else {
            Err(FuncFailure::Unsupported {
                offset,
                what: format!("{t} global {g}: not supported"),
            })
        }
    }
}
