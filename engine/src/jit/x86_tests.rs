//! Encodings of every instruction form [`super::Asm`] emits.
use super::reg::*;
use super::*;

/// `[base + index]`.
fn mem_idx(base: u8, index: u8) -> Rm {
    Rm::Mem {
        base,
        index: Some(index),
        disp: 0,
    }
}

fn enc(f: impl FnOnce(&mut Asm)) -> Vec<u8> {
    let mut a = Asm::default();
    f(&mut a);
    a.buf
}

// Expected bytes checked with `objdump -D -b binary -mi386:x86-64`.
#[test]
fn moves() {
    // mov eax,[rbx+0x28]
    assert_eq!(enc(|a| a.mov_r_rm(RAX, mem(RBX, 40))), [0x8b, 0x43, 0x28]);
    // mov eax,[rbx]
    assert_eq!(enc(|a| a.mov_r_rm(RAX, mem(RBX, 0))), [0x8b, 0x03]);
    // mov r9d,[rbx+0x7c]
    assert_eq!(
        enc(|a| a.mov_r_rm(R9, mem(RBX, 124))),
        [0x44, 0x8b, 0x4b, 0x7c]
    );
    // mov [rbx+0x80],edx
    assert_eq!(
        enc(|a| a.mov_rm_r(mem(RBX, 128), RDX)),
        [0x89, 0x93, 0x80, 0, 0, 0]
    );
    // mov esi,eax
    assert_eq!(enc(|a| a.mov_rm_r(Rm::Reg(RSI), RAX)), [0x89, 0xc6]);
    // mov dword [rbx+0x8],0x12345678
    assert_eq!(
        enc(|a| a.mov_rm_imm(mem(RBX, 8), 0x1234_5678)),
        [0xc7, 0x43, 0x08, 0x78, 0x56, 0x34, 0x12]
    );
    // mov r10d,0xffffffff
    assert_eq!(
        enc(|a| a.mov_rm_imm(Rm::Reg(R10), u32::MAX)),
        [0x41, 0xba, 0xff, 0xff, 0xff, 0xff]
    );
    // mov byte [r14+rcx],1
    assert_eq!(
        enc(|a| a.mov8_rm_imm(mem_idx(R14, RCX), 1)),
        [0x41, 0xc6, 0x04, 0x0e, 0x01]
    );
    // mov rbx,[rbp+0x0]  (rbp base needs a displacement)
    assert_eq!(
        enc(|a| a.mov64_r_rm(RBX, mem(RBP, 0))),
        [0x48, 0x8b, 0x5d, 0x00]
    );
    // mov r13,[rbp+0x10]
    assert_eq!(
        enc(|a| a.mov64_r_rm(R13, mem(RBP, 16))),
        [0x4c, 0x8b, 0x6d, 0x10]
    );
    // mov [rbp+0x20],r15
    assert_eq!(
        enc(|a| a.mov64_rm_r(mem(RBP, 32), R15)),
        [0x4c, 0x89, 0x7d, 0x20]
    );
    // mov rbp,rdi
    assert_eq!(enc(|a| a.mov64_r_rm(RBP, Rm::Reg(RDI))), [0x48, 0x8b, 0xef]);
}

