//! Single-pass translation of one function body.
//!
//! The translator keeps an *operand stack* of [`Val`]s mirroring Wasm's value stack,
//! each one a constant, a reference to a local, a register (two for an i64), or
//! [`Loc::Mem`]: spilled to the frame slot of its stack depth. Values stay in the pool
//! registers (x6..x15 minus pinned ones) while they can; when the pool runs out the
//! oldest register value is spilled. At control-flow joins the stack is *canonical*:
//! every value below the join's height is a constant or in its slot, and a label's
//! values are in the slots of the depths they will occupy, so every edge into a label
//! agrees on where values live without per-edge bookkeeping (Winch's approach).
//!
//! Locals: a linear pre-scan of the raw bytes (`pins`) counts uses (uses inside
//! loops weigh more) and notes which trap stubs the body can need. In a
//! function without calls the register parameters stay in their argument registers;
//! the hottest locals get x8, x9, x6, x7 (at most five words pinned in all, so the
//! pool keeps five registers, what an i64 `select` holds at once). Pinned registers
//! are saved around calls. Other locals live in frame slots and `local.get` pushes a
//! lazy reference read when used.
//! Operators read pinned registers directly, a `local.set` of a value just computed
//! rewrites that instruction's destination, and an i32 comparison feeding `br_if`,
//! `if` or `select` becomes one conditional branch (the comparison's code is taken
//! back; a `select` of the compared locals reuses the registers they were loaded
//! into). Operators arrive through `fused`, which validates each one first.
//!
//! Frame layout (the frame lives below the `sp` the function receives):
//!
//! ```text
//! sp + 4k          stack-passed parameter word 6 + k (the caller's outgoing area);
//!                  unpinned ones are used in place as locals
//! sp - 4           saved ra (only in functions that call)
//! sp - 8 - 8(j+1)  slot j: locals, then save slots of pinned registers
//! below            operand stack slots, 8 bytes per depth
//! below            the outgoing area of a call, at the callee's sp
//! ```

mod control;
mod float;
mod fused;
mod memory;
mod ops;
mod pins;
mod table;
mod translate;

pub(crate) use fused::Validator;
pub(crate) use translate::{translate_function, translate_trusted};

use crate::asm::{Asm, RA, T0, ZERO};
use crate::module::Env;
use rivet_format::abi::{wasm_reg, TrapCode};
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{fits_signed, BranchOp, Inst, Reg};

/// Where an operand-stack value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loc {
    /// A constant (i32 values are stored sign-extended).
    Const(i64),
    /// The current value of a local (read lazily).
    Local(u32),
    /// An i32 in a register.
    Reg(Reg),
    /// An i64 in two registers (low, high).
    Pair(Reg, Reg),
    /// In the frame slot of the value's stack depth.
    Mem,
}

/// One operand-stack value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Val {
    pub ty: ValType,
    pub loc: Loc,
}

/// A popped value together with the depth it had (for [`Loc::Mem`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Popped {
    pub val: Val,
    pub depth: usize,
}

/// The trap kinds that have per-function stubs, in stub order.
pub(crate) const STUB_TRAPS: [TrapCode; 8] = [
    TrapCode::Unreachable,
    TrapCode::OutOfBounds,
    TrapCode::DivByZero,
    TrapCode::Overflow,
    TrapCode::UninitElement,
    TrapCode::IndirectTypeMismatch,
    TrapCode::UndefinedElement,
    TrapCode::StackExhausted,
];

/// Index of a trap kind in [`STUB_TRAPS`] (0 for kinds without stubs).
#[inline]
pub(crate) fn stub_index(code: TrapCode) -> usize {
    STUB_TRAPS.iter().position(|c| *c == code).unwrap_or(0)
}

/// A forward reference to patch when its label is bound: one link of the
/// label's list (all lists share [`FuncCtx::fixups`], so labels allocate nothing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixup {
    /// Word index of the branch or jal.
    pub at: usize,
    /// The label's previous fixup (index into `fixups`), or `NONE`.
    pub next: u32,
}

/// A trap kind without a stub yet.
pub(crate) const NO_STUB: u32 = u32::MAX;

