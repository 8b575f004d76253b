//! Running stored code again: loading a stored manifest, replaying a committed
//! transaction from its witness, and read-only ("view") calls of an account.
//!
//! A transaction's witness ([`crate::exec`]) is one record per call: the note
//! scripts' `run` in consumption order, then the entry call if there was one. Each
//! record holds the component, the function, the hashes of the arguments and results
//! and the advice entries (canonical payloads keyed by blake3). [`replay`] rebuilds
//! the request from it (the entry's arguments and the auth component's proof, the
//! last record, are decoded from their advice), rebuilds
//! the account as it was before the transaction ([`account_before`]: the genesis
//! record plus every earlier delta), executes it again without touching the store
//! ([`reexecute`], which the stateless bundle verifier shares) and requires the
//! identical [`TxResult`]: same delta, outputs, gas and witness.
//!
//! A view call ([`view`]) is an execution without authentication whose result is
//! never committed; its return values are read back from the witness.

use crate::auth::AUTH_EXPORT;
use crate::codec::Decode;
use crate::error::StoreError;
use crate::exec::{execute_on, execute_unauthenticated, EntryCall, ExecError, TxRequest};
use crate::model::{Account, AccountId, Note};
use crate::registry::{Registry, RegistryError};
use crate::store::Store;
use crate::tx::TxResult;
use rivet_format::codec::{FormatError, Reader};
use rivet_format::CodeHash;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{advice, App, PrepareError, Runtime};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Why stored code could not be loaded, replayed or viewed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The registry failed.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A manifest or package is not in the store.
    #[error("{what} {hash} is not in the store")]
    Missing {
        /// `manifest` or `package`.
        what: &'static str,
        /// Its hash.
        hash: CodeHash,
    },
    /// The runtime refused a stored package or manifest.
    #[error("preparing manifest {manifest}: {trap}")]
    Prepare {
        /// The manifest.
        manifest: CodeHash,
        /// Why.
        trap: Box<PrepareError>,
    },
    /// No log entry matches.
    #[error("no transaction `{0}` in the log (give a sequence number or an id prefix)")]
    UnknownTx(String),
    /// An id prefix matches several transactions.
    #[error("`{0}` matches several transactions; give more digits")]
    AmbiguousTx(String),
    /// The account has no genesis record, so its earlier state cannot be rebuilt.
    #[error("account {0} has no genesis record (it was not created with `rivet account new` or rivet-state's registry), so its state before the transaction cannot be rebuilt")]
    NoGenesis(AccountId),
    /// Re-executing log entry `seq` failed or differed from the log.
    #[error("transaction #{seq}: {source}")]
    Reexec {
        /// The log sequence number.
        seq: u64,
        /// What went wrong.
        source: ReexecError,
    },
}

/// Why re-executing a transaction from its witness did not reproduce it: shared by
/// [`replay`] (state from the store) and the stateless verifier
/// ([`crate::bundle::verify`], state from a proof bundle).
#[derive(Debug, thiserror::Error)]
pub enum ReexecError {
    /// The witness does not decode.
    #[error("witness: {0}")]
    BadWitness(FormatError),
    /// The witness names a function or component the manifest lacks, or its advice
    /// does not decode or does not match its hash.
    #[error("{0}")]
    WitnessMismatch(String),
    /// Re-executing failed.
    #[error("re-execution failed: {0}")]
    Exec(Box<ExecError>),
    /// Re-executing gave a different result.
    #[error("replay differs from the log in {field}: logged {logged}, replayed {replayed}")]
    Differs {
        /// `delta`, `gas`, `outputs`, `witness`, ...
        field: &'static str,
        /// The logged value (summary).
        logged: String,
        /// The replayed value (summary).
        replayed: String,
    },
}

/// Loads manifest `hash` and its packages from `store` onto a fresh runtime.
pub fn load_app(store: &Store, hash: &CodeHash) -> Result<Arc<App>, ReplayError> {
    let manifest = store.manifest(hash)?.ok_or(ReplayError::Missing {
        what: "manifest",
        hash: *hash,
    })?;
    let runtime = Runtime::new();
    let prepare = |trap| ReplayError::Prepare {
        manifest: *hash,
        trap: Box::new(trap),
    };
    for c in manifest.components() {
        let package = store.package(&c.hash)?.ok_or(ReplayError::Missing {
            what: "package",
            hash: c.hash,
        })?;
        runtime.add_package(package).map_err(prepare)?;
    }
    runtime.prepare(&manifest).map_err(prepare)
}

