//! Account deltas and the rules that applying one enforces.
//!
//! A delta is the difference a transaction makes to its account: new contents of the
//! storage slots it changed, the net change of each fungible balance, the unique assets
//! added and removed, and whether the nonce moved. [`AccountDelta::between`] computes
//! it from the account before and after execution; [`AccountDelta::apply`] replays it
//! on the stored account and refuses it unless
//!
//! * every slot exists, no balance underflows or overflows, unique assets are removed
//!   only when present and added only when absent;
//! * a state change comes with a nonce increment;
//! * assets are **conserved**: for every faucet, what the consumed notes bring in equals
//!   what the output notes take out plus the vault's net change. The only exception is
//!   a faucet account creating its own asset (minting).

use crate::error::StateError;
use crate::model::{Account, AccountId, AccountKind, Asset, NonFungible, Note, Word};
use std::collections::{BTreeMap, BTreeSet};

/// Most assets a note may carry.
pub const MAX_NOTE_ASSETS: usize = 256;
/// Most input words a note may carry.
pub const MAX_NOTE_INPUTS: usize = 1024;

/// The vault part of a delta.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct VaultDelta {
    /// Net balance change per faucet (never zero).
    pub fungible: BTreeMap<AccountId, i128>,
    /// Unique assets added.
    pub added: BTreeSet<NonFungible>,
    /// Unique assets removed.
    pub removed: BTreeSet<NonFungible>,
}

/// What a transaction changes in its account.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct AccountDelta {
    /// New contents of changed value slots.
    pub values: BTreeMap<u8, Word>,
    /// New contents of changed map entries ([`Word::ZERO`] deletes).
    pub maps: BTreeMap<(u8, Word), Word>,
    /// Vault changes.
    pub vault: VaultDelta,
    /// Whether the nonce goes up by one.
    pub nonce_incremented: bool,
}

