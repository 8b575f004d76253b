//! The node's one seam onto the state: every read, execution and commit the node
//! does goes through [`Ledger`], never through `rivet_state::Store` directly.
//!
//! A `Ledger` owns the open [`Store`], on either backend: a redb store in the state
//! directory ([`Ledger::open`]; it holds the directory's lock, so no other process
//! writes while the node runs) or a PostgreSQL database ([`Ledger::open_url`]; many
//! nodes may share it, their commits take turns in the database). It also owns the
//! state directory's [`Registry`] (account names and the manifest each account runs
//! under; with PostgreSQL the directory supplies only the registry, and its store
//! seeds an empty database once) and a cache of prepared [`App`]s, one per manifest,
//! shared by every worker thread.
//!
//! Invariants: the store is the only authority on state; `commit` re-checks every
//! transaction against it inside one database transaction (nonce, unspent inputs,
//! conservation), so an execution that raced another can be refused but never
//! half-applied. The registry is read once at open: accounts are created offline
//! (`rivet account new`, `rivet demo`) while no node holds the directory.

use crate::error::{ApiError, NodeError};
use rivet_format::manifest::Manifest;
use rivet_format::CodeHash;
use rivet_runtime::component::App;
use rivet_state::commit::Digest;
use rivet_state::registry::{Registry, RegistryError};
use rivet_state::replay::{self, ReplayError, ViewError, ViewOutcome};
use rivet_state::{
    Account, AccountId, ChainHead, EntryCall, ExecError, Note, NoteId, NoteStatus, Store,
    StoreError, TxId, TxRequest, TxResult, TxSummary,
};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The state a node serves: store, registry and prepared manifests.
pub struct Ledger {
    store: Store,
    registry: Registry,
    apps: Mutex<HashMap<CodeHash, Arc<App>>>,
    dir: PathBuf,
}

/// A committed transaction as the log holds it.
pub type Logged = (u64, TxId, TxResult);

impl Ledger {
    /// Opens (or creates) the state in `dir`, verifying the log's chain (the store
    /// does at open) and reading the registry.
    pub fn open(dir: &Path) -> Result<Ledger, NodeError> {
        let store = Store::open(dir).map_err(|source| NodeError::Open {
            dir: dir.to_path_buf(),
            source,
        })?;
        let registry = Registry::of(&store)?;
        Ok(Ledger {
            store,
            registry,
            apps: Mutex::new(HashMap::new()),
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the state in the PostgreSQL database at `url`, with the registry of
    /// state directory `dir` (names, genesis records, manifests per account). When
    /// the database holds no state yet and `dir` has a store, that store is copied
    /// into the database first ([`Store::seed_from`]); `dir`'s store is not opened
    /// otherwise, so several nodes can share one `dir` and one database.
    pub fn open_url(url: &str, dir: &Path) -> Result<Ledger, NodeError> {
        let at = |source| NodeError::Open {
            dir: PathBuf::from(rivet_state::store::pg::redact(url)),
            source,
        };
        let store = Store::open_url(url).map_err(at)?;
        let empty =
            store.chain_head().map_err(at)?.len == 0 && store.accounts().map_err(at)?.is_empty();
        if empty && dir.join(rivet_state::store::DB_FILE).is_file() {
            let local = Store::open(dir).map_err(|source| NodeError::Open {
                dir: dir.to_path_buf(),
                source,
            })?;
            store.seed_from(&local).map_err(at)?;
        }
        let registry = Registry::open(dir)?;
        Ok(Ledger {
            store,
            registry,
            apps: Mutex::new(HashMap::new()),
            dir: dir.to_path_buf(),
        })
    }

    /// The backend's name, as `GET /v1/status` reports it: `redb` or `postgres`.
    pub fn kind(&self) -> &'static str {
        self.store.kind()
    }

    /// The state directory (with PostgreSQL: where the registry is).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The account names and manifests.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The account's name, or its id.
    pub fn label(&self, id: AccountId) -> String {
        self.registry
            .name_of(id)
            .map_or_else(|| id.to_string(), str::to_string)
    }

    /// The account `what` names (name, id or id prefix): 404 when none, 400 when
    /// a prefix is ambiguous.
    pub fn resolve(&self, what: &str) -> Result<AccountId, ApiError> {
        self.registry
            .resolve(&self.store, what)
            .map_err(|e| match e {
                RegistryError::Unknown(_) => ApiError::NotFound {
                    what: "account",
                    key: what.into(),
                    hint: " (give a name, an id or an id prefix; see GET /v1/accounts)".into(),
                },
                RegistryError::Ambiguous(_) => ApiError::Ambiguous {
                    what: "account",
                    key: what.into(),
                },
                other => ApiError::Internal(other.to_string()),
            })
    }

    /// The stored account `id`.
    pub fn account(&self, id: AccountId) -> Result<Option<Account>, ApiError> {
        Ok(self.store.account(id)?)
    }

    /// Every account, by id.
    pub fn accounts(&self) -> Result<Vec<Account>, ApiError> {
        Ok(self.store.accounts()?)
    }

    /// Every note with its status, by id.
    pub fn notes(&self) -> Result<Vec<(Note, NoteStatus)>, ApiError> {
        Ok(self.store.notes()?)
    }

    /// The note with exactly this id.
    pub fn note(&self, id: &NoteId) -> Result<Option<(Note, NoteStatus)>, ApiError> {
        Ok(self.store.note(id)?)
    }

    /// The note whose id starts with `what` (hex digits).
    pub fn find_note(&self, what: &str) -> Result<(Note, NoteStatus), ApiError> {
        let lower = what.to_ascii_lowercase();
        if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ApiError::NotFound {
                what: "note",
                key: what.into(),
                hint: " (a note id is hex digits; a prefix is enough)".into(),
            });
        }
        if let Some(id) = CodeHash::from_hex(&lower) {
            if let Some(n) = self.note(&id)? {
                return Ok(n);
            }
        }
        let mut found = self
            .notes()?
            .into_iter()
            .filter(|(n, _)| n.id().to_hex().starts_with(&lower));
        match (found.next(), found.next()) {
            (Some(n), None) => Ok(n),
            (None, _) => Err(ApiError::NotFound {
                what: "note",
                key: what.into(),
                hint: String::new(),
            }),
            _ => Err(ApiError::Ambiguous {
                what: "note",
                key: what.into(),
            }),
        }
    }

