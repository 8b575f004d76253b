//! The state store: packages, manifests, accounts, notes and the hash-chained log of
//! committed transactions, in one of two databases behind the [`kv`] seam: a redb
//! file in a state directory that one process at a time holds ([`dir`]; the default),
//! or a PostgreSQL database that several processes share ([`pg`],
//! [`Store::open_url`]). Everything below is written once, against [`kv`]; the
//! backends only store bytes.
//!
//! Every mutation is one write transaction: [`Store::commit`] reads the account
//! and the input notes, checks the transaction against them ([`AccountDelta::apply`]),
//! and writes the new account, the note states, the log record and the new chain head
//! before committing. Any error drops the write transaction, which the backend rolls
//! back; redb's copy-on-write commit (with fsync, `Durability::Immediate`) and
//! PostgreSQL's write-ahead log mean a crash at any moment leaves either the previous
//! or the new state, never a mix. Write transactions take turns (redb: one writer;
//! PostgreSQL: an advisory lock plus `SERIALIZABLE`); one that a concurrent writer
//! made conflict is run again from the start ([`kv::retryable`]), so its re-checks
//! see the winner's writes.
//!
//! Opening ([`Store::open`]) takes the directory's lock before touching the database,
//! runs redb's integrity check (a PostgreSQL store skips these two), checks the store format ([`FORMAT_VERSION`]) and
//! verifies the log's hash chain ([`chain`]); a damaged file is an error saying what
//! to do, never a panic (redb panics on some damaged files; the `guard` module
//! contains them).
//!
//! Tables (keys are fixed-width byte strings, values canonical encodings; the seam's
//! byte encodings of sequence numbers and `u64`s are in [`kv`]):
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
pub mod kv;
mod open;
pub mod pg;
mod redb_kv;
pub mod tree;

pub use chain::{ChainBreak, ChainHead};
pub use dir::{DB_FILE, LOCK_FILE, MARKER_FILE};
pub use kv::Table;

use crate::codec::{decode, encode, Decode};
use crate::error::StoreError;
use crate::model::{Account, AccountId, Note, NoteId};
use crate::tx::{TxId, TxResult};
use kv::{seq_key, ReadTxn, WriteTxn};
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The store format this Rivet reads and writes: 3 = hash-chained transaction log, the
/// `meta` table and the state tree with per-transaction roots (1 and 2, without them,
/// are refused with [`StoreError::Format`]).
pub const FORMAT_VERSION: u64 = 3;

/// The default state directory, relative to the working directory.
pub const DEFAULT_DIR: &str = ".rivet";

/// How many times a write transaction refused for a conflict with a concurrent
/// writer is run before [`StoreError::Contended`] (only PostgreSQL conflicts).
const WRITE_ATTEMPTS: u32 = 64;

/// Whether a stored note can still be consumed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NoteStatus {
    /// Not consumed yet.
    Unspent,
    /// Consumed by the transaction with this log sequence number.
    Consumed(u64),
}

/// The persistent state of a Rivet node or of the CLI's demo. A redb store holds its
/// state directory's lock while it lives: one `Store` per directory at a time, across
/// processes and within one (see [`dir`]); a PostgreSQL store may be open in many
/// processes at once.
pub struct Store {
    // Dropped in this order: the database closes before the lock is released.
    kv: Box<dyn kv::Backend>,
    path: PathBuf,
    repaired: bool,
    _lock: Option<dir::DirLock>,
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