/// End of a fixup list.
const NONE: u32 = u32::MAX;

/// A jump target inside the function.
#[derive(Debug)]
pub(crate) struct Label {
    pub pc: Option<u32>,
    /// The latest forward reference (index into `fixups`), or `NONE`.
    pub fixups: u32,
    pub used: bool,
}

impl Default for Label {
    fn default() -> Self {
        Label {
            pc: None,
            fixups: NONE,
            used: false,
        }
    }
}

/// Kinds of control frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrameKind {
    Function,
    Block,
    Loop,
    If,
    Else,
}

/// A control frame (its types borrow from the module environment).
#[derive(Debug)]
pub(crate) struct Frame<'a> {
    pub kind: FrameKind,
    /// Branch target: the end (blocks, ifs) or the header (loops).
    pub label: usize,
    /// The false edge of an `if`.
    pub else_label: Option<usize>,
    /// Stack height below the frame's parameters.
    pub height: usize,
    pub params: &'a [ValType],
    pub results: &'a [ValType],
    /// Whether code was reachable when the frame was entered.
    pub entered_reachable: bool,
}

impl Frame<'_> {
    /// Types a branch to this frame carries.
    pub fn branch_types(&self) -> &[ValType] {
        if self.kind == FrameKind::Loop {
            self.params
        } else {
            self.results
        }
    }
}

/// Where a local lives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalInfo {
    pub ty: ValType,
    /// sp-relative offset of its slot (unused while pinned).
    pub off: i32,
    /// Pinned registers (low, high): the local lives there for the whole function.
    pub pin: Option<(Reg, Reg)>,
}

/// A comparison whose code can be replaced by a fused conditional branch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CmpRecord {
    /// Code length before and after the comparison's instructions.
    pub start: usize,
    pub end: usize,
    /// Stack length with the result pushed.
    pub stack_len: usize,
    /// The result register.
    pub result: Reg,
    /// The branch that is taken when the comparison is true.
    pub op: BranchOp,
    pub a: Reg,
    pub b: Reg,
    /// The locals whose current values `a` and `b` hold, if any.
    pub srcs: [Option<u32>; 2],
}

/// A branch condition: taken when `op(a, b)`; `owned` registers are freed after.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cond {
    pub op: BranchOp,
    pub a: Reg,
    pub b: Reg,
    pub owned: Reg,
    /// For a fused comparison: the locals whose values `a` and `b` hold.
    pub srcs: [Option<u32>; 2],
}

/// Registers that may hold pinned locals (besides a leaf's own argument
/// registers), in the order they are handed out.
pub(crate) const PIN_REGS: [Reg; 4] = [8, 9, 6, 7];

/// The register pool as a bit mask over x0..x15.
pub(crate) const POOL_MASK: u16 = {
    let mut m = 0u16;
    let mut r = wasm_reg::POOL_FIRST;
    while r <= wasm_reg::POOL_LAST {
        m |= 1 << r;
        r += 1;
    }
    m
};

/// Per-function translation state.
pub(crate) struct FuncCtx<'a> {
    pub env: &'a Env,
    pub asm: &'a mut Asm,
    pub sig: &'a FuncSig,
    /// Every local (parameters first).
    pub locals: Vec<LocalInfo>,
    /// Pool registers of this function (the pool minus pinned locals).
    pub pool: u16,
    /// Pinned registers and the sp-relative slots where they are saved around
    /// calls (they are caller-saved, like every register).
    pub saved: Vec<(Reg, i32)>,
    /// The last i32 comparison, while its result is still on top (branch fusion).
    pub last_cmp: Option<CmpRecord>,
    /// (word index, register): the last instruction alone computed that register's
    /// i32 value, so a consumer may retarget its destination instead of moving.
    pub last_def: Option<(usize, Reg)>,
    /// Number of 8-byte local slots below sp.
    pub local_slots: u32,
    pub stack: Vec<Val>,
    /// Free pool registers.
    pub free: u16,
    pub frames: Vec<Frame<'a>>,
    pub labels: Vec<Label>,
    /// Forward references of all labels, chained per label.
    pub fixups: Vec<Fixup>,
    pub reachable: bool,
    /// pc of the nearest stub per trap kind ([`NO_STUB`] until one exists).
    pub stubs: [u32; 8],
    /// Largest frame size any point of the body needs below sp.
    pub frame_size: u32,
    pub has_calls: bool,
    /// Emit long forms for forward conditional branches (set on retry).
    pub long_branches: bool,
    /// A forward branch did not reach its label: retranslate with long branches.
    pub range_failed: bool,
    /// Direct calls to patch: (word index, function index).
    pub calls: Vec<(usize, u32)>,
}

