//! Control flow, calls and returns.

use super::slot_cache::SlotCache;
use super::{FrameKind, FuncCtx, Loc, Val};
use crate::asm::{A0, RA, SP, T0, T1, ZERO};
use rivet_format::abi::call::REG_WORDS;
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, Reg, RegOp};

/// The most `br_table` entries the bounds check's conditional branch can skip:
/// it jumps over the `slli; auipc; add; jalr` dispatch and one `jal` per entry,
/// `4 * (5 + n)` bytes, and reaches 4094.
pub(crate) const BR_TABLE_SKIP_MAX: usize = 1018;

/// How a `br_table`'s out-of-range index reaches the default target's code.
enum ToDefault {
    /// The bounds check's branch (at this word) skips the table.
    Skip(usize),
    /// The bounds check skips the `jal` at this word, which jumps over the table.
    Jump(usize),
}

/// A source of one word for a register move.
#[derive(Debug, Clone, Copy)]
enum Src {
    Reg(Reg),
    Word { val: Val, depth: usize, hi: bool },
}

/// At most [`REG_WORDS`] register moves, in order, without allocating (one list
/// per call and return).
#[derive(Clone, Copy)]
struct Moves {
    items: [(Reg, Src); REG_WORDS],
    len: usize,
}

impl Moves {
    fn new() -> Self {
        Moves {
            items: [(0, Src::Reg(0)); REG_WORDS],
            len: 0,
        }
    }

    fn push(&mut self, m: (Reg, Src)) {
        self.items[self.len] = m;
        self.len += 1;
    }

    fn as_slice(&self) -> &[(Reg, Src)] {
        &self.items[..self.len]
    }

    /// Removes entry `i`, keeping the order of the rest (as `Vec::remove`).
    fn remove(&mut self, i: usize) -> (Reg, Src) {
        let m = self.items[i];
        self.items.copy_within(i + 1..self.len, i);
        self.len -= 1;
        m
    }

    /// Keeps the entries `keep` accepts, in order (as `Vec::retain`).
    fn retain(&mut self, keep: impl Fn(&(Reg, Src)) -> bool) {
        let mut n = 0;
        for i in 0..self.len {
            if keep(&self.items[i]) {
                self.items[n] = self.items[i];
                n += 1;
            }
        }
        self.len = n;
    }
}

/// What a call goes to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Callee {
    /// A compiled function (jal, patched later).
    Direct(u32),
    /// An imported function: `ecall` with this number.
    Import(u32),
    /// Through a table: (expected type id, table index).
    Indirect(u32, u32),
}

/// Splits values of these types into (value index, high word?) per flattened word.
fn word_list(types: impl Iterator<Item = ValType>) -> impl Iterator<Item = (usize, bool)> {
    types
        .enumerate()
        .flat_map(|(i, t)| std::iter::once((i, false)).chain((t.words() == 2).then_some((i, true))))
}

impl<'a> FuncCtx<'a> {
    /// Register moves `dst <- src` performed as if in parallel (cycles broken via T0).
    fn parallel_move(&mut self, mut moves: Moves) {
        moves.retain(|(d, s)| !matches!(s, Src::Reg(r) if r == d));
        while moves.len > 0 {
            let list = moves.as_slice();
            let ready = (0..list.len()).find(|&i| {
                let d = list[i].0;
                !list
                    .iter()
                    .enumerate()
                    .any(|(j, (_, s))| j != i && matches!(s, Src::Reg(r) if *r == d))
            });
            match ready {
                Some(i) => {
                    let (d, s) = moves.remove(i);
                    match s {
                        Src::Reg(r) => self.emit.asm.mv(d, r),
                        Src::Word { val, depth, hi } => self.load_word(d, val, depth, hi),
                    }
                }
                None => {
                    // Only register cycles remain: park one destination's value in T0.
                    let d = moves.items[0].0;
                    self.emit.asm.mv(T0, d);
                    for m in moves.items[..moves.len].iter_mut() {
                        if matches!(m.1, Src::Reg(r) if r == d) {
                            m.1 = Src::Reg(T0);
                        }
                    }
                }
            }
        }
    }

