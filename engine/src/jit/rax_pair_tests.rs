//! A 64-bit value left in `rax` by one fused group for the next (see
//! `rax_pair`): an i64 rotate whose result a multiply by a constant reads,
//! with instructions between them that keep the pair (stores, writes of other
//! registers, a load that may fault) or replace a word of it, and a second
//! multiply reading the first one's result; entered at every instruction, on
//! both memory kinds, with store bases that succeed, fault, or wrap past 2^32
//! into memory (a guarded store's redo), under pinnings with the pair's
//! registers pinned or not, against the interpreter.

use super::mul::recognise_by_constant;
use super::mul_tests::{constant, mul64};
use super::test_support::{addi, assert_native_matches, lw, program_of, rotl64, sw, Continue, Rng};
use crate::machine::Machine;
use crate::module::Module;
use rivet_format::program::{DataSegment, Isa, Program};
use rivet_format::rv32::{BranchOp, Inst};
use std::sync::Arc;

/// Registers: the pair (LO, HI) rotated into (LO, NH); stores through BASE.
const BASE: u8 = 8;
const LO: u8 = 9;
const HI: u8 = 10;
const NH: u8 = 11;
const T: u8 = 12;
const BL: u8 = 13;
const BH: u8 = 14;
const TP: u8 = 5;
const OTHER: u8 = 15;

/// What lies between the rotate and the multiply.
fn middle(variant: u64) -> Vec<Inst> {
    match variant {
        0 => vec![],
        1 => vec![sw(BASE, LO, 0), sw(BASE, NH, 4)],
        2 => vec![sw(BASE, NH, 4), addi(OTHER, OTHER, 7)],
        3 => vec![sw(BASE, LO, 0), addi(NH, NH, 1)],
        4 => vec![lw(OTHER, BASE, 0)],
        5 => vec![lw(LO, BASE, 4)],
        _ => vec![addi(LO, OTHER, 3), sw(BASE, LO, 4)],
    }
}

/// `jalr x0, 0(x1)` (the dynamic entry), the rotate, `middle`, a multiply of
/// (LO, NH) by a constant into (LO, BH), and with `second` a store and a
/// multiply of that result by another constant into (LO, NH).
fn program(k: i32, variant: u64, second: bool, c: [u64; 2]) -> Vec<Inst> {
    let mut code = vec![Inst::Jalr {
        rd: 0,
        rs1: 1,
        offset: 0,
    }];
    code.extend(rotl64(NH, HI, LO, T, k));
    code.extend(middle(variant));
    let first = code.len();
    code.extend(constant(BL, c[0] as u32));
    code.extend(constant(BH, (c[0] >> 32) as u32));
    code.extend(mul64(LO, NH, BL, BH, BH, TP, BH, LO));
    assert!(recognise_by_constant(&code[first..]).is_some());
    if second {
        code.push(sw(BASE, BH, 8));
        let next = code.len();
        code.extend(constant(T, c[1] as u32));
        code.extend(constant(NH, (c[1] >> 32) as u32));
        code.extend(mul64(LO, BH, T, NH, NH, TP, NH, LO));
        assert!(recognise_by_constant(&code[next..]).is_some());
    }
    // TP's last value stays observable to the end (the multiply computes it).
    code.push(Inst::Ebreak);
    code
}

/// Runs `p` entered at every instruction after its first, from registers
/// `init` (x3 and up) with guest register `base` set to `value`, with the gas
/// `gas` picks, under the two pinnings `pinned`, one of mostly other registers
/// and a random one of x`low` and up, against the interpreter; `label` names
/// the case in a failure. Returns the number of entries.
#[allow(clippy::too_many_arguments)]
fn at_every_entry(
    rng: &mut Rng,
    p: &Program,
    module: &Arc<Module>,
    code: &[Inst],
    (base, value): (u8, u32),
    gas: impl Fn(&mut Rng) -> u64,
    pinned: [&[u8]; 2],
    low: u8,
    label: &str,
) -> usize {
    let init: Vec<u32> = (0..16).map(|_| rng.next() as u32).collect();
    for entry in 1..code.len() {
        let target = 0x400 + 4 * entry as u32;
        let setup = |m: &mut Machine| {
            for r in 3..16u8 {
                m.set_reg(r, init[r as usize]);
            }
            m.set_reg(base, value);
            m.set_reg(1, target);
        };
        let random: Vec<u8> = (0..rng.below(13))
            .map(|_| low + rng.below(16 - low as u64) as u8)
            .collect();
        let pinnings: [&[u8]; 4] = [
            pinned[0],
            pinned[1],
            &[NH, BH, T, TP, OTHER, BL, 3, 4, 6, 7],
            &random,
        ];
        let what = || {
            let code: Vec<_> = code.iter().map(|i| i.to_string()).collect();
            format!("{label}, entry {entry}, code {code:?}")
        };
        let gas = gas(rng);
        assert_native_matches(p, module, gas, &pinnings, &mut Continue, setup, what);
    }
    code.len() - 1
}