#[test]
fn memory_accesses() {
    // mov edx,[r12+rax]
    assert_eq!(
        enc(|a| a.mov_r_rm(RDX, mem_idx(R12, RAX))),
        [0x41, 0x8b, 0x14, 0x04]
    );
    // movzx edx,byte [r12+rax]
    assert_eq!(
        enc(|a| a.movzx8(RDX, mem_idx(R12, RAX))),
        [0x41, 0x0f, 0xb6, 0x14, 0x04]
    );
    // movsx edx,word [r12+rax]
    assert_eq!(
        enc(|a| a.movsx16(RDX, mem_idx(R12, RAX))),
        [0x41, 0x0f, 0xbf, 0x14, 0x04]
    );
    // movsx r8d,byte [r12+rax]
    assert_eq!(
        enc(|a| a.movsx8(R8, mem_idx(R12, RAX))),
        [0x45, 0x0f, 0xbe, 0x04, 0x04]
    );
    // movzx esi,word [r12+rax]
    assert_eq!(
        enc(|a| a.movzx16(RSI, mem_idx(R12, RAX))),
        [0x41, 0x0f, 0xb7, 0x34, 0x04]
    );
    // mov [r12+rax],dx
    assert_eq!(
        enc(|a| a.mov16_rm_r(mem_idx(R12, RAX), RDX)),
        [0x66, 0x41, 0x89, 0x14, 0x04]
    );
    // mov [r12+rax],sil  (needs REX to mean sil)
    assert_eq!(
        enc(|a| a.mov8_rm_r(mem_idx(R12, RAX), RSI)),
        [0x41, 0x88, 0x34, 0x04]
    );
    // mov [r12+rax],dl
    assert_eq!(
        enc(|a| a.mov8_rm_r(mem_idx(R12, RAX), RDX)),
        [0x41, 0x88, 0x14, 0x04]
    );
    // mov [r12+rax],r9b
    assert_eq!(
        enc(|a| a.mov8_rm_r(mem_idx(R12, RAX), R9)),
        [0x45, 0x88, 0x0c, 0x04]
    );
    // lea eax,[rsi-0x100] / lea eax,[r10+0x20] / lea eax,[r13-0x1]
    assert_eq!(
        enc(|a| a.lea32(RAX, mem(RSI, -0x100))),
        [0x8d, 0x86, 0x00, 0xff, 0xff, 0xff]
    );
    assert_eq!(
        enc(|a| a.lea32(RAX, mem(R10, 0x20))),
        [0x41, 0x8d, 0x42, 0x20]
    );
    assert_eq!(
        enc(|a| a.lea32(RAX, mem(R13, -1))),
        [0x41, 0x8d, 0x45, 0xff]
    );
    // cmp rax,[rbp+0x18]
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Cmp, RAX, mem(RBP, 0x18))),
        [0x48, 0x3b, 0x45, 0x18]
    );
    // mov dword [rsp+0x8],7 (rsp base needs a SIB)
    assert_eq!(
        enc(|a| a.mov_rm_imm(mem(RSP, 8), 7)),
        [0xc7, 0x44, 0x24, 0x08, 7, 0, 0, 0]
    );
    // mov eax,[r13+0x0]
    assert_eq!(
        enc(|a| a.mov_r_rm(RAX, mem(R13, 0))),
        [0x41, 0x8b, 0x45, 0x00]
    );
    // mov eax,[r12]
    assert_eq!(
        enc(|a| a.mov_r_rm(RAX, mem(R12, 0))),
        [0x41, 0x8b, 0x04, 0x24]
    );
}

