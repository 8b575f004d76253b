//! Guest calls and returns on the host's call stack, so that the processor's
//! return-address predictor sees them.
//!
//! Without this, a guest return (`jalr zero, 0(ra)`) is a table lookup and an
//! indirect `jmp` whose target the branch predictor guesses from the jump's
//! address alone: a function called from two places mispredicts every time
//! the caller alternates (fib's two recursive calls), and the prediction
//! changes whenever code moves.
//!
//! # Design
//!
//! * **Call** (`jal rd, f` with `rd != x0`, not the last instruction): the
//!   link register is written as before, then, while the host stack has room,
//!   `push pc + 4; call f`. The host return address is the native code right
//!   after the `call`, which is the translation of the guest instruction at
//!   `pc + 4` (the next leader, starting with its own charge). The pair
//!   `[host return address, guest pc + 4]` is a *return pair*.
//! * **Return** (`jalr x0, 0(rs)`): if `rs`, zero-extended, equals the guest pc
//!   of the pair on top of the host stack, `ret 8` pops the pair and goes to
//!   its native code; otherwise the ordinary table-driven jump runs (and the
//!   pair stays).
//!
//! # Invariants
//!
//! * Every return pair maps a guest pc to the native code of exactly that pc,
//!   entered where a static jump enters it (its block's charge first). So taking
//!   *any* pair whose pc equals the target is the jump the guest asked for, with
//!   the interpreter's gas: stale pairs (a callee that left by another jump) are
//!   harmless, and a guest that rewrites `ra` just takes the ordinary path.
//! * The prologue puts a sentinel, all ones, where the first return looks for a
//!   pc: no zero-extended 32-bit value equals it, so the outermost return (to
//!   the host's entry point or anywhere else) takes the ordinary path.
//! * Pairs use at most [`SHADOW_BYTES`] of host stack: below
//!   [`super::ctx::Ctx::shadow_floor`] a call is a plain jump. Deep or
//!   unbalanced guest recursion therefore cannot exhaust the host stack.
//! * Every exit (ecall, trap, out of gas, fault stubs) leaves through the
//!   epilogue, which first restores the stack pointer the prologue saved
//!   ([`super::ctx::Ctx::host_sp`]): pairs never outlive a native run, and a
//!   run entered again (after an ecall, at a dynamic entry) starts with none.
//! * A pair is 16 bytes, so the host stack keeps its 16-byte alignment.

use super::ctx::{OFF_HOST_SP, OFF_SHADOW_FLOOR};
use super::translate::{Stub, Tr};
use super::x86::reg::*;
use super::x86::{mem, Alu, Cond};

/// Host stack the return pairs of one native run may take (2 048 pairs).
pub(crate) const SHADOW_BYTES: i32 = 32 * 1024;

/// Host stack the prologue reserves below its pushes: alignment padding, the
/// sentinel the outermost return compares with, and its neighbour.
pub(super) const FRAME_BYTES: i32 = 24;

impl Tr<'_> {
    /// In the prologue, once `rbp` holds the context: the sentinel, the saved
    /// stack pointer and the floor of the return pairs.
    pub(super) fn calls_prologue(&mut self) {
        self.a.alu64_rm_imm(Alu::Or, mem(RSP, 8), -1);
        self.a.mov64_rm_r(mem(RBP, OFF_HOST_SP), RSP);
        self.a.lea64(RCX, mem(RSP, -SHADOW_BYTES));
        self.a.mov64_rm_r(mem(RBP, OFF_SHADOW_FLOOR), RCX);
    }

    /// At the epilogue's start: drops every return pair still pushed.
    pub(super) fn calls_epilogue(&mut self) {
        self.a.mov64_r_rm(RSP, mem(RBP, OFF_HOST_SP));
    }

    /// `jal rd, target` (after `rd` was written) as a host call with the return
    /// pair for `pc + 4`, or a plain jump when the pairs' stack is full.
    pub(super) fn call(&mut self, pc: u32, target: usize) {
        self.a.alu64_r_rm(Alu::Cmp, RSP, mem(RBP, OFF_SHADOW_FLOOR));
        let at = self.a.jcc32(Cond::Be);
        self.stubs.push(Stub::Refund {
            at,
            amount: 0,
            target,
        });
        self.a.push_imm(pc.wrapping_add(4) as i32);
        let at = self.a.call32();
        self.jump_block(at, target);
    }

    /// In the code of `jalr x0, 0(rs1)`, with host register `r` holding `rs1`
    /// (`eax` loaded from its slot, or its pinned register): the return through
    /// the top return pair when its pc is `r`; the ordinary jump follows. A
    /// pinned register is compared as it is: its upper half is zero whenever a
    /// 32-bit write left it, and any other value only misses the pair, taking
    /// the ordinary path, which reads the low half.
    pub(super) fn try_return(&mut self, r: u8) {
        self.a.alu64_r_rm(Alu::Cmp, r, mem(RSP, 8));
        let miss = self.a.jcc8(Cond::Ne);
        self.a.ret_pop(8);
        self.a.bind8(miss);
    }
}
