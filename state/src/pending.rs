//! A transaction in progress: the account as the host interfaces see it.
//!
//! The executor creates one [`PendingTx`] per transaction, lets the `rivet:base`
//! `account` and `tx` host interfaces read and write it while note scripts and the
//! transaction script run, and either turns it into a [`TxResult`] (success) or drops
//! it (trap, out of gas, refusal): nothing reaches the store until
//! [`crate::Store::commit`]. Operations check eagerly, so a contract sees an
//! [`AccountOpError`] (WIT `account-error`) the moment it overdraws, not at commit.

use crate::delta::{check_note, AccountDelta};
use crate::error::StateError;
use crate::model::{Account, AccountId, Asset, Note, NoteId, Word};
use crate::tx::TxResult;
use rivet_format::CodeHash;

/// WIT `rivet:base/types.account-error`: why a vault or storage operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountOpError {
    /// The vault holds less than requested.
    #[error("insufficient balance")]
    InsufficientBalance,
    /// The balance would exceed `u64::MAX`.
    #[error("amount overflow")]
    AmountOverflow,
    /// The unique asset is already in (add) or not in (remove) the vault.
    #[error("duplicate or missing asset")]
    DuplicateOrMissingAsset,
    /// The slot index is not declared.
    #[error("invalid slot")]
    InvalidSlot,
}

/// The working state of one transaction against one account.
#[derive(Clone, Debug)]
pub struct PendingTx {
    base: Account,
    current: Account,
    consumed: Vec<Note>,
    outputs: Vec<Note>,
    serial_seed: Word,
}

impl PendingTx {
    /// Starts a transaction on `account` (as stored). `serial_seed` makes output note
    /// serials unique and deterministic: derive it from what identifies the
    /// transaction (account, nonce, input note ids, script and arguments).
    pub fn new(account: Account, serial_seed: Word) -> PendingTx {
        PendingTx {
            current: account.clone(),
            base: account,
            consumed: Vec::new(),
            outputs: Vec::new(),
            serial_seed,
        }
    }

    /// The account as changed so far.
    pub fn account(&self) -> &Account {
        &self.current
    }

    /// The executing account's id.
    pub fn id(&self) -> AccountId {
        self.current.id
    }

    /// Records that `note` is being consumed (before its script runs); its assets
    /// become available to the account's `add-asset`.
    pub fn consume(&mut self, note: Note) {
        self.consumed.push(note);
    }

    /// Notes consumed so far.
    pub fn consumed(&self) -> &[Note] {
        &self.consumed
    }

    /// Notes created so far.
    pub fn outputs(&self) -> &[Note] {
        &self.outputs
    }

    /// WIT `account.nonce`.
    pub fn nonce(&self) -> u64 {
        self.current.nonce
    }

    /// WIT `account.incr-nonce`: at most one increment per transaction.
    pub fn incr_nonce(&mut self) -> u64 {
        if self.current.nonce == self.base.nonce {
            // A stored nonce of u64::MAX cannot move; commit reports the overflow.
            self.current.nonce = self.base.nonce.saturating_add(1);
        }
        self.current.nonce
    }

    /// WIT `account.get-item`.
    pub fn get_item(&self, slot: u8) -> Result<Word, AccountOpError> {
        self.current
            .storage
            .values
            .get(slot as usize)
            .copied()
            .ok_or(AccountOpError::InvalidSlot)
    }

    /// WIT `account.set-item`: returns the previous value.
    pub fn set_item(&mut self, slot: u8, value: Word) -> Result<Word, AccountOpError> {
        let cell = self
            .current
            .storage
            .values
            .get_mut(slot as usize)
            .ok_or(AccountOpError::InvalidSlot)?;
        Ok(std::mem::replace(cell, value))
    }

    /// WIT `account.get-map-item` (absent keys read as zero).
    pub fn get_map_item(&self, slot: u8, key: Word) -> Result<Word, AccountOpError> {
        let map = self
            .current
            .storage
            .maps
            .get(slot as usize)
            .ok_or(AccountOpError::InvalidSlot)?;
        Ok(map.get(&key).copied().unwrap_or(Word::ZERO))
    }

