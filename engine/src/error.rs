//! Errors of loading a program and traps of running one.
//!
//! Loading errors name the instruction (its pc, index and word) and why it was
//! rejected; traps name the pc of the instruction that stopped the machine. Both are
//! plain data so that callers (the runtime, the CLI) can match on them.

use std::fmt;
use thiserror::Error;

/// Why a [`Program`](crate::Program) could not become a [`Module`](crate::Module).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The program breaks a structural rule (entry, alignment, memory layout).
    #[error("invalid program: {0}")]
    Structure(String),
    /// An instruction word does not decode to anything the engine runs.
    #[error("instruction {index} at pc {pc:#x} (word {word:#010x}): {reason}")]
    Decode {
        /// Code address of the word.
        pc: u32,
        /// Index of the word in the program's code.
        index: u32,
        /// The word.
        word: u32,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// An RV32E program names a register x16..x31.
    #[error("instruction {index} at pc {pc:#x} (word {word:#010x}): register x{reg} does not exist on RV32E")]
    Rv32eRegister {
        /// Code address of the word.
        pc: u32,
        /// Index of the word in the program's code.
        index: u32,
        /// The word.
        word: u32,
        /// The offending register.
        reg: u8,
    },
    /// A `jal` or branch points outside the code or to a misaligned address.
    #[error("instruction {index} at pc {pc:#x} (word {word:#010x}): jump target {target:#x} is {reason}")]
    BadTarget {
        /// Code address of the jump.
        pc: u32,
        /// Index of the word in the program's code.
        index: u32,
        /// The word.
        word: u32,
        /// The target address it names.
        target: u32,
        /// Why the target is invalid.
        reason: &'static str,
    },
}

/// An access outside data memory `[0, size)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("memory access of {len} bytes at {addr:#x} is outside memory of {size} bytes")]
pub struct MemoryFault {
    /// First byte address of the access.
    pub addr: u32,
    /// Length of the access in bytes.
    pub len: u32,
    /// Size of the memory.
    pub size: u32,
}

/// Returned by [`Machine::charge`](crate::Machine::charge) when the budget cannot pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("out of gas: {needed} needed, {left} left")]
pub struct OutOfGas {
    /// Gas asked for.
    pub needed: u64,
    /// Gas that was left (and still is: a failed charge takes nothing).
    pub left: u64,
}

/// Why the machine stopped before the host asked it to exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrapKind<E> {
    /// A word the engine cannot run. Never raised for validated code; kept so that
    /// callers can report foreign traps in one vocabulary.
    InvalidInstruction {
        /// The word.
        word: u32,
    },
    /// A load or store outside data memory.
    MemoryFault {
        /// First byte address of the access.
        addr: u32,
        /// Access width in bytes.
        size: u32,
    },
    /// A `jalr` (or a host `jump_to`, or falling off the end of the code) to an
    /// address that is not an aligned instruction inside the code.
    MisalignedJump {
        /// The address control would have gone to.
        target: u32,
    },
    /// The gas budget cannot pay for the next basic block.
    OutOfGas,
    /// An `ebreak` instruction.
    Ebreak,
    /// The host's `ecall` handler failed.
    Host(E),
}

/// The machine stopped at `pc` because of `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trap<E> {
    /// Code address of the instruction that trapped (for out of gas: the first
    /// instruction of the block that could not be paid for).
    pub pc: u32,
    /// Why.
    pub kind: TrapKind<E>,
}

impl<E: fmt::Display> fmt::Display for TrapKind<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrapKind::InvalidInstruction { word } => {
                write!(f, "invalid instruction {word:#010x}")
            }
            TrapKind::MemoryFault { addr, size } => {
                write!(f, "memory fault: {size}-byte access at {addr:#x}")
            }
            TrapKind::MisalignedJump { target } => write!(
                f,
                "jump to {target:#x}, which is not an aligned instruction inside the code"
            ),
            TrapKind::OutOfGas => f.write_str("out of gas"),
            TrapKind::Ebreak => f.write_str("ebreak"),
            TrapKind::Host(e) => write!(f, "host call failed: {e}"),
        }
    }
}

impl<E: fmt::Display> fmt::Display for Trap<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "trap at pc {:#x}: {}", self.pc, self.kind)
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Trap<E> {}

impl<E> Trap<E> {
    /// Converts the host error type (e.g. from [`std::convert::Infallible`]).
    pub fn map_host<F>(self, f: impl FnOnce(E) -> F) -> Trap<F> {
        Trap {
            pc: self.pc,
            kind: match self.kind {
                TrapKind::InvalidInstruction { word } => TrapKind::InvalidInstruction { word },
                TrapKind::MemoryFault { addr, size } => TrapKind::MemoryFault { addr, size },
                TrapKind::MisalignedJump { target } => TrapKind::MisalignedJump { target },
                TrapKind::OutOfGas => TrapKind::OutOfGas,
                TrapKind::Ebreak => TrapKind::Ebreak,
                TrapKind::Host(e) => TrapKind::Host(f(e)),
            },
        }
    }
}