impl<'a> FuncCtx<'a> {
    /// sp-relative offset of the slot of stack depth `d`.
    #[inline]
    pub fn slot(&self, d: usize) -> i32 {
        -8 - 8 * self.local_slots as i32 - 8 * (d as i32 + 1)
    }

    /// Notes that depth `d` exists (frame size bookkeeping).
    #[inline]
    pub fn touch_depth(&mut self, d: usize) {
        let need = (8 + 8 * self.local_slots as u64 + 8 * (d as u64 + 1)).min(u32::MAX as u64);
        self.frame_size = self.frame_size.max(need as u32);
    }

    #[inline]
    pub fn push(&mut self, ty: ValType, loc: Loc) {
        self.stack.push(Val { ty, loc });
        self.touch_depth(self.stack.len() - 1);
    }

    #[inline]
    pub fn pop(&mut self) -> Popped {
        let depth = self.stack.len() - 1;
        let val = self
            .stack
            .pop()
            .expect("validated: operand stack underflow");
        Popped { val, depth }
    }

    // ---- registers -------------------------------------------------------------

    #[inline]
    fn take_free(&mut self, prefer: u16) -> Option<Reg> {
        let cand = if self.free & prefer != 0 {
            self.free & prefer
        } else {
            self.free
        };
        if cand == 0 {
            return None;
        }
        let r = cand.trailing_zeros() as Reg;
        self.free &= !(1 << r);
        Some(r)
    }

    /// A free pool register, spilling the oldest register value if needed.
    #[inline]
    pub fn alloc(&mut self) -> Reg {
        loop {
            // Prefer x6..x9 so that a0..a5 stay free for call arguments.
            if let Some(r) = self.take_free(0x03c0) {
                return r;
            }
            let victim = self
                .stack
                .iter()
                .position(|v| matches!(v.loc, Loc::Reg(_) | Loc::Pair(..)))
                .expect("register pool exhausted with nothing to spill");
            self.spill(victim);
        }
    }

    #[inline]
    pub fn free_reg(&mut self, r: Reg) {
        if r < 16 && self.pool & (1 << r) != 0 {
            self.free |= 1 << r;
        }
    }

    #[inline]
    pub fn free_val(&mut self, v: Val) {
        match v.loc {
            Loc::Reg(r) => self.free_reg(r),
            Loc::Pair(a, b) => {
                self.free_reg(a);
                self.free_reg(b);
            }
            _ => {}
        }
    }

    /// Marks `r` allocated (it must be free).
    #[inline]
    pub fn claim(&mut self, r: Reg) {
        debug_assert!(self.free & (1 << r) != 0, "claiming busy register x{r}");
        self.free &= !(1 << r);
    }

    // ---- moving values -----------------------------------------------------------

    /// Loads word `hi` (0 = low, 1 = high) of `v` (at depth `depth`) into `rd`
    /// without changing any state.
    #[inline]
    pub fn load_word(&mut self, rd: Reg, v: Val, depth: usize, hi: bool) {
        let w = if hi { 4 } else { 0 };
        match v.loc {
            Loc::Const(c) => {
                let c = if hi { (c >> 32) as i32 } else { c as i32 };
                self.asm.li(rd, c);
            }
            Loc::Local(i) => {
                let l = self.locals[i as usize];
                match l.pin {
                    Some((lo, h)) => self.asm.mv(rd, if hi { h } else { lo }),
                    None => self.asm.lw(rd, crate::asm::SP, l.off + w),
                }
            }
            Loc::Reg(r) => {
                if hi {
                    self.asm.li(rd, 0);
                } else {
                    self.asm.mv(rd, r);
                }
            }
            Loc::Pair(l, h) => self.asm.mv(rd, if hi { h } else { l }),
            Loc::Mem => {
                let off = self.slot(depth) + w;
                self.asm.lw(rd, crate::asm::SP, off);
            }
        }
    }

