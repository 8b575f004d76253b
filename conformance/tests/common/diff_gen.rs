//! The module generator of the wasmi differential: wasm-smith configured for the
//! features Rivet supports, with termination fuel so generated loops end.

use super::{host, nan_canon, FLOATS_AND_REFERENCE_TYPES, TERMINATION_FUEL};

/// wasm-smith configured for Rivet's feature set: Wasm 2.0 core without SIMD (floats,
/// saturating conversions, multi-value, sign extension, bulk memory, reference types
/// and up to three tables); one small bounded memory; the imports of `diff_host.rs`.
/// NaNs are canonicalized after every float operation (see the module docs).
/// Traps stay allowed: wasm-smith's `disallow_traps` guards divisions with
/// `select(1, x, i32.eqz(x))`, which wasmi 2.0.0 evaluates wrongly (see
/// `tests/regressions.rs`, `wasmi_select_eqz_bug`), so the oracle itself would be wrong.
pub fn smith_config() -> wasm_smith::Config {
    use wasm_smith::{InstructionKind, InstructionKinds};
    wasm_smith::Config {
        allow_floats: FLOATS_AND_REFERENCE_TYPES,
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        exceptions_enabled: false,
        memory64_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        saturating_float_to_int_enabled: FLOATS_AND_REFERENCE_TYPES,
        canonicalize_nans: FLOATS_AND_REFERENCE_TYPES,
        extended_const_enabled: false,
        reference_types_enabled: FLOATS_AND_REFERENCE_TYPES,
        multi_value_enabled: true,
        sign_extension_ops_enabled: true,
        bulk_memory_enabled: true,
        max_memories: 1,
        max_tables: 3,
        max_table_elements: 64,
        max_memory32_bytes: 4 * 65536,
        memory_max_size_required: true,
        max_imports: 6,
        compact_imports_enabled: false,
        available_imports: Some(host::available_imports()),
        min_funcs: 2,
        max_funcs: 10,
        min_memories: 1,
        max_instructions: 200,
        max_data_segments: 4,
        max_element_segments: 4,
        max_elements: 16,
        max_globals: 8,
        export_everything: true,
        allowed_instructions: InstructionKinds::new(if FLOATS_AND_REFERENCE_TYPES {
            &[
                InstructionKind::NumericInt,
                InstructionKind::Numeric,
                InstructionKind::Parametric,
                InstructionKind::Variable,
                InstructionKind::MemoryInt,
                InstructionKind::Memory,
                InstructionKind::Control,
                InstructionKind::Reference,
                InstructionKind::Table,
            ]
        } else {
            &[
                InstructionKind::NumericInt,
                InstructionKind::Parametric,
                InstructionKind::Variable,
                InstructionKind::MemoryInt,
                InstructionKind::Control,
            ]
        }),
        ..wasm_smith::Config::default()
    }
}

/// Whether `RIVET_DIFF_LARGE=1` asks for large modules: about 40x the generator's
/// input bytes, up to 10 000 instructions per function and 4 to 16 functions, so that long
/// functions, deep operand stacks, many locals and far branches (the compiler's
/// spills, register pressure and long-branch retranslation) get exercised. The
/// default stays small so the test's run in CI is quick.
pub fn large() -> bool {
    std::env::var("RIVET_DIFF_LARGE").is_ok_and(|v| v == "1")
}

/// [`smith_config`], enlarged when [`large`].
fn config() -> wasm_smith::Config {
    let mut config = smith_config();
    if large() {
        config.max_instructions = 10000;
        config.min_funcs = 4;
        config.max_funcs = 16;
        config.max_globals = 16;
    }
    config
}

fn termination_fuel() -> u32 {
    std::env::var("RIVET_DIFF_FUEL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(TERMINATION_FUEL)
}

/// Generates the module for `seed` (deterministic), with loops and recursion bounded by
/// wasm-smith's termination fuel (exhaustion traps as `unreachable` in both engines).
pub fn generate(seed: u64) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; if large() { 160 * 1024 } else { 4096 }];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for b in bytes.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = (x >> 24) as u8;
    }
    generate_from(&bytes)
}

/// Generates a module from raw fuzzer bytes.
pub fn generate_from(data: &[u8]) -> Option<Vec<u8>> {
    let mut u = arbitrary::Unstructured::new(data);
    let mut module = wasm_smith::Module::new(config(), &mut u).ok()?;
    module.ensure_termination(termination_fuel()).ok()?;
    let wasm = module.to_bytes();
    if FLOATS_AND_REFERENCE_TYPES {
        nan_canon::canonicalize_conversions(&wasm)
    } else {
        Some(wasm)
    }
}