#[test]
fn arithmetic() {
    // lea eax,[rcx+rcx*2]; lea r14d,[r13+r11*4+0]; lea edx,[rbp+rbp*8+0];
    // lea r12d,[r12+r9]; lea eax,[r9*4+0]; lea r10d,[rdx*8+0] (as GNU as
    // encodes them)
    assert_eq!(
        enc(|a| a.lea32_scaled(RAX, Some(RCX), RCX, 1)),
        [0x8d, 0x04, 0x49]
    );
    assert_eq!(
        enc(|a| a.lea32_scaled(R14, Some(R13), R11, 2)),
        [0x47, 0x8d, 0x74, 0x9d, 0x00]
    );
    assert_eq!(
        enc(|a| a.lea32_scaled(RDX, Some(RBP), RBP, 3)),
        [0x8d, 0x54, 0xed, 0x00]
    );
    assert_eq!(
        enc(|a| a.lea32_scaled(R12, Some(R12), R9, 0)),
        [0x47, 0x8d, 0x24, 0x0c]
    );
    assert_eq!(
        enc(|a| a.lea32_scaled(RAX, None, R9, 2)),
        [0x42, 0x8d, 0x04, 0x8d, 0, 0, 0, 0]
    );
    assert_eq!(
        enc(|a| a.lea32_scaled(R10, None, RDX, 3)),
        [0x44, 0x8d, 0x14, 0xd5, 0, 0, 0, 0]
    );
    // add eax,[rbx+0xc]
    assert_eq!(
        enc(|a| a.alu_r_rm(Alu::Add, RAX, mem(RBX, 12))),
        [0x03, 0x43, 0x0c]
    );
    // sub eax,r11d
    assert_eq!(
        enc(|a| a.alu_r_rm(Alu::Sub, RAX, Rm::Reg(R11))),
        [0x41, 0x2b, 0xc3]
    );
    // cmp eax,[rbx+0x4]
    assert_eq!(
        enc(|a| a.alu_r_rm(Alu::Cmp, RAX, mem(RBX, 4))),
        [0x3b, 0x43, 0x04]
    );
    // cmp [rbp+0x48],ebx ; add [rbp+0x48],r8d
    assert_eq!(
        enc(|a| a.alu_rm_r(Alu::Cmp, mem(RBP, 0x48), RBX)),
        [0x39, 0x5d, 0x48]
    );
    assert_eq!(
        enc(|a| a.alu_rm_r(Alu::Add, mem(RBP, 0x48), R8)),
        [0x44, 0x01, 0x45, 0x48]
    );
    // xor edx,edx
    assert_eq!(
        enc(|a| a.alu_r_rm(Alu::Xor, RDX, Rm::Reg(RDX))),
        [0x33, 0xd2]
    );
    // and eax,0xfffffffe
    assert_eq!(
        enc(|a| a.alu_rm_imm(Alu::And, Rm::Reg(RAX), -2)),
        [0x83, 0xe0, 0xfe]
    );
    // or eax,0x800
    assert_eq!(
        enc(|a| a.alu_rm_imm(Alu::Or, Rm::Reg(RAX), 0x800)),
        [0x81, 0xc8, 0x00, 0x08, 0, 0]
    );
    // sub r15,0x1000
    assert_eq!(
        enc(|a| a.alu64_rm_imm(Alu::Sub, Rm::Reg(R15), 0x1000)),
        [0x49, 0x81, 0xef, 0x00, 0x10, 0, 0]
    );
    // add r15,0x3
    assert_eq!(
        enc(|a| a.alu64_rm_imm(Alu::Add, Rm::Reg(R15), 3)),
        [0x49, 0x83, 0xc7, 0x03]
    );
    // cmp rcx,r13
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Cmp, RCX, Rm::Reg(R13))),
        [0x49, 0x3b, 0xcd]
    );
    // add rcx,[rbp+0x28]
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Add, RCX, mem(RBP, 40))),
        [0x48, 0x03, 0x4d, 0x28]
    );
    // cmp ecx,0x64
    assert_eq!(
        enc(|a| a.alu_rm_imm(Alu::Cmp, Rm::Reg(RCX), 100)),
        [0x83, 0xf9, 0x64]
    );
    // add dword [rbx+0x8],-16
    assert_eq!(
        enc(|a| a.alu_rm_imm(Alu::Add, mem(RBX, 8), -16)),
        [0x83, 0x43, 0x08, 0xf0]
    );
}

