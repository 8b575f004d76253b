//! Validation and pre-decoding: a [`Program`]'s code becomes a [`Module`].
//!
//! Building a module is the only place instruction words are decoded. Every word must
//! decode, use only the registers its ISA has, and every static `jal`/branch target
//! must be an aligned instruction inside the code; anything else is a [`LoadError`]
//! naming the instruction. The result is an op array (see [`crate::op`]) in which
//! every basic block starts with an [`Op::Charge`] carrying the block's total gas.
//! Falling into a block after a straight-line run (a cut block) or an `ecall` runs
//! its charge op; static jumps and both edges of a branch skip the charge op and pay
//! the same amount from a table themselves, saving one dispatch per block.
//!
//! Block leaders are: the first instruction, the entry, every static jump or branch
//! target, and the instruction after any jump, branch, `ecall` or `ebreak`. A block is
//! also cut after [`MAX_BLOCK_LEN`] instructions so that a charge always fits a `u32`.
//! Dynamic jumps (`jalr`, host `jump_to`) use the per-instruction entry table: the op
//! index of the instruction itself plus the gas of the rest of its block, so entering
//! a block in the middle pays exactly for what it will run.
//!
//! Last, [`crate::fuse`] rewrites the first op of the compiler's hot instruction
//! sequences into fused ops (see [`crate::op`]); the op array keeps its layout, so
//! every index above stays valid.

use crate::error::LoadError;
use crate::op::{Op, SINK};
use rivet_format::gas;
use rivet_format::program::{Isa, Program};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

/// Longest run of instructions charged by one [`Op::Charge`].
pub const MAX_BLOCK_LEN: usize = 4096;

/// Where a dynamic jump to an instruction lands and what it pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Op index of the instruction's own op (after its block's charge, if any).
    pub op: u32,
    /// Gas of this instruction and the rest of its block.
    pub cost: u32,
}

/// Validated, pre-decoded code of a [`Program`]; built once, shared by many machines.
#[derive(Debug, Clone)]
pub struct Module {
    isa: Isa,
    code_base: u32,
    entry: u32,
    pub(crate) ops: Vec<Op>,
    /// Code address of each op (a charge has its block leader's address).
    pub(crate) op_pc: Vec<u32>,
    /// Gas a static jump to op index `t` pays: the block cost when `t` follows a
    /// charge, else 0.
    pub(crate) target_cost: Vec<u32>,
    /// One per instruction, indexed by `(pc - code_base) / 4`.
    pub(crate) entries: Vec<Entry>,
    insts: Vec<Inst>,
    /// The largest linear memory, when the engine runs Rivet's helper calls itself
    /// (see [`crate::helpers`] and [`Module::with_helpers`]).
    pub(crate) helpers: Option<u32>,
    /// Native code, built on first use (see [`crate::jit`]).
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    native: crate::jit::Cache,
}

/// Gas of one instruction, from the schedule in [`rivet_format::gas`].
pub fn inst_cost(inst: &Inst) -> u64 {
    match inst {
        Inst::Lui { .. } | Inst::Auipc { .. } | Inst::Imm { .. } | Inst::Fence => gas::BASE,
        Inst::Reg { op, .. } => match op {
            RegOp::Mul | RegOp::Mulh | RegOp::Mulhsu | RegOp::Mulhu => gas::MULTIPLY,
            RegOp::Div | RegOp::Divu | RegOp::Rem | RegOp::Remu => gas::DIVIDE,
            _ => gas::BASE,
        },
        Inst::Load { .. } | Inst::Store { .. } => gas::MEMORY,
        Inst::Jal { .. } | Inst::Jalr { .. } | Inst::Branch { .. } => gas::CONTROL,
        Inst::Ecall => gas::ECALL,
        Inst::Ebreak => gas::EBREAK,
    }
}

fn ends_block(inst: &Inst) -> bool {
    matches!(
        inst,
        Inst::Jal { .. } | Inst::Jalr { .. } | Inst::Branch { .. } | Inst::Ecall | Inst::Ebreak
    )
}

