//! Helpers shared by the recompiler's unit tests: a program built from
//! instructions, and the one comparison they all make: the interpreter's run
//! against native code under several pinnings, on both memory kinds.

use super::build_with_pins;
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use crate::{Trap, TrapKind};
use rivet_format::program::{DataSegment, Isa, Program};
use rivet_format::rv32::{ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::sync::Arc;

/// A run's outcome as the tests compare it.
pub(super) type Outcome = Result<u32, Trap<()>>;

/// `code` at 0x400 (also the entry), `memory_size` bytes of memory holding `data`,
/// the stack at the memory's top rounded down to 16.
pub(super) fn program_of(
    isa: Isa,
    code: &[Inst],
    memory_size: u32,
    data: Vec<DataSegment>,
) -> Program {
    Program {
        isa,
        code_base: 0x400,
        code: code.iter().map(|i| i.encode()).collect(),
        entry: 0x400,
        memory_size,
        stack_top: memory_size & !15,
        data,
    }
}

/// Result, registers, pc, gas and memory after a run (dirty pages: see
/// [`assert_dirty_covers`]).
pub(super) fn observe(m: &Machine, r: &Outcome) -> String {
    format!(
        "{r:?} {:?} {:#x} {} {:?}",
        m.regs(),
        m.pc(),
        m.gas(),
        m.memory().bytes()
    )
}

/// Native code marks every page the interpreter marks, and may mark more: the
/// pages near the values of sp that stores through it could reach (see
/// `super::stack`).
pub(super) fn assert_dirty_covers(native: &Machine, interp: &Machine, what: &dyn Fn() -> String) {
    let marked: Vec<u32> = native.memory().dirty_pages().collect();
    for page in interp.memory().dirty_pages() {
        assert!(
            marked.binary_search(&page).is_ok(),
            "{}: page {page} written but not marked by native code (marked {marked:?})",
            what()
        );
    }
}

/// Runs `p` with `gas` on the interpreter after `setup`, then the native code of
/// every pinning in `pinnings` on both memory kinds ([`super::test_machines`])
/// after the same `setup`, and asserts that each [`observe`]s the same (`what`
/// names the case in the failure). Returns why the interpreter stopped.
pub(super) fn assert_native_matches<H: Host<Error = ()>>(
    p: &Program,
    module: &Arc<Module>,
    gas: u64,
    pinnings: &[&[u8]],
    host: &mut H,
    setup: impl Fn(&mut Machine),
    what: impl Fn() -> String,
) -> Option<TrapKind<()>> {
    let mut slow = Machine::from_program(p, module.clone(), gas).unwrap();
    slow.set_jit(false);
    setup(&mut slow);
    let expected_run = slow.run(host);
    let expected = observe(&slow, &expected_run);
    for pins in pinnings {
        let code = build_with_pins(module, pins).expect("native code");
        for mut fast in super::test_machines(p, module, gas) {
            setup(&mut fast);
            let r = fast.exec_native(Some(&code), host);
            assert_eq!(observe(&fast, &r), expected, "{}, pins {pins:?}", what());
            assert_dirty_covers(&fast, &slow, &what);
        }
    }
    expected_run.err().map(|t| t.kind)
}

/// Runs `p` (whose `code` starts with `jalr x0, 0(x1)`) entered at its second
/// instruction or, half the time, a random later one, with 3, 40 or 10 000 gas,
/// from registers `init` (x2 to x`regs - 1`), under the pinning of x1..x11,
/// each of `also`, none, and a random one, against the interpreter
/// ([`assert_native_matches`]); `case` names the program in a failure.
#[allow(clippy::too_many_arguments)]
pub(super) fn random_entry_matches(
    rng: &mut Rng,
    case: u32,
    p: &Program,
    module: &Arc<Module>,
    code: &[Inst],
    regs: u64,
    init: &[u32],
    also: &[&[u8]],
) {
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
    let pins: Vec<u8> = (0..rng.below(13)).map(|_| rng.below(regs) as u8).collect();
    let mut pinnings: Vec<&[u8]> = vec![&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]];
    pinnings.extend_from_slice(also);
    pinnings.extend([&[][..], &pins[..]]);
    let what = || {
        let code: Vec<_> = code.iter().map(|i| i.to_string()).collect();
        format!("case {case}, entry {target:#x}, gas {gas}, code {code:?}")
    };
    assert_native_matches(p, module, gas, &pinnings, &mut Continue, setup, what);
}

