//! The engine against an outside oracle on random instructions: random RV32IM and
//! RV32EM programs (from the engine tests' random-instruction generator) wrapped as
//! static ELF files that dump the register file and a 4 KiB memory buffer with `write`
//! and exit, run under both `rivet exec` and `qemu-riscv32`; stdout and exit status
//! must be identical.
//!
//! Program shape: a prologue loads every register with a seeded value (buffer
//! addresses, small and random integers); the body is random ALU, M-extension, lui,
//! auipc, load/store and forward jal/branch instructions, so every program ends; loads
//! and stores go through one reserved base register that points into the middle of
//! the buffer (12-bit offsets keep them inside it, misaligned ones included). The
//! epilogue stores every register into the buffer, writes the buffer to stdout and
//! exits 0. `jalr`, `ecall` and `ebreak` stay out of the body (targets and host calls
//! are covered by the engine's own tests). `RIVET_QEMU_PROGRAMS=N` overrides the
//! program count (default 300). Needs qemu-user; a missing tool fails the test.

#[path = "../../engine/tests/common/random.rs"]
mod random;

use random::{random_inst, Rng};
use rivet_format::rv32::{ImmOp, Inst, StoreOp};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// Text segment address (the ELF headers come first, then the code).
const TEXT: u32 = 0x10000;
/// Headers before the code: ELF header + two program headers.
const HEADERS: u32 = 52 + 2 * 32;
/// The data buffer every load and store reaches, and its length.
const BUF: u32 = 0x20000;
const BUF_LEN: u32 = 0x1010;
/// The reserved base register (a5), pointing at the buffer's middle.
const BASE: u8 = 15;
const BASE_ADDR: u32 = BUF + 0x800;
/// Where the epilogue stores register r: BASE_ADDR + DUMP + 4 * r.
const DUMP: i32 = 1024;

fn program_count() -> usize {
    std::env::var("RIVET_QEMU_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// `rd = v` in two instructions.
fn li(rd: u8, v: u32) -> [Inst; 2] {
    let lo = ((v & 0xfff) as i32) << 20 >> 20;
    [
        Inst::Lui {
            rd,
            imm: v.wrapping_sub(lo as u32) & 0xffff_f000,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd,
            rs1: rd,
            imm: lo,
        },
    ]
}

/// A body instruction at `i` of `n`: forward control flow only, memory through BASE,
/// BASE never written, no jalr/ecall/ebreak.
fn body_inst(rng: &mut Rng, i: usize, n: usize, regs: u64) -> Inst {
    loop {
        let inst = random_inst(rng, i, n, regs);
        let forward = 4 * (1 + rng.below((n - i) as u64) as i32);
        let inst = match inst {
            Inst::Jalr { .. } | Inst::Ecall | Inst::Ebreak => continue,
            Inst::Jal { rd, .. } => Inst::Jal {
                rd,
                offset: forward,
            },
            Inst::Branch { op, rs1, rs2, .. } => Inst::Branch {
                op,
                rs1,
                rs2,
                offset: forward,
            },
            Inst::Load { op, rd, offset, .. } => Inst::Load {
                op,
                rd,
                rs1: BASE,
                offset: offset.clamp(-2048, 2044),
            },
            Inst::Store {
                op, rs2, offset, ..
            } => Inst::Store {
                op,
                rs1: BASE,
                rs2,
                offset: offset.clamp(-2048, 2044),
            },
            other => other,
        };
        if writes(&inst) != Some(BASE) {
            return inst;
        }
    }
}

/// The register an instruction writes, if any.
fn writes(inst: &Inst) -> Option<u8> {
    match *inst {
        Inst::Lui { rd, .. }
        | Inst::Auipc { rd, .. }
        | Inst::Jal { rd, .. }
        | Inst::Jalr { rd, .. }
        | Inst::Load { rd, .. }
        | Inst::Imm { rd, .. }
        | Inst::Reg { rd, .. } => Some(rd),
        _ => None,
    }
}

/// The whole program's code for `seed`; `em` selects RV32EM (16 registers, call
/// number in t0) over RV32IM (32 registers, call number in a7).
fn code(rng: &mut Rng, em: bool) -> Vec<Inst> {
    let regs: u8 = if em { 16 } else { 32 };
    let mut code = Vec::new();
    code.extend(li(BASE, BASE_ADDR));
    for r in 1..regs {
        if r == BASE {
            continue;
        }
        let v = match rng.below(4) {
            0 => BUF + rng.below(BUF_LEN as u64) as u32,
            1 => (rng.below(64) as u32).wrapping_sub(32),
            _ => rng.u32(),
        };
        code.extend(li(r, v));
    }
    let n = 20 + rng.below(120) as usize;
    for i in 0..n {
        code.push(body_inst(rng, i, n, regs as u64));
    }
    for r in 1..regs {
        code.push(Inst::Store {
            op: StoreOp::ALL[2],
            rs1: BASE,
            rs2: r,
            offset: DUMP + 4 * r as i32,
        });
    }
    let num = if em { 5 } else { 17 };
    code.extend(li(10, 1));
    code.extend(li(11, BUF));
    code.extend(li(12, BUF_LEN));
    code.extend(li(num, 64));
    code.push(Inst::Ecall);
    code.extend(li(10, 0));
    code.extend(li(num, 93));
    code.push(Inst::Ecall);
    code
}

/// A static ELF: headers + code in an R+X segment at TEXT, the seeded buffer in an RW
/// segment at BUF.
fn elf(code: &[Inst], buf: &[u8], em: bool) -> Vec<u8> {
    let text_size = HEADERS + 4 * code.len() as u32;
    let data_off = text_size.next_multiple_of(0x1000);
    let mut b = Vec::new();
    b.extend_from_slice(b"\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0");
    let flags = if em { 0x8 } else { 0 };
    for v in [2u16, 243] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for v in [1u32, TEXT + HEADERS, 52, 0, flags] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for v in [52u16, 32, 2, 40, 0, 0] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    let text = [1u32, 0, TEXT, TEXT, text_size, text_size, 5, 0x1000];
    let data = [1u32, data_off, BUF, BUF, BUF_LEN, BUF_LEN, 6, 0x1000];
    for v in text.into_iter().chain(data) {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for inst in code {
        b.extend_from_slice(&inst.encode().to_le_bytes());
    }
    b.resize(data_off as usize, 0);
    b.extend_from_slice(buf);
    b
}

/// (exit status, stdout, stderr) of `cmd args file`.
fn run(cmd: &str, args: &[&str], file: &Path) -> (Option<i32>, Vec<u8>, String) {
    let out = Command::new(cmd)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("running {cmd}: {e} (install qemu-user for qemu-riscv32)"));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), out.stdout, err)
}

