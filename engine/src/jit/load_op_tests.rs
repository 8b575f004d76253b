//! Frame loads folded into their consumer (see `load_op`): random programs
//! that set `sp` (inside memory, at its top edge, near 0 where negative
//! offsets wrap, anywhere), then runs of `lw t, imm(sp)` and an ALU
//! instruction reading `t` (every op and operand order, the destination `t`
//! itself, the other operand, or another register, pinned or in its slot),
//! followed by what decides whether `t` may be left out: an overwrite by an
//! ALU instruction or another frame load (dead), a read, an access that may
//! fault, an `ecall`, a branch, the end. Some loads fault, so the check
//! before them must send those runs to the interpreter. Entered at random
//! instructions (into the middle of a pair too) with random gas, under
//! random pinnings, on both memory kinds, against the interpreter.

use super::load_op::worth_folding;
use super::mul_tests::constant;
use super::test_support::{assert_native_matches, imm, lw, program_of, reg, sw, Continue, Rng};
use crate::machine::Machine;
use crate::module::Module;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, RegOp};
use std::sync::Arc;

/// The stack pointer.
const SP: u8 = 2;

/// A register for a pair: usually one of 3 to 10 (pinned by the first
/// pinning), sometimes an unpinned one, gp (x3) or sp.
fn any(rng: &mut Rng, regs: u64) -> u8 {
    match rng.below(8) {
        0 => 11 + rng.below(regs - 11) as u8,
        1 => [SP, 3][rng.below(2) as usize],
        _ => 4 + rng.below(7) as u8,
    }
}

/// A frame load into `t` and an ALU instruction reading it; its offset from
/// `sp` (when that is near the memory's ends, `size` bytes) is sometimes one
/// whose bytes end at the top of memory or start at 0, to the byte.
fn pair(rng: &mut Rng, regs: u64, t: u8, (sp, size): (u32, u32), code: &mut Vec<Inst>) {
    let a = any(rng, regs);
    let d = match rng.below(4) {
        0 => t,
        1 => a,
        _ => any(rng, regs),
    };
    let near = |edge: i64| (-2047..2045).contains(&edge).then_some(edge as i32);
    let top = near(size as i64 - 4 - sp as i64);
    let bottom = near(-(sp as i64));
    let offset = match (rng.below(3), top, bottom) {
        (0, Some(o), _) | (1, _, Some(o)) => o + rng.below(3) as i32 - 1,
        _ => {
            let offset = rng.below(128) as i32 - 64;
            if rng.below(4) == 0 {
                offset
            } else {
                offset & !3
            }
        }
    };
    code.push(lw(t, SP, offset));
    let op = [RegOp::Add, RegOp::And, RegOp::Or, RegOp::Xor, RegOp::Sub][rng.below(5) as usize];
    code.push(match rng.below(3) {
        0 => reg(op, d, t, a),
        1 => reg(op, d, a, t),
        // x0 as the other operand: no fold.
        _ => reg(op, d, 0, t),
    });
}

/// What follows a pair: an overwrite of `t` (which lets it be left out) or
/// something that sees it.
fn after(rng: &mut Rng, regs: u64, t: u8, frame: (u32, u32), code: &mut Vec<Inst>) {
    let other = 4 + rng.below(7) as u8;
    match rng.below(10) {
        0 => code.push(imm(ImmOp::Addi, t, other, 5)),
        1 => code.push(lw(t, SP, 4 * rng.below(8) as i32 - 16)),
        // Accesses through sp before the overwrite: they cannot fault.
        2 => code.extend([
            sw(SP, other, -8),
            lw(other, SP, 12),
            imm(ImmOp::Xori, t, other, -1),
        ]),
        // Seen: a read, an access that may fault (x8 holds anything), the block's end.
        3 => code.push(reg(RegOp::Add, other, other, t)),
        4 => code.extend([lw(other, 8, 0), imm(ImmOp::Addi, t, 0, 1)]),
        5 => code.push(Inst::Ecall),
        6 => code.extend([
            Inst::Branch {
                op: BranchOp::Bne,
                rs1: other,
                rs2: 0,
                offset: 8,
            },
            imm(ImmOp::Addi, other, other, 1),
        ]),
        // sp moves before the overwrite (its check may hand the run over).
        7 => code.extend([imm(ImmOp::Addi, SP, SP, 16), imm(ImmOp::Addi, t, t, 1)]),
        // Another pair through the same t (keccak's runs).
        _ => pair(rng, regs, t, frame, code),
    }
}

