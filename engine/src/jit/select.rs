//! The compiler's `select` hammock as a conditional move.
//!
//! Rivet's compiler lowers an i32 `select` to a branch over one move:
//! `b<cc> x, y, +8; addi rd, rs, imm` (`imm` is 0 for a plain `mv`). The branch
//! ends a block and the move is a block of its own, so translated one by one it
//! is a conditional jump on data: sorting random numbers (`sort_unstable`'s
//! branch-free partition and insertion steps are selects) mispredicts about
//! every other one, while wasmtime emits `cmov` for the same `select`.
//!
//! An i64 `select` (a branch over two moves) stays a branch here: as `cmov`s
//! it made nbody's native code 10% slower (the soft-float library's selects
//! are predictable and on its dependency chains, where a predicted branch
//! costs nothing and a `cmov` waits for both sources). The interpreter, where
//! the dispatches saved matter more, runs both kinds as one op.
//!
//! Recognised at the branch (the move a leader, the instruction after it the
//! branch's target, no gas chain paid ahead), it runs as:
//!
//! ```text
//! xor ecx, ecx; cmp x, y; set<not cc> cl   ; ecx = 1 when the move runs
//! eax = rs + imm
//! sub r15, rcx; jb out_of_gas(move's pc)   ; its block (1 unit) paid only when it runs
//! test ecx, ecx; cmovnz rd, eax            ; (rd in memory: cmovz eax, [rd]; mov [rd], eax)
//! jmp target's block                       ; which charges itself, as both edges do
//! ```
//!
//! Exactness: the interpreter runs the same two blocks, so gas is the branch's
//! block (already paid), then the move's block when the branch falls through,
//! then the target's block at its own charge. Running out of gas in the move's
//! block reports the move's pc with `rd` untouched (the charge comes before the
//! move), like the ordinary charge stub. The move's own code is still emitted
//! after this (its charge, then `addi`) for static jumps and dynamic entries to
//! it; nothing falls into it.

use super::branch::branch_cond;
use super::translate::{Stub, Tr, GP};
use super::x86::reg::*;
use super::x86::{Alu, Cond, Rm};
use rivet_format::rv32::{ImmOp, Inst};

impl Tr<'_> {
    /// If instruction `i` is a select's branch over one `addi` (see the module
    /// docs): emits it as a conditional move and returns 1 (the move is
    /// translated as usual after it).
    pub(super) fn fuse_select(&mut self, i: usize) -> Option<usize> {
        let module = self.module;
        let n = module.len();
        if i + 2 >= n || self.extra != 0 {
            return None;
        }
        let Inst::Branch {
            op,
            rs1: x,
            rs2: y,
            offset: 8,
        } = module.inst_by_index(i)
        else {
            return None;
        };
        let Inst::Imm {
            op: ImmOp::Addi,
            rd,
            rs1: rs,
            imm,
        } = module.inst_by_index(i + 1)
        else {
            return None;
        };
        // sp writes mark pages, gp is the memory size; a bounds check on gp
        // (or a chained block) is not a select.
        let plain = |r: u8| r != 2 && r != GP;
        if rd == 0 || !plain(rd) || !plain(x) || !plain(y) {
            return None;
        }
        if !self.leaders[i + 1] || !self.leaders[i + 2] || self.merged[i + 1] {
            return None;
        }
        // The move's block: one instruction, one unit of gas (ecx is that charge).
        if module.entries[i + 1].cost != 1 {
            return None;
        }
        let pc = module.pc_of(i + 1);
        // Every source is read from its slot or pinned register: rcx is scratch.
        self.fwd = None;
        self.a.alu_r_rm(Alu::Xor, RCX, Rm::Reg(RCX));
        self.compare(x, y);
        self.a.setcc(branch_cond(op, false), RCX);
        // eax = rs + imm (mov and lea leave the flags alone; none are needed now).
        match self.g(rs) {
            _ if rs == 0 => self.a.mov_rm_imm(Rm::Reg(RAX), imm as u32),
            Rm::Reg(h) if imm != 0 => self.a.lea32(RAX, super::x86::mem(h, imm)),
            src => {
                self.a.mov_r_rm(RAX, src);
                if imm != 0 {
                    self.a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), imm);
                }
            }
        }
        self.a.alu64_r_rm(Alu::Sub, R15, Rm::Reg(RCX));
        let at = self.a.jcc32(Cond::B);
        self.stubs.push(Stub::Charge {
            at,
            cost: 1,
            pc,
            chain: false,
        });
        self.a.test_rm_r(Rm::Reg(RCX), RCX);
        match self.g(rd) {
            Rm::Reg(h) => self.a.cmov_r_rm(Cond::Ne, h, Rm::Reg(RAX)),
            slot => {
                self.a.cmov_r_rm(Cond::E, RAX, slot);
                self.a.mov_rm_r(slot, RAX);
            }
        }
        self.wrote(rd);
        let at = self.a.jmp32();
        self.jump_block(at, i + 2);
        Some(1)
    }
}
