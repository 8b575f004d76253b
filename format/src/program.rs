//! The raw program: what the engine loads and runs.
//!
//! A program is RV32 code (32-bit instruction words, no compressed encodings) placed at
//! `code_base` in a *code* address space, plus the initial contents of a separate, flat
//! *data* address space `[0, memory_size)`. Keeping code apart from data means a guest
//! can never read or patch the code it runs: stores only ever reach data memory.
//!
//! The raw form on disk is:
//!
//! ```text
//! magic "RVXP" | version u16 | isa u8 | code_base u32 | entry u32 | memory_size u32
//! | stack_top u32 | code: count u32, words u32* | data: count u32, (addr u32, bytes)*
//! ```
//!
//! [`Program::decode`] checks the structure (alignment, ranges, sizes); the engine then
//! validates every instruction and every static jump target before anything runs.

use crate::codec::{FormatError, Reader, Writer};

/// Magic bytes at the start of a raw program.
pub const PROGRAM_MAGIC: [u8; 4] = *b"RVXP";
/// The raw program format version this crate reads and writes.
pub const PROGRAM_VERSION: u16 = 1;
/// Largest data memory a program may ask for (1 GiB): enough for any contract, small
/// enough that a hostile program cannot make the host reserve absurd amounts.
pub const MAX_MEMORY_SIZE: u32 = 1 << 30;

/// The instruction set a program is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Isa {
    /// RV32E base (registers x0..x15) + M extension: what compiled contracts use.
    Rv32em,
    /// RV32I base (x0..x31) + M extension: for standalone programs (`rivet exec`).
    Rv32im,
}

impl Isa {
    /// Number of general-purpose registers the ISA has.
    pub fn register_count(self) -> u32 {
        match self {
            Isa::Rv32em => 16,
            Isa::Rv32im => 32,
        }
    }

    /// The byte used in the raw form.
    pub fn to_byte(self) -> u8 {
        match self {
            Isa::Rv32em => 0,
            Isa::Rv32im => 1,
        }
    }

    /// Decodes the raw-form byte.
    pub fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(Isa::Rv32em),
            1 => Some(Isa::Rv32im),
            _ => None,
        }
    }
}

impl std::fmt::Display for Isa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Isa::Rv32em => "RV32EM",
            Isa::Rv32im => "RV32IM",
        })
    }
}

/// Bytes placed into data memory before the program starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSegment {
    /// Data-memory address of the first byte.
    pub addr: u32,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// An executable RV32 program: code, initial data and the memory it runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// Which instruction set the code uses; the engine rejects anything outside it.
    pub isa: Isa,
    /// Code-space address of `code[0]` (4-byte aligned).
    pub code_base: u32,
    /// Instruction words, little-endian RV32 encodings.
    pub code: Vec<u32>,
    /// Code-space address where execution starts.
    pub entry: u32,
    /// Size of the flat data memory `[0, memory_size)` in bytes.
    pub memory_size: u32,
    /// Initial stack pointer (x2); 16-byte aligned, at most `memory_size`.
    pub stack_top: u32,
    /// Initial data-memory contents; everything else starts zeroed.
    pub data: Vec<DataSegment>,
}

/// A structural invariant [`Program::check`] found broken: the program cannot be
/// loaded, whatever its instructions say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    /// Nothing to run.
    #[error("program has no code")]
    NoCode,
    /// Instruction words must be aligned.
    #[error("code base {0:#x} is not 4-byte aligned")]
    UnalignedCodeBase(u32),
    /// The code would wrap the 32-bit code address space.
    #[error("code extends past the 32-bit code address space")]
    CodeTooLong,
    /// The entry point is not an instruction of the program.
    #[error("entry {entry:#x} is not an aligned address inside the code [{base:#x}, {end:#x})")]
    BadEntry {
        /// The entry pc.
        entry: u32,
        /// Code start.
        base: u32,
        /// Code end (exclusive).
        end: u64,
    },
    /// Data memory above [`MAX_MEMORY_SIZE`].
    #[error("memory size {0} exceeds the limit of {MAX_MEMORY_SIZE} bytes")]
    MemoryTooLarge(u32),
    /// The stack top is misaligned or beyond memory.
    #[error("stack top {top:#x} must be 16-byte aligned and within memory of {memory} bytes")]
    BadStackTop {
        /// The stack top.
        top: u32,
        /// Data memory size.
        memory: u32,
    },
    /// A data segment does not fit in data memory.
    #[error("data segment {index} [{start:#x}, {end:#x}) lies outside memory of {memory} bytes")]
    DataOutside {
        /// Segment index.
        index: usize,
        /// Segment start address.
        start: u32,
        /// Segment end address (exclusive).
        end: u64,
        /// Data memory size.
        memory: u32,
    },
}

impl Program {
    /// Code-space address one past the last instruction.
    pub fn code_end(&self) -> u64 {
        self.code_base as u64 + 4 * self.code.len() as u64
    }

    /// True when `pc` is an aligned address inside the code.
    pub fn contains_pc(&self, pc: u32) -> bool {
        pc.is_multiple_of(4) && pc >= self.code_base && (pc as u64) < self.code_end()
    }

