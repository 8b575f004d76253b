//! Calls the C `counter` and the WAT `adder` components through their WIT interfaces.

#![no_std]
extern crate alloc;

use alloc::format;
use alloc::string::String;

rivet_sdk::wit_bindgen::generate!({
    world: "rivet:counter-user/counter-user",
    path: ["../../../wit", "../counter-c/wit", "../adder-wat/wit", "wit"],
    runtime_path: "rivet_sdk::wit_bindgen::rt",
    generate_all,
    with: {
        "rivet:base/types@0.1.0": rivet_sdk::types,
        "rivet:base/account@0.1.0": rivet_sdk::account,
        "rivet:base/tx@0.1.0": rivet_sdk::tx,
    },
});

use exports::rivet::counter_user::user::Guest;
use rivet::adder::adder;
use rivet::counter::counter;

struct User;

impl Guest for User {
    fn bump(step: u64) -> Result<u64, String> {
        let before = counter::get();
        let by = adder::add(step, step);
        let after = counter::increment(by);
        if after != before.wrapping_add(by) || counter::get() != after {
            return Err(format!(
                "counter went from {before} to {after} after adding {by}"
            ));
        }
        Ok(after)
    }
}

export!(User);