#[test]
fn shifts_multiplies_and_flags() {
    // shl eax,cl / sar eax,0x1f / shr ecx,0xc / ror ecx,0x2 / shl rcx,0x4
    assert_eq!(enc(|a| a.shift_cl(Shift::Shl, Rm::Reg(RAX))), [0xd3, 0xe0]);
    assert_eq!(
        enc(|a| a.shift_imm(Shift::Sar, Rm::Reg(RAX), 31)),
        [0xc1, 0xf8, 0x1f]
    );
    assert_eq!(
        enc(|a| a.shift_imm(Shift::Shr, Rm::Reg(RCX), 12)),
        [0xc1, 0xe9, 0x0c]
    );
    assert_eq!(
        enc(|a| a.shift_imm(Shift::Ror, Rm::Reg(RCX), 2)),
        [0xc1, 0xc9, 0x02]
    );
    assert_eq!(
        enc(|a| a.shift64_imm(Shift::Shl, Rm::Reg(RCX), 4)),
        [0x48, 0xc1, 0xe1, 0x04]
    );
    // imul eax,[rbx+0x8] / imul rax,rcx / movsxd rax,dword [rbx+0x4] / movsxd rcx,r9d
    assert_eq!(
        enc(|a| a.imul_r_rm(RAX, mem(RBX, 8))),
        [0x0f, 0xaf, 0x43, 0x08]
    );
    assert_eq!(
        enc(|a| a.imul64_r_rm(RAX, Rm::Reg(RCX))),
        [0x48, 0x0f, 0xaf, 0xc1]
    );
    // imul rcx,rcx,0x27d4eb4f / imul r8,r9,0xffffffffc2b2ae3d
    assert_eq!(
        enc(|a| a.imul64_r_rm_imm(RCX, Rm::Reg(RCX), 0x27d4_eb4f)),
        [0x48, 0x69, 0xc9, 0x4f, 0xeb, 0xd4, 0x27]
    );
    assert_eq!(
        enc(|a| a.imul64_r_rm_imm(R8, Rm::Reg(R9), 0xc2b2_ae3du32 as i32)),
        [0x4d, 0x69, 0xc1, 0x3d, 0xae, 0xb2, 0xc2]
    );
    assert_eq!(
        enc(|a| a.mov64_r_imm(RCX, 0x0102_0304_0506_0708)),
        [0x48, 0xb9, 8, 7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(
        enc(|a| a.mov64_r_imm(R9, u64::MAX)),
        [0x49, 0xb9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
    );
    assert_eq!(
        enc(|a| a.movsxd(RAX, mem(RBX, 4))),
        [0x48, 0x63, 0x43, 0x04]
    );
    assert_eq!(enc(|a| a.movsxd(RCX, Rm::Reg(R9))), [0x49, 0x63, 0xc9]);
    // shld eax,ecx,0x5 / shld r9d,esi,0x1f / shld dword [rbp+0x50],eax,0x3
    assert_eq!(
        enc(|a| a.shld_imm(Rm::Reg(RAX), RCX, 5)),
        [0x0f, 0xa4, 0xc8, 0x05]
    );
    assert_eq!(
        enc(|a| a.shld_imm(Rm::Reg(R9), RSI, 31)),
        [0x41, 0x0f, 0xa4, 0xf1, 0x1f]
    );
    assert_eq!(
        enc(|a| a.shld_imm(mem(RBP, 0x50), RAX, 3)),
        [0x0f, 0xa4, 0x45, 0x50, 0x03]
    );
    // The pair as one 64-bit value: rol rax,cl / rol rax,0x7 / shl rax,0x20 /
    // or rax,rsi / or rax,r9
    assert_eq!(
        enc(|a| a.shift64_cl(Shift::Rol, Rm::Reg(RAX))),
        [0x48, 0xd3, 0xc0]
    );
    assert_eq!(
        enc(|a| a.shift64_imm(Shift::Rol, Rm::Reg(RAX), 7)),
        [0x48, 0xc1, 0xc0, 0x07]
    );
    assert_eq!(
        enc(|a| a.shift64_imm(Shift::Shl, Rm::Reg(RAX), 32)),
        [0x48, 0xc1, 0xe0, 0x20]
    );
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(RSI))),
        [0x48, 0x0b, 0xc6]
    );
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(R9))),
        [0x49, 0x0b, 0xc1]
    );
    // shrd ebx,r8d,0x7
    assert_eq!(
        enc(|a| a.shrd_imm(Rm::Reg(RBX), R8, 7)),
        [0x44, 0x0f, 0xac, 0xc3, 0x07]
    );
    // cdq / idiv ecx / div ecx / neg eax / test ecx,ecx
    assert_eq!(enc(|a| a.cdq()), [0x99]);
    assert_eq!(enc(|a| a.idiv(Rm::Reg(RCX))), [0xf7, 0xf9]);
    assert_eq!(enc(|a| a.div(Rm::Reg(RCX))), [0xf7, 0xf1]);
    assert_eq!(enc(|a| a.neg(Rm::Reg(RAX))), [0xf7, 0xd8]);
    assert_eq!(enc(|a| a.test_rm_r(Rm::Reg(RCX), RCX)), [0x85, 0xc9]);
    // setl dl / setb sil
    assert_eq!(enc(|a| a.setcc(Cond::L, RDX)), [0x0f, 0x9c, 0xc2]);
    assert_eq!(enc(|a| a.setcc(Cond::B, RSI)), [0x40, 0x0f, 0x92, 0xc6]);
    // cmovne r14d,eax / cmove eax,[rbp+0x40]
    assert_eq!(
        enc(|a| a.cmov_r_rm(Cond::Ne, R14, Rm::Reg(RAX))),
        [0x44, 0x0f, 0x45, 0xf0]
    );
    assert_eq!(
        enc(|a| a.cmov_r_rm(Cond::E, RAX, mem(RBP, 0x40))),
        [0x0f, 0x44, 0x45, 0x40]
    );
    // movzx eax,dl
    assert_eq!(enc(|a| a.movzx8(RAX, Rm::Reg(RDX))), [0x0f, 0xb6, 0xc2]);
}

