//! Guest loads and stores, in two forms chosen per translation:
//!
//! * **Checked** (any memory): the u32 effective address `rs1 + imm` (wrapping) goes
//!   to `eax`, `eax + width <= size` is compared with the context's limit, and the
//!   access runs on `[mem + rax]`; a failing check jumps to a stub that reports the
//!   fault at the instruction's pc. Accesses planned by [`super::group`] skip the
//!   compare (their region checked them at once).
//! * **Guarded** (memory inside a guard-page reservation, see
//!   `crate::memory::guarded`): the access runs directly on `[mem + base + imm]`
//!   with the base register zero-extended, one instruction for a load through a
//!   host-register base, whatever the sign of `imm`. That host address lies inside the
//!   reservation for every base and offset, and exactly the guest's bytes are
//!   accessible, so an access outside memory faults; the fault handler
//!   ([`super::signal`]) moves the thread to the access's stub ([`Stub::Redo`]),
//!   found by the native offset of the access in the code's fault table. The stub
//!   redoes the access the checked way (the guest address wraps at 2^32, the host
//!   sum does not, so a base near 4 GiB plus an offset may be a valid guest access)
//!   and continues after it, or reports the fault exactly as the checked form does.
//!   A faulting x86 access has no effect, so the stub starts from the state just
//!   before it.
//!
//! A store then marks the page of its first byte in the dirty map, with the guest
//! address in `eax` (the stub and the inline path meet before the mark): through
//! the context's map pointer, or, guarded, at its fixed place below the data
//! (`crate::memory::guarded::DIRTY_BELOW`). The mark reads the map first and
//! writes it out of line only when the page is not marked yet
//! ([`Tr::mark_store`]): a store in a loop is then one store, not two.

use super::ctx::{exit, off_limit, OFF_A, OFF_B};
use super::stack::PAIR_MARK;
use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond, Rm, Shift};
use crate::memory::DIRTY_SHIFT;
use rivet_format::rv32::{LoadOp, StoreOp};

/// `[mem + base + disp]`: guest memory (`gs:[base + disp]`, see [`GUEST`]).
pub(super) fn mem_sum(base: u8, disp: i32) -> Rm {
    Rm::Mem {
        base: GUEST,
        index: Some(base),
        disp,
    }
}

/// What a guarded access does, for its [`Stub::Redo`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Access {
    /// Load into host register `.1`.
    Load(LoadOp, u8),
    /// Store host register `.1`.
    Store(StoreOp, u8),
}

impl Access {
    pub(super) fn width(self) -> u32 {
        match self {
            Access::Load(LoadOp::Lb | LoadOp::Lbu, _) | Access::Store(StoreOp::Sb, _) => 1,
            Access::Load(LoadOp::Lh | LoadOp::Lhu, _) | Access::Store(StoreOp::Sh, _) => 2,
            _ => 4,
        }
    }
}

/// A guarded access's out-of-line stub (see the module docs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Redo {
    /// Native offset of the faulting instruction.
    pub at: usize,
    /// Where the inline path continues after the access.
    pub resume: usize,
    /// Host register holding the zero-extended base.
    pub base: u8,
    pub imm: i32,
    pub access: Access,
    pub pc: u32,
    /// Gas to give back before reporting a fault (see [`super::chain`]).
    pub refund: i32,
    /// A pair `rax` holds at `resume` ([`super::rax_pair`]), assembled again
    /// after the redone access.
    pub pair: Option<(u8, u8)>,
}

