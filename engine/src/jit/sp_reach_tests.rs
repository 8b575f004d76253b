//! Accesses through a checked `sp` (see `sp_reach`): random programs that set
//! `sp` (inside memory, at its top edge, near 0 where negative offsets wrap,
//! anywhere), then put loads and stores through `sp` inside the two windows
//! that rely on them not faulting: between a slot store left out and the
//! overwrite (`lazy_slot`), and between a multiply by a constant and the write
//! of its scratch register (`mul`). Some accesses fault, so the check must
//! send those runs to the interpreter before they start. Entered at random
//! instructions (dynamic entries check too) with random gas (the refunds),
//! under random pinnings, on both memory kinds, against the interpreter.

use super::access::Access;
use super::mul_tests::{constant, mul64};
use super::test_support::{
    assert_native_matches, entry_head, imm, isa_of, jit_cases, program_of, random_entry_matches,
    reg, Continue, Rng,
};
use crate::machine::Machine;
use crate::module::Module;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::sync::Arc;

/// The stack pointer.
const SP: u8 = 2;

/// A load into (only, with `load`) or a store of `v` through `sp`, at an
/// offset from -64 to 63 (unaligned and narrow ones too).
fn sp_access(rng: &mut Rng, v: u8, load: bool) -> Inst {
    let offset = rng.below(128) as i32 - 64;
    let offset = if rng.below(2) == 0 {
        offset & !3
    } else {
        offset
    };
    let kinds = LoadOp::ALL.len() + if load { 0 } else { StoreOp::ALL.len() };
    let i = rng.below(kinds as u64) as usize;
    match LoadOp::ALL.get(i) {
        Some(&op) => Inst::Load {
            op,
            rd: v,
            rs1: SP,
            offset,
        },
        None => Inst::Store {
            op: StoreOp::ALL[i - LoadOp::ALL.len()],
            rs1: SP,
            rs2: v,
            offset,
        },
    }
}

/// The accesses of a window: one to three, through `sp`, of the pinned
/// registers 3 to 10 other than `avoid` (whose old values the window leaves
/// out).
fn window(rng: &mut Rng, avoid: &[u8], code: &mut Vec<Inst>) {
    for _ in 0..1 + rng.below(3) {
        let mut v = 3 + rng.below(8) as u8;
        while avoid.contains(&v) {
            v = 3 + rng.below(8) as u8;
        }
        code.push(sp_access(rng, v, false));
    }
}

/// The bytes past `sp` the window's accesses end at, at most.
fn window_end(code: &[Inst]) -> i32 {
    let end = |inst: &Inst| match *inst {
        Inst::Load { op, offset, .. } => Some(offset + Access::Load(op, 0).width() as i32),
        Inst::Store { op, offset, .. } => Some(offset + Access::Store(op, 0).width() as i32),
        _ => None,
    };
    code.iter().filter_map(end).max().unwrap_or(0)
}

/// A value of `sp` for a window ending `end` bytes past it: the window's last
/// byte at the top of memory (`size` bytes), one below or one past it (the
/// check's edge); near 0, where negative offsets wrap; anywhere.
fn sp_value(rng: &mut Rng, size: u32, end: i32) -> u32 {
    match rng.below(4) {
        0 | 1 => size.wrapping_sub(end as u32) + rng.below(3) as u32 - 1,
        2 => rng.below(0x40) as u32,
        _ => rng.next() as u32,
    }
}

