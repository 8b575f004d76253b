//! Opening a store: recognise the directory, take its lock, reset if asked, open the
//! database with redb's integrity check, check the store format and verify the
//! transaction log's hash chain. In that order, so nothing is read, written or
//! deleted before the lock is held, and nothing is written into a directory Rivet did
//! not create.

use super::chain::ChainHead;
use super::dir::{self, DB_FILE};
use super::guard::contain;
use super::kv::{Backend, Table};
use super::pg::PgKv;
use super::redb_kv::{
    RedbKv, ACCOUNTS, ACCOUNT_VERSIONS, MANIFESTS, META, NAMES, NODES, NOTES, NOTE_STATE, PACKAGES,
    TX_LOG, TX_ROOTS,
};
use super::{Store, FORMAT_VERSION};
use crate::error::StoreError;
use redb::{Database, DatabaseError, ReadableDatabase, StorageError, TableHandle};
use std::path::{Path, PathBuf};

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
            kv: Box::new(RedbKv { db }),
            path,
            repaired,
            _lock: Some(lock),
        };
        contain(&store.path, || store.verify_chain())?;
        Ok(store)
    }

    /// Opens (initialising if empty) the store in the PostgreSQL database at `url`
    /// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`). Many processes may hold
    /// the same database open: their commits take turns (see [`super::pg`]). Checks
    /// the store format and verifies the log's chain as [`Store::open`] does; there
    /// is no directory, lock or integrity check (the server keeps its own).
    pub fn open_url(url: &str) -> Result<Store, StoreError> {
        let kv = PgKv::connect(url)?;
        let path = PathBuf::from(super::pg::redact(url));
        init_kv(&kv)?;
        check_format(&kv, &path)?;
        let store = Store {
            kv: Box::new(kv),
            path,
            repaired: false,
            _lock: None,
        };
        store.verify_chain()?;
        Ok(store)
    }

    /// Whether redb's integrity check found damage at open and repaired it (rolling
    /// back to the last intact commit); the chain was verified afterwards.
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// The state directory. A PostgreSQL store has none (this is then the parent of
    /// its redacted URL): callers that need one, for the registry, take it from their
    /// own configuration, as `rivet node --store URL --state DIR` does.
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
            w.open_table(NODES).map_err(StoreError::db)?;
            w.open_table(TX_ROOTS).map_err(StoreError::db)?;
            w.open_table(ACCOUNT_VERSIONS).map_err(StoreError::db)?;
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
    let mut wanted = Table::ALL.iter().map(|t| t.name());
    if let Some(missing) = wanted.find(|t| !names.iter().any(|n| n == t)) {
        return Err(StoreError::damaged(
            path,
            format!("table `{missing}` is missing"),
        ));
    }
    Ok(())
}

/// Writes the format, an empty log head and the empty tree's root into a backend
/// whose `meta` table has no format yet (in one write transaction, so two processes
/// initialising one database at once leave one initialisation).
fn init_kv(kv: &dyn Backend) -> Result<(), StoreError> {
    let mut w = kv.begin_write()?;
    if w.get(Table::Meta, b"format")?.is_some() {
        return w.abort();
    }
    w.insert(Table::Meta, b"format", &FORMAT_VERSION.to_le_bytes())?;
    w.insert(Table::Meta, b"head", &ChainHead::EMPTY.encode())?;
    w.insert(Table::Meta, b"root", &crate::commit::Digest::EMPTY.0)?;
    w.commit()
}

/// Refuses a backend whose store format is not [`FORMAT_VERSION`].
fn check_format(kv: &dyn Backend, path: &Path) -> Result<(), StoreError> {
    let v = kv.begin_read()?.get(Table::Meta, b"format")?;
    let found = v
        .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid `format`"))?;
    if found != FORMAT_VERSION {
        let dir = path.to_path_buf();
        let path = path.to_path_buf();
        return Err(StoreError::Format { path, dir, found });
    }
    Ok(())
}
