//! `rivet:base/signature`: signature verification as a host function.
//!
//! Contracts never carry their own cryptography: they pass a scheme, a public key, a
//! message and a signature, and the host answers with `ok` or the typed reason
//! (`verify-error`). Ed25519 uses `ed25519-dalek`'s `verify_strict` (rejects
//! small-order keys and non-canonical signatures, so one message has one valid
//! signature encoding per key). Gas is charged before any work, like a precompile:
//! [`ED25519_VERIFY_GAS`] plus [`MESSAGE_BYTE_GAS`] per message byte, on top of the
//! runtime's advice charges for the argument bytes.

use crate::vals::{self, ValError};
use ed25519_dalek::{Signature, VerifyingKey};
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{HostCx, HostCxError, HostError, HostInterface};

/// The interface name the linker resolves to this host.
pub const SIGNATURE_INTERFACE: &str = "rivet:base/signature@0.1.0";
/// Gas for one ed25519 verification (a fixed price, like a precompile).
pub const ED25519_VERIFY_GAS: u64 = 2_000;
/// Gas per byte of the signed message (ed25519 hashes it with SHA-512).
pub const MESSAGE_BYTE_GAS: u64 = 1;

/// WIT `signature.verify-error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// Wrong length or not a valid key.
    #[error("malformed public key")]
    MalformedPublicKey,
    /// Wrong length or encoding.
    #[error("malformed signature")]
    MalformedSignature,
    /// Not a signature of the message by the key.
    #[error("invalid signature")]
    InvalidSignature,
}

impl VerifyError {
    fn wit(self) -> &'static str {
        match self {
            VerifyError::MalformedPublicKey => "malformed-public-key",
            VerifyError::MalformedSignature => "malformed-signature",
            VerifyError::InvalidSignature => "invalid-signature",
        }
    }
}

/// Verifies an ed25519 signature strictly.
pub fn verify_ed25519(public_key: &[u8], message: &[u8], sig: &[u8]) -> Result<(), VerifyError> {
    let key: [u8; 32] = public_key
        .try_into()
        .map_err(|_| VerifyError::MalformedPublicKey)?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| VerifyError::MalformedPublicKey)?;
    let sig = Signature::from_slice(sig).map_err(|_| VerifyError::MalformedSignature)?;
    key.verify_strict(message, &sig)
        .map_err(|_| VerifyError::InvalidSignature)
}

/// Why a `rivet:base/signature` call trapped (as opposed to answering `err`).
#[derive(Debug, thiserror::Error)]
pub enum SignatureCallError {
    /// Gas ran out.
    #[error(transparent)]
    Tree(#[from] HostCxError),
    /// An argument of the wrong shape.
    #[error("rivet:base/signature.verify: {0}")]
    Value(#[from] ValError),
    /// A scheme this host does not know (a manifest linked against a newer WIT).
    #[error("rivet:base/signature.verify: unknown scheme {0}")]
    UnknownScheme(String),
    /// Fewer than four arguments.
    #[error("rivet:base/signature.verify: missing argument {0}")]
    MissingArgument(usize),
    /// The interface has no such function.
    #[error("rivet:base/signature has no function `{0}`")]
    NoSuchFunction(String),
}

/// The host side of `rivet:base/signature`.
#[derive(Default)]
pub struct SignatureHost;

impl SignatureHost {
    fn verify(&self, cx: &mut HostCx<'_>, args: &[Val]) -> Result<Val, SignatureCallError> {
        let arg = |i: usize| args.get(i).ok_or(SignatureCallError::MissingArgument(i));
        let scheme = match arg(0)? {
            Val::Enum(s) => s.clone(),
            other => {
                return Err(ValError::Mismatch {
                    expected: "enum scheme".into(),
                    got: format!("{other:?}"),
                }
                .into())
            }
        };
        let key = vals::bytes(arg(1)?)?;
        let message = vals::bytes(arg(2)?)?;
        let sig = vals::bytes(arg(3)?)?;
        let result = match scheme.as_str() {
            "ed25519" => {
                let per_byte = (message.len() as u64).saturating_mul(MESSAGE_BYTE_GAS);
                cx.charge(ED25519_VERIFY_GAS.saturating_add(per_byte))?;
                verify_ed25519(&key, &message, &sig)
            }
            other => return Err(SignatureCallError::UnknownScheme(other.into())),
        };
        Ok(Val::Result(match result {
            Ok(()) => Ok(None),
            Err(e) => Err(Some(Box::new(Val::Enum(e.wit().into())))),
        }))
    }
}

impl HostInterface for SignatureHost {
    fn call(
        &mut self,
        cx: &mut HostCx<'_>,
        function: &str,
        args: &[Val],
    ) -> Result<Option<Val>, HostError> {
        match function {
            "verify" => Ok(Some(self.verify(cx, args)?)),
            other => Err(SignatureCallError::NoSuchFunction(other.into()).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn ed25519_accepts_only_the_right_key_message_and_signature() {
        let k = SigningKey::from_bytes(&[7; 32]);
        let pk = k.verifying_key().to_bytes();
        let sig = k.sign(b"summary").to_bytes();
        assert_eq!(verify_ed25519(&pk, b"summary", &sig), Ok(()));
        assert_eq!(
            verify_ed25519(&pk, b"summarY", &sig),
            Err(VerifyError::InvalidSignature)
        );
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes();
        assert_eq!(
            verify_ed25519(&other, b"summary", &sig),
            Err(VerifyError::InvalidSignature)
        );
        assert_eq!(
            verify_ed25519(&pk[..31], b"summary", &sig),
            Err(VerifyError::MalformedPublicKey)
        );
        assert_eq!(
            verify_ed25519(&pk, b"summary", &sig[..63]),
            Err(VerifyError::MalformedSignature)
        );
        let mut bad = sig;
        bad[0] ^= 1;
        assert_eq!(
            verify_ed25519(&pk, b"summary", &bad),
            Err(VerifyError::InvalidSignature)
        );
    }
}
