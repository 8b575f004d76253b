//! The pay-to-id note script: inputs `[prefix, suffix]` name the only account that may
//! consume the note; its assets go to that account's wallet (`receive-asset`).

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:p2id/p2id",
    path: ["../../../wit", "../basic-wallet/wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/note@0.1.0": rivet_sdk::note,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use rivet::wallet::basic;
use rivet_sdk::types::AccountId;
use rivet_sdk::{note, tx};

struct P2id;

impl Guest for P2id {
    fn run() -> Result<(), String> {
        let inputs = note::inputs();
        let target = AccountId::from_inputs(&inputs).ok_or_else(|| {
            format!(
                "p2id needs 2 inputs (the target account id), got {}",
                inputs.len()
            )
        })?;
        let consumer = tx::executing_account();
        if consumer != target {
            return Err(format!(
                "p2id note is for account {:x}:{:x}, not {:x}:{:x}",
                target.prefix, target.suffix, consumer.prefix, consumer.suffix
            ));
        }
        for asset in note::assets() {
            basic::receive_asset(asset)?;
        }
        Ok(())
    }
}

export!(P2id);
