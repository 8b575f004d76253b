//! The embedded backend: the [`kv`](super::kv) seam over one redb file, whose tables
//! keep the typed keys and values of store format 3 (fixed-width byte arrays, `u64`
//! sequence numbers, `&str` names), so files written before the seam existed open
//! unchanged. This module converts between those types and the seam's byte
//! encodings; nothing else in the store sees redb's types.
//!
//! redb allows one write transaction at a time (others wait), so write transactions
//! never conflict and [`kv::retryable`](super::kv::retryable) never applies here.

use super::kv::{bad_width, Backend, Entries, ReadTxn, Table, WriteTxn};
use crate::error::StoreError;
use redb::{
    Database, Key, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition, Value,
    WriteTransaction,
};

pub(crate) const PACKAGES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("packages");
pub(crate) const MANIFESTS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("manifests");
pub(crate) const NAMES: TableDefinition<&str, &[u8; 32]> = TableDefinition::new("names");
pub(crate) const ACCOUNTS: TableDefinition<&[u8; 16], &[u8]> = TableDefinition::new("accounts");
pub(crate) const NOTES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("notes");
pub(crate) const NOTE_STATE: TableDefinition<&[u8; 32], u64> = TableDefinition::new("note_state");
pub(crate) const TX_LOG: TableDefinition<u64, &[u8]> = TableDefinition::new("tx_log");
pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub(crate) const NODES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("smt_nodes");
pub(crate) const TX_ROOTS: TableDefinition<u64, &[u8; 64]> = TableDefinition::new("tx_roots");
pub(crate) const ACCOUNT_VERSIONS: TableDefinition<&[u8; 32], &[u8]> =
    TableDefinition::new("account_versions");

/// A redb key type and its byte encoding in the seam.
trait KeyBytes: Key + 'static {
    /// Runs `f` on the typed key `bytes` encodes.
    fn with<R>(
        t: Table,
        bytes: &[u8],
        f: impl FnOnce(Self::SelfType<'_>) -> R,
    ) -> Result<R, StoreError>;
    /// The seam's bytes of a typed key.
    fn bytes(v: Self::SelfType<'_>) -> Vec<u8>;
}

/// A redb value type and its byte encoding in the seam.
trait ValueBytes: Value + 'static {
    /// Runs `f` on the typed value `bytes` encodes.
    fn with<R>(
        t: Table,
        bytes: &[u8],
        f: impl FnOnce(Self::SelfType<'_>) -> R,
    ) -> Result<R, StoreError>;
    /// The seam's bytes of a typed value.
    fn bytes(v: Self::SelfType<'_>) -> Vec<u8>;
}

macro_rules! array_bytes {
    ($trait:ident, $($n:literal),*) => {$(
        impl $trait for &'static [u8; $n] {
            fn with<R>(t: Table, b: &[u8], f: impl FnOnce(&[u8; $n]) -> R) -> Result<R, StoreError> {
                let a: &[u8; $n] = b.try_into().map_err(|_| bad_width(t, b, "bytes", $n))?;
                Ok(f(a))
            }
            fn bytes(v: &[u8; $n]) -> Vec<u8> {
                v.to_vec()
            }
        }
    )*};
}
array_bytes!(KeyBytes, 16, 32);
array_bytes!(ValueBytes, 32, 64);

impl KeyBytes for u64 {
    fn with<R>(t: Table, b: &[u8], f: impl FnOnce(u64) -> R) -> Result<R, StoreError> {
        Ok(f(super::kv::seq_of(t, b)?))
    }
    fn bytes(v: u64) -> Vec<u8> {
        v.to_be_bytes().to_vec()
    }
}

impl KeyBytes for &'static str {
    fn with<R>(t: Table, b: &[u8], f: impl FnOnce(&str) -> R) -> Result<R, StoreError> {
        let s = std::str::from_utf8(b).map_err(|_| bad_width(t, b, "UTF-8 key", b.len()))?;
        Ok(f(s))
    }
    fn bytes(v: &str) -> Vec<u8> {
        v.as_bytes().to_vec()
    }
}

impl ValueBytes for &'static [u8] {
    fn with<R>(_: Table, b: &[u8], f: impl FnOnce(&[u8]) -> R) -> Result<R, StoreError> {
        Ok(f(b))
    }
    fn bytes(v: &[u8]) -> Vec<u8> {
        v.to_vec()
    }
}

impl ValueBytes for u64 {
    fn with<R>(t: Table, b: &[u8], f: impl FnOnce(u64) -> R) -> Result<R, StoreError> {
        Ok(f(super::kv::u64_value(t, b, b)?))
    }
    fn bytes(v: u64) -> Vec<u8> {
        v.to_le_bytes().to_vec()
    }
}

