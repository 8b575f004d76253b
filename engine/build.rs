//! A measurement knob, nothing else: `RIVET_INTERP_SHIFT=N` (0 to 63, default 0)
//! builds the interpreter loop N bytes further from its 64-byte boundary, moving
//! every handler against the host's cache lines and predictor tables with the
//! machine code unchanged. The loop's speed on x86-64 depends on that placement by
//! up to 9% per workload (`src/interp.rs`, "Alignment"), so a change to the loop
//! is judged over several shifts (`bench/ab.sh` with `LAYOUTS`), not at the one
//! placement the default build happens to give it.

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
