//! The gas schedule.
//!
//! Gas makes every run bounded and its cost deterministic. The engine charges the
//! summed cost of a basic block's instructions when control *enters* the block (one
//! check per block instead of one per instruction, as in PolkaVM), so running out of gas
//! always stops exactly at a block boundary and the gas used by a run depends only on the
//! path taken, never on timing.
//!
//! | class | instructions | gas |
//! |---|---|---|
//! | base | lui, auipc, ALU register/immediate ops, shifts, compares, fence | 1 |
//! | memory | lb, lh, lw, lbu, lhu, sb, sh, sw | 2 |
//! | control | jal, jalr, beq, bne, blt, bge, bltu, bgeu | 1 |
//! | multiply | mul, mulh, mulhsu, mulhu | 3 |
//! | divide | div, divu, rem, remu | 32 |
//! | ecall | the `ecall` itself, before whatever the host charges | 10 |
//! | ebreak | ebreak (it traps) | 1 |
//!
//! Host work is charged by the host on top, per byte, with the constants below.
//!
//! Block rules (as the engine implements them): a block starts at the first
//! instruction, the entry, every static jump/branch target and after every jump,
//! branch, `ecall` and `ebreak`, and is cut after 4096 instructions. A dynamic jump
//! (`jalr`, or the host redirecting control) that lands inside a block pays for the
//! rest of that block only. A block that cannot be paid for runs none of its
//! instructions and takes no gas.

/// Cost of base integer instructions.
pub const BASE: u64 = 1;
/// Cost of a load or store.
pub const MEMORY: u64 = 2;
/// Cost of a jump or branch.
pub const CONTROL: u64 = 1;
/// Cost of a multiply.
pub const MULTIPLY: u64 = 3;
/// Cost of a division or remainder.
pub const DIVIDE: u64 = 32;
/// Cost of the `ecall` instruction itself (the host adds its own charges).
pub const ECALL: u64 = 10;
/// Cost of `ebreak`.
pub const EBREAK: u64 = 1;

/// Host charge per started 8-byte word copied between memories or buffers.
pub const COPY_PER_WORD: u64 = 1;
/// Host charge per started 64-byte block hashed with blake3.
pub const HASH_PER_BLOCK: u64 = 4;

/// Gas for copying `bytes` bytes on the host.
pub fn copy_cost(bytes: u64) -> u64 {
    bytes.div_ceil(8) * COPY_PER_WORD
}

/// Gas for hashing `bytes` bytes on the host.
pub fn hash_cost(bytes: u64) -> u64 {
    bytes.div_ceil(64).max(1) * HASH_PER_BLOCK
}

#[cfg(test)]
mod tests {
    #[test]
    fn per_byte_costs_round_up() {
        assert_eq!(super::copy_cost(0), 0);
        assert_eq!(super::copy_cost(1), 1);
        assert_eq!(super::copy_cost(9), 2);
        assert_eq!(super::hash_cost(0), 4);
        assert_eq!(super::hash_cost(65), 8);
    }
}
