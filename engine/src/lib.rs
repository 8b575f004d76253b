//! The Rivet RISC-V engine: validates RV32EM/RV32IM code once, then interprets it
//! fast, with per-basic-block gas, and never lets guest input crash the host.
//!
//! # Design
//!
//! * **Decode once, execute many.** [`Module::new`] decodes every instruction word
//!   (with [`rivet_format::rv32::Inst::decode`], the one shared definition of the
//!   encodings), rejects registers x16..x31 on RV32E, and checks that every static
//!   `jal`/branch target is an aligned instruction inside the code. It lowers the code
//!   into a compact array of 8-byte ops with static targets pre-resolved to op-array
//!   indices, `auipc` folded to a constant and `fence` to a no-op. Running never
//!   decodes again; a module is immutable and shared by machines through an `Arc`.
//! * **Sink register.** Writes to x0 are redirected to a spare slot of the register
//!   file at lowering time, so no op ever tests `rd == 0`; the register file has 256
//!   slots so that any `u8` register index needs no bounds check.
//! * **Block gas.** Every basic block starts with a charge op carrying the summed cost
//!   of its instructions (schedule in [`rivet_format::gas`]). Leaders are the first
//!   instruction, the entry, static targets and the instruction after every jump,
//!   branch, `ecall` or `ebreak`; long straight runs are cut every
//!   [`module::MAX_BLOCK_LEN`] instructions. Static jumps and both edges of a branch
//!   pay the next block's charge themselves and skip its charge op, so a loop
//!   iteration costs no extra dispatch for metering. A dynamic jump (`jalr`, a host's
//!   [`Machine::jump_to`]) looks the target up in a per-instruction table and pays for
//!   the rest of the block it lands in. Running out of gas stops at a block boundary
//!   with [`TrapKind::OutOfGas`], nothing of the block executed, the machine resumable.
//!   Gas used depends only on the path taken, and every run is bounded: each block
//!   entry costs at least 1, and there is no way to loop without entering a block.
//! * **Fused ops.** Hot two-instruction sequences the compiler emits inside one block
//!   (`lui`+`addi`, the `addi`+`bltu` bounds check, `lw`+`lw`, `sw`+`sw`, ...) are
//!   lowered to one op, and a bounds check also absorbs the `lw`/`sw` it guards when
//!   that access's block is entered only by falling through. The fused op replaces
//!   only the first instruction's op and reads the others from their own ops, which
//!   stay in place: dynamic jumps into the middle, trap pcs, tracing and gas are
//!   exactly those of the unfused code. Measured about 25% faster on the compiled
//!   Wasm programs of `bench/compile-exec`.
//! * **Code/data split.** Code lives in the module, data in a flat bounds-checked
//!   [`Memory`] `[0, size)`. Loads and stores only ever reach `Memory`, so a guest can
//!   neither read nor patch the code it runs. Accesses outside memory trap with
//!   [`TrapKind::MemoryFault`]; misaligned accesses inside memory are allowed.
//! * **Hosts.** `ecall` hands the whole [`Machine`] to a [`Host`], which reads and
//!   writes registers and memory, charges per-byte gas and decides to continue or exit.
//!   [`linux::LinuxHost`] is the Linux-like minimum `rivet exec` uses.
//!
//! * **Native code.** On x86-64 Linux, [`Machine::run`] executes a recompiled
//!   version of the module (translated once, on first use, cached in the module)
//!   with exactly the interpreter's registers, memory, gas, traps and host calls; see
//!   the `jit` module. Tracing interprets; [`Machine::set_jit`] or `RIVET_JIT=0`
//!   selects the interpreter.
//!
//! Loading: [`Program`]s come from the raw format (`Program::decode`) or from static
//! RV32 ELF files ([`elf::load_elf`]).

pub mod elf;
mod error;
mod fuse;
mod helpers;
mod interp;
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod jit;
pub mod linux;
mod machine;
mod memory;
pub mod module;
pub mod op;

pub use error::{LoadError, MemoryFault, OutOfGas, Trap, TrapKind};
pub use machine::{Control, Host, Machine};
pub use memory::{Memory, ZeroPages};
pub use module::Module;
pub use rivet_format::program::{Isa, Program};