fn sink(rd: u8) -> u8 {
    if rd == 0 {
        SINK
    } else {
        rd
    }
}

/// The decoded, register-checked instructions and which of them start a basic block
/// (index n: one past the end) or are the entry or a static jump target.
struct Decoded {
    insts: Vec<Inst>,
    leader: Vec<bool>,
    is_target: Vec<bool>,
}

/// The registers an instruction names, OR-ed together (0 when it names none), and
/// its static jump offset. Both register counts are powers of two, so the OR is
/// below the count exactly when every register is.
#[inline]
fn regs_and_offset(inst: &Inst) -> (u8, Option<i32>) {
    match *inst {
        Inst::Lui { rd, .. } | Inst::Auipc { rd, .. } => (rd, None),
        Inst::Jal { rd, offset } => (rd, Some(offset)),
        Inst::Jalr { rd, rs1, .. } | Inst::Load { rd, rs1, .. } | Inst::Imm { rd, rs1, .. } => {
            (rd | rs1, None)
        }
        Inst::Branch {
            rs1, rs2, offset, ..
        } => (rs1 | rs2, Some(offset)),
        Inst::Store { rs1, rs2, .. } => (rs1 | rs2, None),
        Inst::Reg { rd, rs1, rs2, .. } => (rd | rs1 | rs2, None),
        Inst::Fence | Inst::Ecall | Inst::Ebreak => (0, None),
    }
}

/// The error for an instruction naming a register outside `max_reg`.
#[cold]
fn register_error(inst: &Inst, pc: u32, index: usize, word: u32, max_reg: u8) -> LoadError {
    let (rd, rs) = inst.registers();
    let reg = [rd, rs[0], rs[1]]
        .into_iter()
        .flatten()
        .find(|&r| r >= max_reg)
        .unwrap_or(max_reg);
    LoadError::Rv32eRegister {
        pc,
        index: index as u32,
        word,
        reg,
    }
}

/// Decodes every instruction of `program`, checking registers against its ISA and
/// static jump targets against the code; marks block leaders and jump targets. One
/// pass, no per-instruction allocation: load cost is per instruction, so this loop
/// is the engine's share of "wasm -> runnable".
fn decode_all(program: &Program) -> Result<Decoded, LoadError> {
    let base = program.code_base;
    let n = program.code.len();
    let max_reg = program.isa.register_count() as u8;
    debug_assert!(max_reg.is_power_of_two());
    let mut insts = Vec::with_capacity(n);
    let mut leader = vec![false; n + 1];
    let mut is_target = vec![false; n];
    let entry = ((program.entry - base) / 4) as usize;
    leader[0] = true;
    leader[entry] = true;
    is_target[entry] = true;
    for (index, &word) in program.code.iter().enumerate() {
        let pc = base.wrapping_add(4 * index as u32);
        let inst = Inst::decode(word).map_err(|e| LoadError::Decode {
            pc,
            index: index as u32,
            word,
            reason: e.reason,
        })?;
        let (regs, offset) = regs_and_offset(&inst);
        if regs >= max_reg {
            return Err(register_error(&inst, pc, index, word, max_reg));
        }
        if let Some(offset) = offset {
            // In range and aligned, as an instruction index relative to this one.
            let delta = offset >> 2;
            let t = (index as i64).wrapping_add(delta as i64);
            if offset & 3 != 0 || t < 0 || t >= n as i64 {
                return Err(bad_target(program, pc, index, word, offset));
            }
            leader[t as usize] = true;
            is_target[t as usize] = true;
        }
        if ends_block(&inst) {
            leader[index + 1] = true;
        }
        insts.push(inst);
    }
    Ok(Decoded {
        insts,
        leader,
        is_target,
    })
}

