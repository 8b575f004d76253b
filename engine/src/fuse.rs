//! Superinstructions: the compiler's multi-instruction idioms and hot pairs as one op.
//!
//! Runs last when a [`crate::module::Module`] is built, over the lowered op array.
//! Design and invariants:
//!
//! * A fused op replaces only the op of the first instruction of its sequence; the
//!   other ops stay where they are, so the op array keeps its layout, the entry
//!   table (dynamic jumps into the middle of a sequence run the original ops from
//!   there), trap pcs and tracing see the original code.
//! * A sequence lies inside one basic block (no leader after its first instruction),
//!   so the block's single charge already paid for all of it: gas is unchanged.
//! * An idiom op is matched exactly, register by register, against a sequence the
//!   compiler emits (`compiler/src/func/int64.rs`): i64 add, sub and mul
//!   ([`Op::Add64`], [`Op::Sub64`], [`Op::Mul64`]), the rotate of a register pair by
//!   a constant ([`Op::Rot64`]) or by a register ([`Op::RotV64`]), the i32 rotate
//!   by a constant ([`Op::Rot32`]), a 32-bit constant plus a register
//!   ([`Op::LiAdd`], the address of a global) and two constants in a row
//!   ([`Op::LiLi`], an i64 constant; its second pair is read in place); and the
//!   shorter sequences `compiler/src/func/zx64.rs` emits for i64 values whose high
//!   word is known zero, which the general ones above no longer match: an add with
//!   its carry into the high word ([`Op::Add64Z`]) or as the high word
//!   ([`Op::AddCarry`]), and the 64-bit product of two words ([`Op::MulWide`]); the
//!   i64 not in its earlier four-instruction form ([`Op::Not64`]). It carries all
//!   of its operands; none of them can trap. Its handler reads each source
//!   register once and writes the results in the sequence's order, computing in
//!   between in host registers (a value written to the register file and read
//!   back by the next step waited for the store: xxHash's i64 multiply ran 20%
//!   faster). So a sequence is fused only when none of its steps reads a register
//!   an earlier step wrote, where that would differ (each recogniser says which
//!   overlaps it refuses); `Op::Not64` alone still runs its steps on the file
//!   (done like the others, it moved the interpreter loop's layout: sieve,
//!   which never runs it, 7% slower).
//! * The compiler's `br_table` dispatch (`slli`, `auipc`, `add`, `jalr` into its
//!   table of `jal`s, `compiler/src/func/control.rs`) is [`Op::BrTable`]: the
//!   three register steps, the `jalr` exactly as its own op runs it (its link,
//!   fault pc and entry charge), then, when it entered a `jal`'s op, that jump
//!   too: a bytecode interpreter's dispatch in one host dispatch instead of five.
//! * A compare-and-branch pair ([`Op::AddiBgeu`], [`Op::SltiuBne`], ...) is an ALU
//!   instruction and the conditional branch that ends its block; the branch runs
//!   from its in-place op, paying its target or fall-through block as it would alone.
//! * The two words of an i64 `xor`, `and` or not (`xori -1`) are one pair op
//!   ([`Op::XorXor`], [`Op::AndAnd`], [`Op::XoriXori`]): keccak dispatched 10%
//!   fewer ops with them.
//! * Two passes over the result chain fused ops across a block's end
//!   (`fuse_chain.rs`): a `bgeu` or `bltu` ending its block runs the next block's
//!   first op when that is a byte access or a `br_table` dispatch
//!   ([`Op::BgeuLbu`], [`Op::BgeuTable`], [`Op::Bltu2Lbu`], ...); an address computation
//!   ([`Op::LiAdd`]: a static table at an index; [`Op::SlliAdd`]: an array
//!   element) right before a bounds-checked access also runs that access
//!   ([`Op::LiAddChk`], [`Op::SlliAddChk`]), reading it in place.
//! * A pair op reads its second op from the array at run time and runs only the
//!   first instruction when that op is not the expected one.
//! * A select hammock (the compiler's `select`: a branch over a block of one
//!   `addi`, two for an i64, to the block after it) becomes [`Op::Select`] in
//!   place of the branch:
//!   both outcomes continue at the target, the move is a conditional move and the
//!   one or two block charges one subtraction, so no host branch depends on the
//!   guest's condition. Such a branch is never the second op of a pair.
//!
//! Which sequences are fused comes from dynamic instruction counts of the eight
//! workloads of `bench/peers` (bench/README.md, "Engine").