#[test]
fn a_pair_left_in_rax_matches_the_interpreter_at_every_entry() {
    let mut rng = Rng(0x7261_7870_6169_7201);
    let mut cases = 0;
    for case in 0..56 {
        let (variant, second) = (case % 7, case / 7 % 2 == 1);
        let k = 1 + rng.below(31) as i32;
        let c = [rng.next() | 1, rng.next()];
        let code = program(k, variant, second, c);
        // Memory of random words (a load reads no zero), below both sizes.
        let bytes: Vec<u8> = (0..0x2800 / 8)
            .flat_map(|_| rng.next().to_le_bytes())
            .collect();
        let data = vec![DataSegment { addr: 0, bytes }];
        for size in [0x3000u32, 0x2804] {
            let p = program_of(Isa::Rv32em, &code, size, data.clone());
            let module = Arc::new(Module::new(&p).unwrap());
            // In memory, the last word of it (the stores at 4 and 8 fault), past
            // it, and 4 below 2^32 (the store at 4 wraps to 0: a guarded redo).
            for base in [0x100, size - 4, size, 0xffff_fffc] {
                let label = format!("variant {variant}, size {size:#x}, base {base:#x}");
                cases += at_every_entry(
                    &mut rng,
                    &p,
                    &module,
                    &code,
                    (BASE, base),
                    |_| 10_000,
                    [&[LO, NH], &[LO, NH, BH, HI, BASE]],
                    3,
                    &label,
                );
            }
        }
    }
    assert!(cases > 2000, "{cases}");
}

/// The stack pointer.
const SP: u8 = 2;

/// The pair's stores through `sp` after the rotate: adjacent in either order
/// (one 64-bit store), apart, the words swapped, one register twice, the
/// second one a jump target (from before or from a loop after), or adjacent
/// and read back.
fn frame_stores(variant: u64, off: i32) -> Vec<Inst> {
    match variant {
        0 => vec![sw(SP, LO, off), sw(SP, NH, off + 4)],
        1 => vec![sw(SP, NH, off + 4), sw(SP, LO, off)],
        2 => vec![sw(SP, LO, off), sw(SP, NH, off + 8)],
        3 => vec![sw(SP, NH, off), sw(SP, LO, off + 4)],
        4 => vec![sw(SP, LO, off), sw(SP, LO, off + 4)],
        // A jump to the second store (a leader between them).
        5 => vec![
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 0,
                rs2: 0,
                offset: 8,
            },
            sw(SP, LO, off),
            sw(SP, NH, off + 4),
        ],
        // A loop back to the second store (a leader between them) that runs
        // until the gas is out.
        6 => vec![
            sw(SP, LO, off),
            sw(SP, NH, off + 4),
            addi(OTHER, OTHER, 1),
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 0,
                rs2: 0,
                offset: -8,
            },
        ],
        _ => vec![
            sw(SP, LO, off),
            sw(SP, NH, off + 4),
            lw(OTHER, SP, off + 2),
            lw(T, SP, off + 4),
        ],
    }
}

#[test]
fn a_pair_stored_to_adjacent_frame_slots_matches_the_interpreter_at_every_entry() {
    let mut rng = Rng(0x7261_7870_6169_7202);
    let mut cases = 0;
    for case in 0..64 {
        let variant = case % 8;
        let k = 1 + rng.below(31) as i32;
        let off = rng.below(16) as i32 * 4 - 32;
        let size = if case % 16 < 8 { 0x3000u32 } else { 0x2804 };
        // sp with room for the slots, at the top edge (the stores fault), near
        // 0 (negative offsets wrap), anywhere.
        let sp = match rng.below(4) {
            0 | 1 => 0x100 + rng.below(0x100) as u32 * 4,
            2 => size - rng.below(40) as u32,
            _ => rng.next() as u32,
        };
        let mut code = vec![Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }];
        code.extend(constant(SP, sp));
        code.extend(rotl64(NH, HI, LO, T, k));
        code.extend(frame_stores(variant, off));
        let c = rng.next() | 1;
        code.extend(constant(BL, c as u32));
        code.extend(constant(BH, (c >> 32) as u32));
        code.extend(mul64(LO, NH, BL, BH, BH, TP, BH, LO));
        code.push(Inst::Ebreak);
        if case % 32 >= 16 {
            // A `jal` linking into sp (never run): nothing through sp is proven
            // or marked with sp in this module (see `stack`).
            code.push(Inst::Jal { rd: SP, offset: 0 });
        }
        let bytes: Vec<u8> = (0..0x2800 / 8)
            .flat_map(|_| rng.next().to_le_bytes())
            .collect();
        let p = program_of(
            Isa::Rv32em,
            &code,
            size,
            vec![DataSegment { addr: 0, bytes }],
        );
        let module = Arc::new(Module::new(&p).unwrap());
        let label = format!("variant {variant}, size {size:#x}, sp {sp:#x}");
        cases += at_every_entry(
            &mut rng,
            &p,
            &module,
            &code,
            (SP, sp),
            |rng| [3, 12, 10_000][rng.below(3) as usize],
            [&[SP, LO, NH], &[SP, NH, BH, HI, LO, T]],
            2,
            &label,
        );
    }
    assert!(cases > 800, "{cases}");
}
