//! The transaction executor: runs note scripts and a transaction's entry call through
//! the component runtime against a [`PendingTx`], and returns a [`TxResult`] to commit.
//!
//! A transaction executes against one account:
//!
//! 1. the account and the input notes (which must be unspent) are read from the store;
//! 2. each input note is consumed in order: its script's `run` is called (by code hash,
//!    so the note's script must be in the manifest) with the `rivet:base` host
//!    interfaces bound to the pending transaction;
//! 3. then the optional entry call (normally a transaction script's `run(args)`);
//! 4. the delta is checked exactly as the store will check it ([`PendingTx::finish`]).
//!
//! Any refusal (a script returning `err(reason)`), trap, out-of-gas or rule violation
//! stops execution with an [`ExecError`] naming the note or script and the function;
//! nothing was written, the pending state is dropped. On success the caller commits
//! the result with [`crate::Store::commit`].
//!
//! Caller identity (`tx.caller`): the component whose call created the running
//! context, or the running component itself for a top-level call. Its kind is
//! `note-script` for the script of the note being consumed, `tx-script` for the entry
//! call's component, and `account` otherwise. The `account` interface only serves the
//! account's own components (its code hashes): scripts reach the account through the
//! interfaces it exports, where it can check who is calling.

use crate::codec::Encode;
use crate::error::{StateError, StoreError};
use crate::model::{Account, AccountId, Note, NoteId, Word};
use crate::pending::PendingTx;
use crate::store::{NoteStatus, Store};
use crate::tx::TxResult;
use crate::vals;
use rivet_format::codec::Writer;
use rivet_format::CodeHash;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{
    App, CallConfig, CallFailure, CallOutcome, Caller, HostCx, HostCxError, HostError,
    HostInterface, Hosts,
};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Gas charged for every host call, on top of the advice transfer the runtime charges.
pub const HOST_CALL_GAS: u64 = 100;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxRequest {
    /// The executing account.
    pub account: AccountId,
    /// Input notes to consume, in order.
    pub notes: Vec<NoteId>,
    /// The entry call after the notes, if any.
    pub entry: Option<EntryCall>,
    /// Gas for the whole transaction.
    pub gas: u64,
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
    /// The transaction breaks a state rule (e.g. assets not conserved).
    #[error(transparent)]
    State(#[from] StateError),
}

/// The state the host interfaces share during one transaction.
struct Shared {
    pending: PendingTx,
    code: BTreeSet<CodeHash>,
    note: Option<Note>,
    entry: Option<CodeHash>,
}

impl Shared {
    fn kind(&self, hash: CodeHash) -> &'static str {
        if self.note.as_ref().is_some_and(|n| n.script == hash) {
            "note-script"
        } else if self.entry == Some(hash) {
            "tx-script"
        } else {
            "account"
        }
    }
}

#[derive(Clone, Copy)]
enum Interface {
    Account,
    Note,
    Tx,
}

struct BaseHost {
    interface: Interface,
    shared: Rc<RefCell<Shared>>,
}

/// Why a `rivet:base` host function refused a call (it traps the call tree as the
/// typed source of [`CallTrap::Host`](rivet_runtime::component::CallTrap::Host)).
#[derive(Debug, thiserror::Error)]
pub enum HostCallError {
    /// The call tree's rules (gas, handles).
    #[error(transparent)]
    Tree(#[from] HostCxError),
    /// An argument without the `rivet:base/types` shape.
    #[error(transparent)]
    Value(#[from] vals::ValError),
    /// Fewer arguments than the function takes.
    #[error("{function}: missing argument {index}")]
    MissingArgument {
        /// The function.
        function: String,
        /// The missing argument's position.
        index: usize,
    },
    /// The interface has no such function.
    #[error("rivet:base/{interface} has no function `{function}`")]
    NoSuchFunction {
        /// `account`, `note` or `tx`.
        interface: &'static str,
        /// The requested function.
        function: String,
    },
    /// `rivet:base/account` called by something other than the account's components.
    #[error("only the account's own components may use rivet:base/account ({who} is a {kind}); call the account's exported interface instead")]
    NotTheAccount {
        /// Short hash of the caller, or `the host`.
        who: String,
        /// Its kind.
        kind: String,
    },
    /// `rivet:base/note` outside note consumption.
    #[error("rivet:base/note: no note is being consumed (the transaction script phase)")]
    NoNote,
    /// `tx.caller` in a top-level call.
    #[error("tx.caller: called by the host")]
    CallerIsHost,
    /// `tx.create-note` refused.
    #[error("tx.create-note: {0}")]
    CreateNote(StateError),
}

fn arg<'a>(args: &'a [Val], i: usize, function: &str) -> Result<&'a Val, HostCallError> {
    args.get(i).ok_or_else(|| HostCallError::MissingArgument {
        function: function.to_string(),
        index: i,
    })
}