use crate::op::{Op, SINK};

#[path = "fuse_chain.rs"]
mod chain;
#[cfg(test)]
#[path = "fuse_tests.rs"]
mod tests;

/// Longest idiom, in instructions.
const IDIOM_MAX: usize = 10;

/// The idiom `ops` (the rest of a block, at most [`IDIOM_MAX`] ops) starts with, as
/// one op and the number of instructions it covers.
/// Every idiom starts with a different op, so the first op picks the one matcher
/// to try (this runs once per instruction on every load).
#[inline]
fn idiom(ops: &[Op]) -> Option<(Op, usize)> {
    match ops.first()? {
        Op::Slli { .. } => rot64(ops)
            .map(|op| (op, 6))
            .or_else(|| rot32(ops).map(|op| (op, 3)))
            .or_else(|| br_table(ops).map(|op| (op, 4))),
        Op::Xori { .. } => rotv64(ops).map(|op| (op, 10)),
        Op::Mul { .. } => mul64(ops).map(|op| (op, 6)),
        Op::Mulhu { .. } => mul_wide(ops).map(|op| (op, 2)),
        Op::Add { .. } => add64(ops).map(|op| (op, 4)).or_else(|| add_carry(ops)),
        Op::Sltu { .. } => sub64(ops).map(|op| (op, 4)),
        Op::Li { .. } => li_add(ops).or_else(|| li_li(ops)),
        Op::Addi { .. } => not64(ops).map(|op| (op, 4)),
        _ => None,
    }
}

/// `lui rd, hi` (+ `addi rd, rd, lo`) + `add rd, rs1, rd` or `add rd, rd, rs1`.
fn li_add(ops: &[Op]) -> Option<(Op, usize)> {
    let (rd, imm, skip) = match *ops {
        [Op::Li { rd, imm }, Op::Addi {
            rd: d,
            rs1: s,
            imm: lo,
        }, ..]
            if d == rd && s == rd =>
        {
            (rd, imm.wrapping_add(lo as u32), 2)
        }
        [Op::Li { rd, imm }, ..] => (rd, imm, 1),
        _ => return None,
    };
    // The other source is not `rd` (the handler reads it once, not the
    // constant just written).
    let rs1 = match *ops.get(skip)? {
        Op::Add { rd: d, rs1, rs2 } if d == rd && rs2 == rd && rs1 != rd => rs1,
        Op::Add { rd: d, rs1, rs2 } if d == rd && rs1 == rd && rs2 != rd => rs2,
        _ => return None,
    };
    let op = Op::LiAdd {
        rd,
        rs1,
        skip: skip as u8,
        imm,
    };
    Some((op, skip + 1))
}

/// `lui a, h1; addi a, a, l1; lui b, h2; addi b, b, l2`: two 32-bit constants.
fn li_li(ops: &[Op]) -> Option<(Op, usize)> {
    let is_pair = |li: Op, addi: Op| match (li, addi) {
        (Op::Li { rd, .. }, Op::Addi { rd: d, rs1, .. }) => d == rd && rs1 == rd,
        _ => false,
    };
    match *ops {
        [Op::Li { rd, imm }, lo @ Op::Addi { imm: l, .. }, li2, addi2, ..]
            if is_pair(ops[0], lo) && is_pair(li2, addi2) =>
        {
            let imm = imm.wrapping_add(l as u32);
            Some((Op::LiLi { rd, imm }, 4))
        }
        _ => None,
    }
}

