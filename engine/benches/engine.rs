//! Engine throughput: guest instructions per second on a loop-heavy C program
//! (`tests/programs/bench.c`: sieve + CRC-32, repeated), next to `qemu-riscv32`'s wall
//! time on the same ELF. Run with `cargo bench -p rivet-engine --bench engine`.
//! Optional argument: number of rounds compiled into the program (default 40).

#[path = "../tests/common/build.rs"]
mod build;

use build::{build, require_tool, Target};
use rivet_engine::elf::{load_elf, ElfOptions};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Machine, Module, Program};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const GAS: u64 = u64::MAX;

fn run_once(program: &Program, module: &Arc<Module>) -> (Duration, Vec<u8>, u64) {
    let mut m = Machine::from_program(program, module.clone(), GAS).unwrap();
    let mut host = LinuxHost::new(program.isa, Vec::new(), std::io::sink());
    let t = Instant::now();
    let code = m.run(&mut host).expect("benchmark program runs");
    let elapsed = t.elapsed();
    assert_eq!(code, 0);
    (elapsed, host.stdout, GAS - m.gas())
}

fn retired(program: &Program, module: &Arc<Module>) -> u64 {
    let mut m = Machine::from_program(program, module.clone(), GAS).unwrap();
    let mut host = LinuxHost::new(program.isa, std::io::sink(), std::io::sink());
    let mut n = 0u64;
    m.run_traced(&mut host, &mut |_, _| n += 1).unwrap();
    n
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(elf: &Path, label: &str, qemu: bool, runs: usize) {
    let bytes = std::fs::read(elf).unwrap();
    let t = Instant::now();
    let program = load_elf(&bytes, &ElfOptions::default()).unwrap();
    let module = Arc::new(Module::new(&program).unwrap());
    let load = t.elapsed();
    let insts = retired(&program, &module);
    let mut times = Vec::new();
    let mut out = Vec::new();
    let mut gas = 0;
    for _ in 0..runs {
        let (d, o, g) = run_once(&program, &module);
        times.push(d);
        out = o;
        gas = g;
    }
    let rivet = median(times);
    let mips = insts as f64 / rivet.as_secs_f64() / 1e6;
    println!(
        "{label}: {} instructions ({} ops), load+validate {:.2} ms",
        insts,
        module.op_count(),
        load.as_secs_f64() * 1e3
    );
    println!(
        "  rivet: median {:.3} s of {runs}, {mips:.1} M guest instructions/s, gas {gas}",
        rivet.as_secs_f64()
    );
    print!("  output: {}", String::from_utf8_lossy(&out));
    if !qemu {
        return;
    }
    let mut qtimes = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let o = Command::new("qemu-riscv32")
            .arg(elf)
            .output()
            .expect("run qemu-riscv32");
        qtimes.push(t.elapsed());
        assert_eq!(o.stdout, out, "qemu output differs");
    }
    let q = median(qtimes);
    println!(
        "  qemu-riscv32: median {:.3} s wall (process included), {:.1} M guest instructions/s",
        q.as_secs_f64(),
        insts as f64 / q.as_secs_f64() / 1e6
    );
    println!(
        "  rivet time / qemu time = {:.2} (below 1: rivet faster)",
        rivet.as_secs_f64() / q.as_secs_f64()
    );
}

fn main() {
    require_tool("qemu-riscv32", "qemu-user");
    // `cargo bench` passes `--bench`; without it (`cargo test --all-targets`) this is a
    // quick smoke run. The first numeric argument is the round count.
    let full = std::env::args().any(|a| a == "--bench");
    let rounds: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(if full { 40 } else { 1 });
    let runs = if full { 5 } else { 1 };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench");
    let define = format!("ROUNDS={rounds}");
    let im = build("bench", Target::Im, &dir, &[&define]);
    let em = build("bench", Target::Em, &dir, &[&define]);
    println!("bench.c with {rounds} rounds (sieve below 100000 + CRC-32 of 32 KiB per round)");
    bench(&im, "rv32im", true, runs);
    bench(&em, "rv32em", false, runs);
}
