//! The operator loop: prologue, one match arm per supported operator, epilogue.

use super::pins::{choose_pins, set_first};
use super::scratch::{take, Scratch};
use super::visit::{Translator, Validator};
use super::{
    Control, Emitter, Frame, FrameKind, FuncCtx, LocalInfo, ValueStack, PIN_REGS, STUB_TRAPS,
};
use crate::asm::{hi_lo, Asm, A0, RA, SP, T0, ZERO};
use crate::env::{convert_type, Env};
use crate::error::FuncFailure;
use rivet_format::abi::{call::REG_WORDS, TrapCode};
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{BranchOp, ImmOp, Inst};
use wasmparser::{BlockType, FunctionBody, OperatorsReader};

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
/// operator), retrying without validation and with the long form for each branch that
/// fell short. The whole body is validated even when translation fails, and a
/// validation error wins over a translation failure.
pub(crate) fn translate_function(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut Validator,
    scratch: &mut Scratch,
) -> Result<FuncOutput, FuncFailure> {
    translate_retrying(env, asm, func_index, body, Some(validator), scratch)
}

/// Translates until a translation is kept: again with the branches that fell
/// short made long (`labels.rs`), and again when `zx64` learnt which i64 locals
/// keep a zero high word (or an assumption about them failed).
fn translate_retrying(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
    mut validator: Option<&mut Validator>,
    scratch: &mut Scratch,
) -> Result<FuncOutput, FuncFailure> {
    let start = asm.code.len();
    scratch.zx.start();
    scratch.long.start();
    loop {
        match translate_once(env, asm, func_index, body, validator.take(), scratch) {
            Ok(Some(out)) if !scratch.zx.retry() => return Ok(out),
            Ok(Some(_)) => asm.code.truncate(start),
            Ok(None) if scratch.long.widen() => asm.code.truncate(start),
            Ok(None) => {
                asm.code.truncate(start);
                return Err(FuncFailure::Limit(format!(
                    "function {func_index} is too large for RV32 branch ranges"
                )));
            }
            Err(e) => {
                asm.code.truncate(start);
                return Err(e);
            }
        }
    }
}

