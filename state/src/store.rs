//! The state store: one redb database file holding packages, manifests, accounts,
//! notes and the log of committed transactions.
//!
//! Every mutation is one redb write transaction: [`Store::commit`] reads the account
//! and the input notes, checks the transaction against them ([`AccountDelta::apply`]),
//! and writes the new account, the note states and the log entry before committing.
//! Any error drops the write transaction, which redb rolls back; redb's copy-on-write
//! commit (with fsync, `Durability::Immediate`) means a crash at any moment leaves
//! either the previous or the new state on disk, never a mix.
//!
//! Tables (keys are fixed-width byte strings, values canonical encodings):
//!
//! | table        | key                | value                                   |
//! |--------------|--------------------|-----------------------------------------|
//! | `packages`   | code hash          | `Package::encode`                       |
//! | `manifests`  | manifest hash      | `Manifest::encode`                      |
//! | `names`      | name (UTF-8)       | manifest hash (named manifests)         |
//! | `accounts`   | account id (16 B)  | [`Account`]                             |
//! | `notes`      | note id            | [`Note`]                                |
//! | `note_state` | note id            | 0 = unspent, n+1 = consumed by log #n   |
//! | `tx_log`     | sequence number    | [`TxResult`]                            |

use crate::codec::{decode, encode, Decode};
use crate::error::StoreError;
use crate::model::{Account, AccountId, Note, NoteId};
use crate::tx::{TxId, TxResult};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const PACKAGES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("packages");
const MANIFESTS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("manifests");
const NAMES: TableDefinition<&str, &[u8; 32]> = TableDefinition::new("names");
const ACCOUNTS: TableDefinition<&[u8; 16], &[u8]> = TableDefinition::new("accounts");
const NOTES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("notes");
const NOTE_STATE: TableDefinition<&[u8; 32], u64> = TableDefinition::new("note_state");
const TX_LOG: TableDefinition<u64, &[u8]> = TableDefinition::new("tx_log");

/// The default state directory, relative to the working directory.
pub const DEFAULT_DIR: &str = ".rivet";
/// The database file inside the state directory.
pub const DB_FILE: &str = "state.redb";

/// Whether a stored note can still be consumed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NoteStatus {
    /// Not consumed yet.
    Unspent,
    /// Consumed by the transaction with this log sequence number.
    Consumed(u64),
}

/// The persistent state of a Rivet node or of the CLI's demo.
pub struct Store {
    db: Database,
    path: PathBuf,
}

fn corrupt(
    table: &'static str,
    key: &[u8],
) -> impl FnOnce(rivet_format::codec::FormatError) -> StoreError {
    let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
    move |source| StoreError::Corrupt { table, key, source }
}

