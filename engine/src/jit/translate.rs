//! RV32 → x86-64 translation of a whole [`Module`], one instruction at a time.
//!
//! Host register roles for the whole run:
//!
//! | host | holds |
//! |------|-------|
//! | `rbp` | the [`Ctx`](super::ctx::Ctx): guest registers, memory limits, dirty map |
//! | `gs` base | guest memory base (set by the caller, see [`super::gs`]) |
//! | `r15` | gas left (64-bit) |
//! | `rax`, `rcx` | scratch |
//! | `rbx`, `rsi`, `rdi`, `r8`..`r11`, `r13`, `r14`, `r12`, `rdx` | hot guest registers ([`Pins`]), loaded on entry and spilled on exit |
//!
//! `rdx` is pinned last (only when eleven guest registers are worth it); the one
//! instruction family that needs it as scratch, division, saves and restores the
//! guest register it holds around `div`/`idiv`.
//!
//! `rcx` may also mirror one guest register ([`Tr::fwd`]): a value an instruction
//! just loaded or computed into `rcx` (and stored to its slot) is read from `rcx` by
//! the next instructions of the same block instead of from the slot. Block starts
//! and control transfers forget it, except a compiler check's fall-through into
//! the next block of its chain, which nothing else enters statically; a dynamic
//! entry into an instruction emitted with a mirror goes through a stub that loads
//! `rcx` first, so every entry sees the invariant. The slot store is left out
//! when the register is overwritten before anything could read the slot
//! ([`super::lazy_slot`]). Three-operand `addi`/`add` on host registers are one `lea`.
//!
//! Layout: the entry trampoline, then every instruction in code order (a leader
//! starts with its block's charge: `sub r15, cost; jb stub`; a loop head's block
//! starts on a 16-byte boundary after NOPs), then the `End` sentinel
//! (falling off the code), then the cold out-of-line stubs (out of gas, memory fault,
//! bad jump), then the common exit. Static jumps and both branch edges go straight to
//! the target block's charge, so gas, out-of-gas pcs and trap pcs are those of the
//! interpreter by construction: the interpreter's fused ops and skipped charges are
//! only faster ways to run the same blocks. Dynamic jumps (`jalr`) check the target,
//! then use the per-instruction entry table (native address, gas of the rest of the
//! block), just like the interpreter's `enter`.

use super::access::Redo;
use super::ctx::{exit, OFF_A, OFF_ENTRIES, OFF_PC, OFF_REGS};
use super::group::{Plan, Scratch};
use super::pins::Pins;
use super::targets::{static_targets, LOOP_ALIGN};
use super::x86::reg::*;
use super::x86::{mem, Alu, Asm, Cond, Rm, Shift};
use crate::module::Module;
use crate::op::Op;
use rivet_format::rv32::{BranchOp, Inst};

/// Operand of guest register `r` in the context.
pub(super) fn reg_slot(r: u8) -> Rm {
    mem(RBP, OFF_REGS + 4 * r as i32)
}

/// The translated code and where each instruction landed.
pub(crate) struct Translation {
    /// Machine code; offset 0 is the entry trampoline
    /// `extern "sysv64" fn(ctx: *mut Ctx, target: *const u8) -> u32`.
    pub code: Vec<u8>,
    /// Per instruction: offset of its own code (after its block's charge).
    pub body: Vec<u32>,
    /// Per instruction index `0..=n`: offset of its block's charge (leaders), or of
    /// the `End` sentinel for `n`. Equal to `body` for non-leaders.
    pub block_start: Vec<u32>,
    /// Guarded accesses: `[native offset of the access, of its stub]`, sorted (empty
    /// for checked code).
    pub faults: Vec<[u32; 2]>,
    /// Per instruction: gas its chain paid ahead for the blocks after its own,
    /// which a dynamic entry there pays too ([`super::chain`]).
    pub extra: Vec<u32>,
}