    /// The database file (a PostgreSQL store: its URL without a password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backend's name: `"redb"` or `"postgres"`.
    pub fn kind(&self) -> &'static str {
        self.kv.kind()
    }

    /// Stores a package under its code hash (idempotent) and returns the hash.
    pub fn put_package(&self, package: &Package) -> Result<CodeHash, StoreError> {
        let hash = package.code_hash();
        let bytes = package.encode();
        self.write(|w| w.insert(Table::Packages, &hash.0, &bytes))?;
        Ok(hash)
    }

    /// The package with code hash `hash`.
    pub fn package(&self, hash: &CodeHash) -> Result<Option<Package>, StoreError> {
        match self.read()?.get(Table::Packages, &hash.0)? {
            None => Ok(None),
            Some(v) => Package::decode(&v)
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
            w.insert(Table::Manifests, &hash.0, &bytes)?;
            if let Some(name) = name {
                w.insert(Table::Names, name.as_bytes(), &hash.0)?;
            }
            Ok(())
        })?;
        Ok(hash)
    }

    /// The manifest with hash `hash`.
    pub fn manifest(&self, hash: &CodeHash) -> Result<Option<Manifest>, StoreError> {
        match self.read()?.get(Table::Manifests, &hash.0)? {
            None => Ok(None),
            Some(v) => Manifest::decode(&v)
                .map(Some)
                .map_err(corrupt("manifests", &hash.0)),
        }
    }

    /// The manifest last stored under `name`.
    pub fn named_manifest(&self, name: &str) -> Result<Option<Manifest>, StoreError> {
        let Some(v) = self.read()?.get(Table::Names, name.as_bytes())? else {
            return Ok(None);
        };
        let hash = <[u8; 32]>::try_from(v.as_slice())
            .map_err(|_| kv::bad_width(Table::Names, name.as_bytes(), "manifest hash", 32))?;
        self.manifest(&CodeHash(hash))
    }

    /// Creates an account (genesis or deployment); refuses an existing id.
    pub fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = account.id.to_bytes();
        let bytes = encode(account);
        self.write(|w| {
            if w.get(Table::Accounts, &key)?.is_some() {
                return Err(StoreError::AccountExists(account.id));
            }
            w.insert(Table::Accounts, &key, &bytes)?;
            tree::apply_leaves(w, &self.path, vec![crate::commit::account_leaf(account)])?;
            Ok(())
        })
    }

    /// The account with id `id`.
    pub fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        get_decoded(&*self.read()?, Table::Accounts, &id.to_bytes())
    }

    /// Every account, by id.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        all_decoded(&*self.read()?, Table::Accounts)
    }

    /// Adds a note from outside any transaction (genesis); refuses an existing id.
    pub fn insert_note(&self, note: &Note) -> Result<NoteId, StoreError> {
        crate::delta::check_note(note)?;
        let id = note.id();
        let bytes = encode(note);
        self.write(|w| {
            if w.get(Table::Notes, &id.0)?.is_some() {
                return Err(StoreError::NoteExists(id));
            }
            w.insert(Table::Notes, &id.0, &bytes)?;
            w.insert(Table::NoteState, &id.0, &0u64.to_le_bytes())?;
            tree::apply_leaves(w, &self.path, vec![crate::commit::note_leaf(note)])?;
            Ok(())
        })?;
        Ok(id)
    }

    /// The note with id `id` and whether it is spent.
    pub fn note(&self, id: &NoteId) -> Result<Option<(Note, NoteStatus)>, StoreError> {
        let r = self.read()?;
        let Some(note) = get_decoded::<Note>(&*r, Table::Notes, &id.0)? else {
            return Ok(None);
        };
        Ok(Some((note, note_status(&*r, id)?)))
    }

    /// Every note with its status, by id.
    pub fn notes(&self) -> Result<Vec<(Note, NoteStatus)>, StoreError> {
        let r = self.read()?;
        let mut states = BTreeMap::new();
        for (k, v) in r.scan(Table::NoteState)? {
            let s = kv::u64_value(Table::NoteState, &k, &v)?;
            states.insert(k, s);
        }
        let mut out = Vec::new();
        for note in all_decoded::<Note>(&*r, Table::Notes)? {
            let s = states.get(note.id().0.as_slice()).copied();
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
        let mut out = Vec::new();
        for (key, v) in self.read()?.scan(Table::TxLog)? {
            let seq = kv::seq_of(Table::TxLog, &key)?;
            let (_, bytes) = chain::split(&v).map_err(corrupt("tx_log", &key))?;
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
        let r = self.read()?;
        let recorded = read_head(&*r, &self.path)?;
        let mut verifier = chain::Verifier::default();
        for (k, v) in r.scan(Table::TxLog)? {
            verifier.push(kv::seq_of(Table::TxLog, &k)?, &v)?;
        }
        verifier.finish(recorded)
    }

    /// The recorded head of the transaction log (length and last link): keep it to
    /// check later that the log up to here is unchanged.
    pub fn chain_head(&self) -> Result<ChainHead, StoreError> {
        read_head(&*self.read()?, &self.path)
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
            seq = commit_in(w, &self.path, tx, &bytes)?;
            Ok(())
        })?;
        Ok((seq, id))
    }

    /// Copies every entry of store `from` (any backend) into this store, in one write
    /// transaction, if this store holds no account and no logged transaction yet:
    /// how a PostgreSQL database gets the state a state directory was given (`rivet
    /// demo`, `rivet account new`). Returns whether it copied; a store that is not
    /// empty is left alone (two processes seeding one database at once copy once).
    pub fn seed_from(&self, from: &Store) -> Result<bool, StoreError> {
        let r = from.read()?;
        let mut tables = Vec::with_capacity(Table::ALL.len());
        for t in Table::ALL {
            tables.push((t, r.scan(t)?));
        }
        drop(r);
        let mut copied = false;
        self.write(|w| {
            copied = false;
            if read_head(&*w, &self.path)?.len != 0 || !w.scan(Table::Accounts)?.is_empty() {
                return Ok(());
            }
            for (t, entries) in &tables {
                for (k, v) in entries {
                    w.insert(*t, k, v)?;
                }
            }
            copied = true;
            Ok(())
        })?;
        if copied {
            self.verify_chain()?;
        }
        Ok(copied)
    }

    /// A read transaction on the latest committed state.
    fn read(&self) -> Result<Box<dyn ReadTxn + '_>, StoreError> {
        self.kv.begin_read()
    }

    /// Runs `f` in one write transaction and commits it only when `f` succeeds. A
    /// transaction a concurrent writer made conflict is run again from the start
    /// (`f` re-reads everything), up to [`WRITE_ATTEMPTS`] times.
    fn write(
        &self,
        mut f: impl FnMut(&mut dyn WriteTxn) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for attempt in 0..WRITE_ATTEMPTS {
            let mut w = self.kv.begin_write()?;
            let result = match f(&mut *w) {
                Ok(()) => w.commit(),
                Err(e) => {
                    // Rolls back everything `f` wrote.
                    w.abort()?;
                    Err(e)
                }
            };
            match result {
                Err(e) if kv::retryable(&e) => {
                    let pause = 1 + (attempt as u64).min(20) * (std::process::id() as u64 % 7 + 1);
                    std::thread::sleep(std::time::Duration::from_millis(pause));
                }
                other => return other,
            }
        }
        Err(StoreError::Contended {
            attempts: WRITE_ATTEMPTS,
        })
    }
}

