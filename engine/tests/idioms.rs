//! The compiler's i64 idioms fused into one op (`Op::Add64`, `Op::Sub64`,
//! `Op::Mul64`, `Op::Rot64`, `Op::RotV64`, `Op::Rot32`, `Op::LiAdd`, `Op::LiLi`,
//! `Op::Add64Z`, `Op::AddCarry`, `Op::MulWide`, `Op::Not64`) behave exactly like the
//! instructions they replace: results under any register aliasing, gas, tracing, and
//! dynamic entries into the middle of a sequence. So do idioms back to back
//! ([`chain`]), where some handlers run the op after them in the same dispatch. The
//! reference is a small model of the ALU instructions.

mod common;

use common::random::Rng;
use common::{machine, ExitHost, BASE};
use rivet_engine::Machine;
use rivet_format::gas;
use rivet_format::rv32::{ImmOp, Inst, RegOp};

fn r(op: RegOp, rd: u8, rs1: u8, rs2: u8) -> Inst {
    Inst::Reg { op, rd, rs1, rs2 }
}

fn i(op: ImmOp, rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm { op, rd, rs1, imm }
}

/// Number of idiom sequences [`idiom`] builds.
const KINDS: usize = 14;

/// The idiom sequences of `compiler/src/func/int64.rs` on registers `g`.
fn idiom(kind: usize, g: [u8; 7], k: i32) -> Vec<Inst> {
    use RegOp::*;
    let [a, b, c, d, e, f, h] = g;
    match kind {
        // add dl, al, bl; sltu t, dl, bl; add dh, ah, bh; add dh, dh, t
        0 => vec![
            r(Add, a, b, c),
            r(Sltu, d, a, c),
            r(Add, e, f, h),
            r(Add, e, e, d),
        ],
        // sltu t, al, bl; sub dl, al, bl; sub dh, ah, bh; sub dh, dh, t
        1 => vec![
            r(Sltu, d, b, c),
            r(Sub, a, b, c),
            r(Sub, e, f, h),
            r(Sub, e, e, d),
        ],
        // mul t0, al, bh; mul t1, ah, bl; add t0, t0, t1; mulhu t1, al, bl;
        // add dh, t0, t1; mul al, al, bl
        2 => vec![
            r(Mul, a, c, h),
            r(Mul, b, f, d),
            r(Add, a, a, b),
            r(Mulhu, b, c, d),
            r(Add, e, a, b),
            r(Mul, c, c, d),
        ],
        // lui rd, hi; add rd, rs1, rd  /  lui rd, hi; addi rd, rd, lo; add rd, rd, rs1
        4 => vec![
            Inst::Lui {
                rd: a,
                imm: 0x7654_3000,
            },
            r(Add, a, b, a),
        ],
        5 => vec![
            Inst::Lui {
                rd: a,
                imm: 0x8000_1000,
            },
            i(ImmOp::Addi, a, a, -k),
            r(Add, a, a, b),
        ],
        // slli t, a, k; srli d, a, 32-k; or d, d, t (i32 rotate by a constant)
        7 => vec![
            i(ImmOp::Slli, a, b, k),
            i(ImmOp::Srli, c, b, 32 - k),
            r(Or, c, c, a),
        ],
        // xori x, s, 31; sll a, h, s; srli t, l, 1; srl t, t, x; or a, a, t;
        // sll l, l, s; srli t, h, 1; srl t, t, x; or l, l, t; addi h, a, 0
        8 => {
            let (x, s, a, h, t, l) = (a, b, c, d, e, f);
            vec![
                i(ImmOp::Xori, x, s, 31),
                r(Sll, a, h, s),
                i(ImmOp::Srli, t, l, 1),
                r(Srl, t, t, x),
                r(Or, a, a, t),
                r(Sll, l, l, s),
                i(ImmOp::Srli, t, h, 1),
                r(Srl, t, t, x),
                r(Or, l, l, t),
                i(ImmOp::Addi, h, a, 0),
            ]
        }
        // lui a, hi; addi a, a, lo; lui b, hi; addi b, b, lo (an i64 constant)
        9 => vec![
            Inst::Lui {
                rd: a,
                imm: 0x8765_4000,
            },
            i(ImmOp::Addi, a, a, k - 2048),
            Inst::Lui {
                rd: b,
                imm: 0x0123_4000 + ((k as u32) << 12),
            },
            i(ImmOp::Addi, b, b, 2047 - k),
        ],
        // add dl, al, bl; sltu t, dl, bl; add dh, ah, t (zero-extended b)
        10 => vec![r(Add, a, b, c), r(Sltu, d, a, c), r(Add, e, f, d)],
        // add dl, al, bl; sltu dh, dl, bl (both zero-extended)
        11 => vec![r(Add, a, b, c), r(Sltu, d, a, c)],
        // mulhu dh, a, b; mul dl, a, b (both zero-extended)
        12 => vec![r(Mulhu, a, b, c), r(Mul, d, b, c)],
        // addi t, x0, -1; xor a, b, t; addi t, x0, -1; xor c, d, t (an i64 not)
        13 => vec![
            i(ImmOp::Addi, a, 0, -1),
            r(Xor, b, c, a),
            i(ImmOp::Addi, a, 0, -1),
            r(Xor, d, e, a),
        ],
        // slli nh, hi, k; srli t, lo, 32-k; or nh, nh, t; slli lo, lo, k;
        // srli t, hi, 32-k; or lo, lo, t
        _ => vec![
            i(ImmOp::Slli, a, b, k),
            i(ImmOp::Srli, d, c, 32 - k),
            r(Or, a, a, d),
            i(ImmOp::Slli, c, c, k),
            i(ImmOp::Srli, d, b, 32 - k),
            r(Or, c, c, d),
        ],
    }
}

