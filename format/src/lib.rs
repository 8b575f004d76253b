//! Formats shared by every Rivet stage.
//!
//! Data flows one way through Rivet: wasm -> package -> manifest -> context -> engine.
//! Every byte format that crosses a stage boundary lives here, so that the producer and
//! the consumer of a format can never disagree about it (the PolkaVM `program.rs` idea):
//!
//! * [`program`]: the raw executable form the engine loads (code words, data, entry).
//! * [`gas`]: the per-instruction gas schedule, charged per basic block.
//! * [`abi`]: the core calling convention between compiled code, the runtime and the
//!   host (register roles, `ecall` numbers, trap codes).
//! * [`rv32`]: RV32I/E + M instruction encodings (emit, decode, disassemble).
//! * [`hash`]: blake3 code hashes, the identity of packages and manifests.
//! * [`manifest`]: the linked component graph, keyed by package code hashes.
//! * [`codec`]: the bounded little-endian reader/writer every format is built on;
//!   decoding never trusts its input and reports the byte offset of what is wrong.

pub mod abi;
pub mod codec;
pub mod gas;
pub mod hash;
pub mod manifest;
pub mod package;
pub mod program;
pub mod rv32;
pub mod table;

pub use codec::FormatError;
pub use hash::CodeHash;
