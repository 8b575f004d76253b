//! The x86-64 recompiler: a module's RV32 code translated once to native code, run
//! instead of the interpreter with exactly the same observable behaviour.
//!
//! # Design
//!
//! * **Whole-module, one pass.** [`translate`] walks the validated instructions in
//!   code order and emits a few x86 instructions for each with a minimal encoder
//!   ([`x86`]). The module's own tables decide everything gas-related: a leader is an
//!   instruction whose op follows a charge op, and its block cost and every dynamic
//!   entry cost come from the module's per-instruction entry table, so block
//!   boundaries, `MAX_BLOCK_LEN` cuts and costs cannot drift from the interpreter.
//! * **Gas.** Each leader starts with `sub r15, cost; jb stub`; the stub gives the
//!   charge back and exits with out-of-gas at the leader's pc, nothing of the block
//!   run. Blocks that only the compiler's bounds checks separate are paid with one
//!   charge at the first ([`chain`]): a taken check and a fault give back what was
//!   paid ahead, and when such a charge fails the interpreter runs on from there. Static jumps and both branch edges jump to the target's charge, so paying
//!   happens in one place. `jalr` checks its target (aligned, inside the code), writes
//!   the link, then pays the rest of the target's block from the entry table before
//!   jumping to the target's native address, trapping like the interpreter.
//! * **Calls and returns.** A `jal` with a link register is a host `call` that
//!   pushes a return pair (guest pc, host return address), and `jalr x0, 0(rs)`
//!   whose target matches the top pair is a `ret`, so the processor's
//!   return-address stack predicts guest returns; any other target takes the
//!   ordinary path, pairs are bounded, and every exit drops them ([`calls`]); a
//!   pinned link register is compared with the pair as it is. The
//!   compiler's `br_table` dispatch indexes the entry table directly ([`switch`]).
//! * **Branches on zero** right after the ALU op that computed their register
//!   (`addi i, i, -1; bne i, x0, head`) reuse its flags: no `cmp` ([`branch`]);
//!   after a compare into a register (`sltiu t, n, 2; bne t, x0, leaf`, the
//!   compiler's `x < k` before an `if`) the branch takes the compare's own
//!   condition.
//! * **Selects.** The compiler's i32 `select` (a branch over a block of one
//!   `addi`) is a `cmov`, its middle block paid by a subtraction of 0 or 1
//!   ([`select`]): no host branch on the guest's data.
//! * **Memory, guarded** (the usual case): a memory of whole pages (the
//!   compiler makes every package's memory one) lives in a 4 GiB reservation
//!   with inaccessible guard pages around its data (`crate::memory::guarded`),
//!   and the module's *guarded*
//!   translation accesses it as `[mem + base + imm]` with no range check: every
//!   such host address lies inside the reservation, and exactly the guest's bytes
//!   are accessible, so an access outside memory faults. A process-wide
//!   `SIGSEGV`/`SIGBUS` handler ([`signal`]) recognises a fault of the current
//!   thread's native code inside its memory's reservation at one of the code's
//!   access instructions (sorted fault table) and resumes at that access's stub
//!   ([`access`]), which redoes it the checked way (the guest address wraps at
//!   2^32; the host sum does not) and reports the fault, or continues; faults
//!   that are not ours go to the previous handler. A store marks its first byte's
//!   page in a dirty map kept at a fixed distance below the data (read first,
//!   written out of line when the page is not marked yet). A negative
//!   offset that wraps the guest address below 0 faults in the guard page below
//!   the data, so no access needs a check of its own. In both translations, a store whose page an earlier store of its region
//!   through the same base value must have marked (its offset lies between
//!   theirs) skips its mark ([`group`]), and so does a store through `sp` that
//!   every path reaches after `sp` was set: the pages the following stores
//!   through a value of `sp` can reach are marked when `sp` gets it ([`stack`]),
//!   so native code's dirty map may hold a page more than the interpreter's
//!   (never fewer). Two stores in a row through one base share one 16-bit mark
//!   of both pages the second can reach ([`pair`]): the map's byte stores cost
//!   far more than their count in store-heavy loops. More generally, the first
//!   store of a region through a base value marks the two pages from the lowest
//!   address of the run of later stores through that value whose offsets lie
//!   within 1 KiB of its own, and those mark nothing ([`run_mark`]).
//! * **Memory, checked** (an empty memory, a size that is not whole pages, no
//!   reservation, or no handler): the effective
//!   address is a u32 (`rs1 + imm`, wrapping); the access runs only if
//!   `addr + len <= size` in 64-bit arithmetic, so native code never touches host
//!   memory outside the guest's buffer; a store also marks its first byte's 1 KiB
//!   page in the memory's dirty map. Accesses of one block through the same
//!   pinned base register share one range check at the block start ([`group`]);
//!   if it fails, an ordinary copy of the block runs, with every access checked
//!   at its own pc. A base register the region writes gets the same shared check
//!   right after the write, for the accesses up to its next write. The two
//!   translations are built on first use and cached side by side ([`code`]);
//!   each run picks the one its memory allows.
//! * **Idioms.** Fixed sequences of Rivet's compiler inside one block (a 32-bit
//!   constant, a constant added to a register as one `lea`, i64 add/sub with
//!   carry, i64 shifts and rotates, the i32 rotate)
//!   are translated as one group of x86 instructions (`adc`, `shld`, `ror`, ...)
//!   that leaves every register the sequence writes, except scratch registers no
//!   later instruction can observe ([`idiom`], and the i64 multiply, by a constant
//!   as one `imul`, in [`mul`]; an xxHash round, multiply, add and rotate kept in
//!   `rax` throughout, in [`mul_chain`]; a pair left in `rax` stored to two
//!   adjacent frame slots as one word, in [`rax_pair`]); a dynamic entry into the
//!   middle of a group runs an out-of-line copy of its remaining instructions.
//! * **Exits.** `ecall`, `ebreak` and traps store the pc (and fault operands) in a
//!   [`ctx::Ctx`] and return to Rust ([`run`]), which calls the host with the whole
//!   machine and re-enters native code at the next block, or wherever the host
//!   `jump_to`ed, reloading memory, size, dirty map and gas.
//! * **Registers.** The guest register file is copied into the context (`rbp`)
//!   around a native run; the eleven guest registers the module names most often
//!   (static count weighted by loop depth, a function called from a loop counting
//!   as nested in it, see [`pins`]) live in host registers and are spilled at
//!   every exit, so the
//!   host sees and changes them like any other at an `ecall`.
//! * **W^X.** The code is written into an anonymous mapping, then made read+execute;
//!   it is built lazily on the first [`Machine::run`](crate::Machine::run) and cached
//!   in the module, so machines sharing a module share it. If anything fails, the
//!   interpreter runs.
//!
//! Tracing always uses the interpreter. `RIVET_JIT=0` (read once) or
//! [`Machine::set_jit`](crate::Machine::set_jit) selects the interpreter. For
//! profiling, `RIVET_JIT_DUMP=DIR` writes each translation's machine code to
//! `DIR/jit-<address>.bin`, both translations of each module (disassemble with
//! `objdump -D -b binary -m i386:x86-64 --adjust-vma=<address>`), and
//! `DIR/jit-<address>.map`: line `i` is where guest instruction `i`'s code starts
//! (hex offset), to attribute a profile's samples to guest pcs.