/// Number of sequences [`chain`] builds.
const CHAINS: usize = 5;

/// An idiom and what follows it in the workloads: two constants and the i64 mul, the
/// i64 mul and an i64 add and a rotate, the zero-high mul and an i64 add, the i64
/// not and two `and`s, the i32 rotate and a `xor` (the first, fourth and fifth run
/// in one dispatch). The second part uses the registers of `g` rotated, so its
/// operands differ from the first's.
fn chain(kind: usize, g: [u8; 7], k: i32) -> Vec<Inst> {
    let mut h = g;
    h.rotate_left(3);
    let [a, b, c, d, ..] = h;
    let (first, rest): (usize, Vec<Inst>) = match kind {
        0 => (9, idiom(2, h, k)),
        1 => (2, [idiom(0, h, k), idiom(3, g, k)].concat()),
        2 => (12, idiom(0, h, k)),
        3 => (13, vec![r(RegOp::And, a, b, c), r(RegOp::And, d, d, a)]),
        _ => (7, vec![r(RegOp::Xor, a, b, c)]),
    };
    [idiom(first, g, k), rest].concat()
}

/// Runs one ALU instruction on `regs` (x0 stays zero); returns its gas.
fn model(regs: &mut [u32; 32], inst: &Inst) -> u64 {
    let (rd, v, cost) = match *inst {
        Inst::Reg { op, rd, rs1, rs2 } => {
            let (a, b) = (regs[rs1 as usize], regs[rs2 as usize]);
            let v = match op {
                RegOp::Add => a.wrapping_add(b),
                RegOp::Sub => a.wrapping_sub(b),
                RegOp::Sltu => (a < b) as u32,
                RegOp::Or => a | b,
                RegOp::Xor => a ^ b,
                RegOp::And => a & b,
                RegOp::Sll => a << (b & 31),
                RegOp::Srl => a >> (b & 31),
                RegOp::Mul => a.wrapping_mul(b),
                RegOp::Mulhu => ((a as u64 * b as u64) >> 32) as u32,
                _ => unreachable!("not in an idiom"),
            };
            let cost = match op {
                RegOp::Mul | RegOp::Mulhu => gas::MULTIPLY,
                _ => gas::BASE,
            };
            (rd, v, cost)
        }
        Inst::Imm { op, rd, rs1, imm } => {
            let a = regs[rs1 as usize];
            let v = match op {
                ImmOp::Addi => a.wrapping_add(imm as u32),
                ImmOp::Slli => a << (imm & 31),
                ImmOp::Srli => a >> (imm & 31),
                ImmOp::Xori => a ^ imm as u32,
                _ => unreachable!("not in an idiom"),
            };
            (rd, v, gas::BASE)
        }
        Inst::Lui { rd, imm } => (rd, imm, gas::BASE),
        _ => unreachable!("not in an idiom"),
    };
    if rd != 0 {
        regs[rd as usize] = v;
    }
    cost
}

