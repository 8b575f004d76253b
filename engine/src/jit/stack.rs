//! Stores through the stack pointer without a dirty mark each: the pages the
//! stores through a value of `sp` can reach are marked once, when `sp` gets it.
//!
//! Rivet's compiler keeps its frame slots (spilled operands, locals that live in
//! memory) at small offsets from `sp` (x2), so most stores of spill-heavy code go
//! through `sp`, and their dirty mark (`lea`, `shr`, `mov byte`) was most of their
//! cost.
//!
//! **Which stores rely on marked pages** ([`analyse`]): a store through x2 skips
//! its mark where every static path to it from a place where native code can
//! start passes an instruction that wrote x2 (which marks) or an `ecall` (after
//! which the next block marks): a must-analysis over static edges, where a call's
//! return site counts as following the call (a return lands there through its
//! dynamic entry, which marks, see below). Code that never sets `sp` before its
//! stores, such as a short leaf export, keeps its marks, so a call that stores
//! nothing through `sp` marks nothing.
//!
//! **What a marking covers.** At each marking site, the relying stores that can
//! run before `sp` is written again use offsets `lo..=hi` (`lo` from a backward
//! analysis, both in `-2048..2048`), so their first bytes lie in the 4 KiB from
//! `sp + lo`: on page (`crate::memory::DIRTY_GRANULE`, 1 KiB) `k = (sp + lo) >>
//! DIRTY_SHIFT` or one of the next four. The site marks those five pages (those
//! inside the dirty map). A site with no relying store ahead marks nothing.
//!
//! The same places check the bytes the relying loads and stores ahead access
//! against memory where a translation relies on those accesses not faulting
//! ([`super::sp_reach`]): the plan's `reach` is where such a check may be
//! needed (a placeholder then), `sp_reach` picks the ones that are.
//!
//! **Where the marking runs**, each time `sp` may have a value not yet marked:
//!
//! * after every instruction that writes x2, inline: four instructions when `k` is
//!   the last one marked (`Ctx::sp_page`, reset on every entry into native code),
//!   the marking itself out of line ([`Stub::SpPages`]);
//! * on the dynamic entry of an instruction that has relying stores ahead (a
//!   `jalr` target such as a return site, or where the host enters), through a
//!   stub with the same check that calls the shared marking routine on a miss;
//! * at the block after an `ecall`, where the host may have changed `sp` or
//!   cleared the dirty map.
//!
//! Every page a relying store writes was marked since native code was last
//! entered: nothing but Rust, between entries, clears the map.
//!
//! **Wrapping**: the five pages are counted modulo `2^(32 - DIRTY_SHIFT)`, the
//! pages of the 32-bit address space, so they cover the 5 KiB from page `k` on
//! with addresses taken modulo 2^32, which include `sp + lo ..= sp + hi` however
//! it wraps. (If `sp + lo` wraps below 0, the addresses on the wrapped side are at
//! least `2^32 - 2048`, outside every memory: the access faults and writes
//! nothing.) So the marks cover every store through `sp` that can succeed.
//!
//! The dirty map is therefore a superset of the pages written: it may also hold
//! pages above one that a relying store could reach, at most five pages per
//! marking (each follows an instruction the contract pays for, so it cannot mark
//! more pages than it pays for, as with stores). The interpreter marks exactly;
//! the differential tests check that native code marks at least the interpreter's
//! pages and the same bytes.
//!
//! Only modules where every write to x2 is an instruction translated on its own
//! qualify: a `jal`/`jalr` linking into x2 would write it and jump before a mark
//! could run, so such a module marks every store as before; fused groups
//! ([`super::idiom`], [`super::mul`]) that would write x2 are not fused.

use super::access::Access;
use super::ctx::{OFF_DIRTY, OFF_PAGES, OFF_SP_PAGE};
use super::sp_reach::{EntryChecks, SpSite};
use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use crate::memory::guarded::DIRTY_BELOW;
use crate::memory::{DIRTY_MARK, DIRTY_SHIFT, GRANULES_PER_REACH};
use crate::module::Module;
use rivet_format::rv32::Inst;
use std::cell::Cell;

/// The stack pointer register.
const SP: u8 = 2;

/// Two neighbouring pages' bytes, both marked, as one 16-bit word.
pub(super) const PAIR_MARK: u16 = u16::from_le_bytes([DIRTY_MARK, DIRTY_MARK]);