/// The number of random programs a test runs: a quarter of
/// `RIVET_JIT_CASES` when set, else 1500.
pub(super) fn jit_cases() -> u32 {
    std::env::var("RIVET_JIT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(1500, |n: u32| n / 4)
}

/// The ISA of random program `case` and its register count: RV32E and RV32I
/// in turn.
pub(super) fn isa_of(case: u32) -> (Isa, u64) {
    if case.is_multiple_of(2) {
        (Isa::Rv32em, 16)
    } else {
        (Isa::Rv32im, 20)
    }
}

/// The start of a random program: `jalr x0, 0(x1)`, so that x1 picks the
/// instruction it is entered at (a dynamic entry); then a page of memory in a
/// guard-page reservation (guarded and checked code) or 256 bytes (checked
/// code only), as `rng` decides.
pub(super) fn entry_head(rng: &mut Rng) -> (Vec<Inst>, u32) {
    let size = if rng.below(2) == 0 { 0x100 } else { 0x1000 };
    let code = vec![Inst::Jalr {
        rd: 0,
        rs1: 1,
        offset: 0,
    }];
    (code, size)
}

/// xorshift64*: the random tests' deterministic generator (a failing seed reproduces).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    /// The next 64 random bits.
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A register-immediate instruction `op rd, rs1, imm`.
pub(super) fn imm(op: ImmOp, rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm { op, rd, rs1, imm }
}

/// A register-register instruction `op rd, rs1, rs2`.
pub(super) fn reg(op: RegOp, rd: u8, rs1: u8, rs2: u8) -> Inst {
    Inst::Reg { op, rd, rs1, rs2 }
}

/// `addi rd, rs1, imm`.
pub(super) fn addi(rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm {
        op: ImmOp::Addi,
        rd,
        rs1,
        imm,
    }
}

/// `lw rd, offset(rs1)`.
pub(super) fn lw(rd: u8, rs1: u8, offset: i32) -> Inst {
    Inst::Load {
        op: LoadOp::Lw,
        rd,
        rs1,
        offset,
    }
}

/// `sw rs2, offset(rs1)`.
pub(super) fn sw(rs1: u8, rs2: u8, offset: i32) -> Inst {
    Inst::Store {
        op: StoreOp::Sw,
        rs1,
        rs2,
        offset,
    }
}

/// The compiler's i64 rotate left by `k` in 1..=31 of the pair (`lo`, `hi`)
/// into (`lo`, `nh`), with scratch `t` (see `idiom`).
pub(super) fn rotl64(nh: u8, hi: u8, lo: u8, t: u8, k: i32) -> [Inst; 6] {
    [
        imm(ImmOp::Slli, nh, hi, k),
        imm(ImmOp::Srli, t, lo, 32 - k),
        reg(RegOp::Or, nh, nh, t),
        imm(ImmOp::Slli, lo, lo, k),
        imm(ImmOp::Srli, t, hi, 32 - k),
        reg(RegOp::Or, lo, lo, t),
    ]
}

/// A host whose every `ecall` ends the run (exit code 0).
pub(super) struct Stop;

impl Host for Stop {
    type Error = ();
    fn ecall(&mut self, _: &mut Machine) -> Result<Control, ()> {
        Ok(Control::Exit(0))
    }
}

/// A host whose `ecall`s change x6 and continue.
pub(super) struct Continue;

impl Host for Continue {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        m.set_reg(6, m.reg(6).rotate_left(7) ^ 0x5555_aaaa);
        Ok(Control::Continue)
    }
}