/// `slli nh, hi, k; srli t, lo, 32 - k; or nh, nh, t; slli lo, lo, k;
/// srli t, hi, 32 - k; or lo, lo, t` (k in 1..=31).
fn rot64(ops: &[Op]) -> Option<Op> {
    use Op::{Or, Slli, Srli};
    let [Slli {
        rd: nh,
        rs1: hi,
        imm: k,
    }, Srli {
        rd: t,
        rs1: lo,
        imm: r,
    }, or1, slli, srli, or2, ..] = *ops
    else {
        return None;
    };
    let ok = (1..32).contains(&k)
        && r == 32 - k
        && or1
            == (Or {
                rd: nh,
                rs1: nh,
                rs2: t,
            })
        && slli
            == (Slli {
                rd: lo,
                rs1: lo,
                imm: k,
            })
        && srli
            == (Srli {
                rd: t,
                rs1: hi,
                imm: r,
            })
        && or2
            == (Or {
                rd: lo,
                rs1: lo,
                rs2: t,
            });
    // Distinct registers: the handler reads `hi` and `lo` once.
    let distinct = nh != hi && nh != lo && nh != t && hi != lo && hi != t && lo != t;
    let k = k as u8;
    (ok && distinct).then_some(Op::Rot64 { nh, hi, lo, t, k })
}

/// `slli t, a, k; srli d, a, 32 - k; or d, d, t` (k in 1..=31).
fn rot32(ops: &[Op]) -> Option<Op> {
    let [Op::Slli {
        rd: t,
        rs1: a,
        imm: k,
    }, Op::Srli {
        rd: d,
        rs1: a2,
        imm: r,
    }, or, ..] = *ops
    else {
        return None;
    };
    let ok = (1..32).contains(&k)
        && r == 32 - k
        && a2 == a
        && or
            == (Op::Or {
                rd: d,
                rs1: d,
                rs2: t,
            });
    // The handler reads `a` once: `t` is neither `a` (read after `t`'s write)
    // nor `d` (the `or` reads `t` after `d`'s write).
    let k = k as u8;
    (ok && t != a && t != d).then_some(Op::Rot32 { d, a, t, k })
}

/// `slli t, idx, 2; li u, imm; add t, t, u; jalr x0, 12(t)`: the compiler's
/// `br_table` dispatch (`compiler/src/func/control.rs`), its `auipc` lowered to a
/// constant. The handler reads `idx` once, before writing `t` and `u`, as the
/// `slli` does; `t != u` (else the `add` would read the constant twice).
fn br_table(ops: &[Op]) -> Option<Op> {
    let [Op::Slli {
        rd: t,
        rs1: idx,
        imm: 2,
    }, Op::Li { rd: u, imm }, add, jalr, ..] = *ops
    else {
        return None;
    };
    let ok = t != u
        && add
            == (Op::Add {
                rd: t,
                rs1: t,
                rs2: u,
            })
        && jalr
            == (Op::Jalr {
                rd: SINK,
                rs1: t,
                imm: 12,
            });
    ok.then_some(Op::BrTable { t, idx, u, imm })
}