mod access;
mod alu;
mod branch;
#[cfg(test)]
mod branch_tests;
mod calls;
#[cfg(test)]
mod calls_tests;
mod chain;
#[cfg(test)]
mod chain_tests;
mod code;
mod ctx;
mod group;
#[cfg(test)]
mod group_tests;
mod gs;
#[cfg(test)]
mod guard_tests;
mod helpers;
mod idiom;
#[cfg(test)]
mod idiom_tests;
mod lazy_slot;
#[cfg(test)]
mod lazy_slot_tests;
mod mul;
mod mul_chain;
#[cfg(test)]
mod mul_chain_tests;
#[cfg(test)]
mod mul_tests;
mod operands;
mod pair;
#[cfg(test)]
mod pair_tests;
mod pins;
mod rax_pair;
#[cfg(test)]
mod rax_pair_tests;
mod run;
mod run_mark;
#[cfg(test)]
mod run_mark_tests;
mod select;
#[cfg(test)]
mod select_tests;
mod shift64;
mod signal;
mod sp_reach;
#[cfg(test)]
mod sp_reach_tests;
mod stack;
#[cfg(test)]
mod stack_tests;
mod stubs;
mod switch;
mod targets;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
mod translate;
mod x86;

pub(crate) use code::Code;

use crate::module::Module;
use pins::Pins;
use std::sync::{Arc, OnceLock};