    /// Checks the structural invariants that do not need instruction decoding.
    pub fn check(&self) -> Result<(), ProgramError> {
        if self.code.is_empty() {
            return Err(ProgramError::NoCode);
        }
        if !self.code_base.is_multiple_of(4) {
            return Err(ProgramError::UnalignedCodeBase(self.code_base));
        }
        if self.code_end() > u32::MAX as u64 + 1 {
            return Err(ProgramError::CodeTooLong);
        }
        if !self.contains_pc(self.entry) {
            return Err(ProgramError::BadEntry {
                entry: self.entry,
                base: self.code_base,
                end: self.code_end(),
            });
        }
        if self.memory_size > MAX_MEMORY_SIZE {
            return Err(ProgramError::MemoryTooLarge(self.memory_size));
        }
        if self.stack_top > self.memory_size || !self.stack_top.is_multiple_of(16) {
            return Err(ProgramError::BadStackTop {
                top: self.stack_top,
                memory: self.memory_size,
            });
        }
        for (i, seg) in self.data.iter().enumerate() {
            let end = seg.addr as u64 + seg.bytes.len() as u64;
            if end > self.memory_size as u64 {
                return Err(ProgramError::DataOutside {
                    index: i,
                    start: seg.addr,
                    end,
                    memory: self.memory_size,
                });
            }
        }
        Ok(())
    }

    /// Encodes the raw form.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.write(&mut w);
        w.finish()
    }

    /// Appends the raw form to `w` (used by formats that embed a program).
    pub fn write(&self, w: &mut Writer) {
        w.raw(&PROGRAM_MAGIC);
        w.u16(PROGRAM_VERSION);
        w.u8(self.isa.to_byte());
        w.u32(self.code_base);
        w.u32(self.entry);
        w.u32(self.memory_size);
        w.u32(self.stack_top);
        w.u32(self.code.len() as u32);
        for word in &self.code {
            w.u32(*word);
        }
        w.u32(self.data.len() as u32);
        for seg in &self.data {
            w.u32(seg.addr);
            w.bytes(&seg.bytes);
        }
    }

    /// Decodes and structurally validates a raw program; trailing bytes are an error.
    pub fn decode(bytes: &[u8]) -> Result<Program, FormatError> {
        let mut r = Reader::new(bytes);
        let p = Program::read(&mut r)?;
        r.finish("program")?;
        Ok(p)
    }

    /// Reads a program from `r` (used by formats that embed a program).
    pub fn read(r: &mut Reader<'_>) -> Result<Program, FormatError> {
        let start = r.offset();
        let magic = r.take(4, "program magic")?;
        if magic != PROGRAM_MAGIC {
            return Err(FormatError::new(start, "not a Rivet program (bad magic)"));
        }
        let at = r.offset();
        let version = r.u16("program version")?;
        if version != PROGRAM_VERSION {
            return Err(FormatError::new(
                at,
                format!(
                    "unsupported program version {version} (this build reads {PROGRAM_VERSION})"
                ),
            ));
        }
        let at = r.offset();
        let isa = Isa::from_byte(r.u8("isa")?)
            .ok_or_else(|| FormatError::new(at, "unknown instruction set"))?;
        let code_base = r.u32("code base")?;
        let entry = r.u32("entry")?;
        let memory_size = r.u32("memory size")?;
        let stack_top = r.u32("stack top")?;
        let n = r.count("code word count", 4)?;
        let mut code = Vec::with_capacity(n);
        for _ in 0..n {
            code.push(r.u32("code word")?);
        }
        let n = r.count("data segment count", 8)?;
        let mut data = Vec::with_capacity(n);
        for _ in 0..n {
            let addr = r.u32("data segment address")?;
            let bytes = r.bytes("data segment bytes")?.to_vec();
            data.push(DataSegment { addr, bytes });
        }
        let p = Program {
            isa,
            code_base,
            code,
            entry,
            memory_size,
            stack_top,
            data,
        };
        p.check()
            .map_err(|e| FormatError::new(start, e.to_string()))?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Program {
        Program {
            isa: Isa::Rv32em,
            code_base: 0x1000,
            code: vec![0x0000_0013, 0x0000_0073],
            entry: 0x1000,
            memory_size: 0x1_0000,
            stack_top: 0x1_0000,
            data: vec![DataSegment {
                addr: 16,
                bytes: b"hello".to_vec(),
            }],
        }
    }

    #[test]
    fn raw_round_trip() {
        let p = sample();
        assert_eq!(Program::decode(&p.encode()).unwrap(), p);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert!(
                Program::decode(&bytes[..n]).is_err(),
                "prefix of {n} bytes accepted"
            );
        }
    }

    #[test]
    fn structural_checks() {
        let mut p = sample();
        p.entry = 0x1002;
        assert!(Program::decode(&p.encode())
            .unwrap_err()
            .what
            .contains("entry"));
        let mut p = sample();
        p.data[0].addr = 0xffff;
        assert!(Program::decode(&p.encode())
            .unwrap_err()
            .what
            .contains("outside memory"));
        let mut p = sample();
        p.stack_top = 8;
        assert!(p.check().is_err());
    }
}
