//! `auth-multisig`: an account owned by three ed25519 keys, any two of which sign.
//!
//! Keys 0, 1 and 2 live in storage map slot 0 (`rivet_sdk::auth` convention). The
//! proof is a sequence of 65-byte entries `[key index, 64-byte signature]`; the
//! transaction is accepted when at least two distinct keys signed its summary. Any
//! malformed entry, unknown index, repeated signer or invalid signature refuses the
//! transaction with its reason. On success the nonce is incremented.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:auth-multisig/auth-multisig",
    path: ["../../../wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
        "rivet:base/signature@0.1.0": rivet_sdk::signature,
    },
});

use exports::rivet::auth_multisig::multisig;
use rivet_sdk::types::CallerKind;
use rivet_sdk::{account, auth, caller};

/// Number of keys.
const KEYS: u8 = 3;
/// Signatures needed.
const THRESHOLD: usize = 2;
/// One proof entry: key index and signature.
const ENTRY: usize = 65;

struct AuthMultisig;

impl Guest for AuthMultisig {
    fn authenticate(summary: Digest, proof: Vec<u8>) -> Result<(), String> {
        if proof.len() % ENTRY != 0 {
            return Err(format!(
                "auth-multisig: the proof is {} bytes, not a sequence of {ENTRY}-byte [key index, signature] entries",
                proof.len()
            ));
        }
        let mut signed = [false; KEYS as usize];
        for entry in proof.chunks_exact(ENTRY) {
            let index = entry[0];
            if index >= KEYS {
                return Err(format!(
                    "auth-multisig: no key {index} (keys are 0..{KEYS})"
                ));
            }
            if signed[index as usize] {
                return Err(format!("auth-multisig: key {index} signed twice"));
            }
            let key = auth::initial_key(index as u64)?;
            auth::verify_ed25519(&key, &summary, &entry[1..]).map_err(|e| {
                format!(
                    "auth-multisig: key {index}: {e}: not a signature of this transaction's summary {}",
                    auth::short(&summary)
                )
            })?;
            signed[index as usize] = true;
        }
        let count = signed.iter().filter(|s| **s).count();
        if count < THRESHOLD {
            return Err(format!(
                "auth-multisig: {count} of {KEYS} keys signed, {THRESHOLD} needed"
            ));
        }
        account::incr_nonce();
        Ok(())
    }
}

impl multisig::Guest for AuthMultisig {
    fn public_key(index: u8) -> Result<Digest, String> {
        Ok(auth::initial_key(index as u64)?)
    }

    fn replace_key(index: u8, new_key: Digest) -> Result<(), String> {
        caller::require_kind("replace-key", CallerKind::TxScript)?;
        if index >= KEYS {
            return Err(format!("replace-key: no key {index} (keys are 0..{KEYS})"));
        }
        auth::set_key(index as u64, new_key)?;
        account::incr_nonce();
        Ok(())
    }
}

export!(AuthMultisig);