/// A module's stack-store plan (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct SpPlan {
    /// Per instruction: `sp`'s pages are marked on every static path to it.
    marked: Vec<bool>,
    /// Per instruction: the lowest offset of the stores relying on marked pages
    /// that can run from it on before `sp` is written again (`None`: none can).
    need: Vec<Option<i32>>,
    /// Per instruction: the bytes `lo..end` from `sp` that the relying loads
    /// and stores (through x2 where [`SpPlan::marked`]) that can run from it on
    /// before `sp` is written again access (`None`: none can).
    reach: Vec<Option<Reach>>,
    /// Per instruction: an optimisation relies on this access not faulting
    /// ([`Tr::sp_proven`]); only these are checked (`sp_reach`).
    pub(super) wanted: Vec<Cell<bool>>,
    /// The places where `sp` gets a value that may need the check.
    pub(super) sites: Vec<SpSite>,
}

/// Bytes `lo..end` relative to `sp`.
pub(super) type Reach = (i32, i32);

/// True if `inst` writes x2 (any instruction with a destination register).
pub(super) fn writes_sp(inst: Inst) -> bool {
    match inst {
        Inst::Lui { rd, .. }
        | Inst::Auipc { rd, .. }
        | Inst::Imm { rd, .. }
        | Inst::Reg { rd, .. }
        | Inst::Load { rd, .. }
        | Inst::Jal { rd, .. }
        | Inst::Jalr { rd, .. } => rd & 31 == SP,
        _ => false,
    }
}

/// The plan for `module`, or `None` when its stores through x2 keep their marks:
/// it has no such stores, no x2, or a jump that links into x2.
pub(super) fn analyse(module: &Module) -> Option<SpPlan> {
    let insts = module.insts();
    if module.isa().register_count() <= SP as u32
        || insts
            .iter()
            .any(|&i| matches!(i, Inst::Jal { .. } | Inst::Jalr { .. }) && writes_sp(i))
    {
        return None;
    }
    let marked = marked_on_entry(insts);
    let need = needed_from(insts, &marked);
    let reach = ahead(insts, |i| relying(insts, &marked, i, true));
    reach.iter().any(Option::is_some).then_some(SpPlan {
        wanted: vec![Cell::new(false); insts.len()],
        sites: Vec::new(),
        marked,
        need,
        reach,
    })
}

impl SpPlan {
    /// The bytes instruction `i` accesses from `sp` if it is a load or store
    /// through x2 where `sp`'s pages are marked (and its reach checked).
    pub(super) fn relying_access(&self, insts: &[Inst], i: usize) -> Option<Reach> {
        relying(insts, &self.marked, i, true)
    }
}

/// The bytes instruction `i` accesses relative to x2 if it is a store (or,
/// with `loads`, a load) through x2 relying on `sp`'s marked and checked pages.
fn relying(insts: &[Inst], marked: &[bool], i: usize, loads: bool) -> Option<Reach> {
    let (offset, width) = match insts[i] {
        Inst::Store {
            op, rs1, offset, ..
        } if rs1 & 31 == SP => (offset, Access::Store(op, 0).width()),
        Inst::Load {
            op, rs1, offset, ..
        } if loads && rs1 & 31 == SP => (offset, Access::Load(op, 0).width()),
        _ => return None,
    };
    marked[i].then_some((offset, offset + width as i32))
}

/// Per instruction: the lowest offset of a relying store reachable from it over
/// static edges before an instruction that writes x2 (which marks for what follows
/// it) or an `ecall` (after which the next block marks).
pub(super) fn needed_from(insts: &[Inst], marked: &[bool]) -> Vec<Option<i32>> {
    let stores = ahead(insts, |i| relying(insts, marked, i, false));
    stores.into_iter().map(|r| r.map(|(lo, _)| lo)).collect()
}

/// Per instruction: the union (as one range) of the ranges `at` gives the
/// instructions reachable from it over static edges before an instruction that
/// writes x2 or an `ecall`, its own included.
pub(super) fn ahead(insts: &[Inst], at: impl Fn(usize) -> Option<Reach>) -> Vec<Option<Reach>> {
    let n = insts.len();
    let mut reach: Vec<Option<Reach>> = (0..n).map(&at).collect();
    let mut out = [(0, false); 2];
    // Monotone: a range only ever grows, so this ends.
    loop {
        let mut changed = false;
        for i in (0..n).rev() {
            if writes_sp(insts[i]) || matches!(insts[i], Inst::Ecall) {
                continue;
            }
            let k = successors(insts, i, false, &mut out);
            let after = out[..k].iter().fold(None, |r, &(t, _)| union(r, reach[t]));
            let wider = union(reach[i], after);
            if wider != reach[i] {
                reach[i] = wider;
                changed = true;
            }
        }
        if !changed {
            return reach;
        }
    }
}