/// Out-of-line code a hot path branches to; emitted after all instructions.
pub(super) enum Stub {
    /// Give back a block charge, report out of gas at `pc`; for the head of a
    /// chain, let the interpreter run from `pc` instead ([`super::chain`]).
    Charge {
        at: usize,
        cost: i32,
        pc: u32,
        chain: bool,
    },
    /// Give back `amount` prepaid gas, then take the branch to `target`'s block.
    Refund {
        at: usize,
        amount: i32,
        target: usize,
    },
    /// Give back `amount` prepaid gas, then continue at instruction `idx`'s
    /// dynamic entry (a failed later range check into a region's ordinary copy,
    /// which pays for its own blocks).
    RefundEntry { at: usize, amount: i32, idx: usize },
    /// Report an access of `size` bytes at `eax` by the instruction at `pc`
    /// (giving back `refund` prepaid gas first).
    Fault {
        at: usize,
        pc: u32,
        size: u32,
        refund: i32,
    },
    /// Report a jump from `pc` to `eax`.
    BadJump { at: usize, pc: u32 },
    /// Give back a dynamic entry's charge (`[rcx + 8]`), let the interpreter run
    /// from `eax` (it finds where gas runs out, see [`super::chain`]).
    /// With `disp`: the entry is at `rcx + disp`; with `target = (idx, base)`:
    /// `eax` is computed as `base + 4 * idx` first (see [`super::switch`]).
    DynCharge {
        at: usize,
        disp: i32,
        target: Option<(u8, u32)>,
    },
    /// The ordinary copy of the block `[start, end)` (see [`super::group`]): where
    /// its range checks (`fails`) and dynamic entries go.
    Slow {
        fails: Vec<usize>,
        start: usize,
        end: usize,
    },
    /// Dynamic entry of instruction `idx` whose inline code expects more than
    /// its entry gives: `rcx` mirroring guest register `fwd` (see [`Tr::fwd`]),
    /// and for a branch reusing the flags, the flags of `cmp cmp, 0` (see
    /// [`super::branch`]). Sets them up, then jumps to `body`.
    Entry {
        idx: usize,
        fwd: Option<u8>,
        /// A pair `rax` holds there ([`super::rax_pair`]): `(low, high)`.
        pair: Option<(u8, u8)>,
        /// The register a branch reusing the flags tests, and the branch that
        /// must be taken after the flags exactly when it is not zero.
        cmp: Option<(u8, BranchOp)>,
        body: usize,
    },
    /// Where a guarded access that faulted continues (see [`super::access`]).
    Redo(Redo),
    /// Marks the pages of sp's new value, then jumps back to `resume` (see
    /// [`super::stack`]).
    SpPages { at: usize, resume: usize },
    /// A store's dirty mark found missing ([`Tr::mark_store`]), then `resume`.
    Mark { at: usize, resume: usize, two: bool },
    /// Dynamic entries into the middle of a fused idiom (see [`super::idiom`]):
    /// instructions `[start, end)` one by one, then a jump to `resume`, with
    /// `rax` and `rcx` holding what the inline code expects there.
    Tail {
        start: usize,
        end: usize,
        resume: usize,
        fwd: Option<u8>,
        /// A pair `rax` holds at `resume` ([`super::rax_pair`]).
        pair: Option<(u8, u8)>,
    },
}