impl Tr<'_> {
    /// `lw`/`lh`/`lb`(`u`) `rd, imm(rs1)` at instruction `i`.
    pub(super) fn load_inst(&mut self, op: LoadOp, rd: u8, rs1: u8, imm: i32, i: usize, pc: u32) {
        let width = Access::Load(op, 0).width();
        let checked = self.checked(i);
        // Guarded accesses may fault (a guarded region plans none); an `x0` load,
        // which runs only for its fault, takes the checked form.
        let guarded = self.guard && rd != 0;
        // The operand, and for a guarded access its base and displacement.
        let (src, redo) = if checked {
            let h = self.pins.get(rs1).expect("planned bases are pinned");
            (mem_sum(h, imm), Some((h, imm)))
        } else if guarded {
            let (base, disp) = self.guarded_operand(rs1, imm);
            (mem_sum(base, disp), Some((base, disp)))
        } else {
            self.address(rs1, imm, width, pc);
            (mem_sum(RAX, 0), None)
        };
        if rd == 0 {
            return;
        }
        let d = self.dst(rd, RCX);
        if d == RCX {
            self.clobber_rcx();
        }
        let at = self.a.pos();
        self.load_to(op, d, src);
        if let (true, Some((base, disp))) = (guarded, redo) {
            let resume = self.a.pos();
            self.push_redo(Redo {
                at,
                resume,
                base,
                imm: disp,
                access: Access::Load(op, d),
                pc,
                refund: self.extra,
                pair: self.live_pair(),
            });
        }
        self.set(rd, d);
    }

    /// `sw`/`sh`/`sb rs2, imm(rs1)` at instruction `i`.
    pub(super) fn store_inst(
        &mut self,
        op: StoreOp,
        rs1: u8,
        rs2: u8,
        imm: i32,
        i: usize,
        pc: u32,
    ) {
        let width = Access::Store(op, 0).width();
        let checked = self.checked(i);
        let guarded = self.guard;
        let (mut base, mut disp) = (RAX, imm);
        if checked {
            base = self.pins.get(rs1).expect("planned bases are pinned");
        } else if guarded {
            (base, disp) = self.guarded_operand(rs1, imm);
        } else {
            self.address(rs1, imm, width, pc);
        }
        let v = self.pins.get(rs2).unwrap_or(RCX);
        if base == RCX && v == RCX && rs2 != rs1 {
            // The value goes to rcx, which holds the base: move the base first.
            self.a.mov_r_rm(RAX, Rm::Reg(RCX));
            base = RAX;
        }
        self.load(v, rs2);
        let dst = if checked || guarded {
            mem_sum(base, disp)
        } else {
            mem_sum(RAX, 0)
        };
        // An earlier store of the region marked this store's page (see `group`
        // and `run_mark`), or the store goes through sp, whose pages are marked
        // (see `stack`). A run's anchor (planned in guarded code only) marks for
        // the run.
        let anchor = self.anchor(i);
        let mark = anchor.is_some()
            || !self.unmarked(i) && !self.store_marked_by_sp(i, rs1) && self.covered != Some(i);
        let at = self.a.pos();
        self.store_to_mem(op, dst, v);
        if (checked || guarded) && mark {
            // The address for the dirty page (no wrap: the access was inside memory).
            self.eax_address(base, disp);
        }
        if guarded {
            let resume = self.a.pos();
            self.push_redo(Redo {
                at,
                resume,
                base,
                imm: disp,
                access: Access::Store(op, v),
                pc,
                refund: self.extra,
                pair: self.live_pair(),
            });
        }
        if !mark {
            return;
        }
        // dirty[addr >> DIRTY_SHIFT] = 1 (the address is dead after the store); a
        // guarded memory's map sits at a fixed distance below the data.
        match anchor {
            // The run's two pages from its lowest address, which may lie on page
            // -1 (see `run_mark`): signed 64-bit.
            Some(delta) if delta != 0 => {
                self.a.lea64(RAX, mem(RAX, delta));
                self.a
                    .shift64_imm(Shift::Sar, Rm::Reg(RAX), DIRTY_SHIFT as u8);
            }
            _ => self
                .a
                .shift_imm(Shift::Shr, Rm::Reg(RAX), DIRTY_SHIFT as u8),
        }
        self.mark_store(self.pair || anchor.is_some());
        if self.pair && anchor.is_none() {
            self.covered = Some(i + 1);
        }
    }

    /// The dirty mark of a store, its page number in `rax` (and with `two` the
    /// next page's too): the map is read first and written only, out of line
    /// ([`Stub::Mark`]), when the page is not marked yet. A store in a loop
    /// then costs a load and a branch not taken instead of a second store: the
    /// mark's store had to drain through the store buffer with the guest's
    /// own (24% of sieve's time, whose stores miss the cache, 15% of sort's).
    /// Every writer of the map writes [`DIRTY_MARK`](crate::memory::DIRTY_MARK), so both pages are marked
    /// exactly when the 16-bit pair reads [`PAIR_MARK`].
    fn mark_store(&mut self, two: bool) {
        self.dirty_pointer_in_rax();
        let slot = self.dirty_slot();
        let at = if two {
            self.a.cmp16_rm_imm(slot, PAIR_MARK);
            self.a.jcc32(Cond::Ne)
        } else {
            self.a.cmp8_rm_imm(slot, 0);
            self.a.jcc32(Cond::E)
        };
        let resume = self.a.pos();
        self.stubs.push(Stub::Mark { at, resume, two });
    }

    /// The out-of-line part of [`Self::mark_store`] ([`Stub::Mark`]): the
    /// mark, then back to `resume`.
    pub(super) fn emit_mark(&mut self, at: usize, resume: usize, two: bool) {
        let here = self.a.pos();
        self.a.patch32(at, here);
        self.write_mark(two);
        let back = self.a.jmp32();
        self.a.patch32(back, resume);
    }

    /// The guarded operand of guest address `r + imm` as `(base, disp)` for
    /// `[mem + base + disp]`: the base is `r`'s host register (pinned, or `rcx`
    /// when forwarded) or `rax` loaded from its slot, and `disp = imm`. A negative
    /// `imm` on a base below `-imm` (a guest address wrapped below 0) gives a host
    /// address in the inaccessible page below the memory (see
    /// `crate::memory::guarded`), so it faults like any access outside memory.
    fn guarded_operand(&mut self, r: u8, imm: i32) -> (u8, i32) {
        match self.gr(r) {
            Rm::Reg(h) => (h, imm),
            _ => {
                self.load(RAX, r);
                (RAX, imm)
            }
        }
    }

    /// eax = `h + imm` (u32, wrapping).
    fn eax_address(&mut self, h: u8, imm: i32) {
        if imm != 0 {
            self.a.lea32(RAX, mem(h, imm));
        } else if h != RAX {
            self.a.mov_r_rm(RAX, Rm::Reg(h));
        }
    }

    fn load_to(&mut self, op: LoadOp, d: u8, src: Rm) {
        match op {
            LoadOp::Lb => self.a.movsx8(d, src),
            LoadOp::Lbu => self.a.movzx8(d, src),
            LoadOp::Lh => self.a.movsx16(d, src),
            LoadOp::Lhu => self.a.movzx16(d, src),
            LoadOp::Lw => self.a.mov_r_rm(d, src),
        }
    }

    fn store_to_mem(&mut self, op: StoreOp, dst: Rm, v: u8) {
        match op {
            StoreOp::Sb => self.a.mov8_rm_r(dst, v),
            StoreOp::Sh => self.a.mov16_rm_r(dst, v),
            StoreOp::Sw => self.a.mov_rm_r(dst, v),
        }
    }

    fn push_redo(&mut self, r: Redo) {
        self.stubs.push(Stub::Redo(r));
    }

    /// eax = effective address `rs1 + imm` (u32, zero-extended); jumps to a fault
    /// stub unless `[eax, eax + size)` is inside memory.
    pub(super) fn address(&mut self, rs1: u8, imm: i32, size: u32, pc: u32) {
        match self.gr(rs1) {
            // A 32-bit lea wraps like the guest's add and zero-extends.
            Rm::Reg(h) if imm != 0 => self.a.lea32(RAX, mem(h, imm)),
            _ => {
                self.load(RAX, rs1);
                if imm != 0 {
                    self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), imm);
                }
            }
        }
        // addr + size <= mem size  <=>  addr <= mem size - size (signed 64-bit).
        self.a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, off_limit(size)));
        let at = self.a.jcc32(Cond::G);
        self.stubs.push(Stub::Fault {
            at,
            pc,
            size,
            refund: self.extra,
        });
    }

    /// Emits a [`Redo`] stub here and records it in the fault table.
    pub(super) fn emit_redo(&mut self, r: Redo) {
        let here = self.a.pos();
        self.faults.push([r.at as u32, here as u32]);
        let width = r.access.width();
        self.eax_address(r.base, r.imm);
        self.a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, off_limit(width)));
        let fault = self.a.jcc8(Cond::G);
        match r.access {
            Access::Load(op, d) => self.load_to(op, d, mem_sum(RAX, 0)),
            Access::Store(op, v) => self.store_to_mem(op, mem_sum(RAX, 0), v),
        }
        if let Some(p) = r.pair {
            self.assemble_pair(p);
        }
        let back = self.a.jmp32();
        self.a.patch32(back, r.resume);
        self.a.bind8(fault);
        self.a.mov_rm_r(mem(RBP, OFF_A), RAX);
        self.a.mov_rm_imm(mem(RBP, OFF_B), width);
        self.refund(r.refund);
        self.exit_at(exit::MEMORY_FAULT, r.pc);
    }
}
