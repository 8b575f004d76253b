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
//! ```ignore
//! #![no_std]
//! rivet_sdk::wit_bindgen::generate!({ world: "counter", path: "wit" });
//! ```

#![no_std]

pub use wit_bindgen;

#[cfg(all(feature = "allocator", target_arch = "wasm32"))]
mod bump;

#[cfg(all(feature = "panic-handler", target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
