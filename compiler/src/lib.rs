//! The Rivet compiler: a WebAssembly core module becomes an RV32EM package.
//!
//! [`compile`] validates the module with wasmparser (Wasm 2.0 features), rejects
//! what contracts cannot use (SIMD, several tables...) with the function
//! index, byte offset and operator, and translates each function in a single pass
//! (the `func` module documents the value-stack register allocator, local pinning
//! and the frame layout). Validation and translation share that pass: every
//! operator is decoded once and goes to the validator, then to the translator;
//! errors are still reported as if the module had been validated first.
//! Floats are bit patterns in integer registers; arithmetic calls the embedded
//! soft-float library (`softfloat`), whose functions are translated once per process
//! (`libcode`) and copied into the packages that use them. Emitting goes through an
//! inlined encoder (`encode`) for the hot instruction forms.
//! The result is a [`Package`]: code, layout, imports, exports, segments, the
//! custom sections verbatim (the WIT world) and debug info. The conventions the code
//! follows (registers, calling convention, `ecall` numbers, traps) are in
//! [`rivet_format::abi`]; the data-memory layout is in [`rivet_format::package`],
//! reference values and table memory in [`rivet_format::table`] (`tables` places the
//! tables, `func::table` translates the table and reference operators).

mod asm;
mod encode;
mod env;
mod error;
mod func;
mod islands;
mod libcode;
mod module;
mod names;
mod softfloat;
mod tables;

pub use error::CompileError;
pub use rivet_format::package::Package;

/// What to do with functions that use unsupported operators or types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnsupportedMode {
    /// Refuse the module (the default).
    #[default]
    Reject,
    /// Compile such functions into bodies that trap with
    /// [`TrapCode::Unsupported`](rivet_format::abi::TrapCode::Unsupported) and note
    /// the reason in the debug info (for spec tests mixing SIMD and scalar code).
    Trap,
}

/// Compiler settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileOptions {
    /// Cap on linear memory in 64 KiB pages (the declared maximum is capped to it).
    pub max_memory_pages: u32,
    /// Call stack size in bytes (bounds recursion deterministically); the stack's top
    /// is rounded up to a whole host page (`rivet_format::package::MEMORY_ALIGN`), so
    /// the stack may be up to 4 KiB larger.
    pub stack_size: u32,
    /// Cap on the table size in elements.
    pub max_table_elements: u32,
    /// Unsupported functions: reject the module or compile them to traps.
    pub unsupported_functions: UnsupportedMode,
    /// Foreign-function slots reserved in a module whose imports or exports carry
    /// function references (see `Layout::foreign_funcs` in rivet-format): how many
    /// distinct functions of other instances one instance can hold. Modules without
    /// such imports or exports get none.
    pub foreign_funcs: u32,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            max_memory_pages: 256,
            stack_size: 1 << 20,
            max_table_elements: 1 << 16,
            unsupported_functions: UnsupportedMode::Reject,
            foreign_funcs: 256,
        }
    }
}

/// Compiles a Wasm core module into a package.
pub fn compile(wasm: &[u8], opts: &CompileOptions) -> Result<Package, CompileError> {
    // Contracts are untrusted input: should a module still reach a broken internal
    // invariant (a bug), the host gets an error instead of a crash.
    std::panic::catch_unwind(|| module::compile(wasm, opts)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(CompileError::Internal(what))
    })
}
