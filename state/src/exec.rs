//! The transaction executor: runs note scripts, a transaction's entry call and the
//! account's auth component through the component runtime against a [`PendingTx`],
//! and returns a [`TxResult`] to commit.
//!
//! A transaction executes against one account:
//!
//! 1. the account and the input notes (which must be unspent) are read from the store;
//! 2. each input note is consumed in order: its script's `run` is called (by code hash,
//!    so the note's script must be in the manifest) with the `rivet:base` host
//!    interfaces bound to the pending transaction ([`crate::host`]);
//! 3. then the optional entry call (normally a transaction script's `run(args)`);
//! 4. the [`TxSummary`] is computed and the account's auth component is called with it
//!    and the request's [`TxRequest::auth_proof`] ([`crate::auth`]); it must accept
//!    and may change nothing but the nonce;
//! 5. the delta is checked exactly as the store will check it ([`PendingTx::finish`]).
//!
//! Any refusal (a script or the auth component returning `err(reason)`), trap,
//! out-of-gas or rule violation stops execution with an [`ExecError`] naming the note,
//! script or auth component and the function; nothing was written, the pending state
//! is dropped. On success the caller commits the result with [`crate::Store::commit`].
//!
//! A signer first calls [`summarize`] (steps 1-3, no auth), signs the digest, then
//! [`execute`]s with the proof; both runs are deterministic, so the summaries agree.
//! The witness holds one record per call: notes, entry, then the auth call, whose
//! arguments (summary and proof) are its advice. [`execute_unauthenticated`] skips
//! step 4 for read-only views, whose results are never committed.

use crate::auth::summary::EntryCommitment;
use crate::auth::{keys, SignatureHost, TxSummary, AUTH_EXPORT, SIGNATURE_INTERFACE};
use crate::codec::Encode;
use crate::delta::AccountDelta;
use crate::error::{StateError, StoreError};
use crate::host::{BaseHost, Interface, Shared};
use crate::model::{Account, AccountId, Note, NoteId, Word};
use crate::pending::PendingTx;
use crate::store::{NoteStatus, Store};
use crate::tx::TxResult;
use crate::vals;
use rivet_format::codec::Writer;
use rivet_format::CodeHash;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, CallFailure, CallOutcome, Hosts};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

pub use crate::host::{HostCallError, HOST_CALL_GAS};

/// The `rivet:base` interfaces the executor provides.
pub const ACCOUNT_INTERFACE: &str = "rivet:base/account@0.1.0";
/// See [`ACCOUNT_INTERFACE`].
pub const NOTE_INTERFACE: &str = "rivet:base/note@0.1.0";
/// See [`ACCOUNT_INTERFACE`].
pub const TX_INTERFACE: &str = "rivet:base/tx@0.1.0";

/// The entry call of a transaction (normally a transaction script's `run`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCall {
    /// The component called (its kind is `tx-script`).
    pub component: CodeHash,
    /// The export, e.g. `run` or `rivet:wallet/basic#balance`.
    pub function: String,
    /// Arguments.
    pub args: Vec<Val>,
}

impl EntryCall {
    /// A transaction script's `run(args)`.
    pub fn script(component: CodeHash, args: &[u64]) -> EntryCall {
        EntryCall {
            component,
            function: "run".into(),
            args: vec![Val::List(args.iter().map(|a| Val::U64(*a)).collect())],
        }
    }
}

/// What a transaction should do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxRequest {
    /// The executing account.
    pub account: AccountId,
    /// Input notes to consume, in order.
    pub notes: Vec<NoteId>,
    /// The entry call after the notes, if any.
    pub entry: Option<EntryCall>,
    /// Gas for the whole transaction.
    pub gas: u64,
    /// The proof the account's auth component checks: e.g. the ed25519 signature of
    /// the transaction's summary digest ([`summarize`]); empty for a public account.
    pub auth_proof: Vec<u8>,
}

