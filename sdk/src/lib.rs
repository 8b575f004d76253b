//! Guest-side support for Rivet contracts written in Rust.
//!
//! A Rivet contract is a `#![no_std]` `cdylib` built for `wasm32-unknown-unknown`
//! whose interface is generated from WIT by `wit-bindgen` (re-exported here, so a
//! contract needs no other dependency). Every call runs in a fresh context whose memory
//! is thrown away afterwards, so the global allocator is a bump allocator that never
//! frees: allocation is a few instructions and its behaviour (and therefore its gas) is
//! fully deterministic. A panic traps with `unreachable`, which the runtime reports as a
//! trap in the calling contract.
//!
//! The `rivet:base` host interfaces are bound once, here ([`types`], [`account`],
//! [`note`], [`tx`]); a contract maps them with wit-bindgen's `with` option and uses
//! the helpers in [`asset`], [`caller`] and [`storage`]:
//!
//! ```ignore
//! #![no_std]
//! rivet_sdk::wit_bindgen::generate!({
//!     world: "rivet:wallet/wallet-account",
//!     path: ["../../../wit", "wit"],
//!     runtime_path: "rivet_sdk::wit_bindgen::rt",
//!     with: {
//!         "rivet:base/types@0.1.0": rivet_sdk::types,
//!         "rivet:base/account@0.1.0": rivet_sdk::account,
//!         "rivet:base/tx@0.1.0": rivet_sdk::tx,
//!     },
//! });
//! ```

#![no_std]

extern crate alloc;

pub use wit_bindgen;

pub mod asset;
pub mod caller;
pub mod storage;

#[allow(missing_docs, clippy::all)]
mod bindings {
    wit_bindgen::generate!({
        world: "rivet:sdk/imports",
        path: ["../wit", "wit"],
        generate_all,
        additional_derives: [PartialEq, Eq],
    });
}

pub use bindings::rivet::base::{account, note, tx, types};
pub use types::{
    AccountError, AccountId, Asset, CallerIdentity, CallerKind, Digest, FungibleAsset,
};

#[cfg(all(feature = "allocator", target_arch = "wasm32"))]
mod bump;

#[cfg(all(feature = "panic-handler", target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
