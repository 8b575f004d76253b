//! The [`Chain`]: a store in a temporary directory plus a linked manifest.
//!
//! Invariants: packages can be added until [`Chain::link`]; after it the manifest is
//! fixed (linking again re-links everything loaded so far, for tests that add
//! contracts in stages) and accounts name components of it. Accounts are created
//! through `rivet_state::registry`, so they have genesis records and every committed
//! transaction can be replayed.

use rivet_format::package::Package;
use rivet_format::CodeHash;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::App;
use rivet_state::auth::keys::{self, AuthScheme, SigningKey};
use rivet_state::registry::{self, AccountSpec, Registry, RegistryError};
use rivet_state::replay::{self, ReplayError, ViewError};
use rivet_state::{
    execute, summarize, Account, AccountId, AccountKind, Asset, EntryCall, ExecError, Note, NoteId,
    NoteStatus, Signer, Storage, Store, StoreError, TxRequest, TxResult, TxSummary, Word,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Gas for a transaction unless [`Tx::gas`] says otherwise.
pub const DEFAULT_GAS: u64 = 50_000_000;

/// Why a harness step failed.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// A file could not be read, or the temporary directory not made.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The compiler refused a module.
    #[error("compiling {name}: {reason}")]
    Compile {
        /// The contract.
        name: String,
        /// Why.
        reason: String,
    },
    /// The linker refused the packages.
    #[error("linking: {0}")]
    Link(String),
    /// A step needs [`Chain::link`] first.
    #[error("link the chain (Chain::link) before {0}")]
    NotLinked(&'static str),
    /// No loaded contract has this name.
    #[error("no contract named `{0}` is loaded")]
    UnknownContract(String),
    /// The component exports no such function.
    #[error("{component} exports no function {function}")]
    UnknownFunction {
        /// The component.
        component: String,
        /// The function.
        function: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The registry failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// Loading or replaying failed.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// A transaction was refused, trapped or broke a rule (nothing was committed).
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// A view call failed.
    #[error(transparent)]
    View(#[from] ViewError),
    /// [`Chain::refused`] expected a refusal, but the transaction succeeded.
    #[error("expected the transaction to be refused, but it succeeded (gas {gas_used})")]
    NotRefused {
        /// Gas it used.
        gas_used: u64,
    },
    /// A refused transaction changed the store.
    #[error("a refused transaction changed the store")]
    ChangedByRefusal,
    /// The account does not exist.
    #[error("no account {0}")]
    UnknownAccount(AccountId),
}

/// A transaction to run: built with [`Chain::tx`].
#[derive(Clone, Debug)]
pub struct Tx {
    account: AccountId,
    notes: Vec<NoteId>,
    entry: Option<(String, String, Vec<Val>)>,
    gas: u64,
    signer: Option<Signer>,
    proof: Option<Vec<u8>>,
}

impl Tx {
    /// Consumes `note` (after the notes added before).
    pub fn consume(mut self, note: NoteId) -> Tx {
        self.notes.push(note);
        self
    }

    /// Calls the transaction script `component`'s `run(args)` after the notes.
    pub fn script(self, component: &str, args: &[u64]) -> Tx {
        let list = Val::List(args.iter().map(|a| Val::U64(*a)).collect());
        self.call(component, "run", vec![list])
    }

    /// Calls any export of `component` as the entry call (its kind is `tx-script`).
    pub fn call(mut self, component: &str, function: &str, args: Vec<Val>) -> Tx {
        self.entry = Some((component.into(), function.into(), args));
        self
    }

    /// Sets the gas limit of the whole transaction.
    pub fn gas(mut self, gas: u64) -> Tx {
        self.gas = gas;
        self
    }

    /// Signs with `signer` instead of the account's own keys (a wrong key, several
    /// keys of a multisig, or [`Signer::None`] for no signature).
    pub fn signed_by(mut self, signer: Signer) -> Tx {
        self.signer = Some(signer);
        self
    }

    /// Uses `proof` as it is instead of signing this transaction's summary (a
    /// signature made for another transaction, replayed or tampered with).
    pub fn proof(mut self, proof: Vec<u8>) -> Tx {
        self.proof = Some(proof);
        self
    }
}

/// What a refused transaction must leave untouched.
type Snapshot = (Vec<Account>, Vec<(NoteId, NoteStatus)>, usize);

/// A private chain for one test. See the crate docs.
pub struct Chain {
    dir: PathBuf,
    store: Option<Store>,
    packages: BTreeMap<String, Package>,
    app: Option<Arc<App>>,
    manifest: Option<CodeHash>,
    signers: BTreeMap<AccountId, Signer>,
}

impl Drop for Chain {
    fn drop(&mut self) {
        drop(self.store.take());
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Chain {
    /// An empty chain in a fresh temporary directory.
    pub fn new() -> Result<Chain, HarnessError> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "rivet-testing-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(&dir)?;
        Ok(Chain {
            dir,
            store: Some(store),
            packages: BTreeMap::new(),
            app: None,
            manifest: None,
            signers: BTreeMap::new(),
        })
    }

    /// The store (for checks the harness has no method for).
    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("open until drop")
    }

    /// Loads a compiled package under `name`; returns its code hash.
    pub fn add_package(&mut self, name: &str, package: Package) -> CodeHash {
        let hash = package.code_hash();
        self.packages.insert(name.into(), package);
        hash
    }

    /// Compiles a Wasm core module (with its component-type section) under `name`.
    pub fn add_wasm(&mut self, name: &str, wasm: &[u8]) -> Result<CodeHash, HarnessError> {
        let package = rivet_compiler::compile(wasm, &Default::default()).map_err(|e| {
            HarnessError::Compile {
                name: name.into(),
                reason: e.to_string(),
            }
        })?;
        Ok(self.add_package(name, package))
    }

    /// Reads and compiles a `.wasm` file (e.g. built by `rivet build` or
    /// scripts/build-contracts.sh), or loads a `.rvp` package.
    pub fn add_wasm_file(
        &mut self,
        name: &str,
        path: impl AsRef<Path>,
    ) -> Result<CodeHash, HarnessError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| HarnessError::Io {
            path: path.into(),
            source,
        })?;
        if path.extension().is_some_and(|e| e == "rvp") {
            let package = Package::decode(&bytes).map_err(|e| HarnessError::Compile {
                name: name.into(),
                reason: e.to_string(),
            })?;
            return Ok(self.add_package(name, package));
        }
        self.add_wasm(name, &bytes)
    }

    /// Links every loaded package into one manifest, stores both and prepares it.
    pub fn link(&mut self) -> Result<CodeHash, HarnessError> {
        let inputs: Vec<LinkInput> = self
            .packages
            .iter()
            .map(|(n, p)| LinkInput::from_package(n.clone(), p))
            .collect();
        let manifest =
            rivet_linker::link(&inputs, None).map_err(|e| HarnessError::Link(e.to_string()))?;
        for p in self.packages.values() {
            self.store().put_package(p)?;
        }
        let hash = self.store().put_manifest(&manifest, None)?;
        self.app = Some(replay::load_app(self.store(), &hash)?);
        self.manifest = Some(hash);
        Ok(hash)
    }

    fn app(&self, what: &'static str) -> Result<&Arc<App>, HarnessError> {
        self.app.as_ref().ok_or(HarnessError::NotLinked(what))
    }

    /// The code hash of the loaded contract `name`.
    pub fn hash(&self, name: &str) -> Result<CodeHash, HarnessError> {
        self.packages
            .get(name)
            .map(Package::code_hash)
            .ok_or_else(|| HarnessError::UnknownContract(name.into()))
    }

    /// Creates account `name` from loaded components (nonce 0, empty vault).
    ///
    /// The harness sets up the keys of a standard auth component among them and signs
    /// the account's transactions from then on: `auth-ed25519` gets key
    /// [`Chain::test_key`]`(name)`, `auth-multisig` gets the keys of `name/0`, `name/1`
    /// and `name/2` (signing with the first two), both installed in storage map slot 0
    /// (declared if `storage` has no map slot); `auth-none` and accounts without an
    /// auth component are not signed.
    pub fn create_account(
        &mut self,
        name: &str,
        kind: AccountKind,
        components: &[&str],
        mut storage: Storage,
    ) -> Result<AccountId, HarnessError> {
        let manifest = self
            .manifest
            .ok_or(HarnessError::NotLinked("creating accounts"))?;
        let code = components
            .iter()
            .map(|c| self.hash(c))
            .collect::<Result<Vec<_>, _>>()?;
        let app = self.app("creating accounts")?;
        let signer = match keys::auth_components(app, &code)[..] {
            [auth] => match keys::scheme_of(app, auth) {
                AuthScheme::Ed25519 => {
                    let key = Chain::test_key(name);
                    keys::install_keys(&mut storage, &[keys::public_key(&key)]);
                    Signer::Ed25519(key)
                }
                AuthScheme::Multisig => {
                    let all: Vec<SigningKey> = (0..3)
                        .map(|i| Chain::test_key(&format!("{name}/{i}")))
                        .collect();
                    let public: Vec<[u8; 32]> = all.iter().map(keys::public_key).collect();
                    keys::install_keys(&mut storage, &public);
                    Signer::Multisig(vec![(0, all[0].clone()), (1, all[1].clone())])
                }
                AuthScheme::None => Signer::None,
            },
            _ => Signer::None,
        };
        let spec = AccountSpec {
            kind,
            code,
            storage,
            id: None,
        };
        let id = registry::create_account(self.store(), name, spec, manifest)?.id;
        self.signers.insert(id, signer);
        Ok(id)
    }

    /// The deterministic test key the harness derives from `label` (an account's name,
    /// or `name/i` for multisig key `i`; any other label for a stranger's key).
    pub fn test_key(label: &str) -> SigningKey {
        keys::key_from_label(label)
    }

    /// How the harness signs `account`'s transactions.
    pub fn signer(&self, account: AccountId) -> Signer {
        self.signers.get(&account).cloned().unwrap_or(Signer::None)
    }

    /// Signs `account`'s later transactions with `signer` (e.g. after a key rotation).
    pub fn set_signer(&mut self, account: AccountId, signer: Signer) {
        self.signers.insert(account, signer);
    }

    /// Puts a note in the store outside any transaction (genesis): how a test gives
    /// an account assets without a faucet contract. `script` names a loaded contract.
    pub fn note(
        &mut self,
        script: &str,
        assets: Vec<Asset>,
        inputs: Vec<u64>,
        sender: AccountId,
    ) -> Result<NoteId, HarnessError> {
        let script = self.hash(script)?;
        let serial = {
            let n = self.store().notes()?.len() as u64;
            Word::from_u64(n + 1)
        };
        let note = Note {
            script,
            inputs,
            assets,
            sender,
            serial,
        };
        Ok(self.store().insert_note(&note)?)
    }

    /// A transaction on `account`: add notes and a script, then [`Chain::run`] it.
    pub fn tx(&self, account: AccountId) -> Tx {
        Tx {
            account,
            notes: vec![],
            entry: None,
            gas: DEFAULT_GAS,
            signer: None,
            proof: None,
        }
    }

    fn request(&self, tx: &Tx) -> Result<TxRequest, HarnessError> {
        let entry = match &tx.entry {
            None => None,
            Some((component, function, args)) => {
                let hash = self.hash(component)?;
                let comp = self
                    .app("running transactions")?
                    .component(&hash.to_hex())
                    .map_err(|_| HarnessError::UnknownContract(component.clone()))?;
                let f = comp
                    .export(function)
                    .ok_or_else(|| HarnessError::UnknownFunction {
                        component: component.clone(),
                        function: function.clone(),
                    })?;
                Some(EntryCall {
                    component: hash,
                    function: f.key.clone(),
                    args: args.clone(),
                })
            }
        };
        Ok(TxRequest {
            account: tx.account,
            notes: tx.notes.clone(),
            entry,
            gas: tx.gas,
            auth_proof: Vec::new(),
        })
    }

    /// The summary `tx` would be signed over (it runs, nothing is committed).
    pub fn summary(&self, tx: &Tx) -> Result<TxSummary, HarnessError> {
        let req = self.request(tx)?;
        Ok(summarize(
            self.store(),
            self.app("running transactions")?,
            &req,
        )?)
    }

    /// The proof `tx` carries: its explicit [`Tx::proof`], else its signer's (or the
    /// account's) signature of its summary.
    pub fn proof_for(&self, tx: &Tx) -> Result<Vec<u8>, HarnessError> {
        if let Some(p) = &tx.proof {
            return Ok(p.clone());
        }
        let signer = tx.signer.clone().unwrap_or_else(|| self.signer(tx.account));
        if matches!(signer, Signer::None) {
            return Ok(Vec::new());
        }
        Ok(signer.proof(&self.summary(tx)?.digest()))
    }

    /// Executes `tx` (signed as [`Chain::proof_for`] says) without committing it.
    pub fn execute(&self, tx: &Tx) -> Result<TxResult, HarnessError> {
        let mut req = self.request(tx)?;
        req.auth_proof = self.proof_for(tx)?;
        Ok(execute(
            self.store(),
            self.app("running transactions")?,
            &req,
        )?)
    }

    /// Executes and commits `tx`; a refusal is [`HarnessError::Exec`].
    pub fn run(&mut self, tx: &Tx) -> Result<TxResult, HarnessError> {
        let result = self.execute(tx)?;
        self.store().commit(&result)?;
        Ok(result)
    }

    fn snapshot(&self) -> Result<Snapshot, HarnessError> {
        let s = self.store();
        Ok((
            s.accounts()?,
            s.notes()?.into_iter().map(|(n, st)| (n.id(), st)).collect(),
            s.transactions()?.len(),
        ))
    }

    /// Runs `tx` expecting a refusal (a script's `err`, a trap, out of gas or a
    /// broken rule); returns why, after checking that the store is unchanged.
    pub fn refused(&mut self, tx: &Tx) -> Result<ExecError, HarnessError> {
        let before = self.snapshot()?;
        let outcome = match self.run(tx) {
            Ok(r) => Err(HarnessError::NotRefused {
                gas_used: r.gas_used,
            }),
            Err(HarnessError::Exec(e)) => Ok(e),
            Err(other) => Err(other),
        };
        if self.snapshot()? != before {
            return Err(HarnessError::ChangedByRefusal);
        }
        outcome
    }

    /// The stored account.
    pub fn account(&self, id: AccountId) -> Result<Account, HarnessError> {
        self.store()
            .account(id)?
            .ok_or(HarnessError::UnknownAccount(id))
    }

    /// The account's balance of `faucet`'s fungible asset.
    pub fn balance(&self, id: AccountId, faucet: AccountId) -> Result<u64, HarnessError> {
        Ok(self.account(id)?.vault.balance(faucet))
    }

    /// The account's value slot `slot` (zero past the declared slots).
    pub fn storage(&self, id: AccountId, slot: u8) -> Result<Word, HarnessError> {
        Ok(self
            .account(id)?
            .storage
            .values
            .get(slot as usize)
            .copied()
            .unwrap_or(Word::ZERO))
    }

    /// Every note with its status.
    pub fn notes(&self) -> Result<Vec<(Note, NoteStatus)>, HarnessError> {
        Ok(self.store().notes()?)
    }

    /// A read-only call of `component`'s `function` against `account`; nothing is
    /// committed. Returns the function's results.
    pub fn view(
        &self,
        account: AccountId,
        component: &str,
        function: &str,
        args: Vec<Val>,
    ) -> Result<Vec<Val>, HarnessError> {
        let tx = self.tx(account).call(component, function, args);
        let req = self.request(&tx)?;
        let entry = req.entry.expect("call sets the entry");
        let app = self.app("view calls")?;
        Ok(replay::view(self.store(), app, account, entry, tx.gas)?.results)
    }

    /// Replays every committed transaction from its witness, requiring identical
    /// results, gas and deltas; returns how many were replayed.
    pub fn replay_all(&self) -> Result<usize, HarnessError> {
        let registry = Registry::of(self.store())?;
        let app = self.app("replaying")?;
        let log = self.store().transactions()?;
        for (seq, _, _) in &log {
            replay::replay(self.store(), &registry, app, *seq, DEFAULT_GAS)?;
        }
        Ok(log.len())
    }
}