    /// Stores `v` into the 8-byte slot at sp-relative `off` without changing state
    /// (uses T0 for non-register sources).
    pub fn store_val(&mut self, v: Val, depth: usize, off: i32) {
        let words = if v.ty.words() == 2 { 2 } else { 1 };
        for k in 0..words {
            let hi = k == 1;
            let src = match v.loc {
                Loc::Reg(r) if !hi => r,
                Loc::Pair(l, h) => {
                    if hi {
                        h
                    } else {
                        l
                    }
                }
                Loc::Const(c) if (if hi { c >> 32 } else { c as i32 as i64 }) == 0 => ZERO,
                Loc::Mem if self.slot(depth) == off => continue,
                _ => {
                    self.load_word(T0, v, depth, hi);
                    T0
                }
            };
            self.asm.sw(src, crate::asm::SP, off + 4 * k);
        }
    }

    /// Moves stack entry `i` to its own slot.
    pub fn spill(&mut self, i: usize) {
        let v = self.stack[i];
        if matches!(v.loc, Loc::Mem) {
            return;
        }
        let off = self.slot(i);
        self.store_val(v, i, off);
        self.free_val(v);
        self.stack[i].loc = Loc::Mem;
    }

    /// Spills every register and local reference (constants stay): the canonical
    /// state at control-flow joins.
    pub fn spill_all(&mut self) {
        for i in 0..self.stack.len() {
            if !matches!(self.stack[i].loc, Loc::Const(_)) {
                self.spill(i);
            }
        }
    }

    /// Spills every register value (locals and constants stay): before calls.
    pub fn spill_regs(&mut self) {
        for i in 0..self.stack.len() {
            if matches!(self.stack[i].loc, Loc::Reg(_) | Loc::Pair(..)) {
                self.spill(i);
            }
        }
    }

    /// Materializes stack entries that read local `idx` (before it is written).
    pub fn isolate_local(&mut self, idx: u32) {
        for i in 0..self.stack.len() {
            if self.stack[i].loc == Loc::Local(idx) {
                self.spill(i);
            }
        }
    }

    /// An owned register holding the i32 `p`.
    #[inline]
    pub fn owned_reg(&mut self, p: Popped) -> Reg {
        match p.val.loc {
            Loc::Reg(r) => r,
            Loc::Pair(l, h) => {
                self.free_reg(h);
                l
            }
            _ => {
                let r = self.alloc();
                self.load_word(r, p.val, p.depth, false);
                r
            }
        }
    }

    /// Owned registers (low, high) holding the i64 `p`.
    #[inline]
    pub fn owned_pair(&mut self, p: Popped) -> (Reg, Reg) {
        match p.val.loc {
            Loc::Pair(l, h) => (l, h),
            _ => {
                let l = self.alloc();
                let h = self.alloc();
                self.load_word(l, p.val, p.depth, false);
                self.load_word(h, p.val, p.depth, true);
                (l, h)
            }
        }
    }

    /// A register holding the i32 `p` for reading: a pinned local's own register
    /// (not owned) or an owned one.
    #[inline]
    pub fn src_reg(&mut self, p: Popped) -> (Reg, bool) {
        if let Loc::Local(i) = p.val.loc {
            if let Some((r, _)) = self.locals[i as usize].pin {
                return (r, false);
            }
        }
        (self.owned_reg(p), true)
    }

    /// Notes that the instruction just emitted alone produced `r`.
    #[inline]
    pub fn note_def(&mut self, r: Reg) {
        self.last_def = Some((self.asm.code.len() - 1, r));
    }