/// `xori x, s, 31; sll a, h, s; srli t, l, 1; srl t, t, x; or a, a, t; sll l, l, s;
/// srli t, h, 1; srl t, t, x; or l, l, t; addi h, a, 0` (an i64 rotate by a register).
fn rotv64(ops: &[Op]) -> Option<Op> {
    use Op::{Addi, Or, Sll, Srl, Srli, Xori};
    let [Xori {
        rd: x,
        rs1: s,
        imm: 31,
    }, Sll { rd: a, rs1: h, rs2 }, Srli {
        rd: t,
        rs1: l,
        imm: 1,
    }, ..] = *ops
    else {
        return None;
    };
    let want = [
        Srl {
            rd: t,
            rs1: t,
            rs2: x,
        },
        Or {
            rd: a,
            rs1: a,
            rs2: t,
        },
        Sll {
            rd: l,
            rs1: l,
            rs2: s,
        },
        Srli {
            rd: t,
            rs1: h,
            imm: 1,
        },
        Srl {
            rd: t,
            rs1: t,
            rs2: x,
        },
        Or {
            rd: l,
            rs1: l,
            rs2: t,
        },
        Addi {
            rd: h,
            rs1: a,
            imm: 0,
        },
    ];
    let ok = rs2 == s && ops.get(3..10) == Some(&want[..]);
    // Six distinct registers: the handler reads `s`, `h` and `l` once.
    let regs = [x, s, a, h, t, l];
    let distinct = (0..6).all(|i| !regs[i + 1..].contains(&regs[i]));
    (ok && distinct).then_some(Op::RotV64 { x, s, a, h, t, l })
}

/// `mul t0, al, bh; mul t1, ah, bl; add t0, t0, t1; mulhu t1, al, bl;
/// add dh, t0, t1; mul al, al, bl`.
fn mul64(ops: &[Op]) -> Option<Op> {
    use Op::{Add, Mul, Mulhu};
    let [Mul {
        rd: t0,
        rs1: al,
        rs2: bh,
    }, Mul {
        rd: t1,
        rs1: ah,
        rs2: bl,
    }, sum, high, Add {
        rd: dh,
        rs1: d1,
        rs2: d2,
    }, low, ..] = *ops
    else {
        return None;
    };
    let ok =
        sum == (Add {
            rd: t0,
            rs1: t0,
            rs2: t1,
        }) && high
            == (Mulhu {
                rd: t1,
                rs1: al,
                rs2: bl,
            })
            && (d1, d2) == (t0, t1)
            && low
                == (Mul {
                    rd: al,
                    rs1: al,
                    rs2: bl,
                });
    // No step reads a register an earlier step wrote (the handler reads the
    // sources once): `ah` after `t0`'s write, `al` and `bl` after all of them.
    let once = t0 != t1 && ah != t0 && ![t0, t1, dh].contains(&al) && ![t0, t1, dh].contains(&bl);
    (ok && once).then_some(Op::Mul64 {
        t0,
        t1,
        al,
        ah,
        bl,
        bh,
        dh,
    })
}

/// `add dl, al, bl; sltu t, dl, bl; add dh, ah, bh; add dh, dh, t`.
fn add64(ops: &[Op]) -> Option<Op> {
    use Op::{Add, Sltu};
    let [Add {
        rd: dl,
        rs1: al,
        rs2: bl,
    }, Sltu {
        rd: t,
        rs1: c1,
        rs2: c2,
    }, Add {
        rd: dh,
        rs1: ah,
        rs2: bh,
    }, carry, ..] = *ops
    else {
        return None;
    };
    let ok = (c1, c2) == (dl, bl)
        && carry
            == (Add {
                rd: dh,
                rs1: dh,
                rs2: t,
            });
    // No step reads a register an earlier step wrote (the handler reads the
    // sources once): `bl` after `dl`'s write, `ah` and `bh` after `dl`'s and
    // `t`'s, `t` after `dh`'s.
    let once = dl != bl && ![dl, t].contains(&ah) && ![dl, t].contains(&bh) && t != dh;
    (ok && once).then_some(Op::Add64 {
        dl,
        al,
        bl,
        t,
        dh,
        ah,
        bh,
    })
}