/// Translates an already validated body (the embedded soft-float library).
pub(crate) fn translate_trusted(
    env: &Env,
    asm: &mut Asm,
    func_index: u32,
    body: &FunctionBody<'_>,
) -> Result<FuncOutput, FuncFailure> {
    let mut scratch = Scratch::default();
    translate_retrying(env, asm, func_index, body, None, &mut scratch)
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
pub(super) fn block_types(
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

pub(super) fn num_type(
    t: wasmparser::ValType,
    offset: u64,
    what: &str,
) -> Result<ValType, FuncFailure> {
    convert_type(t).ok_or_else(|| FuncFailure::Unsupported {
        offset,
        what: format!("{t} {what}: not supported"),
    })
}

pub(super) fn check_sig(sig: &FuncSig, offset: u64) -> Result<(), FuncFailure> {
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
    scratch: &mut Scratch,
) -> Result<Option<FuncOutput>, FuncFailure> {
    let sig = &env.funcs[func_index as usize].sig;
    let jumps_from = asm.jumps.len();
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
    let mut types = take(&mut scratch.types);
    types.extend_from_slice(&sig.params);
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
    let traps = choose_pins(code, &types, &sig.params, scratch);
    // Only declared locals are zeroed: without any there is nothing to look for.
    let written = if types.len() > sig.params.len() {
        set_first(code)
    } else {
        0
    };
    let frame = place_locals(&types, sig, written, scratch);
    scratch
        .zx
        .begin(code, &types, &scratch.zx_candidates, sig, env);
    scratch.types = types;
    let mut cx = FuncCtx::new(env, sig, asm, frame, scratch);
    let (start, entry, check_at, ra_at) = cx.prologue(traps);
    let label = cx.ctrl.new_label();
    cx.ctrl.frames.push(Frame {
        kind: FrameKind::Function,
        label,
        else_label: None,
        height: 0,
        params: &[],
        results: &sig.results,
        entered_reachable: true,
    });
    let mut ops = ops;
    cx.ctrl.code_start = ops.original_position();
    let mut fused = Translator {
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
    let failed = fused.failed;
    cx.recycle(scratch);
    if let Some(f) = failed {
        return Err(f);
    }
    cx.patch_prologue(check_at, ra_at);
    if cx.emit.range_failed {
        cx.emit.asm.jumps.truncate(jumps_from);
        return Ok(None);
    }
    super::threading::thread_jumps(cx.emit.asm, jumps_from, (start / 4) as usize);
    Ok(Some(FuncOutput {
        start,
        entry,
        end: cx.emit.asm.pc(),
        calls: cx.emit.calls,
    }))
}

impl<'a> FuncCtx<'a> {
    /// The state at the start of a body whose locals are placed as `frame` says.
    fn new(
        env: &'a Env,
        sig: &'a FuncSig,
        asm: &'a mut Asm,
        frame: Frame0,
        scratch: &mut Scratch,
    ) -> Self {
        let Frame0 {
            locals,
            slots,
            pool,
            saved,
        } = frame;
        FuncCtx {
            env,
            sig,
            vals: ValueStack {
                stack: take(&mut scratch.stack),
                locals,
                local_slots: slots,
                pool,
                free: pool,
                saved,
                last_cmp: None,
                last_def: None,
                last_i64: None,
                last_load64: None,
                frame_size: 8 + 8 * slots,
                args: take(&mut scratch.args),
                extents: super::extents::Extents::at_entry(env.min_linear_bytes),
                zx: std::mem::take(&mut scratch.zx),
                cache: super::slot_cache::SlotCache::new(pool, asm.code.len()),
            },
            ctrl: Control {
                frames: take(&mut scratch.frames),
                labels: take(&mut scratch.labels),
                fixups: take(&mut scratch.fixups),
                reachable: true,
                loop_writes: std::mem::take(&mut scratch.loop_writes),
                code_start: 0,
            },
            emit: Emitter {
                asm,
                stubs: [super::NO_STUB; 8],
                has_calls: false,
                long: {
                    let mut long = std::mem::take(&mut scratch.long);
                    long.begin();
                    long
                },
                range_failed: false,
                calls: take(&mut scratch.calls),
            },
        }
    }

    /// Hands the reusable buffers back (the translation of this body is over).
    fn recycle(&mut self, scratch: &mut Scratch) {
        scratch.frames = super::scratch::unborrow(std::mem::take(&mut self.ctrl.frames));
        scratch.stack = std::mem::take(&mut self.vals.stack);
        scratch.locals = std::mem::take(&mut self.vals.locals);
        scratch.saved = std::mem::take(&mut self.vals.saved);
        scratch.args = std::mem::take(&mut self.vals.args);
        scratch.zx = std::mem::take(&mut self.vals.zx);
        scratch.labels = std::mem::take(&mut self.ctrl.labels);
        scratch.fixups = std::mem::take(&mut self.ctrl.fixups);
        scratch.loop_writes = std::mem::take(&mut self.ctrl.loop_writes);
        scratch.long = std::mem::take(&mut self.emit.long);
    }

    /// Patches the stack check with the final frame size and, in functions that
    /// call, the `ra` save.
    fn patch_prologue(&mut self, check_at: usize, ra_at: usize) {
        let frame_size = self.vals.frame_size;
        let limit = self.env.stack_limit.wrapping_add(frame_size) as i32;
        let (hi, lo) = hi_lo(limit);
        self.emit.asm.patch(check_at, Inst::Lui { rd: T0, imm: hi });
        self.emit.asm.patch(
            check_at + 1,
            Inst::Imm {
                op: ImmOp::Addi,
                rd: T0,
                rs1: T0,
                imm: lo,
            },
        );
        if self.emit.has_calls {
            self.emit.asm.patch(
                ra_at,
                Inst::Store {
                    op: rivet_format::rv32::StoreOp::Sw,
                    rs1: SP,
                    rs2: RA,
                    offset: -4,
                },
            );
        }
    }
}

impl FuncCtx<'_> {
    /// Emits the trap stubs the body needs, the stack check (patched at the end, when
    /// the frame size is known), a placeholder for saving `ra`, and moves the
    /// parameters to their places and zeroes the other locals (not those written
    /// before any read, [`LocalInfo::set_first`]). Returns (first pc, entry pc,
    /// word index of the stack check, word index of the `ra` save).
    fn prologue(&mut self, traps: u8) -> (u32, u32, usize, usize) {
        let start = self.emit.asm.pc();
        for (i, code) in STUB_TRAPS.into_iter().enumerate() {
            if traps & (1 << i) != 0 {
                self.emit_stub(code);
            }
        }
        let entry = self.emit.asm.pc();
        let check_at = self.emit.asm.code.len();
        self.emit.asm.emit(Inst::Lui { rd: T0, imm: 0 });
        self.emit.asm.imm(ImmOp::Addi, T0, T0, 0);
        self.trap_if(BranchOp::Bltu, SP, T0, TrapCode::StackExhausted);
        let ra_at = self.emit.asm.code.len();
        self.emit.asm.imm(ImmOp::Addi, ZERO, ZERO, 0);
        let mut w = 0usize;
        for i in 0..self.vals.locals.len() {
            let l = self.vals.locals[i];
            let words = l.ty.words();
            for k in 0..words {
                let dst = l.pin.map(|(lo, hi)| if k == 0 { lo } else { hi });
                if i < self.sig.params.len() {
                    let ww = w + k;
                    let src = if ww < REG_WORDS {
                        A0 + ww as u8
                    } else if dst.is_none() && l.off >= 0 {
                        continue; // used in place
                    } else {
                        let r = dst.unwrap_or(T0);
                        self.emit.asm.lw(r, SP, 4 * (ww - REG_WORDS) as i32);
                        r
                    };
                    match dst {
                        Some(d) => self.emit.asm.mv(d, src),
                        None => {
                            self.emit.asm.sw(src, SP, l.off + 4 * k as i32);
                            self.note_word(src, l.off + 4 * k as i32, Some(i as u32));
                        }
                    }
                } else if !l.set_first || self.vals.zx.assumed(i) {
                    // A local set before any read needs no zero, except an i64
                    // assumed zero-high: its sets store only the low word, and
                    // its storage must still hold the full value (`zx64`).
                    match dst {
                        Some(d) => self.emit.asm.li(d, 0),
                        None => self.emit.asm.sw(ZERO, SP, l.off + 4 * k as i32),
                    }
                }
            }
            if i < self.sig.params.len() {
                w += words;
            }
        }
        (start, entry, check_at, ra_at)
    }
}

/// Where the locals and the pinned registers' save slots are, and the pool left.
struct Frame0 {
    locals: Vec<LocalInfo>,
    /// 8-byte slots below sp.
    slots: u32,
    pool: u16,
    saved: Vec<(rivet_format::rv32::Reg, i32)>,
}

/// Places every local: pinned ones in their registers, stack-passed parameters in
/// place, the rest in frame slots; pinned callee registers get save slots.
/// `written`: the locals the prologue need not zero ([`set_first`]).
fn place_locals(types: &[ValType], sig: &FuncSig, written: u128, scratch: &mut Scratch) -> Frame0 {
    let pins = &scratch.pins;
    let mut locals = take(&mut scratch.locals);
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
        locals.push(LocalInfo {
            ty: *t,
            off,
            pin,
            set_first: i >= sig.params.len() && i < 128 && written & (1u128 << i) != 0,
        });
        if i < sig.params.len() {
            w += t.words();
        }
    }
    let mut pool = super::POOL_MASK;
    let mut saved = take(&mut scratch.saved);
    for (_, (lo, hi)) in pins {
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
    Frame0 {
        locals,
        slots,
        pool,
        saved,
    }
}
