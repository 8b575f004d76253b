//! Loading static RV32 ELF executables into a [`Program`].
//!
//! Accepted: ELF32, little-endian, `EM_RISCV`, `ET_EXEC`, no `PT_DYNAMIC`/`PT_INTERP`,
//! no compressed instructions (the RVC flag) and the soft-float ABI. The RVE flag picks
//! [`Isa::Rv32em`], otherwise [`Isa::Rv32im`].
//!
//! Code is taken from the allocated `SHF_EXECINSTR` sections when the file has section
//! headers, otherwise from the executable `PT_LOAD` segments (minus the ELF and
//! program headers a first segment usually starts with, and minus zero padding at
//! either end: the all-zero word is an illegal instruction in RISC-V). Several code ranges become
//! one code array from the lowest to the highest address; gaps between them are filled
//! with `ebreak`, so control that strays into a gap traps. Every `PT_LOAD` segment is
//! also copied into data memory, because read-only data often shares the text
//! segment; code itself is never readable through data memory *as code*: it is a
//! copy, and stores to it change nothing that runs.
//!
//! Every failure is an [`ElfError`] naming the file offset of the field at fault.

use rivet_format::program::{DataSegment, Isa, Program, MAX_MEMORY_SIZE};
use rivet_format::rv32::Inst;
use thiserror::Error;

/// Default data memory size for ELF programs: 16 MiB.
pub const DEFAULT_MEMORY_SIZE: u32 = 16 << 20;
/// Largest code span accepted (64 MiB), so a hostile file cannot make the loader
/// allocate a giant code array.
pub const MAX_CODE_BYTES: u32 = 64 << 20;

const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const PF_X: u32 = 1;
const SHF_ALLOC: u32 = 2;
const SHF_EXECINSTR: u32 = 4;
const SHT_NOBITS: u32 = 8;
const EF_RISCV_RVC: u32 = 0x1;
const EF_RISCV_FLOAT_ABI: u32 = 0x6;
const EF_RISCV_RVE: u32 = 0x8;
const EHDR_SIZE: usize = 52;
const PHDR_SIZE: usize = 32;
const SHDR_SIZE: usize = 40;

/// How to lay out an ELF program's data memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElfOptions {
    /// Data memory size; must hold every `PT_LOAD` segment. The stack starts at the
    /// top (rounded down to 16 bytes).
    pub memory_size: u32,
}

impl Default for ElfOptions {
    fn default() -> Self {
        ElfOptions {
            memory_size: DEFAULT_MEMORY_SIZE,
        }
    }
}

/// Why an ELF file cannot be loaded, and the file offset of the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("ELF: {reason} (at byte offset {offset:#x})")]
pub struct ElfError {
    /// File offset of the offending field or structure.
    pub offset: u64,
    /// What is wrong.
    pub reason: String,
}

fn err<T>(offset: usize, reason: impl Into<String>) -> Result<T, ElfError> {
    Err(ElfError {
        offset: offset as u64,
        reason: reason.into(),
    })
}

fn u16_at(b: &[u8], off: usize) -> Result<u16, ElfError> {
    match b.get(off..off + 2) {
        Some(s) => Ok(u16::from_le_bytes([s[0], s[1]])),
        None => err(off, "truncated file"),
    }
}

fn u32_at(b: &[u8], off: usize) -> Result<u32, ElfError> {
    match b.get(off..off + 4) {
        Some(s) => Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]])),
        None => err(off, "truncated file"),
    }
}

/// The bytes of a table of `count` entries of `entsize` bytes at `off`.
fn table(
    b: &[u8],
    off: u32,
    count: u16,
    entsize: u16,
    min: usize,
    what: &str,
    at: usize,
) -> Result<Vec<usize>, ElfError> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if (entsize as usize) < min {
        return err(at, format!("{what} entry size {entsize} is below {min}"));
    }
    let end = off as u64 + count as u64 * entsize as u64;
    if end > b.len() as u64 {
        return err(
            at,
            format!("{what} table [{off:#x}, {end:#x}) lies outside the file"),
        );
    }
    Ok((0..count as usize)
        .map(|i| off as usize + i * entsize as usize)
        .collect())
}

/// A code range: its address and the file bytes that hold it.
struct CodeRange {
    addr: u32,
    file_off: usize,
    len: u32,
    /// Offset of the header describing it, for errors.
    at: usize,
}

/// The ELF header fields the loader uses.
#[derive(Clone, Copy)]
struct Header {
    isa: Isa,
    entry: u32,
    phoff: u32,
    shoff: u32,
    phentsize: u16,
    phnum: u16,
    shentsize: u16,
    shnum: u16,
}

