//! Differential tests: native code (the x86-64 recompiler) against the interpreter.
//!
//! Every case runs the same program twice from the same state, once with
//! `set_jit(false)` and once with native code, and compares everything a caller can
//! observe: the result or trap (kind and pc), registers, pc, gas left, every memory
//! byte, the dirty-page set (native code may mark more pages: those near the
//! values of sp that stores through it could reach), and what the host saw at each
//! `ecall`. Runs that stop out of gas are resumed with more gas, so resumption is
//! compared too. Any difference is a bug in the recompiler. Built only where the
//! recompiler exists (x86-64 Linux): elsewhere both runs would interpret, and the
//! gate of the other hosts (`scripts/other-hosts.sh`) would spend minutes under
//! emulation comparing the interpreter with itself.
#![cfg(all(target_arch = "x86_64", target_os = "linux"))]

mod common;

use common::build::{build, Target};
use common::differential::*;
use common::random::{random_inst, Rng};
use rivet_engine::elf::{load_elf, ElfOptions};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Isa, Machine, Module, Program, Trap, TrapKind};
use rivet_format::program::DataSegment;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::path::Path;
use std::sync::Arc;

#[test]
fn register_ops_match_on_edge_values() {
    for op in RegOp::ALL {
        for (rd, rs1, rs2) in TRIPLES {
            let mut insts = filler();
            insts.push(Inst::Reg { op, rd, rs1, rs2 });
            insts.push(Inst::Ebreak);
            let p = program(Isa::Rv32im, &insts, 64);
            let module = Arc::new(Module::new(&p).unwrap());
            for a in EDGES {
                for b in EDGES {
                    let init = |m: &mut Machine| {
                        m.set_reg(rd, 0x5a5a_5a5a);
                        m.set_reg(rs1, a);
                        m.set_reg(rs2, b);
                    };
                    let mut s = machine(&p, &module, 1000, false, &init);
                    let mut f = machine(&p, &module, 1000, true, &init);
                    let (r1, r2) = (
                        s.run(&mut ScriptHost::default()),
                        f.run(&mut ScriptHost::default()),
                    );
                    let (slow, fast) = (snapshot(&s, r1), snapshot(&f, r2));
                    assert!(
                        slow.matched_by(&fast),
                        "{op:?} x{rd}, x{rs1}, x{rs2} with {a:#x}, {b:#x}: {slow:?} vs {fast:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn immediate_ops_match_on_edge_values() {
    let imms = [0, 1, -1, 2047, -2048, 31, 5, 0x555, -0x556];
    for op in ImmOp::ALL {
        for (rd, rs1, _) in TRIPLES {
            for imm in imms {
                let imm = if matches!(op, ImmOp::Slli | ImmOp::Srli | ImmOp::Srai) {
                    imm & 31
                } else {
                    imm
                };
                let mut insts = filler();
                insts.push(Inst::Imm { op, rd, rs1, imm });
                insts.push(Inst::Lui {
                    rd: 21,
                    imm: 0xfedc_b000,
                });
                insts.push(Inst::Auipc {
                    rd: 4,
                    imm: 0x8000_0000,
                });
                insts.push(Inst::Fence);
                insts.push(Inst::Ebreak);
                let p = program(Isa::Rv32im, &insts, 64);
                for a in EDGES {
                    compare(&p, 1000, &[], &|m| {
                        m.set_reg(rd, 0x5a5a_5a5a);
                        m.set_reg(rs1, a);
                    });
                }
            }
        }
    }
}

#[test]
fn loads_and_stores_match_at_memory_edges() {
    let loads = [LoadOp::Lb, LoadOp::Lh, LoadOp::Lw, LoadOp::Lbu, LoadOp::Lhu];
    let stores = [StoreOp::Sb, StoreOp::Sh, StoreOp::Sw];
    let size = 0x3000u32;
    let bases = [
        0u32,
        1,
        size - 4,
        size - 3,
        size - 2,
        size - 1,
        size,
        size + 1,
        0x0fff,
        0x1ffe,
        0xffff_ffff,
        0xffff_fffc,
        0x8000_0000,
    ];
    let offsets = [0, 1, -1, 3, -4, 2047, -2048];
    for (rd, rs1, rs2) in [(7, 5, 6), (5, 5, 6), (22, 20, 21), (0, 20, 0), (6, 0, 5)] {
        for off in offsets {
            let mut insts = filler();
            for op in loads {
                insts.push(Inst::Load {
                    op,
                    rd,
                    rs1,
                    offset: off,
                });
                insts.push(Inst::Imm {
                    op: ImmOp::Addi,
                    rd: 9,
                    rs1: rd,
                    imm: 0,
                });
            }
            for op in stores {
                insts.push(Inst::Store {
                    op,
                    rs1,
                    rs2,
                    offset: off,
                });
                insts.push(Inst::Load {
                    op: LoadOp::Lw,
                    rd: 10,
                    rs1,
                    offset: off & !3,
                });
            }
            insts.push(Inst::Ebreak);
            let p = program(Isa::Rv32im, &insts, size);
            for base in bases {
                compare(&p, 10_000, &[], &|m| {
                    m.set_reg(rs1, base);
                    m.set_reg(rs2, 0x8182_8384);
                    let bytes: Vec<u8> = (0..size).map(|k| (k * 7 + 3) as u8).collect();
                    m.memory_mut().write(0, &bytes).unwrap();
                });
            }
        }
    }
}

#[test]
fn branches_and_jumps_match() {
    for op in BranchOp::ALL {
        for (rs1, rs2) in [(5, 6), (5, 5), (0, 6), (5, 0), (20, 21)] {
            // Taken: skip the addi; not taken: run it. Both end in ebreak.
            let mut insts = filler();
            insts.push(Inst::Branch {
                op,
                rs1,
                rs2,
                offset: 8,
            });
            insts.push(Inst::Imm {
                op: ImmOp::Addi,
                rd: 7,
                rs1: 7,
                imm: 1,
            });
            insts.push(Inst::Jal { rd: 1, offset: 8 });
            insts.push(Inst::Ebreak);
            insts.push(Inst::Ebreak);
            let p = program(Isa::Rv32im, &insts, 64);
            for a in EDGES {
                for b in [0, 1, 0x8000_0000, 0xffff_ffff, a] {
                    compare(&p, 1000, &[], &|m| {
                        m.set_reg(rs1, a);
                        m.set_reg(rs2, b);
                    });
                }
            }
        }
    }
    // A branch as the last instruction falls off the code when not taken.
    let p = program(
        Isa::Rv32im,
        &[
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 5,
                rs1: 0,
                imm: 1,
            },
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 5,
                rs2: 0,
                offset: -4,
            },
        ],
        64,
    );
    let s = compare(&p, 100, &[], &|_| {});
    assert_eq!(
        s[0].result,
        Err(Trap {
            pc: 0x1008,
            kind: TrapKind::MisalignedJump { target: 0x1008 }
        })
    );
}

#[test]
fn jalr_targets_links_and_gas_match() {
    // x5 = target (set per case); jalr rd, x5, off.
    for (rd, rs1) in [(1, 5), (5, 5), (0, 5), (22, 20), (20, 20)] {
        for off in [0, 4, -4, 2, 1, 3, 8] {
            let mut insts = filler();
            insts.push(Inst::Jalr {
                rd,
                rs1,
                offset: off,
            });
            for k in 0..6 {
                insts.push(Inst::Imm {
                    op: ImmOp::Addi,
                    rd: 7,
                    rs1: 7,
                    imm: k + 1,
                });
            }
            insts.push(Inst::Ebreak);
            let p = program(Isa::Rv32im, &insts, 64);
            let n = insts.len() as u32;
            let targets = [
                0x1000,
                0x1000 + 4 * 32,
                0x1000 + 4 * 33,
                0x1000 + 4 * 35,
                0x1000 + 4 * (n - 1),
                0x1000 + 4 * n,
                0x1001,
                0x1002,
                0x1003,
                0xffc,
                0,
                0xffff_fffc,
            ];
            for t in targets {
                for gas in [0, 20, 32, 33, 34, 36, 40, 100] {
                    compare(&p, gas, &[1, 5, 100, 1000], &|m| m.set_reg(rs1, t));
                }
            }
        }
    }
}

/// A loop with calls, a cut-free body and an ecall: runs out of gas at every
/// possible budget and resumes with small top-ups.
#[test]
fn out_of_gas_at_every_budget_resumes_identically() {
    let insts = [
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 6,
            rs1: 0,
            imm: 5,
        }, // 0x1000
        Inst::Jal { rd: 1, offset: 24 }, // 0x1004 -> 0x101c
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 6,
            rs1: 6,
            imm: -1,
        }, // 0x1008
        Inst::Ecall,                     // 0x100c (t0 = 0: continue)
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 6,
            rs2: 0,
            offset: -12,
        }, // 0x1010 -> 0x1004
        Inst::Reg {
            op: RegOp::Div,
            rd: 7,
            rs1: 6,
            rs2: 6,
        }, // 0x1014
        Inst::Ebreak,                    // 0x1018
        Inst::Store {
            op: StoreOp::Sw,
            rs1: 2,
            rs2: 6,
            offset: -4,
        }, // 0x101c
        Inst::Reg {
            op: RegOp::Mul,
            rd: 8,
            rs1: 6,
            rs2: 6,
        }, // 0x1020
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }, // 0x1024
    ];
    let p = program(Isa::Rv32im, &insts, 0x1000);
    let full = compare(&p, 1_000_000, &[], &|_| {});
    let used = 1_000_000 - full[0].gas;
    for gas in 0..=used + 1 {
        for topup in [1, 3, 7, 40] {
            compare(&p, gas, &[topup; 200], &|_| {});
        }
    }
}

