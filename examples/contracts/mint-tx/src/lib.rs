//! Transaction script: `run([amount, script-hash limbs 0..4, recipient.prefix,
//! recipient.suffix])` mints `amount` from the executing faucet into a note for
//! `script-hash` (e.g. p2id) and `recipient`.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:mint-tx/mint-tx",
    path: ["../../../wit", "../fungible-faucet/wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use rivet::faucet::fungible;
use rivet_sdk::types::{AccountId, Digest};

struct Mint;

impl Guest for Mint {
    fn run(args: alloc::vec::Vec<u64>) -> Result<(), String> {
        let [amount, h0, h1, h2, h3, rp, rs] = args[..] else {
            return Err(format!("mint-tx takes 7 arguments, got {}", args.len()));
        };
        let script = Digest {
            w0: h0,
            w1: h1,
            w2: h2,
            w3: h3,
        };
        fungible::mint(amount, script, AccountId::new(rp, rs))?;
        Ok(())
    }
}

export!(Mint);