/// Parses a static RV32 ELF executable.
pub fn load_elf(bytes: &[u8], opts: &ElfOptions) -> Result<Program, ElfError> {
    let h = header(bytes, opts)?;
    let (data, exec_segments) = segments(bytes, &h, opts.memory_size as u64)?;
    if data.is_empty() {
        return err(28, "no loadable segment (PT_LOAD)");
    }
    let (shdrs_present, code_ranges) = sections(bytes, &h)?;
    let code_ranges = if shdrs_present {
        code_ranges
    } else {
        exec_segments
    };
    build(bytes, h.isa, h.entry, opts.memory_size, code_ranges, data)
}

/// Checks the ELF identification and header (class, endianness, type, machine, ABI
/// flags) and the memory size.
fn header(bytes: &[u8], opts: &ElfOptions) -> Result<Header, ElfError> {
    if bytes.len() < EHDR_SIZE {
        return err(0, "file too short for an ELF header");
    }
    if bytes[..4] != *b"\x7fELF" {
        return err(0, "not an ELF file (bad magic)");
    }
    if bytes[4] != 1 {
        return err(4, format!("not a 32-bit ELF (class {})", bytes[4]));
    }
    if bytes[5] != 1 {
        return err(5, "not little-endian");
    }
    if bytes[6] != 1 {
        return err(6, format!("unknown ELF version {}", bytes[6]));
    }
    let e_type = u16_at(bytes, 16)?;
    if e_type != ET_EXEC {
        return err(
            16,
            format!("not a static executable (e_type {e_type}, need ET_EXEC)"),
        );
    }
    let machine = u16_at(bytes, 18)?;
    if machine != EM_RISCV {
        return err(18, format!("not a RISC-V file (e_machine {machine})"));
    }
    let entry = u32_at(bytes, 24)?;
    let phoff = u32_at(bytes, 28)?;
    let shoff = u32_at(bytes, 32)?;
    let flags = u32_at(bytes, 36)?;
    if flags & EF_RISCV_RVC != 0 {
        return err(
            36,
            "uses compressed instructions (RVC flag); build with -march=rv32im or rv32em (no 'c')",
        );
    }
    if flags & EF_RISCV_FLOAT_ABI != 0 {
        return err(
            36,
            "uses a hardware floating-point ABI; build with -mabi=ilp32 or ilp32e",
        );
    }
    let isa = if flags & EF_RISCV_RVE != 0 {
        Isa::Rv32em
    } else {
        Isa::Rv32im
    };
    if opts.memory_size > MAX_MEMORY_SIZE {
        return err(
            0,
            format!(
                "memory size {} exceeds the limit of {MAX_MEMORY_SIZE}",
                opts.memory_size
            ),
        );
    }
    let phentsize = u16_at(bytes, 42)?;
    let phnum = u16_at(bytes, 44)?;
    let shentsize = u16_at(bytes, 46)?;
    let shnum = u16_at(bytes, 48)?;
    Ok(Header {
        isa,
        entry,
        phoff,
        shoff,
        phentsize,
        phnum,
        shentsize,
        shnum,
    })
}

/// The PT_LOAD segments: their data (all of it, code included) and the ranges of the
/// executable ones that hold code (headers and zero padding trimmed), for a file
/// without section headers.
fn segments(
    bytes: &[u8],
    h: &Header,
    mem: u64,
) -> Result<(Vec<DataSegment>, Vec<CodeRange>), ElfError> {
    let Header {
        phoff,
        phnum,
        phentsize,
        ..
    } = *h;
    let mut data = Vec::new();
    let mut exec_segments = Vec::new();
    let phdrs = table(
        bytes,
        phoff,
        phnum,
        phentsize,
        PHDR_SIZE,
        "program header",
        28,
    )?;
    let headers_end = (phoff as usize + phnum as usize * phentsize as usize).max(EHDR_SIZE);
    for &ph in &phdrs {
        let p_type = u32_at(bytes, ph)?;
        match p_type {
            PT_DYNAMIC => return err(ph, "dynamically linked (PT_DYNAMIC); link with -static"),
            PT_INTERP => return err(ph, "needs an interpreter (PT_INTERP); link with -static"),
            PT_LOAD => {}
            _ => continue,
        }
        let offset = u32_at(bytes, ph + 4)?;
        let vaddr = u32_at(bytes, ph + 8)?;
        let filesz = u32_at(bytes, ph + 16)?;
        let memsz = u32_at(bytes, ph + 20)?;
        let pflags = u32_at(bytes, ph + 24)?;
        if filesz > memsz {
            return err(
                ph + 16,
                format!("segment file size {filesz} exceeds its memory size {memsz}"),
            );
        }
        if offset as u64 + filesz as u64 > bytes.len() as u64 {
            return err(ph + 4, "segment contents lie outside the file");
        }
        if vaddr as u64 + memsz as u64 > mem {
            return err(
                ph + 8,
                format!(
                    "segment [{vaddr:#x}, {:#x}) does not fit data memory of {mem:#x} bytes (raise the memory size)",
                    vaddr as u64 + memsz as u64
                ),
            );
        }
        if filesz > 0 {
            data.push(DataSegment {
                addr: vaddr,
                bytes: bytes[offset as usize..(offset + filesz) as usize].to_vec(),
            });
        }
        if pflags & PF_X != 0 && filesz > 0 {
            // Skip the ELF and program headers a first segment usually starts with.
            let skip = if (offset as usize) < headers_end {
                ((headers_end - offset as usize).next_multiple_of(4) as u32).min(filesz & !3)
            } else {
                0
            };
            // The all-zero word is illegal in RISC-V, so zero padding around the code
            // (between the headers and the text, or after it) is not code either.
            let words = &bytes[(offset + skip) as usize..(offset + filesz) as usize];
            let is_zero = |i: &usize| words[i * 4..i * 4 + 4] == [0; 4];
            let count = words.len() / 4;
            let first = (0..count).find(|i| !is_zero(i));
            let last = (0..count).rev().find(|i| !is_zero(i));
            if let (Some(first), Some(last)) = (first, last) {
                let start = skip + 4 * first as u32;
                exec_segments.push(CodeRange {
                    addr: vaddr.wrapping_add(start),
                    file_off: (offset + start) as usize,
                    len: 4 * (last - first + 1) as u32,
                    at: ph,
                });
            }
        }
    }
    Ok((data, exec_segments))
}

