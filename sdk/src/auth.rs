//! Helpers for authentication components (world `rivet:base/auth-component`).
//!
//! Convention shared with the host (`rivet_state::auth::keys`): an auth component
//! keeps its public keys in storage **map slot 0** under the keys [`key_index`]`(i)`,
//! digests whose first two limbs spell `rivet:auth/key` and whose third limb is the
//! key's position (0 for a single key, 0..3 for a 2-of-3 multisig). Map keys are
//! digests, so other components may use map slot 0 with their own keys without
//! colliding. An auth component checks the transaction against the keys as they were
//! when it started ([`initial_key`]), so a transaction that rotates the key is
//! authorized by the old key, and the new key signs from the next transaction on.

use crate::account;
use crate::asset::error_text;
use crate::signature::{self, Scheme, VerifyError};
use crate::types::Digest;
use alloc::format;
use alloc::string::String;
use core::fmt;

/// Why a key could not be read or replaced, or a signature was refused; converts into
/// the sentence an export of WIT type `result<_, string>` hands its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// Reading key `index` failed (the account lacks the map slot).
    KeyUnreadable {
        /// The key's position.
        index: u64,
        /// The account's reason.
        reason: String,
    },
    /// Key `index` was never installed.
    KeyNotSet {
        /// The key's position.
        index: u64,
    },
    /// The zero digest was offered as a new key.
    ZeroKey,
    /// Storing the new key failed.
    Store(String),
    /// The host refused the signature.
    Signature(VerifyError),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::KeyUnreadable { index, reason } => write!(
                f,
                "auth key {index}: {reason} (the account needs storage map slot {KEY_SLOT})"
            ),
            AuthError::KeyNotSet { index } => write!(
                f,
                "auth key {index} is not set in storage map slot {KEY_SLOT}"
            ),
            AuthError::ZeroKey => f.write_str("the zero digest is not a public key"),
            AuthError::Store(reason) => f.write_str(reason),
            AuthError::Signature(e) => f.write_str(verify_error_text(*e)),
        }
    }
}

impl core::error::Error for AuthError {}

/// The sentence a `result<_, string>` export hands its caller.
impl From<AuthError> for String {
    fn from(e: AuthError) -> String {
        format!("{e}")
    }
}

/// The storage map slot holding auth keys.
pub const KEY_SLOT: u8 = 0;

/// The map key under which public key number `i` is stored.
pub const fn key_index(i: u64) -> Digest {
    Digest {
        w0: u64::from_le_bytes(*b"rivet:au"),
        w1: u64::from_le_bytes(*b"th/key\0\0"),
        w2: i,
        w3: 0,
    }
}

/// Public key `i` as it was when the transaction started; the zero digest (no key
/// installed) is an error naming the account's missing setup.
pub fn initial_key(i: u64) -> Result<Digest, AuthError> {
    let k = account::get_initial_map_item(KEY_SLOT, key_index(i)).map_err(|e| {
        AuthError::KeyUnreadable {
            index: i,
            reason: error_text(e),
        }
    })?;
    if k == Digest::ZERO {
        return Err(AuthError::KeyNotSet { index: i });
    }
    Ok(k)
}

/// Replaces public key `i` (visible to the next transaction's [`initial_key`]).
pub fn set_key(i: u64, key: Digest) -> Result<(), AuthError> {
    if key == Digest::ZERO {
        return Err(AuthError::ZeroKey);
    }
    account::set_map_item(KEY_SLOT, key_index(i), key)
        .map(|_| ())
        .map_err(|e| AuthError::Store(error_text(e)))
}

/// A readable reason for a refused signature.
pub fn verify_error_text(e: VerifyError) -> &'static str {
    match e {
        VerifyError::MalformedPublicKey => "malformed public key",
        VerifyError::MalformedSignature => "malformed signature",
        VerifyError::InvalidSignature => "invalid signature",
    }
}

/// Checks an ed25519 signature of the transaction summary by `key` (host-verified).
pub fn verify_ed25519(key: &Digest, summary: &Digest, sig: &[u8]) -> Result<(), AuthError> {
    signature::verify(Scheme::Ed25519, &key.to_bytes(), &summary.to_bytes(), sig)
        .map_err(AuthError::Signature)
}

/// Short hex of a key's first bytes, for error messages.
pub fn short(key: &Digest) -> String {
    let b = key.to_bytes();
    format!(
        "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        b[0], b[1], b[2], b[3], b[4], b[5]
    )
}