    /// If the top of the stack is the register just produced by the last
    /// instruction, rewrites that instruction to write `dst` instead and pops it.
    pub fn retarget_top(&mut self, dst: Reg) -> bool {
        let Some((at, r)) = self.last_def else {
            return false;
        };
        if at + 1 != self.asm.code.len() || self.stack.last().map(|v| v.loc) != Some(Loc::Reg(r)) {
            return false;
        }
        let new = match Inst::decode(self.asm.code[at]) {
            Ok(Inst::Reg { op, rd, rs1, rs2 }) if rd == r => Inst::Reg {
                op,
                rd: dst,
                rs1,
                rs2,
            },
            Ok(Inst::Imm { op, rd, rs1, imm }) if rd == r => Inst::Imm {
                op,
                rd: dst,
                rs1,
                imm,
            },
            Ok(Inst::Load {
                op,
                rd,
                rs1,
                offset,
            }) if rd == r => Inst::Load {
                op,
                rd: dst,
                rs1,
                offset,
            },
            _ => return false,
        };
        self.asm.patch(at, new);
        self.stack.pop();
        self.free_reg(r);
        self.last_def = None;
        true
    }

    /// Frees `r` if `owned`.
    #[inline]
    pub fn release(&mut self, r: Reg, owned: bool) {
        if owned {
            self.free_reg(r);
        }
    }

    /// Pops an i32 branch condition, fusing it with the comparison that produced it
    /// when that is still the last code emitted.
    pub fn pop_cond(&mut self) -> Cond {
        if let (Some(rec), Some(top)) = (self.last_cmp.take(), self.stack.last()) {
            if top.loc == Loc::Reg(rec.result)
                && self.stack.len() == rec.stack_len
                && self.asm.code.len() == rec.end
            {
                self.stack.pop();
                self.asm.code.truncate(rec.start);
                return Cond {
                    op: rec.op,
                    a: rec.a,
                    b: rec.b,
                    owned: rec.result,
                    srcs: rec.srcs,
                };
            }
        }
        let p = self.pop();
        let (r, owned) = self.src_reg(p);
        Cond {
            op: BranchOp::Bne,
            a: r,
            b: ZERO,
            owned: if owned { r } else { ZERO },
            srcs: [None; 2],
        }
    }

    #[inline]
    pub fn pop_reg(&mut self) -> Reg {
        let p = self.pop();
        self.owned_reg(p)
    }

    #[inline]
    pub fn pop_pair(&mut self) -> (Reg, Reg) {
        let p = self.pop();
        self.owned_pair(p)
    }

    // ---- labels and traps ------------------------------------------------------

    pub fn new_label(&mut self) -> usize {
        self.labels.push(Label::default());
        self.labels.len() - 1
    }

    /// Chains a forward reference at word `at` to `label`.
    fn add_fixup(&mut self, label: usize, at: usize) {
        let next = self.labels[label].fixups;
        self.labels[label].fixups = self.fixups.len() as u32;
        self.fixups.push(Fixup { at, next });
    }

    /// Binds `label` to the current pc and patches its forward references.
    pub fn bind(&mut self, label: usize) {
        let pc = self.asm.pc();
        self.labels[label].pc = Some(pc);
        let mut next = std::mem::replace(&mut self.labels[label].fixups, NONE);
        while next != NONE {
            let f = self.fixups[next as usize];
            next = f.next;
            let from = 4 * f.at as u32;
            let offset = pc.wrapping_sub(from) as i32;
            let old = Inst::decode(self.asm.code[f.at]).expect("own instruction");
            let new = match old {
                Inst::Branch { op, rs1, rs2, .. } => {
                    if !fits_signed(offset, 13) {
                        self.range_failed = true;
                        continue;
                    }
                    Inst::Branch {
                        op,
                        rs1,
                        rs2,
                        offset,
                    }
                }
                Inst::Jal { rd, .. } => {
                    if !fits_signed(offset, 21) {
                        self.range_failed = true;
                        continue;
                    }
                    Inst::Jal { rd, offset }
                }
                other => other,
            };
            self.asm.patch(f.at, new);
        }
    }

