//! xxHash rounds (see `mul_chain`): random multiplies by a constant, loads of
//! an accumulator through `sp` (inside memory, at its edges, or faulting), the
//! add of that pair into the product and a rotate of the sum, with registers
//! that overlap, near misses of every condition, and then instructions that
//! read, overwrite or may observe the group's registers. Entered at random
//! instructions with random gas under random pinnings, on both memory kinds,
//! against the interpreter: registers, pc, gas, dirty pages and memory equal.

use super::mul_chain::recognise;
use super::mul_tests::{constant, mul64};
use super::test_support::{
    entry_head, imm, isa_of, jit_cases, lw, program_of, random_entry_matches, reg, rotl64, Rng,
};
use crate::module::Module;
use rivet_format::program::DataSegment;
use rivet_format::rv32::{ImmOp, Inst, RegOp};
use std::sync::Arc;

/// The stack pointer.
const SP: u8 = 2;

/// The compiler's i64 add `(dl, dh) += (bl, bh)` with carry register `t`.
fn add64(dl: u8, dh: u8, bl: u8, bh: u8, t: u8) -> [Inst; 4] {
    [
        reg(RegOp::Add, dl, dl, bl),
        reg(RegOp::Sltu, t, dl, bl),
        reg(RegOp::Add, dh, dh, bh),
        reg(RegOp::Add, dh, dh, t),
    ]
}

/// One round (or a near miss of one) of hash64's shape, registers drawn from
/// `r`, after `sp` is set to `sp`.
fn round(rng: &mut Rng, sp: u32, r: &dyn Fn(&mut Rng) -> u8, code: &mut Vec<Inst>) -> bool {
    code.extend(constant(SP, sp));
    let [lo, hi, bl, bh, tp, x, y, nh, rt] = [(); 9].map(|_| r(rng));
    let c = rng.next();
    let from = code.len();
    code.extend(constant(bl, c as u32));
    code.extend(constant(bh, (c >> 32) as u32));
    // The compiler's shape (t0 = dh = bh, dl = lo) most of the time.
    let (t0, dh, dl) = if rng.below(4) != 0 {
        (bh, bh, lo)
    } else {
        (r(rng), r(rng), r(rng))
    };
    code.extend(mul64(lo, hi, bl, bh, t0, tp, dh, dl));
    // The accumulator: loaded from adjacent slots (either order), from
    // others, one word only, or already in registers.
    let off = rng.below(24) as i32 * 4 - 48;
    let (al, ah) = if rng.below(8) == 0 { (x, x) } else { (x, y) };
    match rng.below(5) {
        0 => code.extend([lw(al, SP, off), lw(ah, SP, off + 4)]),
        1 => code.extend([lw(ah, SP, off + 4), lw(al, SP, off)]),
        2 => code.extend([lw(al, SP, off), lw(ah, SP, off + 8)]),
        3 => code.push(lw(ah, SP, off)),
        _ => {}
    }
    // Sometimes the add's sources are the product itself (not fused).
    let (bl2, bh2) = match rng.below(8) {
        0 => (dl, ah),
        1 => (al, dh),
        _ => (al, ah),
    };
    let t = if rng.below(4) != 0 { tp } else { r(rng) };
    code.extend(add64(dl, dh, bl2, bh2, t));
    if rng.below(4) != 0 {
        let k = 1 + rng.below(31) as i32;
        let (hi2, lo2) = if rng.below(8) == 0 {
            (dl, dh)
        } else {
            (dh, dl)
        };
        code.extend(rotl64(nh, hi2, lo2, rt, k));
    }
    // Then something that reads, overwrites or may observe the scratch
    // registers (a load through sp may fault).
    for _ in 0..rng.below(3) {
        let v = r(rng);
        code.push(match rng.below(5) {
            0 => reg(RegOp::Add, v, t, rt),
            1 => imm(ImmOp::Addi, dh, v, 1),
            2 => lw(v, SP, rng.below(16) as i32 * 4 - 32),
            3 => reg(RegOp::Sub, v, t0, al),
            _ => reg(RegOp::Xor, t, tp, dh),
        });
    }
    recognise(&code[from..]).is_some()
}

