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
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let status = execute(
        &bytes,
        &args,
        stdout,
        std::io::stderr(),
        &mut std::io::stderr().lock(),
    )?;
    Ok(ExitCode::from(status))
}

/// Loads and runs `bytes`; guest output goes to `out`/`err`, traces and trap reports
/// to `diag`. Returns the exit status.
fn execute<O: Write, E: Write>(
    bytes: &[u8],
    args: &Args,
    out: O,
    err: E,
    diag: &mut dyn Write,
) -> anyhow::Result<u8> {
    let name = args.file.display();
    let opts = ElfOptions {
        memory_size: args.memory,
    };
    let program = load_elf(bytes, &opts).with_context(|| format!("loading {name}"))?;
    let module = Arc::new(Module::new(&program).with_context(|| format!("validating {name}"))?);
    let mut machine = Machine::from_program(&program, module, args.gas)?;
    let mut host = LinuxHost::new(program.isa, out, err);
    let result = if args.trace {
        let mut left = args.trace_limit;
        machine.run_traced(&mut host, &mut |pc, inst| {
            if left > 0 {
                left -= 1;
                // A failed trace write must not change the run.
                let _ = writeln!(diag, "{pc:#010x}: {inst}");
                if left == 0 {
                    let _ = writeln!(diag, "(trace limit reached; raise --trace-limit)");
                }
            }
        })
    } else {
        machine.run(&mut host)
    };
    host.stdout.flush().context("writing stdout")?;
    let used = args.gas.saturating_sub(machine.gas());
    match result {
        Ok(code) => Ok((code & 0xff) as u8),
        Err(trap) => {
            writeln!(diag, "rivet exec: {trap} (gas used {used})")?;
            Ok(TRAP_STATUS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::{ImmOp, Inst};

    /// Where the test ELF's code starts (after the ELF header and two program headers).
    const ENTRY: u32 = 0x10000 + 52 + 64;
    /// Where its message lives (a separate read-only segment).
    const MSG: u32 = 0x20000;

    /// A static RV32IM ELF: `code` in an R+X segment at `ENTRY`, "hi!\n" in an R
    /// segment at `MSG`.
    fn elf(code: &[Inst]) -> Vec<u8> {
        let mut b = Vec::new();
        let words: Vec<u32> = code.iter().map(|i| i.encode()).collect();
        let text_size = 116 + 4 * words.len() as u32;
        b.extend_from_slice(b"\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0");
        for v in [2u16, 243] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for v in [1u32, ENTRY, 52, 0, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for v in [52u16, 32, 2, 40, 0, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        let text = [1u32, 0, 0x10000, 0x10000, text_size, text_size, 5, 4];
        let data = [1u32, text_size, MSG, MSG, 4, 4, 4, 4];
        for v in text.into_iter().chain(data) {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for w in words {
            b.extend_from_slice(&w.to_le_bytes());
        }
        b.extend_from_slice(b"hi!\n");
        b
    }

    fn li(rd: u8, imm: i32) -> Inst {
        Inst::Imm {
            op: ImmOp::Addi,
            rd,
            rs1: 0,
            imm,
        }
    }

    fn args(gas: u64, trace: bool) -> Args {
        Args {
            file: "test.elf".into(),
            gas,
            trace,
            trace_limit: 3,
            memory: 1 << 20,
        }
    }

    /// write(1, "hi!\n", 4); exit(a0 = 300)
    fn hello() -> Vec<u8> {
        elf(&[
            li(10, 1),
            Inst::Lui { rd: 11, imm: MSG },
            li(12, 4),
            li(17, 64),
            Inst::Ecall,
            li(10, 300),
            li(17, 93),
            Inst::Ecall,
        ])
    }

    fn exec(bytes: &[u8], a: &Args) -> (u8, String, String) {
        let (mut out, mut diag) = (Vec::new(), Vec::new());
        let status = execute(bytes, a, &mut out, std::io::sink(), &mut diag).unwrap();
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(diag).unwrap(),
        )
    }

    #[test]
    fn output_and_exit_status_come_from_the_guest() {
        let (status, out, diag) = exec(&hello(), &args(1000, false));
        assert_eq!(
            (status, out.as_str(), diag.as_str()),
            (300u32 as u8, "hi!\n", "")
        );
    }

    #[test]
    fn traps_report_kind_pc_and_gas() {
        let (status, out, diag) = exec(&hello(), &args(12, false));
        assert_eq!(status, TRAP_STATUS);
        assert_eq!(out, "");
        assert_eq!(
            diag,
            "rivet exec: trap at pc 0x10074: out of gas (gas used 0)\n"
        );
    }

    /// Unknown call numbers return -ENOSYS in a0, as on Linux; the program goes on
    /// (here it exits with the low byte of what it got back: -38 = 0xda).
    #[test]
    fn unknown_system_calls_return_enosys() {
        let probe = elf(&[li(17, 1234), Inst::Ecall, li(17, 93), Inst::Ecall]);
        let (status, out, diag) = exec(&probe, &args(1000, false));
        assert_eq!((status, out.as_str(), diag.as_str()), (0xda, "", ""));
    }

    /// A write whose buffer lies outside memory returns -EFAULT without charging gas
    /// for its (huge) length: 1000 gas is plenty for the call.
    #[test]
    fn bad_write_buffers_fail_before_gas_is_charged() {
        let huge = elf(&[
            li(10, 1),
            Inst::Lui { rd: 11, imm: MSG },
            Inst::Lui {
                rd: 12,
                imm: 0x7fff_f000,
            },
            li(17, 64),
            Inst::Ecall,
            li(17, 93),
            Inst::Ecall,
        ]);
        let (status, out, diag) = exec(&huge, &args(1000, false));
        assert_eq!(
            (status, out.as_str(), diag.as_str()),
            (-14i32 as u8, "", "")
        );
    }

    #[test]
    fn trace_is_bounded() {
        let (_, _, diag) = exec(&hello(), &args(1000, true));
        let lines: Vec<&str> = diag.lines().collect();
        assert_eq!(lines.len(), 4, "{diag}");
        assert_eq!(lines[0], "0x00010074: addi a0, zero, 1");
        assert!(lines[3].contains("trace limit"));
    }

    #[test]
    fn load_errors_are_errors() {
        let e = execute(
            &[b'n'; 64],
            &args(10, false),
            Vec::new(),
            Vec::new(),
            &mut Vec::new(),
        );
        assert!(format!("{:#}", e.unwrap_err()).contains("not an ELF file"));
        let mut small = args(10, false);
        small.memory = 0x10000;
        let e = execute(&hello(), &small, Vec::new(), Vec::new(), &mut Vec::new());
        assert!(format!("{:#}", e.unwrap_err()).contains("does not fit data memory"));
    }
}
