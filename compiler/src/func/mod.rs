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
//! lazy reference read when used; the slot cache (`slot_cache`) remembers which pool
//! registers still hold a frame slot's value (after a store, a spill or a load), so
//! such a read becomes a register use or a move, and a spill whose registers already
//! hold the slot (or a frame local's current value) needs no store. To keep those
//! registers useful, an operator whose operand register holds a local's word writes
//! its result to a spare register (one free and holding no frame word) when there
//! is one, and a copy from one frame local to another goes through a pool register.
//! Operators read pinned registers directly, a `local.set` of a value just computed
//! rewrites that instruction's destination, and an i32 comparison feeding `br_if`,
//! `if` or `select` becomes one conditional branch (the comparison's code is taken
//! back; a `select` of the compared locals reuses the registers they were loaded
//! into). Operators arrive through `visit`, where the translator is wasmparser's operator
//! visitor and validates each one first.
//!
//! Files per concern: `visit` (the operator visitor: validation, then one arm per
//! operator), `translate` (prologue, local placement, the per-body driver),
//! `values` ([`ValueStack`]: operand stack, locals, register allocation), `labels`
//! ([`Control`] labels, branches and trap stubs; [`Emitter`] state), `control`
//! (blocks, branches, calls, returns), `ops`/`int64`/`float`/`memory`/`table` (the
//! operators), `zx64` (i64 values and locals whose high word is known zero), `zx_scan` (the
//! pre-scan deciding which i64 locals to assume zero-high), `pins` (the local-pinning pre-scan), `slot_cache` (registers holding
//! frame words), `threading` (jumps to jumps retargeted once the body's code is
//! final), `scratch` (buffers reused from body to body). [`FuncCtx`] owns the three
//! parts; each field has one owner.
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
mod extents;
mod float;
mod int64;
mod labels;
mod memory;
mod ops;
mod pins;
mod scratch;
mod slot_cache;
mod table;
mod threading;
mod translate;
mod values;
mod visit;
mod zx64;
mod zx_scan;

pub(crate) use scratch::Scratch;
pub(crate) use translate::{translate_function, translate_trusted};
pub(crate) use visit::Validator;

use crate::asm::Asm;
use crate::env::Env;
use rivet_format::abi::{wasm_reg, TrapCode};
use rivet_format::package::{FuncSig, ValType};
use rivet_format::rv32::{BranchOp, Reg};

/// Where an operand-stack value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loc {
    /// A constant (i32 values are stored sign-extended).
    Const(i64),
    /// The current value of a local (read lazily).
    Local(u32),
    /// An i32 in a register.
    Reg(Reg),
    /// An i64 in two registers (low, high). A high register of x0 means the high
    /// word is known zero (see `zx64`): readers read x0, writers get a real
    /// register from `owned_pair`.
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
/// label's list (all lists share [`Control::fixups`], so labels allocate nothing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fixup {
    /// Word index of the branch or jal.
    pub at: usize,
    /// The label's previous fixup (index into `fixups`), or `NONE`.
    pub next: u32,
    /// A conditional branch's sequence number ([`labels::LongBranches`]), or
    /// `NONE` for a jal.
    pub seq: u32,
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
    /// A declared local whose first access is a `local.set`/`local.tee` in the
    /// body's straight-line prefix: no read can see its initial zero, so the
    /// prologue skips it.
    pub set_first: bool,
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

/// The last i64 add, sub, and, or or xor (`i64_simple`) while its result is still
/// on top and nothing was pushed since: a `local.set` of it into a pinned local
/// that was one of its operands emits it again in place on the local's registers
/// (`int64.rs`, `set_in_place`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct I64Record {
    pub op: ops::Bin,
    /// Code length before and after its instructions.
    pub start: usize,
    pub end: usize,
    /// Result and first-operand registers.
    pub dst: (Reg, Reg),
    pub src: (Reg, Reg),
    /// The second operand as it was popped.
    pub b: Popped,
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

/// Per-function translation state: the module environment and the function's
/// signature, plus the three parts the translator drives (one owner each).
pub(crate) struct FuncCtx<'a> {
    pub env: &'a Env,
    pub sig: &'a FuncSig,
    /// Operand stack, locals and register allocation (`values.rs`).
    pub vals: ValueStack,
    /// Control frames and labels (`control.rs`, `labels.rs`).
    pub ctrl: Control<'a>,
    /// The code buffer with its per-function emission state (`labels.rs`, `asm`).
    pub emit: Emitter<'a>,
}

/// The value stack and the register allocator's state.
pub(crate) struct ValueStack {
    pub stack: Vec<Val>,
    /// Every local (parameters first).
    pub locals: Vec<LocalInfo>,
    /// Number of 8-byte local slots below sp.
    pub local_slots: u32,
    /// Pool registers of this function (the pool minus pinned locals).
    pub pool: u16,
    /// Free pool registers.
    pub free: u16,
    /// Pinned registers and the sp-relative slots where they are saved around
    /// calls (they are caller-saved, like every register).
    pub saved: Vec<(Reg, i32)>,
    /// The last i32 comparison, while its result is still on top (branch fusion).
    pub last_cmp: Option<CmpRecord>,
    /// (word index, register): the last instruction alone computed that register's
    /// i32 value, so a consumer may retarget its destination instead of moving.
    pub last_def: Option<(usize, Reg)>,
    /// The last i64 operation a pinned local's `local.set` may redo in place.
    pub last_i64: Option<I64Record>,
    /// (word index of the first, low, high): the last two instructions loaded
    /// the i64 on top (`lw high, d+4(b); lw low, d(b)`), so a pinned local's
    /// `local.set` may have them write its registers instead of moving.
    /// Cleared like `last_i64` (every push and label).
    pub last_load64: Option<(usize, Reg, Reg)>,
    /// Largest frame size any point of the body needs below sp.
    pub frame_size: u32,
    /// Scratch list of a call's arguments (kept to reuse its allocation).
    pub args: Vec<Popped>,
    /// Accesses proven in bounds in this basic block (`extents.rs`).
    pub extents: extents::Extents,
    /// i64 locals known to have a zero high word (`zx64.rs`).
    pub zx: zx64::ZxLocals,
    /// Frame words that pool registers still hold (`slot_cache.rs`).
    pub cache: slot_cache::SlotCache,
}

/// The control stack: frames and the labels they branch to.
pub(crate) struct Control<'a> {
    pub frames: Vec<Frame<'a>>,
    pub labels: Vec<Label>,
    /// Forward references of all labels, chained per label.
    pub fixups: Vec<Fixup>,
    /// Whether the current point of the body is reachable.
    pub reachable: bool,
    /// The locals each loop writes (the pinning pre-scan's), by position in the
    /// operator bytes.
    pub loop_writes: extents::LoopWrites,
    /// Module offset of the body's first operator (positions above are relative).
    pub code_start: u64,
}

/// Where code goes, and what emitting it has left to patch or retry.
pub(crate) struct Emitter<'a> {
    pub asm: &'a mut Asm,
    /// pc of the nearest stub per trap kind ([`NO_STUB`] until one exists).
    pub stubs: [u32; 8],
    pub has_calls: bool,
    /// Which forward conditional branches take the long form, and which did not
    /// reach (see [`labels::LongBranches`]).
    pub long: labels::LongBranches,
    /// A branch, jump or table entry did not reach its target: translate again.
    pub range_failed: bool,
    /// Direct calls to patch: (word index, function index).
    pub calls: Vec<(usize, u32)>,
}
