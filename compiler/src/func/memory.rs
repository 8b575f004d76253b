//! Linear-memory accesses (with explicit bounds checks), bulk memory, globals and
//! locals.
//!
//! Bounds checks compare the end of the access against `gp` (the current memory
//! size). A one-byte access at `addr` is out of bounds exactly when `addr >= gp`.
//! Otherwise, with a zero static offset, `addi t0, addr, n; bltu gp, t0, trap` suffices:
//! when `addr + n` wraps, `addr` lies in the top `n` bytes of the 32-bit space, far
//! past the engine's data memory (at most 1 GiB), so the access itself faults and the
//! runtime reports that fault as the Wasm out-of-bounds trap. With a small static
//! offset (`k = offset + n` fits an immediate) and a memory of at least `k` bytes
//! from the start, one exact check suffices: `t0 = gp - k` cannot wrap, and the
//! access is out of bounds exactly when `addr > t0`; the access then uses `offset`
//! as its displacement. Otherwise the end is computed without wrap
//! (`t0 = addr + offset + n`, trap if `t0 < addr`) and compared with `gp`.

use super::extents::fits_disp;
use super::{FuncCtx, Loc, Popped, Val};
use crate::asm::{GP, T0, T1, ZERO};
use rivet_format::abi::{Helper, TrapCode};
use rivet_format::package::{ConstInit, ValType};
use rivet_format::rv32::{fits_signed, BranchOp, ImmOp, LoadOp, Reg, RegOp, StoreOp};

/// How a load extends its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Load {
    /// An i32 load with this instruction.
    I32(LoadOp),
    /// i64.load.
    I64,
    /// An i64 load of fewer bytes: instruction, sign-extend?
    I64Narrow(LoadOp, bool),
}

fn load_bytes(op: LoadOp) -> u64 {
    match op {
        LoadOp::Lb | LoadOp::Lbu => 1,
        LoadOp::Lh | LoadOp::Lhu => 2,
        LoadOp::Lw => 4,
    }
}

/// The checked address of an access: base register and displacement.
struct Addr {
    base: Reg,
    disp: i32,
    /// A register to free afterwards.
    owned: Option<Reg>,
}