fn caller_hash(cx: &HostCx<'_>) -> Option<CodeHash> {
    match cx.caller() {
        Caller::Component(h) => Some(h),
        Caller::Host => None,
    }
}

impl BaseHost {
    fn account(&self, cx: &HostCx<'_>, function: &str, args: &[Val]) -> Result<Val, HostCallError> {
        let mut s = self.shared.borrow_mut();
        let me = caller_hash(cx);
        if !me.is_some_and(|h| s.code.contains(&h)) {
            return Err(HostCallError::NotTheAccount {
                who: me.map_or("the host".into(), |h| h.short()),
                kind: me.map_or("host", |h| s.kind(h)).to_string(),
            });
        }
        let p = &mut s.pending;
        Ok(match function {
            "id" => vals::account_id_val(p.id()),
            "nonce" => Val::U64(p.nonce()),
            "incr-nonce" => Val::U64(p.incr_nonce()),
            "get-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                vals::account_result(p.get_item(slot).map(|w| vals::digest(&w)))
            }
            "set-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let value = vals::word(arg(args, 1, function)?)?;
                vals::account_result(p.set_item(slot, value).map(|w| vals::digest(&w)))
            }
            "get-map-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let key = vals::word(arg(args, 1, function)?)?;
                vals::account_result(p.get_map_item(slot, key).map(|w| vals::digest(&w)))
            }
            "set-map-item" => {
                let slot = vals::slot(arg(args, 0, function)?)?;
                let key = vals::word(arg(args, 1, function)?)?;
                let value = vals::word(arg(args, 2, function)?)?;
                vals::account_result(p.set_map_item(slot, key, value).map(|w| vals::digest(&w)))
            }
            "balance" => Val::U64(p.balance(vals::account_id(arg(args, 0, function)?)?)),
            "add-asset" => {
                let a = vals::asset(arg(args, 0, function)?)?;
                vals::account_result(p.add_asset(a).map(|a| vals::asset_val(&a)))
            }
            "remove-asset" => {
                let a = vals::asset(arg(args, 0, function)?)?;
                vals::account_result(p.remove_asset(a).map(|a| vals::asset_val(&a)))
            }
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "account",
                    function: other.to_string(),
                })
            }
        })
    }

    fn note(&self, function: &str) -> Result<Val, HostCallError> {
        let s = self.shared.borrow();
        let note = s.note.as_ref().ok_or(HostCallError::NoNote)?;
        Ok(match function {
            "id" => vals::digest(&Word(note.id().0)),
            "inputs" => Val::List(note.inputs.iter().map(|x| Val::U64(*x)).collect()),
            "assets" => Val::List(note.assets.iter().map(vals::asset_val).collect()),
            "sender" => vals::account_id_val(note.sender),
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "note",
                    function: other.to_string(),
                })
            }
        })
    }

    fn tx(&self, cx: &HostCx<'_>, function: &str, args: &[Val]) -> Result<Val, HostCallError> {
        let mut s = self.shared.borrow_mut();
        Ok(match function {
            "executing-account" => vals::account_id_val(s.pending.id()),
            "caller" => {
                let who = match cx.context_caller() {
                    Caller::Component(h) => Some(h),
                    Caller::Host => caller_hash(cx),
                };
                let hash = who.ok_or(HostCallError::CallerIsHost)?;
                Val::Record(vec![
                    ("code-hash".into(), vals::digest(&Word(hash.0))),
                    ("kind".into(), Val::Enum(s.kind(hash).into())),
                ])
            }
            "create-note" => {
                let script = vals::word(arg(args, 0, function)?)?;
                let assets = vals::asset_list(arg(args, 1, function)?)?;
                let inputs = vals::u64_list(arg(args, 2, function)?)?;
                let id = s
                    .pending
                    .create_note(CodeHash(script.0), assets, inputs)
                    .map_err(HostCallError::CreateNote)?;
                vals::digest(&Word(id.0))
            }
            other => {
                return Err(HostCallError::NoSuchFunction {
                    interface: "tx",
                    function: other.to_string(),
                })
            }
        })
    }
}