/// `add dl, al, bl; sltu t, dl, bl`, then `add dh, ah, t` if it follows: the
/// compiler's i64 add of a value with a zero high word (`compiler/src/func/zx64.rs`),
/// whose high word is the carry (two instructions) or the carry plus `ah` (three).
fn add_carry(ops: &[Op]) -> Option<(Op, usize)> {
    use Op::{Add, Sltu};
    let [Add {
        rd: dl,
        rs1: al,
        rs2: bl,
    }, Sltu {
        rd: t,
        rs1: c1,
        rs2: c2,
    }, ..] = *ops
    else {
        return None;
    };
    // The handlers read the sources once: `bl` after `dl`'s write, `ah` after
    // `dl`'s and `t`'s.
    if (c1, c2) != (dl, bl) || dl == bl {
        return None;
    }
    match ops.get(2) {
        Some(&Add {
            rd: dh,
            rs1: ah,
            rs2,
        }) if rs2 == t && ah != dl && ah != t => Some((
            Op::Add64Z {
                dl,
                al,
                bl,
                t,
                dh,
                ah,
            },
            3,
        )),
        _ => Some((Op::AddCarry { dl, al, bl, t }, 2)),
    }
}

/// `mulhu h, a, b; mul l, a, b`: the compiler's i64 mul of two values whose high
/// words are known zero.
fn mul_wide(ops: &[Op]) -> Option<Op> {
    let [Op::Mulhu {
        rd: h,
        rs1: a,
        rs2: b,
    }, Op::Mul {
        rd: l,
        rs1: a2,
        rs2: b2,
    }, ..] = *ops
    else {
        return None;
    };
    // `h` is neither source: the handler reads them once.
    ((a2, b2) == (a, b) && h != a && h != b).then_some(Op::MulWide { h, a, b, l })
}

/// `addi t, x0, -1; xor a, b, t; addi t, x0, -1; xor c, d, t`: the compiler's i64
/// not (`x ^ -1` on both words).
fn not64(ops: &[Op]) -> Option<Op> {
    let ones = |op: Op| match op {
        Op::Addi {
            rd,
            rs1: 0,
            imm: -1,
        } => Some(rd),
        _ => None,
    };
    let [first, Op::Xor { rd: a, rs1: b, rs2 }, second, Op::Xor {
        rd: c,
        rs1: d,
        rs2: rs2b,
    }, ..] = *ops
    else {
        return None;
    };
    let t = ones(first)?;
    let ok = ones(second) == Some(t) && rs2 == t && rs2b == t;
    ok.then_some(Op::Not64 { t, a, b, c, d })
}

/// `sltu t, al, bl; sub dl, al, bl; sub dh, ah, bh; sub dh, dh, t`.
fn sub64(ops: &[Op]) -> Option<Op> {
    use Op::{Sltu, Sub};
    let [Sltu {
        rd: t,
        rs1: al,
        rs2: bl,
    }, Sub {
        rd: dl,
        rs1: s1,
        rs2: s2,
    }, Sub {
        rd: dh,
        rs1: ah,
        rs2: bh,
    }, borrow, ..] = *ops
    else {
        return None;
    };
    let ok = (s1, s2) == (al, bl)
        && borrow
            == (Sub {
                rd: dh,
                rs1: dh,
                rs2: t,
            });
    // No step reads a register an earlier step wrote (the handler reads the
    // sources once): `al`, `bl` after `t`'s write, `ah`, `bh` after `t`'s and
    // `dl`'s, `t` after `dl`'s and `dh`'s.
    let once = ![al, bl, dl, dh].contains(&t) && ![t, dl].contains(&ah) && ![t, dl].contains(&bh);
    (ok && once).then_some(Op::Sub64 {
        t,
        al,
        bl,
        dl,
        dh,
        ah,
        bh,
    })
}

