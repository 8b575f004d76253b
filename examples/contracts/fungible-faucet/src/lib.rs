//! A fungible faucet account component: exports `rivet:faucet/fungible`.
//!
//! Storage slot 0 holds the supply cap, slot 1 the amount issued so far. Minting puts
//! the faucet's own asset straight into an output note: the only way assets come into
//! existence (the runtime's conservation check allows it for the issuing faucet only).

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:faucet/fungible-faucet",
    path: ["../../../wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use exports::rivet::faucet::fungible::Guest;
use rivet_sdk::types::{AccountId, Asset, CallerKind, Digest, NoteId};
use rivet_sdk::{account, caller, storage, tx};

/// Storage slot of the supply cap.
const CAP_SLOT: u8 = 0;
/// Storage slot of the amount issued so far.
const ISSUED_SLOT: u8 = 1;

struct Faucet;

impl Guest for Faucet {
    fn mint(amount: u64, script_hash: Digest, recipient: AccountId) -> Result<NoteId, String> {
        caller::require_kind("mint", CallerKind::TxScript)?;
        if amount == 0 {
            return Err(String::from("mint: amount must be positive"));
        }
        let cap = storage::get_u64(CAP_SLOT)?;
        let issued = storage::get_u64(ISSUED_SLOT)?;
        let total = issued
            .checked_add(amount)
            .filter(|t| *t <= cap)
            .ok_or_else(|| {
                format!(
                    "mint: {amount} more would exceed the supply cap ({issued} of {cap} issued)"
                )
            })?;
        storage::set_u64(ISSUED_SLOT, total)?;
        account::incr_nonce();
        let asset = Asset::fungible(account::id(), amount);
        Ok(tx::create_note(
            script_hash,
            &[asset],
            &recipient.to_inputs(),
        ))
    }

    fn issued() -> u64 {
        storage::get_u64(ISSUED_SLOT).unwrap_or(0)
    }

    fn max_supply() -> u64 {
        storage::get_u64(CAP_SLOT).unwrap_or(0)
    }
}

export!(Faucet);
