//! Typed access to an account's storage value slots and vault.
//!
//! Storage slots hold digests; counters and amounts live in the first limb. Errors
//! become readable strings so that an export returning `result<_, string>` can pass
//! them through with `?`.

use crate::account;
use crate::asset::error_text;
use crate::types::{Asset, Digest};
use alloc::string::String;

/// Reads value slot `slot` as an integer (absent slots read 0).
pub fn get_u64(slot: u8) -> Result<u64, String> {
    account::get_item(slot)
        .map(|d| d.as_u64())
        .map_err(error_text)
}

/// Writes `v` to value slot `slot`.
pub fn set_u64(slot: u8, v: u64) -> Result<(), String> {
    account::set_item(slot, Digest::from_u64(v))
        .map(|_| ())
        .map_err(error_text)
}

/// Adds `asset` to the account's vault.
pub fn deposit(asset: Asset) -> Result<(), String> {
    account::add_asset(asset).map(|_| ()).map_err(error_text)
}

/// Removes `asset` from the account's vault.
pub fn withdraw(asset: Asset) -> Result<(), String> {
    account::remove_asset(asset).map(|_| ()).map_err(error_text)
}
