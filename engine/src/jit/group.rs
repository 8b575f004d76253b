//! Checked-once memory accesses: one range check per region, base register and
//! value of that register.
//!
//! (A "block" here is a region: a block plus the blocks after it that are entered
//! only by falling through, see `translate::region_end`; each keeps its own charge.)
//!
//! Most guest accesses of a block share a base register the block does not change
//! before them (the stack pointer, a struct pointer): `lw a, -8(sp)`, `sw b, -4(sp)`,
//! ... Each would cost an address computation, a compare and a branch. When a block
//! has at least two such accesses through the same pinned base, the block start
//! checks once that the union of their byte ranges, `[base + lo, base + hi)`, lies
//! inside memory without 32-bit wrap-around; then every one of those accesses is a
//! single instruction addressing `[mem + base + offset]` (the guest address equals
//! the host sum because nothing wraps).
//!
//! A base the region writes (a heap address computed, bounds-checked by the
//! compiler, then used for the two words of an i64) gets the same treatment for the
//! accesses between two of its writes: the check sits right after the write (at
//! the next instruction translated inline, after a fused idiom), and a failing
//! check continues in the ordinary copy at that instruction.
//!
//! Guarded code (memory in a guard-page reservation, see [`super::access`]) plans
//! no range checks: an access above memory faults into its stub, and so does one
//! whose guest address wraps below 0, in the inaccessible page below the memory.
//! It plans regions only for their dirty marks (below).
//!
//! Dirty marks: a store marks the page ([`DIRTY_GRANULE`]) of its first byte. In
//! guarded code, a region's runs of stores through one base value share their
//! first store's two-page mark ([`super::run_mark`]); the rule below covers the
//! rest, and all of checked code. A
//! store through a base register whose offset lies between the offsets of two
//! earlier stores of the region through the same value of that register (or
//! equals one) needs no mark of its own when those offsets are less than a page
//! apart: so are the two addresses (modulo 2^32, a page boundary), its page is one
//! of theirs,
//! and both stores ran (a region is straight-line code entered only at its
//! start; dynamic entries and failed checks continue in the ordinary copy, which
//! marks every store). A region with such stores is planned even without shared
//! range checks, so that its dynamic entries use the ordinary copy.
//!
//! Exactness: if the union check fails, control goes to a second, ordinary copy of
//! the block (every access checked, faults at their own pcs) emitted out of line;
//! dynamic entries into the block's instructions also use that copy, since they skip
//! the block start. The check comes after the block's charge, so gas, out-of-gas
//! pcs and traps are those of the interpreter on both paths; a later check runs
//! after everything before it ran inline, which the copy then continues from, with
//! no charge of its own until its next leader.

use super::ctx::off_limit;
use super::pins::Pins;
use super::run_mark::Anchors;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm};
use crate::memory::DIRTY_GRANULE;
use crate::module::Module;
use rivet_format::rv32::{Inst, LoadOp, StoreOp};

/// The accesses of one region that share range checks.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Checked at the region start: (host register of the base, lowest offset,
    /// highest offset + width).
    pub ranges: Vec<(u8, i32, i32)>,
    /// Checked later, before instruction `.0` (right after the region last writes
    /// the base): `(index, host, lo, hi)` in index order; a failing check continues
    /// in the region's ordinary copy at that instruction.
    pub later: Vec<(usize, u8, i32, i32)>,
    /// How many of `later` are emitted.
    pub next: usize,
    /// How many stores need no dirty mark of their own.
    pub unmarked: usize,
}

/// Planning state kept across regions, so that planning a region allocates nothing
/// once the buffers have grown: the open run of each base register and the
/// per-instruction marks of planned accesses.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Per base register: its accesses since the region last wrote it.
    runs: [Run; 32],
    /// Bit `r`: the run through register `r` has members (the others are empty).
    open: u32,
    /// Per instruction index: the access needs no check of its own. Only read
    /// inside the region that set it (see [`Tr::checked`]).
    pub marks: Vec<bool>,
    /// Per base register: the lowest and highest offset of the region's stores
    /// through its current value so far (`None`: none yet).
    stored: [Option<(i32, i32)>; 32],
    /// Per instruction index: a store whose page an earlier store of the region
    /// already marked dirty (see [`Tr::unmarked`]). Only read inside the region
    /// that set it.
    pub unmarked: Vec<bool>,
    /// Per instruction index: a guarded store that anchors a run, and the delta
    /// from its address to the run's lowest (see [`super::run_mark`]). Only read
    /// inside the region that set it.
    pub anchor: Vec<Option<i32>>,
    /// The runs of the region being planned (guarded code).
    anchors: Anchors,
}