impl AccountDelta {
    /// True when storage and vault are unchanged (the nonce may still move).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.maps.is_empty()
            && self.vault.fungible.is_empty()
            && self.vault.added.is_empty()
            && self.vault.removed.is_empty()
    }

    /// The delta that turns `before` into `after` (same account; code and kind are not
    /// part of a delta).
    pub fn between(before: &Account, after: &Account) -> AccountDelta {
        let mut d = AccountDelta {
            nonce_incremented: after.nonce != before.nonce,
            ..AccountDelta::default()
        };
        for (i, v) in after.storage.values.iter().enumerate() {
            if before.storage.values.get(i) != Some(v) {
                d.values.insert(i as u8, *v);
            }
        }
        let empty = BTreeMap::new();
        for (i, map) in after.storage.maps.iter().enumerate() {
            let old = before.storage.maps.get(i).unwrap_or(&empty);
            for (k, v) in map {
                if old.get(k) != Some(v) {
                    d.maps.insert((i as u8, *k), *v);
                }
            }
            for k in old.keys() {
                if !map.contains_key(k) {
                    d.maps.insert((i as u8, *k), Word::ZERO);
                }
            }
        }
        let faucets: BTreeSet<_> = before
            .vault
            .fungible
            .keys()
            .chain(after.vault.fungible.keys())
            .collect();
        for f in faucets {
            let change = after.vault.balance(*f) as i128 - before.vault.balance(*f) as i128;
            if change != 0 {
                d.vault.fungible.insert(*f, change);
            }
        }
        d.vault.added = &after.vault.non_fungible - &before.vault.non_fungible;
        d.vault.removed = &before.vault.non_fungible - &after.vault.non_fungible;
        d
    }

    /// Applies the delta to `account` for a transaction that consumed `consumed` and
    /// created `outputs`, checking every rule in the module docs. On error `account`
    /// is unchanged.
    pub fn apply(
        &self,
        account: &mut Account,
        consumed: &[Note],
        outputs: &[Note],
    ) -> Result<(), StateError> {
        for n in outputs {
            check_note(n)?;
        }
        let mut next = account.clone();
        let id = account.id;
        for (slot, v) in &self.values {
            let declared = next.storage.values.len();
            let cell = next.storage.values.get_mut(*slot as usize).ok_or(
                StateError::InvalidValueSlot {
                    account: id,
                    slot: *slot,
                    declared,
                },
            )?;
            *cell = *v;
        }
        for ((slot, key), v) in &self.maps {
            let declared = next.storage.maps.len();
            let map =
                next.storage
                    .maps
                    .get_mut(*slot as usize)
                    .ok_or(StateError::InvalidMapSlot {
                        account: id,
                        slot: *slot,
                        declared,
                    })?;
            if *v == Word::ZERO {
                map.remove(key);
            } else {
                map.insert(*key, *v);
            }
        }
        for (faucet, change) in &self.vault.fungible {
            let have = next.vault.balance(*faucet);
            let new = have as i128 + change;
            if new < 0 {
                return Err(StateError::InsufficientBalance {
                    account: id,
                    faucet: *faucet,
                    have,
                    want: change.unsigned_abs(),
                });
            }
            let new = u64::try_from(new).map_err(|_| StateError::AmountOverflow {
                account: id,
                faucet: *faucet,
            })?;
            if new == 0 {
                next.vault.fungible.remove(faucet);
            } else {
                next.vault.fungible.insert(*faucet, new);
            }
        }
        for a in &self.vault.removed {
            if !next.vault.non_fungible.remove(a) {
                return Err(StateError::MissingAsset {
                    account: id,
                    asset: *a,
                });
            }
        }
        for a in &self.vault.added {
            if !next.vault.non_fungible.insert(*a) {
                return Err(StateError::DuplicateAsset {
                    account: id,
                    asset: *a,
                });
            }
        }
        if self.nonce_incremented {
            next.nonce = next
                .nonce
                .checked_add(1)
                .ok_or(StateError::NonceOverflow { account: id })?;
        } else if !self.is_empty() {
            return Err(StateError::NonceNotIncremented { account: id });
        }
        self.check_conservation(account, consumed, outputs)?;
        *account = next;
        Ok(())
    }

    /// Inputs + vault decrease must equal outputs + vault increase, per asset.
    fn check_conservation(
        &self,
        account: &Account,
        consumed: &[Note],
        outputs: &[Note],
    ) -> Result<(), StateError> {
        let id = account.id;
        let may_mint = |faucet: AccountId| account.kind == AccountKind::Faucet && faucet == id;
        // Units created per faucet: out - in.
        let mut created: BTreeMap<AccountId, i128> = BTreeMap::new();
        // Unique assets: times out - times in.
        let mut unique: BTreeMap<NonFungible, i64> = BTreeMap::new();
        let mut flow = |assets: &[Asset], sign: i128| {
            for a in assets {
                match a {
                    Asset::Fungible { faucet, amount } => {
                        *created.entry(*faucet).or_default() += sign * *amount as i128
                    }
                    Asset::NonFungible(n) => *unique.entry(*n).or_default() += sign as i64,
                }
            }
        };
        for n in consumed {
            flow(&n.assets, -1);
        }
        for n in outputs {
            flow(&n.assets, 1);
        }
        for (faucet, change) in &self.vault.fungible {
            *created.entry(*faucet).or_default() += change;
        }
        for a in &self.vault.added {
            *unique.entry(*a).or_default() += 1;
        }
        for a in &self.vault.removed {
            *unique.entry(*a).or_default() -= 1;
        }
        for (faucet, c) in created {
            if c != 0 && !(c > 0 && may_mint(faucet)) {
                return Err(StateError::NotConserved {
                    account: id,
                    faucet,
                    created: c,
                });
            }
        }
        for (asset, c) in unique {
            if c != 0 && !(c == 1 && may_mint(asset.faucet)) {
                return Err(StateError::NonFungibleNotConserved { account: id, asset });
            }
        }
        Ok(())
    }
}

/// Checks a note's shape: bounded sizes, positive amounts, no asset listed twice.
pub fn check_note(note: &Note) -> Result<(), StateError> {
    let fail = |reason: String| StateError::InvalidNote {
        note: note.id(),
        reason,
    };
    if note.assets.len() > MAX_NOTE_ASSETS {
        return Err(fail(format!(
            "{} assets (at most {MAX_NOTE_ASSETS})",
            note.assets.len()
        )));
    }
    if note.inputs.len() > MAX_NOTE_INPUTS {
        return Err(fail(format!(
            "{} inputs (at most {MAX_NOTE_INPUTS})",
            note.inputs.len()
        )));
    }
    let mut fungible = BTreeSet::new();
    let mut unique = BTreeSet::new();
    for a in &note.assets {
        match a {
            Asset::Fungible { faucet, amount } => {
                if *amount == 0 {
                    return Err(fail(format!("zero amount of faucet {faucet}'s asset")));
                }
                if !fungible.insert(*faucet) {
                    return Err(fail(format!("faucet {faucet}'s asset listed twice")));
                }
            }
            Asset::NonFungible(n) => {
                if !unique.insert(*n) {
                    return Err(fail(format!("{n:?} listed twice")));
                }
            }
        }
    }
    Ok(())
}
