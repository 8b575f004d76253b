//! The operator loop: prologue, one match arm per supported operator, epilogue.

use super::control::Callee;
use super::fused::{Fused, Validator};
use super::memory::Load;
use super::ops::{Bin, Un};
use super::pins::{choose_pins, Prescan};
use super::{Frame, FrameKind, FuncCtx, Loc, LocalInfo, PIN_REGS, STUB_TRAPS};
use crate::asm::{hi_lo, Asm, A0, RA, SP, T0, ZERO};
use crate::error::FuncFailure;
use crate::module::{convert_type, Env};
use crate::names::unsupported;
use rivet_format::abi::{call::REG_WORDS, Helper, TrapCode};
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp as L};
use wasmparser::{BlockType, FunctionBody, Operator as O, OperatorsReader};

/// Where a translated function ended up.
#[derive(Debug)]
pub(crate) struct FuncOutput {
    /// First pc (trap stubs).
    pub start: u32,
    /// Entry pc.
    pub entry: u32,
    /// One past the last pc.
    pub end: u32,
    /// Direct calls to patch: (word index, callee).
    pub calls: Vec<(usize, u32)>,
}

/// Translates one body while validating it with `validator` (one decode per
/// operator), retrying without validation and with long branches when a short one
/// fell short. The whole body is validated even when translation fails, and a
/// validation error wins over a translation failure.
pub(crate) fn translate_function(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut Validator,
) -> Result<FuncOutput, FuncFailure> {
    let start = asm.code.len();
    let mut validator = Some(validator);
    for long in [false, true] {
        match translate_once(env, asm, func_index, body, validator.take(), long) {
            Ok(Some(out)) => return Ok(out),
            Ok(None) => asm.code.truncate(start),
            Err(e) => {
                asm.code.truncate(start);
                return Err(e);
            }
        }
    }
    Err(FuncFailure::Limit(format!(
        "function {func_index} is too large for RV32 branch ranges"
    )))
}

/// Translates an already validated body (the embedded soft-float library).
pub(crate) fn translate_trusted(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
) -> Result<FuncOutput, FuncFailure> {
    let start = asm.code.len();
    for long in [false, true] {
        match translate_once(env, asm, func_index, body, None, long) {
            Ok(Some(out)) => return Ok(out),
            Ok(None) => asm.code.truncate(start),
            Err(e) => {
                asm.code.truncate(start);
                return Err(e);
            }
        }
    }
    Err(FuncFailure::Limit(format!(
        "function {func_index} is too large for RV32 branch ranges"
    )))
}

/// Validates the operators left in `ops` (after translation gave up early).
fn validate_rest(v: &mut Validator, mut ops: OperatorsReader<'_>) -> Result<(), FuncFailure> {
    while !ops.eof() {
        let offset = ops.original_position();
        ops.visit_operator(&mut v.visitor(offset))??;
    }
    ops.finish()?;
    Ok(())
}

/// The one-value block results, as slices that live as long as any frame.
const ONE_I32: &[ValType] = &[ValType::I32];
const ONE_I64: &[ValType] = &[ValType::I64];
const ONE_F32: &[ValType] = &[ValType::F32];
const ONE_F64: &[ValType] = &[ValType::F64];
const ONE_FUNCREF: &[ValType] = &[ValType::FuncRef];
const ONE_EXTERNREF: &[ValType] = &[ValType::ExternRef];

/// A block's (params, results), borrowed from the environment (no allocation).
fn block_types(
    env: &Env,
    bt: BlockType,
    offset: u64,
) -> Result<(&[ValType], &[ValType]), FuncFailure> {
    Ok(match bt {
        BlockType::Empty => (&[], &[]),
        BlockType::Type(t) => match num_type(t, offset, "block result")? {
            ValType::I64 => (&[], ONE_I64),
            ValType::F32 => (&[], ONE_F32),
            ValType::F64 => (&[], ONE_F64),
            ValType::FuncRef => (&[], ONE_FUNCREF),
            ValType::ExternRef => (&[], ONE_EXTERNREF),
            _ => (&[], ONE_I32),
        },
        BlockType::FuncType(i) => {
            let sig = &env.types[i as usize];
            check_sig(sig, offset)?;
            (&sig.params, &sig.results)
        }
    })
}