/// Why a transaction did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such account.
    #[error("no account {0}")]
    UnknownAccount(AccountId),
    /// An input note cannot be consumed.
    #[error("note {note}: {reason}")]
    NoteUnavailable {
        /// The note.
        note: NoteId,
        /// Why.
        reason: String,
    },
    /// A note script returned `err`.
    #[error("note {note} (script {script}) refused: {reason}")]
    NoteRefused {
        /// The note.
        note: NoteId,
        /// Its script's code hash.
        script: CodeHash,
        /// The script's message.
        reason: String,
    },
    /// A note script trapped (or something it called did, or gas ran out).
    #[error("note {note} (script {script}) failed: {trap}")]
    NoteTrapped {
        /// The note.
        note: NoteId,
        /// Its script's code hash.
        script: CodeHash,
        /// What happened, with component, function and pc.
        trap: Box<CallFailure>,
    },
    /// The entry call returned `err`.
    #[error("{function} of {component} refused: {reason}")]
    EntryRefused {
        /// The component.
        component: CodeHash,
        /// The function.
        function: String,
        /// Its message.
        reason: String,
    },
    /// The entry call trapped.
    #[error("{function} of {component} failed: {trap}")]
    EntryTrapped {
        /// The component.
        component: CodeHash,
        /// The function.
        function: String,
        /// What happened.
        trap: Box<CallFailure>,
    },
    /// None of the account's components is an auth component (exports `authenticate`).
    #[error("account {account} has no auth component (a component exporting `authenticate`, e.g. auth-ed25519 or auth-none): nobody can authorize its transactions")]
    NoAuthComponent {
        /// The account.
        account: AccountId,
    },
    /// Several of the account's components export `authenticate`.
    #[error("account {account} has {} auth components ({}); it must have exactly one", components.len(), components.iter().map(|c| c.short()).collect::<Vec<_>>().join(", "))]
    SeveralAuthComponents {
        /// The account.
        account: AccountId,
        /// The components exporting `authenticate`.
        components: Vec<CodeHash>,
    },
    /// The account's auth component refused the transaction (e.g. no signature, or a
    /// signature by another key or of another transaction).
    #[error("not authorized: account {account}'s auth component {component} refused: {reason}")]
    AuthRefused {
        /// The account.
        account: AccountId,
        /// The auth component.
        component: CodeHash,
        /// Its message.
        reason: String,
    },
    /// The auth component trapped (or ran out of gas).
    #[error("not authorized: account {account}'s auth component {component} failed: {trap}")]
    AuthTrapped {
        /// The account.
        account: AccountId,
        /// The auth component.
        component: CodeHash,
        /// What happened.
        trap: Box<CallFailure>,
    },
    /// The auth component changed the account or created notes: it may only
    /// increment the nonce, since everything else was fixed by the signed summary.
    #[error("account {account}'s auth component {component} changed {what}; an auth component may only increment the nonce")]
    AuthChangedState {
        /// The account.
        account: AccountId,
        /// The auth component.
        component: CodeHash,
        /// What it changed.
        what: &'static str,
    },
    /// The transaction breaks a state rule (e.g. assets not conserved).
    #[error(transparent)]
    State(#[from] StateError),
}

/// Appends one call's identity and advice to the transaction witness.
fn record(w: &mut Writer, outcome: &CallOutcome) {
    let wit = &outcome.witness;
    wit.component.write(w);
    w.str(&wit.function);
    wit.args.write(w);
    match &wit.results {
        Some(h) => {
            w.u8(1);
            h.write(w);
        }
        None => w.u8(0),
    }
    let mut entries: Vec<_> = wit.advice.iter().collect();
    entries.sort_by_key(|(h, _)| **h);
    w.u32(entries.len() as u32);
    for (h, bytes) in entries {
        h.write(w);
        w.bytes(bytes);
    }
}

/// `Some(reason)` when a call's result is `result::err(string)`.
fn refusal(outcome: &CallOutcome) -> Option<String> {
    match outcome.results.first() {
        Some(Val::Result(Err(Some(e)))) => Some(match e.as_ref() {
            Val::String(s) => s.clone(),
            other => format!("{other:?}"),
        }),
        Some(Val::Result(Err(None))) => Some("refused without a reason".into()),
        _ => None,
    }
}

/// The unspent input notes of `req`, in order.
fn input_notes(store: &Store, req: &TxRequest) -> Result<Vec<Note>, ExecError> {
    let mut notes = Vec::with_capacity(req.notes.len());
    let mut seen = BTreeSet::new();
    for id in &req.notes {
        let unavailable = |reason: String| ExecError::NoteUnavailable { note: *id, reason };
        if !seen.insert(*id) {
            return Err(unavailable("listed twice".into()));
        }
        match store.note(id)? {
            None => return Err(unavailable("not in the store".into())),
            Some((_, NoteStatus::Consumed(seq))) => {
                return Err(unavailable(format!(
                    "already consumed by transaction #{seq}"
                )))
            }
            Some((n, NoteStatus::Unspent)) => notes.push(n),
        }
    }
    Ok(notes)
}