    /// `jal x0, label`.
    pub fn jump(&mut self, label: usize) {
        self.labels[label].used = true;
        match self.labels[label].pc {
            Some(pc) => {
                let off = pc.wrapping_sub(self.asm.pc()) as i32;
                if fits_signed(off, 21) {
                    self.asm.jal(ZERO, off);
                } else {
                    self.range_failed = true;
                    self.asm.jal(ZERO, 0);
                }
            }
            None => {
                let at = self.asm.code.len();
                self.add_fixup(label, at);
                self.asm.jal(ZERO, 0);
            }
        }
    }

    /// Branches to `label` when `op(rs1, rs2)`.
    pub fn branch(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, label: usize) {
        self.labels[label].used = true;
        match self.labels[label].pc {
            Some(pc) => {
                let off = pc.wrapping_sub(self.asm.pc()) as i32;
                if fits_signed(off, 13) {
                    self.asm.branch(op, rs1, rs2, off);
                } else {
                    self.asm.branch(crate::asm::invert(op), rs1, rs2, 8);
                    self.jump(label);
                }
            }
            None if self.long_branches => {
                self.asm.branch(crate::asm::invert(op), rs1, rs2, 8);
                self.jump(label);
            }
            None => {
                let at = self.asm.code.len();
                self.add_fixup(label, at);
                self.asm.branch(op, rs1, rs2, 0);
            }
        }
    }

    /// Emits a stub for `code` here: `a0 = code; jump to the module's trap ecall`.
    pub fn emit_stub(&mut self, code: TrapCode) {
        self.stubs[stub_index(code)] = self.asm.pc();
        self.asm.li(crate::asm::A0, code as i32);
        let off = self.env.trap_pc.wrapping_sub(self.asm.pc()) as i32;
        if fits_signed(off, 21) {
            self.asm.jal(ZERO, off);
        } else {
            self.asm.li(T0, rivet_format::abi::ecall::TRAP as i32);
            self.asm.emit(Inst::Ecall);
        }
    }

    /// Starts a forward skip taken when `op(rs1, rs2)`; finish with [`Self::end_skip`].
    pub fn skip_if(&mut self, op: BranchOp, rs1: Reg, rs2: Reg) -> usize {
        let at = self.asm.code.len();
        self.asm.branch(op, rs1, rs2, 0);
        at
    }

    /// Points the skip started at word `at` here.
    pub fn end_skip(&mut self, at: usize) {
        let off = (4 * (self.asm.code.len() - at)) as i32;
        match Inst::decode(self.asm.code[at]) {
            Ok(Inst::Branch { op, rs1, rs2, .. }) if fits_signed(off, 13) => self.asm.patch(
                at,
                Inst::Branch {
                    op,
                    rs1,
                    rs2,
                    offset: off,
                },
            ),
            _ => self.range_failed = true,
        }
    }

    /// Traps with `code` when `op(rs1, rs2)`.
    pub fn trap_if(&mut self, op: BranchOp, rs1: Reg, rs2: Reg, code: TrapCode) {
        let stub = self.stubs[stub_index(code)];
        let off = stub.wrapping_sub(self.asm.pc()) as i32;
        if stub != NO_STUB && fits_signed(off, 13) {
            self.asm.branch(op, rs1, rs2, off);
            return;
        }
        // None yet or out of reach: place a fresh stub here, jumped over by
        // straight-line code.
        let over = self.asm.code.len();
        self.asm.jal(ZERO, 0);
        self.emit_stub(code);
        let off = (4 * (self.asm.code.len() - over)) as i32;
        self.asm.patch(
            over,
            Inst::Jal {
                rd: ZERO,
                offset: off,
            },
        );
        let off = self.stubs[stub_index(code)].wrapping_sub(self.asm.pc()) as i32;
        self.asm.branch(op, rs1, rs2, off);
    }

    /// Traps with `code` unconditionally.
    pub fn trap(&mut self, code: TrapCode) {
        let stub = self.stubs[stub_index(code)];
        let off = stub.wrapping_sub(self.asm.pc()) as i32;
        if stub != NO_STUB && fits_signed(off, 21) {
            self.asm.jal(ZERO, off);
        } else {
            self.emit_stub(code);
        }
    }

    /// Restores `ra` after a call clobbered it.
    pub fn reload_ra(&mut self) {
        self.asm.lw(RA, crate::asm::SP, -4);
    }
}
