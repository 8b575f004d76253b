//! Random programs around the compiler's i64 multiply (exact, with overlapping
//! registers, and near misses), followed by instructions that overwrite, read or
//! may observe its scratch registers (a load that may fault, a block end),
//! entered dynamically at every instruction, under random pinnings, against the
//! interpreter: registers, pc, gas, dirty pages and memory must be equal.

use super::mul::{recognise, recognise_by_constant, recognise_wide};
use super::test_support::{addi, assert_native_matches, program_of, reg, Rng};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, Inst, LoadOp, RegOp};
use std::sync::Arc;

struct Continue;

impl Host for Continue {
    type Error = ();
    fn ecall(&mut self, _: &mut Machine) -> Result<Control, ()> {
        Ok(Control::Continue)
    }
}

/// The compiler's multiply of (lo, hi) by (bl, bh) into (dl, dh).
#[allow(clippy::too_many_arguments)]
pub(super) fn mul64(lo: u8, hi: u8, bl: u8, bh: u8, t0: u8, tp: u8, dh: u8, dl: u8) -> [Inst; 6] {
    [
        reg(RegOp::Mul, t0, lo, bh),
        reg(RegOp::Mul, tp, hi, bl),
        reg(RegOp::Add, t0, t0, tp),
        reg(RegOp::Mulhu, tp, lo, bl),
        reg(RegOp::Add, dh, t0, tp),
        reg(RegOp::Mul, dl, lo, bl),
    ]
}

/// `lui rd, ...; addi rd, rd, ...` setting `rd` to `value`.
pub(super) fn constant(rd: u8, value: u32) -> [Inst; 2] {
    let lo = (value as i32) << 20 >> 20;
    let hi = value.wrapping_sub(lo as u32);
    [Inst::Lui { rd, imm: hi }, addi(rd, rd, lo)]
}

#[test]
fn recognises_a_multiply_by_a_constant_in_either_order() {
    let mul = mul64(7, 12, 13, 14, 5, 4, 12, 7);
    let c = 0x9e37_79b1_85eb_ca87u64;
    let by = |r1, v1, r2, v2| {
        let mut code = constant(r1, v1).to_vec();
        code.extend(constant(r2, v2));
        code.extend(mul);
        recognise_by_constant(&code).map(|(_, b)| b)
    };
    assert_eq!(by(13, c as u32, 14, (c >> 32) as u32), Some(c));
    assert_eq!(by(14, (c >> 32) as u32, 13, c as u32), Some(c));
    // Not the multiply's b registers, or b is one of its sources.
    assert_eq!(by(13, 1, 9, 2), None);
    let mut code = constant(7, 1).to_vec();
    code.extend(constant(14, 2));
    code.extend(mul64(7, 12, 7, 14, 5, 4, 12, 9));
    assert_eq!(recognise_by_constant(&code), None);
}

#[test]
fn recognises_the_sequence_with_safe_overlaps_only() {
    // hash64's: lo = t2, hi = dh = a2, bl = a3, bh = a4, dl = lo.
    let m = recognise(&mul64(7, 12, 13, 14, 5, 4, 12, 7)).unwrap();
    assert_eq!((m.lo, m.hi, m.dh, m.dl, m.t0, m.tp), (7, 12, 12, 7, 5, 4));
    // t0 = hi (read after t0 is written), dh = bl, a scratch as destination.
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 12, 4, 12, 7)), None);
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 5, 4, 13, 7)), None);
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 5, 4, 12, 5)), None);
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 5, 4, 12, 7)[..5]), None);
    // The compiler's shape: the high word built in bh (t0 = dh = bh), tp = t0
    // the register.
    let m = recognise(&mul64(7, 12, 13, 14, 14, 5, 14, 7)).unwrap();
    assert_eq!((m.t0, m.tp, m.dh, m.dl), (14, 5, 14, 7));
    // ... but dh must still differ from tp and from dl.
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 14, 5, 5, 7)), None);
    assert_eq!(recognise(&mul64(7, 12, 13, 14, 14, 5, 14, 14)), None);
}

