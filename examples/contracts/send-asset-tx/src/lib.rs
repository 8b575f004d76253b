//! Transaction script: `run([faucet.prefix, faucet.suffix, amount, script-hash limbs
//! 0..4, recipient.prefix, recipient.suffix])` sends `amount` of the faucet's asset from
//! the executing wallet in a note for `script-hash` (e.g. p2id) and `recipient`.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:send-asset-tx/send-asset-tx",
    path: ["../../../wit", "../basic-wallet/wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use rivet::wallet::basic;
use rivet_sdk::types::{AccountId, Asset, Digest};

struct Send;

impl Guest for Send {
    fn run(args: alloc::vec::Vec<u64>) -> Result<(), String> {
        let [fp, fs, amount, h0, h1, h2, h3, rp, rs] = args[..] else {
            return Err(format!(
                "send-asset-tx takes 9 arguments, got {}",
                args.len()
            ));
        };
        let asset = Asset::fungible(AccountId::new(fp, fs), amount);
        let script = Digest {
            w0: h0,
            w1: h1,
            w2: h2,
            w3: h3,
        };
        basic::send_asset(asset, script, AccountId::new(rp, rs))?;
        Ok(())
    }
}

export!(Send);
