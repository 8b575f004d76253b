//! The operator loop: prologue, one match arm per supported operator, epilogue.

use super::control::Callee;
use super::memory::Load;
use super::ops::{Bin, Un};
use super::{Frame, FrameKind, FuncCtx, Loc, LocalInfo, PIN_REGS, STUB_TRAPS};
use crate::asm::{hi_lo, Asm, A0, RA, SP, T0, ZERO};
use crate::error::FuncFailure;
use crate::module::{convert_type, Env};
use crate::names::unsupported;
use rivet_format::abi::{call::REG_WORDS, Helper, TrapCode};
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp as L};
use std::collections::BTreeMap;
use wasmparser::{BlockType, FunctionBody, Operator as O};

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

/// Translates one body, retrying with long branches when a short one fell short.
pub(crate) fn translate_function(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
) -> Result<FuncOutput, FuncFailure> {
    let start = asm.code.len();
    for long in [false, true] {
        match translate_once(env, asm, func_index, body, long) {
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

fn block_types(
    env: &Env,
    bt: BlockType,
    offset: u64,
) -> Result<(Vec<ValType>, Vec<ValType>), FuncFailure> {
    Ok(match bt {
        BlockType::Empty => (vec![], vec![]),
        BlockType::Type(t) => (vec![], vec![int_type(t, offset, "block result")?]),
        BlockType::FuncType(i) => {
            let sig = &env.types[i as usize];
            check_sig(sig, offset)?;
            (sig.params.clone(), sig.results.clone())
        }
    })
}

fn int_type(t: wasmparser::ValType, offset: u64, what: &str) -> Result<ValType, FuncFailure> {
    match convert_type(t) {
        Some(v @ (ValType::I32 | ValType::I64)) => Ok(v),
        _ => Err(FuncFailure::Unsupported {
            offset,
            what: format!("{t} {what}: contracts are integer-only"),
        }),
    }
}

fn check_sig(sig: &FuncSig, offset: u64) -> Result<(), FuncFailure> {
    for t in sig.params.iter().chain(&sig.results) {
        if !matches!(t, ValType::I32 | ValType::I64) {
            return Err(FuncFailure::Unsupported {
                offset,
                what: format!("{t} in a signature: contracts are integer-only"),
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
    long_branches: bool,
) -> Result<Option<FuncOutput>, FuncFailure> {
    let sig = env.funcs[func_index as usize].sig.clone();
    let body_offset = body.get_binary_reader().original_position();
    check_sig(&sig, body_offset)?;
    // Locals: parameters first (register ones get slots, stack ones are used in
    // place), then declared locals; the most used ones are pinned to registers.
    let mut types: Vec<ValType> = sig.params.clone();
    let mut lr = body.get_locals_reader()?;
    for _ in 0..lr.get_count() {
        let offset = lr.original_position();
        let (count, ty) = lr.read()?;
        let ty = int_type(ty, offset, "local")?;
        if types.len() as u64 + count as u64 > 100_000 {
            return Err(FuncFailure::Limit("more than 100000 locals".into()));
        }
        types.extend(std::iter::repeat_n(ty, count as usize));
    }
    let pins = choose_pins(body, &types, &sig.params)?;
    let mut locals = Vec::with_capacity(types.len());
    let mut slots = 0u32;
    let mut new_slot = || {
        slots += 1;
        -8 - 8 * slots as i32
    };
    let mut w = 0usize;
    for (i, t) in types.iter().enumerate() {
        let pin = pins.get(&(i as u32)).copied();
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
    for (lo, hi) in pins.values() {
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
        sig: sig.clone(),
        locals,
        local_slots: slots,
        pool,
        saved,
        last_cmp: None,
        last_def: None,
        stack: Vec::new(),
        free: pool,
        frames: Vec::new(),
        labels: Vec::new(),
        reachable: true,
        stubs: [0; 8],
        frame_size: 8 + 8 * slots,
        has_calls: false,
        long_branches,
        range_failed: false,
        calls: Vec::new(),
    };
    let start = cx.asm.pc();
    for code in STUB_TRAPS {
        cx.emit_stub(code);
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
        params: vec![],
        results: sig.results.clone(),
        entered_reachable: true,
    });
    let mut reader = body.get_operators_reader()?;
    loop {
        let offset = reader.original_position();
        let op = reader.read()?;
        if cx.op(&op, offset)? {
            break;
        }
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
    fn op(&mut self, op: &O<'_>, offset: u64) -> Result<bool, FuncFailure> {
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
                let f = &self.env.funcs[*function_index as usize];
                let sig = f.sig.clone();
                check_sig(&sig, offset)?;
                let callee = match f.import_call {
                    Some(n) => Callee::Import(n),
                    None => Callee::Direct(*function_index),
                };
                self.call(&sig, callee);
            }
            O::CallIndirect {
                type_index,
                table_index,
            } => {
                if *table_index != 0 {
                    return Err(FuncFailure::Unsupported {
                        offset,
                        what: "call_indirect: only table 0 is supported".into(),
                    });
                }
                let sig = self.env.types[*type_index as usize].clone();
                check_sig(&sig, offset)?;
                let tid = self.env.type_ids[*type_index as usize];
                self.call(&sig, Callee::Indirect(tid));
            }
            O::Drop => {
                let p = self.pop();
                self.free_val(p.val);
            }
            O::Select => self.select(),
            O::TypedSelect { ty } => {
                int_type(*ty, offset, "select")?;
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
                } else {
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
        if matches!(t, ValType::I32 | ValType::I64) {
            Ok(())
        } else {
            Err(FuncFailure::Unsupported {
                offset,
                what: format!("{t} global {g}: contracts are integer-only"),
            })
        }
    }
}

/// Most words pinned to registers in one function.
const MAX_PINNED: usize = 5;

/// Picks the locals to keep in registers (a linear pre-scan of the body): in a
/// function without calls, register parameters stay in their argument registers;
/// then the most used locals (uses inside loops weigh more) get the
/// registers [`PIN_REGS`].
fn choose_pins(
    body: &FunctionBody<'_>,
    types: &[ValType],
    params: &[ValType],
) -> Result<BTreeMap<u32, (rivet_format::rv32::Reg, rivet_format::rv32::Reg)>, FuncFailure> {
    let mut leaf = true;
    let mut weight = vec![0u64; types.len()];
    let mut frames: Vec<bool> = Vec::new();
    let mut depth = 0u32;
    let mut reader = body.get_operators_reader()?;
    while !reader.eof() {
        match reader.read()? {
            O::Loop { .. } => {
                frames.push(true);
                depth += 1;
            }
            O::Block { .. } | O::If { .. } => frames.push(false),
            O::End if frames.pop() == Some(true) => depth -= 1,
            O::LocalGet { local_index }
            | O::LocalSet { local_index }
            | O::LocalTee { local_index } => {
                if let Some(w) = weight.get_mut(local_index as usize) {
                    *w += 1u64 << (2 * depth.min(6));
                }
            }
            O::Call { .. } | O::CallIndirect { .. } => leaf = false,
            _ => {}
        }
    }
    // Ordered: the caller gives pinned callee-saved registers stack slots in this
    // order, and the output must not depend on a hash seed.
    let mut pins = BTreeMap::new();
    // At most five words are pinned, so that five pool registers remain: the most
    // any single operator holds at once (an i64 `select`).
    let mut budget = MAX_PINNED;
    if leaf {
        let mut w = 0usize;
        for (i, t) in params.iter().enumerate() {
            let words = t.words();
            if w + words <= REG_WORDS && words <= budget {
                budget -= words;
                let lo = A0 + w as u8;
                let hi = if words == 2 { lo + 1 } else { lo };
                pins.insert(i as u32, (lo, hi));
            }
            w += words;
        }
    }
    let mut order: Vec<usize> = (0..types.len())
        .filter(|i| weight[*i] >= 2 && !pins.contains_key(&(*i as u32)))
        .collect();
    order.sort_by_key(|i| (std::cmp::Reverse(weight[*i]), *i));
    let mut next = 0;
    for i in order {
        let words = types[i].words();
        if next + words > budget.min(PIN_REGS.len()) {
            continue;
        }
        let lo = PIN_REGS[next];
        let hi = if words == 2 { PIN_REGS[next + 1] } else { lo };
        next += words;
        pins.insert(i as u32, (lo, hi));
    }
    Ok(pins)
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
