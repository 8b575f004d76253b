//! Caller checks: an account decides what it accepts by who is calling.
//!
//! The runtime tells each callee the code hash and kind of its caller
//! (`tx.caller-origin`, which also tells library components apart from the account's
//! own); these helpers turn a check into a `Result` whose error, a [`CallerError`],
//! converts into the sentence the transaction's author sees (an export of WIT type
//! `result<_, string>` passes it on with `?`).

use crate::tx;
use crate::types::{CallerKind, Digest, Origin, OriginKind};
use alloc::format;
use alloc::string::String;
use core::fmt;

/// The caller is not one a function accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerError<'a> {
    /// The caller is of another kind than required.
    WrongKind {
        /// The refusing function.
        what: &'a str,
        /// The kind it accepts.
        expected: CallerKind,
        /// The caller's precise kind (a library component is never an accepted kind).
        actual: OriginKind,
    },
    /// The caller's code hash is not the one required.
    WrongCode {
        /// The refusing function.
        what: &'a str,
    },
}

impl fmt::Display for CallerError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from(self.clone()))
    }
}

impl core::error::Error for CallerError<'_> {}

/// The sentence a `result<_, string>` export hands its caller.
impl From<CallerError<'_>> for String {
    fn from(e: CallerError<'_>) -> String {
        match e {
            CallerError::WrongKind {
                what,
                expected,
                actual,
            } => format!(
                "{what} accepts calls from {} only, not from {}",
                kind_name(expected),
                origin_name(actual)
            ),
            CallerError::WrongCode { what } => {
                format!("{what} refuses a caller with another code hash")
            }
        }
    }
}

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
pub fn require_kind(what: &str, kind: CallerKind) -> Result<Origin, CallerError<'_>> {
    let c = caller();
    if c.kind == origin_of(kind) {
        Ok(c)
    } else {
        Err(CallerError::WrongKind {
            what,
            expected: kind,
            actual: c.kind,
        })
    }
}

/// Accepts only the component whose code hash is `code_hash`.
pub fn require_code<'a>(what: &'a str, code_hash: &Digest) -> Result<Origin, CallerError<'a>> {
    let c = caller();
    if c.code_hash == *code_hash {
        Ok(c)
    } else {
        Err(CallerError::WrongCode { what })
    }
}