/// The error for a static jump at `pc` whose target is misaligned or outside the code.
#[cold]
fn bad_target(program: &Program, pc: u32, index: usize, word: u32, offset: i32) -> LoadError {
    let target = pc as i64 + offset as i64;
    let reason = if target % 4 != 0 {
        "not 4-byte aligned"
    } else {
        "outside the code"
    };
    debug_assert!(
        target % 4 != 0 || target < program.code_base as i64 || target >= program.code_end() as i64
    );
    LoadError::BadTarget {
        pc,
        index: index as u32,
        word,
        target: target as u32,
        reason,
    }
}

/// The instruction index a validated static jump at index `i` lands on.
#[inline]
fn static_target(inst: &Inst, i: usize) -> Option<usize> {
    match *inst {
        Inst::Jal { offset, .. } | Inst::Branch { offset, .. } => {
            Some((i as i64 + (offset >> 2) as i64) as usize)
        }
        _ => None,
    }
}

/// Cuts blocks longer than [`MAX_BLOCK_LEN`] (so every charge fits a u32) and returns,
/// per instruction, the op index of its own op (after its block's charge, if it
/// leads one) in [`Entry::op`]; the costs are filled in by [`lower_all`].
fn layout(leader: &mut [bool], n: usize) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(n);
    let mut run = 0;
    let mut next = 0u32;
    for l in leader.iter_mut().take(n) {
        if *l || run == MAX_BLOCK_LEN {
            *l = true;
            run = 0;
            next += 1;
        }
        run += 1;
        entries.push(Entry { op: next, cost: 0 });
        next += 1;
    }
    entries
}

/// The lowered op array and its side tables.
struct Lowered {
    ops: Vec<Op>,
    op_pc: Vec<u32>,
    target_cost: Vec<u32>,
}

/// One backward pass: each instruction's gas plus the rest of its block (into
/// `entries`), its op and pc, and its block's charge and static-jump cost when it
/// leads a block. Op-array layout: a charge before each leader, one op per
/// instruction, then a zero charge and End.
fn lower_all(program: &Program, insts: &[Inst], leader: &[bool], entries: &mut [Entry]) -> Lowered {
    let n = insts.len();
    let total = entries.last().map_or(0, |e| e.op as usize + 1) + 2;
    let mut ops = vec![Op::Nop; total];
    let mut op_pc = vec![0u32; total];
    let mut target_cost = vec![0u32; total];
    let base = program.code_base;
    let mut rest = 0u32;
    for i in (0..n).rev() {
        let inst = &insts[i];
        if leader[i + 1] {
            rest = 0;
        }
        rest += inst_cost(inst) as u32;
        let pc = base.wrapping_add(4 * i as u32);
        let op = entries[i].op as usize;
        entries[i].cost = rest;
        // Static jumps land after the target's charge and pay it themselves.
        let target = static_target(inst, i).map_or(0, |t| entries[t].op);
        ops[op] = lower(inst, pc, target);
        op_pc[op] = pc;
        if leader[i] {
            ops[op - 1] = Op::Charge { cost: rest };
            op_pc[op - 1] = pc;
            target_cost[op] = rest;
        }
    }
    // A zero charge before End keeps "the op after a block-ending instruction is a
    // charge" true for the last instruction too (branches rely on it).
    ops[total - 2] = Op::Charge { cost: 0 };
    ops[total - 1] = Op::End;
    op_pc[total - 2] = program.code_end() as u32;
    op_pc[total - 1] = program.code_end() as u32;
    Lowered {
        ops,
        op_pc,
        target_cost,
    }
}

impl Module {
    /// Decodes and validates all of `program`'s code.
    pub fn new(program: &Program) -> Result<Module, LoadError> {
        program
            .check()
            .map_err(|e| LoadError::Structure(e.to_string()))?;
        let n = program.code.len();
        let Decoded {
            insts,
            mut leader,
            is_target,
        } = decode_all(program)?;
        let mut entries = layout(&mut leader, n);
        let Lowered {
            mut ops,
            op_pc,
            target_cost,
        } = lower_all(program, &insts, &leader, &mut entries);
        crate::fuse::fuse(&is_target, &mut ops);
        if !indices_in_range(&ops, &entries) || target_cost.len() != ops.len() {
            return Err(LoadError::Structure(
                "internal: an op index of the lowered code is out of range".into(),
            ));
        }
        Ok(Module {
            isa: program.isa,
            code_base: program.code_base,
            entry: program.entry,
            ops,
            op_pc,
            target_cost,
            entries,
            insts,
            helpers: None,
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            native: crate::jit::Cache::default(),
        })
    }