#[test]
fn long_straight_runs_are_cut_like_the_interpreter() {
    // 5000 addis: cut into blocks of 4096 + 904 (plus the ebreak's block).
    let mut insts: Vec<Inst> = (0..5000)
        .map(|k| Inst::Imm {
            op: ImmOp::Addi,
            rd: 1 + (k % 15) as u8,
            rs1: 1,
            imm: 1,
        })
        .collect();
    insts.push(Inst::Ebreak);
    let p = program(Isa::Rv32em, &insts, 64);
    for gas in [0, 4095, 4096, 4097, 5000, 5001, 5002] {
        compare(&p, gas, &[1, 5000], &|_| {});
    }
}

#[test]
fn host_calls_see_and_change_the_same_state() {
    // Each ecall picks its action from t0; a0/a1 are its operands.
    for action in 0..10u32 {
        for (a0, a1) in [
            (0x1010, 5),
            (0x100, 8),
            (0x1002, 0x1fff),
            (7, 0x30),
            (0x2000, 3),
            (0xffff_fff0, 9),
        ] {
            let insts = [
                Inst::Store {
                    op: StoreOp::Sw,
                    rs1: 0,
                    rs2: 10,
                    offset: 16,
                },
                Inst::Ecall,
                Inst::Load {
                    op: LoadOp::Lw,
                    rd: 12,
                    rs1: 0,
                    offset: 0,
                },
                Inst::Store {
                    op: StoreOp::Sb,
                    rs1: 0,
                    rs2: 12,
                    offset: 0x7f0,
                },
                Inst::Imm {
                    op: ImmOp::Addi,
                    rd: 13,
                    rs1: 13,
                    imm: 1,
                },
                Inst::Ecall,
                Inst::Ebreak,
            ];
            let p = program(Isa::Rv32em, &insts, 0x1000);
            for gas in [5, 20, 30, 40, 1000] {
                compare(&p, gas, &[1000, 1000], &|m| {
                    m.set_reg(5, action);
                    m.set_reg(10, a0);
                    m.set_reg(11, a1);
                });
            }
        }
    }
}