/// One call of a transaction as its witness records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRecord {
    /// The component called.
    pub component: CodeHash,
    /// The export's full key.
    pub function: String,
    /// Hash of the canonical arguments.
    pub args: CodeHash,
    /// Hash of the canonical results (none for a function without results).
    pub results: Option<CodeHash>,
    /// The call's advice entries.
    pub advice: BTreeMap<CodeHash, Vec<u8>>,
}

/// Decodes a transaction witness into its call records.
pub fn decode_witness(bytes: &[u8]) -> Result<Vec<CallRecord>, FormatError> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    while r.remaining() > 0 {
        let component = CodeHash::read(&mut r)?;
        let function = r.str("function")?.to_string();
        let args = CodeHash::read(&mut r)?;
        let results = match r.u8("results flag")? {
            0 => None,
            1 => Some(CodeHash::read(&mut r)?),
            _ => return Err(r.error("results flag must be 0 or 1")),
        };
        let n = r.count("advice entries", 36)?;
        let mut advice = BTreeMap::new();
        for _ in 0..n {
            let h = CodeHash::read(&mut r)?;
            advice.insert(h, r.bytes("advice entry")?.to_vec());
        }
        out.push(CallRecord {
            component,
            function,
            args,
            results,
            advice,
        });
    }
    Ok(out)
}

/// The log entry `what` names: a sequence number (`3` or `#3`) or an id prefix.
pub fn find_tx(store: &Store, what: &str) -> Result<(u64, TxResult), ReplayError> {
    let log = store.transactions()?;
    if let Ok(seq) = what.trim_start_matches('#').parse::<u64>() {
        if what.starts_with('#') || what.len() < 8 {
            return log
                .into_iter()
                .find(|(s, _, _)| *s == seq)
                .map(|(s, _, t)| (s, t))
                .ok_or_else(|| ReplayError::UnknownTx(what.into()));
        }
    }
    let lower = what.to_ascii_lowercase();
    let mut found = log
        .into_iter()
        .filter(|(_, id, _)| !lower.is_empty() && id.to_hex().starts_with(&lower));
    match (found.next(), found.next()) {
        (Some((s, _, t)), None) => Ok((s, t)),
        (None, _) => Err(ReplayError::UnknownTx(what.into())),
        _ => Err(ReplayError::AmbiguousTx(what.into())),
    }
}

/// The account of log entry `seq` as it was before that transaction: its genesis
/// record with the deltas of every earlier transaction on it applied in order.
pub fn account_before(
    store: &Store,
    registry: &Registry,
    seq: u64,
) -> Result<Account, ReplayError> {
    let log = store.transactions()?;
    let (_, _, target) = log
        .iter()
        .find(|(s, _, _)| *s == seq)
        .ok_or_else(|| ReplayError::UnknownTx(format!("#{seq}")))?;
    let id = target.account;
    let mut account = registry.genesis(id)?.ok_or(ReplayError::NoGenesis(id))?;
    for (_, _, tx) in log.iter().filter(|(s, _, t)| *s < seq && t.account == id) {
        let consumed = notes(store, &tx.consumed)?;
        tx.delta
            .apply(&mut account, &consumed, &tx.outputs)
            .map_err(StoreError::from)?;
    }
    Ok(account)
}

fn notes(store: &Store, ids: &[CodeHash]) -> Result<Vec<Note>, ReplayError> {
    ids.iter()
        .map(|id| {
            store
                .note(id)?
                .map(|(n, _)| n)
                .ok_or(ReplayError::Store(StoreError::UnknownNote(*id)))
        })
        .collect()
}

/// The entry call recorded after the note scripts' records, if any; its arguments
/// are read from the record's advice, hash-checked.
fn entry_of(
    app: &App,
    records: &[CallRecord],
    notes: usize,
) -> Result<Option<EntryCall>, ReexecError> {
    let mismatch = ReexecError::WitnessMismatch;
    match records.len().checked_sub(notes) {
        Some(0) => return Ok(None),
        Some(1) => {}
        _ => {
            return Err(mismatch(format!(
                "the witness has {} call records for {notes} consumed notes",
                records.len()
            )))
        }
    }
    let rec = &records[notes];
    let comp = app
        .component(&rec.component.to_hex())
        .map_err(|t| mismatch(t.to_string()))?;
    let f = comp
        .export(&rec.function)
        .ok_or_else(|| mismatch(format!("{} has no export {}", comp.name, rec.function)))?;
    let bytes = rec.advice.get(&rec.args).ok_or_else(|| {
        mismatch(format!(
            "the entry's arguments {} are not in its advice",
            rec.args
        ))
    })?;
    if CodeHash::of(bytes) != rec.args {
        return Err(mismatch(format!(
            "the entry's argument payload does not hash to its key {}",
            rec.args
        )));
    }
    let args = advice::decode(f.ty.params_tuple(), bytes)
        .map_err(|e| mismatch(format!("the entry's arguments do not decode: {e}")))?;
    Ok(Some(EntryCall {
        component: rec.component,
        function: rec.function.clone(),
        args,
    }))
}

