//! `auth-none`: the authentication component of a public account.
//!
//! Every transaction against the account is accepted: what it may do is decided by the
//! account's other components alone (a faucet's supply cap, a counter's overflow
//! check). A proof is refused rather than ignored, so a signer who thinks the account
//! is key-protected learns otherwise.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:auth-none/auth-none",
    path: ["../../../wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
        "rivet:base/signature@0.1.0": rivet_sdk::signature,
    },
});

struct AuthNone;

impl Guest for AuthNone {
    fn authenticate(_summary: Digest, proof: alloc::vec::Vec<u8>) -> Result<(), String> {
        if proof.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "auth-none: this account is public and takes no proof ({} bytes given)",
                proof.len()
            ))
        }
    }
}

export!(AuthNone);