pub(crate) struct Tr<'a> {
    pub(crate) a: Asm,
    pub(crate) pins: Pins,
    pub(super) module: &'a Module,
    /// rel32 positions that jump to `block_start[idx]`.
    block_jumps: Vec<(usize, usize)>,
    /// rel32 positions that jump to the common exit.
    pub(super) exit_jumps: Vec<usize>,
    pub(super) stubs: Vec<Stub>,
    /// The guest register whose current value `rcx` holds, if known. Lets an
    /// instruction read a value its predecessor just loaded or computed into `rcx`
    /// instead of reloading it from its slot (a store-to-load round trip). Cleared
    /// at every block start and after control transfers; a dynamic entry into an
    /// instruction emitted with it set goes through a [`Stub::Entry`].
    pub(super) fwd: Option<u8>,
    /// The instruction [`Tr::emit`] is emitting, for [`Tr::scratch_for`].
    pub(super) cur: Option<usize>,
    /// Flags left by the last ALU op, and whether the branch being emitted
    /// reuses them (see [`super::branch`]).
    pub(super) zf: Option<super::branch::Zf>,
    pub(super) zf_reused: bool,
    /// The current region's first instruction, its end and its shared range
    /// checks; its checked-once accesses are marked in [`Scratch::marks`] (a
    /// region: blocks entered only by falling through, see [`region_end`]).
    pub(super) plan: Option<(usize, usize, Plan)>,
    /// rel32 positions of failed later range checks, to point at the entry of an
    /// instruction (index) into its region's ordinary copy.
    pub(super) entry_jumps: Vec<(usize, usize)>,
    /// Guarded accesses (memory in a guard-page reservation, see [`super::access`]):
    /// no range checks and no shared-check regions.
    pub(super) guard: bool,
    /// The fault table of guarded accesses: `[access offset, stub offset]`.
    pub(super) faults: Vec<[u32; 2]>,
    /// Buffers [`Tr::plan`] reuses from region to region.
    pub(super) scratch: Scratch,
    /// Per instruction: [`is_leader`], computed once (several passes ask).
    pub(super) leaders: Vec<bool>,
    /// Where stores through x2 skip their dirty marks, `sp`'s pages being marked
    /// when it changes instead ([`super::stack`]); `None`: every store marks.
    pub(super) sp: Option<super::stack::SpPlan>,
    /// rel32 positions of calls to the routine that marks `sp`'s pages.
    pub(super) establish_calls: Vec<usize>,
    /// Per instruction: a leader whose block its chain's head paid for.
    pub(super) merged: Vec<bool>,
    /// Gas the current chain paid ahead for blocks after the current one.
    pub(super) extra: i32,
    /// [`Tr::extra`] per instruction translated so far.
    pub(super) extras: Vec<u32>,
    /// Main pass: the store being emitted may mark its page and the next, for
    /// the store after it ([`super::pair`]).
    pub(super) pair: bool,
    /// The store (instruction index) whose page the previous store marked.
    pub(super) covered: Option<usize>,
    /// The guest register pair whose value `rax` holds, if known (see
    /// [`super::rax_pair`]).
    pub(super) rax_pair: Option<super::rax_pair::RaxPair>,
    /// The unpinned guest register whose slot is stale, `rcx` alone holding its
    /// value (see [`super::lazy_slot`]).
    pub(super) lazy: Option<u8>,
    /// Main pass: the register whose slot store the instruction being emitted
    /// may leave out ([`Tr::deferrable`]).
    pub(super) defer: Option<u8>,
    /// Main pass: the instruction being emitted overwrites the stale register
    /// without reading its slot, so [`Tr::reload_entry`] does not store it.
    pub(super) keep_lazy: bool,
}

/// True for instructions that start a basic block: exactly those whose op follows a
/// charge op in the interpreter's op array (the module's own leader decision).
pub(super) fn is_leader(module: &Module, i: usize) -> bool {
    let op = module.entries[i].op as usize;
    op > 0 && matches!(module.ops[op - 1], Op::Charge { .. })
}

/// The register Rivet's compiler keeps the linear-memory size in; its bounds checks
/// are branches on it.
pub(super) const GP: u8 = rivet_format::abi::wasm_reg::MEM_SIZE;

/// End of the region starting at leader `i`: the following blocks that can only be
/// entered by falling through from the one before (no static jump targets them and
/// the previous instruction is a bounds check or no branch at all), plus dynamic
/// entries, which use the region's ordinary copy. One range check at `i` then covers the whole region.
fn region_end(module: &Module, leaders: &[bool], targets: &[bool], i: usize) -> usize {
    let n = module.len();
    let mut j = i + 1;
    while j < n {
        if leaders[j] {
            // Continue past a block cut for length, or past the compiler's checks
            // (a branch on `gp` = x3 or to a trap stub, almost never taken, the
            // branches a gas chain joins over); any other branch may leave early
            // and often (a dispatch chain), so the shared check would pay for
            // accesses that do not run.
            let continues = match module.inst_by_index(j - 1) {
                Inst::Branch {
                    rs1, rs2, offset, ..
                } => rs1 == GP || rs2 == GP || super::chain::to_trap(module, j - 1, offset),
                Inst::Jal { .. } | Inst::Jalr { .. } | Inst::Ecall | Inst::Ebreak => false,
                _ => true,
            };
            if !continues || targets[j] {
                break;
            }
        }
        j += 1;
    }
    j
}