/// The accesses through one base register since the region last wrote it.
#[derive(Debug, Clone, Default)]
struct Run {
    /// First instruction index the base has its current value at.
    from: usize,
    members: Vec<usize>,
    lo: i32,
    hi: i32,
}

/// Access width of a load or store.
pub(crate) fn width(inst: &Inst) -> Option<u32> {
    match *inst {
        Inst::Load { op, .. } => Some(match op {
            LoadOp::Lb | LoadOp::Lbu => 1,
            LoadOp::Lh | LoadOp::Lhu => 2,
            LoadOp::Lw => 4,
        }),
        Inst::Store { op, .. } => Some(match op {
            StoreOp::Sb => 1,
            StoreOp::Sh => 2,
            StoreOp::Sw => 4,
        }),
        _ => None,
    }
}

/// Adds `run` (of base `b`) to `plan` if it pays: each access checked on its
/// own costs 3 instructions, the shared check 3 (5 with a negative offset).
/// (Guarded code opens no runs, see [`Tr::plan`].)
fn close(pins: &Pins, b: u8, run: &Run, start: usize, plan: &mut Plan, marks: &mut [bool]) {
    let need = if run.lo < 0 { 3 } else { 2 };
    let Some(h) = pins.get(b) else { return };
    if b == 0 || run.members.len() < need {
        return;
    }
    for &j in &run.members {
        marks[j] = true;
    }
    if run.from == start {
        plan.ranges.push((h, run.lo, run.hi));
    } else {
        plan.later.push((run.from, h, run.lo, run.hi));
    }
}