/// A select hammock at op `at`: a conditional branch ending its block, over a
/// block of one or two `addi`s (its charge, the `addi`s, the next block's
/// charge), to the block right after it. Returns the [`Op::Select`] that replaces
/// the branch and the number of moves.
fn select(ops: &[Op], at: usize) -> Option<(Op, usize)> {
    let (rs1, rs2, target, cond) = match *ops.get(at)? {
        Op::Beq { rs1, rs2, target } => (rs1, rs2, target, 0b000),
        Op::Bne { rs1, rs2, target } => (rs1, rs2, target, 0b001),
        Op::Bltu { rs1, rs2, target } => (rs1, rs2, target, 0b010),
        Op::Bgeu { rs1, rs2, target } => (rs1, rs2, target, 0b011),
        Op::Blt { rs1, rs2, target } => (rs1, rs2, target, 0b110),
        Op::Bge { rs1, rs2, target } => (rs1, rs2, target, 0b111),
        _ => return None,
    };
    // One move (an i32 select) or two (an i64 one) in their own block.
    let moves = match (ops.get(at + 1..at + 4)?, ops.get(at + 4)) {
        ([Op::Charge { .. }, Op::Addi { .. }, Op::Charge { .. }], _)
            if target as usize == at + 4 =>
        {
            1
        }
        ([Op::Charge { .. }, Op::Addi { .. }, Op::Addi { .. }], Some(Op::Charge { .. }))
            if target as usize == at + 5 =>
        {
            2
        }
        _ => return None,
    };
    let op = Op::Select {
        rs1,
        rs2,
        cond,
        target,
    };
    Some((op, moves))
}

