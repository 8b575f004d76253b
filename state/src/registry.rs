//! The state directory's registry: account names, and what each account was created
//! with (its genesis state and the manifest its code runs under).
//!
//! The store keys accounts by id; people and scripts name them. The registry lives
//! next to the store's database, in the state directory, as plain files:
//!
//! * `names.txt`: one line per account created through [`create_account`]:
//!   `NAME ACCOUNT-ID MANIFEST-HASH` (hex, space separated), in creation order;
//! * `genesis/<ACCOUNT-ID>.acct`: the account as created (canonical encoding).
//!
//! The genesis record is what makes transactions replayable: the store keeps only the
//! current account, and deltas record new values, not old ones, so the state a
//! transaction started from is rebuilt as genesis + the deltas of every earlier
//! transaction on that account ([`crate::replay::account_before`]).
//!
//! Invariants: names are unique and never reused; an account is recorded only after
//! the store created it, so every registry entry names a stored account (a crash in
//! between leaves an unnamed account, never a dangling name). Files are replaced
//! atomically (write to a temporary file, then rename), and [`create_account`] holds
//! `names.lock` (created exclusively) while it reads, checks and rewrites the index,
//! so two processes naming accounts at once cannot lose an entry.

use crate::codec::{decode, encode};
use crate::error::StoreError;
use crate::model::{Account, AccountId, AccountKind, Storage, Vault};
use crate::store::Store;
use rivet_format::codec::FormatError;
use rivet_format::CodeHash;
use std::path::{Path, PathBuf};

/// The name index file in the state directory.
pub const NAMES_FILE: &str = "names.txt";
/// The directory of genesis records in the state directory.
pub const GENESIS_DIR: &str = "genesis";

/// Why the registry could not be read or updated.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// Reading or writing a registry file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A line of `names.txt` is malformed.
    #[error("{}: line {line}: {reason}", path.display())]
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A genesis record does not decode.
    #[error("{}: {source}", path.display())]
    BadGenesis {
        /// The file.
        path: PathBuf,
        /// Where decoding failed.
        source: FormatError,
    },
    /// The name is not a valid account name.
    #[error("`{0}` is not a valid account name: use letters, digits, `-` and `_`, starting with a letter")]
    InvalidName(String),
    /// The name is taken.
    #[error("an account named `{0}` already exists")]
    NameTaken(String),
    /// No account has this name, id or id prefix.
    #[error("no account `{0}` (give a name from `rivet account list`, an id or an id prefix)")]
    Unknown(String),
    /// An id prefix matches several accounts.
    #[error("`{0}` matches several accounts; give more digits")]
    Ambiguous(String),
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another process held `names.lock` for too long (or left it behind).
    #[error("{} is held by another process; remove it if no rivet command is running", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}

/// The index lock: `names.lock`, created exclusively, removed on drop.
struct IndexLock(PathBuf);

impl IndexLock {
    /// Waits up to ~10 s for the lock.
    fn acquire(dir: &Path) -> Result<IndexLock, RegistryError> {
        let path = dir.join("names.lock");
        for _ in 0..1000 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(IndexLock(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::thread::sleep(std::time::Duration::from_millis(10))
                }
                Err(source) => return Err(RegistryError::Io { path, source }),
            }
        }
        Err(RegistryError::Locked { path })
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One named account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The account's name.
    pub name: String,
    /// Its id.
    pub id: AccountId,
    /// The manifest its components were linked in (stored in the store).
    pub manifest: CodeHash,
}

/// The names and genesis records of a state directory.
#[derive(Clone, Debug)]
pub struct Registry {
    dir: PathBuf,
    entries: Vec<Entry>,
}