/// Calls generic function `$f` with the typed redb definition of table `$t`.
macro_rules! on_table {
    ($t:expr, $f:ident($($arg:expr),*)) => {
        match $t {
            Table::Meta => $f(META, $t, $($arg),*),
            Table::Packages => $f(PACKAGES, $t, $($arg),*),
            Table::Manifests => $f(MANIFESTS, $t, $($arg),*),
            Table::Names => $f(NAMES, $t, $($arg),*),
            Table::Accounts => $f(ACCOUNTS, $t, $($arg),*),
            Table::Notes => $f(NOTES, $t, $($arg),*),
            Table::NoteState => $f(NOTE_STATE, $t, $($arg),*),
            Table::TxLog => $f(TX_LOG, $t, $($arg),*),
            Table::SmtNodes => $f(NODES, $t, $($arg),*),
            Table::TxRoots => $f(TX_ROOTS, $t, $($arg),*),
            Table::AccountVersions => $f(ACCOUNT_VERSIONS, $t, $($arg),*),
        }
    };
}

fn get_in<K: KeyBytes, V: ValueBytes>(
    table: &impl ReadableTable<K, V>,
    t: Table,
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    let v = K::with(t, key, |k| table.get(k))?.map_err(StoreError::db)?;
    Ok(v.map(|v| V::bytes(v.value())))
}

fn scan_in<K: KeyBytes, V: ValueBytes>(
    table: &impl ReadableTable<K, V>,
) -> Result<Entries, StoreError> {
    let mut out = Vec::new();
    for entry in table.iter().map_err(StoreError::db)? {
        let (k, v) = entry.map_err(StoreError::db)?;
        out.push((K::bytes(k.value()), V::bytes(v.value())));
    }
    Ok(out)
}

fn read_get<K: KeyBytes, V: ValueBytes>(
    def: TableDefinition<K, V>,
    t: Table,
    r: &ReadTransaction,
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    get_in(&r.open_table(def).map_err(StoreError::db)?, t, key)
}

fn read_scan<K: KeyBytes, V: ValueBytes>(
    def: TableDefinition<K, V>,
    _: Table,
    r: &ReadTransaction,
) -> Result<Entries, StoreError> {
    scan_in(&r.open_table(def).map_err(StoreError::db)?)
}

fn write_get<K: KeyBytes, V: ValueBytes>(
    def: TableDefinition<K, V>,
    t: Table,
    w: &WriteTransaction,
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    get_in(&w.open_table(def)?, t, key)
}

fn write_scan<K: KeyBytes, V: ValueBytes>(
    def: TableDefinition<K, V>,
    _: Table,
    w: &WriteTransaction,
) -> Result<Entries, StoreError> {
    scan_in(&w.open_table(def)?)
}

fn write_insert<K: KeyBytes, V: ValueBytes>(
    def: TableDefinition<K, V>,
    t: Table,
    w: &WriteTransaction,
    key: &[u8],
    value: &[u8],
) -> Result<(), StoreError> {
    let mut table = w.open_table(def)?;
    K::with(t, key, |k| {
        V::with(t, value, |v| table.insert(k, v).map(drop))
    })???;
    Ok(())
}

/// The redb database of a state directory.
pub(crate) struct RedbKv {
    pub(crate) db: Database,
}

impl ReadTxn for ReadTransaction {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        on_table!(table, read_get(self, key))
    }
    fn scan(&self, table: Table) -> Result<Entries, StoreError> {
        on_table!(table, read_scan(self))
    }
}

impl ReadTxn for WriteTransaction {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        on_table!(table, write_get(self, key))
    }
    fn scan(&self, table: Table) -> Result<Entries, StoreError> {
        on_table!(table, write_scan(self))
    }
}

impl WriteTxn for WriteTransaction {
    fn insert(&mut self, table: Table, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        on_table!(table, write_insert(self, key, value))
    }
    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        WriteTransaction::commit(*self).map_err(StoreError::db)
    }
    fn abort(self: Box<Self>) -> Result<(), StoreError> {
        WriteTransaction::abort(*self).map_err(StoreError::db)
    }
}

impl Backend for RedbKv {
    fn kind(&self) -> &'static str {
        "redb"
    }
    fn begin_read(&self) -> Result<Box<dyn ReadTxn + '_>, StoreError> {
        Ok(Box::new(self.db.begin_read().map_err(StoreError::db)?))
    }
    fn begin_write(&self) -> Result<Box<dyn WriteTxn + '_>, StoreError> {
        Ok(Box::new(self.db.begin_write().map_err(StoreError::db)?))
    }
}
