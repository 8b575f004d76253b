//! A measurement knob, nothing else: `RIVET_INTERP_SHIFT=N` (0 to 63, default 0)
//! pads the interpreter loop's prologue with N one-byte nops, moving the code after
//! it against the host's cache lines with the machine code unchanged. Built
//! through the workspace's wrapper (`scripts/rustc-workspace.sh`: loop heads on
//! 64-byte and jump-only blocks on 32-byte boundaries) the loop head stays on a
//! 64-byte line and every handler on a 32-byte one whatever N is, and the loop's
//! speed moves by at most 2.5% on a workload (1% overall) between shifts of 0
//! and 32: `LAYOUTS="0 16 32 48" bench/ab.sh` checks that. Without the wrapper
//! (LLVM's 16-byte loop alignment) the eight workloads of `bench/peers` ran
//! 8-10% slower at shifts of 16 and 32 (`src/interp.rs`, "Alignment").

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=RIVET_INTERP_SHIFT");
    let shift = match std::env::var("RIVET_INTERP_SHIFT") {
        Ok(text) => match text.parse::<u8>() {
            Ok(n) if n < 64 => n,
            _ => {
                println!("cargo::error=RIVET_INTERP_SHIFT must be 0 to 63 (bytes), not {text:?}");
                0
            }
        },
        Err(_) => 0,
    };
    println!("cargo::rustc-env=RIVET_INTERP_SHIFT_ASM=.skip {shift}, 0x90");
}