/// True for names the index accepts: ASCII letters, digits, `-`, `_`, starting with
/// a letter (so a name never looks like a hex id prefix that starts with a digit,
/// and never contains the index's separator).
pub fn valid_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// The id a new account gets: derived from its name and code, so the same command
/// gives the same id on every machine.
pub fn derive_id(name: &str, kind: AccountKind, code: &[CodeHash]) -> AccountId {
    let mut h = blake3::Hasher::new();
    h.update(b"rivet account id v1\0");
    h.update(name.as_bytes());
    h.update(&[0, matches!(kind, AccountKind::Faucet) as u8]);
    for c in code {
        h.update(&c.0);
    }
    let b = h.finalize();
    let b = b.as_bytes();
    let half = |i: usize| u64::from_be_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    AccountId::new(half(0), half(8))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> RegistryError + '_ {
    move |source| RegistryError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn parse_id(text: &str) -> Option<AccountId> {
    if text.len() != 32 || !text.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let prefix = u64::from_str_radix(&text[..16], 16).ok()?;
    let suffix = u64::from_str_radix(&text[16..], 16).ok()?;
    Some(AccountId::new(prefix, suffix))
}

/// Writes `bytes` to `path` through a temporary file and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RegistryError> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

impl Registry {
    /// Reads the registry of the state directory `dir` (empty when absent).
    pub fn open(dir: impl AsRef<Path>) -> Result<Registry, RegistryError> {
        let dir = dir.as_ref().to_path_buf();
        let path = dir.join(NAMES_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(RegistryError::Io { path, source }),
        };
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let bad = |reason: &str| RegistryError::BadLine {
                path: path.clone(),
                line: i + 1,
                reason: reason.into(),
            };
            let fields: Vec<&str> = line.split(' ').collect();
            let [name, id, manifest] = fields.as_slice() else {
                return Err(bad("expected `NAME ACCOUNT-ID MANIFEST-HASH`"));
            };
            if !valid_name(name) {
                return Err(bad("invalid name"));
            }
            entries.push(Entry {
                name: name.to_string(),
                id: parse_id(id).ok_or_else(|| bad("invalid account id"))?,
                manifest: CodeHash::from_hex(manifest)
                    .ok_or_else(|| bad("invalid manifest hash"))?,
            });
        }
        Ok(Registry { dir, entries })
    }

    /// The registry of `store`'s state directory.
    pub fn of(store: &Store) -> Result<Registry, RegistryError> {
        Registry::open(state_dir(store))
    }

    /// Every named account, in creation order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of account `id`, if it was named.
    pub fn entry(&self, id: AccountId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The name of account `id`, if it has one.
    pub fn name_of(&self, id: AccountId) -> Option<&str> {
        self.entry(id).map(|e| e.name.as_str())
    }

    /// The account `what` names: a registered name, a full id, or a unique prefix of
    /// a stored account's id (hex).
    pub fn resolve(&self, store: &Store, what: &str) -> Result<AccountId, RegistryError> {
        if let Some(e) = self.entries.iter().find(|e| e.name == what) {
            return Ok(e.id);
        }
        if let Some(id) = parse_id(what) {
            return Ok(id);
        }
        let lower = what.to_ascii_lowercase();
        if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(RegistryError::Unknown(what.into()));
        }
        let found: Vec<AccountId> = store
            .accounts()?
            .into_iter()
            .map(|a| a.id)
            .filter(|id| id.to_string().starts_with(&lower))
            .collect();
        match found.as_slice() {
            [id] => Ok(*id),
            [] => Err(RegistryError::Unknown(what.into())),
            _ => Err(RegistryError::Ambiguous(what.into())),
        }
    }

    /// The account `id` as it was created, if it was created through
    /// [`create_account`].
    pub fn genesis(&self, id: AccountId) -> Result<Option<Account>, RegistryError> {
        let path = self.dir.join(GENESIS_DIR).join(format!("{id}.acct"));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(RegistryError::Io { path, source }),
        };
        decode(&bytes, "genesis account")
            .map(Some)
            .map_err(|source| RegistryError::BadGenesis { path, source })
    }

    fn record(&mut self, entry: Entry, account: &Account) -> Result<(), RegistryError> {
        let gdir = self.dir.join(GENESIS_DIR);
        std::fs::create_dir_all(&gdir).map_err(io(&gdir))?;
        write_atomic(&gdir.join(format!("{}.acct", entry.id)), &encode(account))?;
        self.entries.push(entry);
        let text: String = self
            .entries
            .iter()
            .map(|e| format!("{} {} {}\n", e.name, e.id, e.manifest.to_hex()))
            .collect();
        write_atomic(&self.dir.join(NAMES_FILE), text.as_bytes())
    }
}