/// The executable sections (SHF_ALLOC | SHF_EXECINSTR) as code ranges; the flag says
/// whether the file has section headers at all.
fn sections(bytes: &[u8], h: &Header) -> Result<(bool, Vec<CodeRange>), ElfError> {
    let Header {
        shoff,
        shnum,
        shentsize,
        ..
    } = *h;
    let shdrs = if shoff == 0 {
        Vec::new()
    } else {
        table(
            bytes,
            shoff,
            shnum,
            shentsize,
            SHDR_SIZE,
            "section header",
            32,
        )?
    };
    let mut code_ranges = Vec::new();
    for &sh in &shdrs {
        let sh_type = u32_at(bytes, sh + 4)?;
        let sh_flags = u32_at(bytes, sh + 8)?;
        let addr = u32_at(bytes, sh + 12)?;
        let offset = u32_at(bytes, sh + 16)?;
        let size = u32_at(bytes, sh + 20)?;
        let exec = SHF_ALLOC | SHF_EXECINSTR;
        if sh_flags & exec != exec || sh_type == SHT_NOBITS || size == 0 {
            continue;
        }
        if offset as u64 + size as u64 > bytes.len() as u64 {
            return err(sh + 16, "executable section contents lie outside the file");
        }
        if addr % 4 != 0 || size % 4 != 0 {
            return err(
                sh + 12,
                format!("executable section at {addr:#x} of {size} bytes is not 4-byte aligned"),
            );
        }
        code_ranges.push(CodeRange {
            addr,
            file_off: offset as usize,
            len: size,
            at: sh,
        });
    }
    Ok((!shdrs.is_empty(), code_ranges))
}

fn build(
    bytes: &[u8],
    isa: Isa,
    entry: u32,
    memory_size: u32,
    ranges: Vec<CodeRange>,
    data: Vec<DataSegment>,
) -> Result<Program, ElfError> {
    let Some(base) = ranges.iter().map(|r| r.addr).min() else {
        return err(
            0,
            "no executable code (no SHF_EXECINSTR section or executable segment)",
        );
    };
    let mut end = 0u64;
    for r in &ranges {
        let r_end = r.addr as u64 + r.len as u64;
        if r_end > memory_size as u64 {
            return err(
                r.at,
                format!(
                    "code [{:#x}, {r_end:#x}) lies outside data memory of {memory_size:#x} bytes",
                    r.addr
                ),
            );
        }
        end = end.max(r_end);
    }
    let span = end - base as u64;
    if span > MAX_CODE_BYTES as u64 {
        return err(
            0,
            format!("code spans {span} bytes, more than the limit of {MAX_CODE_BYTES}"),
        );
    }
    let mut code = vec![Inst::Ebreak.encode(); (span / 4) as usize];
    for r in &ranges {
        let first = ((r.addr - base) / 4) as usize;
        let src = &bytes[r.file_off..r.file_off + r.len as usize];
        for (k, w) in src.chunks_exact(4).enumerate() {
            code[first + k] = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        }
    }
    let program = Program {
        isa,
        code_base: base,
        code,
        entry,
        memory_size,
        stack_top: memory_size & !15,
        data,
    };
    if !program.contains_pc(entry) {
        return err(24, format!("entry point {entry:#x} is not an aligned address inside the code [{base:#x}, {end:#x})"));
    }
    program.check().map_err(|e| ElfError {
        offset: 0,
        reason: e.to_string(),
    })?;
    Ok(program)
}