impl HostInterface for BaseHost {
    fn call(
        &mut self,
        cx: &mut HostCx<'_>,
        function: &str,
        args: &[Val],
    ) -> Result<Option<Val>, HostError> {
        cx.charge(HOST_CALL_GAS).map_err(HostCallError::from)?;
        let v = match self.interface {
            Interface::Account => self.account(cx, function, args)?,
            Interface::Note => self.note(function)?,
            Interface::Tx => self.tx(cx, function, args)?,
        };
        Ok(Some(v))
    }
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

/// Executes `req` against the stored state under `app`; nothing is written.
pub fn execute(store: &Store, app: &App, req: &TxRequest) -> Result<TxResult, ExecError> {
    let account: Account = store
        .account(req.account)?
        .ok_or(ExecError::UnknownAccount(req.account))?;
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
    execute_on(account, notes, app, req)
}

/// Executes `req` against `account` and the already-read input `notes` (in request
/// order) under `app`, without a store: what [`execute`] does after its reads, and
/// what a stateless verifier ([`crate::bundle`]) runs on proof-checked state.
pub fn execute_on(
    account: Account,
    notes: Vec<Note>,
    app: &App,
    req: &TxRequest,
) -> Result<TxResult, ExecError> {
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
        pending: PendingTx::new(account, Word(*seed.finalize().as_bytes())),
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
    let mut gas_left = req.gas;
    let mut witness = Writer::new();
    for note in notes {
        let id = note.id();
        let script = note.script;
        {
            let mut s = shared.borrow_mut();
            s.pending.consume(note.clone());
            s.note = Some(note);
        }
        let config = CallConfig {
            gas: gas_left,
            ..CallConfig::default()
        };
        let outcome = app
            .call(&script.to_hex(), "run", &[], &config, &mut hosts)
            .map_err(|trap| ExecError::NoteTrapped {
                note: id,
                script,
                trap: Box::new(trap),
            })?;
        gas_left -= outcome.gas_used.min(gas_left);
        if let Some(reason) = refusal(&outcome) {
            return Err(ExecError::NoteRefused {
                note: id,
                script,
                reason,
            });
        }
        record(&mut witness, &outcome);
        shared.borrow_mut().note = None;
    }
    if let Some(entry) = &req.entry {
        let config = CallConfig {
            gas: gas_left,
            ..CallConfig::default()
        };
        let outcome = app
            .call(
                &entry.component.to_hex(),
                &entry.function,
                &entry.args,
                &config,
                &mut hosts,
            )
            .map_err(|trap| ExecError::EntryTrapped {
                component: entry.component,
                function: entry.function.clone(),
                trap: Box::new(trap),
            })?;
        gas_left -= outcome.gas_used.min(gas_left);
        if let Some(reason) = refusal(&outcome) {
            return Err(ExecError::EntryRefused {
                component: entry.component,
                function: entry.function.clone(),
                reason,
            });
        }
        record(&mut witness, &outcome);
    }
    drop(hosts);
    let pending = shared.borrow().pending.clone();
    Ok(pending.finish(req.gas - gas_left, witness.finish())?)
}