/// The state directory of `store` (the directory holding its database file).
pub fn state_dir(store: &Store) -> PathBuf {
    store
        .path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// What a new account is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSpec {
    /// Regular account or faucet.
    pub kind: AccountKind,
    /// Code hashes of its components (all in `manifest`).
    pub code: Vec<CodeHash>,
    /// Initial storage (its slot counts are fixed for the account's life).
    pub storage: Storage,
    /// The id; `None` derives it from the name and code ([`derive_id`]).
    pub id: Option<AccountId>,
}

/// Creates account `name` in `store` from `spec` (nonce 0, empty vault), names it in
/// the registry and records its genesis state and manifest (which must be stored).
/// Refuses a taken name or an existing id; returns the account.
pub fn create_account(
    store: &Store,
    name: &str,
    spec: AccountSpec,
    manifest: CodeHash,
) -> Result<Account, RegistryError> {
    if !valid_name(name) {
        return Err(RegistryError::InvalidName(name.into()));
    }
    let _lock = IndexLock::acquire(&state_dir(store))?;
    let mut registry = Registry::of(store)?;
    if registry.entries.iter().any(|e| e.name == name) {
        return Err(RegistryError::NameTaken(name.into()));
    }
    let id = spec
        .id
        .unwrap_or_else(|| derive_id(name, spec.kind, &spec.code));
    let account = Account {
        id,
        kind: spec.kind,
        code: spec.code,
        storage: spec.storage,
        vault: Vault::default(),
        nonce: 0,
    };
    store.create_account(&account)?;
    registry.record(
        Entry {
            name: name.into(),
            id,
            manifest,
        },
        &account,
    )?;
    Ok(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rivet-registry-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    fn spec_for(i: u8) -> AccountSpec {
        AccountSpec {
            kind: AccountKind::Regular,
            code: vec![CodeHash([i; 32])],
            storage: Storage::default(),
            id: None,
        }
    }

    #[test]
    fn names_resolve_and_genesis_is_kept() {
        let dir = temp("names");
        let store = Store::open(&dir).unwrap();
        let spec = AccountSpec {
            kind: AccountKind::Regular,
            code: vec![CodeHash([7; 32])],
            storage: Storage::with_slots(2, 1),
            id: None,
        };
        let manifest = CodeHash([9; 32]);
        let a = create_account(&store, "alice", spec.clone(), manifest).unwrap();
        assert_eq!(a.id, derive_id("alice", AccountKind::Regular, &spec.code));
        let b = create_account(&store, "bob", spec.clone(), manifest).unwrap();
        assert_ne!(a.id, b.id);
        let e = create_account(&store, "alice", spec.clone(), manifest).unwrap_err();
        assert!(matches!(e, RegistryError::NameTaken(_)), "{e}");
        let e = create_account(&store, "9lives", spec, manifest).unwrap_err();
        assert!(matches!(e, RegistryError::InvalidName(_)), "{e}");

        let r = Registry::open(&dir).unwrap();
        assert_eq!(r.entries().len(), 2);
        assert_eq!(r.resolve(&store, "alice").unwrap(), a.id);
        assert_eq!(r.resolve(&store, &b.id.to_string()).unwrap(), b.id);
        assert_eq!(r.resolve(&store, &a.id.to_string()[..12]).unwrap(), a.id);
        assert!(matches!(
            r.resolve(&store, "carol"),
            Err(RegistryError::Unknown(_))
        ));
        assert_eq!(r.genesis(a.id).unwrap().unwrap(), a);
        assert_eq!(r.entry(b.id).unwrap().manifest, manifest);
        assert_eq!(r.name_of(b.id), Some("bob"));

        // Concurrent creations all reach the index.
        std::thread::scope(|sc| {
            for i in 0..4 {
                let (store, spec) = (&store, spec_for(i));
                sc.spawn(move || create_account(store, &format!("t{i}"), spec, manifest).unwrap());
            }
        });
        assert_eq!(Registry::open(&dir).unwrap().entries().len(), 6);
        assert!(!dir.join("names.lock").exists());

        std::fs::write(dir.join(NAMES_FILE), "alice zz 00\n").unwrap();
        let e = Registry::open(&dir).unwrap_err();
        assert!(e.to_string().contains("line 1: invalid account id"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
