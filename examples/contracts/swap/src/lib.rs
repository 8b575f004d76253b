//! The swap note script: the note carries the offered asset(s) A; its inputs
//! `[faucet.prefix, faucet.suffix, amount, script-hash limbs 0..4]` name the asset B
//! wanted in return and the script of the note that pays it (e.g. p2id). Consuming
//! the note puts A in the consumer's wallet (`receive-asset`) and moves B from that
//! wallet into a new note for the note's creator (`pay-note-sender`). Both happen in
//! the consumer's transaction, so the swap is atomic: when the wallet cannot pay B the
//! script returns the error and the whole transaction is refused, nothing committed.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:swap/swap",
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
use rivet_sdk::note;
use rivet_sdk::types::{AccountId, Asset, Digest};

struct Swap;

impl Guest for Swap {
    fn run() -> Result<(), String> {
        let inputs = note::inputs();
        let [fp, fs, amount, h0, h1, h2, h3] = inputs[..] else {
            return Err(format!(
                "swap needs 7 inputs (wanted faucet x2, amount, payback script x4), got {}",
                inputs.len()
            ));
        };
        if amount == 0 {
            return Err(String::from("swap: the wanted amount must not be zero"));
        }
        for asset in note::assets() {
            basic::receive_asset(asset)?;
        }
        let wanted = Asset::fungible(AccountId::new(fp, fs), amount);
        let script = Digest {
            w0: h0,
            w1: h1,
            w2: h2,
            w3: h3,
        };
        basic::pay_note_sender(wanted, script)
            .map_err(|e| format!("swap: paying {amount} back to the note's creator: {e}"))?;
        Ok(())
    }
}

export!(Swap);