    /// WIT `account.get-initial-map-item`: the map entry as it was when the
    /// transaction started (absent keys read as zero).
    pub fn get_initial_map_item(&self, slot: u8, key: Word) -> Result<Word, AccountOpError> {
        let map = self
            .base
            .storage
            .maps
            .get(slot as usize)
            .ok_or(AccountOpError::InvalidSlot)?;
        Ok(map.get(&key).copied().unwrap_or(Word::ZERO))
    }

    /// WIT `account.set-map-item`: returns the previous value; zero deletes the key.
    pub fn set_map_item(
        &mut self,
        slot: u8,
        key: Word,
        value: Word,
    ) -> Result<Word, AccountOpError> {
        let map = self
            .current
            .storage
            .maps
            .get_mut(slot as usize)
            .ok_or(AccountOpError::InvalidSlot)?;
        let old = if value == Word::ZERO {
            map.remove(&key)
        } else {
            map.insert(key, value)
        };
        Ok(old.unwrap_or(Word::ZERO))
    }

    /// WIT `account.balance`.
    pub fn balance(&self, faucet: AccountId) -> u64 {
        self.current.vault.balance(faucet)
    }

    /// WIT `account.add-asset`: returns the resulting vault entry.
    pub fn add_asset(&mut self, asset: Asset) -> Result<Asset, AccountOpError> {
        let vault = &mut self.current.vault;
        match asset {
            Asset::Fungible { faucet, amount } => {
                let new = vault
                    .balance(faucet)
                    .checked_add(amount)
                    .ok_or(AccountOpError::AmountOverflow)?;
                if new != 0 {
                    vault.fungible.insert(faucet, new);
                }
                Ok(Asset::Fungible {
                    faucet,
                    amount: new,
                })
            }
            Asset::NonFungible(n) => {
                if !vault.non_fungible.insert(n) {
                    return Err(AccountOpError::DuplicateOrMissingAsset);
                }
                Ok(asset)
            }
        }
    }

    /// WIT `account.remove-asset`: returns what was removed.
    pub fn remove_asset(&mut self, asset: Asset) -> Result<Asset, AccountOpError> {
        let vault = &mut self.current.vault;
        match asset {
            Asset::Fungible { faucet, amount } => {
                let have = vault.balance(faucet);
                let left = have
                    .checked_sub(amount)
                    .ok_or(AccountOpError::InsufficientBalance)?;
                if left == 0 {
                    vault.fungible.remove(&faucet);
                } else {
                    vault.fungible.insert(faucet, left);
                }
                Ok(asset)
            }
            Asset::NonFungible(n) => {
                if !vault.non_fungible.remove(&n) {
                    return Err(AccountOpError::DuplicateOrMissingAsset);
                }
                Ok(asset)
            }
        }
    }

    /// WIT `tx.create-note`: the note's sender is the executing account and its serial
    /// is derived from the seed and its position. Shape errors (zero amounts, repeated
    /// assets, too many items) are refused here; conservation is checked at commit.
    pub fn create_note(
        &mut self,
        script: CodeHash,
        assets: Vec<Asset>,
        inputs: Vec<u64>,
    ) -> Result<NoteId, StateError> {
        let mut h = blake3::Hasher::new();
        h.update(&self.serial_seed.0);
        h.update(&(self.outputs.len() as u64).to_le_bytes());
        let note = Note {
            script,
            inputs,
            assets,
            sender: self.current.id,
            serial: Word(*h.finalize().as_bytes()),
        };
        check_note(&note)?;
        let id = note.id();
        self.outputs.push(note);
        Ok(id)
    }

    /// Finishes the transaction: checks the delta against the base account exactly as
    /// the store will (so a broken transaction fails here, with its gas known) and
    /// packages the result.
    pub fn finish(self, gas_used: u64, witness: Vec<u8>) -> Result<TxResult, StateError> {
        let delta = AccountDelta::between(&self.base, &self.current);
        let mut check = self.base.clone();
        delta.apply(&mut check, &self.consumed, &self.outputs)?;
        Ok(TxResult {
            account: self.base.id,
            base_nonce: self.base.nonce,
            delta,
            consumed: self.consumed.iter().map(Note::id).collect(),
            outputs: self.outputs,
            gas_used,
            witness,
        })
    }
}
