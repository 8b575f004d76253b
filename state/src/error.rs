//! Why a state change or a store operation was refused.

use crate::model::{AccountId, NonFungible, NoteId};
use crate::store::chain::ChainBreak;
use rivet_format::codec::FormatError;
use std::path::PathBuf;

/// A delta, note or transaction that breaks the model's rules (nothing was changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// A value slot index past the account's declared slots.
    #[error("account {account}: value slot {slot} is not declared (the account has {declared})")]
    InvalidValueSlot {
        /// The account.
        account: AccountId,
        /// The slot written.
        slot: u8,
        /// How many value slots the account has.
        declared: usize,
    },
    /// A map slot index past the account's declared map slots.
    #[error("account {account}: map slot {slot} is not declared (the account has {declared})")]
    InvalidMapSlot {
        /// The account.
        account: AccountId,
        /// The slot written.
        slot: u8,
        /// How many map slots the account has.
        declared: usize,
    },
    /// Removing more of a fungible asset than the vault holds.
    #[error(
        "account {account}: vault holds {have} of faucet {faucet}'s asset, cannot remove {want}"
    )]
    InsufficientBalance {
        /// The account.
        account: AccountId,
        /// The asset's faucet.
        faucet: AccountId,
        /// The balance.
        have: u64,
        /// The amount removed.
        want: u128,
    },
    /// A fungible balance above `u64::MAX`.
    #[error("account {account}: balance of faucet {faucet}'s asset would overflow")]
    AmountOverflow {
        /// The account.
        account: AccountId,
        /// The asset's faucet.
        faucet: AccountId,
    },
    /// Removing a non-fungible asset the vault does not hold.
    #[error("account {account}: vault does not hold {asset:?}")]
    MissingAsset {
        /// The account.
        account: AccountId,
        /// The asset.
        asset: NonFungible,
    },
    /// Adding a non-fungible asset the vault already holds.
    #[error("account {account}: vault already holds {asset:?}")]
    DuplicateAsset {
        /// The account.
        account: AccountId,
        /// The asset.
        asset: NonFungible,
    },
    /// A transaction changed the account without incrementing its nonce.
    #[error(
        "account {account}: the transaction changes the account but does not increment its nonce"
    )]
    NonceNotIncremented {
        /// The account.
        account: AccountId,
    },
    /// The nonce reached `u64::MAX`.
    #[error("account {account}: nonce overflow")]
    NonceOverflow {
        /// The account.
        account: AccountId,
    },
    /// Assets appeared or vanished: input notes + vault decrease != output notes +
    /// vault increase, and the difference is not the account minting as a faucet.
    #[error("account {account}: faucet {faucet}'s asset is not conserved ({created} units created; negative = destroyed)")]
    NotConserved {
        /// The executing account.
        account: AccountId,
        /// The asset's faucet.
        faucet: AccountId,
        /// Units created (negative: destroyed).
        created: i128,
    },
    /// A unique asset appears more or fewer times on the way out than on the way in.
    #[error("account {account}: non-fungible asset {asset:?} is not conserved")]
    NonFungibleNotConserved {
        /// The executing account.
        account: AccountId,
        /// The asset.
        asset: NonFungible,
    },
    /// A malformed note (zero amounts, repeated assets, too many items).
    #[error("note {note}: {reason}")]
    InvalidNote {
        /// The note's id.
        note: NoteId,
        /// What is wrong.
        reason: String,
    },
}

