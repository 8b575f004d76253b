//! Typed access to an account's storage value slots and vault.
//!
//! Storage slots hold digests; counters and amounts live in the first limb. Failures
//! are a [`StorageError`]; it converts into the readable `string` an export of WIT type
//! `result<_, string>` returns, so such an export passes it on with `?` (the text
//! the caller sees is [`error_text`] of the host's reason, as before).

use crate::account;
use crate::asset::error_text;
use crate::types::{AccountError, Asset, Digest};
use alloc::string::String;
use core::fmt;

/// The host refused a storage or vault operation; the reason is the host's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageError(pub AccountError);

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error_text(self.0))
    }
}

impl core::error::Error for StorageError {}

impl From<AccountError> for StorageError {
    fn from(e: AccountError) -> Self {
        StorageError(e)
    }
}

/// The text a `result<_, string>` export hands its caller.
impl From<StorageError> for String {
    fn from(e: StorageError) -> String {
        error_text(e.0)
    }
}

/// Reads value slot `slot` as an integer (absent slots read 0).
pub fn get_u64(slot: u8) -> Result<u64, StorageError> {
    Ok(account::get_item(slot)?.as_u64())
}

/// Writes `v` to value slot `slot`.
pub fn set_u64(slot: u8, v: u64) -> Result<(), StorageError> {
    account::set_item(slot, Digest::from_u64(v))?;
    Ok(())
}

/// Adds `asset` to the account's vault.
pub fn deposit(asset: Asset) -> Result<(), StorageError> {
    account::add_asset(asset)?;
    Ok(())
}

/// Removes `asset` from the account's vault.
pub fn withdraw(asset: Asset) -> Result<(), StorageError> {
    account::remove_asset(asset)?;
    Ok(())
}
