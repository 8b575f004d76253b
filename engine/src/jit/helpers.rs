//! `ecall`s that run Rivet's helper calls in place (see `crate::helpers`), for
//! modules whose embedder allows it
//! ([`Module::with_helpers`](crate::Module::with_helpers)).
//!
//! Before its exit, such an `ecall` writes the pinned guest registers and the gas
//! to the context and calls [`helper_in_ctx`], a Rust function that reads every
//! operand from the context and runs the helper on the context's registers,
//! memory and dirty map. On success native code reloads the gas and the pinned
//! registers (the helper may have written guest registers, and the call clobbers
//! the caller-saved host registers) and jumps to the next block's charge, exactly
//! where the host's `Continue` would resume it. Otherwise nothing changed and the
//! `ecall` exits as usual. An `ecall` whose `t0` the instructions right before
//! it set to a word that is no such helper (a host import, the return to the
//! host) has no call: if a dynamic jump reaches it with another `t0`, the host
//! runs that helper. The helper never writes `sp`, so the stack-pointer
//! page native code last marked (`Ctx::sp_page`, see [`super::stack`]) stays
//! valid across it.
//!
//! The host stack is 16-byte aligned here, as the call needs: the prologue aligns
//! it and each guest call's return pair is 16 bytes (see [`super::calls`]).

use super::ctx::Ctx;
use super::idiom::constant;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{Cond, Rm};
use rivet_format::rv32::{ImmOp, Inst};

/// Runs the helper call in `ctx`'s registers in place if it succeeds; 1 if it ran.
///
/// # Safety
/// `ctx` is a live native run's context: `mem` holds `limit[0] + 1` bytes and
/// `dirty` `pages` bytes, both exclusively the run's (see [`super::run`]).
extern "sysv64" fn helper_in_ctx(ctx: *mut Ctx) -> u32 {
    // SAFETY: native code passes its own context (see above); nothing else
    // touches it, the memory or the map during the call.
    let ctx = unsafe { &mut *ctx };
    let size = (ctx.limit[0] + 1).max(0) as usize;
    // SAFETY: see the function's contract.
    let data = unsafe { std::slice::from_raw_parts_mut(ctx.mem, size) };
    // SAFETY: as above.
    let dirty = unsafe { std::slice::from_raw_parts_mut(ctx.dirty, ctx.pages as usize) };
    crate::helpers::run(&mut ctx.regs, data, dirty, &mut ctx.gas, ctx.helper_max) as u32
}

impl Tr<'_> {
    /// At the `ecall` at instruction `i`, before its exit: runs a helper call in
    /// place and continues at block `i + 1` when it succeeds.
    pub(super) fn helper_in_place(&mut self, i: usize) {
        if self
            .known_t0(i)
            .is_some_and(|w| !crate::helpers::may_run(w))
        {
            return;
        }
        self.store_state();
        self.a.mov64_r_rm(RDI, Rm::Reg(RBP));
        self.a.mov64_r_imm(RAX, helper_in_ctx as *const () as u64);
        self.a.call_rm(Rm::Reg(RAX));
        self.load_state();
        self.fwd = None;
        self.a.test_rm_r(Rm::Reg(RAX), RAX);
        let at = self.a.jcc32(Cond::Ne);
        self.jump_block(at, i + 1);
    }

    /// The value of `t0` at the `ecall` at instruction `i` when the one or two
    /// instructions before it in its block set it to a constant (`addi t0, x0, k`,
    /// `lui t0, hi` or `lui` + `addi`).
    fn known_t0(&self, i: usize) -> Option<u32> {
        const T0: u8 = rivet_format::abi::reg::T0;
        let insts = self.module.insts();
        if i == 0 || self.leaders[i] {
            return None;
        }
        if i >= 2 && !self.leaders[i - 1] {
            if let Some((T0, v)) = constant(&insts[i - 2..i]) {
                return Some(v);
            }
        }
        match insts[i - 1] {
            Inst::Lui { rd: T0, imm } => Some(imm),
            Inst::Imm {
                op: ImmOp::Addi,
                rd: T0,
                rs1: 0,
                imm,
            } => Some(imm as u32),
            _ => None,
        }
    }
}
