//! A minimal x86-64 encoder: exactly the instruction forms the translator emits.
//!
//! Every form goes through one ModRM/SIB/REX routine ([`Asm::op`]), so the
//! addressing rules (rsp/r12 need a SIB byte, rbp/r13 need a displacement, byte
//! registers 4..7 need a REX prefix to mean sil/dil rather than ah/bh) live in one
//! place, and so does guest memory's `gs` segment prefix ([`reg::GUEST`]). The
//! unit tests pin the bytes of each form, checked once against
//! `objdump -D -b binary -mi386:x86-64`.

/// Host register numbers (the low three bits go in ModRM, the fourth in REX).
pub mod reg {
    pub const RAX: u8 = 0;
    pub const RCX: u8 = 1;
    pub const RDX: u8 = 2;
    pub const RBX: u8 = 3;
    pub const RSP: u8 = 4;
    pub const RBP: u8 = 5;
    pub const RSI: u8 = 6;
    pub const RDI: u8 = 7;
    pub const R8: u8 = 8;
    pub const R9: u8 = 9;
    pub const R10: u8 = 10;
    pub const R11: u8 = 11;
    pub const R12: u8 = 12;
    pub const R13: u8 = 13;
    pub const R14: u8 = 14;
    pub const R15: u8 = 15;
    /// Not a register: as the base of an [`Rm::Mem`](super::Rm::Mem), guest
    /// memory, whose base address is the `gs` segment base (see
    /// `super::super::gs`). `[GUEST + index + disp]` is encoded
    /// `gs:[index + disp]`, so no host register holds the base. Address sums
    /// (`lea`) ignore segment bases and must not name it.
    pub const GUEST: u8 = 16;
}

/// Condition codes (the low nibble of `jcc`/`setcc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Cond {
    /// Unsigned below (carry).
    B = 0x2,
    /// Unsigned above or equal.
    Ae = 0x3,
    E = 0x4,
    Ne = 0x5,
    /// Unsigned below or equal.
    Be = 0x6,
    /// Signed less.
    L = 0xc,
    /// Signed greater or equal.
    Ge = 0xd,
    /// Signed greater.
    G = 0xf,
}

/// A register or memory operand (`[base + index + disp]`, index scale 1; a base of
/// [`reg::GUEST`] means guest memory: `gs:[index + disp]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rm {
    Reg(u8),
    Mem {
        base: u8,
        index: Option<u8>,
        disp: i32,
    },
}

impl Rm {
    /// True for guest memory ([`reg::GUEST`]), which only loads and stores may
    /// name: an address sum (`lea`) ignores the segment base.
    fn is_guest(self) -> bool {
        matches!(
            self,
            Rm::Mem {
                base: reg::GUEST,
                ..
            }
        )
    }
}

/// `[base + disp]`.
pub fn mem(base: u8, disp: i32) -> Rm {
    Rm::Mem {
        base,
        index: None,
        disp,
    }
}

/// Group-1 ALU operations (the `/n` of `81`/`83`; `8*n + 3` is the `r, r/m` form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Alu {
    Add = 0,
    Or = 1,
    /// Add with carry (`CF`).
    Adc = 2,
    /// Subtract with borrow (`CF`).
    Sbb = 3,
    And = 4,
    Sub = 5,
    Xor = 6,
    Cmp = 7,
}

/// Group-2 shifts (the `/n` of `C1`/`D3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Shift {
    Rol = 0,
    Ror = 1,
    Shl = 4,
    Shr = 5,
    Sar = 7,
}

/// The ModRM reg field: a register, or an opcode extension (`/digit`).
#[derive(Debug, Clone, Copy)]
enum Field {
    Reg(u8),
    Ext(u8),
}

/// Operand size of one instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    B8,
    B16,
    B32,
    B64,
}

/// Growing code buffer with position-based patching of rel32/rel8 jumps.
#[derive(Debug, Default)]
pub struct Asm {
    pub buf: Vec<u8>,
    /// Counts the instructions that may write `rax`: every form naming it (as
    /// either operand or in an address; reads count too), the implicit users
    /// (`div`, `idiv`) and calls. Equal counts at two positions mean `rax` held
    /// the same value in between (on the inline path: out-of-line code that
    /// jumps back restores it, see `Tr::rax_pair`).
    pub rax_writes: u32,
}

#[allow(missing_docs)]
impl Asm {
    /// Current offset.
    pub fn pos(&self) -> usize {
        self.buf.len()
    }