/// One transaction in progress: the shared state, the hosts and the witness so far.
struct Session {
    shared: Rc<RefCell<Shared>>,
    hosts: Hosts,
    witness: Writer,
    gas_left: u64,
    base: Account,
    entry: Option<EntryCommitment>,
}

impl Session {
    fn new(account: Account, req: &TxRequest) -> Session {
        let mut seed = blake3::Hasher::new();
        seed.update(&account.id.to_bytes());
        seed.update(&account.nonce.to_le_bytes());
        for id in &req.notes {
            seed.update(&id.0);
        }
        if let Some(e) = &req.entry {
            seed.update(&e.component.0);
            seed.update(e.function.as_bytes());
            seed.update(format!("{:?}", e.args).as_bytes());
        }
        let shared = Rc::new(RefCell::new(Shared {
            code: account.code.iter().copied().collect(),
            pending: PendingTx::new(account.clone(), Word(*seed.finalize().as_bytes())),
            note: None,
            entry: req.entry.as_ref().map(|e| e.component),
        }));
        let mut hosts = Hosts::new();
        for (name, interface) in [
            (ACCOUNT_INTERFACE, Interface::Account),
            (NOTE_INTERFACE, Interface::Note),
            (TX_INTERFACE, Interface::Tx),
        ] {
            hosts.register(
                name,
                Box::new(BaseHost {
                    interface,
                    shared: shared.clone(),
                }),
            );
        }
        hosts.register(SIGNATURE_INTERFACE, Box::new(SignatureHost));
        Session {
            shared,
            hosts,
            witness: Writer::new(),
            gas_left: req.gas,
            base: account,
            entry: None,
        }
    }

    fn call(
        &mut self,
        app: &App,
        component: CodeHash,
        function: &str,
        args: &[Val],
    ) -> Result<CallOutcome, CallFailure> {
        let config = CallConfig {
            gas: self.gas_left,
            ..CallConfig::default()
        };
        let outcome =
            app.export_by_hash(&component, function)?
                .call(args, &config, &mut self.hosts)?;
        self.gas_left -= outcome.gas_used.min(self.gas_left);
        Ok(outcome)
    }

    /// Steps 2 and 3: the note scripts, then the entry call.
    fn run_calls(&mut self, app: &App, req: &TxRequest, notes: Vec<Note>) -> Result<(), ExecError> {
        for note in notes {
            let id = note.id();
            let script = note.script;
            {
                let mut s = self.shared.borrow_mut();
                s.pending.consume(note.clone());
                s.note = Some(note);
            }
            let outcome =
                self.call(app, script, "run", &[])
                    .map_err(|trap| ExecError::NoteTrapped {
                        note: id,
                        script,
                        trap: Box::new(trap),
                    })?;
            if let Some(reason) = refusal(&outcome) {
                return Err(ExecError::NoteRefused {
                    note: id,
                    script,
                    reason,
                });
            }
            record(&mut self.witness, &outcome);
            self.shared.borrow_mut().note = None;
        }
        if let Some(entry) = &req.entry {
            let outcome = self
                .call(app, entry.component, &entry.function, &entry.args)
                .map_err(|trap| ExecError::EntryTrapped {
                    component: entry.component,
                    function: entry.function.clone(),
                    trap: Box::new(trap),
                })?;
            if let Some(reason) = refusal(&outcome) {
                return Err(ExecError::EntryRefused {
                    component: entry.component,
                    function: entry.function.clone(),
                    reason,
                });
            }
            record(&mut self.witness, &outcome);
            self.entry = Some(EntryCommitment {
                component: entry.component,
                function: outcome.witness.function.to_string(),
                args: outcome.witness.args,
            });
        }
        Ok(())
    }

    fn summary(&self) -> TxSummary {
        let s = self.shared.borrow();
        TxSummary {
            account: self.base.id,
            nonce: self.base.nonce,
            inputs: s.pending.consumed().iter().map(Note::id).collect(),
            outputs: s.pending.outputs().to_vec(),
            entry: self.entry.clone(),
            delta: AccountDelta::between(&self.base, s.pending.account()),
        }
    }

