//! Real RV32 programs (C and assembly in `tests/programs/`), built with the cross
//! compiler, must behave exactly as under `qemu-riscv32`: same stdout, stderr and exit
//! code. The RV32EM build of each program must print what the RV32IM build prints.
//! Missing tools fail the test with what to install.

mod common;

use common::build::{build, require_tool, Target};
use rivet_engine::elf::{load_elf, ElfOptions};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Isa, Machine, Module};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const PROGRAMS: &[&str] = &[
    "hello",
    "sieve",
    "sort",
    "crc",
    "recursion",
    "arith",
    "exitcode",
    "enosys",
];
const GAS: u64 = 10_000_000_000;

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: u8,
}

fn out_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("rv32-programs")
}

/// Runs an ELF on the engine; returns the outcome and the gas used.
fn run_rivet(elf: &Path) -> (Outcome, u64) {
    let bytes = std::fs::read(elf).unwrap();
    let program = load_elf(&bytes, &ElfOptions::default()).unwrap();
    let module =
        Arc::new(Module::new(&program).unwrap_or_else(|e| panic!("{}: {e}", elf.display())));
    let mut m = Machine::from_program(&program, module, GAS).unwrap();
    let mut host = LinuxHost::new(program.isa, Vec::new(), Vec::new());
    let code = m
        .run(&mut host)
        .unwrap_or_else(|t| panic!("{} trapped: {t}", elf.display()));
    let outcome = Outcome {
        stdout: String::from_utf8(host.stdout).unwrap(),
        stderr: String::from_utf8(host.stderr).unwrap(),
        code: (code & 0xff) as u8,
    };
    (outcome, GAS - m.gas())
}

fn run_qemu(elf: &Path) -> Outcome {
    let o = Command::new("qemu-riscv32")
        .arg(elf)
        .output()
        .expect("run qemu-riscv32");
    Outcome {
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
        code: o.status.code().expect("qemu exited normally") as u8,
    }
}

#[test]
fn programs_match_qemu_on_rv32im_and_rv32em() {
    require_tool("qemu-riscv32", "qemu-user");
    let dir = out_dir();
    let mut checked = 0;
    for name in PROGRAMS {
        let im = build(name, Target::Im, &dir, &[]);
        let em = build(name, Target::Em, &dir, &[]);
        let reference = run_qemu(&im);
        assert!(!reference.stdout.is_empty(), "{name}: qemu printed nothing");
        let (rivet_im, gas_im) = run_rivet(&im);
        assert_eq!(rivet_im, reference, "{name} (rv32im) differs from qemu");
        let (rivet_em, gas_em) = run_rivet(&em);
        assert_eq!(
            rivet_em, reference,
            "{name} (rv32em) differs from the rv32im build under qemu"
        );
        // Deterministic gas: a second run of each build uses exactly the same.
        assert_eq!(run_rivet(&im).1, gas_im, "{name}: gas differs between runs");
        assert_eq!(run_rivet(&em).1, gas_em, "{name}: gas differs between runs");
        eprintln!(
            "{name}: exit {} gas rv32im {gas_im} rv32em {gas_em}",
            reference.code
        );
        checked += 1;
    }
    assert_eq!(checked, PROGRAMS.len());
}

#[test]
fn isa_follows_the_rve_flag_and_bad_exit_codes_are_seen() {
    let dir = out_dir().join("isa");
    let em = build("exitcode", Target::Em, &dir, &[]);
    let im = build("exitcode", Target::Im, &dir, &[]);
    let p = load_elf(&std::fs::read(&em).unwrap(), &ElfOptions::default()).unwrap();
    assert_eq!(p.isa, Isa::Rv32em);
    let p = load_elf(&std::fs::read(&im).unwrap(), &ElfOptions::default()).unwrap();
    assert_eq!(p.isa, Isa::Rv32im);
    let (o, _) = run_rivet(&im);
    assert_eq!(o.code, 42);
    assert_eq!(o.stderr, "this goes to stderr\n");
    // An RV32IM build treated as RV32EM passes its call number in the wrong register.
    let mut p = load_elf(&std::fs::read(&im).unwrap(), &ElfOptions::default()).unwrap();
    p.isa = Isa::Rv32em;
    assert!(
        Module::new(&p).is_err(),
        "rv32im gcc output uses registers x16..x31"
    );
}

#[test]
fn out_of_gas_in_a_real_program_is_resumable_and_exact() {
    let dir = out_dir().join("gas");
    let elf = build("crc", Target::Im, &dir, &[]);
    let (full, total) = run_rivet(&elf);
    let bytes = std::fs::read(&elf).unwrap();
    let program = load_elf(&bytes, &ElfOptions::default()).unwrap();
    let module = Arc::new(Module::new(&program).unwrap());
    let mut m = Machine::from_program(&program, module, total / 3).unwrap();
    let mut host = LinuxHost::new(program.isa, Vec::new(), Vec::new());
    let mut spent = 0;
    let mut traps = 0;
    let code = loop {
        let before = m.gas();
        let r = m.run(&mut host);
        spent += before - m.gas();
        match r {
            Ok(code) => break code,
            Err(t) => {
                assert!(matches!(t.kind, rivet_engine::TrapKind::OutOfGas), "{t}");
                assert_eq!(t.pc, m.pc());
                traps += 1;
                m.set_gas(total / 3);
            }
        }
    };
    assert!(traps >= 2);
    assert_eq!(spent, total);
    assert_eq!(code as u8, full.code);
    assert_eq!(String::from_utf8(host.stdout).unwrap(), full.stdout);
}