    fn word_src(&self, val: Val, depth: usize, hi: bool) -> Src {
        match val.loc {
            Loc::Reg(r) if !hi => Src::Reg(r),
            Loc::Pair(l, h) => Src::Reg(if hi { h } else { l }),
            Loc::Local(i) => match self.vals.locals[i as usize].pin {
                Some((l, h)) => Src::Reg(if hi { h } else { l }),
                None => Src::Word { val, depth, hi },
            },
            _ => Src::Word { val, depth, hi },
        }
    }

    /// Stores word `hi` of `val` at sp-relative `off`.
    fn store_word(&mut self, val: Val, depth: usize, hi: bool, off: i32) {
        let src = match self.word_src(val, depth, hi) {
            Src::Reg(r) => r,
            Src::Word { .. } => {
                self.load_word(T0, val, depth, hi);
                T0
            }
        };
        self.emit.asm.sw(src, SP, off);
    }

    /// Returns from the function with the top results (no state change except that
    /// local references are spilled first when results go on the stack).
    pub fn emit_return(&mut self) {
        if self.sig.results == [ValType::I32] && self.retarget_top(A0) {
            // The result was computed straight into a0 (the code after a return is
            // unreachable, so popping it is harmless).
            self.restore_and_return();
            return;
        }
        let k = self.sig.results.len();
        let base = self.vals.stack.len() - k;
        if self.sig.result_words() > REG_WORDS {
            for i in base..self.vals.stack.len() {
                if matches!(self.vals.stack[i].loc, Loc::Local(_)) {
                    self.spill(i);
                }
            }
        }
        let mut moves = Moves::new();
        for (w, (i, hi)) in word_list(self.sig.results.iter().copied()).enumerate() {
            let val = self.vals.stack[base + i];
            if w >= REG_WORDS {
                self.store_word(val, base + i, hi, 4 * (w - REG_WORDS) as i32);
            } else {
                moves.push((A0 + w as Reg, self.word_src(val, base + i, hi)));
            }
        }
        self.parallel_move(moves);
        self.restore_and_return();
    }

    /// Returns to the caller.
    fn restore_and_return(&mut self) {
        self.emit.asm.emit(Inst::Jalr {
            rd: ZERO,
            rs1: RA,
            offset: 0,
        });
    }

    /// Moves the values a branch to frame `f` carries into the label's slots
    /// (no state change).
    fn branch_moves(&mut self, f: usize) {
        let frame = &self.ctrl.frames[f];
        let k = frame.branch_types().len();
        let h = frame.height;
        let base = self.vals.stack.len() - k;
        for i in 0..k {
            let v = self.vals.stack[base + i];
            let off = self.vals.slot(h + i);
            self.vals.touch_depth(h + i);
            self.store_val(v, base + i, off);
        }
    }

    /// True when a branch to frame `f` needs no moves.
    fn branch_is_free(&self, f: usize) -> bool {
        let frame = &self.ctrl.frames[f];
        let k = frame.branch_types().len();
        let base = self.vals.stack.len() - k;
        base == frame.height && self.vals.stack[base..].iter().all(|v| v.loc == Loc::Mem)
    }

    fn frame_index(&self, depth: u32) -> usize {
        self.ctrl.frames.len() - 1 - depth as usize
    }

    /// `br depth`.
    pub fn br(&mut self, depth: u32) {
        let f = self.frame_index(depth);
        if self.ctrl.frames[f].kind == FrameKind::Function {
            self.emit_return();
        } else {
            self.branch_moves(f);
            let label = self.ctrl.frames[f].label;
            self.jump(label);
        }
        self.ctrl.reachable = false;
    }

    /// `br_if depth`.
    pub fn br_if(&mut self, depth: u32) {
        let c = self.pop_cond();
        let f = self.frame_index(depth);
        let not = crate::asm::invert(c.op);
        if self.ctrl.frames[f].kind == FrameKind::Function {
            if self.sig.result_words() > REG_WORDS {
                self.spill_all();
            }
            let skip = self.skip_if(not, c.a, c.b);
            let at_skip = self.vals.cache.snapshot(&self.emit.asm.code);
            self.vals.free_reg(c.owned);
            self.emit_return();
            self.end_skip(skip);
            self.resume_after_jump(&at_skip);
        } else if self.branch_is_free(f) {
            let label = self.ctrl.frames[f].label;
            self.branch(c.op, c.a, c.b, label);
            self.vals.free_reg(c.owned);
        } else {
            let skip = self.skip_if(not, c.a, c.b);
            let at_skip = self.vals.cache.snapshot(&self.emit.asm.code);
            self.vals.free_reg(c.owned);
            self.branch_moves(f);
            let label = self.ctrl.frames[f].label;
            self.jump(label);
            self.end_skip(skip);
            self.resume_after_jump(&at_skip);
        }
    }

