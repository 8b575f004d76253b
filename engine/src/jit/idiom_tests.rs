//! Random programs made of the fused idioms (exact, and near misses that must not
//! fuse), entered dynamically at every instruction, under random pinnings, against
//! the interpreter: registers, pc, gas and memory must be equal.

use super::test_support::{imm, random_programs_match_the_interpreter, reg, rotl64, Rng};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, RegOp};

/// One idiom with random registers (distinct most of the time) and amount, or a
/// plain instruction; sometimes one instruction of the idiom is disturbed.
fn chunk(rng: &mut Rng, regs: u64, out: &mut Vec<Inst>) {
    // Half of the chunks draw from six registers: overlaps become common.
    let pool = if rng.below(2) == 0 { 6 } else { regs - 1 };
    let r = |rng: &mut Rng| 1 + rng.below(pool) as u8;
    let (a, b, c, d) = (r(rng), r(rng), r(rng), r(rng));
    let k = 1 + rng.below(31) as i32;
    let start = out.len();
    match rng.below(13) {
        0 => {
            out.push(Inst::Lui {
                rd: a,
                imm: (rng.next() as u32) & 0xffff_f000,
            });
            if rng.below(3) != 0 {
                out.push(imm(ImmOp::Addi, a, a, rng.below(4096) as i32 - 2048));
            }
            // Added into its own register (from either side, `b` sometimes `a`,
            // x0 sometimes), or left as it is.
            let s = if rng.below(6) == 0 { 0 } else { b };
            match rng.below(3) {
                0 => out.push(reg(RegOp::Add, a, s, a)),
                1 => out.push(reg(RegOp::Add, a, a, s)),
                _ => {}
            }
        }
        1 | 2 => out.extend(rotl64(a, b, c, d, k)),
        3 => out.extend([
            imm(ImmOp::Srli, c, b, 32 - k),
            imm(ImmOp::Slli, a, a, k),
            reg(RegOp::Or, a, a, c),
            imm(ImmOp::Slli, b, b, k),
        ]),
        4 | 5 => {
            // Low and high words, in place half of the time, from few registers
            // so that overlaps (fused or rejected) are common.
            let (al, ah, bl, bh, t) = (a, b, c, d, r(rng));
            let (dl, dh) = if rng.below(2) == 0 {
                (al, ah)
            } else {
                (r(rng), r(rng))
            };
            let (op, rev) = if rng.below(2) == 0 {
                (RegOp::Add, false)
            } else {
                (RegOp::Sub, true)
            };
            let low = reg(op, dl, al, bl);
            if rev {
                out.extend([reg(RegOp::Sltu, t, al, bl), low]);
            } else {
                out.extend([low, reg(RegOp::Sltu, t, dl, bl)]);
            }
            if !rev && rng.below(3) == 0 {
                // The zero-high form: the carry added to `ah` (either order);
                // `t` then overwritten, read, or left.
                let (x, y) = if rng.below(2) == 0 { (ah, t) } else { (t, ah) };
                out.push(reg(op, dh, x, y));
                match rng.below(3) {
                    0 => out.push(imm(ImmOp::Addi, t, bh, 1)),
                    1 => out.push(reg(RegOp::Xor, bh, t, bh)),
                    _ => {}
                }
            } else {
                out.extend([reg(op, dh, ah, bh), reg(op, dh, dh, t)]);
            }
        }
        6 => out.extend([
            imm(ImmOp::Slli, c, b, 32 - k),
            imm(ImmOp::Srli, a, a, k),
            reg(RegOp::Or, a, a, c),
            imm([ImmOp::Srli, ImmOp::Srai][rng.below(2) as usize], b, b, k),
        ]),
        7 => {
            // x = a, rb = b, h = c, l = d; scratch t0, t1.
            let (t0, t1) = (r(rng), r(rng));
            out.extend([
                imm(ImmOp::Xori, a, b, 31),
                reg(RegOp::Sll, t1, c, b),
                imm(ImmOp::Srli, t0, d, 1),
                reg(RegOp::Srl, t0, t0, a),
                reg(RegOp::Or, t1, t1, t0),
                reg(RegOp::Sll, d, d, b),
                imm(ImmOp::Srli, t0, c, 1),
                reg(RegOp::Srl, t0, t0, a),
                reg(RegOp::Or, d, d, t0),
            ]);
        }
        8 => out.push(Inst::Ecall),
        9 | 10 => rot32_then(rng, r, (a, b, c), k, out),
        11 => count_below(rng, r, (a, b, d), out),
        _ => out.push(reg(RegOp::Add, a, b, c)),
    }
    if rng.below(8) == 0 && out.len() > start + 1 {
        // A near miss: one instruction replaced (wrong amount or register), or a
        // branch making the middle a leader.
        let at = start + rng.below((out.len() - start) as u64) as usize;
        out[at] = match rng.below(3) {
            0 => imm(ImmOp::Srli, d, b, 31 - k.min(30)),
            1 => Inst::Branch {
                op: BranchOp::Bne,
                rs1: a,
                rs2: b,
                offset: 4,
            },
            _ => reg(RegOp::Or, a, a, a),
        };
    }
}