    /// Counts the instruction being emitted in [`Asm::rax_writes`] when it
    /// `may` write `rax`.
    #[inline]
    fn count_rax(&mut self, may: bool) {
        self.rax_writes = self.rax_writes.wrapping_add(may as u32);
    }

    /// Appends up to 8 bytes: the low `len` bytes of `v`, little-endian first.
    #[inline(always)]
    fn raw(&mut self, v: u64, len: usize) {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&v.to_le_bytes());
        self.append(out, len);
    }

    /// Appends one byte.
    #[inline]
    fn b(&mut self, byte: u8) {
        self.raw(byte as u64, 1);
    }

    /// Appends the first `len` (at most 16) bytes of `bytes` with one fixed-size
    /// store: every instruction is assembled in a local array first, so the hot
    /// path is one capacity check and one 16-byte move, with no `memcpy` call.
    #[inline(always)]
    fn append(&mut self, bytes: [u8; 16], len: usize) {
        self.buf.reserve(16);
        let at = self.buf.len();
        // SAFETY: `reserve(16)` leaves room for 16 bytes after `at`; all 16 are
        // written (initialised) before the length grows by `len <= 16` of them.
        unsafe {
            let dst = self.buf.as_mut_ptr().add(at).cast::<[u8; 16]>();
            std::ptr::write_unaligned(dst, bytes);
            self.buf.set_len(at + len.min(16));
        }
    }

    /// Prefixes, REX, opcode, ModRM, SIB and displacement of one instruction
    /// (assembled in a local array, appended once). Inlined into each form, so
    /// the size and opcode are constants there.
    #[inline(always)]
    fn op(&mut self, size: Size, opcode: &[u8], reg: u8, rm: Rm) {
        self.op_imm(size, opcode, reg, rm, 0, 0);
    }

    /// [`Asm::op`] followed by the low `imm_len` (0, 1 or 4) bytes of `imm`, all
    /// appended at once.
    #[inline(always)]
    fn op_imm(&mut self, size: Size, opcode: &[u8], reg: u8, rm: Rm, imm: u32, imm_len: usize) {
        self.encode(size, opcode, Field::Reg(reg), rm, imm, imm_len);
    }

    /// [`Asm::op_imm`] of an opcode whose ModRM reg field is an extension
    /// (`/digit`), not a register: only `rm` decides whether a byte operand needs
    /// a REX (to mean `spl`..`dil` rather than `ah`..`bh`).
    #[inline(always)]
    fn op_ext_imm(&mut self, size: Size, opcode: &[u8], ext: u8, rm: Rm, imm: u32, imm_len: usize) {
        self.encode(size, opcode, Field::Ext(ext), rm, imm, imm_len);
    }

    /// The common encoder of [`Asm::op_imm`] and [`Asm::op_ext_imm`].
    #[inline(always)]
    fn encode(
        &mut self,
        size: Size,
        opcode: &[u8],
        field: Field,
        rm: Rm,
        imm: u32,
        imm_len: usize,
    ) {
        let (reg, byte_reg) = match field {
            Field::Reg(r) => (r, true),
            Field::Ext(e) => (e, false),
        };
        // Guest memory: the segment base is the memory base, the index the base.
        let (guest, rm) = match rm {
            Rm::Mem {
                base: reg::GUEST,
                index: Some(i),
                disp,
            } => (
                true,
                Rm::Mem {
                    base: i,
                    index: None,
                    disp,
                },
            ),
            _ => (false, rm),
        };
        debug_assert!(
            !matches!(rm, Rm::Mem { base, index, .. } if base >= 16 || index.is_some_and(|i| i >= 16)),
            "guest memory needs an index register"
        );
        let names_rax = match rm {
            Rm::Reg(r) => r == reg::RAX,
            Rm::Mem { base, index, .. } => base == reg::RAX || index == Some(reg::RAX),
        } || byte_reg && reg == reg::RAX;
        self.count_rax(names_rax);
        let mut out = [0u8; 16];
        let mut k = 0;
        // At most 15 bytes (65, 66, REX, two opcode bytes, ModRM, SIB, disp32,
        // imm32): the mask only spares the bounds check.
        let mut put = |b: u8| {
            out[k & 15] = b;
            k += 1;
        };
        if guest {
            put(0x65);
        }
        if size == Size::B16 {
            put(0x66);
        }
        let w = (size == Size::B64) as u8;
        let r = reg >> 3 & 1;
        // A byte operand in registers 4..7 needs a REX to mean spl..dil.
        let mut force = size == Size::B8 && byte_reg && (4..8).contains(&reg);
        let (x, bb) = match rm {
            Rm::Reg(rr) => {
                force |= size == Size::B8 && (4..8).contains(&rr);
                (0, rr >> 3 & 1)
            }
            Rm::Mem { base, index, .. } => (index.map_or(0, |i| i >> 3 & 1), base >> 3 & 1),
        };
        let rex = 0x40 | w << 3 | r << 2 | x << 1 | bb;
        if rex != 0x40 || force {
            put(rex);
        }
        for &b in opcode {
            put(b);
        }
        match rm {
            Rm::Reg(rr) => put(0xc0 | (reg & 7) << 3 | (rr & 7)),
            Rm::Mem { base, index, disp } => {
                let md = if disp == 0 && base & 7 != 5 {
                    0
                } else if i8::try_from(disp).is_ok() {
                    1
                } else {
                    2
                };
                if index.is_some() || base & 7 == 4 {
                    put(md << 6 | (reg & 7) << 3 | 4);
                    let idx = index.map_or(4, |i| i & 7);
                    put(idx << 3 | (base & 7));
                } else {
                    put(md << 6 | (reg & 7) << 3 | (base & 7));
                }
                match md {
                    1 => put(disp as i8 as u8),
                    2 => disp.to_le_bytes().into_iter().for_each(&mut put),
                    _ => {}
                }
            }
        }
        imm.to_le_bytes()
            .into_iter()
            .take(imm_len)
            .for_each(&mut put);
        self.append(out, k);
    }

    /// `mov r32, r/m32`.
    #[inline]
    pub fn mov_r_rm(&mut self, dst: u8, src: Rm) {
        self.op(Size::B32, &[0x8b], dst, src);
    }
    /// `mov r/m32, r32`.
    #[inline]
    pub fn mov_rm_r(&mut self, dst: Rm, src: u8) {
        self.op(Size::B32, &[0x89], src, dst);
    }
    /// `mov r/m16, r16`.
    #[inline]
    pub fn mov16_rm_r(&mut self, dst: Rm, src: u8) {
        self.op(Size::B16, &[0x89], src, dst);
    }
    /// `mov r/m8, r8`.
    #[inline]
    pub fn mov8_rm_r(&mut self, dst: Rm, src: u8) {
        self.op(Size::B8, &[0x88], src, dst);
    }
    /// `mov r/m32, imm32` (a register destination uses the short `B8+r` form).
    #[inline]
    pub fn mov_rm_imm(&mut self, dst: Rm, imm: u32) {
        match dst {
            Rm::Reg(r) if r >= 8 => self.raw(
                0x41 | ((0xb8 + (r as u64 & 7)) << 8) | ((imm as u64) << 16),
                6,
            ),
            Rm::Reg(r) => {
                self.count_rax(r == reg::RAX);
                self.raw((0xb8 + (r as u64 & 7)) | ((imm as u64) << 8), 5)
            }
            _ => self.op_ext_imm(Size::B32, &[0xc7], 0, dst, imm, 4),
        }
    }
    /// `mov byte r/m8, imm8`.
    #[inline]
    pub fn mov8_rm_imm(&mut self, dst: Rm, imm: u8) {
        self.op_ext_imm(Size::B8, &[0xc6], 0, dst, imm as u32, 1);
    }
    /// `mov word r/m16, imm16`.
    #[inline]
    pub fn mov16_rm_imm(&mut self, dst: Rm, imm: u16) {
        self.op_ext_imm(Size::B16, &[0xc7], 0, dst, imm as u32, 2);
    }
    /// `cmp byte r/m8, imm8`.
    #[inline]
    pub fn cmp8_rm_imm(&mut self, dst: Rm, imm: u8) {
        self.op_ext_imm(Size::B8, &[0x80], 7, dst, imm as u32, 1);
    }
    /// `cmp word r/m16, imm16`.
    #[inline]
    pub fn cmp16_rm_imm(&mut self, dst: Rm, imm: u16) {
        self.op_ext_imm(Size::B16, &[0x81], 7, dst, imm as u32, 2);
    }
    /// Pads with multi-byte NOPs up to the next multiple of `align` (a power of two).
    pub fn align(&mut self, align: usize) {
        const NOPS: [&[u8]; 9] = [
            &[0x90],
            &[0x66, 0x90],
            &[0x0f, 0x1f, 0x00],
            &[0x0f, 0x1f, 0x40, 0x00],
            &[0x0f, 0x1f, 0x44, 0x00, 0x00],
            &[0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
            &[0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
            &[0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
            &[0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        ];
        let mut left = self.pos().next_multiple_of(align) - self.pos();
        while left > 0 {
            let nop = NOPS[left.min(9) - 1];
            let mut out = [0u8; 16];
            out[..nop.len()].copy_from_slice(nop);
            self.append(out, nop.len());
            left -= nop.len();
        }
    }
    /// `mov r64, imm64` (`movabs`).
    #[inline]
    pub fn mov64_r_imm(&mut self, dst: u8, imm: u64) {
        self.count_rax(dst == reg::RAX);
        let mut out = [0u8; 16];
        out[0] = 0x48 | (dst >> 3 & 1);
        out[1] = 0xb8 + (dst & 7);
        out[2..10].copy_from_slice(&imm.to_le_bytes());
        self.append(out, 10);
    }
    /// `mov r64, r/m64`.
    #[inline]
    pub fn mov64_r_rm(&mut self, dst: u8, src: Rm) {
        self.op(Size::B64, &[0x8b], dst, src);
    }
    /// `mov r/m64, r64`.
    #[inline]
    pub fn mov64_rm_r(&mut self, dst: Rm, src: u8) {
        self.op(Size::B64, &[0x89], src, dst);
    }
    /// `movzx r32, r/m8`.
    #[inline]
    pub fn movzx8(&mut self, dst: u8, src: Rm) {
        self.op(Size::B8, &[0x0f, 0xb6], dst, src);
    }
    /// `movzx r32, r/m16`.
    #[inline]
    pub fn movzx16(&mut self, dst: u8, src: Rm) {
        self.op(Size::B32, &[0x0f, 0xb7], dst, src);
    }
    /// `movsx r32, r/m8`.
    #[inline]
    pub fn movsx8(&mut self, dst: u8, src: Rm) {
        self.op(Size::B8, &[0x0f, 0xbe], dst, src);
    }
    /// `movsx r32, r/m16`.
    #[inline]
    pub fn movsx16(&mut self, dst: u8, src: Rm) {
        self.op(Size::B32, &[0x0f, 0xbf], dst, src);
    }
    /// `movsxd r64, r/m32`.
    #[inline]
    pub fn movsxd(&mut self, dst: u8, src: Rm) {
        self.op(Size::B64, &[0x63], dst, src);
    }
    /// `op r32, r/m32`.
    #[inline]
    pub fn alu_r_rm(&mut self, op: Alu, dst: u8, src: Rm) {
        self.op(Size::B32, &[op as u8 * 8 + 3], dst, src);
    }
    /// `op r/m32, r32` (a read-modify-write of a memory operand, or `cmp m32, r32`).
    #[inline]
    pub fn alu_rm_r(&mut self, op: Alu, dst: Rm, src: u8) {
        self.op(Size::B32, &[op as u8 * 8 + 1], src, dst);
    }
    /// `op r64, r/m64`.
    #[inline]
    pub fn alu64_r_rm(&mut self, op: Alu, dst: u8, src: Rm) {
        self.op(Size::B64, &[op as u8 * 8 + 3], dst, src);
    }
    #[inline]
    fn alu_imm(&mut self, size: Size, op: Alu, dst: Rm, imm: i32) {
        if let Ok(i) = i8::try_from(imm) {
            self.op_ext_imm(size, &[0x83], op as u8, dst, i as u8 as u32, 1);
        } else {
            self.op_ext_imm(size, &[0x81], op as u8, dst, imm as u32, 4);
        }
    }
    /// `op r/m32, imm` (imm8 form when it fits).
    #[inline]
    pub fn alu_rm_imm(&mut self, op: Alu, dst: Rm, imm: i32) {
        self.alu_imm(Size::B32, op, dst, imm);
    }
    /// `op r/m64, imm32` (sign-extended; imm8 form when it fits).
    #[inline]
    pub fn alu64_rm_imm(&mut self, op: Alu, dst: Rm, imm: i32) {
        self.alu_imm(Size::B64, op, dst, imm);
    }
    /// `shift r/m32, imm8`.
    #[inline]
    pub fn shift_imm(&mut self, op: Shift, dst: Rm, imm: u8) {
        self.op_ext_imm(Size::B32, &[0xc1], op as u8, dst, imm as u32, 1);
    }
    /// `shift r/m64, imm8`.
    #[inline]
    pub fn shift64_imm(&mut self, op: Shift, dst: Rm, imm: u8) {
        self.op_ext_imm(Size::B64, &[0xc1], op as u8, dst, imm as u32, 1);
    }
    /// `shift r/m32, cl`.
    #[inline]
    pub fn shift_cl(&mut self, op: Shift, dst: Rm) {
        self.op_ext_imm(Size::B32, &[0xd3], op as u8, dst, 0, 0);
    }
    /// `shift r/m64, cl`.
    #[inline]
    pub fn shift64_cl(&mut self, op: Shift, dst: Rm) {
        self.op_ext_imm(Size::B64, &[0xd3], op as u8, dst, 0, 0);
    }
    /// `shld r/m32, r32, imm8`: `dst = dst << imm | src >> (32 - imm)`.
    #[inline]
    pub fn shld_imm(&mut self, dst: Rm, src: u8, imm: u8) {
        self.op_imm(Size::B32, &[0x0f, 0xa4], src, dst, imm as u32, 1);
    }
    /// `shrd r/m32, r32, imm8`: `dst = dst >> imm | src << (32 - imm)`.
    #[inline]
    pub fn shrd_imm(&mut self, dst: Rm, src: u8, imm: u8) {
        self.op_imm(Size::B32, &[0x0f, 0xac], src, dst, imm as u32, 1);
    }
    /// `imul r32, r/m32`.
    #[inline]
    pub fn imul_r_rm(&mut self, dst: u8, src: Rm) {
        self.op(Size::B32, &[0x0f, 0xaf], dst, src);
    }
    /// `imul r64, r/m64, imm32` (the immediate sign-extended to 64 bits).
    #[inline]
    pub fn imul64_r_rm_imm(&mut self, dst: u8, src: Rm, imm: i32) {
        self.op_imm(Size::B64, &[0x69], dst, src, imm as u32, 4);
    }
    /// `imul r64, r/m64`.
    #[inline]
    pub fn imul64_r_rm(&mut self, dst: u8, src: Rm) {
        self.op(Size::B64, &[0x0f, 0xaf], dst, src);
    }
    /// `lea r32, m` (a 32-bit address sum, zero-extended).
    #[inline]
    pub fn lea32(&mut self, dst: u8, src: Rm) {
        debug_assert!(!src.is_guest());
        self.op(Size::B32, &[0x8d], dst, src);
    }
    /// `lea r32, [base + index << scale]`, or `[index << scale + 0]` without a
    /// base (`scale` in 0..=3; `index` not `rsp`): a shifted add, or a shift
    /// into another register, in one instruction.
    #[inline]
    pub fn lea32_scaled(&mut self, dst: u8, base: Option<u8>, index: u8, scale: u8) {
        debug_assert!(scale <= 3 && index != reg::RSP);
        let b = base.unwrap_or(5);
        self.count_rax(dst == reg::RAX || base == Some(reg::RAX) || index == reg::RAX);
        let rex = 0x40 | (dst >> 3 & 1) << 2 | (index >> 3 & 1) << 1 | (b >> 3 & 1);
        let mut out = [0u8; 16];
        let mut k = usize::from(rex != 0x40);
        out[0] = rex;
        // No base: mod 00 with base 101 and a zero disp32; rbp and r13 as a
        // base: mod 01 and a zero disp8.
        let (md, disp) = match base {
            None => (0, 4),
            Some(r) if r & 7 == 5 => (1, 1),
            Some(_) => (0, 0),
        };
        out[k] = 0x8d;
        out[k + 1] = md << 6 | (dst & 7) << 3 | 4;
        out[k + 2] = scale << 6 | (index & 7) << 3 | (b & 7);
        k += 3;
        // out[k..k + disp] are already zero.
        self.append(out, k + disp);
    }
    /// `lea r64, m` (a 64-bit address sum).
    #[inline]
    pub fn lea64(&mut self, dst: u8, src: Rm) {
        debug_assert!(!src.is_guest());
        self.op(Size::B64, &[0x8d], dst, src);
    }
    /// `test r/m32, r32`.
    #[inline]
    pub fn test_rm_r(&mut self, a: Rm, b: u8) {
        self.op(Size::B32, &[0x85], b, a);
    }
    /// `cdq`: sign-extend eax into edx.
    #[inline]
    pub fn cdq(&mut self) {
        self.b(0x99);
    }
    /// `idiv r/m32`.
    #[inline]
    pub fn idiv(&mut self, src: Rm) {
        self.count_rax(true);
        self.op_ext_imm(Size::B32, &[0xf7], 7, src, 0, 0);
    }
    /// `div r/m32`.
    #[inline]
    pub fn div(&mut self, src: Rm) {
        self.count_rax(true);
        self.op_ext_imm(Size::B32, &[0xf7], 6, src, 0, 0);
    }
    /// `neg r/m32`.
    #[inline]
    pub fn neg(&mut self, dst: Rm) {
        self.op_ext_imm(Size::B32, &[0xf7], 3, dst, 0, 0);
    }
    /// `cmovcc r32, r/m32` (the source is read whether or not it moves).
    #[inline]
    pub fn cmov_r_rm(&mut self, cc: Cond, dst: u8, src: Rm) {
        self.op(Size::B32, &[0x0f, 0x40 | cc as u8], dst, src);
    }
    /// `setcc r8`.
    #[inline]
    pub fn setcc(&mut self, cc: Cond, dst: u8) {
        self.op_ext_imm(Size::B8, &[0x0f, 0x90 | cc as u8], 0, Rm::Reg(dst), 0, 0);
    }
    /// `push r64`.
    #[inline]
    pub fn push(&mut self, r: u8) {
        if r >= 8 {
            self.raw(0x41 | ((0x50 + (r as u64 & 7)) << 8), 2);
        } else {
            self.b(0x50 + (r & 7));
        }
    }
    /// `pop r64`.
    #[inline]
    pub fn pop(&mut self, r: u8) {
        self.count_rax(r == reg::RAX);
        if r >= 8 {
            self.raw(0x41 | ((0x58 + (r as u64 & 7)) << 8), 2);
        } else {
            self.b(0x58 + (r & 7));
        }
    }
    /// `call rel32`; returns the position of the rel32 to patch.
    #[inline]
    pub fn call32(&mut self) -> usize {
        self.count_rax(true);
        self.raw(0xe8, 5);
        self.pos() - 4
    }
    /// `ret`.
    #[inline]
    pub fn ret(&mut self) {
        self.b(0xc3);
    }
    /// `ret imm16`: returns, then pops `n` more bytes.
    #[inline]
    pub fn ret_pop(&mut self, n: u16) {
        self.raw(0xc2 | (n as u64) << 8, 3);
    }
    /// `push imm32` (sign-extended to 64 bits).
    #[inline]
    pub fn push_imm(&mut self, imm: i32) {
        self.raw(0x68 | (imm as u32 as u64) << 8, 5);
    }
    /// `call r/m64` (a Rust function from native code).
    #[inline]
    pub fn call_rm(&mut self, target: Rm) {
        self.count_rax(true);
        self.op_ext_imm(Size::B32, &[0xff], 2, target, 0, 0);
    }
    /// `jmp r/m64` (indirect).
    #[inline]
    pub fn jmp_rm(&mut self, target: Rm) {
        // No REX.W needed: the operand is 64-bit by default.
        self.op_ext_imm(Size::B32, &[0xff], 4, target, 0, 0);
    }
    /// `jmp rel32`; returns the position of the rel32 to patch.
    #[inline]
    pub fn jmp32(&mut self) -> usize {
        self.raw(0xe9, 5);
        self.pos() - 4
    }
    /// `jcc rel32`; returns the position of the rel32 to patch.
    #[inline]
    pub fn jcc32(&mut self, cc: Cond) -> usize {
        self.raw(0x0f | ((0x80 | cc as u64) << 8), 6);
        self.pos() - 4
    }
    /// `jcc rel8`; returns the position of the rel8 to patch with [`Asm::bind8`].
    #[inline]
    pub fn jcc8(&mut self, cc: Cond) -> usize {
        self.raw(0x70 | cc as u64, 2);
        self.pos() - 1
    }
    /// `jmp rel8`; returns the position of the rel8 to patch with [`Asm::bind8`].
    #[inline]
    pub fn jmp8(&mut self) -> usize {
        self.raw(0xeb, 2);
        self.pos() - 1
    }
    /// Points the rel32 at `at` to offset `target`.
    pub fn patch32(&mut self, at: usize, target: usize) {
        let rel = target as i64 - (at as i64 + 4);
        let rel = i32::try_from(rel).expect("code stays below 2 GiB");
        self.buf[at..at + 4].copy_from_slice(&rel.to_le_bytes());
    }
    /// Points the rel8 at `at` to the current position.
    pub fn bind8(&mut self, at: usize) {
        let rel = self.pos() as i64 - (at as i64 + 1);
        self.buf[at] = i8::try_from(rel).expect("short jump within one instruction") as u8;
    }
}

#[cfg(test)]
#[path = "x86_tests.rs"]
mod tests;