    /// Lets the engine run the code's register and `memory.copy`/`fill` helper
    /// calls (`rivet_format::abi::Helper`) itself when they succeed, without
    /// leaving native code or the interpreter for the host (see [`crate::helpers`]).
    /// `linear_max` is the largest linear memory in bytes, which the host clamps
    /// `gp` to. Only for embedders whose host implements these helpers as
    /// `rivet-runtime` does; set before the module first runs.
    pub fn with_helpers(mut self, linear_max: u32) -> Module {
        self.helpers = Some(linear_max);
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        {
            // Native code built so far did not include the helpers.
            self.native = crate::jit::Cache::default();
        }
        self
    }

    /// The instruction set the code was validated against.
    pub fn isa(&self) -> Isa {
        self.isa
    }

    /// Code address of the first instruction.
    pub fn code_base(&self) -> u32 {
        self.code_base
    }

    /// Number of instructions.
    pub fn len(&self) -> usize {
        self.insts.len()
    }

    /// Always false: a module has at least one instruction.
    pub fn is_empty(&self) -> bool {
        self.insts.is_empty()
    }

    /// The program's entry address.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// True when `pc` is an aligned instruction address inside the code: the only
    /// addresses a dynamic jump may reach.
    pub fn is_valid_target(&self, pc: u32) -> bool {
        self.index_of(pc).is_some()
    }

    /// The decoded instruction at `pc`, for disassembly and tracing.
    pub fn inst_at(&self, pc: u32) -> Option<Inst> {
        self.index_of(pc).map(|i| self.insts[i])
    }

    /// Number of ops after lowering (charges included), for diagnostics.
    pub fn op_count(&self) -> usize {
        self.ops.len()
    }

    /// Number of fused ops (each runs two or more instructions in one dispatch, or a
    /// select's two blocks), for diagnostics and tests.
    pub fn fused_ops(&self) -> usize {
        self.ops
            .iter()
            .filter(|op| op.width() >= 2 || matches!(op, Op::Select { .. }))
            .count()
    }

    /// Builds the native code now (otherwise the first [`Machine::run`] does), so
    /// that callers can keep translation out of a timed or latency-sensitive path.
    /// True when native code is available: x86-64 Linux and the build succeeded.
    ///
    /// [`Machine::run`]: crate::Machine::run
    pub fn prepare_native(&self) -> bool {
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        {
            self.native().is_some()
        }
        #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
        {
            false
        }
    }

    /// The native code, built on first call; `None` if it cannot be built.
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    #[inline]
    pub(crate) fn native(&self) -> Option<&std::sync::Arc<crate::jit::Code>> {
        self.native.get(self)
    }

    #[inline]
    pub(crate) fn index_of(&self, pc: u32) -> Option<usize> {
        let off = pc.wrapping_sub(self.code_base);
        let idx = (off >> 2) as usize;
        (off & 3 == 0 && idx < self.insts.len()).then_some(idx)
    }

    /// The pc of instruction index `idx` (the inverse of [`Module::index_of`];
    /// `len()` gives the pc just past the code).
    #[inline]
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    pub(crate) fn pc_of(&self, idx: usize) -> u32 {
        self.code_base.wrapping_add(4 * idx as u32)
    }

    pub(crate) fn inst_by_index(&self, idx: usize) -> Inst {
        self.insts[idx]
    }

    /// All decoded instructions, in code order (the recompiler scans windows).
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    pub(crate) fn insts(&self) -> &[Inst] {
        &self.insts
    }
}