impl Tr<'_> {
    /// Which accesses of the region `[start, end)` can share range checks: per
    /// pinned base register, the accesses between two writes of it (or the region
    /// start and end), when there are enough of them to pay for the shared check.
    /// `None` if there are none; otherwise the planned accesses are marked in
    /// [`Scratch::marks`].
    pub(crate) fn plan(&mut self, module: &Module, start: usize, end: usize) -> Option<Plan> {
        let mut plan = Plan::default();
        let (guard, pins) = (self.guard, self.pins);
        let sp = &self.sp;
        let s = &mut self.scratch;
        if s.marks.len() < module.len() {
            s.marks.resize(module.len(), false);
            s.unmarked.resize(module.len(), false);
            s.anchor.resize(module.len(), None);
        }
        s.open = 0;
        s.stored = [None; 32];
        s.anchors.clear();
        for run in &mut s.runs {
            run.from = start;
        }
        for (j, inst) in module.insts()[start..end].iter().enumerate() {
            let j = start + j;
            s.marks[j] = false;
            s.unmarked[j] = false;
            s.anchor[j] = None;
            if let Inst::Store { rs1, offset, .. } = *inst {
                let seen = &mut s.stored[rs1 as usize & 31];
                // Joins its base's run (guarded code, not marked by the stack
                // plan): its page is one of the two its anchor marked.
                let joins = guard
                    && !super::stack::marks_store(sp, j, rs1)
                    && s.anchors.store(j, rs1, offset);
                // Or lies between two stores less than a page apart: its page
                // is one of theirs.
                let between = matches!(*seen, Some((lo, hi))
                    if (lo..=hi).contains(&offset) && hi - lo < DIRTY_GRANULE as i32);
                if joins || between {
                    s.unmarked[j] = true;
                    plan.unmarked += 1;
                }
                // Its page is marked either way: a later store may lie between.
                let (lo, hi) = seen.unwrap_or((offset, offset));
                *seen = Some((lo.min(offset), hi.max(offset)));
            }
            // Guarded code shares no range checks: it opens no runs.
            if let (
                false,
                Some(w),
                Inst::Load { rs1, offset, .. } | Inst::Store { rs1, offset, .. },
            ) = (guard, width(inst), *inst)
            {
                if rs1 != 0 && pins.get(rs1).is_some() {
                    let b = rs1 as usize & 31;
                    let run = &mut s.runs[b];
                    if s.open & 1 << b == 0 {
                        s.open |= 1 << b;
                        run.members.clear();
                        run.lo = i32::MAX;
                        run.hi = i32::MIN;
                    }
                    run.members.push(j);
                    run.lo = run.lo.min(offset);
                    run.hi = run.hi.max(offset + w as i32);
                }
            }
            s.anchors.write(*inst, &mut s.anchor);
            if let (Some(rd), _) = inst.registers() {
                let b = rd as usize & 31;
                if rd != 0 {
                    s.stored[b] = None;
                    if s.open & 1 << b != 0 {
                        s.open &= !(1 << b);
                        close(&pins, rd, &s.runs[b], start, &mut plan, &mut s.marks);
                    }
                    s.runs[b].from = j + 1;
                }
            }
        }
        s.anchors.close_all(&mut s.anchor);
        // In register order, like the runs closed at the region end always were.
        let mut open = s.open;
        while open != 0 {
            let b = open.trailing_zeros() as usize;
            open &= open - 1;
            close(&pins, b as u8, &s.runs[b], start, &mut plan, &mut s.marks);
        }
        plan.later.sort_by_key(|c| c.0);
        (!plan.ranges.is_empty() || !plan.later.is_empty() || plan.unmarked > 0).then_some(plan)
    }

    /// True if instruction `i` is a store of the current planned region whose
    /// page is already marked dirty (see the module docs).
    pub(crate) fn unmarked(&self, i: usize) -> bool {
        match &self.plan {
            Some((start, end, _)) => (*start..*end).contains(&i) && self.scratch.unmarked[i],
            None => false,
        }
    }

    /// The delta to the lowest address of the run that store `i` anchors, if it
    /// is a store of the current planned region that anchors one (see
    /// [`super::run_mark`]).
    pub(crate) fn anchor(&self, i: usize) -> Option<i32> {
        match &self.plan {
            Some((start, end, _)) if (*start..*end).contains(&i) => self.scratch.anchor[i],
            _ => None,
        }
    }

    /// At the region start: jumps (rel32 positions returned) to the checked copy
    /// unless every range planned there is inside memory.
    pub(crate) fn check_ranges(&mut self, plan: &Plan) -> Vec<usize> {
        let mut fails = Vec::new();
        for &(h, lo, hi) in &plan.ranges {
            self.check_range(h, lo, hi, &mut fails);
        }
        fails
    }

    /// Jumps (rel32 positions pushed to `fails`) unless `[h + lo, h + hi)` is inside
    /// memory without 32-bit wrap-around.
    pub(crate) fn check_range(&mut self, h: u8, lo: i32, hi: i32, fails: &mut Vec<usize>) {
        if lo < 0 {
            // base + lo must not go below 0 (it would wrap in the guest).
            self.a.alu_rm_imm(Alu::Cmp, Rm::Reg(h), -lo);
            fails.push(self.a.jcc32(Cond::B));
        }
        debug_assert!(!self.guard, "guarded code plans no range checks");
        // base + hi <= size  <=>  base + hi - 1 <= size - 1 (signed 64-bit; the
        // pinned register is zero-extended).
        self.a.lea64(RAX, mem(h, hi - 1));
        self.a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, off_limit(1)));
        fails.push(self.a.jcc32(Cond::G));
    }

    /// Before instruction `i` of a planned region: the later checks due by `i`
    /// (rel32 positions pushed to `fails`, to be pointed at `i`'s entry into the
    /// region's ordinary copy).
    pub(crate) fn later_checks(&mut self, i: usize, fails: &mut Vec<usize>) {
        loop {
            let due = match &mut self.plan {
                Some((_, _, plan)) => match plan.later.get(plan.next) {
                    Some(&(at, h, lo, hi)) if at <= i => {
                        plan.next += 1;
                        (h, lo, hi)
                    }
                    _ => return,
                },
                None => return,
            };
            self.check_range(due.0, due.1, due.2, fails);
        }
    }
}
