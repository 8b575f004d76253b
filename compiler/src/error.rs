//! Compile errors: every one names where (function index, byte offset) and why.

use thiserror::Error;

/// Why a module was not compiled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CompileError {
    /// wasmparser rejected the module; the message is wasmparser's own (the spec
    /// runner compares it with `assert_invalid` texts).
    #[error("{message} (at offset {offset:#x})")]
    Invalid {
        /// wasmparser's message.
        message: String,
        /// Byte offset in the module.
        offset: u64,
    },
    /// A function uses a feature contracts cannot (SIMD...).
    #[error("function {func} at offset {offset:#x}: {what}")]
    Unsupported {
        /// Function index.
        func: u32,
        /// Byte offset of the operator or type.
        offset: u64,
        /// The operator and why, e.g. `v128.const: SIMD is not supported`.
        what: String,
    },
    /// A module-level feature that is not supported (several tables, externref...).
    #[error("unsupported module feature at offset {offset:#x}: {what}")]
    UnsupportedModule {
        /// Byte offset in the module.
        offset: u64,
        /// What and why.
        what: String,
    },
    /// A configured or structural limit was exceeded.
    #[error("limit exceeded: {0}")]
    Limit(String),
    /// The package came out inconsistent (a layout that overflows its limits).
    #[error("limit exceeded: {0}")]
    Package(#[from] rivet_format::package::PackageError),
    /// The compiler broke one of its own invariants on this input (a compiler bug).
    /// Reported as an error rather than crashing the host that compiles the module.
    #[error("internal compiler error: {0} (please report this module)")]
    Internal(String),
}

impl From<wasmparser::BinaryReaderError> for CompileError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        CompileError::Invalid {
            message: e.message().to_string(),
            offset: e.offset(),
        }
    }
}

/// Why one function could not be translated (turned into [`CompileError`] or, in
/// lenient mode, into a trapping body).
#[derive(Debug)]
pub(crate) enum FuncFailure {
    Unsupported { offset: u64, what: String },
    Invalid(wasmparser::BinaryReaderError),
    Limit(String),
}

impl From<wasmparser::BinaryReaderError> for FuncFailure {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        FuncFailure::Invalid(e)
    }
}
