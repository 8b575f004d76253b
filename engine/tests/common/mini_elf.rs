//! Writes minimal static RV32 ELF executables for loader tests and fuzzing seeds.

/// Virtual address of the single load segment (it starts with the headers).
pub const SEG_VADDR: u32 = 0x10000;
/// File offset (and segment offset) of the code.
pub const CODE_OFF: u32 = 0x100;

/// An ELF with `code` at `SEG_VADDR + CODE_OFF` (the entry), e_flags `flags`, one
/// R+X `PT_LOAD` covering the whole file, and optionally a null + `.text` section table.
pub fn mini_elf(code: &[u32], flags: u32, with_sections: bool) -> Vec<u8> {
    let code_len = 4 * code.len() as u32;
    let shoff = CODE_OFF + code_len;
    let shnum: u16 = if with_sections { 2 } else { 0 };
    let total = shoff + 40 * shnum as u32;
    let mut b = Vec::with_capacity(total as usize);
    let u16le = |b: &mut Vec<u8>, v: u16| b.extend_from_slice(&v.to_le_bytes());
    let u32le = |b: &mut Vec<u8>, v: u32| b.extend_from_slice(&v.to_le_bytes());
    b.extend_from_slice(b"\x7fELF\x01\x01\x01\x00");
    b.resize(16, 0);
    u16le(&mut b, 2); // ET_EXEC
    u16le(&mut b, 243); // EM_RISCV
    u32le(&mut b, 1);
    u32le(&mut b, SEG_VADDR + CODE_OFF); // entry
    u32le(&mut b, 52); // phoff
    u32le(&mut b, if with_sections { shoff } else { 0 });
    u32le(&mut b, flags);
    u16le(&mut b, 52);
    u16le(&mut b, 32);
    u16le(&mut b, 1);
    u16le(&mut b, 40);
    u16le(&mut b, shnum);
    u16le(&mut b, 0);
    // PT_LOAD
    u32le(&mut b, 1);
    u32le(&mut b, 0);
    u32le(&mut b, SEG_VADDR);
    u32le(&mut b, SEG_VADDR);
    u32le(&mut b, shoff);
    u32le(&mut b, shoff + 0x1000); // some bss
    u32le(&mut b, 5); // R + X
    u32le(&mut b, 0x1000);
    b.resize(CODE_OFF as usize, 0);
    for w in code {
        u32le(&mut b, *w);
    }
    if with_sections {
        b.resize(b.len() + 40, 0); // null section
        u32le(&mut b, 0); // name
        u32le(&mut b, 1); // SHT_PROGBITS
        u32le(&mut b, 6); // ALLOC | EXECINSTR
        u32le(&mut b, SEG_VADDR + CODE_OFF);
        u32le(&mut b, CODE_OFF);
        u32le(&mut b, code_len);
        u32le(&mut b, 0);
        u32le(&mut b, 0);
        u32le(&mut b, 4);
        u32le(&mut b, 0);
    }
    b
}
