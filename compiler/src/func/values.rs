//! The value stack and the register allocator: where each operand lives (constant,
//! local, pool register, frame slot), allocation with spilling of the oldest register
//! value, the moves that materialise a value, canonicalisation at joins, and the
//! peephole state (`last_def`, `last_cmp`) that retargets or fuses the last
//! instruction. Invariant: a register is in `free` exactly when no stack entry and no
//! pinned local holds it.

use super::{Cond, FuncCtx, Loc, Popped, Val, ValueStack};
use crate::asm::{T0, ZERO};
use crate::encode::{opcode, rd_of, rs1_of, with_rd, OP_IMM, OP_LOAD, OP_REG};
use rivet_format::package::ValType;
use rivet_format::rv32::{BranchOp, Reg};

impl ValueStack {
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
        self.last_i64 = None;
        self.last_load64 = None;
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

    #[inline]
    pub fn take_free(&mut self, prefer: u16) -> Option<Reg> {
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
}

impl FuncCtx<'_> {
    // ---- registers -------------------------------------------------------------

    /// A free pool register, spilling the oldest register value if needed.
    #[inline]
    pub fn alloc(&mut self) -> Reg {
        loop {
            // Prefer x6..x9 so that a0..a5 stay free for call arguments, and
            // among them registers that hold no frame word (they may save a load
            // later).
            let free = self.vals.free;
            let uncached = free & !self.vals.cache.cached_mask();
            let prefer = if uncached & 0x03c0 != 0 {
                uncached & 0x03c0
            } else if free & 0x03c0 != 0 {
                0x03c0
            } else {
                uncached
            };
            if let Some(r) = self.vals.take_free(prefer) {
                return r;
            }
            // The oldest register value, unless one needs no store.
            let mut victim = None;
            for i in 0..self.vals.stack.len() {
                let v = self.vals.stack[i];
                if !matches!(v.loc, Loc::Reg(_) | Loc::Pair(..)) {
                    continue;
                }
                if self.stored_already(v, self.vals.slot(i)).is_some() {
                    victim = Some(i);
                    break;
                }
                victim.get_or_insert(i);
            }
            let victim = victim.expect("register pool exhausted with nothing to spill");
            self.spill_to(victim, true);
        }
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
                self.emit.asm.li(rd, c);
            }
            Loc::Local(i) => {
                let l = self.vals.locals[i as usize];
                match l.pin {
                    Some((lo, h)) => self.emit.asm.mv(rd, if hi { h } else { lo }),
                    None => self.load_frame_word(rd, l.off + w, Some(i)),
                }
            }
            Loc::Reg(r) => {
                if hi {
                    self.emit.asm.li(rd, 0);
                } else {
                    self.emit.asm.mv(rd, r);
                }
            }
            Loc::Pair(l, h) => self.emit.asm.mv(rd, if hi { h } else { l }),
            Loc::Mem => {
                let off = self.vals.slot(depth) + w;
                self.load_frame_word(rd, off, None);
            }
        }
    }

    /// Stores `v` into the 8-byte slot at sp-relative `off` without changing state
    /// (uses T0 for non-register sources).
    pub fn store_val(&mut self, v: Val, depth: usize, off: i32) {
        let words = if v.ty.words() == 2 { 2 } else { 1 };
        // A pinned local is stored from its own registers (no copy through T0).
        let pin = match v.loc {
            Loc::Local(j) => self.vals.locals[j as usize].pin,
            _ => None,
        };
        for k in 0..words {
            let hi = k == 1;
            if let Some((l, h)) = pin {
                self.emit
                    .asm
                    .sw(if hi { h } else { l }, crate::asm::SP, off + 4 * k);
                continue;
            }
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
                Loc::Mem if self.vals.slot(depth) == off => continue,
                _ => {
                    // A register still holding the frame word is stored directly.
                    let cached = self
                        .frame_word(v, depth, hi)
                        .and_then(|w| self.cached_word(w));
                    match cached {
                        Some(c) => c,
                        None => {
                            self.load_word(T0, v, depth, hi);
                            T0
                        }
                    }
                }
            };
            self.emit.asm.sw(src, crate::asm::SP, off + 4 * k);
        }
    }

    /// Moves stack entry `i` to its own slot (no store when its registers hold
    /// that slot's words already).
    pub fn spill(&mut self, i: usize) {
        self.spill_to(i, false);
    }

    /// [`Self::spill`]; with `to_local`, an entry whose registers hold a frame
    /// local's current value may become a reference to that local instead
    /// (never at joins, which need every value in its slot).
    pub fn spill_to(&mut self, i: usize, to_local: bool) {
        let v = self.vals.stack[i];
        if matches!(v.loc, Loc::Mem) {
            return;
        }
        let off = self.vals.slot(i);
        let loc = match self.stored_already(v, off) {
            Some(loc) if to_local || loc == Loc::Mem => loc,
            _ => {
                self.store_val(v, i, off);
                self.note_stored(v, off, None);
                Loc::Mem
            }
        };
        self.vals.free_val(v);
        self.vals.stack[i].loc = loc;
    }

    /// Spills every register and local reference (constants stay): the canonical
    /// state at control-flow joins.
    pub fn spill_all(&mut self) {
        for i in 0..self.vals.stack.len() {
            if !matches!(self.vals.stack[i].loc, Loc::Const(_)) {
                self.spill(i);
            }
        }
    }

    /// Spills every register value (locals and constants stay): before calls.
    pub fn spill_regs(&mut self) {
        for i in 0..self.vals.stack.len() {
            if matches!(self.vals.stack[i].loc, Loc::Reg(_) | Loc::Pair(..)) {
                self.spill(i);
            }
        }
    }

    /// Materializes stack entries that read local `idx` (before it is written).
    pub fn isolate_local(&mut self, idx: u32) {
        for i in 0..self.vals.stack.len() {
            if self.vals.stack[i].loc == Loc::Local(idx) {
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
                self.vals.free_reg(h);
                l
            }
            _ => {
                if let Some(c) = self.claim_word(p.val, p.depth, false) {
                    return c;
                }
                let r = self.alloc();
                self.load_word(r, p.val, p.depth, false);
                r
            }
        }
    }

    /// Owned registers (low, high) holding the i64 `p` (a known-zero high word,
    /// x0, gets a register holding zero: the caller may write both).
    #[inline]
    pub fn owned_pair(&mut self, p: Popped) -> (Reg, Reg) {
        match p.val.loc {
            Loc::Pair(l, ZERO) => {
                let h = self.alloc();
                self.emit.asm.li(h, 0);
                (l, h)
            }
            Loc::Pair(l, h) => (l, h),
            _ => {
                let l = match self.claim_word(p.val, p.depth, false) {
                    Some(c) => c,
                    None => {
                        let l = self.alloc();
                        self.load_word(l, p.val, p.depth, false);
                        l
                    }
                };
                let h = match self.claim_word(p.val, p.depth, true) {
                    Some(c) => c,
                    None => {
                        let h = self.alloc();
                        self.load_word(h, p.val, p.depth, true);
                        h
                    }
                };
                (l, h)
            }
        }
    }

    /// A register holding the i32 `p` for reading: a pinned local's own register
    /// (not owned) or an owned one.
    #[inline]
    pub fn src_reg(&mut self, p: Popped) -> (Reg, bool) {
        if let Loc::Local(i) = p.val.loc {
            if let Some((r, _)) = self.vals.locals[i as usize].pin {
                return (r, false);
            }
        }
        (self.owned_reg(p), true)
    }

    /// True if register `r` holds a frame word the slot cache knows (a local's
    /// value just loaded or stored): an operation then writes its result to a
    /// spare register ([`Self::spare_regs`]) if there is one, so that the next
    /// read of that word needs no load.
    #[inline]
    pub fn keeps_word(&mut self, r: Reg) -> bool {
        self.vals.cache.fact(&self.emit.asm.code, r).is_some()
    }

    /// Free pool registers that hold no frame word (by the last scan): those an
    /// allocation takes without losing a cached word or spilling.
    #[inline]
    pub fn spare_regs(&self) -> u16 {
        self.vals.free & self.vals.pool & !self.vals.cache.cached_mask()
    }

    /// Notes that the instruction just emitted alone produced `r`.
    #[inline]
    pub fn note_def(&mut self, r: Reg) {
        self.vals.last_def = Some((self.emit.asm.code.len() - 1, r));
    }

    /// If the top of the stack is the register just produced by the last
    /// instruction (an i32, or an i64's low word with a zero high word), rewrites
    /// that instruction to write `dst` instead and pops it.
    pub fn retarget_top(&mut self, dst: Reg) -> bool {
        let Some((at, r)) = self.vals.last_def else {
            return false;
        };
        let top = self.vals.stack.last().map(|v| v.loc);
        if at + 1 != self.emit.asm.code.len()
            || (top != Some(Loc::Reg(r)) && top != Some(Loc::Pair(r, ZERO)))
        {
            return false;
        }
        // Only register, immediate and load instructions (rd in the same bits;
        // the translator emits only valid ones) are retargeted.
        let w = self.emit.asm.code[at];
        if !matches!(opcode(w), OP_REG | OP_IMM | OP_LOAD) || rd_of(w) != r || dst >= 32 {
            return false;
        }
        self.emit.asm.code[at] = with_rd(w, dst);
        self.vals.cache.rewind(at);
        self.vals.stack.pop();
        self.vals.free_reg(r);
        self.vals.last_def = None;
        true
    }

    /// `local.set` of the i64 on top into pinned local `i` (registers `lo`, `hi`)
    /// when the last two instructions loaded it (`lw h, d+4(b); lw l, d(b)`):
    /// they are rewritten to load into `hi` and `lo` and the value is popped, so
    /// no moves follow. Not when `b` is `hi` (the first load would overwrite the
    /// base the second reads). Returns false without any effect otherwise.
    pub fn retarget_load64(&mut self, i: u32, lo: Reg, hi: Reg) -> bool {
        let Some((at, l, h)) = self.vals.last_load64 else {
            return false;
        };
        let top = self.vals.stack.last().map(|v| v.loc);
        let code = &self.emit.asm.code;
        if at + 2 != code.len() || top != Some(Loc::Pair(l, h)) || rs1_of(code[at + 1]) == hi {
            return false;
        }
        let p = self.vals.pop();
        // A loaded high word is never known zero: this only records that.
        let low_only = self.note_local_set(i, &p);
        debug_assert!(low_only.is_none(), "a loaded i64 kept as its low word");
        let code = &mut self.emit.asm.code;
        code[at] = with_rd(code[at], hi);
        code[at + 1] = with_rd(code[at + 1], lo);
        self.vals.cache.rewind(at);
        self.vals.free_reg(l);
        self.vals.free_reg(h);
        self.vals.last_load64 = None;
        true
    }

    /// Frees `r` if `owned`.
    #[inline]
    pub fn release(&mut self, r: Reg, owned: bool) {
        if owned {
            self.vals.free_reg(r);
        }
    }

    /// Pops an i32 branch condition, fusing it with the comparison that produced it
    /// when that is still the last code emitted.
    pub fn pop_cond(&mut self) -> Cond {
        if let (Some(rec), Some(top)) = (self.vals.last_cmp.take(), self.vals.stack.last()) {
            if top.loc == Loc::Reg(rec.result)
                && self.vals.stack.len() == rec.stack_len
                && self.emit.asm.code.len() == rec.end
            {
                self.vals.stack.pop();
                self.emit.asm.code.truncate(rec.start);
                self.vals.cache.rewind(rec.start);
                return Cond {
                    op: rec.op,
                    a: rec.a,
                    b: rec.b,
                    owned: rec.result,
                    srcs: rec.srcs,
                };
            }
        }
        let p = self.vals.pop();
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
        let p = self.vals.pop();
        self.owned_reg(p)
    }

    #[inline]
    pub fn pop_pair(&mut self) -> (Reg, Reg) {
        let p = self.vals.pop();
        self.owned_pair(p)
    }
}