    /// Step 4: the auth component checks the summary and the proof.
    fn authenticate(&mut self, app: &App, proof: &[u8]) -> Result<(), ExecError> {
        let account = self.base.id;
        let component = match keys::auth_components(app, &self.base.code)[..] {
            [] => return Err(ExecError::NoAuthComponent { account }),
            [one] => one,
            ref several => {
                return Err(ExecError::SeveralAuthComponents {
                    account,
                    components: several.to_vec(),
                })
            }
        };
        let summary = self.summary();
        let (before, outputs) = {
            let s = self.shared.borrow();
            (s.pending.account().clone(), s.pending.outputs().len())
        };
        let args = [vals::digest(&summary.digest()), vals::bytes_val(proof)];
        let outcome = self
            .call(app, component, AUTH_EXPORT, &args)
            .map_err(|trap| ExecError::AuthTrapped {
                account,
                component,
                trap: Box::new(trap),
            })?;
        if let Some(reason) = refusal(&outcome) {
            return Err(ExecError::AuthRefused {
                account,
                component,
                reason,
            });
        }
        let s = self.shared.borrow();
        let after = s.pending.account();
        let changed = |what| ExecError::AuthChangedState {
            account,
            component,
            what,
        };
        if after.storage != before.storage {
            return Err(changed("storage"));
        }
        if after.vault != before.vault {
            return Err(changed("the vault"));
        }
        if s.pending.outputs().len() != outputs {
            return Err(changed("the output notes"));
        }
        drop(s);
        record(&mut self.witness, &outcome);
        Ok(())
    }

    fn finish(self, req: &TxRequest) -> Result<TxResult, ExecError> {
        let Session {
            shared,
            hosts,
            witness,
            gas_left,
            ..
        } = self;
        drop(hosts);
        let pending = shared.borrow().pending.clone();
        Ok(pending.finish(req.gas - gas_left, witness.finish())?)
    }
}

/// Step 1 of `req`: the account and its input notes, read from the store.
fn read_inputs(store: &Store, req: &TxRequest) -> Result<(Account, Vec<Note>), ExecError> {
    let account: Account = store
        .account(req.account)?
        .ok_or(ExecError::UnknownAccount(req.account))?;
    let notes = input_notes(store, req)?;
    Ok((account, notes))
}

/// Steps 2 and 3 of `req` on already-read inputs.
fn start_on(
    account: Account,
    notes: Vec<Note>,
    app: &App,
    req: &TxRequest,
) -> Result<Session, ExecError> {
    let mut session = Session::new(account, req);
    session.run_calls(app, req, notes)?;
    Ok(session)
}

/// Steps 1-3 of `req`.
fn start(store: &Store, app: &App, req: &TxRequest) -> Result<Session, ExecError> {
    let (account, notes) = read_inputs(store, req)?;
    start_on(account, notes, app, req)
}

/// Executes `req` against the stored state under `app`, authenticated by the
/// account's auth component with `req.auth_proof`; nothing is written.
pub fn execute(store: &Store, app: &App, req: &TxRequest) -> Result<TxResult, ExecError> {
    let (account, notes) = read_inputs(store, req)?;
    execute_on(account, notes, app, req)
}

/// Executes `req` against `account` and the already-read input `notes` (in request
/// order) under `app`, without a store: what [`execute`] does after its reads, and
/// what a stateless verifier ([`crate::bundle`]) runs on proof-checked state. The
/// auth component runs here, so a verifier repeats the authorization check too.
pub fn execute_on(
    account: Account,
    notes: Vec<Note>,
    app: &App,
    req: &TxRequest,
) -> Result<TxResult, ExecError> {
    let mut session = start_on(account, notes, app, req)?;
    session.authenticate(app, &req.auth_proof)?;
    session.finish(req)
}

/// Runs `req` up to authentication and returns the summary its signer must sign
/// (`summary.digest()`); nothing is written. The proof in `req` is not used.
pub fn summarize(store: &Store, app: &App, req: &TxRequest) -> Result<TxSummary, ExecError> {
    Ok(start(store, app, req)?.summary())
}

/// Executes `req` without running the auth component: for read-only views, whose
/// result must never be committed (nobody authorized it).
pub fn execute_unauthenticated(
    store: &Store,
    app: &App,
    req: &TxRequest,
) -> Result<TxResult, ExecError> {
    start(store, app, req)?.finish(req)
}