/// The invariant the interpreter's unchecked op fetch relies on (`crate::interp`):
/// every op index the loop can move to is inside `ops`. The array ends with a charge
/// and [`Op::End`] (the only `End`, which never continues); every static target and
/// every entry is inside it; and from each op the loop moves at most `span` ops on
/// (a fused op's in-place ops, a branch's fall-through past the next charge, a
/// checked access past the access), which must stay inside it. True by construction;
/// checked anyway, once per module, so that a mistake is a load error, not a wild
/// read.
fn indices_in_range(ops: &[Op], entries: &[Entry]) -> bool {
    let n = ops.len();
    let ends = n >= 2 && matches!(ops[n - 2..], [Op::Charge { .. }, Op::End]);
    let ops_ok = ops[..n.saturating_sub(1)]
        .iter()
        .enumerate()
        .all(|(i, op)| {
            let (target, span) = match *op {
                Op::Beq { target, .. }
                | Op::Bne { target, .. }
                | Op::Blt { target, .. }
                | Op::Bge { target, .. }
                | Op::Bltu { target, .. }
                | Op::Bgeu { target, .. } => (target, 2),
                Op::Jump { target } | Op::Call { target, .. } => (target, 1),
                // Reads the moves one and two ops on; the charge after them is
                // in range too.
                Op::Select { target, .. } => (target, 4),
                Op::ChkLw { .. } | Op::ChkSw { .. } => (0, 4),
                // The next block's first op (which checks its own reads).
                Op::BgeuLbu { target, .. }
                | Op::BgeuTable { target, .. }
                | Op::BltuLbu { target, .. }
                | Op::Bltu2Lbu { target, .. } => (target, 3),
                // The in-place `bgeu` (which checks its target) and the op after
                // its charge.
                Op::AddiBgeuSb { .. } => (0, 4),
                // The checked access after the address, and what it reads.
                Op::LiAddChk { skip, .. } => (0, 5 + skip as usize),
                Op::SlliAddChk { .. } => (0, 6),
                op if op.ends_in_branch() => (0, 3),
                Op::End => return false,
                _ => (0, op.width()),
            };
            (target as usize) < n && i + span < n
        });
    ends && ops_ok && entries.iter().all(|e| (e.op as usize) < n)
}

