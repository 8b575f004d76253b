//! The state store: one redb database file holding packages, manifests, accounts,
//! notes and the hash-chained log of committed transactions, in a state directory
//! that one writer at a time holds ([`dir`]).
//!
//! Every mutation is one redb write transaction: [`Store::commit`] reads the account
//! and the input notes, checks the transaction against them ([`AccountDelta::apply`]),
//! and writes the new account, the note states, the log record and the new chain head
//! before committing. Any error drops the write transaction, which redb rolls back;
//! redb's copy-on-write commit (with fsync, `Durability::Immediate`) means a crash at
//! any moment leaves either the previous or the new state on disk, never a mix.
//!
//! Opening ([`Store::open`]) takes the directory's lock before touching the database,
//! runs redb's integrity check, checks the store format ([`FORMAT_VERSION`]) and
//! verifies the log's hash chain ([`chain`]); a damaged file is an error saying what
//! to do, never a panic (redb panics on some damaged files; the `guard` module
//! contains them).
//!
//! Tables (keys are fixed-width byte strings, values canonical encodings):
//!
//! | table        | key                | value                                   |
//! |--------------|--------------------|-----------------------------------------|
//! | `meta`       | `"format"`         | [`FORMAT_VERSION`], u64 little-endian   |
//! | `meta`       | `"head"`           | the log's [`ChainHead`] ([`chain`])     |
//! | `packages`   | code hash          | `Package::encode`                       |
//! | `manifests`  | manifest hash      | `Manifest::encode`                      |
//! | `names`      | name (UTF-8)       | manifest hash (named manifests)         |
//! | `accounts`   | account id (16 B)  | [`Account`]                             |
//! | `notes`      | note id            | [`Note`]                                |
//! | `note_state` | note id            | 0 = unspent, n+1 = consumed by log #n   |
//! | `tx_log`     | sequence number    | previous link, then [`TxResult`] ([`chain`]) |
//!
//! plus the state tree's tables (`smt_nodes`, `tx_roots`, `account_versions` and
//! `meta.root`, see [`tree`]): every write below that changes accounts or notes also
//! updates the state root in the same write transaction.
//!
//! [`AccountDelta::apply`]: crate::AccountDelta::apply

pub mod chain;
pub mod dir;
mod guard;
mod open;
pub mod tree;

pub use chain::{ChainBreak, ChainHead};
pub use dir::{DB_FILE, LOCK_FILE, MARKER_FILE};

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
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");

/// The store format this Rivet reads and writes: 3 = hash-chained transaction log, the
/// `meta` table and the state tree with per-transaction roots (1 and 2, without them,
/// are refused with [`StoreError::Format`]).
pub const FORMAT_VERSION: u64 = 3;

/// The default state directory, relative to the working directory.
pub const DEFAULT_DIR: &str = ".rivet";

/// Whether a stored note can still be consumed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NoteStatus {
    /// Not consumed yet.
    Unspent,
    /// Consumed by the transaction with this log sequence number.
    Consumed(u64),
}

/// The persistent state of a Rivet node or of the CLI's demo. Holds its state
/// directory's lock while it lives: one `Store` per directory at a time, across
/// processes and within one (see [`dir`]).
pub struct Store {
    // Dropped in this order: the database closes before the lock is released.
    db: Database,
    path: PathBuf,
    repaired: bool,
    _lock: dir::DirLock,
}

fn corrupt(
    table: &'static str,
    key: &[u8],
) -> impl FnOnce(rivet_format::codec::FormatError) -> StoreError {
    let key: String = key.iter().map(|b| format!("{b:02x}")).collect();
    move |source| StoreError::Corrupt { table, key, source }
}

impl Store {
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
            drop(t);
            tree::apply_leaves(w, &self.path, vec![crate::commit::account_leaf(account)])?;
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
            drop(notes);
            tree::apply_leaves(w, &self.path, vec![crate::commit::note_leaf(note)])?;
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
            let key = seq.to_be_bytes();
            let (_, bytes) = chain::split(v.value()).map_err(corrupt("tx_log", &key))?;
            let tx: TxResult = decode(bytes, "transaction").map_err(corrupt("tx_log", &key))?;
            out.push((seq, tx.id(), tx));
        }
        Ok(out)
    }

    /// Verifies the whole transaction log against its recorded head: every record
    /// decodes, has the next sequence number and commits to the record before it.
    /// Returns the head; [`StoreError::Chain`] names the first broken record.
    /// [`Store::open`] runs it, so a store that opened had an intact chain.
    pub fn verify_chain(&self) -> Result<ChainHead, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let recorded = read_head(&r.open_table(META).map_err(StoreError::db)?, &self.path)?;
        let log = r.open_table(TX_LOG).map_err(StoreError::db)?;
        let mut verifier = chain::Verifier::default();
        for entry in log.iter().map_err(StoreError::db)? {
            let (k, v) = entry.map_err(StoreError::db)?;
            verifier.push(k.value(), v.value())?;
        }
        verifier.finish(recorded)
    }

    /// The recorded head of the transaction log (length and last link): keep it to
    /// check later that the log up to here is unchanged.
    pub fn chain_head(&self) -> Result<ChainHead, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        read_head(&r.open_table(META).map_err(StoreError::db)?, &self.path)
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
    /// appends it to the chained log, all in one database transaction. On any error nothing
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
            let mut meta = w.open_table(META)?;
            let head = read_head(&meta, &self.path)?;
            seq = head.len;
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
            let before = account.clone();
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
            log.insert(seq, chain::record(&head.hash, &bytes).as_slice())?;
            meta.insert("head", head.append(&bytes).encode().as_slice())?;
            drop((accounts, notes, state, log, meta));
            // The state tree: the account's new commitment, a nullifier per consumed
            // note, a leaf per created note; the replaced account state is kept so
            // that this transaction's bundle can be exported later.
            let old = crate::commit::account_commitment(&before);
            let mut leaves = vec![crate::commit::account_leaf(&account)];
            leaves.extend(consumed.iter().map(crate::commit::nullifier_leaf));
            leaves.extend(tx.outputs.iter().map(crate::commit::note_leaf));
            let (old_root, new_root) = tree::apply_leaves(w, &self.path, leaves)?;
            if old != crate::commit::account_commitment(&account) {
                w.open_table(tree::ACCOUNT_VERSIONS)?
                    .insert(&old.0, encode(&before).as_slice())?;
            }
            w.open_table(tree::TX_ROOTS)?
                .insert(seq, &tree::join_roots(&old_root, &new_root))?;
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

/// The log's head from the `meta` table.
fn read_head(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &Path,
) -> Result<ChainHead, StoreError> {
    let v = t.get("head").map_err(StoreError::db)?;
    v.and_then(|v| ChainHead::decode(v.value()))
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid log `head`"))
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