#[test]
fn control() {
    assert_eq!(enc(|a| a.push(RBX)), [0x53]);
    assert_eq!(enc(|a| a.push(R15)), [0x41, 0x57]);
    assert_eq!(enc(|a| a.pop(R12)), [0x41, 0x5c]);
    assert_eq!(enc(|a| a.ret()), [0xc3]);
    // a call to the next instruction: rel32 0
    let mut a = Asm::default();
    let c = a.call32();
    a.patch32(c, a.pos());
    assert_eq!(a.buf, [0xe8, 0, 0, 0, 0]);
    // jmp qword [rcx] / jmp rax
    assert_eq!(enc(|a| a.jmp_rm(mem(RCX, 0))), [0xff, 0x21]);
    assert_eq!(enc(|a| a.jmp_rm(Rm::Reg(RAX))), [0xff, 0xe0]);
    // a rel32 jump to itself is -5; a jcc rel32 to the next instruction is 0
    let mut a = Asm::default();
    let j = a.jmp32();
    a.patch32(j, 0);
    let k = a.jcc32(Cond::G);
    a.patch32(k, a.pos());
    let s = a.jcc8(Cond::E);
    a.b(0x90);
    a.bind8(s);
    assert_eq!(
        a.buf,
        [0xe9, 0xfb, 0xff, 0xff, 0xff, 0x0f, 0x8f, 0, 0, 0, 0, 0x74, 0x01, 0x90]
    );
}

#[test]
fn alignment_pads_with_whole_nops() {
    for start in 0..40 {
        let mut a = Asm::default();
        for _ in 0..start {
            a.ret();
        }
        a.align(16);
        assert_eq!(a.pos() % 16, 0, "from {start}");
        assert!(a.pos() - start < 16);
        // Only NOPs of the expected shapes follow the rets.
        let mut k = start;
        while k < a.pos() {
            let len = match &a.buf[k..] {
                [0x90, ..] => 1,
                [0x66, 0x90, ..] => 2,
                [0x0f, 0x1f, 0x00, ..] => 3,
                [0x0f, 0x1f, 0x40, 0x00, ..] => 4,
                [0x0f, 0x1f, 0x44, 0x00, 0x00, ..] => 5,
                [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00, ..] => 6,
                [0x0f, 0x1f, 0x80, 0, 0, 0, 0, ..] => 7,
                [0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0, ..] => 8,
                [0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0, ..] => 9,
                other => panic!("not a NOP at {k}: {other:x?}"),
            };
            k += len;
        }
        assert_eq!(k, a.pos());
    }
}