#[test]
fn jump_to_before_run_charges_the_rest_of_the_block() {
    let insts: Vec<Inst> = (0..8)
        .map(|k| Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 5,
            imm: k,
        })
        .chain([Inst::Ebreak])
        .collect();
    let p = program(Isa::Rv32em, &insts, 64);
    for target in [0x1000, 0x1004, 0x101c, 0x1020, 0x1024, 0x1002, 0] {
        for gas in [0, 1, 3, 9, 100] {
            compare(&p, gas, &[100], &|m| {
                let _ = m.jump_to(target);
            });
        }
    }
}

// ---- random programs --------------------------------------------------------------

#[test]
fn random_programs_match_the_interpreter() {
    // `RIVET_JIT_CASES=N` runs more (or fewer) cases, e.g. for a long release run.
    let cases: u32 = std::env::var("RIVET_JIT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6000);
    let mut rng = Rng(0x0bad_5eed_0000_0001);
    let mut traps = std::collections::BTreeMap::new();
    for case in 0..cases {
        let isa = if case % 2 == 0 {
            Isa::Rv32im
        } else {
            Isa::Rv32em
        };
        let regs = isa.register_count() as u64;
        let n = 1 + rng.below(60) as usize;
        let insts: Vec<Inst> = (0..n).map(|i| random_inst(&mut rng, i, n, regs)).collect();
        // Whole pages run guarded native code, other sizes range-checked code.
        let memory_size = [0u32, 256, 4096, 0x2345, 0x3000][rng.below(5) as usize];
        let code_base = 4 * rng.below(0x1000) as u32;
        let mut data = vec![0u8; memory_size as usize];
        for b in data.iter_mut() {
            *b = rng.u32() as u8;
        }
        let p = Program {
            isa,
            code_base,
            entry: code_base + 4 * rng.below(n as u64) as u32,
            code: insts.iter().map(|i| i.encode()).collect(),
            memory_size,
            stack_top: memory_size & !15,
            data: vec![DataSegment {
                addr: 0,
                bytes: data,
            }],
        };
        // Registers: addresses inside (or just outside) memory, code addresses, noise.
        let init: Vec<u32> = (0..32)
            .map(|r| {
                match if (1..=4).contains(&r) {
                    0
                } else {
                    rng.below(4)
                } {
                    0 => rng.below(memory_size as u64 + 8) as u32 + 40,
                    1 => code_base + 4 * rng.below(n as u64 + 1) as u32,
                    2 => rng.below(10) as u32,
                    _ => rng.u32(),
                }
            })
            .collect();
        let gas = rng.below(3000);
        let topups: Vec<u64> = (0..rng.below(4)).map(|_| rng.below(2000)).collect();
        let snaps = compare(&p, gas, &topups, &|m| {
            for r in 1..32u8 {
                m.set_reg(r, init[r as usize]);
            }
        });
        let last = snaps.last().unwrap();
        let key = match &last.result {
            Ok(_) => "exit".to_string(),
            Err(t) => format!("{:?}", std::mem::discriminant(&t.kind)),
        };
        *traps.entry(key).or_insert(0) += 1;
    }
    eprintln!("outcomes: {traps:?}");
    // The generator reaches every kind of stop.
    assert!(traps.len() >= 6, "{traps:?}");
}

// ---- real programs ----------------------------------------------------------------

fn run_linux(
    p: &Program,
    module: &Arc<Module>,
    jit: bool,
    gas: u64,
    topup: u64,
) -> (String, Result<u32, String>, u64, u32) {
    let mut m = Machine::from_program(p, Arc::clone(module), gas).unwrap();
    m.set_jit(jit);
    let mut host = LinuxHost::new(p.isa, Vec::new(), Vec::new());
    let mut spent = 0;
    let mut stops = 0;
    let r = loop {
        let before = m.gas();
        let r = m.run(&mut host);
        spent += before - m.gas();
        match r {
            Err(t) if matches!(t.kind, TrapKind::OutOfGas) && topup > 0 => {
                stops += 1;
                // A block dearer than the top-up would never start: give more then.
                let stuck = before == m.gas();
                m.set_gas(if stuck { topup.max(1 << 20) } else { topup });
            }
            r => break r.map_err(|t| t.to_string()),
        }
    };
    (String::from_utf8(host.stdout).unwrap(), r, spent, stops)
}

#[test]
fn c_programs_match_the_interpreter() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jit-programs");
    for name in [
        "hello",
        "sieve",
        "sort",
        "crc",
        "recursion",
        "arith",
        "exitcode",
    ] {
        for target in [Target::Im, Target::Em] {
            let elf = build(name, target, &dir, &[]);
            let p = load_elf(&std::fs::read(&elf).unwrap(), &ElfOptions::default()).unwrap();
            let module = Arc::new(Module::new(&p).unwrap());
            let slow = run_linux(&p, &module, false, 10_000_000_000, 0);
            let fast = run_linux(&p, &module, true, 10_000_000_000, 0);
            assert_eq!(slow, fast, "{name} {target:?}");
            assert!(slow.1.is_ok(), "{name}: {:?}", slow.1);
            // Chunked: out of gas many times, resumed each time.
            let chunk = slow.2 / 7 + 1;
            let slow_c = run_linux(&p, &module, false, chunk, chunk);
            let fast_c = run_linux(&p, &module, true, chunk, chunk);
            assert_eq!(slow_c, fast_c, "{name} {target:?} in chunks of {chunk}");
            assert_eq!(slow_c.2, slow.2);
            assert!(
                slow_c.3 >= 6 || slow.2 < 1_000_000,
                "{name}: {} stops",
                slow_c.3
            );
        }
    }
}

#[test]
fn machines_on_many_threads_share_one_native_build() {
    let insts = [
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 6,
            rs1: 0,
            imm: 200,
        },
        Inst::Reg {
            op: RegOp::Add,
            rd: 7,
            rs1: 7,
            rs2: 6,
        },
        Inst::Store {
            op: StoreOp::Sw,
            rs1: 0,
            rs2: 7,
            offset: 64,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 6,
            rs1: 6,
            imm: -1,
        },
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 6,
            rs2: 0,
            offset: -12,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 0,
            imm: 1,
        },
        Inst::Reg {
            op: RegOp::Add,
            rd: 10,
            rs1: 7,
            rs2: 0,
        },
        Inst::Ecall,
    ];
    let p = program(Isa::Rv32em, &insts, 256);
    let module = Arc::new(Module::new(&p).unwrap());
    assert_eq!(module.prepare_native(), NATIVE);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (p, module) = (p.clone(), Arc::clone(&module));
            std::thread::spawn(move || {
                let mut m = Machine::from_program(&p, module, 1_000_000).unwrap();
                m.set_jit(true);
                let code = m.run(&mut ScriptHost::default()).unwrap();
                (code, m.gas())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(results.iter().all(|r| *r == (20_100, results[0].1)));
}