/// The proof of the auth call, the witness's last record.
fn proof_of(app: &App, records: &[CallRecord]) -> Result<Vec<u8>, ReexecError> {
    let mismatch = ReexecError::WitnessMismatch;
    let rec = records
        .last()
        .filter(|r| r.function == AUTH_EXPORT)
        .ok_or_else(|| mismatch("the witness ends without the auth component's call".into()))?;
    let comp = app
        .component(&rec.component.to_hex())
        .map_err(|t| mismatch(t.to_string()))?;
    let f = comp
        .export(AUTH_EXPORT)
        .ok_or_else(|| mismatch(format!("{} does not export {AUTH_EXPORT}", comp.name)))?;
    let bytes = rec
        .advice
        .get(&rec.args)
        .ok_or_else(|| mismatch("the auth call's arguments are not in its advice".into()))?;
    if CodeHash::of(bytes) != rec.args {
        return Err(mismatch(format!(
            "the auth call's argument payload does not hash to its key {}",
            rec.args
        )));
    }
    let args = advice::decode(f.ty.params_tuple(), bytes)
        .map_err(|e| mismatch(format!("the auth call's arguments do not decode: {e}")))?;
    match args.get(1) {
        Some(v) => crate::vals::bytes(v).map_err(|e| mismatch(format!("auth proof: {e}"))),
        None => Err(mismatch("the auth call has no proof argument".into())),
    }
}

fn differs(logged: &TxResult, replayed: &TxResult) -> Option<ReexecError> {
    let d = |field, logged: String, replayed: String| ReexecError::Differs {
        field,
        logged,
        replayed,
    };
    if logged.gas_used != replayed.gas_used {
        return Some(d(
            "gas",
            logged.gas_used.to_string(),
            replayed.gas_used.to_string(),
        ));
    }
    if logged.delta != replayed.delta {
        return Some(d(
            "delta",
            format!("{:?}", logged.delta),
            format!("{:?}", replayed.delta),
        ));
    }
    if logged.outputs != replayed.outputs {
        let ids = |t: &TxResult| {
            format!(
                "{:?}",
                t.outputs.iter().map(|n| n.id().short()).collect::<Vec<_>>()
            )
        };
        return Some(d("outputs", ids(logged), ids(replayed)));
    }
    if logged != replayed {
        return Some(d(
            "witness",
            format!("{} bytes", logged.witness.len()),
            format!("{} bytes", replayed.witness.len()),
        ));
    }
    None
}

/// Re-executes `logged` under `app` from `before` (the account as the transaction
/// found it) and its consumed `notes` (in order), with no store, and requires exactly
/// the logged result (delta, outputs, gas, witness). The request is rebuilt from the
/// witness: the consumed notes, then the entry call whose arguments come from its
/// hash-checked advice. `gas` is the limit (at least the logged use).
pub fn reexecute(
    app: &App,
    before: Account,
    notes: Vec<Note>,
    logged: &TxResult,
    gas: u64,
) -> Result<(), ReexecError> {
    if before.nonce != logged.base_nonce {
        return Err(ReexecError::Differs {
            field: "base nonce",
            logged: logged.base_nonce.to_string(),
            replayed: before.nonce.to_string(),
        });
    }
    let records = decode_witness(&logged.witness).map_err(ReexecError::BadWitness)?;
    let auth_proof = proof_of(app, &records)?;
    let entry = entry_of(app, &records[..records.len() - 1], logged.consumed.len())?;
    let req = TxRequest {
        account: logged.account,
        notes: logged.consumed.clone(),
        entry,
        gas: gas.max(logged.gas_used),
        auth_proof,
    };
    let replayed =
        execute_on(before, notes, app, &req).map_err(|e| ReexecError::Exec(Box::new(e)))?;
    match differs(logged, &replayed) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Re-executes log entry `seq` under `app` from the state before it (rebuilt from
/// the store and the registry) and checks that it produces exactly the logged result
/// ([`reexecute`]). `gas` is the limit to run with (at least the logged use). Returns
/// the logged result.
pub fn replay(
    store: &Store,
    registry: &Registry,
    app: &App,
    seq: u64,
    gas: u64,
) -> Result<TxResult, ReplayError> {
    let (_, logged) = find_tx(store, &format!("#{seq}"))?;
    let before = account_before(store, registry, seq)?;
    let notes = notes(store, &logged.consumed)?;
    reexecute(app, before, notes, &logged, gas)
        .map_err(|source| ReplayError::Reexec { seq, source })?;
    Ok(logged)
}

/// What a view call returned.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewOutcome {
    /// The function's results.
    pub results: Vec<Val>,
    /// Gas used.
    pub gas_used: u64,
    /// The transaction that would result (never committed).
    pub tx: TxResult,
}

/// Why a view call gave no results.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The call refused, trapped or broke a state rule.
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// The results could not be read back from the witness.
    #[error("reading the results of {function} from the witness: {reason}")]
    Results {
        /// The function.
        function: String,
        /// Why.
        reason: String,
    },
}

