//! Caller checks: an account decides what it accepts by who is calling.
//!
//! The runtime tells each callee the code hash and kind of its caller (`tx.caller`);
//! these helpers turn a check into a `Result` whose error is a sentence the
//! transaction's author will see.

use crate::tx;
use crate::types::{CallerIdentity, CallerKind, Digest};
use alloc::format;
use alloc::string::String;

/// The calling component's identity.
pub fn caller() -> CallerIdentity {
    tx::caller()
}

/// A human name for a caller kind.
pub fn kind_name(kind: CallerKind) -> &'static str {
    match kind {
        CallerKind::Account => "an account",
        CallerKind::NoteScript => "a note script",
        CallerKind::TxScript => "a transaction script",
        CallerKind::Library => "a library component",
    }
}

/// Accepts only callers of `kind`; `what` names the refusing function in the error.
pub fn require_kind(what: &str, kind: CallerKind) -> Result<CallerIdentity, String> {
    let c = caller();
    if c.kind == kind {
        Ok(c)
    } else {
        Err(format!(
            "{what} accepts calls from {} only, not from {}",
            kind_name(kind),
            kind_name(c.kind)
        ))
    }
}

/// Accepts only the component whose code hash is `code_hash`.
pub fn require_code(what: &str, code_hash: &Digest) -> Result<CallerIdentity, String> {
    let c = caller();
    if c.code_hash == *code_hash {
        Ok(c)
    } else {
        Err(format!("{what} refuses a caller with another code hash"))
    }
}
