//! A wallet account component: exports `rivet:wallet/basic`.
//!
//! Assets arrive only through note scripts (`receive-asset`) and leave only through
//! the owner's transaction script (`send-asset`), which moves them into an output note,
//! or through a consumed note's script paying that note's sender (`pay-note-sender`,
//! what a swap note does).

#![no_std]
extern crate alloc;

use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:wallet/basic-wallet",
    path: ["../../../wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
        "rivet:base/note@0.1.0": rivet_sdk::note,
    },
});

use exports::rivet::wallet::basic::Guest;
use rivet_sdk::types::{AccountId, Asset, CallerKind, Digest, NoteId};
use rivet_sdk::{account, caller, note, storage, tx};

struct Wallet;

impl Guest for Wallet {
    fn receive_asset(asset: Asset) -> Result<(), String> {
        caller::require_kind("receive-asset", CallerKind::NoteScript)?;
        storage::deposit(asset)?;
        account::incr_nonce();
        Ok(())
    }

    fn send_asset(
        asset: Asset,
        script_hash: Digest,
        recipient: AccountId,
    ) -> Result<NoteId, String> {
        caller::require_kind("send-asset", CallerKind::TxScript)?;
        storage::withdraw(asset)?;
        account::incr_nonce();
        Ok(tx::create_note(
            script_hash,
            &[asset],
            &recipient.to_inputs(),
        ))
    }

    fn pay_note_sender(asset: Asset, script_hash: Digest) -> Result<NoteId, String> {
        caller::require_kind("pay-note-sender", CallerKind::NoteScript)?;
        storage::withdraw(asset)?;
        account::incr_nonce();
        Ok(tx::create_note(
            script_hash,
            &[asset],
            &note::sender().to_inputs(),
        ))
    }

    fn balance(faucet: AccountId) -> u64 {
        account::balance(faucet)
    }
}

export!(Wallet);