    /// Continues at code that only a jump from the point `at` was taken reaches:
    /// after skipped code that ended in a jump or a return (a `br_if`), or at a
    /// `br_table` trampoline. The slot cache's facts are then those of `at`, not
    /// what the code emitted in between loaded on its own path (a return loads
    /// its results into `a0`/`a1`, which the code here never did).
    fn resume_after_jump(&mut self, at: &SlotCache) {
        let len = self.emit.asm.code.len();
        self.vals.cache.restore(at, len);
    }

    /// `br_table`: a bounds check, then `jalr` into a table of `jal`s. The check
    /// skips over the table to the default target's code; a table too long for a
    /// conditional branch's 4 KiB reach ([`BR_TABLE_SKIP_MAX`] entries) instead
    /// skips a `jal` to it (one instruction more on the default path only).
    pub fn br_table(&mut self, targets: &[u32], default: u32) {
        let idx = self.pop_reg();
        self.spill_all();
        let n = targets.len() as i32;
        self.emit.asm.li(T0, n);
        let to_default = if targets.len() <= BR_TABLE_SKIP_MAX {
            ToDefault::Skip(self.skip_if(BranchOp::Bgeu, idx, T0))
        } else {
            let over = self.skip_if(BranchOp::Bltu, idx, T0);
            let at = self.emit.asm.code.len();
            self.emit.asm.jal(ZERO, 0);
            self.end_skip(over);
            ToDefault::Jump(at)
        };
        self.emit.asm.imm(ImmOp::Slli, T0, idx, 2);
        self.emit.asm.emit(Inst::Auipc { rd: T1, imm: 0 });
        self.emit.asm.reg(RegOp::Add, T0, T0, T1);
        self.emit.asm.emit(Inst::Jalr {
            rd: ZERO,
            rs1: T0,
            offset: 12,
        });
        self.vals.free_reg(idx);
        // The table: one jal per entry, patched once each target's code exists.
        let table = self.emit.asm.code.len();
        for _ in 0..n {
            self.emit.asm.jal(ZERO, 0);
        }
        // What the slot cache knows at the dispatch holds at every trampoline's
        // start, which only the table's `jal`s reach (not the code before it).
        let at_table = self.vals.cache.snapshot(&self.emit.asm.code);
        match to_default {
            ToDefault::Skip(at) => self.end_skip(at),
            ToDefault::Jump(at) => self.patch_jump(at, self.emit.asm.pc()),
        }
        // Default target directly here, then trampolines for the table entries.
        // The code's pc per branch depth once emitted (each depth's code once).
        const NOT_YET: u32 = u32::MAX;
        let mut pc_of = vec![NOT_YET; self.ctrl.frames.len()];
        pc_of[default as usize] = self.emit.asm.pc();
        self.br_code(default);
        for (i, t) in targets.iter().enumerate() {
            let pc = match pc_of[*t as usize] {
                NOT_YET => {
                    let pc = self.emit.asm.pc();
                    self.resume_after_jump(&at_table);
                    self.br_code(*t);
                    pc_of[*t as usize] = pc;
                    pc
                }
                pc => pc,
            };
            self.patch_jump(table + i, pc);
        }
        self.ctrl.reachable = false;
    }

    /// Code for one `br` edge without touching state (for br_table trampolines).
    fn br_code(&mut self, depth: u32) {
        let f = self.frame_index(depth);
        if self.ctrl.frames[f].kind == FrameKind::Function {
            self.emit_return();
        } else {
            self.branch_moves(f);
            let label = self.ctrl.frames[f].label;
            self.jump(label);
        }
    }