/// Replaces the op of the first instruction of each compiler idiom (see [`idiom`])
/// and of each hot pair (two consecutive instructions of one block, the second not a
/// leader) with a fused op. Sequences do not overlap, so every op after the first of
/// a sequence is always an original one.
///
/// A bounds check (`addi` + `bltu`) also absorbs the `lw`/`sw` its fall-through block
/// starts with, when that block is entered only by falling through (it is not a
/// static target or the entry): the op pays the block's charge exactly as the branch
/// would, so gas, out-of-gas and fault pcs are unchanged. That access may itself start
/// a pair (the two words of an i64); the checked access then runs both.
///
/// The loop walks the op array itself: every block starts with an [`Op::Charge`],
/// which no idiom or pair accepts at any position, so no sequence can cross a block
/// boundary and the leader table is not needed; `i` counts instructions alongside.
pub(crate) fn fuse(is_target: &[bool], ops: &mut [Op]) {
    let n = is_target.len();
    let mut i = 0;
    let mut at = 0;
    while at + 1 < ops.len() {
        if let Op::Charge { .. } = ops[at] {
            at += 1;
            continue;
        }
        // The last instruction of a block (its next op is a charge) starts
        // nothing but a select hammock.
        if let Some((op, moves)) = select(ops, at) {
            // The moves stay plain `addi`s (the select reads them): on to the
            // target block's charge.
            ops[at] = op;
            at += 2 + moves;
            i += 1 + moves;
            continue;
        }
        if let Op::Charge { .. } = ops[at + 1] {
            at += 1;
            i += 1;
            continue;
        }
        let room = (ops.len() - at).min(IDIOM_MAX);
        if let Some((op, width)) = idiom(&ops[at..at + room]) {
            ops[at] = op;
            i += width;
            at += width;
            continue;
        }
        // A bounds check (`addi` + `bltu`) starting at the next instruction outranks
        // any pair starting here: it also absorbs the access it guards.
        if matches!(
            ops.get(at + 1..at + 3),
            Some([Op::Addi { .. }, Op::Bltu { .. }])
        ) {
            i += 1;
            at += 1;
            continue;
        }
        // A select's branch is not paired with the instruction before it: the
        // select runs both outcomes without a branch (see `select`).
        if select(ops, at + 1).is_some() {
            i += 1;
            at += 1;
            continue;
        }
        let fused = match (ops[at], ops[at + 1]) {
            (
                Op::Li { rd, imm },
                Op::Addi {
                    rd: d2,
                    rs1,
                    imm: lo,
                },
            ) if rd == d2 && rd == rs1 => Some(Op::LiPair {
                rd,
                imm: imm.wrapping_add(lo as u32),
            }),
            (Op::Addi { rd, rs1, imm }, Op::Bltu { .. }) => {
                // The fall-through block's first op is at + 3 (after its charge).
                let after = (i + 2 < n && !is_target[i + 2]).then(|| ops[at + 3]);
                Some(match after {
                    Some(Op::Lw { .. }) => Op::ChkLw { rd, rs1, imm },
                    Some(Op::Sw { .. }) => Op::ChkSw { rd, rs1, imm },
                    _ => Op::AddiBltu { rd, rs1, imm },
                })
            }
            (Op::Addi { rd, rs1, imm }, Op::Bgeu { .. }) => Some(Op::AddiBgeu { rd, rs1, imm }),
            (Op::Addi { rd, rs1, imm }, Op::Bne { .. }) => Some(Op::AddiBne { rd, rs1, imm }),
            (Op::Addi { rd, rs1, imm }, Op::Beq { .. }) => Some(Op::AddiBeq { rd, rs1, imm }),
            (Op::Sltiu { rd, rs1, imm }, Op::Bne { .. }) => Some(Op::SltiuBne { rd, rs1, imm }),
            (Op::Sltiu { rd, rs1, imm }, Op::Beq { .. }) => Some(Op::SltiuBeq { rd, rs1, imm }),
            (Op::Xori { rd, rs1, imm }, Op::Bne { .. }) => Some(Op::XoriBne { rd, rs1, imm }),
            (Op::Xori { rd, rs1, imm }, Op::Beq { .. }) => Some(Op::XoriBeq { rd, rs1, imm }),
            (Op::Andi { rd, rs1, imm }, Op::Bne { .. }) => Some(Op::AndiBne { rd, rs1, imm }),
            (Op::Andi { rd, rs1, imm }, Op::Beq { .. }) => Some(Op::AndiBeq { rd, rs1, imm }),
            (Op::Add { rd, rs1, rs2 }, Op::Bltu { .. }) => Some(Op::AddBltu { rd, rs1, rs2 }),
            (Op::Addi { rd, rs1, imm }, Op::Addi { .. }) => Some(Op::AddiAddi { rd, rs1, imm }),
            (Op::Xor { rd, rs1, rs2 }, Op::Xor { .. }) => Some(Op::XorXor { rd, rs1, rs2 }),
            (Op::And { rd, rs1, rs2 }, Op::And { .. }) => Some(Op::AndAnd { rd, rs1, rs2 }),
            (Op::Xori { rd, rs1, imm }, Op::Xori { .. }) => Some(Op::XoriXori { rd, rs1, imm }),
            (Op::Lw { rd, rs1, imm }, Op::Lw { .. }) => Some(Op::LwLw { rd, rs1, imm }),
            (Op::Sw { rs1, rs2, imm }, Op::Sw { .. }) => Some(Op::SwSw { rs1, rs2, imm }),
            (Op::Add { rd, rs1, rs2 }, Op::Addi { .. }) => Some(Op::AddAddi { rd, rs1, rs2 }),
            (Op::Sw { rs1, rs2, imm }, Op::Addi { .. }) => Some(Op::SwAddi { rs1, rs2, imm }),
            (Op::Lw { rd, rs1, imm }, Op::Addi { .. }) => Some(Op::LwAddi { rd, rs1, imm }),
            (Op::Lw { rd, rs1, imm }, Op::Xor { .. }) => Some(Op::LwXor { rd, rs1, imm }),
            (Op::Slli { rd, rs1, imm }, Op::Add { .. }) => Some(Op::SlliAdd { rd, rs1, imm }),
            _ => None,
        };
        match fused {
            Some(op) => {
                ops[at] = op;
                i += 2;
                at += 2;
            }
            None => {
                i += 1;
                at += 1;
            }
        }
    }
    chain::branch_next(ops);
    chain::checked_access(ops);
}