fn num_type(t: wasmparser::ValType, offset: u64, what: &str) -> Result<ValType, FuncFailure> {
    convert_type(t).ok_or_else(|| FuncFailure::Unsupported {
        offset,
        what: format!("{t} {what}: not supported"),
    })
}

fn check_sig(sig: &FuncSig, offset: u64) -> Result<(), FuncFailure> {
    for t in sig.params.iter().chain(&sig.results) {
        if !matches!(
            t,
            ValType::I32
                | ValType::I64
                | ValType::F32
                | ValType::F64
                | ValType::FuncRef
                | ValType::ExternRef
        ) {
            return Err(FuncFailure::Unsupported {
                offset,
                what: format!("{t} in a signature: not supported"),
            });
        }
    }
    Ok(())
}

fn translate_once(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
    mut validator: Option<&mut Validator>,
    long_branches: bool,
) -> Result<Option<FuncOutput>, FuncFailure> {
    let sig = &env.funcs[func_index as usize].sig;
    let mut reader = body.get_binary_reader();
    let body_offset = reader.original_position();
    if let Some(v) = validator.as_deref() {
        // Decode with the validator's feature set, as wasmparser's own
        // `FuncValidator::validate` does (same messages for disabled features).
        reader.set_features(*v.features());
    }
    // A translation failure found before the operators; validation goes on.
    let mut failure = check_sig(sig, body_offset).err();
    // Locals: parameters first (register ones get slots, stack ones are used in
    // place), then declared locals; the most used ones are pinned to registers.
    let mut types: Vec<ValType> = sig.params.clone();
    for _ in 0..reader.read_var_u32()? {
        let offset = reader.original_position();
        let count: u32 = reader.read()?;
        let ty: wasmparser::ValType = reader.read()?;
        if let Some(v) = validator.as_deref_mut() {
            v.define_locals(offset, count, ty)?;
        }
        if failure.is_some() {
            continue;
        }
        match num_type(ty, offset, "local") {
            Ok(_) if types.len() as u64 + count as u64 > 100_000 => {
                failure = Some(FuncFailure::Limit("more than 100000 locals".into()));
            }
            Ok(t) => types.extend(std::iter::repeat_n(t, count as usize)),
            Err(e) => failure = Some(e),
        }
    }
    let ops = OperatorsReader::new(reader);
    if let Some(f) = failure {
        if let Some(v) = validator {
            validate_rest(v, ops)?;
        }
        return Err(f);
    }
    let code = {
        let mut r = ops.get_binary_reader();
        r.read_bytes(r.bytes_remaining())?
    };
    let Prescan { pins, traps } = choose_pins(code, &types, &sig.params);
    let mut locals = Vec::with_capacity(types.len());
    let mut slots = 0u32;
    let mut new_slot = || {
        slots += 1;
        -8 - 8 * slots as i32
    };
    let mut w = 0usize;
    for (i, t) in types.iter().enumerate() {
        let pin = pins.iter().find(|p| p.0 == i as u32).map(|p| p.1);
        let off = if i < sig.params.len() && w >= REG_WORDS && pin.is_none() {
            4 * (w - REG_WORDS) as i32
        } else {
            new_slot()
        };
        locals.push(LocalInfo { ty: *t, off, pin });
        if i < sig.params.len() {
            w += t.words();
        }
    }
    let mut pool = super::POOL_MASK;
    let mut saved = Vec::new();
    for (_, (lo, hi)) in &pins {
        for r in [*lo, *hi] {
            if pool & (1 << r) != 0 {
                pool &= !(1 << r);
                if PIN_REGS.contains(&r) {
                    saved.push((r, new_slot()));
                }
            }
        }
    }
    saved.sort();
    let mut cx = FuncCtx {
        env,
        asm,
        sig,
        locals,
        local_slots: slots,
        pool,
        saved,
        last_cmp: None,
        last_def: None,
        stack: Vec::with_capacity(32),
        free: pool,
        frames: Vec::with_capacity(16),
        labels: Vec::with_capacity(16),
        fixups: Vec::with_capacity(16),
        reachable: true,
        stubs: [super::NO_STUB; 8],
        frame_size: 8 + 8 * slots,
        has_calls: false,
        long_branches,
        range_failed: false,
        calls: Vec::new(),
    };
    let start = cx.asm.pc();
    for (i, code) in STUB_TRAPS.into_iter().enumerate() {
        if traps & (1 << i) != 0 {
            cx.emit_stub(code);
        }
    }
    let entry = cx.asm.pc();
    let check_at = cx.asm.code.len();
    cx.asm.emit(Inst::Lui { rd: T0, imm: 0 });
    cx.asm.imm(ImmOp::Addi, T0, T0, 0);
    cx.trap_if(BranchOp::Bltu, SP, T0, TrapCode::StackExhausted);
    let ra_at = cx.asm.code.len();
    cx.asm.imm(ImmOp::Addi, ZERO, ZERO, 0);
    let mut w = 0usize;
    for i in 0..cx.locals.len() {
        let l = cx.locals[i];
        let words = l.ty.words();
        for k in 0..words {
            let dst = l.pin.map(|(lo, hi)| if k == 0 { lo } else { hi });
            if i < sig.params.len() {
                let ww = w + k;
                let src = if ww < REG_WORDS {
                    A0 + ww as u8
                } else if dst.is_none() && l.off >= 0 {
                    continue; // used in place
                } else {
                    let r = dst.unwrap_or(T0);
                    cx.asm.lw(r, SP, 4 * (ww - REG_WORDS) as i32);
                    r
                };
                match dst {
                    Some(d) => cx.asm.mv(d, src),
                    None => cx.asm.sw(src, SP, l.off + 4 * k as i32),
                }
            } else {
                match dst {
                    Some(d) => cx.asm.li(d, 0),
                    None => cx.asm.sw(ZERO, SP, l.off + 4 * k as i32),
                }
            }
        }
        if i < sig.params.len() {
            w += words;
        }
    }
    let label = cx.new_label();
    cx.frames.push(Frame {
        kind: FrameKind::Function,
        label,
        else_label: None,
        height: 0,
        params: &[],
        results: &sig.results,
        entered_reachable: true,
    });
    let mut ops = ops;
    let mut fused = Fused {
        cx: &mut cx,
        validator,
        offset: 0,
        done: false,
        failed: None,
    };
    // Validating: to the end of the body. Retranslating: to the final `end`.
    while !ops.eof() && (fused.validator.is_some() || !fused.done) {
        fused.offset = ops.original_position();
        ops.visit_operator(&mut fused)??;
    }
    if fused.validator.is_some() {
        ops.finish()?;
    }
    if let Some(f) = fused.failed {
        return Err(f);
    }
    let frame_size = cx.frame_size;
    let limit = env.stack_limit.wrapping_add(frame_size) as i32;
    let (hi, lo) = hi_lo(limit);
    cx.asm.patch(check_at, Inst::Lui { rd: T0, imm: hi });
    cx.asm.patch(
        check_at + 1,
        Inst::Imm {
            op: ImmOp::Addi,
            rd: T0,
            rs1: T0,
            imm: lo,
        },
    );
    if cx.has_calls {
        cx.asm.patch(
            ra_at,
            Inst::Store {
                op: rivet_format::rv32::StoreOp::Sw,
                rs1: SP,
                rs2: RA,
                offset: -4,
            },
        );
    }
    if cx.range_failed {
        return Ok(None);
    }
    Ok(Some(FuncOutput {
        start,
        entry,
        end: cx.asm.pc(),
        calls: cx.calls,
    }))
}