impl<'m> Tr<'m> {
    /// A translator for `module` with its tables reserved for the module's size.
    pub(super) fn new(module: &'m Module, pins: Pins, guard: bool) -> Tr<'m> {
        let n = module.len();
        let mut t = Tr {
            a: Asm::default(),
            pins,
            module,
            block_jumps: Vec::new(),
            exit_jumps: Vec::new(),
            stubs: Vec::new(),
            fwd: None,
            cur: None,
            zf: None,
            zf_reused: false,
            plan: None,
            entry_jumps: Vec::new(),
            guard,
            faults: Vec::new(),
            scratch: Scratch::default(),
            leaders: (0..n).map(|i| is_leader(module, i)).collect(),
            sp: super::stack::analyse(module),
            establish_calls: Vec::new(),
            merged: vec![false; n],
            extra: 0,
            extras: Vec::with_capacity(n),
            pair: false,
            covered: None,
            rax_pair: None,
            lazy: None,
            defer: None,
            keep_lazy: false,
        };
        // Typical code is 25-40 bytes per instruction plus stubs: reserve once. Every
        // leader and access adds a stub, and most stubs an exit jump: no table grows
        // while translating typical code.
        t.a.buf.reserve(n * 64 + 512);
        t.stubs.reserve(2 * n);
        t.block_jumps.reserve(n);
        t.exit_jumps.reserve(2 * n);
        t.entry_jumps.reserve(n / 8);
        if guard {
            t.faults.reserve(n);
        }
        t
    }
}

/// Translates all of `module` with checked or guarded accesses; `None` when a block
/// cost does not fit an imm32.
pub(crate) fn translate(module: &Module, pins: Pins, guard: bool) -> Option<Translation> {
    let n = module.len();
    let mut t = Tr::new(module, pins, guard);
    t.prologue();
    let mut body = Vec::with_capacity(n);
    let mut block_start = Vec::with_capacity(n + 1);
    let (targets, loop_heads) = static_targets(module);
    // Instructions left of a fused idiom (emitted with its first one).
    let mut fused = 0;
    for (i, &loop_head) in loop_heads[..n].iter().enumerate() {
        let pc = module.pc_of(i);
        let leader = t.leaders[i];
        let keep = t.keep_or_flush(i, leader);
        // Inside a region, a leader keeps the region's plan (only its charge runs).
        let inside = matches!(t.plan, Some((_, end, _)) if i < end);
        if leader {
            if !t.merged[i] {
                t.fwd = None;
            }
            t.rax_pair = None;
            if !inside {
                t.plan = None;
            }
        }
        if leader && loop_head && fused == 0 {
            t.a.align(LOOP_ALIGN);
        }
        block_start.push(t.a.pos() as u32);
        if leader {
            // The host may have set sp or cleared the dirty map (see `stack`).
            t.establish_after_ecall(i);
        }
        // A dynamic entry lands after the charge (the entry table pays it), before
        // a planned block's range check.
        let entry = if leader {
            t.leader(i, pc, inside, &targets)?
        } else {
            t.a.pos() as u32
        };
        // Dynamic entries into a planned region after its start go to its
        // ordinary copy, which pays block by block: nothing ahead.
        let routed = matches!(t.plan, Some((start, _, _)) if start != i);
        t.extras.push(if routed { 0 } else { t.extra as u32 });
        body.push(entry);
        if fused > 0 {
            // Its entries are set by the idiom's tail or the region's copy.
            fused -= 1;
            continue;
        }
        // Dynamic entries into the rest of a planned block use its ordinary copy.
        let dynamic = t.plan.is_none();
        if t.plan.is_some() {
            let mut fails = Vec::new();
            t.later_checks(i, &mut fails);
            t.enter_copy(fails, i);
        }
        t.pair = t.pairs_with_next(i);
        let before = t.rax_pair;
        match t.fuse(i, dynamic) {
            Some(len) => {
                fused = len - 1;
                t.forget_written_pair(i, len, before);
            }
            None => t.emit_main(i, pc, dynamic, keep),
        }
        t.paired(i, dynamic);
    }
    t.flush_lazy();
    t.covered = None;
    t.plan = None;
    t.extra = 0;
    // Falling off the end: the interpreter's zero charge, then End's trap.
    block_start.push(t.a.pos() as u32);
    let end = module.pc_of(n);
    t.a.mov_rm_imm(mem(RBP, OFF_A), end);
    t.exit_at(exit::MISALIGNED_JUMP, end);
    // Every rel32 must reach: stubs are at most a few times the size of the code
    // they serve, so this keeps the whole code well inside 2 GiB.
    if t.a.pos() > 256 << 20 {
        return None;
    }
    for (idx, at) in t.emit_stubs() {
        // Dynamic entries go to the stub or the ordinary copy; static jumps still
        // reach leaders at their charge.
        body[idx] = at;
        if !t.leaders[idx] {
            block_start[idx] = at;
        }
    }
    for (at, idx) in std::mem::take(&mut t.entry_jumps) {
        t.a.patch32(at, body[idx] as usize);
    }
    t.sp_entries(&mut body);
    let common = t.a.pos();
    t.epilogue();
    for (at, idx) in std::mem::take(&mut t.block_jumps) {
        t.a.patch32(at, block_start[idx] as usize);
    }
    for at in std::mem::take(&mut t.exit_jumps) {
        t.a.patch32(at, common);
    }
    t.faults.sort_unstable();
    Some(Translation {
        code: t.a.buf,
        body,
        block_start,
        faults: t.faults,
        extra: t.extras,
    })
}

impl Tr<'_> {
    /// The start of leader `i`'s block (at `pc`): its charge, or its chain's, or
    /// none when its chain's head paid; then its region's plan. Returns where a
    /// dynamic entry lands (after the charge, before the range checks).
    fn leader(&mut self, i: usize, pc: u32, inside: bool, targets: &[bool]) -> Option<u32> {
        if self.merged[i] {
            self.enter_merged(i);
            return Some(self.a.pos() as u32);
        }
        let module = self.module;
        let cost = i32::try_from(module.entries[i].cost).ok()?;
        // A leader inside a region was planned with it (its dynamic entries use
        // the region's copy); otherwise it starts a region of its own.
        let end = if inside {
            i
        } else {
            region_end(module, &self.leaders, targets, i)
        };
        // Guarded code plans only lower bounds (see `group`).
        let plan = (!inside).then(|| self.plan(module, i, end)).flatten();
        // The blocks after the bounds checks join this one's charge (see
        // `chain`); a planned region's chain ends with the region, whose
        // ordinary copy jumps back to the inline code at its end.
        let extra = match (inside, &plan) {
            (false, None) => self.chain(i, targets, module.len())?,
            (false, Some(_)) => self.chain(i, targets, end)?,
            (true, _) => 0,
        };
        self.charge_chain(pc, cost, extra)?;
        let entry = self.a.pos() as u32;
        if let Some(plan) = plan {
            let fails = self.check_ranges(&plan);
            self.stubs.push(Stub::Slow {
                fails,
                start: i,
                end,
            });
            self.plan = Some((i, end, plan));
        }
        Some(entry)
    }
}