/// `jalr x0, 0(x15); <seq>; ecall`, entered at instruction `skip` of `seq`.
fn check(seq: &[Inst], init: &[u32; 32], skip: usize) {
    let mut code = vec![Inst::Jalr {
        rd: 0,
        rs1: 15,
        offset: 0,
    }];
    code.extend_from_slice(seq);
    code.push(Inst::Ecall);
    let target = BASE + 4 + 4 * skip as u32;
    let setup = |m: &mut Machine| {
        for (reg, &v) in init.iter().enumerate().skip(1) {
            m.set_reg(reg as u8, v);
        }
        m.set_reg(15, target);
    };
    let mut want = *init;
    want[15] = target;
    let mut cost = gas::CONTROL + gas::ECALL;
    for inst in &seq[skip..] {
        cost += model(&mut want, inst);
    }
    let mut plain = machine(&code, 1000);
    setup(&mut plain);
    plain.run(&mut ExitHost).expect("exits");
    let mut traced = machine(&code, 1000);
    setup(&mut traced);
    let mut pcs = Vec::new();
    traced
        .run_traced(&mut ExitHost, &mut |pc, _| pcs.push(pc))
        .expect("exits");
    let ctx = format!("{seq:?} from {skip} with {init:?}");
    assert_eq!(plain.regs(), want, "{ctx}");
    assert_eq!(traced.regs(), want, "{ctx}");
    assert_eq!(1000 - plain.gas(), cost, "{ctx}");
    assert_eq!(1000 - traced.gas(), cost, "{ctx}");
    let expect_pcs: Vec<u32> = std::iter::once(BASE)
        .chain((skip..=seq.len()).map(|k| BASE + 4 + 4 * k as u32))
        .collect();
    assert_eq!(pcs, expect_pcs, "{ctx}");
}

#[test]
fn each_idiom_with_distinct_registers_is_one_fused_op() {
    for kind in 0..KINDS {
        let code = idiom(kind, [5, 6, 7, 8, 9, 10, 11], 13);
        assert_eq!(machine(&code, 0).module().fused_ops(), 1, "idiom {kind}");
        // Broken by one register: not the idiom any more.
        let mut broken = code.clone();
        // (For lui + addi + add, the addi: a lui + addi pair would still fuse.)
        // (For two constants, the second addi: the first pair still fuses.)
        // (For the i64 add, its third instruction: the add and its carry still fuse.)
        let (at, left) = match kind {
            0 => (2, 1),
            5 => (1, 0),
            9 => (3, 1),
            _ => (2.min(code.len() - 1), 0),
        };
        match (kind, &mut broken[at]) {
            // Their last destination is free: break a source of the second instead.
            (10..=12, _) => {
                if let Inst::Reg { rs2, .. } = &mut broken[1] {
                    *rs2 = 12;
                }
            }
            (_, Inst::Reg { rd, .. } | Inst::Imm { rd, .. }) => *rd = 12,
            _ => {}
        }
        assert_eq!(
            machine(&broken, 0).module().fused_ops(),
            left,
            "idiom {kind}"
        );
    }
}

/// Random register values, with many edge values (all ones, 0, 1, 2).
fn random_regs(rng: &mut Rng) -> [u32; 32] {
    let mut init = [0u32; 32];
    for v in init.iter_mut().skip(1) {
        *v = match rng.below(4) {
            0 => u32::MAX,
            1 => rng.below(3) as u32,
            _ => rng.u32(),
        };
    }
    init
}

#[test]
fn idioms_match_the_instructions_under_aliasing_and_dynamic_entries() {
    let mut rng = Rng(0x1d10_3a5e);
    for case in 0..3000 {
        let kind = case % KINDS;
        // Few registers, so that many of them coincide (x0 included).
        let g: [u8; 7] = std::array::from_fn(|_| rng.below(7) as u8);
        let k = 1 + rng.below(31) as i32;
        let seq = idiom(kind, g, k);
        let init = random_regs(&mut rng);
        check(&seq, &init, rng.below(seq.len() as u64 + 1) as usize);
    }
}

#[test]
fn each_chain_with_distinct_registers_fuses_each_idiom() {
    // Idioms in the chain; the second part's two `and`s are one pair op (an
    // i64 and's words), its `xor` stays a plain op.
    let idioms = [2, 3, 2, 2, 1];
    for (kind, &want) in idioms.iter().enumerate() {
        let code = chain(kind, [5, 6, 7, 8, 9, 10, 11], 13);
        let fused = machine(&code, 0).module().fused_ops();
        assert_eq!(fused, want, "chain {kind}");
    }
}

#[test]
fn chained_idioms_match_the_instructions_under_aliasing_and_dynamic_entries() {
    let mut rng = Rng(0xc4a1_2ed5);
    for case in 0..3000 {
        let kind = case % CHAINS;
        let g: [u8; 7] = std::array::from_fn(|_| rng.below(7) as u8);
        let k = 1 + rng.below(31) as i32;
        let seq = chain(kind, g, k);
        let init = random_regs(&mut rng);
        check(&seq, &init, rng.below(seq.len() as u64 + 1) as usize);
    }
}