    /// Enters a block/loop/if with parameter and result types.
    pub fn enter(&mut self, kind: FrameKind, params: &'a [ValType], results: &'a [ValType]) {
        let reachable = self.ctrl.reachable;
        let cond = if kind == FrameKind::If && reachable {
            Some(self.pop_cond())
        } else {
            None
        };
        // In unreachable code the stack is polymorphic and may hold fewer values
        // than the parameters; never let a frame reach below its parent's values.
        let parent = self.ctrl.frames.last().map_or(0, |f| f.height);
        let height = self
            .vals
            .stack
            .len()
            .saturating_sub(params.len())
            .max(parent);
        if reachable {
            self.spill_all();
            // Parameters must be in their slots, constants included: other edges
            // (the else arm, loop back-edges) find them there.
            for i in height..self.vals.stack.len() {
                self.spill(i);
            }
        }
        let label = self.ctrl.new_label();
        let else_label = (kind == FrameKind::If).then(|| self.ctrl.new_label());
        if let (Some(c), Some(el)) = (cond, else_label) {
            self.branch(crate::asm::invert(c.op), c.a, c.b, el);
            self.vals.free_reg(c.owned);
        }
        if kind == FrameKind::Loop && reachable {
            self.bind(label);
        }
        self.ctrl.frames.push(super::Frame {
            kind,
            label,
            else_label,
            height,
            params,
            results,
            entered_reachable: reachable,
        });
    }

    /// Drops the stack to `height`, freeing registers.
    fn truncate(&mut self, height: usize) {
        while self.vals.stack.len() > height {
            let p = self.vals.pop();
            self.vals.free_val(p.val);
        }
    }

    /// Stores the fallthrough results of the innermost frame in their slots.
    fn fallthrough_to_slots(&mut self) {
        let f = self.ctrl.frames.len() - 1;
        let k = self.ctrl.frames[f].results.len();
        let base = self.vals.stack.len() - k;
        for i in base..self.vals.stack.len() {
            self.spill(i);
        }
    }

    /// `else`.
    pub fn else_(&mut self) {
        let f = self.ctrl.frames.len() - 1;
        let entered = self.ctrl.frames[f].entered_reachable;
        if entered && self.ctrl.reachable {
            self.fallthrough_to_slots();
            let label = self.ctrl.frames[f].label;
            self.jump(label);
        }
        let height = self.ctrl.frames[f].height;
        self.truncate(height);
        if let Some(el) = self.ctrl.frames[f].else_label.take() {
            if entered {
                self.bind(el);
            }
        }
        self.ctrl.frames[f].kind = FrameKind::Else;
        let params = self.ctrl.frames[f].params;
        for &t in params {
            self.vals.push(t, Loc::Mem);
        }
        self.ctrl.reachable = entered;
    }

    /// `end`; returns true when it closed the function body.
    pub fn end(&mut self) -> bool {
        let frame = self.ctrl.frames.last().expect("validated: frame");
        if frame.kind == FrameKind::Function {
            if self.ctrl.reachable {
                self.emit_return();
            }
            self.ctrl.frames.pop();
            return true;
        }
        let kind = frame.kind;
        let label = frame.label;
        let else_label = frame.else_label;
        let height = frame.height;
        let entered = frame.entered_reachable;
        let results = frame.results;
        let joins = match kind {
            FrameKind::Loop => false,
            FrameKind::If => true,
            _ => self.ctrl.labels[label].used,
        };
        if !entered {
            self.ctrl.frames.pop();
            self.truncate(height);
            for &t in results {
                self.vals.push(t, Loc::Mem);
            }
            return false;
        }
        let was_reachable = self.ctrl.reachable;
        if joins {
            if was_reachable {
                self.fallthrough_to_slots();
            }
            self.truncate(height);
            if let Some(el) = else_label {
                self.bind(el);
            }
            if kind != FrameKind::Loop {
                self.bind(label);
            }
            for &t in results {
                self.vals.push(t, Loc::Mem);
            }
            self.ctrl.reachable = true;
        } else if !was_reachable {
            self.truncate(height);
            for &t in results {
                self.vals.push(t, Loc::Mem);
            }
        }
        self.ctrl.frames.pop();
        false
    }

    /// When the last argument is a one-word value the instruction just emitted
    /// computed, rewrites that instruction to compute it straight into its
    /// argument register, if that register is free (saves the move there).
    fn retarget_last_arg(&mut self, sig: &FuncSig) {
        let (Some(last), Some(top)) = (sig.params.last(), self.vals.stack.last()) else {
            return;
        };
        let w = sig.param_words() - 1;
        if last.words() != 1 || w >= REG_WORDS {
            return;
        }
        let (ty, dst) = (top.ty, A0 + w as Reg);
        if self.vals.free & (1 << dst) != 0 && self.retarget_top(dst) {
            self.vals.claim(dst);
            self.vals.push(ty, Loc::Reg(dst));
        }
    }

