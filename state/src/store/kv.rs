//! The store's seam onto its database: named tables of byte keys and byte values,
//! read in snapshot transactions and written in serializable write transactions.
//!
//! [`Store`](crate::Store) is written once against this seam: every check a commit
//! makes (nonce, unspent notes, conservation), the log's hash chain and the state
//! tree's updates live in `store.rs` and `tree.rs`; a backend only stores bytes.
//! Two backends implement it: the embedded redb file ([`super::redb_kv`], the
//! default, whose file format is exactly the typed tables of store format 3) and a
//! PostgreSQL database ([`super::pg`]).
//!
//! Encodings (the same for every backend, so that the store code never branches on
//! the backend): keys of the `tx_log` and `tx_roots` tables are sequence numbers as 8
//! bytes big-endian (byte order = numeric order); values of `note_state` are `u64`
//! as 8 bytes little-endian; `meta` and `names` keys are UTF-8; every other key and
//! value is the byte string the table's doc (`store.rs`, `tree.rs`) describes.
//!
//! Invariants a backend keeps: a read transaction sees one committed snapshot; a
//! write transaction sees its own writes, and either every write of it becomes
//! visible at [`WriteTxn::commit`] or none does; two write transactions that commit
//! behave as if one ran entirely after the other (a backend that cannot guarantee
//! this for a pair refuses one of them with an error that [`retryable`] accepts, and
//! the store runs that transaction again from the start).

use crate::error::StoreError;

/// The store's tables: every name a backend stores under.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Table {
    /// Format, log head, state root.
    Meta,
    /// Packages by code hash.
    Packages,
    /// Manifests by hash.
    Manifests,
    /// Manifest hashes by name.
    Names,
    /// Accounts by id.
    Accounts,
    /// Notes by id.
    Notes,
    /// Note status by note id.
    NoteState,
    /// The chained log by sequence number.
    TxLog,
    /// State tree nodes by hash.
    SmtNodes,
    /// Roots before and after each logged transaction.
    TxRoots,
    /// Replaced account states by commitment.
    AccountVersions,
}

impl Table {
    /// Every table, in a fixed order (the order `Table::id` numbers them).
    pub const ALL: [Table; 11] = [
        Table::Meta,
        Table::Packages,
        Table::Manifests,
        Table::Names,
        Table::Accounts,
        Table::Notes,
        Table::NoteState,
        Table::TxLog,
        Table::SmtNodes,
        Table::TxRoots,
        Table::AccountVersions,
    ];

    /// The table's name (redb's table name; error messages).
    pub fn name(self) -> &'static str {
        match self {
            Table::Meta => "meta",
            Table::Packages => "packages",
            Table::Manifests => "manifests",
            Table::Names => "names",
            Table::Accounts => "accounts",
            Table::Notes => "notes",
            Table::NoteState => "note_state",
            Table::TxLog => "tx_log",
            Table::SmtNodes => "smt_nodes",
            Table::TxRoots => "tx_roots",
            Table::AccountVersions => "account_versions",
        }
    }

    /// A small stable number for the table (PostgreSQL's `tab` column).
    pub fn id(self) -> i16 {
        Table::ALL.iter().position(|t| *t == self).unwrap_or(0) as i16
    }
}

/// Sequence number `seq` as a `tx_log` / `tx_roots` key.
pub fn seq_key(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

/// A key or value of the wrong width for its table: the stored bytes are not what
/// the store wrote (or a caller passed a malformed key).
pub(crate) fn bad_width(table: Table, key: &[u8], what: &str, want: usize) -> StoreError {
    StoreError::Corrupt {
        table: table.name(),
        key: key.iter().map(|b| format!("{b:02x}")).collect(),
        source: rivet_format::codec::FormatError::new(0, format!("{what}: expected {want} bytes")),
    }
}

/// Decodes a sequence-number key.
pub(crate) fn seq_of(table: Table, key: &[u8]) -> Result<u64, StoreError> {
    <[u8; 8]>::try_from(key)
        .map(u64::from_be_bytes)
        .map_err(|_| bad_width(table, key, "sequence number key", 8))
}

/// Decodes a `note_state` value.
pub(crate) fn u64_value(table: Table, key: &[u8], v: &[u8]) -> Result<u64, StoreError> {
    <[u8; 8]>::try_from(v)
        .map(u64::from_le_bytes)
        .map_err(|_| bad_width(table, key, "u64 value", 8))
}

/// A table's entries in key order: (key, value) byte strings.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// Reads inside one snapshot.
pub trait ReadTxn {
    /// The value under `key` in `table`.
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Every entry of `table`, in key byte order.
    fn scan(&self, table: Table) -> Result<Entries, StoreError>;
}

/// Reads and writes inside one atomic write transaction. Dropping it without
/// [`WriteTxn::commit`] discards every write.
pub trait WriteTxn: ReadTxn {
    /// Inserts or replaces the value under `key`.
    fn insert(&mut self, table: Table, key: &[u8], value: &[u8]) -> Result<(), StoreError>;
    /// Makes every write visible and durable, atomically.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
    /// Discards every write.
    fn abort(self: Box<Self>) -> Result<(), StoreError>;
}

/// A database the store can run on.
pub trait Backend: Send + Sync {
    /// The backend's name (`"redb"`, `"postgres"`), as a node's status reports it.
    fn kind(&self) -> &'static str;
    /// Starts a read transaction on the latest committed state.
    fn begin_read(&self) -> Result<Box<dyn ReadTxn + '_>, StoreError>;
    /// Starts a write transaction.
    fn begin_write(&self) -> Result<Box<dyn WriteTxn + '_>, StoreError>;
}

/// Whether `e` is a write conflict the backend resolved by refusing this
/// transaction (PostgreSQL's serialization failure or deadlock): running the same
/// transaction again from the start is correct, and it then sees the winner's writes.
pub fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Postgres(e) => super::pg::is_conflict(e),
        StoreError::Tree(crate::commit::TreeError::Backend(inner)) => {
            inner.downcast_ref::<StoreError>().is_some_and(retryable)
        }
        _ => false,
    }
}