/// Guest memory (`[GUEST + index + disp]`) is `gs:[index + disp]`: the segment
/// prefix before any operand-size prefix and REX, the index encoded as the base
/// (bytes from GNU as).
#[test]
fn guest_memory_is_gs_relative() {
    let g = |index, disp| Rm::Mem {
        base: GUEST,
        index: Some(index),
        disp,
    };
    // mov edx,gs:[rax]
    assert_eq!(enc(|a| a.mov_r_rm(RDX, g(RAX, 0))), [0x65, 0x8b, 0x10]);
    // mov gs:[r12+0x10],eax (r12 as the base needs a SIB)
    assert_eq!(
        enc(|a| a.mov_rm_r(g(R12, 0x10), RAX)),
        [0x65, 0x41, 0x89, 0x44, 0x24, 0x10]
    );
    // movzx r8d,byte gs:[r13+0x0] (r13 as the base needs a displacement)
    assert_eq!(
        enc(|a| a.movzx8(R8, g(R13, 0))),
        [0x65, 0x45, 0x0f, 0xb6, 0x45, 0x00]
    );
    // mov gs:[rbx-0x4],si
    assert_eq!(
        enc(|a| a.mov16_rm_r(g(RBX, -4), RSI)),
        [0x65, 0x66, 0x89, 0x73, 0xfc]
    );
    // mov gs:[rsi+0x100],r9b
    assert_eq!(
        enc(|a| a.mov8_rm_r(g(RSI, 0x100), R9)),
        [0x65, 0x44, 0x88, 0x8e, 0x00, 0x01, 0x00, 0x00]
    );
    // cmp word gs:[rax-0x401000],0x101 (the dirty-map pair compare)
    assert_eq!(
        enc(|a| a.cmp16_rm_imm(g(RAX, -0x40_1000), 0x0101)),
        [0x65, 0x66, 0x81, 0xb8, 0x00, 0xf0, 0xbf, 0xff, 0x01, 0x01]
    );
    // mov gs:[rsi-0x8],rax / add rax,gs:[r11+0x8]
    assert_eq!(
        enc(|a| a.mov64_rm_r(g(RSI, -8), RAX)),
        [0x65, 0x48, 0x89, 0x46, 0xf8]
    );
    assert_eq!(
        enc(|a| a.alu64_r_rm(Alu::Add, RAX, g(R11, 8))),
        [0x65, 0x49, 0x03, 0x43, 0x08]
    );
}

#[test]
fn dirty_map_compares() {
    let map = Rm::Mem {
        base: R12,
        index: Some(RAX),
        disp: -0x40_1000,
    };
    // cmp byte [r12+rax-0x401000],0
    assert_eq!(
        enc(|a| a.cmp8_rm_imm(map, 0)),
        [0x41, 0x80, 0xbc, 0x04, 0x00, 0xf0, 0xbf, 0xff, 0x00]
    );
    // cmp word [r12+rax-0x401000],0x101
    assert_eq!(
        enc(|a| a.cmp16_rm_imm(map, 0x0101)),
        [0x66, 0x41, 0x81, 0xbc, 0x04, 0x00, 0xf0, 0xbf, 0xff, 0x01, 0x01]
    );
    // cmp byte [rax],0
    assert_eq!(enc(|a| a.cmp8_rm_imm(mem(RAX, 0), 0)), [0x80, 0x38, 0x00]);
    // Registers: cmp sil,0x7 (a REX, or it would be dh) / cmp cl,0x1 / cmp r9b,0x2;
    // the reg field's /7 alone forces no REX.
    assert_eq!(
        enc(|a| a.cmp8_rm_imm(Rm::Reg(RSI), 7)),
        [0x40, 0x80, 0xfe, 0x07]
    );
    assert_eq!(enc(|a| a.cmp8_rm_imm(Rm::Reg(RCX), 1)), [0x80, 0xf9, 0x01]);
    assert_eq!(
        enc(|a| a.cmp8_rm_imm(Rm::Reg(R9), 2)),
        [0x41, 0x80, 0xf9, 0x02]
    );
}