/// One window and what sets `sp` before it. Registers 3 to 10 are the pinned
/// ones of the first pinning: a left-out slot store needs an unpinned
/// register (`r`) and accesses of pinned ones, the multiply pinned registers.
fn chunk(rng: &mut Rng, regs: u64, size: u32, code: &mut Vec<Inst>) {
    let pinned = |rng: &mut Rng| 3 + rng.below(8) as u8;
    let r = 11 + rng.below(regs - 11) as u8;
    let other = pinned(rng);
    let mut win = Vec::new();
    // Where the window's accesses through this value of sp end.
    let mut end = None;
    if rng.below(2) == 0 {
        // A slot store left out: r computed in `rcx` (the next instruction
        // reads it), accesses, r overwritten, read; or a load into r through
        // sp after the accesses, which ends the window (it may fault).
        win.push(reg(RegOp::Xor, r, r, other));
        win.push(reg(RegOp::Add, other, other, r));
        window(rng, &[r], &mut win);
        win.push(match rng.below(2) {
            0 => imm(ImmOp::Addi, r, r, rng.below(64) as i32),
            _ => sp_access(rng, r, true),
        });
        win.push(reg(RegOp::Add, other, other, r));
    } else {
        // A multiply by a constant in the compiler's shape (the high word
        // built in bh = t0 = dh, tp its scratch), accesses, tp written (by an
        // ALU instruction or a load through sp, which may fault).
        let [lo, hi, bl, bh, tp] = [(); 5].map(|_| pinned(rng));
        win.extend(constant(bl, rng.next() as u32));
        win.extend(constant(bh, rng.next() as u32));
        win.extend(mul64(lo, hi, bl, bh, bh, tp, bh, lo));
        window(rng, &[tp, bh, lo], &mut win);
        win.push(match rng.below(2) {
            0 => reg(RegOp::Sltu, tp, lo, other),
            _ => sp_access(rng, tp, true),
        });
        end = Some(window_end(&win));
        if rng.below(2) == 0 {
            // sp moves before bl is written again: the check there may hand
            // the run to the interpreter, which must find bl's constant.
            win.push(imm(ImmOp::Addi, SP, SP, 16));
            win.push(sp_access(rng, bl, true));
        }
    }
    let sp = sp_value(rng, size, end.unwrap_or_else(|| window_end(&win)));
    match rng.below(4) {
        // Another site: a move of sp, or the block after an ecall.
        0 => code.extend(constant(SP, sp.wrapping_add(16)).into_iter().chain([imm(
            ImmOp::Addi,
            SP,
            SP,
            -16,
        )])),
        1 => code.extend(constant(SP, sp).into_iter().chain([Inst::Ecall])),
        _ => code.extend(constant(SP, sp)),
    }
    if rng.below(2) == 0 {
        // The compiler's bounds check past the window: the window's block
        // joins its chain (its entries pay for the chain).
        code.push(Inst::Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 5,
            offset: 4 * (win.len() as i32 + 1),
        });
    }
    code.extend(win);
}

#[test]
fn windows_over_accesses_through_a_checked_sp_match_the_interpreter() {
    let cases = jit_cases();
    let mut rng = Rng(0x7370_7265_6163_6801);
    for case in 0..cases {
        let (isa, regs) = isa_of(case);
        let (mut code, size) = entry_head(&mut rng);
        for _ in 0..1 + rng.below(3) {
            chunk(&mut rng, regs, size, &mut code);
        }
        code.push(Inst::Ebreak);
        let p = program_of(isa, &code, size, vec![]);
        let module = Arc::new(Module::new(&p).unwrap());
        let mut init: Vec<u32> = (0..32).map(|_| rng.next() as u32).collect();
        // sp for an entry past the windows' own settings: near either end of
        // memory, to the byte.
        init[2] = match rng.below(3) {
            0 => size - rng.below(128) as u32,
            1 => rng.below(64) as u32,
            _ => init[2],
        };
        // From the start or anywhere (dynamic entries check too).
        random_entry_matches(&mut rng, case, &p, &module, &code, regs, &init, &[]);
    }
}

#[test]
fn the_checks_cover_exactly_the_bytes_of_the_wanted_accesses() {
    // A slot store left out over two accesses through sp, at -8 (four bytes)
    // and 4 (four bytes): the wanted bytes are sp - 8 .. sp + 8.
    let window = [
        reg(RegOp::Xor, 11, 11, 5),
        reg(RegOp::Add, 5, 5, 11),
        Inst::Store {
            op: StoreOp::Sw,
            rs1: SP,
            rs2: 6,
            offset: -8,
        },
        Inst::Load {
            op: LoadOp::Lw,
            rd: 7,
            rs1: SP,
            offset: 4,
        },
        imm(ImmOp::Addi, 11, 11, 1),
        reg(RegOp::Add, 5, 5, 11),
        Inst::Ebreak,
    ];
    for size in [0x100u32, 0x1000] {
        // The last byte at the top of memory and one past it, the first at 0
        // and one below it, and their neighbours.
        let edges = (size - 10..=size - 6).chain(6..=10);
        for sp in edges {
            let mut code = vec![Inst::Jalr {
                rd: 0,
                rs1: 1,
                offset: 0,
            }];
            code.extend(constant(SP, sp));
            code.extend(window);
            let p = program_of(Isa::Rv32em, &code, size, vec![]);
            let module = Arc::new(Module::new(&p).unwrap());
            // Through the site after the write of sp, or entering the window
            // with sp already set (its dynamic entry checks).
            for target in [0x404, 0x40c] {
                let setup = |m: &mut Machine| {
                    for r in 3..16 {
                        m.set_reg(r, 0x0101_0101 * r as u32);
                    }
                    m.set_reg(SP, sp);
                    m.set_reg(1, target);
                };
                let pinnings: [&[u8]; 1] = [&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]];
                let what = || format!("memory {size:#x}, sp {sp:#x}, entry {target:#x}");
                assert_native_matches(&p, &module, 1000, &pinnings, &mut Continue, setup, what);
            }
        }
    }
}