/// The union of `reach` over the successors of instruction `i` (`after`), or
/// `reach[i]`.
pub(super) fn reach_of(
    insts: &[Inst],
    reach: &[Option<Reach>],
    i: usize,
    after: bool,
) -> Option<Reach> {
    if !after {
        return reach[i];
    }
    let mut out = [(0, false); 2];
    let k = successors(insts, i, false, &mut out);
    out[..k].iter().fold(None, |r, &(t, _)| union(r, reach[t]))
}

/// The smallest range holding both.
pub(super) fn union(a: Option<Reach>, b: Option<Reach>) -> Option<Reach> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Static successors of instruction `i` and whether `sp`'s pages are marked on
/// the edge to each (see the module docs). Returns how many were written.
pub(super) fn successors(
    insts: &[Inst],
    i: usize,
    marked: bool,
    out: &mut [(usize, bool); 2],
) -> usize {
    let n = insts.len() as i64;
    let target = |offset: i32| {
        let t = i as i64 + (offset as i64 >> 2);
        (offset & 3 == 0 && (0..n).contains(&t)).then_some(t as usize)
    };
    let inst = insts[i];
    let after = marked || writes_sp(inst);
    let mut k = 0;
    let mut push = |t: Option<usize>, m: bool| {
        if let Some(t) = t.filter(|&t| (t as i64) < n) {
            out[k] = (t, m);
            k += 1;
        }
    };
    match inst {
        Inst::Branch { offset, .. } => {
            push(Some(i + 1), after);
            push(target(offset), after);
        }
        Inst::Jal { rd, offset } => {
            push(target(offset), after);
            if rd != 0 {
                // The return site (entered dynamically, see the module docs).
                push(Some(i + 1), after);
            }
        }
        Inst::Jalr { .. } | Inst::Ebreak => {}
        // The block after an `ecall` marks `sp`'s pages itself.
        Inst::Ecall => push(Some(i + 1), true),
        _ => push(Some(i + 1), after),
    }
    k
}

/// Per instruction: every static path to it marked `sp`'s pages (the greatest
/// solution; an instruction without static predecessors is reached only by
/// entries, which do not rely on it).
pub(super) fn marked_on_entry(insts: &[Inst]) -> Vec<bool> {
    let n = insts.len();
    let mut has_pred = vec![false; n];
    let mut out = [(0, false); 2];
    for i in 0..n {
        let k = successors(insts, i, false, &mut out);
        for &(t, _) in &out[..k] {
            has_pred[t] = true;
        }
    }
    let mut marked = has_pred;
    // Monotone: a fact only ever turns false, so this ends within n + 1 passes.
    loop {
        let mut changed = false;
        for i in 0..n {
            let k = successors(insts, i, marked[i], &mut out);
            for &(t, m) in &out[..k] {
                if marked[t] && !m {
                    marked[t] = false;
                    changed = true;
                }
            }
        }
        if !changed {
            return marked;
        }
    }
}

/// True if instruction `i`, a store through `rs1`, needs no dirty mark of its
/// own under the stack plan `sp`: it goes through x2 where `sp`'s pages are
/// marked.
pub(super) fn marks_store(sp: &Option<SpPlan>, i: usize, rs1: u8) -> bool {
    rs1 & 31 == SP && sp.as_ref().is_some_and(|p| p.marked[i])
}

