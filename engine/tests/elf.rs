//! The ELF loader: accepted shapes, and an error with an offset for each rejected one.

mod common;

use common::mini_elf::{mini_elf, CODE_OFF, SEG_VADDR};
use common::ExitHost;
use rivet_engine::elf::{load_elf, ElfError, ElfOptions};
use rivet_engine::{Isa, Machine, Module};
use rivet_format::rv32::{ImmOp, Inst};
use std::sync::Arc;

fn code() -> Vec<u32> {
    vec![
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 5,
        }
        .encode(),
        Inst::Ecall.encode(),
    ]
}

fn load(bytes: &[u8]) -> Result<rivet_engine::Program, ElfError> {
    load_elf(bytes, &ElfOptions::default())
}

fn run(bytes: &[u8]) -> u32 {
    let p = load(bytes).unwrap();
    let module = Arc::new(Module::new(&p).unwrap());
    let mut m = Machine::from_program(&p, module, 1000).unwrap();
    m.run(&mut ExitHost).unwrap()
}

#[test]
fn minimal_elf_with_and_without_sections() {
    for sections in [true, false] {
        let bytes = mini_elf(&code(), 0, sections);
        let p = load(&bytes).unwrap();
        assert_eq!(p.isa, Isa::Rv32im);
        assert_eq!(p.code_base, SEG_VADDR + CODE_OFF, "headers are not code");
        assert_eq!(p.code, code());
        assert_eq!(p.entry, SEG_VADDR + CODE_OFF);
        assert_eq!(p.stack_top, p.memory_size);
        // The whole segment is data too (read-only data shares the text segment).
        assert_eq!(p.data.len(), 1);
        assert_eq!(p.data[0].addr, SEG_VADDR);
        assert_eq!(&p.data[0].bytes[..4], b"\x7fELF");
        assert_eq!(run(&bytes), 5);
    }
}

#[test]
fn flags_pick_the_isa_or_are_rejected() {
    let p = load(&mini_elf(&code(), 0x8, true)).unwrap();
    assert_eq!(p.isa, Isa::Rv32em);
    let e = load(&mini_elf(&code(), 0x1, true)).unwrap_err();
    assert!(e.reason.contains("compressed") && e.offset == 36, "{e}");
    for float in [0x2, 0x4, 0x6] {
        let e = load(&mini_elf(&code(), float, true)).unwrap_err();
        assert!(e.reason.contains("floating-point"), "{e}");
    }
}

fn patched(at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut b = mini_elf(&code(), 0, true);
    b[at..at + bytes.len()].copy_from_slice(bytes);
    b
}

fn reason(b: &[u8]) -> ElfError {
    load(b).expect_err("expected an ELF error")
}

#[test]
fn header_errors_name_their_offset() {
    let e = reason(&patched(0, b"\x7fELG"));
    assert_eq!(e.offset, 0);
    let e = reason(&patched(4, &[2]));
    assert!(e.reason.contains("32-bit") && e.offset == 4, "{e}");
    let e = reason(&patched(5, &[2]));
    assert!(e.reason.contains("little-endian"), "{e}");
    let e = reason(&patched(16, &3u16.to_le_bytes()));
    assert!(e.reason.contains("ET_EXEC") && e.offset == 16, "{e}");
    let e = reason(&patched(18, &62u16.to_le_bytes()));
    assert!(e.reason.contains("RISC-V") && e.offset == 18, "{e}");
    let e = reason(&patched(24, &(SEG_VADDR + 2).to_le_bytes()));
    assert!(e.reason.contains("entry") && e.offset == 24, "{e}");
    let e = reason(&patched(52, &3u32.to_le_bytes()));
    assert!(e.reason.contains("PT_INTERP") && e.offset == 52, "{e}");
    let e = reason(&patched(52, &2u32.to_le_bytes()));
    assert!(e.reason.contains("PT_DYNAMIC"), "{e}");
    // Segment file size past the end of the file.
    let e = reason(&patched(52 + 16, &0x10_0000u32.to_le_bytes()));
    assert!(e.offset == 52 + 16 || e.offset == 52 + 4, "{e}");
    let e = reason(&patched(28, &0xffff_fff0u32.to_le_bytes()));
    assert!(e.reason.contains("program header table"), "{e}");
    let e = reason(&patched(32, &0xffff_fff0u32.to_le_bytes()));
    assert!(e.reason.contains("section header table"), "{e}");
}

#[test]
fn segments_must_fit_memory() {
    let bytes = mini_elf(&code(), 0, true);
    let e = load_elf(
        &bytes,
        &ElfOptions {
            memory_size: 0x10000,
        },
    )
    .unwrap_err();
    assert!(e.reason.contains("does not fit data memory"), "{e}");
    assert!(load_elf(
        &bytes,
        &ElfOptions {
            memory_size: 0x20000
        }
    )
    .is_ok());
    let e = load_elf(
        &bytes,
        &ElfOptions {
            memory_size: u32::MAX,
        },
    )
    .unwrap_err();
    assert!(e.reason.contains("limit"), "{e}");
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let bytes = mini_elf(&code(), 0, true);
    for n in 0..bytes.len() {
        assert!(load(&bytes[..n]).is_err(), "prefix of {n} bytes accepted");
    }
}

#[test]
fn misaligned_code_sections_are_rejected() {
    let mut bytes = mini_elf(&code(), 0, true);
    let text = bytes.len() - 40;
    bytes[text + 12..text + 16].copy_from_slice(&(SEG_VADDR + CODE_OFF + 2).to_le_bytes());
    let e = reason(&bytes);
    assert!(
        e.reason.contains("aligned") && e.offset as usize == text + 12,
        "{e}"
    );
}

#[test]
fn several_code_sections_become_one_code_array_with_ebreak_gaps() {
    let jal = |offset| Inst::Jal { rd: 0, offset }.encode();
    let words = [
        jal(12),
        Inst::Ecall.encode(),
        0, // not in any code section: must become ebreak, not fail validation
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 9,
        }
        .encode(),
        jal(-12),
    ];
    let mut b = mini_elf(&words, 0, true);
    let table = b.len() - 80;
    let put = |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    // .text (section 1) keeps the first two words ...
    put(&mut b, table + 40 + 20, 8);
    // ... and section 0 becomes a second code section holding the last two.
    for (field, v) in [
        (4, 1),
        (8, 6),
        (12, SEG_VADDR + CODE_OFF + 12),
        (16, CODE_OFF + 12),
        (20, 8),
    ] {
        put(&mut b, table + field, v);
    }
    let p = load(&b).unwrap();
    assert_eq!(p.code_base, SEG_VADDR + CODE_OFF);
    assert_eq!(p.code.len(), 5);
    assert_eq!(p.code[2], Inst::Ebreak.encode());
    assert_eq!(run(&b), 9);
}