/// The i32 rotate: `t = a`, source `b`, `d = c` (often `b`); then `t` is
/// overwritten (dead), read, or left to what follows, and `d` is read at once,
/// after up to five instructions that do not touch it (which may keep it in
/// rcx, see `Tr::scratch_for`, or not), or not at all.
fn rot32_then(
    rng: &mut Rng,
    r: impl Fn(&mut Rng) -> u8,
    (a, b, c): (u8, u8, u8),
    k: i32,
    out: &mut Vec<Inst>,
) {
    let d = if rng.below(2) == 0 { b } else { c };
    out.extend([
        imm(ImmOp::Slli, a, b, k),
        imm(ImmOp::Srli, d, b, 32 - k),
        reg(RegOp::Or, d, d, a),
    ]);
    match rng.below(4) {
        0 => out.push(reg(RegOp::Add, a, c, d)),
        1 => out.push(reg(RegOp::Xor, c, a, d)),
        2 => {
            for _ in 0..rng.below(6) {
                let (x, y) = (r(rng), r(rng));
                if x != d {
                    out.push(reg(RegOp::Add, x, y, y));
                }
            }
            out.push(reg(RegOp::Xor, a, a, d));
        }
        _ => {}
    }
}

/// A count of comparisons: `t = a <u b` (`t` sometimes `a`), `c += t` (`c`
/// sometimes `b`, from either side); then `t` overwritten (dead), read, or left
/// to what follows.
fn count_below(
    rng: &mut Rng,
    r: impl Fn(&mut Rng) -> u8,
    (a, b, d): (u8, u8, u8),
    out: &mut Vec<Inst>,
) {
    let t = if rng.below(4) == 0 { a } else { r(rng) };
    let c = if rng.below(4) == 0 { b } else { d };
    out.push(reg(RegOp::Sltu, t, a, b));
    out.push(if rng.below(2) == 0 {
        reg(RegOp::Add, c, c, t)
    } else {
        reg(RegOp::Add, c, t, c)
    });
    match rng.below(3) {
        0 => out.push(reg(RegOp::Xor, t, c, b)),
        1 => out.push(reg(RegOp::Add, a, t, c)),
        _ => {}
    }
}

#[test]
fn random_idioms_match_the_interpreter_at_every_entry() {
    random_programs_match_the_interpreter(0x1d10_5eed_0000_0007, &[5, 20, 1000], chunk);
}

#[test]
fn the_i32_rotate_is_recognised_with_a_distinct_scratch_only() {
    use super::idiom::recognised_len;
    let rot = |t, a, d, k| {
        [
            imm(ImmOp::Slli, t, a, k),
            imm(ImmOp::Srli, d, a, 32 - k),
            reg(RegOp::Or, d, d, t),
        ]
    };
    assert_eq!(recognised_len(&rot(5, 6, 6, 7)), Some(3));
    assert_eq!(recognised_len(&rot(5, 6, 7, 31)), Some(3));
    // The scratch is the source or the destination; a wrong amount.
    assert_eq!(recognised_len(&rot(6, 6, 7, 7)), None);
    assert_eq!(recognised_len(&rot(5, 6, 5, 7)), None);
    let mut wrong = rot(5, 6, 6, 7);
    wrong[1] = imm(ImmOp::Srli, 6, 6, 24);
    assert_eq!(recognised_len(&wrong), None);
}

#[test]
fn a_constant_plus_a_register_is_recognised_into_the_constants_register_only() {
    use super::idiom::recognised_len;
    let lui = Inst::Lui {
        rd: 9,
        imm: 0x0010_0000,
    };
    let lo = imm(ImmOp::Addi, 9, 9, 288);
    assert_eq!(
        recognised_len(&[lui, lo, reg(RegOp::Add, 9, 7, 9)]),
        Some(3)
    );
    assert_eq!(recognised_len(&[lui, reg(RegOp::Add, 9, 9, 7)]), Some(2));
    // Into another register (the constant stays observable), the constant added
    // to itself, or another op: the constant alone, or nothing.
    assert_eq!(
        recognised_len(&[lui, lo, reg(RegOp::Add, 8, 7, 9)]),
        Some(2)
    );
    assert_eq!(recognised_len(&[lui, reg(RegOp::Add, 9, 9, 9)]), None);
    assert_eq!(recognised_len(&[lui, reg(RegOp::Sub, 9, 7, 9)]), None);
}