/// Calls `entry` (an export of one of the account's components, or of any component
/// in `app`) against the stored account as a transaction's entry call and commits
/// nothing: a read-only "view" of the account. No auth component runs (nobody
/// authorizes a view), which is why its result is never committed.
pub fn view(
    store: &Store,
    app: &App,
    account: AccountId,
    entry: EntryCall,
    gas: u64,
) -> Result<ViewOutcome, ViewError> {
    let req = TxRequest {
        account,
        notes: vec![],
        entry: Some(entry.clone()),
        gas,
        auth_proof: Vec::new(),
    };
    let tx = execute_unauthenticated(store, app, &req)?;
    let bad = |reason: String| ViewError::Results {
        function: entry.function.clone(),
        reason,
    };
    let records = decode_witness(&tx.witness).map_err(|e| bad(e.to_string()))?;
    let rec = records.last().ok_or_else(|| bad("no call record".into()))?;
    let comp = app
        .component(&entry.component.to_hex())
        .map_err(|t| bad(t.to_string()))?;
    let f = comp
        .export(&entry.function)
        .ok_or_else(|| bad("no such export".into()))?;
    let results = match (f.ty.result_tuple(), rec.results) {
        (Some(t), Some(h)) => {
            let bytes = rec
                .advice
                .get(&h)
                .ok_or_else(|| bad(format!("result payload {h} missing")))?;
            advice::decode(t, bytes).map_err(|e| bad(e.to_string()))?
        }
        (None, None) => vec![],
        _ => return Err(bad("result presence differs from the function type".into())),
    };
    Ok(ViewOutcome {
        results,
        gas_used: tx.gas_used,
        tx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::codec::Writer;

    fn record(w: &mut Writer, flag: u8) {
        use crate::codec::Encode;
        CodeHash([1; 32]).write(w);
        w.str("run");
        CodeHash([2; 32]).write(w);
        w.u8(flag);
        if flag == 1 {
            CodeHash([3; 32]).write(w);
        }
        w.u32(1);
        CodeHash([2; 32]).write(w);
        w.bytes(&[9, 9]);
    }

    #[test]
    fn witnesses_decode_and_malformed_ones_are_errors() {
        let mut w = Writer::new();
        record(&mut w, 1);
        let first = w.len();
        record(&mut w, 0);
        let bytes = w.finish();
        let recs = decode_witness(&bytes).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].results, Some(CodeHash([3; 32])));
        assert_eq!(recs[1].results, None);
        assert_eq!(recs[1].advice[&CodeHash([2; 32])], vec![9, 9]);
        assert_eq!(decode_witness(&[]).unwrap(), vec![]);
        // Every truncation is an error, never a panic.
        for cut in 1..bytes.len() {
            if cut == first {
                continue; // the boundary between the two records
            }
            assert!(decode_witness(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut w = Writer::new();
        record(&mut w, 2);
        assert!(decode_witness(&w.finish()).is_err());
    }

    #[test]
    fn transactions_are_found_by_number_or_id_prefix() {
        let dir = std::env::temp_dir().join(format!("rivet-replay-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::open(&dir).unwrap();
        assert!(matches!(
            find_tx(&store, "#0"),
            Err(ReplayError::UnknownTx(_))
        ));
        assert!(matches!(
            find_tx(&store, "zz"),
            Err(ReplayError::UnknownTx(_))
        ));
        drop(store);
        std::fs::remove_dir_all(&dir).ok();
    }
}
