//! Caller checks: an account decides what it accepts by who is calling.
//!
//! The runtime tells each callee the code hash and kind of its caller
//! (`tx.caller-origin`, which also tells library components apart from the account's
//! own); these helpers turn a check into a `Result` whose error is a sentence the
//! transaction's author will see.

use crate::tx;
use crate::types::{CallerKind, Digest, Origin, OriginKind};
use alloc::format;
use alloc::string::String;

/// The calling component's identity and precise kind.
pub fn caller() -> Origin {
    tx::caller_origin()
}

/// A human name for a caller kind.
pub fn kind_name(kind: CallerKind) -> &'static str {
    origin_name(origin_of(kind))
}

/// A human name for an origin kind.
pub fn origin_name(kind: OriginKind) -> &'static str {
    match kind {
        OriginKind::Account => "an account",
        OriginKind::NoteScript => "a note script",
        OriginKind::TxScript => "a transaction script",
        OriginKind::Library => "a library component",
    }
}

fn origin_of(kind: CallerKind) -> OriginKind {
    match kind {
        CallerKind::Account => OriginKind::Account,
        CallerKind::NoteScript => OriginKind::NoteScript,
        CallerKind::TxScript => OriginKind::TxScript,
    }
}

/// Accepts only callers of `kind` (a library component is never one of them); `what`
/// names the refusing function in the error.
pub fn require_kind(what: &str, kind: CallerKind) -> Result<Origin, String> {
    let c = caller();
    if c.kind == origin_of(kind) {
        Ok(c)
    } else {
        Err(format!(
            "{what} accepts calls from {} only, not from {}",
            kind_name(kind),
            origin_name(c.kind)
        ))
    }
}

/// Accepts only the component whose code hash is `code_hash`.
pub fn require_code(what: &str, code_hash: &Digest) -> Result<Origin, String> {
    let c = caller();
    if c.code_hash == *code_hash {
        Ok(c)
    } else {
        Err(format!("{what} refuses a caller with another code hash"))
    }
}