#[test]
fn random_rounds_match_the_interpreter() {
    let cases = jit_cases();
    let mut rng = Rng(0x7878_6836_3472_6e64);
    let mut recognised = 0;
    for case in 0..cases {
        let (isa, regs) = isa_of(case);
        let (mut code, size) = entry_head(&mut rng);
        // Few registers in some programs (overlaps are common), all in others.
        let pool = if rng.below(2) == 0 { 6 } else { regs - 3 };
        let r = move |rng: &mut Rng| 3 + rng.below(pool) as u8;
        for _ in 0..1 + rng.below(3) {
            // sp inside memory with room for the slots, at its edges, or
            // anywhere (the loads fault).
            let sp = match rng.below(4) {
                0 | 1 => (64 + rng.below(size as u64 - 128) as u32) & !3,
                2 => size - rng.below(64) as u32,
                _ => rng.next() as u32,
            };
            recognised += round(&mut rng, sp, &r, &mut code) as u32;
        }
        code.push(Inst::Ebreak);
        if rng.below(3) == 0 {
            // A `jal` linking into sp (never run): no access through sp is
            // proven in this module (see `stack`), so no round fuses.
            code.push(Inst::Jal { rd: SP, offset: 0 });
        }
        // Memory of random words: a word loaded from the wrong slot shows.
        let bytes = (0..size).map(|_| rng.next() as u8).collect();
        let p = program_of(isa, &code, size, vec![DataSegment { addr: 0, bytes }]);
        let module = Arc::new(Module::new(&p).unwrap());
        let init: Vec<u32> = (0..32).map(|_| rng.next() as u32).collect();
        let all: Vec<u8> = (1..regs as u8).collect();
        random_entry_matches(&mut rng, case, &p, &module, &code, regs, &init, &[&all]);
    }
    assert!(recognised > cases / 5, "{recognised} of {cases}");
}

#[test]
fn recognises_hash64s_round_and_not_its_near_misses() {
    // hash64's: lo = t2 (7), input high word a4 (14), constants a5 (15) / a2
    // (12), product high word built in a2, accumulator loaded into a4/a5,
    // rotated into a3 (13) through tp (4).
    let mut code = constant(15, 0x27d4_eb4f).to_vec();
    code.extend(constant(12, 0xc2b2_ae3d));
    code.extend(mul64(7, 14, 15, 12, 12, 5, 12, 7));
    let head = code.len();
    code.extend([lw(14, SP, -40), lw(15, SP, -36)]);
    code.extend(add64(7, 12, 14, 15, 5));
    code.extend(rotl64(13, 12, 7, 4, 31));
    let ch = recognise(&code).unwrap();
    assert_eq!(ch.len(), code.len());
    assert_eq!(ch.loads, [Some((14, -40)), Some((15, -36))]);
    assert_eq!((ch.b, ch.t, ch.rot), ((14, 15), 5, Some((13, 4, 31))));
    // No rotate: the group ends with the add.
    assert_eq!(
        recognise(&code[..code.len() - 6]).unwrap().len(),
        code.len() - 6
    );
    // A load into the product's register, an add of the product's own word,
    // a subtract, a rotate of another pair: no round (or no rotate in it).
    let mut bad = code.clone();
    bad[head] = lw(7, SP, -40);
    assert_eq!(recognise(&bad), None);
    let mut bad = code.clone();
    bad[head + 2..head + 6].copy_from_slice(&add64(7, 12, 14, 12, 5));
    assert_eq!(recognise(&bad), None);
    let mut bad = code.clone();
    bad[head + 2] = reg(RegOp::Sub, 7, 7, 14);
    assert_eq!(recognise(&bad), None);
    let mut bad = code.clone();
    bad[head + 6..].copy_from_slice(&rotl64(13, 12, 9, 4, 31));
    assert_eq!(recognise(&bad).unwrap().rot, None);
}