impl FuncCtx<'_> {
    /// The address of a constant-address access: checked against `gp` unless an
    /// earlier check (or the memory's minimum size) already proves it in bounds.
    fn checked_const_addr(&mut self, c: i64, offset: u64, n: u64) -> Option<Addr> {
        let ea = c as u32 as u64 + offset;
        let end = ea + n;
        if end > self.env.max_linear_bytes {
            self.trap(TrapCode::OutOfBounds);
            return None;
        }
        if !self.vals.extents.const_in_bounds(end) {
            self.emit.asm.li(T0, end as i32);
            self.trap_if(BranchOp::Bltu, GP, T0, TrapCode::OutOfBounds);
            self.vals.extents.prove_const(end);
        }
        if fits_disp(ea) {
            return Some(Addr {
                base: ZERO,
                disp: ea as i32,
                owned: None,
            });
        }
        self.emit.asm.li(T1, ea as i32);
        Some(Addr {
            base: T1,
            disp: 0,
            owned: None,
        })
    }

    /// Bounds-checks `[addr + offset, addr + offset + n)`; None when the access can
    /// never be in bounds (an unconditional trap was emitted). Through a local whose
    /// current value an earlier check on this path already covered (`extents.rs`),
    /// no check is emitted; the address is through a local when it is a lazy
    /// `local.get` or a register the slot cache knows holds the local's value
    /// ([`Self::local_held`]).
    fn checked_addr(&mut self, p: Popped, offset: u64, n: u64) -> Option<Addr> {
        let max = self.env.max_linear_bytes;
        let local = match p.val.loc {
            Loc::Const(c) => return self.checked_const_addr(c, offset, n),
            Loc::Local(i) => Some(i),
            Loc::Reg(r) => self.local_held(r),
            _ => None,
        };
        let (r, owned) = self.src_reg(p);
        let owned = owned.then_some(r);
        let k = offset + n;
        if let Some(i) = local {
            if k <= self.vals.extents.local_end(i) {
                return Some(self.unchecked_addr(r, offset, owned));
            }
            if k <= max {
                // Recorded before the access is emitted: nothing runs in between,
                // and past the access the fact holds (see the module docs).
                self.vals.extents.prove_local(i, k);
            }
        }
        if offset == 0 && n == 1 {
            // One byte at `addr`: out of bounds exactly when `addr >= gp`.
            self.trap_if(BranchOp::Bgeu, r, GP, TrapCode::OutOfBounds);
            return Some(Addr {
                base: r,
                disp: 0,
                owned,
            });
        }
        if offset == 0 {
            self.emit.asm.imm(ImmOp::Addi, T0, r, n as i32);
            self.trap_if(BranchOp::Bltu, GP, T0, TrapCode::OutOfBounds);
            return Some(Addr {
                base: r,
                disp: 0,
                owned,
            });
        }
        if k > max {
            if let Some(r) = owned {
                self.vals.free_reg(r);
            }
            self.trap(TrapCode::OutOfBounds);
            return None;
        }
        if k <= self.env.min_linear_bytes && fits_signed(-(k as i32), 12) {
            self.emit.asm.imm(ImmOp::Addi, T0, GP, -(k as i32));
            self.trap_if(BranchOp::Bltu, T0, r, TrapCode::OutOfBounds);
            return Some(Addr {
                base: r,
                disp: offset as i32,
                owned,
            });
        }
        if fits_signed(k as i32, 12) {
            self.emit.asm.imm(ImmOp::Addi, T0, r, k as i32);
        } else {
            self.emit.asm.li(T0, k as i32);
            self.emit.asm.reg(RegOp::Add, T0, r, T0);
        }
        self.trap_if(BranchOp::Bltu, T0, r, TrapCode::OutOfBounds);
        self.trap_if(BranchOp::Bltu, GP, T0, TrapCode::OutOfBounds);
        Some(Addr {
            base: T0,
            disp: -(n as i32),
            owned,
        })
    }

    /// The i32 local in a frame slot whose current value register `r` holds now,
    /// by the slot cache: `r` holds the word at the local's home slot (e.g. left on
    /// the stack by a `local.tee`, or loaded by an earlier `local.get`). A local in
    /// a frame slot is written only by `local.set`/`local.tee`, which store to that
    /// slot at once (and forget the local's extents), so the slot holds the local's
    /// current value and an address in `r` is an address through the local
    /// (`extents.rs`).
    fn local_held(&mut self, r: Reg) -> Option<u32> {
        let (off, i) = self.vals.cache.fact(&self.emit.asm.code, r)?;
        let i = i?;
        let l = self.vals.locals[i as usize];
        (l.pin.is_none() && l.ty == ValType::I32 && l.off == off).then_some(i)
    }

    /// The address `r + offset` of an access already proven in bounds.
    fn unchecked_addr(&mut self, r: Reg, offset: u64, owned: Option<Reg>) -> Addr {
        if fits_disp(offset) {
            return Addr {
                base: r,
                disp: offset as i32,
                owned,
            };
        }
        self.emit.asm.li(T0, offset as i32);
        self.emit.asm.reg(RegOp::Add, T0, r, T0);
        Addr {
            base: T0,
            disp: 0,
            owned,
        }
    }

    pub fn load(&mut self, kind: Load, offset: u64) {
        let (n, ty) = match kind {
            Load::I32(op) => (load_bytes(op), ValType::I32),
            Load::I64 => (8, ValType::I64),
            Load::I64Narrow(op, _) => (load_bytes(op), ValType::I64),
        };
        let p = self.vals.pop();
        // Destination registers first: allocating may spill, which uses the scratch
        // registers the address check leaves the address in.
        // An unsigned narrow load's high word is zero: x0 (see `zx64`).
        let h = match kind {
            Load::I64Narrow(_, false) => Some(ZERO),
            _ => (ty == ValType::I64).then(|| self.alloc()),
        };
        let pre = (matches!(p.val.loc, Loc::Const(_)) || self.is_pinned(&p)).then(|| self.alloc());
        let Some(a) = self.checked_addr(p, offset, n) else {
            for r in h.into_iter().chain(pre) {
                self.vals.free_reg(r);
            }
            // Unreachable at run time; keep the stack shape.
            self.vals.push(ty, Loc::Const(0));
            return;
        };
        let rd = a.owned.or(pre).expect("a destination register");
        match (kind, h) {
            (Load::I32(op), _) => {
                self.emit.asm.load(op, rd, a.base, a.disp);
                self.vals.push(ty, Loc::Reg(rd));
                self.note_def(rd);
            }
            (Load::I64, Some(h)) => {
                self.emit.asm.load(LoadOp::Lw, h, a.base, a.disp + 4);
                self.emit.asm.load(LoadOp::Lw, rd, a.base, a.disp);
                self.vals.push(ty, Loc::Pair(rd, h));
                self.vals.last_load64 = Some((self.emit.asm.code.len() - 2, rd, h));
            }
            (Load::I64Narrow(op, signed), Some(h)) => {
                self.emit.asm.load(op, rd, a.base, a.disp);
                if signed {
                    self.emit.asm.imm(ImmOp::Srai, h, rd, 31);
                }
                self.vals.push(ty, Loc::Pair(rd, h));
            }
            _ => unreachable!("i64 loads have a high register"),
        }
    }

    /// Stores of `n` bytes (`n` = 8 only for i64.store).
    pub fn store(&mut self, n: u64, offset: u64) {
        let v = self.vals.pop();
        let borrowed = v.val.ty.words() == 1 && self.is_pinned(&v);
        let (lo, hi) = match v.val.loc {
            Loc::Const(0) => (ZERO, ZERO),
            Loc::Pair(l, ZERO) => (l, ZERO),
            _ if v.val.ty.words() == 2 && n == 8 => self.owned_pair(v),
            _ if v.val.ty.words() == 2 => (self.owned_reg(v), ZERO),
            _ => (self.src_reg(v).0, ZERO),
        };
        let p = self.vals.pop();
        if let Some(a) = self.checked_addr(p, offset, n) {
            match n {
                1 => self.emit.asm.store(StoreOp::Sb, lo, a.base, a.disp),
                2 => self.emit.asm.store(StoreOp::Sh, lo, a.base, a.disp),
                4 => self.emit.asm.store(StoreOp::Sw, lo, a.base, a.disp),
                _ => {
                    self.emit.asm.store(StoreOp::Sw, lo, a.base, a.disp);
                    self.emit.asm.store(StoreOp::Sw, hi, a.base, a.disp + 4);
                }
            }
            if let Some(r) = a.owned {
                self.vals.free_reg(r);
            }
        }
        if !borrowed {
            self.vals.free_reg(lo);
        }
        self.vals.free_reg(hi);
    }

    /// True when `p` reads a local pinned to registers.
    pub fn is_pinned(&self, p: &Popped) -> bool {
        matches!(p.val.loc, Loc::Local(i) if self.vals.locals[i as usize].pin.is_some())
    }

    pub fn memory_size(&mut self) {
        let r = self.alloc();
        self.emit.asm.imm(ImmOp::Srli, r, GP, 16);
        self.vals.push(ValType::I32, Loc::Reg(r));
    }

    pub fn memory_grow(&mut self) {
        let r = self.pop_reg();
        self.helper(Helper::MemoryGrow, &[r, r]);
        self.vals.push(ValType::I32, Loc::Reg(r));
    }

    /// memory.copy / memory.fill: (dst, x, len) from the stack.
    pub fn memory_bulk(&mut self, op: Helper) {
        let n = self.pop_reg();
        let x = self.pop_reg();
        let d = self.pop_reg();
        self.helper(op, &[d, x, n]);
        for r in [n, x, d] {
            self.vals.free_reg(r);
        }
    }

    pub fn memory_init(&mut self, segment: u32) {
        let n = self.pop_reg();
        let s = self.pop_reg();
        let d = self.pop_reg();
        let seg = self.alloc();
        self.emit.asm.li(seg, segment as i32);
        self.helper(Helper::MemoryInit, &[seg, d, s, n]);
        for r in [n, s, d, seg] {
            self.vals.free_reg(r);
        }
    }

    pub fn data_drop(&mut self, segment: u32) {
        let seg = self.alloc();
        self.emit.asm.li(seg, segment as i32);
        self.helper(Helper::DataDrop, &[seg]);
        self.vals.free_reg(seg);
    }

    pub fn global_get(&mut self, g: u32) {
        let global = self.env.globals[g as usize];
        if !global.mutable {
            if let ConstInit::Const(bits) = global.init {
                let v = if global.ty.words() == 1 {
                    bits as u32 as i32 as i64
                } else {
                    bits as i64
                };
                self.vals.push(global.ty, Loc::Const(v));
                return;
            }
        }
        let addr = (self.env.globals_base + 8 * g) as i32;
        let (hi, lo) = crate::asm::hi_lo(addr);
        if global.ty.words() == 2 {
            let l = self.alloc();
            let h = self.alloc();
            self.emit
                .asm
                .emit(rivet_format::rv32::Inst::Lui { rd: h, imm: hi });
            self.emit.asm.load(LoadOp::Lw, l, h, lo);
            self.emit.asm.load(LoadOp::Lw, h, h, lo + 4);
            self.vals.push(global.ty, Loc::Pair(l, h));
        } else {
            let r = self.alloc();
            self.emit
                .asm
                .emit(rivet_format::rv32::Inst::Lui { rd: r, imm: hi });
            self.emit.asm.load(LoadOp::Lw, r, r, lo);
            self.vals.push(global.ty, Loc::Reg(r));
        }
    }

    pub fn global_set(&mut self, g: u32) {
        let v = self.vals.pop();
        let (l, h) = match v.val.loc {
            Loc::Const(0) => (ZERO, ZERO),
            Loc::Pair(l, ZERO) => (l, ZERO),
            _ if v.val.ty.words() == 2 => self.owned_pair(v),
            _ => (self.owned_reg(v), ZERO),
        };
        let addr = (self.env.globals_base + 8 * g) as i32;
        let (hi, lo) = crate::asm::hi_lo(addr);
        self.emit
            .asm
            .emit(rivet_format::rv32::Inst::Lui { rd: T1, imm: hi });
        self.emit.asm.store(StoreOp::Sw, l, T1, lo);
        if v.val.ty.words() == 2 {
            self.emit.asm.store(StoreOp::Sw, h, T1, lo + 4);
        }
        self.vals.free_reg(l);
        self.vals.free_reg(h);
    }

    /// The value `p` to copy into a frame-slot local: when it lies in the frame
    /// too (another local's slot or a spilled value) and no register holds it,
    /// it is loaded into free pool registers that hold no frame word, instead of
    /// passing through `T0` word by word, so that after the store the slot cache
    /// knows them to hold the local (its next read is a register use). `p`
    /// itself otherwise.
    fn copy_through_pool(&mut self, p: Popped) -> Val {
        let words = p.val.ty.words();
        let in_frame = match p.val.loc {
            Loc::Local(j) => self.vals.locals[j as usize].pin.is_none(),
            Loc::Mem => true,
            _ => false,
        };
        // Cheap test first (by the last scan; exact after the lookups below).
        if !in_frame || !matches!(words, 1 | 2) || self.spare_regs() == 0 {
            return p.val;
        }
        for hi in [false, true].into_iter().take(words) {
            let off = self.frame_word(p.val, p.depth, hi).expect("in the frame");
            if self.cached_word(off).is_some() {
                return p.val;
            }
        }
        if (self.spare_regs().count_ones() as usize) < words {
            return p.val;
        }
        let lo = self.alloc();
        self.load_word(lo, p.val, p.depth, false);
        let loc = if words == 2 {
            let h = self.alloc();
            self.load_word(h, p.val, p.depth, true);
            Loc::Pair(lo, h)
        } else {
            Loc::Reg(lo)
        };
        Val { ty: p.val.ty, loc }
    }

    pub fn local_get(&mut self, i: u32) {
        let ty = self.vals.locals[i as usize].ty;
        self.vals.push(ty, Loc::Local(i));
    }

    /// local.set (tee = keep the value on the stack).
    pub fn local_set(&mut self, i: u32, tee: bool) {
        self.isolate_local(i);
        self.vals.extents.forget_local(i);
        let l = self.vals.locals[i as usize];
        if let Some((r, h)) = l.pin {
            // The value computed straight into the local's (low) register.
            let top = self.vals.stack.last().map(|v| (v.ty, v.loc));
            let zero_high = matches!(top, Some((ValType::I64, Loc::Pair(_, ZERO))));
            if l.ty == ValType::I64 && self.retarget_load64(i, r, h) {
                if tee {
                    self.vals.push(l.ty, Loc::Local(i));
                }
                return;
            }
            if (l.ty == ValType::I32 || zero_high) && self.retarget_top(r) {
                if zero_high {
                    let p = Popped {
                        val: Val {
                            ty: ValType::I64,
                            loc: Loc::Pair(r, ZERO),
                        },
                        depth: self.vals.stack.len(),
                    };
                    if self.note_local_set(i, &p).is_none() {
                        self.emit.asm.li(h, 0);
                    }
                }
                if tee {
                    self.vals.push(l.ty, Loc::Local(i));
                }
                return;
            }
        }
        let p = self.vals.pop();
        let low_only = self.note_local_set(i, &p);
        if low_only.is_none() && self.set_in_place(i, &p) {
            if tee {
                self.vals.push(l.ty, Loc::Local(i));
            }
            return;
        }
        match l.pin {
            Some((lo, hi)) => {
                self.load_word(lo, p.val, p.depth, false);
                if l.ty.words() == 2 && low_only.is_none() {
                    self.load_word(hi, p.val, p.depth, true);
                }
            }
            None => {
                let (stored, copied) = match low_only {
                    Some(v) => (v, false),
                    None => {
                        let v = self.copy_through_pool(p);
                        (v, v.loc != p.val.loc)
                    }
                };
                self.store_val(stored, p.depth, l.off);
                self.note_stored(stored, l.off, Some(i));
                if copied {
                    // The copy's registers: free, still holding the local's words.
                    self.vals.free_val(stored);
                }
            }
        }
        if tee && matches!(p.val.loc, Loc::Reg(_) | Loc::Pair(..) | Loc::Const(_)) {
            self.vals.push(p.val.ty, p.val.loc);
            return;
        }
        self.vals.free_val(p.val);
        if tee {
            self.vals.push(p.val.ty, Loc::Local(i));
        }
    }
}