impl FuncCtx<'_> {
    /// Translates one operator; true at the function's final `end`.
    #[inline(always)]
    pub(super) fn op(&mut self, op: &O<'_>, offset: u64) -> Result<bool, FuncFailure> {
        // Structure is tracked even in unreachable code; everything else is skipped.
        match op {
            O::Block { blockty } | O::Loop { blockty } | O::If { blockty } => {
                let (params, results) = block_types(self.env, *blockty, offset)?;
                let kind = match op {
                    O::Block { .. } => FrameKind::Block,
                    O::Loop { .. } => FrameKind::Loop,
                    _ => FrameKind::If,
                };
                self.enter(kind, params, results);
                return Ok(false);
            }
            O::Else => {
                self.else_();
                return Ok(false);
            }
            O::End => return Ok(self.end()),
            _ => {}
        }
        if !self.reachable {
            if let Some(why) = unsupported(op) {
                return Err(FuncFailure::Unsupported { offset, what: why });
            }
            return Ok(false);
        }
        use ValType::{I32, I64};
        match op {
            O::Nop => {}
            O::Unreachable => {
                self.trap(TrapCode::Unreachable);
                self.reachable = false;
            }
            O::Br { relative_depth } => self.br(*relative_depth),
            O::BrIf { relative_depth } => self.br_if(*relative_depth),
            O::BrTable { targets } => {
                let list = targets.targets().collect::<Result<Vec<u32>, _>>()?;
                self.br_table(&list, targets.default());
            }
            O::Return => {
                self.emit_return();
                self.reachable = false;
            }
            O::Call { function_index } => {
                let env = self.env;
                let f = &env.funcs[*function_index as usize];
                let sig = &f.sig;
                check_sig(sig, offset)?;
                let callee = match f.import_call {
                    Some(n) => Callee::Import(n),
                    None => Callee::Direct(*function_index),
                };
                self.call(sig, callee);
            }
            O::CallIndirect {
                type_index,
                table_index,
            } => {
                let env = self.env;
                let sig = &env.types[*type_index as usize];
                check_sig(sig, offset)?;
                let tid = self.env.type_ids[*type_index as usize];
                self.call(sig, Callee::Indirect(tid, *table_index));
            }
            O::Drop => {
                let p = self.pop();
                self.free_val(p.val);
            }
            O::Select => self.select(),
            O::TypedSelect { ty } => {
                num_type(*ty, offset, "select")?;
                self.select();
            }
            O::LocalGet { local_index } => self.local_get(*local_index),
            O::LocalSet { local_index } => self.local_set(*local_index, false),
            O::LocalTee { local_index } => self.local_set(*local_index, true),
            O::GlobalGet { global_index } => {
                self.global_type(*global_index, offset)?;
                self.global_get(*global_index);
            }
            O::GlobalSet { global_index } => {
                self.global_type(*global_index, offset)?;
                self.global_set(*global_index);
            }
            O::I32Load { memarg } => self.load(Load::I32(L::Lw), memarg.offset),
            O::I32Load8S { memarg } => self.load(Load::I32(L::Lb), memarg.offset),
            O::I32Load8U { memarg } => self.load(Load::I32(L::Lbu), memarg.offset),
            O::I32Load16S { memarg } => self.load(Load::I32(L::Lh), memarg.offset),
            O::I32Load16U { memarg } => self.load(Load::I32(L::Lhu), memarg.offset),
            O::I64Load { memarg } => self.load(Load::I64, memarg.offset),
            O::I64Load8S { memarg } => self.load(Load::I64Narrow(L::Lb, true), memarg.offset),
            O::I64Load8U { memarg } => self.load(Load::I64Narrow(L::Lbu, false), memarg.offset),
            O::I64Load16S { memarg } => self.load(Load::I64Narrow(L::Lh, true), memarg.offset),
            O::I64Load16U { memarg } => self.load(Load::I64Narrow(L::Lhu, false), memarg.offset),
            O::I64Load32S { memarg } => self.load(Load::I64Narrow(L::Lw, true), memarg.offset),
            O::I64Load32U { memarg } => self.load(Load::I64Narrow(L::Lw, false), memarg.offset),
            O::I32Store { memarg } | O::I64Store32 { memarg } => self.store(4, memarg.offset),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(1, memarg.offset),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(2, memarg.offset),
            O::I64Store { memarg } => self.store(8, memarg.offset),
            O::MemorySize { .. } => self.memory_size(),
            O::MemoryGrow { .. } => self.memory_grow(),
            O::MemoryCopy { .. } => self.memory_bulk(Helper::MemoryCopy),
            O::MemoryFill { .. } => self.memory_bulk(Helper::MemoryFill),
            O::MemoryInit { data_index, .. } => self.memory_init(*data_index),
            O::DataDrop { data_index } => self.data_drop(*data_index),
            O::TableGet { table } => self.table_get(*table),
            O::TableSet { table } => self.table_set(*table),
            O::TableSize { table } => self.table_size(*table),
            O::TableGrow { table } => self.table_grow(*table),
            O::TableFill { table } => self.table_fill(*table),
            O::TableCopy {
                dst_table,
                src_table,
            } => self.table_copy(*dst_table, *src_table),
            O::TableInit { elem_index, table } => self.table_init(*elem_index, *table),
            O::ElemDrop { elem_index } => self.elem_drop(*elem_index),
            O::RefNull { hty } => self.ref_null(super::table::ref_null_type(*hty, offset)?),
            O::RefFunc { function_index } => self.ref_func(*function_index),
            O::RefIsNull => self.ref_is_null(),
            O::I32Const { value } => self.push(I32, Loc::Const(*value as i64)),
            O::I64Const { value } => self.push(I64, Loc::Const(*value)),
            O::I32Eqz => self.i32_un(Un::Eqz),
            O::I32Clz => self.i32_un(Un::Clz),
            O::I32Ctz => self.i32_un(Un::Ctz),
            O::I32Popcnt => self.i32_un(Un::Popcnt),
            O::I32Extend8S => self.i32_un(Un::Extend8),
            O::I32Extend16S => self.i32_un(Un::Extend16),
            O::I64Eqz => self.i64_un(Un::Eqz),
            O::I64Clz => self.i64_un(Un::Clz),
            O::I64Ctz => self.i64_un(Un::Ctz),
            O::I64Popcnt => self.i64_un(Un::Popcnt),
            O::I64Extend8S => self.i64_un(Un::Extend8),
            O::I64Extend16S => self.i64_un(Un::Extend16),
            O::I64Extend32S => self.i64_un(Un::Extend32),
            O::I32WrapI64 => self.wrap(),
            O::I64ExtendI32S => self.extend(true),
            O::I64ExtendI32U => self.extend(false),
            _ => {
                if let Some(b) = bin_op(op) {
                    match b {
                        (true, b) => self.i64_bin(b),
                        (false, b) => self.i32_bin(b),
                    }
                } else if !self.float_op(op, offset)? {
                    let what = unsupported(op)
                        .unwrap_or_else(|| format!("{}: not supported", crate::names::op_name(op)));
                    return Err(FuncFailure::Unsupported { offset, what });
                }
            }
        }
        Ok(false)
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

/// Binary integer operators: (is i64, op).
fn bin_op(op: &O<'_>) -> Option<(bool, Bin)> {
    use Bin::*;
    Some(match op {
        O::I32Add => (false, Add),
        O::I32Sub => (false, Sub),
        O::I32Mul => (false, Mul),
        O::I32DivS => (false, DivS),
        O::I32DivU => (false, DivU),
        O::I32RemS => (false, RemS),
        O::I32RemU => (false, RemU),
        O::I32And => (false, And),
        O::I32Or => (false, Or),
        O::I32Xor => (false, Xor),
        O::I32Shl => (false, Shl),
        O::I32ShrS => (false, ShrS),
        O::I32ShrU => (false, ShrU),
        O::I32Rotl => (false, Rotl),
        O::I32Rotr => (false, Rotr),
        O::I32Eq => (false, Eq),
        O::I32Ne => (false, Ne),
        O::I32LtS => (false, LtS),
        O::I32LtU => (false, LtU),
        O::I32GtS => (false, GtS),
        O::I32GtU => (false, GtU),
        O::I32LeS => (false, LeS),
        O::I32LeU => (false, LeU),
        O::I32GeS => (false, GeS),
        O::I32GeU => (false, GeU),
        O::I64Add => (true, Add),
        O::I64Sub => (true, Sub),
        O::I64Mul => (true, Mul),
        O::I64DivS => (true, DivS),
        O::I64DivU => (true, DivU),
        O::I64RemS => (true, RemS),
        O::I64RemU => (true, RemU),
        O::I64And => (true, And),
        O::I64Or => (true, Or),
        O::I64Xor => (true, Xor),
        O::I64Shl => (true, Shl),
        O::I64ShrS => (true, ShrS),
        O::I64ShrU => (true, ShrU),
        O::I64Rotl => (true, Rotl),
        O::I64Rotr => (true, Rotr),
        O::I64Eq => (true, Eq),
        O::I64Ne => (true, Ne),
        O::I64LtS => (true, LtS),
        O::I64LtU => (true, LtU),
        O::I64GtS => (true, GtS),
        O::I64GtU => (true, GtU),
        O::I64LeS => (true, LeS),
        O::I64LeU => (true, LeU),
        O::I64GeS => (true, GeS),
        O::I64GeU => (true, GeU),
        _ => return None,
    })
}
