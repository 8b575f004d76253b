//! Opening a store: recognise the directory, take its lock, reset if asked, open the
//! database with redb's integrity check, check the store format and verify the
//! transaction log's hash chain. In that order, so nothing is read, written or
//! deleted before the lock is held, and nothing is written into a directory Rivet did
//! not create.

use super::chain::ChainHead;
use super::dir::{self, DB_FILE};
use super::guard::contain;
use super::{tree, PACKAGES, TX_LOG};
use super::{Store, ACCOUNTS, FORMAT_VERSION, MANIFESTS, META, NAMES, NOTES, NOTE_STATE};
use crate::error::StoreError;
use redb::{Database, DatabaseError, ReadableDatabase, StorageError, TableHandle};
use std::path::Path;

/// Every table of format 3, by name.
const TABLES: [&str; 11] = [
    "meta",
    "packages",
    "manifests",
    "names",
    "accounts",
    "notes",
    "note_state",
    "tx_log",
    "smt_nodes",
    "tx_roots",
    "account_versions",
];

impl Store {
    /// Opens (creating if needed) the store in directory `dir` (file [`DB_FILE`]).
    ///
    /// Refuses a directory holding files Rivet did not create
    /// ([`StoreError::NotAStateDir`]), a directory another writer holds
    /// ([`StoreError::Locked`]), a damaged database ([`StoreError::Damaged`]), another
    /// store format ([`StoreError::Format`]) and a broken transaction chain
    /// ([`StoreError::Chain`]). Holds the directory's lock until dropped.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(dir.as_ref(), false)
    }

    /// Deletes the store in `dir` and opens an empty one there: the lock is taken
    /// first, only a Rivet state directory is accepted (see [`Store::open`]) and only
    /// the database file is deleted; a damaged or old-format store can be reset.
    pub fn reset(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        Store::open_with(dir.as_ref(), true)
    }

    fn open_with(dir: &Path, reset: bool) -> Result<Store, StoreError> {
        dir::recognise(dir)?;
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let lock = dir::lock(dir)?;
        dir::mark(dir, FORMAT_VERSION)?;
        if reset {
            dir::remove_db(dir)?;
        }
        let path = dir.join(DB_FILE);
        let (db, repaired) = contain(&path, || open_db(&path))?;
        contain(&path, || init_or_check(&db, &path))?;
        let store = Store {
            db,
            path,
            repaired,
            _lock: lock,
        };
        contain(&store.path, || store.verify_chain())?;
        Ok(store)
    }

    /// Whether redb's integrity check found damage at open and repaired it (rolling
    /// back to the last intact commit); the chain was verified afterwards.
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// Opens the database file and runs redb's integrity check; returns whether it
/// repaired anything.
fn open_db(path: &Path) -> Result<(Database, bool), StoreError> {
    let mut db = Database::create(path).map_err(|e| open_error(path, e))?;
    let clean = db.check_integrity().map_err(|e| open_error(path, e))?;
    Ok((db, !clean))
}

fn open_error(path: &Path, e: DatabaseError) -> StoreError {
    use std::io::ErrorKind;
    match e {
        DatabaseError::DatabaseAlreadyOpen => StoreError::Locked {
            dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
            holder: format!("another handle on {DB_FILE}"),
        },
        DatabaseError::Storage(StorageError::Io(source))
            if !matches!(
                source.kind(),
                ErrorKind::InvalidData | ErrorKind::UnexpectedEof
            ) =>
        {
            StoreError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
        other => StoreError::damaged(path, other.to_string()),
    }
}

/// Creates every table and the format entry in a new database; checks them in an
/// existing one.
fn init_or_check(db: &Database, path: &Path) -> Result<(), StoreError> {
    let names: Vec<String> = {
        let r = db.begin_read().map_err(StoreError::db)?;
        let tables = r.list_tables().map_err(StoreError::db)?;
        tables.map(|t| t.name().to_string()).collect()
    };
    if names.is_empty() {
        let w = db.begin_write().map_err(StoreError::db)?;
        {
            let mut meta = w.open_table(META).map_err(StoreError::db)?;
            meta.insert("format", FORMAT_VERSION.to_le_bytes().as_slice())
                .map_err(StoreError::db)?;
            meta.insert("head", ChainHead::EMPTY.encode().as_slice())
                .map_err(StoreError::db)?;
            meta.insert("root", crate::commit::Digest::EMPTY.0.as_slice())
                .map_err(StoreError::db)?;
            w.open_table(tree::NODES).map_err(StoreError::db)?;
            w.open_table(tree::TX_ROOTS).map_err(StoreError::db)?;
            w.open_table(tree::ACCOUNT_VERSIONS)
                .map_err(StoreError::db)?;
            w.open_table(PACKAGES).map_err(StoreError::db)?;
            w.open_table(MANIFESTS).map_err(StoreError::db)?;
            w.open_table(NAMES).map_err(StoreError::db)?;
            w.open_table(ACCOUNTS).map_err(StoreError::db)?;
            w.open_table(NOTES).map_err(StoreError::db)?;
            w.open_table(NOTE_STATE).map_err(StoreError::db)?;
            w.open_table(TX_LOG).map_err(StoreError::db)?;
        }
        return w.commit().map_err(StoreError::db);
    }
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    if !names.iter().any(|n| n == "meta") {
        // Format 1 had the other tables and no `meta`.
        let found = 1;
        let path = path.to_path_buf();
        return Err(StoreError::Format { path, dir, found });
    }
    let r = db.begin_read().map_err(StoreError::db)?;
    let meta = r.open_table(META).map_err(StoreError::db)?;
    let format = meta.get("format").map_err(StoreError::db)?;
    let found = format
        .and_then(|v| <[u8; 8]>::try_from(v.value()).ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid `format`"))?;
    if found != FORMAT_VERSION {
        let path = path.to_path_buf();
        return Err(StoreError::Format { path, dir, found });
    }
    if let Some(missing) = TABLES.iter().find(|t| !names.iter().any(|n| n == *t)) {
        return Err(StoreError::damaged(
            path,
            format!("table `{missing}` is missing"),
        ));
    }
    Ok(())
}