    /// The committed transactions in log order.
    pub fn transactions(&self) -> Result<Vec<Logged>, ApiError> {
        Ok(self.store.transactions()?)
    }

    /// The log entry `what` names: `#SEQ`, a small number, or an id prefix.
    pub fn find_tx(&self, what: &str) -> Result<(u64, TxResult), ApiError> {
        replay::find_tx(&self.store, what).map_err(|e| match e {
            ReplayError::UnknownTx(k) => ApiError::NotFound {
                what: "transaction",
                key: k,
                hint: " (give #SEQ or an id prefix)".into(),
            },
            ReplayError::AmbiguousTx(k) => ApiError::Ambiguous {
                what: "transaction",
                key: k,
            },
            other => ApiError::Internal(other.to_string()),
        })
    }

    /// The log's recorded head (length and last link).
    pub fn head(&self) -> Result<ChainHead, ApiError> {
        Ok(self.store.chain_head()?)
    }

    /// Verifies the whole log's hash chain.
    pub fn verify_chain(&self) -> Result<ChainHead, StoreError> {
        self.store.verify_chain()
    }

    /// Totals of every fungible asset in vaults and unspent notes, per faucet.
    pub fn fungible_totals(&self) -> Result<BTreeMap<AccountId, u128>, ApiError> {
        Ok(self.store.fungible_totals()?)
    }

    /// The manifest account `id` runs under (recorded when it was created).
    pub fn manifest_hash(&self, id: AccountId) -> Result<CodeHash, ApiError> {
        self.registry.entry(id).map(|e| e.manifest).ok_or_else(|| {
            ApiError::Internal(format!(
                "account {id} has no registry entry, so its manifest is unknown"
            ))
        })
    }

    /// The manifest account `id` runs under, if known.
    pub fn manifest_of(&self, id: AccountId) -> Option<Manifest> {
        let e = self.registry.entry(id)?;
        self.store.manifest(&e.manifest).ok().flatten()
    }

    /// The prepared manifest account `id` runs under (prepared once, then cached).
    pub fn app_for(&self, id: AccountId) -> Result<Arc<App>, ApiError> {
        let hash = self.manifest_hash(id)?;
        if let Some(app) = self.apps.lock().map_err(poisoned)?.get(&hash) {
            return Ok(app.clone());
        }
        // Prepared outside the lock: two threads may both prepare, one result wins.
        let app =
            replay::load_app(&self.store, &hash).map_err(|e| ApiError::Internal(e.to_string()))?;
        let mut apps = self.apps.lock().map_err(poisoned)?;
        Ok(apps.entry(hash).or_insert(app).clone())
    }

    /// Executes `req` against the stored state; nothing is written.
    pub fn execute(&self, app: &App, req: &TxRequest) -> Result<TxResult, ExecError> {
        rivet_state::execute(&self.store, app, req)
    }

    /// Runs `req` up to authentication: the summary its signer must sign (nothing is
    /// written; the proof in `req` is not used).
    pub fn summarize(&self, app: &App, req: &TxRequest) -> Result<TxSummary, ExecError> {
        rivet_state::summarize(&self.store, app, req)
    }

    /// The current state root over accounts, notes and nullifiers.
    pub fn state_root(&self) -> Result<Digest, ApiError> {
        Ok(self.store.state_root()?)
    }

    /// Commits an executed transaction atomically (the store re-checks it).
    pub fn commit(&self, tx: &TxResult) -> Result<(u64, TxId), StoreError> {
        self.store.commit(tx)
    }

    /// A read-only call of an account's export: nothing is committed.
    pub fn view(
        &self,
        app: &App,
        account: AccountId,
        entry: EntryCall,
        gas: u64,
    ) -> Result<ViewOutcome, ViewError> {
        replay::view(&self.store, app, account, entry, gas)
    }
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::Internal("a worker panicked while holding the manifest cache".into())
}