/// The checks and writes of [`Store::commit`] inside write transaction `w`; returns
/// the new record's sequence number.
fn commit_in(
    w: &mut dyn WriteTxn,
    path: &Path,
    tx: &TxResult,
    bytes: &[u8],
) -> Result<u64, StoreError> {
    let key = tx.account.to_bytes();
    let mut account: Account =
        get_decoded(&*w, Table::Accounts, &key)?.ok_or(StoreError::UnknownAccount(tx.account))?;
    if account.nonce != tx.base_nonce {
        return Err(StoreError::StaleNonce {
            account: tx.account,
            executed: tx.base_nonce,
            stored: account.nonce,
        });
    }
    let head = read_head(&*w, path)?;
    let seq = head.len;
    let mut consumed = Vec::with_capacity(tx.consumed.len());
    for nid in &tx.consumed {
        let note: Note =
            get_decoded(&*w, Table::Notes, &nid.0)?.ok_or(StoreError::UnknownNote(*nid))?;
        if note_status(&*w, nid)? != NoteStatus::Unspent {
            return Err(StoreError::NoteConsumed(*nid));
        }
        // Marking it now also catches the same note listed twice.
        w.insert(Table::NoteState, &nid.0, &(seq + 1).to_le_bytes())?;
        consumed.push(note);
    }
    let before = account.clone();
    tx.delta.apply(&mut account, &consumed, &tx.outputs)?;
    for note in &tx.outputs {
        let nid = note.id();
        if w.get(Table::Notes, &nid.0)?.is_some() {
            return Err(StoreError::NoteExists(nid));
        }
        w.insert(Table::Notes, &nid.0, &encode(note))?;
        w.insert(Table::NoteState, &nid.0, &0u64.to_le_bytes())?;
    }
    w.insert(Table::Accounts, &key, &encode(&account))?;
    w.insert(
        Table::TxLog,
        &seq_key(seq),
        &chain::record(&head.hash, bytes),
    )?;
    w.insert(Table::Meta, b"head", &head.append(bytes).encode())?;
    // The state tree: the account's new commitment, a nullifier per consumed
    // note, a leaf per created note; the replaced account state is kept so
    // that this transaction's bundle can be exported later.
    let old = crate::commit::account_commitment(&before);
    let mut leaves = vec![crate::commit::account_leaf(&account)];
    leaves.extend(consumed.iter().map(crate::commit::nullifier_leaf));
    leaves.extend(tx.outputs.iter().map(crate::commit::note_leaf));
    let (old_root, new_root) = tree::apply_leaves(w, path, leaves)?;
    if old != crate::commit::account_commitment(&account) {
        w.insert(Table::AccountVersions, &old.0, &encode(&before))?;
    }
    w.insert(
        Table::TxRoots,
        &seq_key(seq),
        &tree::join_roots(&old_root, &new_root),
    )?;
    Ok(seq)
}

/// The log's head from the `meta` table.
fn read_head(r: &(impl ReadTxn + ?Sized), path: &Path) -> Result<ChainHead, StoreError> {
    let v = r.get(Table::Meta, b"head")?;
    v.and_then(|v| ChainHead::decode(&v))
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid log `head`"))
}

fn note_status(r: &(impl ReadTxn + ?Sized), id: &NoteId) -> Result<NoteStatus, StoreError> {
    let s = match r.get(Table::NoteState, &id.0)? {
        Some(v) => Some(kv::u64_value(Table::NoteState, &id.0, &v)?),
        None => None,
    };
    Ok(status(s))
}

fn status(v: Option<u64>) -> NoteStatus {
    match v {
        None | Some(0) => NoteStatus::Unspent,
        Some(n) => NoteStatus::Consumed(n - 1),
    }
}

fn get_decoded<T: Decode>(
    r: &(impl ReadTxn + ?Sized),
    table: Table,
    key: &[u8],
) -> Result<Option<T>, StoreError> {
    match r.get(table, key)? {
        None => Ok(None),
        Some(v) => decode(&v, table.name())
            .map(Some)
            .map_err(corrupt(table.name(), key)),
    }
}

fn all_decoded<T: Decode>(r: &(impl ReadTxn + ?Sized), table: Table) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for (k, v) in r.scan(table)? {
        out.push(decode(&v, table.name()).map_err(corrupt(table.name(), &k))?);
    }
    Ok(out)
}
