//! Builds the RV32 test programs in `tests/programs/` with the cross compiler.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The cross compiler the programs need.
pub const CC: &str = "riscv64-unknown-elf-gcc";

/// Which ISA to build for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `-march=rv32im -mabi=ilp32` (syscall number in a7; runs under qemu too).
    Im,
    /// `-march=rv32em -mabi=ilp32e` (syscall number in t0).
    Em,
}

impl Target {
    fn flags(self) -> [&'static str; 2] {
        match self {
            Target::Im => ["-march=rv32im", "-mabi=ilp32"],
            Target::Em => ["-march=rv32em", "-mabi=ilp32e"],
        }
    }
    fn suffix(self) -> &'static str {
        match self {
            Target::Im => "rv32im",
            Target::Em => "rv32em",
        }
    }
}

/// `tests/programs/` in the repository.
pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join("programs")
}

/// Panics with an install hint unless `tool --version` runs.
pub fn require_tool(tool: &str, package: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{tool}` is not installed: these tests need it (Debian: apt-get install -y {package})"
    );
}

/// Compiles `name` (`name.c` with the runtime, or a standalone `name.S`) for `target`
/// into `out_dir`, with extra `-D` definitions; returns the ELF path.
pub fn build(name: &str, target: Target, out_dir: &Path, defines: &[&str]) -> PathBuf {
    require_tool(CC, "gcc-riscv64-unknown-elf");
    let src = programs_dir();
    std::fs::create_dir_all(out_dir).expect("create output dir");
    let out = out_dir.join(format!("{name}.{}", target.suffix()));
    let mut cmd = Command::new(CC);
    cmd.args(target.flags())
        .args(["-nostdlib", "-static", "-O2", "-ffreestanding", "-Wall"])
        .arg("-I")
        .arg(src.join("rt"))
        .arg("-o")
        .arg(&out);
    for d in defines {
        cmd.arg(format!("-D{d}"));
    }
    let asm = src.join(format!("{name}.S"));
    if asm.exists() {
        cmd.arg(asm);
    } else {
        cmd.arg(src.join("rt/start.S"))
            .arg(src.join("rt/rt.c"))
            .arg(src.join(format!("{name}.c")))
            .arg("-lgcc");
    }
    let o = cmd.output().expect("run the cross compiler");
    assert!(
        o.status.success(),
        "building {name} for {target:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}