    /// A call: arguments per the calling convention, then the results pushed.
    pub fn call(&mut self, sig: &FuncSig, callee: Callee) {
        let idx = match callee {
            Callee::Indirect(..) => Some(self.vals.pop()),
            _ => None,
        };
        let idx_reg = idx.map(|p| self.owned_reg(p));
        if idx.is_none() {
            self.retarget_last_arg(sig);
        }
        let n = sig.params.len();
        // The arguments, first to last, in a buffer reused across calls.
        let mut args = std::mem::take(&mut self.vals.args);
        args.clear();
        args.extend((0..n).map(|_| self.vals.pop()));
        args.reverse();
        self.spill_regs();
        // The deepest value the call touches: an argument or, when it returns
        // more values than it takes plus one, a result. The outgoing area lies
        // below all of their slots, so the results copied from it to their
        // slots never overwrite a word not yet copied (seed 2154999: six
        // results, a funcref before two f64s, copied over one another).
        let depth_total = self.vals.stack.len() + (n + 1).max(sig.results.len());
        let stack_words = sig
            .param_words()
            .max(sig.result_words())
            .saturating_sub(REG_WORDS);
        let frame =
            8 + 8 * self.vals.local_slots as u64 + 8 * depth_total as u64 + 4 * stack_words as u64;
        let frame = frame.div_ceil(8) * 8;
        let frame = frame.min(i32::MAX as u64 / 2) as i32;
        self.vals.frame_size = self.vals.frame_size.max(frame as u32);
        let mut moves = Moves::new();
        for (w, (i, hi)) in word_list(sig.params.iter().copied()).enumerate() {
            let (val, depth) = (args[i].val, args[i].depth);
            if w >= REG_WORDS {
                self.store_word(val, depth, hi, -frame + 4 * (w - REG_WORDS) as i32);
            } else {
                moves.push((A0 + w as Reg, self.word_src(val, depth, hi)));
            }
        }
        if let (Callee::Indirect(type_id, table), Some(r)) = (callee, idx_reg) {
            self.indirect_target(r, table, type_id);
            self.vals.free_reg(r);
        }
        self.parallel_move(moves);
        for p in &args {
            self.vals.free_val(p.val);
        }
        self.vals.args = args;
        // Pinned locals are caller-saved: a callee may use their registers.
        let keep = !matches!(callee, Callee::Import(_));
        if keep {
            for i in 0..self.vals.saved.len() {
                let (r, off) = self.vals.saved[i];
                self.emit.asm.sw(r, SP, off);
            }
        }
        self.emit.asm.add_sp(-frame);
        match callee {
            Callee::Direct(f) => self.call_direct(f),
            Callee::Import(number) => {
                self.emit.asm.li(T0, number as i32);
                self.emit.asm.emit(Inst::Ecall);
            }
            Callee::Indirect(..) => {
                self.emit.has_calls = true;
                self.emit.asm.emit(Inst::Jalr {
                    rd: RA,
                    rs1: RA,
                    offset: 0,
                });
            }
        }
        self.emit.asm.add_sp(frame);
        if keep {
            self.reload_ra();
            for i in 0..self.vals.saved.len() {
                let (r, off) = self.vals.saved[i];
                self.emit.asm.lw(r, SP, off);
            }
        }
        // Results: words 0..6 in a0..a5, the rest in the outgoing area.
        let mut w = 0usize;
        for ty in &sig.results {
            let depth = self.vals.stack.len();
            let words = ty.words();
            if w + words <= REG_WORDS {
                let lo = A0 + w as Reg;
                self.vals.claim(lo);
                if words == 2 {
                    self.vals.claim(lo + 1);
                    self.vals.push(*ty, Loc::Pair(lo, lo + 1));
                } else {
                    self.vals.push(*ty, Loc::Reg(lo));
                }
            } else {
                self.vals.push(*ty, Loc::Mem);
                let slot = self.vals.slot(depth);
                for k in 0..words {
                    let ww = w + k;
                    if ww < REG_WORDS {
                        self.emit.asm.sw(A0 + ww as Reg, SP, slot + 4 * k as i32);
                    } else {
                        self.emit
                            .asm
                            .lw(T0, SP, -frame + 4 * (ww - REG_WORDS) as i32);
                        self.emit.asm.sw(T0, SP, slot + 4 * k as i32);
                    }
                }
            }
            w += words;
        }
    }
}