/// True unless the environment variable `RIVET_JIT` is `0` (read once per process).
pub(crate) fn enabled_by_default() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("RIVET_JIT").map_or(true, |v| v.trim() != "0"))
}

/// A module's lazily built native code. Cloning a module does not share or copy it:
/// the clone builds its own on first use.
#[derive(Default)]
pub(crate) struct Cache(OnceLock<Option<Arc<Code>>>);

impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::default()
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.get() {
            None => f.write_str("not built"),
            Some(None) => f.write_str("unavailable"),
            Some(Some(code)) => write!(f, "{} bytes", code.len()),
        }
    }
}

impl Cache {
    /// The native code of `module` (whose cache this is), built on first call.
    pub(crate) fn get(&self, module: &Module) -> Option<&Arc<Code>> {
        self.0
            .get_or_init(|| Code::build(module, hot_registers(module)).map(Arc::new))
            .as_ref()
    }
}

/// Pins the guest registers the module's instructions name most often, each mention
/// weighted by its loop depth ([`pins::loop_depths`]: static back-edges spanning
/// it, plus the depth of the calls into its function; 8x per level up to three
/// levels): a register used once in an inner loop beats one used in ten
/// straight-line prologue instructions, and a function called from a loop counts
/// as a loop.
fn hot_registers(module: &Module) -> Pins {
    let insts = module.insts();
    let depths = pins::loop_depths(insts);
    // Slot 32 counts the operands an instruction does not have (branch-free).
    let mut count = [0u64; 33];
    for (inst, &depth) in insts.iter().zip(&depths) {
        // 8^depth, at most 8^3.
        let weight = 1u64 << (3 * depth.min(pins::MAX_DEPTH));
        let (rd, rs) = inst.registers();
        for r in [rd, rs[0], rs[1]] {
            count[r.map_or(32, |r| r as usize & 31)] += weight;
        }
    }
    count[0] = 0;
    let mut order: Vec<u8> = (1..32).filter(|&r| count[r as usize] > 0).collect();
    order.sort_by_key(|&r| std::cmp::Reverse(count[r as usize]));
    Pins::new(&order, module.isa().register_count() as u8)
}

/// Builds native code for `module` with explicit pins, bypassing the cache (tests
/// run the same code with different register assignments).
#[cfg(test)]
pub(crate) fn build_with_pins(module: &Module, guest: &[u8]) -> Option<Code> {
    Code::build(
        module,
        Pins::new(guest, module.isa().register_count() as u8),
    )
}

/// Two fresh machines for `p`: one as `from_program` makes it (guarded memory,
/// where reservations exist) and one with its memory in an ordinary allocation,
/// so tests run both translations.
#[cfg(test)]
pub(crate) fn test_machines(
    p: &rivet_format::program::Program,
    module: &Arc<Module>,
    gas: u64,
) -> [crate::Machine; 2] {
    let guarded = crate::Machine::from_program(p, module.clone(), gas).unwrap();
    let mut checked = crate::Machine::from_program(p, module.clone(), gas).unwrap();
    *checked.memory_mut() = checked.memory().unguarded();
    assert!(checked.memory().reservation().is_none());
    [guarded, checked]
}