/// The random-program test of a family of recognised sequences: `cases`
/// programs (`RIVET_JIT_CASES / 4` when set) of one to six `chunk`s after a
/// `jalr x0, 0(x1)` into a random instruction, on both ISAs, on 256 bytes of
/// memory or a page (so that guarded code runs too), with random registers
/// (small, near the top, near the sign bit or anything), a gas budget from
/// `gases` and random pinnings, each against the interpreter
/// ([`assert_native_matches`]).
pub(super) fn random_programs_match_the_interpreter(
    seed: u64,
    gases: &[u64],
    mut chunk: impl FnMut(&mut Rng, u64, &mut Vec<Inst>),
) {
    let mut rng = Rng(seed);
    for case in 0..jit_cases() {
        let (isa, regs) = isa_of(case);
        // x1 holds the first target: `jalr x0, 0(x1)` first, then the chunks.
        let mut code = vec![Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }];
        for _ in 0..1 + rng.below(6) {
            chunk(&mut rng, regs, &mut code);
        }
        code.push(Inst::Ebreak);
        let n = code.len() as u64;
        // A page of memory half the time: in a guard-page reservation, so the
        // guarded translation runs too (256 bytes are not whole pages: checked
        // code on both memory kinds).
        let size = if rng.below(2) == 0 { 0x100 } else { 0x1000 };
        let p = program_of(isa, &code, size, vec![]);
        let module = Arc::new(Module::new(&p).unwrap());
        let init: Vec<u32> = (0..32)
            .map(|_| match rng.below(5) {
                0 => rng.below(64) as u32,
                1 => u32::MAX - rng.below(4) as u32,
                2 => 0x8000_0000 - rng.below(2) as u32,
                _ => rng.next() as u32,
            })
            .collect();
        let target = 0x400 + 4 * (1 + rng.below(n - 1)) as u32;
        let gas = gases[rng.below(gases.len() as u64) as usize];
        let setup = |m: &mut Machine| {
            for r in 2..regs as u8 {
                m.set_reg(r, init[r as usize]);
            }
            m.set_reg(1, target);
        };
        let pins: Vec<u8> = (0..rng.below(13)).map(|_| rng.below(regs) as u8).collect();
        let pinnings = [&pins[..], &[], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]];
        let what = || {
            let code: Vec<_> = code.iter().map(|i| i.to_string()).collect();
            format!("case {case}, entry {target:#x}, gas {gas}, code {code:?}")
        };
        assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, what);
    }
}

/// The dirty-mark tests' cases: each program of `programs` on a memory of
/// 0x3000 bytes (whole pages: guarded code) and of 0x2804 (checked code only),
/// from each base `bases(size)` in x8 with x5 = 0x55 and each of `variants`,
/// entered at instruction 0 and (dynamically) at instruction 2, against the
/// interpreter under three pinnings of x8 and x5 ([`assert_native_matches`],
/// which also checks that native code marks every page the interpreter marks). `setup` prepares the rest of the variant;
/// `name` names the programs in a failure. Returns how many cases ran.
pub(super) fn mark_cases<V: Copy + std::fmt::Debug, const B: usize>(
    name: &str,
    programs: &[Vec<Inst>],
    bases: impl Fn(u32) -> [u32; B],
    variants: &[V],
    setup: impl Fn(&mut Machine, u32, u32, V),
) -> usize {
    let pinnings: [&[u8]; 3] = [&[], &[8], &[8, 5]];
    let mut cases = 0;
    for (k, code) in programs.iter().enumerate() {
        for size in [0x3000u32, 0x2804] {
            let p = program_of(Isa::Rv32em, code, size, Vec::new());
            let module = Arc::new(Module::new(&p).unwrap());
            for base in bases(size) {
                for entry in [0, 2] {
                    for &v in variants {
                        let prepare = |m: &mut Machine| {
                            m.set_reg(8, base);
                            m.set_reg(5, 0x55);
                            m.memory_mut().clear_dirty();
                            setup(m, size, base, v);
                            m.jump_to(0x400 + 4 * entry).unwrap();
                        };
                        let what = || {
                            format!(
                                "{name} {k}, size {size:#x}, base {base:#x}, entry {entry}, {v:?}"
                            )
                        };
                        assert_native_matches(
                            &p, &module, 10_000, &pinnings, &mut Stop, prepare, what,
                        );
                        cases += 1;
                    }
                }
            }
        }
    }
    cases
}
