//! Concurrent execution: transactions on different accounts run in parallel on
//! worker threads; transactions on one account run one at a time, in arrival order.
//!
//! A submission is (1) resolved (names, note prefixes, WAVE arguments) on a blocking
//! thread, (2) queued on its account's lock (an async mutex, so waiting costs no
//! thread), (3) given one of `workers` permits, (4) executed against the store and
//! committed, on a blocking thread. Execution only reads the store; the store
//! serializes commits and re-checks each one (nonce, unspent inputs, conservation) in
//! one database transaction.
//!
//! Invariant: a transaction is applied at most once and never on top of a state it did
//! not execute against. The per-account lock means the account cannot change between
//! execution and commit except through this node; notes consumed by a transaction on
//! another account can. When the store refuses a commit as stale (`StaleNonce`) or
//! because an input was consumed meanwhile (`NoteConsumed`), the transaction is
//! executed again on the new state, up to [`MAX_ATTEMPTS`] times; the re-execution
//! then either commits or is refused with the executor's reason ("note ... already
//! consumed by transaction #n"). Execution is deterministic per transaction: the same
//! request on the same state gives the same result and gas, whatever runs beside it.

use crate::error::ApiError;
use crate::ledger::Ledger;
use crate::render;
use rivet_runtime::component::App;
use rivet_state::{AccountId, ExecError, StoreError, TxId, TxRequest, TxResult};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, Semaphore};

/// How often a transaction is executed when its commit keeps losing a race.
pub const MAX_ATTEMPTS: u32 = 3;
/// How many submission outcomes are kept for `GET /v1/submissions/{n}`.
pub const RECEIPTS: usize = 4096;

/// What became of a submitted transaction.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Committed at log position `seq`.
    Committed {
        /// Its log sequence number.
        seq: u64,
        /// The committed result.
        tx: Box<TxResult>,
        /// Executions it took (1 unless a commit lost a race).
        attempts: u32,
    },
    /// Not committed; nothing changed.
    Refused {
        /// `unavailable` (an input is gone), `refused` (a script said no), `trapped`,
        /// `unauthorized` (the auth component refused: no or a wrong signature, or
        /// one over a state that has moved), `rule` (a state rule, e.g.
        /// conservation) or `conflict` (lost every race).
        kind: &'static str,
        /// The executor's or the store's reason.
        reason: String,
        /// Executions it took.
        attempts: u32,
    },
}

/// The scheduler: account locks, worker permits, the event channel and receipts.
pub struct Pool {
    ledger: Arc<Ledger>,
    locks: Mutex<HashMap<AccountId, Arc<tokio::sync::Mutex<()>>>>,
    permits: Semaphore,
    events: broadcast::Sender<Value>,
    order: Arc<Mutex<()>>,
    receipts: Mutex<VecDeque<(u64, Value)>>,
    next: AtomicU64,
    closing: AtomicBool,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Pool {
    /// A pool running at most `workers` executions at once.
    pub fn new(ledger: Arc<Ledger>, workers: usize) -> Pool {
        Pool {
            ledger,
            locks: Mutex::new(HashMap::new()),
            permits: Semaphore::new(workers.max(1)),
            events: broadcast::channel(1024).0,
            order: Arc::new(Mutex::new(())),
            receipts: Mutex::new(VecDeque::new()),
            next: AtomicU64::new(0),
            closing: AtomicBool::new(false),
            shutdown: tokio::sync::watch::channel(false).0,
        }
    }

    /// The ledger.
    pub fn ledger(&self) -> &Arc<Ledger> {
        &self.ledger
    }

    /// A receiver of committed transactions (their log summaries), in commit order.
    pub fn subscribe(&self) -> broadcast::Receiver<Value> {
        self.events.subscribe()
    }

    /// How many event streams are open.
    pub fn watchers(&self) -> usize {
        self.events.receiver_count()
    }

    /// Refuses new submissions from now on (shutdown drains the running ones) and
    /// ends every event stream.
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.shutdown.send_replace(true);
    }

    /// What event streams watch to end at shutdown.
    pub fn shutdown_signal(&self) -> crate::events::Shutdown {
        crate::events::Shutdown(self.shutdown.subscribe())
    }

    /// A fresh submission number.
    pub fn ticket(&self) -> Result<u64, ApiError> {
        if self.closing.load(Ordering::SeqCst) {
            return Err(ApiError::ShuttingDown);
        }
        Ok(self.next.fetch_add(1, Ordering::SeqCst))
    }