impl Tr<'_> {
    /// Sets the flags from `rs1 - rs2`.
    pub(super) fn compare(&mut self, rs1: u8, rs2: u8) {
        let (a, b) = (self.gr(rs1), self.gr(rs2));
        match (a, b) {
            _ if rs2 == 0 => self.a.alu_rm_imm(Alu::Cmp, a, 0),
            (Rm::Reg(h), _) => self.a.alu_r_rm(Alu::Cmp, h, b),
            (_, Rm::Reg(h)) => self.a.alu_rm_r(Alu::Cmp, a, h),
            _ => {
                self.load(RAX, rs1);
                self.a.alu_r_rm(Alu::Cmp, RAX, b);
            }
        }
    }

    pub(super) fn jump_block(&mut self, at: usize, idx: usize) {
        self.block_jumps.push((at, idx));
    }

    /// Stores `pc` and exits with `reason` (eax).
    pub(super) fn exit_at(&mut self, reason: u32, pc: u32) {
        self.a.mov_rm_imm(mem(RBP, OFF_PC), pc);
        self.exit_with(reason);
    }

    /// Exits with `reason` (eax), the pc already stored.
    pub(super) fn exit_with(&mut self, reason: u32) {
        self.a.mov_rm_imm(Rm::Reg(RAX), reason);
        let at = self.a.jmp32();
        self.exit_jumps.push(at);
    }

    fn prologue(&mut self) {
        for r in [RBX, RBP, R12, R13, R14, R15] {
            self.a.push(r);
        }
        // Six pushes and the return address: realign to 16 (see `calls`).
        self.a
            .alu64_rm_imm(Alu::Sub, Rm::Reg(RSP), super::calls::FRAME_BYTES);
        self.a.mov64_r_rm(RBP, Rm::Reg(RDI));
        self.calls_prologue();
        self.a.mov64_r_rm(RAX, Rm::Reg(RSI));
        self.load_state();
        self.a.jmp_rm(Rm::Reg(RAX));
    }

    /// The common exit: eax holds the reason, the ctx fields are written.
    fn epilogue(&mut self) {
        self.calls_epilogue();
        self.store_state();
        self.a
            .alu64_rm_imm(Alu::Add, Rm::Reg(RSP), super::calls::FRAME_BYTES);
        for r in [R15, R14, R13, R12, RBP, RBX] {
            self.a.pop(r);
        }
        self.a.ret();
    }

    /// Emits every stub; returns the dynamic entries moved to a [`Stub::Entry`]
    /// (instruction index, stub offset).
    fn emit_stubs(&mut self) -> Vec<(usize, u32)> {
        // About one entry per instruction of a planned region.
        let mut entries = Vec::with_capacity(self.module.len());
        // Ordinary block copies add stubs of their own: emit until none is left
        // (swapping the two buffers keeps both allocations).
        let mut batch = Vec::with_capacity(self.stubs.len() / 2);
        while !self.stubs.is_empty() {
            std::mem::swap(&mut batch, &mut self.stubs);
            for stub in batch.drain(..) {
                self.emit_stub(stub, &mut entries);
            }
        }
        entries
    }

    /// One instruction at the current position; `dynamic`: its position may be a
    /// dynamic entry (then a mirrored `rcx` needs a [`Stub::Entry`]).
    pub(super) fn emit(&mut self, i: usize, pc: u32, dynamic: bool) {
        let inst = self.module.inst_by_index(i);
        self.zf_reused = self.reuse_flags(inst, i, dynamic);
        if !self.zf_reused {
            self.reload_entry(i, dynamic);
        }
        self.cur = Some(i);
        let before = self.rax_pair;
        self.inst(inst, i, pc);
        self.forget_written_pair(i, 1, before);
        self.cur = None;
        if super::stack::writes_sp(inst) {
            self.mark_sp_pages(i);
        }
        if matches!(
            inst,
            Inst::Branch { .. } | Inst::Jal { .. } | Inst::Jalr { .. } | Inst::Ecall | Inst::Ebreak
        ) {
            // A compiler check falls through into the next block of its chain,
            // which nothing else enters but a dynamic entry (its stub loads
            // `rcx`): the mirror holds there.
            if !(matches!(inst, Inst::Branch { .. }) && self.falls_into_chain(i)) {
                self.fwd = None;
            }
            self.rax_pair = None;
        }
        self.bind_flags(i);
    }

    /// Before instruction `i`'s code: if it may be a dynamic entry and `rcx` mirrors
    /// a register, that entry goes through a [`Stub::Entry`].
    pub(super) fn reload_entry(&mut self, i: usize, dynamic: bool) {
        if !self.keep_lazy {
            self.flush_lazy();
        }
        let pair = self.live_pair();
        if dynamic && (self.fwd.is_some() || pair.is_some()) {
            let body = self.a.pos();
            self.stubs.push(Stub::Entry {
                idx: i,
                fwd: self.fwd,
                pair,
                cmp: None,
                body,
            });
        }
    }

    fn inst(&mut self, inst: Inst, i: usize, pc: u32) {
        match inst {
            Inst::Lui { rd, imm } => self.set_const(rd, imm),
            Inst::Auipc { rd, imm } => self.set_const(rd, pc.wrapping_add(imm)),
            Inst::Imm { op, rd, rs1, imm } => self.imm_op(op, rd, rs1, imm),
            Inst::Reg { op, rd, rs1, rs2 } => self.reg_op(op, rd, rs1, rs2),
            Inst::Load {
                op,
                rd,
                rs1,
                offset,
            } => self.load_inst(op, rd, rs1, offset, i, pc),
            Inst::Store {
                op,
                rs1,
                rs2,
                offset,
            } => self.store_inst(op, rs1, rs2, offset, i, pc),
            Inst::Branch {
                op,
                rs1,
                rs2,
                offset,
            } => self.branch(op, rs1, rs2, self.target_index(i, offset)),
            Inst::Jal { rd, offset } => {
                self.set_imm(rd, pc.wrapping_add(4));
                let target = self.target_index(i, offset);
                if rd != 0 && i + 1 < self.module.len() {
                    self.call(pc, target);
                } else {
                    let at = self.a.jmp32();
                    self.jump_block(at, target);
                }
            }
            Inst::Jalr { rd, rs1, offset } => self.jalr(rd, rs1, offset, pc),
            Inst::Fence => {}
            Inst::Ecall => {
                if self.module.helpers.is_some() {
                    self.helper_in_place(i);
                }
                self.exit_at(exit::ECALL, pc)
            }
            Inst::Ebreak => self.exit_at(exit::EBREAK, pc),
        }
    }

    /// True if instruction `i`'s access was range-checked at its block start.
    pub(super) fn checked(&self, i: usize) -> bool {
        match &self.plan {
            Some((start, end, _)) => (*start..*end).contains(&i) && self.scratch.marks[i],
            None => false,
        }
    }

    /// Instruction index of a validated static target.
    fn target_index(&self, i: usize, offset: i32) -> usize {
        (i as i64 + (offset as i64 >> 2)) as usize
    }

    pub(super) fn jalr(&mut self, rd: u8, rs1: u8, offset: i32, pc: u32) {
        // eax = target, ecx = its instruction index, or a bad-jump exit.
        let pinned = self.pins.get(rs1).filter(|_| rs1 != 0);
        if let (0, 0, Some(h)) = (rd, offset, pinned) {
            self.try_return(h);
        }
        self.load(RAX, rs1);
        if let (0, 0, None) = (rd, offset, pinned) {
            self.try_return(RAX);
        }
        if offset != 0 {
            self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), offset);
        }
        self.a.alu_rm_imm(Alu::And, Rm::Reg(RAX), -2);
        self.clobber_rcx();
        self.a.mov_r_rm(RCX, Rm::Reg(RAX));
        // (Packages put their code at 0.)
        if self.module.code_base() != 0 {
            self.a
                .alu_rm_imm(Alu::Sub, Rm::Reg(RCX), self.module.code_base() as i32);
        }
        // A misaligned offset rotates into the top bits: one unsigned compare checks
        // alignment and range together.
        self.a.shift_imm(Shift::Ror, Rm::Reg(RCX), 2);
        self.a
            .alu_rm_imm(Alu::Cmp, Rm::Reg(RCX), self.module.len() as i32);
        let at = self.a.jcc32(Cond::Ae);
        self.stubs.push(Stub::BadJump { at, pc });
        // The jump happens (link written) even if the target block is unpaid.
        self.set_imm(rd, pc.wrapping_add(4));
        // rcx = &entries[idx]; pay its cost, then jump to its native address.
        self.a.shift64_imm(Shift::Shl, Rm::Reg(RCX), 4);
        self.a.alu64_r_rm(Alu::Add, RCX, mem(RBP, OFF_ENTRIES));
        self.a.alu64_r_rm(Alu::Sub, R15, mem(RCX, 8));
        let at = self.a.jcc32(Cond::B);
        self.stubs.push(Stub::DynCharge {
            at,
            disp: 0,
            target: None,
        });
        self.a.jmp_rm(mem(RCX, 0));
    }
}
