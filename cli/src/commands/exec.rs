//! `rivet exec FILE`: run a standalone static RV32 ELF with the Linux-like minimum.
//!
//! The program's stdout/stderr writes go straight to ours; its exit code (low 8 bits)
//! becomes our exit status, so the same ELF behaves the same as under `qemu-riscv32`.
//! A trap prints its kind, pc and the gas used to stderr and exits with
//! [`TRAP_STATUS`]; a file that cannot be loaded is an error (status 2, from main).

use anyhow::Context;
use rivet_engine::elf::{load_elf, ElfOptions, DEFAULT_MEMORY_SIZE};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Machine, Module};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Exit status when the guest traps (any guest exit code may collide; this one is
/// documented and stable).
pub const TRAP_STATUS: u8 = 125;
/// Gas budget when `--gas` is not given: large, but every run still ends.
pub const DEFAULT_GAS: u64 = 100_000_000_000;

/// Arguments of `rivet exec`.
#[derive(clap::Args)]
pub struct Args {
    /// The static RV32IM or RV32EM ELF file to run.
    pub file: std::path::PathBuf,
    /// Gas budget (see the schedule in rivet-format's gas module).
    #[arg(long, default_value_t = DEFAULT_GAS)]
    pub gas: u64,
    /// Print each executed pc and instruction to stderr (the first --trace-limit).
    #[arg(long)]
    pub trace: bool,
    /// How many instructions --trace prints at most.
    #[arg(long, default_value_t = 10_000)]
    pub trace_limit: u64,
    /// Data memory size in bytes; must hold every loadable segment.
    #[arg(long, default_value_t = DEFAULT_MEMORY_SIZE)]
    pub memory: u32,
}

/// Runs the program.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let opts = ElfOptions {
        memory_size: args.memory,
    };
    let program = load_elf(&bytes, &opts).with_context(|| format!("loading {}", args.file.display()))?;
    let module = Arc::new(
        Module::new(&program).with_context(|| format!("validating {}", args.file.display()))?,
    );
    let mut machine = Machine::from_program(&program, module, args.gas)?;
    let stdout = std::io::stdout().lock();
    let mut host = LinuxHost::new(program.isa, std::io::BufWriter::new(stdout), std::io::stderr());
    let result = if args.trace {
        let mut left = args.trace_limit;
        let mut err = std::io::stderr().lock();
        machine.run_traced(&mut host, &mut |pc, inst| {
            if left > 0 {
                left -= 1;
                // A failed trace write must not change the run.
                let _ = writeln!(err, "{pc:#010x}: {inst}");
                if left == 0 {
                    let _ = writeln!(err, "(trace limit reached; raise --trace-limit)");
                }
            }
        })
    } else {
        machine.run(&mut host)
    };
    host.stdout.flush().context("writing stdout")?;
    let used = args.gas - machine.gas();
    match result {
        Ok(code) => Ok(ExitCode::from((code & 0xff) as u8)),
        Err(trap) => {
            eprintln!("rivet exec: {trap} (gas used {used})");
            Ok(ExitCode::from(TRAP_STATUS))
        }
    }
}