    /// The recorded outcome of submission `n`, if still kept.
    pub fn receipt(&self, n: u64) -> Option<Value> {
        let r = self.receipts.lock().ok()?;
        r.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone())
    }

    fn record(&self, n: u64, v: &Value) {
        if let Ok(mut r) = self.receipts.lock() {
            if r.len() == RECEIPTS {
                r.pop_front();
            }
            r.push_back((n, v.clone()));
        }
    }

    fn lock_of(&self, id: AccountId) -> Result<Arc<tokio::sync::Mutex<()>>, ApiError> {
        let mut locks = self
            .locks
            .lock()
            .map_err(|_| ApiError::Internal("account lock table poisoned".into()))?;
        Ok(locks.entry(id).or_default().clone())
    }

    /// Runs submission `n` of `req` under `app` to its outcome, recording it.
    pub async fn run(&self, n: u64, req: TxRequest, app: Arc<App>) -> Result<Value, ApiError> {
        let lock = self.lock_of(req.account)?;
        let _turn = lock.lock().await;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::ShuttingDown)?;
        let ledger = self.ledger.clone();
        let (order, events) = (self.order.clone(), self.events.clone());
        let outcome = tokio::task::spawn_blocking(move || {
            // Commit and publish under one lock, so events leave in log order.
            let publish = |l: &Ledger, tx: &TxResult| {
                let _order = order.lock().unwrap_or_else(|p| p.into_inner());
                let (seq, id) = l.commit(tx)?;
                // No receiver is fine: nobody is watching.
                let _ = events.send(render::tx_json(l, seq, tx));
                Ok((seq, id))
            };
            execute_and_commit(&ledger, &app, &req, &publish)
        })
        .await
        .map_err(|e| ApiError::Internal(format!("worker failed: {e}")))??;
        let v = match &outcome {
            Outcome::Committed { seq, tx, attempts } => {
                let mut v = render::tx_json(&self.ledger, *seq, tx);
                v["committed"] = json!(true);
                v["attempts"] = json!(attempts);
                v
            }
            Outcome::Refused {
                kind,
                reason,
                attempts,
            } => json!({"committed": false, "kind": kind, "refused": reason, "attempts": attempts}),
        };
        let mut v = v;
        v["submission"] = json!(n);
        self.record(n, &v);
        Ok(v)
    }

    /// Records that submission `n` failed before it ran (a bad field, say).
    pub fn record_error(&self, n: u64, e: &ApiError) {
        self.record(
            n,
            &json!({"committed": false, "submission": n, "error": e.to_string()}),
        );
    }
}

/// The `kind` of a refusal caused by `e` (see [`Outcome::Refused`]).
pub fn refusal_kind(e: &ExecError) -> &'static str {
    match e {
        ExecError::UnknownAccount(_) | ExecError::NoteUnavailable { .. } => "unavailable",
        ExecError::NoteRefused { .. } | ExecError::EntryRefused { .. } => "refused",
        ExecError::NoteTrapped { .. } | ExecError::EntryTrapped { .. } => "trapped",
        ExecError::State(_) | ExecError::Store(_) => "rule",
        ExecError::NoAuthComponent { .. }
        | ExecError::SeveralAuthComponents { .. }
        | ExecError::AuthRefused { .. }
        | ExecError::AuthTrapped { .. }
        | ExecError::AuthChangedState { .. } => "unauthorized",
    }
}

/// Executes and commits, re-executing when the commit lost a race (see the module
/// docs). Runs on a blocking thread.
pub fn execute_and_commit(
    ledger: &Ledger,
    app: &App,
    req: &TxRequest,
    commit: &Commit<'_>,
) -> Result<Outcome, ApiError> {
    match ledger.execute(app, req) {
        Ok(tx) => commit_or_rerun(ledger, app, req, tx, commit),
        Err(e) => refused(e, 1),
    }
}

fn refused(e: ExecError, attempts: u32) -> Result<Outcome, ApiError> {
    match e {
        ExecError::Store(e) => Err(e.into()),
        e => Ok(Outcome::Refused {
            kind: refusal_kind(&e),
            reason: e.to_string(),
            attempts,
        }),
    }
}

/// How a result is committed: normally [`Ledger::commit`]; the pool's also
/// publishes the commit on the event stream.
pub type Commit<'a> = dyn Fn(&Ledger, &TxResult) -> Result<(u64, TxId), StoreError> + 'a;

/// Commits `tx` (with `commit`), the result of executing `req`; when the store refuses it as stale
/// or an input was consumed meanwhile, executes `req` again on the current state
/// and retries, up to [`MAX_ATTEMPTS`] executions in all.
pub fn commit_or_rerun(
    ledger: &Ledger,
    app: &App,
    req: &TxRequest,
    mut tx: TxResult,
    commit: &Commit<'_>,
) -> Result<Outcome, ApiError> {
    let mut attempts = 1;
    loop {
        match commit(ledger, &tx) {
            Ok((seq, _)) => {
                return Ok(Outcome::Committed {
                    seq,
                    tx: Box::new(tx),
                    attempts,
                })
            }
            Err(e @ (StoreError::StaleNonce { .. } | StoreError::NoteConsumed(_))) => {
                if attempts >= MAX_ATTEMPTS {
                    return Ok(Outcome::Refused {
                        kind: "conflict",
                        reason: format!("lost the commit race {attempts} times; last: {e}"),
                        attempts,
                    });
                }
            }
            Err(e @ (StoreError::State(_) | StoreError::NoteExists(_))) => {
                return Ok(Outcome::Refused {
                    kind: "rule",
                    reason: format!("the store refused the commit: {e}"),
                    attempts,
                })
            }
            Err(e) => return Err(e.into()),
        }
        attempts += 1;
        tx = match ledger.execute(app, req) {
            Ok(tx) => tx,
            Err(e) => return refused(e, attempts),
        };
    }
}