/// Lowers one validated instruction at `pc`; `target` is the op index of its static
/// jump target, if it has one.
fn lower(inst: &Inst, pc: u32, target: u32) -> Op {
    match *inst {
        Inst::Lui { rd, imm } => Op::Li { rd: sink(rd), imm },
        Inst::Auipc { rd, imm } => Op::Li {
            rd: sink(rd),
            imm: pc.wrapping_add(imm),
        },
        Inst::Jal { rd: 0, .. } => Op::Jump { target },
        Inst::Jal { rd, .. } => Op::Call { rd, target },
        Inst::Jalr { rd, rs1, offset } => Op::Jalr {
            rd: sink(rd),
            rs1,
            imm: offset,
        },
        Inst::Branch { op, rs1, rs2, .. } => match op {
            BranchOp::Beq => Op::Beq { rs1, rs2, target },
            BranchOp::Bne => Op::Bne { rs1, rs2, target },
            BranchOp::Blt => Op::Blt { rs1, rs2, target },
            BranchOp::Bge => Op::Bge { rs1, rs2, target },
            BranchOp::Bltu => Op::Bltu { rs1, rs2, target },
            BranchOp::Bgeu => Op::Bgeu { rs1, rs2, target },
        },
        Inst::Load {
            op,
            rd,
            rs1,
            offset: imm,
        } => {
            let rd = sink(rd);
            match op {
                LoadOp::Lb => Op::Lb { rd, rs1, imm },
                LoadOp::Lh => Op::Lh { rd, rs1, imm },
                LoadOp::Lw => Op::Lw { rd, rs1, imm },
                LoadOp::Lbu => Op::Lbu { rd, rs1, imm },
                LoadOp::Lhu => Op::Lhu { rd, rs1, imm },
            }
        }
        Inst::Store {
            op,
            rs1,
            rs2,
            offset: imm,
        } => match op {
            StoreOp::Sb => Op::Sb { rs1, rs2, imm },
            StoreOp::Sh => Op::Sh { rs1, rs2, imm },
            StoreOp::Sw => Op::Sw { rs1, rs2, imm },
        },
        Inst::Imm { op, rd, rs1, imm } => {
            let rd = sink(rd);
            match op {
                ImmOp::Addi => Op::Addi { rd, rs1, imm },
                ImmOp::Slti => Op::Slti { rd, rs1, imm },
                ImmOp::Sltiu => Op::Sltiu { rd, rs1, imm },
                ImmOp::Xori => Op::Xori { rd, rs1, imm },
                ImmOp::Ori => Op::Ori { rd, rs1, imm },
                ImmOp::Andi => Op::Andi { rd, rs1, imm },
                ImmOp::Slli => Op::Slli { rd, rs1, imm },
                ImmOp::Srli => Op::Srli { rd, rs1, imm },
                ImmOp::Srai => Op::Srai { rd, rs1, imm },
            }
        }
        Inst::Reg { op, rd, rs1, rs2 } => {
            let rd = sink(rd);
            match op {
                RegOp::Add => Op::Add { rd, rs1, rs2 },
                RegOp::Sub => Op::Sub { rd, rs1, rs2 },
                RegOp::Sll => Op::Sll { rd, rs1, rs2 },
                RegOp::Slt => Op::Slt { rd, rs1, rs2 },
                RegOp::Sltu => Op::Sltu { rd, rs1, rs2 },
                RegOp::Xor => Op::Xor { rd, rs1, rs2 },
                RegOp::Srl => Op::Srl { rd, rs1, rs2 },
                RegOp::Sra => Op::Sra { rd, rs1, rs2 },
                RegOp::Or => Op::Or { rd, rs1, rs2 },
                RegOp::And => Op::And { rd, rs1, rs2 },
                RegOp::Mul => Op::Mul { rd, rs1, rs2 },
                RegOp::Mulh => Op::Mulh { rd, rs1, rs2 },
                RegOp::Mulhsu => Op::Mulhsu { rd, rs1, rs2 },
                RegOp::Mulhu => Op::Mulhu { rd, rs1, rs2 },
                RegOp::Div => Op::Div { rd, rs1, rs2 },
                RegOp::Divu => Op::Divu { rd, rs1, rs2 },
                RegOp::Rem => Op::Rem { rd, rs1, rs2 },
                RegOp::Remu => Op::Remu { rd, rs1, rs2 },
            }
        }
        Inst::Fence => Op::Nop,
        Inst::Ecall => Op::Ecall,
        Inst::Ebreak => Op::Ebreak,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_indices_are_checked_against_the_array() {
        let end = [Op::Charge { cost: 0 }, Op::End];
        let entries = [Entry { op: 1, cost: 1 }];
        let ok = |ops: &[Op]| indices_in_range(ops, &entries);
        let with = |op: Op| [&[Op::Charge { cost: 1 }, op][..], &end[..]].concat();
        assert!(ok(&with(Op::Jump { target: 1 })));
        assert!(!ok(&with(Op::Jump { target: 4 })), "target past the end");
        assert!(ok(&with(Op::Bltu {
            rs1: 1,
            rs2: 2,
            target: 1
        })));
        // An idiom op whose in-place ops would run past the end.
        let add64 = Op::Add64 {
            dl: 1,
            al: 1,
            bl: 2,
            t: 5,
            dh: 3,
            ah: 3,
            bh: 4,
        };
        assert!(!ok(&with(add64)));
        assert!(!ok(&[Op::Charge { cost: 0 }, Op::Nop]), "no End last");
        assert!(
            !ok(&[Op::End, Op::Charge { cost: 0 }, Op::End]),
            "End inside"
        );
        let far = [Entry { op: 9, cost: 1 }];
        assert!(
            !indices_in_range(&with(Op::Nop), &far),
            "entry past the end"
        );
    }
}
