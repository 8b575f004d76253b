//! Buffers a function translation needs, kept from one body to the next.
//!
//! A module has hundreds of small functions (contracts especially), and each
//! translation used to allocate a dozen vectors (local types, use weights, pins,
//! local places, operand stack, labels, fixups, call arguments) only to free them
//! at its end. [`Scratch`] owns them between bodies: a translation takes each
//! buffer, clears it, uses it and hands it back, so the allocations happen once
//! per module. The buffers carry no state from one body to the next (each is
//! cleared when taken).

use super::{Fixup, Frame, Label, LocalInfo, Popped, Val};
use rivet_format::package::ValType;
use rivet_format::rv32::Reg;

/// Reusable buffers of the function translator (see the module docs).
#[derive(Default)]
pub(crate) struct Scratch {
    /// Local types, parameters first.
    pub types: Vec<ValType>,
    /// The pre-scan's use weights per local.
    pub weight: Vec<u64>,
    /// The pre-scan's open frames (`pins::frame` bits).
    pub scan_frames: Vec<u8>,
    /// Per local: a declared i64 local the pinning pre-scan did not find a set
    /// of a value with a nonzero high word for (the zero-high pre-scan's
    /// candidates).
    pub zx_candidates: Vec<bool>,
    /// The locals each loop writes (the pinning pre-scan's, for `extents.rs`).
    pub loop_writes: super::extents::LoopWrites,
    /// Locals ordered by weight (pin choice).
    pub order: Vec<usize>,
    /// Pinned locals: (local index, (low, high) registers), by local index.
    pub pins: Vec<(u32, (Reg, Reg))>,
    pub locals: Vec<LocalInfo>,
    pub saved: Vec<(Reg, i32)>,
    pub stack: Vec<Val>,
    pub labels: Vec<Label>,
    pub fixups: Vec<Fixup>,
    pub args: Vec<Popped>,
    /// i64 locals with a zero high word, carried across the retranslations of one
    /// body (`zx64.rs`).
    pub zx: super::zx64::ZxLocals,
    /// Direct calls to patch (handed out with each translated body and given
    /// back by the module once it has taken them in).
    pub calls: Vec<(usize, u32)>,
    /// Which forward branches are long, carried across the retranslations of one
    /// body (`labels.rs`).
    pub long: super::labels::LongBranches,
    /// Open control frames (always empty here: see [`unborrow`]).
    pub frames: Vec<Frame<'static>>,
}

impl Scratch {
    /// Reserves what typical bodies need, once per module: each buffer then
    /// starts with one allocation instead of growing (and copying) step by step
    /// through the module's first bodies.
    pub fn reserve_typical(&mut self) {
        const LOCALS: usize = 32;
        const OPERANDS: usize = 32;
        const BLOCKS: usize = 16;
        self.types.reserve(LOCALS);
        self.weight.reserve(LOCALS);
        self.zx_candidates.reserve(LOCALS);
        self.order.reserve(LOCALS);
        self.locals.reserve(LOCALS);
        self.scan_frames.reserve(BLOCKS);
        self.frames.reserve(BLOCKS);
        self.labels.reserve(2 * BLOCKS);
        self.fixups.reserve(2 * BLOCKS);
        self.stack.reserve(OPERANDS);
        self.args.reserve(OPERANDS / 4);
        self.calls.reserve(OPERANDS);
    }
}

/// An emptied frame buffer, its allocation kept, free of the body's borrows:
/// frames borrow block types from the body's environment, so the buffer is
/// handed back as a vector of another lifetime (the standard library collects
/// an emptied vector into one of the same layout in place).
pub(crate) fn unborrow(mut frames: Vec<Frame<'_>>) -> Vec<Frame<'static>> {
    frames.clear();
    frames
        .into_iter()
        .map(|f| Frame {
            params: &[],
            results: &[],
            ..f
        })
        .collect()
}

/// Takes `v` out of the scratch, cleared (its capacity stays).
pub(crate) fn take<T>(v: &mut Vec<T>) -> Vec<T> {
    let mut v = std::mem::take(v);
    v.clear();
    v
}