/// A value of `sp`: the frame's bytes inside memory (`size` bytes) or at
/// its edges, near 0, anywhere.
fn sp_value(rng: &mut Rng, size: u32) -> u32 {
    match rng.below(5) {
        0 => size - 64 + rng.below(3) as u32 - 1,
        1 => rng.below(0x48) as u32,
        2 => rng.next() as u32,
        _ => 64 + 4 * rng.below((size as u64 - 128) / 4) as u32,
    }
}

#[test]
fn frame_loads_folded_into_their_consumers_match_the_interpreter() {
    let cases: u32 = std::env::var("RIVET_JIT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(1500, |n: u32| n / 4);
    let mut rng = Rng(0x6c6f_6164_6f70_0001);
    for case in 0..cases {
        let (isa, regs) = if case % 2 == 0 {
            (Isa::Rv32em, 16)
        } else {
            (Isa::Rv32im, 20)
        };
        // A page in a guard-page reservation (guarded and checked code), or
        // 256 bytes (checked code only).
        let size = if rng.below(4) == 0 { 0x100 } else { 0x1000 };
        let mut code = vec![Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }];
        for _ in 0..1 + rng.below(2) {
            let sp = sp_value(&mut rng, size);
            code.extend(constant(SP, sp));
            if rng.below(4) == 0 {
                code.push(Inst::Ecall);
            }
            // Enough pairs after one write of sp to be worth folding, mostly.
            let t = any(&mut rng, regs);
            for _ in 0..3 + rng.below(6) {
                pair(&mut rng, regs, t, (sp, size), &mut code);
                after(&mut rng, regs, t, (sp, size), &mut code);
            }
        }
        code.push(Inst::Ebreak);
        let p = program_of(isa, &code, size, vec![]);
        let module = Arc::new(Module::new(&p).unwrap());
        let init: Vec<u32> = (0..32).map(|_| rng.next() as u32).collect();
        // From the start or anywhere (into the middle of a pair too).
        let n = code.len() as u64;
        let at = if rng.below(2) == 0 {
            1 + rng.below(n - 1)
        } else {
            1
        };
        let target = 0x400 + 4 * at as u32;
        let gas = [3, 40, 10_000, 10_000][rng.below(4) as usize];
        let setup = |m: &mut Machine| {
            for r in 2..regs as u8 {
                m.set_reg(r, init[r as usize]);
            }
            m.set_reg(1, target);
        };
        let pins: Vec<u8> = (0..rng.below(11)).map(|_| rng.below(regs) as u8).collect();
        let pinnings: [&[u8]; 3] = [&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], &[], &pins];
        let what = || {
            let code: Vec<_> = code.iter().map(|i| i.to_string()).collect();
            format!("case {case}, entry {target:#x}, gas {gas}, code {code:?}")
        };
        assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, what);
    }
}

/// `sp` set, `pairs` frame loads each with its consumer, a loop back over the
/// last one when `looped`, then the end.
fn stretch(pairs: usize, looped: bool) -> Vec<Inst> {
    let mut code = constant(SP, 0x800).to_vec();
    for k in 0..pairs {
        code.push(lw(4, SP, -4 * k as i32 - 4));
        code.push(reg(RegOp::Xor, 5, 5, 4));
    }
    if looped {
        code.push(Inst::Branch {
            op: BranchOp::Bne,
            rs1: 6,
            rs2: 0,
            offset: -8,
        });
    }
    code.push(Inst::Ebreak);
    code
}

#[test]
fn pairs_are_folded_where_they_outweigh_the_check() {
    let folded = |code: &[Inst]| {
        let p = program_of(Isa::Rv32em, code, 0x1000, vec![]);
        let module = Module::new(&p).unwrap();
        let plan = super::stack::analyse(&module);
        worth_folding(module.insts(), plan.as_ref())
            .iter()
            .filter(|&&f| f)
            .count()
    };
    // Five pairs after a write of sp do not pay for its check; six do; one
    // inside a loop does.
    assert_eq!(folded(&stretch(5, false)), 0);
    assert_eq!(folded(&stretch(6, false)), 6);
    assert_eq!(folded(&stretch(1, true)), 1);
    // A write of sp between them starts a new count.
    let mut code = stretch(3, false);
    code.pop();
    code.push(imm(ImmOp::Addi, SP, SP, -16));
    code.extend(&stretch(3, false)[2..]);
    assert_eq!(folded(&code), 0);
}