/// A store operation that failed; the database is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The state directory could not be created.
    #[error("{}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// redb failed (I/O, corruption detected by redb, or a lock held by another process).
    #[error("state database: {0}")]
    Db(#[from] redb::Error),
    /// A stored record does not decode.
    #[error("state database: table `{table}`, key {key}: {source}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The key, hex.
        key: String,
        /// Where decoding failed.
        source: FormatError,
    },
    /// The transaction breaks a model rule.
    #[error(transparent)]
    State(#[from] StateError),
    /// No account has this id.
    #[error("no account {0}")]
    UnknownAccount(AccountId),
    /// An account with this id already exists.
    #[error("account {0} already exists")]
    AccountExists(AccountId),
    /// The transaction was executed against another nonce than the stored one.
    #[error("account {account}: transaction executed at nonce {executed}, but the account is at nonce {stored}")]
    StaleNonce {
        /// The account.
        account: AccountId,
        /// The nonce the transaction saw.
        executed: u64,
        /// The stored nonce.
        stored: u64,
    },
    /// The note is not in the store.
    #[error("no note {0}")]
    UnknownNote(NoteId),
    /// The note was consumed already (or twice in one transaction).
    #[error("note {0} is already consumed")]
    NoteConsumed(NoteId),
    /// A note with this id exists already.
    #[error("note {0} already exists")]
    NoteExists(NoteId),
    /// Another writer holds the state directory's lock: two writers on one store would
    /// lose transactions, so the second is refused instead of waiting.
    #[error(
        "state directory {} is in use by {holder} (it holds {}); wait for it to finish, \
         or use another --state directory",
        dir.display(),
        crate::store::LOCK_FILE
    )]
    Locked {
        /// The state directory.
        dir: PathBuf,
        /// Who holds the lock ("process 1234", as written into the lock file).
        holder: String,
    },
    /// The directory was not created by Rivet: Rivet neither writes into it nor deletes
    /// anything in it.
    #[error(
        "{} is not a Rivet state directory ({found}, and there is no {} marker); refusing \
         to use or reset it: pick a new or empty directory",
        dir.display(),
        crate::store::MARKER_FILE
    )]
    NotAStateDir {
        /// The directory.
        dir: PathBuf,
        /// What shows it is not Rivet's.
        found: String,
    },
    /// The database file failed redb's integrity check or could not be read at all.
    #[error(
        "state database {} is damaged ({detail}); move {} aside to keep it for inspection, \
         or start over with `rivet demo --reset --state {}`",
        path.display(),
        dir.display(),
        dir.display()
    )]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
        /// What redb reported.
        detail: String,
    },
    /// The store was written in another store format (1: before the chained log).
    #[error(
        "state database {} has store format {found} but this Rivet reads format {}; move {} \
         aside, or start over with `rivet demo --reset --state {}`",
        path.display(),
        crate::store::FORMAT_VERSION,
        dir.display(),
        dir.display()
    )]
    Format {
        /// The database file.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
        /// The format found.
        found: u64,
    },
    /// The PostgreSQL backend failed (connection, statement or commit).
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    /// A PostgreSQL database name that is not a plain identifier.
    #[error("`{0}` is not a valid database name (use letters, digits and `_`)")]
    BadDatabaseName(String),
    /// Concurrent writers on a shared database refused this transaction every time
    /// it was run (nothing was written).
    #[error("the transaction conflicted with concurrent writers {attempts} times in a row (nothing was written); try again")]
    Contended {
        /// How many times it was run.
        attempts: u32,
    },
    /// A backend transaction was used after it ended (a bug in the store).
    #[error("state database: transaction used after it ended")]
    TxnEnded,
    /// The state tree could not be read or updated ([`crate::commit`]).
    #[error("state tree: {0}")]
    Tree(#[from] crate::commit::TreeError),
    /// The transaction log is not an unbroken hash chain: a record was changed,
    /// removed, inserted or reordered.
    #[error("transaction log record #{index}: {reason}")]
    Chain {
        /// The record where the chain breaks.
        index: u64,
        /// How it breaks.
        reason: ChainBreak,
    },
}

impl StoreError {
    /// Wraps any redb error.
    pub(crate) fn db(e: impl Into<redb::Error>) -> StoreError {
        StoreError::Db(e.into())
    }

    /// A damaged database file at `path`, with redb's `detail`.
    pub(crate) fn damaged(path: &std::path::Path, detail: impl Into<String>) -> StoreError {
        StoreError::Damaged {
            path: path.to_path_buf(),
            dir: path
                .parent()
                .map_or_else(PathBuf::new, std::path::Path::to_path_buf),
            detail: detail.into(),
        }
    }
}

macro_rules! from_redb {
    ($($t:ident),*) => {$(
        impl From<redb::$t> for StoreError {
            fn from(e: redb::$t) -> Self {
                StoreError::Db(e.into())
            }
        }
    )*};
}
from_redb!(
    TableError,
    StorageError,
    TransactionError,
    CommitError,
    DatabaseError
);