impl Store {
    /// Opens (creating if needed) the store in directory `dir` (file [`DB_FILE`]).
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        let db = Database::create(&path).map_err(StoreError::db)?;
        let store = Store { db, path };
        // Create every table up front so readers never see a missing table.
        let w = store.db.begin_write().map_err(StoreError::db)?;
        {
            w.open_table(PACKAGES).map_err(StoreError::db)?;
            w.open_table(MANIFESTS).map_err(StoreError::db)?;
            w.open_table(NAMES).map_err(StoreError::db)?;
            w.open_table(ACCOUNTS).map_err(StoreError::db)?;
            w.open_table(NOTES).map_err(StoreError::db)?;
            w.open_table(NOTE_STATE).map_err(StoreError::db)?;
            w.open_table(TX_LOG).map_err(StoreError::db)?;
        }
        w.commit().map_err(StoreError::db)?;
        Ok(store)
    }

    /// Opens the store in [`DEFAULT_DIR`] under the working directory.
    pub fn open_default() -> Result<Store, StoreError> {
        Store::open(DEFAULT_DIR)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores a package under its code hash (idempotent) and returns the hash.
    pub fn put_package(&self, package: &Package) -> Result<CodeHash, StoreError> {
        let hash = package.code_hash();
        let bytes = package.encode();
        self.write(|w| {
            w.open_table(PACKAGES)?.insert(&hash.0, bytes.as_slice())?;
            Ok(())
        })?;
        Ok(hash)
    }

    /// The package with code hash `hash`.
    pub fn package(&self, hash: &CodeHash) -> Result<Option<Package>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(PACKAGES).map_err(StoreError::db)?;
        match t.get(&hash.0).map_err(StoreError::db)? {
            None => Ok(None),
            Some(v) => Package::decode(v.value())
                .map(Some)
                .map_err(corrupt("packages", &hash.0)),
        }
    }

    /// Stores a manifest under its hash and, with `name`, records it under that name.
    pub fn put_manifest(
        &self,
        manifest: &Manifest,
        name: Option<&str>,
    ) -> Result<CodeHash, StoreError> {
        let hash = manifest.hash();
        let bytes = manifest.encode();
        self.write(|w| {
            w.open_table(MANIFESTS)?.insert(&hash.0, bytes.as_slice())?;
            if let Some(name) = name {
                w.open_table(NAMES)?.insert(name, &hash.0)?;
            }
            Ok(())
        })?;
        Ok(hash)
    }

    /// The manifest with hash `hash`.
    pub fn manifest(&self, hash: &CodeHash) -> Result<Option<Manifest>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(MANIFESTS).map_err(StoreError::db)?;
        match t.get(&hash.0).map_err(StoreError::db)? {
            None => Ok(None),
            Some(v) => Manifest::decode(v.value())
                .map(Some)
                .map_err(corrupt("manifests", &hash.0)),
        }
    }

    /// The manifest last stored under `name`.
    pub fn named_manifest(&self, name: &str) -> Result<Option<Manifest>, StoreError> {
        let hash = {
            let r = self.db.begin_read().map_err(StoreError::db)?;
            let t = r.open_table(NAMES).map_err(StoreError::db)?;
            match t.get(name).map_err(StoreError::db)? {
                None => return Ok(None),
                Some(v) => CodeHash(*v.value()),
            }
        };
        self.manifest(&hash)
    }

    /// Creates an account (genesis or deployment); refuses an existing id.
    pub fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = account.id.to_bytes();
        let bytes = encode(account);
        self.write(|w| {
            let mut t = w.open_table(ACCOUNTS)?;
            if t.get(&key)?.is_some() {
                return Err(StoreError::AccountExists(account.id));
            }
            t.insert(&key, bytes.as_slice())?;
            Ok(())
        })
    }

    /// The account with id `id`.
    pub fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(ACCOUNTS).map_err(StoreError::db)?;
        get_decoded(&t, "accounts", &id.to_bytes())
    }

    /// Every account, by id.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(ACCOUNTS).map_err(StoreError::db)?;
        all_decoded(&t, "accounts")
    }

    /// Adds a note from outside any transaction (genesis); refuses an existing id.
    pub fn insert_note(&self, note: &Note) -> Result<NoteId, StoreError> {
        crate::delta::check_note(note)?;
        let id = note.id();
        let bytes = encode(note);
        self.write(|w| {
            let mut notes = w.open_table(NOTES)?;
            if notes.get(&id.0)?.is_some() {
                return Err(StoreError::NoteExists(id));
            }
            notes.insert(&id.0, bytes.as_slice())?;
            w.open_table(NOTE_STATE)?.insert(&id.0, 0)?;
            Ok(())
        })?;
        Ok(id)
    }

    /// The note with id `id` and whether it is spent.
    pub fn note(&self, id: &NoteId) -> Result<Option<(Note, NoteStatus)>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let notes = r.open_table(NOTES).map_err(StoreError::db)?;
        let state = r.open_table(NOTE_STATE).map_err(StoreError::db)?;
        let Some(note) = get_decoded::<Note, _>(&notes, "notes", &id.0)? else {
            return Ok(None);
        };
        let s = state.get(&id.0).map_err(StoreError::db)?.map(|v| v.value());
        Ok(Some((note, status(s))))
    }

    /// Every note with its status, by id.
    pub fn notes(&self) -> Result<Vec<(Note, NoteStatus)>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let notes = r.open_table(NOTES).map_err(StoreError::db)?;
        let state = r.open_table(NOTE_STATE).map_err(StoreError::db)?;
        let mut out = Vec::new();
        for note in all_decoded::<Note, _>(&notes, "notes")? {
            let s = state
                .get(&note.id().0)
                .map_err(StoreError::db)?
                .map(|v| v.value());
            out.push((note, status(s)));
        }
        Ok(out)
    }

    /// Unspent notes, by id.
    pub fn unspent_notes(&self) -> Result<Vec<Note>, StoreError> {
        Ok(self
            .notes()?
            .into_iter()
            .filter(|(_, s)| *s == NoteStatus::Unspent)
            .map(|(n, _)| n)
            .collect())
    }

    /// Committed transactions in order: (sequence number, id, result).
    pub fn transactions(&self) -> Result<Vec<(u64, TxId, TxResult)>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(TX_LOG).map_err(StoreError::db)?;
        let mut out = Vec::new();
        for entry in t.iter().map_err(StoreError::db)? {
            let (k, v) = entry.map_err(StoreError::db)?;
            let seq = k.value();
            let tx: TxResult =
                decode(v.value(), "transaction").map_err(corrupt("tx_log", &seq.to_be_bytes()))?;
            out.push((seq, tx.id(), tx));
        }
        Ok(out)
    }

    /// Total of every fungible asset held in vaults and unspent notes, per faucet:
    /// what conservation keeps constant except for minting.
    pub fn fungible_totals(&self) -> Result<BTreeMap<AccountId, u128>, StoreError> {
        let mut totals = BTreeMap::new();
        for a in self.accounts()? {
            for (f, v) in a.vault.fungible {
                *totals.entry(f).or_insert(0u128) += v as u128;
            }
        }
        for n in self.unspent_notes()? {
            for asset in n.assets {
                if let crate::model::Asset::Fungible { faucet, amount } = asset {
                    *totals.entry(faucet).or_insert(0u128) += amount as u128;
                }
            }
        }
        Ok(totals)
    }

    /// Commits a transaction atomically: checks it against the stored account and
    /// notes, applies its delta, marks its inputs consumed, stores its outputs and
    /// appends it to the log, all in one database transaction. On any error nothing
    /// changes. Returns the log sequence number and the transaction id.
    pub fn commit(&self, tx: &TxResult) -> Result<(u64, TxId), StoreError> {
        let id = tx.id();
        let bytes = encode(tx);
        let mut seq = 0;
        self.write(|w| {
            let mut accounts = w.open_table(ACCOUNTS)?;
            let key = tx.account.to_bytes();
            let mut account: Account = get_decoded(&accounts, "accounts", &key)?
                .ok_or(StoreError::UnknownAccount(tx.account))?;
            if account.nonce != tx.base_nonce {
                return Err(StoreError::StaleNonce {
                    account: tx.account,
                    executed: tx.base_nonce,
                    stored: account.nonce,
                });
            }
            let mut notes = w.open_table(NOTES)?;
            let mut state = w.open_table(NOTE_STATE)?;
            let mut log = w.open_table(TX_LOG)?;
            seq = match log.last()? {
                Some((k, _)) => k.value() + 1,
                None => 0,
            };
            let mut consumed = Vec::with_capacity(tx.consumed.len());
            for nid in &tx.consumed {
                let note: Note =
                    get_decoded(&notes, "notes", &nid.0)?.ok_or(StoreError::UnknownNote(*nid))?;
                let s = state.get(&nid.0)?.map(|v| v.value());
                if status(s) != NoteStatus::Unspent {
                    return Err(StoreError::NoteConsumed(*nid));
                }
                // Marking it now also catches the same note listed twice.
                state.insert(&nid.0, seq + 1)?;
                consumed.push(note);
            }
            tx.delta.apply(&mut account, &consumed, &tx.outputs)?;
            for note in &tx.outputs {
                let nid = note.id();
                if notes.get(&nid.0)?.is_some() {
                    return Err(StoreError::NoteExists(nid));
                }
                notes.insert(&nid.0, encode(note).as_slice())?;
                state.insert(&nid.0, 0)?;
            }
            accounts.insert(&key, encode(&account).as_slice())?;
            log.insert(seq, bytes.as_slice())?;
            Ok(())
        })?;
        Ok((seq, id))
    }

    /// Runs `f` in one write transaction and commits it only when `f` succeeds.
    fn write(
        &self,
        f: impl FnOnce(&redb::WriteTransaction) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let w = self.db.begin_write().map_err(StoreError::db)?;
        match f(&w) {
            Ok(()) => w.commit().map_err(StoreError::db),
            Err(e) => {
                // Rolls back everything `f` wrote.
                w.abort().map_err(StoreError::db)?;
                Err(e)
            }
        }
    }
}

fn status(v: Option<u64>) -> NoteStatus {
    match v {
        None | Some(0) => NoteStatus::Unspent,
        Some(n) => NoteStatus::Consumed(n - 1),
    }
}

fn get_decoded<T: Decode, const N: usize>(
    t: &impl ReadableTable<&'static [u8; N], &'static [u8]>,
    table: &'static str,
    key: &[u8; N],
) -> Result<Option<T>, StoreError> {
    match t.get(key).map_err(StoreError::db)? {
        None => Ok(None),
        Some(v) => decode(v.value(), table)
            .map(Some)
            .map_err(corrupt(table, key)),
    }
}

fn all_decoded<T: Decode, const N: usize>(
    t: &impl ReadableTable<&'static [u8; N], &'static [u8]>,
    table: &'static str,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::with_capacity(t.len().map_err(StoreError::db)? as usize);
    for entry in t.iter().map_err(StoreError::db)? {
        let (k, v) = entry.map_err(StoreError::db)?;
        out.push(decode(v.value(), table).map_err(corrupt(table, k.value()))?);
    }
    Ok(out)
}