impl Tr<'_> {
    /// True if instruction `i`, a store through `rs1`, needs no dirty mark of its
    /// own: it goes through x2 where `sp`'s pages are marked.
    pub(super) fn store_marked_by_sp(&self, i: usize, rs1: u8) -> bool {
        marks_store(&self.sp, i, rs1)
    }

    /// True if fusing instructions `[i, i + len)` into one group would hide a write
    /// of x2 from [`Tr::mark_sp_pages`].
    pub(super) fn group_writes_sp(&self, i: usize, len: usize) -> bool {
        self.sp.is_some()
            && self.module.insts()[i..(i + len).min(self.module.len())]
                .iter()
                .any(|&inst| writes_sp(inst))
    }

    /// `eax = sp + lo` (wrapping).
    pub(super) fn sp_plus(&mut self, lo: i32) {
        match self.gr(SP) {
            Rm::Reg(h) => self.a.lea32(RAX, mem(h, lo)),
            slot => {
                self.a.mov_r_rm(RAX, slot);
                self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), lo);
            }
        }
    }

    /// `eax = k = eax >> DIRTY_SHIFT`, compared with the last `k` marked (equal:
    /// pages `k` to `k + GRANULES_PER_REACH - 1` are marked, a hit).
    pub(super) fn sp_page_check(&mut self) {
        self.a
            .shift_imm(Shift::Shr, Rm::Reg(RAX), DIRTY_SHIFT as u8);
        self.a.alu_r_rm(Alu::Cmp, RAX, mem(RBP, OFF_SP_PAGE));
    }

    /// After instruction `i` wrote x2: checks the bytes its relying accesses
    /// can reach ([`Tr::check_sp_reach`]) and marks the pages its relying
    /// stores can reach, unless they are the last marked (four instructions),
    /// out of line ([`Stub::SpPages`]); nothing when no relying access follows.
    /// Clobbers `rax` and the flags.
    pub(super) fn mark_sp_pages(&mut self, i: usize) {
        if self.sp_reach(i, true).is_none() {
            return;
        }
        // The interpreter goes on at `i + 1` (not a jump: `analyse`), paying
        // for the rest of its block again, and for the blocks after it that
        // the chain paid ahead.
        let next = i + 1;
        let rest = if self.leaders[next] {
            0
        } else {
            self.module.entries[next].cost as i32
        };
        let pc = self.module.pc_of(next);
        self.sp_site(i, true, pc, rest + self.extra);
        let Some(lo) = self.sp_need_after(i) else {
            return;
        };
        self.sp_plus(lo);
        self.sp_page_check();
        let at = self.a.jcc32(Cond::Ne);
        let resume = self.a.pos();
        self.stubs.push(Stub::SpPages { at, resume });
    }

    /// The lowest offset of the relying stores that can follow instruction `i`.
    fn sp_need_after(&self, i: usize) -> Option<i32> {
        let plan = self.sp.as_ref()?;
        let insts = self.module.insts();
        let mut out = [(0, false); 2];
        let k = successors(insts, i, false, &mut out);
        out[..k].iter().filter_map(|&(t, _)| plan.need[t]).min()
    }

    /// The lowest offset of the relying stores that can run from instruction `i`
    /// on, when native code starts there.
    fn sp_need_at(&self, i: usize) -> Option<i32> {
        self.sp.as_ref().and_then(|p| p.need[i])
    }

    /// The bytes the relying accesses that can run after instruction `i`
    /// (`after`) or from it on access.
    fn sp_reach(&self, i: usize, after: bool) -> Option<Reach> {
        let plan = self.sp.as_ref()?;
        reach_of(self.module.insts(), &plan.reach, i, after)
    }

    /// The out-of-line part of the marking, after a missed [`Tr::sp_page_check`]:
    /// `k` (in `eax`) becomes the last page marked; pages `(k + j) mod 2^(32 -
    /// DIRTY_SHIFT)` for `j < GRANULES_PER_REACH` are marked where they lie inside
    /// the dirty map; then a jump to `resume` (or a `ret` when `None`). Keeps every
    /// register but `rax`.
    pub(super) fn emit_sp_pages(&mut self, resume: Option<usize>) {
        self.a.mov_rm_r(mem(RBP, OFF_SP_PAGE), RAX);
        let wrap = (1i32 << (32 - DIRTY_SHIFT)) - 1;
        for j in 0..GRANULES_PER_REACH as i32 {
            if j > 0 {
                self.a.mov_r_rm(RAX, mem(RBP, OFF_SP_PAGE));
                self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), j);
                self.a.alu_rm_imm(Alu::And, Rm::Reg(RAX), wrap);
            }
            self.a.alu_r_rm(Alu::Cmp, RAX, mem(RBP, OFF_PAGES));
            let skip = self.a.jcc8(Cond::Ae);
            self.mark_page_in_rax();
            self.a.bind8(skip);
        }
        match resume {
            Some(resume) => {
                let at = self.a.jmp32();
                self.a.patch32(at, resume);
            }
            None => self.a.ret(),
        }
    }

    /// The shared marking routines (called, they return): the one that checks
    /// `eax = sp + lo` against the last pages marked first, and the one that only
    /// marks, for callers that checked themselves (`eax` holds a `k` that missed).
    /// The first jumps into the second on a miss. Clobber `rax` and the flags.
    fn marking_routines(&mut self) -> (usize, usize) {
        let miss = self.a.pos();
        self.emit_sp_pages(None);
        let checked = self.a.pos();
        self.sp_page_check();
        let at = self.a.jcc32(Cond::Ne);
        self.a.patch32(at, miss);
        self.a.ret();
        (checked, miss)
    }

    /// At the block of instruction `i`, which follows an `ecall` (the host may
    /// have set sp or cleared the dirty map): `eax = sp + lo` and a call to the
    /// shared routine (patched by [`Tr::sp_entries`]), if a relying store follows.
    pub(super) fn establish_after_ecall(&mut self, i: usize) {
        let resumes = i > 0 && matches!(self.module.inst_by_index(i - 1), Inst::Ecall);
        if !resumes {
            return;
        }
        if self.sp_reach(i, false).is_some() {
            // Before the block's charge: nothing to give back.
            let pc = self.module.pc_of(i);
            self.sp_site(i, false, pc, 0);
        }
        if let Some(lo) = self.sp_need_at(i) {
            self.sp_plus(lo);
            let at = self.a.call32();
            self.establish_calls.push(at);
        }
    }

    /// Emits the shared marking routine, points the calls to it there, and sends
    /// the dynamic entry (`body`) of every instruction with a relying store ahead
    /// through a stub that calls it first; one with wanted accesses ahead
    /// ([`super::sp_reach`]) through a stub that checks them too.
    pub(super) fn sp_entries(&mut self, body: &mut [u32]) {
        if self.sp.is_none() {
            return;
        }
        // Outside any instruction: `sp` is read from its pinned register or slot.
        self.fwd = None;
        let (routine, miss) = self.marking_routines();
        for at in std::mem::take(&mut self.establish_calls) {
            self.a.patch32(at, routine);
        }
        let wanted = self.patch_sp_sites();
        let mut checks = EntryChecks::default();
        for (idx, entry) in body.iter_mut().enumerate() {
            let need = self.sp_need_at(idx);
            if let Some(reach) = wanted[idx] {
                *entry = self.reach_entry(&mut checks, idx, (reach, need), miss, *entry);
                continue;
            }
            let Some(lo) = need else {
                continue;
            };
            // Four instructions and a taken jump when the pages are the last
            // marked (a return into a frame, mostly).
            let stub = self.a.pos() as u32;
            self.sp_plus(lo);
            self.sp_page_check();
            let at = self.a.jcc32(Cond::E);
            self.a.patch32(at, *entry as usize);
            let at = self.a.call32();
            self.a.patch32(at, miss);
            let at = self.a.jmp32();
            self.a.patch32(at, *entry as usize);
            *entry = stub;
        }
    }

    /// `dirty[rax] = DIRTY_MARK`, `rax` a page number inside the map (clobbered by checked
    /// code): a guarded memory's map sits at a fixed distance below the data.
    pub(super) fn mark_page_in_rax(&mut self) {
        self.dirty_pointer_in_rax();
        self.write_mark(false);
    }

    /// Checked code: turns page number `rax` into the address of its map byte
    /// (a guarded memory's map needs nothing: see [`Self::dirty_slot`]).
    pub(super) fn dirty_pointer_in_rax(&mut self) {
        if !self.guard {
            self.a.alu64_r_rm(Alu::Add, RAX, mem(RBP, OFF_DIRTY));
        }
    }

    /// The map byte of the page in `rax`, after [`Self::dirty_pointer_in_rax`]:
    /// a guarded memory's map sits at a fixed distance below the data.
    pub(super) fn dirty_slot(&self) -> Rm {
        if self.guard {
            super::access::mem_sum(RAX, -(DIRTY_BELOW as i32))
        } else {
            mem(RAX, 0)
        }
    }

    /// Writes the mark at [`Self::dirty_slot`]: [`DIRTY_MARK`], and with `two` (guarded
    /// code only, see [`super::pair`]) in the next page's byte too, in one store.
    /// Every writer of the map writes [`DIRTY_MARK`] (see [`Self::mark_store`]).
    pub(super) fn write_mark(&mut self, two: bool) {
        debug_assert!(self.guard || !two);
        let at = self.dirty_slot();
        if two {
            self.a.mov16_rm_imm(at, PAIR_MARK);
        } else {
            self.a.mov8_rm_imm(at, DIRTY_MARK);
        }
    }
}