#[test]
fn random_programs_match_qemu() {
    let rivet = env!("CARGO_BIN_EXE_rivet");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qemu-random");
    std::fs::create_dir_all(&dir).unwrap();
    let count = program_count();
    let mut rng = Rng(0x0e11_2026_0000_0001);
    let (mut compared, mut instructions) = (0, 0);
    for case in 0..count {
        let em = case % 2 == 1;
        let code = code(&mut rng, em);
        let buf: Vec<u8> = (0..BUF_LEN).map(|_| rng.u32() as u8).collect();
        let file = dir.join(format!("random-{case}.{}", if em { "em" } else { "im" }));
        std::fs::write(&file, elf(&code, &buf, em)).unwrap();
        // qemu-riscv32 refuses (exit 1, silently) to run files that are not executable.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
        let ours = run(rivet, &["exec"], &file);
        let theirs = run("qemu-riscv32", &[], &file);
        assert_eq!(
            ours.0,
            Some(0),
            "{}: rivet exec failed: {}",
            file.display(),
            ours.2
        );
        assert_eq!(
            theirs.0,
            Some(0),
            "{}: qemu failed: {}",
            file.display(),
            theirs.2
        );
        assert_eq!(ours.1.len(), BUF_LEN as usize);
        if ours.1 != theirs.1 {
            let words = |b: &[u8]| -> Vec<u32> {
                b.chunks(4)
                    .map(|c| c.iter().rev().fold(0, |a, &x| a << 8 | x as u32))
                    .collect()
            };
            let (a, b) = (words(&ours.1), words(&theirs.1));
            let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap();
            panic!(
                "{}: output differs at byte {:#x}: rivet {:#010x}, qemu {:#010x}",
                file.display(),
                4 * at,
                a[at],
                b[at]
            );
        }
        compared += 1;
        instructions += code.len();
    }
    println!("{compared} random programs ({instructions} instructions) identical under rivet exec and qemu-riscv32");
    assert_eq!(compared, count);
}