#[test]
fn random_multiplies_match_the_interpreter_at_every_entry() {
    let mut rng = Rng(0x6d75_6c36_3400_0001);
    let (mut fused_like, mut by_constant, mut cases) = (0, 0, 0);
    for case in 0..300 {
        let regs = 16u64;
        let mut code = vec![Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }];
        for _ in 0..1 + rng.below(3) {
            // Few registers: overlaps (accepted or not) are common.
            let pool = if rng.below(2) == 0 { 8 } else { regs - 2 };
            let r = |rng: &mut Rng| 2 + rng.below(pool) as u8;
            let [lo, hi, bl, bh, t0, tp, d1, d2] = [(); 8].map(|_| r(&mut rng));
            let dh = if rng.below(2) == 0 { hi } else { d1 };
            let dl = if rng.below(2) == 0 { lo } else { d2 };
            // A third of them in the compiler's shape: the high word built in bh.
            let (t0, dh) = if rng.below(3) == 0 {
                (bh, bh)
            } else {
                (t0, dh)
            };
            let seq = mul64(lo, hi, bl, bh, t0, tp, dh, dl);
            fused_like += recognise(&seq).is_some() as u32;
            if rng.below(2) == 0 {
                // A multiply by a constant (in either order, sometimes into
                // other registers).
                let (c1, c2) = (rng.next() as u32, rng.next() as u32);
                let (r1, r2) = if rng.below(4) == 0 {
                    (r(&mut rng), bh)
                } else {
                    (bl, bh)
                };
                let (r1, r2) = if rng.below(2) == 0 {
                    (r1, r2)
                } else {
                    (r2, r1)
                };
                let start = code.len();
                code.extend(constant(r1, c1));
                code.extend(constant(r2, c2));
                code.extend(seq);
                by_constant += recognise_by_constant(&code[start..]).is_some() as u32;
            } else {
                code.extend(seq);
            }
            // Then what follows decides whether t0 and tp are dead.
            for _ in 0..rng.below(4) {
                let x = 2 + rng.below(regs - 2) as u8;
                code.push(match rng.below(6) {
                    0 => reg(RegOp::Add, t0, x, x),
                    1 => reg(RegOp::Sub, tp, x, 2),
                    2 => reg(RegOp::Xor, x, t0, tp),
                    3 => Inst::Load {
                        op: LoadOp::Lw,
                        rd: x,
                        rs1: 2,
                        offset: 0,
                    },
                    4 => Inst::Branch {
                        op: BranchOp::Bne,
                        rs1: x,
                        rs2: 0,
                        offset: 4,
                    },
                    _ => reg(RegOp::Add, t0, tp, x),
                });
            }
        }
        code.push(Inst::Ebreak);
        // The loads fault or not, depending on x2.
        let x2 = if rng.below(2) == 0 { 0x40 } else { 0x1000 };
        let all: &[u8] = &[2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        cases += at_every_entry(&mut rng, case, &code, Some(x2), all, |rng| {
            rng.below(regs) as u8
        });
    }
    assert!(
        fused_like > 100 && by_constant > 30 && cases > 1000,
        "{fused_like} {by_constant} {cases}"
    );
}

#[test]
fn recognises_a_product_of_two_words_only_when_the_mul_reads_the_same_sources() {
    let wide = |h, a, b, l, a2, b2| {
        recognise_wide(&[reg(RegOp::Mulhu, h, a, b), reg(RegOp::Mul, l, a2, b2)])
    };
    // bignum's: one word times another, the low word into one of them.
    assert_eq!(wide(9, 7, 8, 7, 7, 8), Some((9, 7, 8, 7)));
    assert_eq!(wide(9, 7, 8, 9, 7, 8), Some((9, 7, 8, 9)));
    // h overwrites a source the mul reads, other sources, x0.
    assert_eq!(wide(7, 7, 8, 9, 7, 8), None);
    assert_eq!(wide(9, 7, 8, 10, 8, 7), None);
    assert_eq!(wide(9, 7, 0, 10, 7, 0), None);
}

#[test]
fn random_wide_products_match_the_interpreter_at_every_entry() {
    let mut rng = Rng(0x7769_6465_0000_0001);
    let (mut fused_like, mut cases) = (0, 0);
    for case in 0..200 {
        let mut code = vec![Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }];
        for _ in 0..1 + rng.below(3) {
            // Few registers: h = l, l = a or b, h = a (no fusion) are common.
            let r = |rng: &mut Rng| 3 + rng.below(5) as u8;
            let [h, a, b, l, x] = [(); 5].map(|_| r(&mut rng));
            // Mostly the same sources in the mul, sometimes swapped or another.
            let (a2, b2) = match rng.below(6) {
                0 => (b, a),
                1 => (a, x),
                _ => (a, b),
            };
            let seq = [reg(RegOp::Mulhu, h, a, b), reg(RegOp::Mul, l, a2, b2)];
            fused_like += recognise_wide(&seq).is_some() as u32;
            if rng.below(2) == 0 {
                // A source just computed: unpinned, rcx mirrors it.
                let rd = [a, b][rng.below(2) as usize];
                code.push(reg(RegOp::Add, rd, rd, x));
            }
            code.extend(seq);
            if rng.below(2) == 0 {
                code.push(reg(RegOp::Add, x, h, l));
            }
        }
        code.push(Inst::Ebreak);
        let all: &[u8] = &[3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        cases += at_every_entry(&mut rng, case, &code, None, all, |rng| {
            3 + rng.below(8) as u8
        });
    }
    assert!(fused_like > 100 && cases > 500, "{fused_like} {cases}");
}

/// Runs `code` (its first instruction a `jalr` to x1) entered at each later
/// instruction, from random registers (x2 = `x2` when given), with 2, 3 or
/// 1000 gas, under a random pinning of `pin()` registers, none, and `all`,
/// against the interpreter. Returns the number of entries.
fn at_every_entry(
    rng: &mut Rng,
    case: usize,
    code: &[Inst],
    x2: Option<u32>,
    all: &[u8],
    pin: impl Fn(&mut Rng) -> u8,
) -> usize {
    let p = program_of(Isa::Rv32em, code, 0x100, vec![]);
    let module = Arc::new(Module::new(&p).unwrap());
    let init: Vec<u32> = (0..16).map(|_| rng.next() as u32).collect();
    for entry in 1..code.len() {
        let gas = [2, 3, 1000][rng.below(3) as usize];
        let target = 0x400 + 4 * entry as u32;
        let setup = |m: &mut Machine| {
            for r in 3..16u8 {
                m.set_reg(r, init[r as usize]);
            }
            if let Some(x2) = x2 {
                m.set_reg(2, x2);
            }
            m.set_reg(1, target);
        };
        let pins: Vec<u8> = (0..rng.below(13)).map(|_| pin(rng)).collect();
        let pinnings = [&pins[..], &[], all];
        let what = || {
            let code: Vec<_> = code.iter().map(|i| i.to_string()).collect();
            format!("case {case}, entry {target:#x}, code {code:?}")
        };
        assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, what);
    }
    code.len() - 1
}
