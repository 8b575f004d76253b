//! `rivet tx exec|log|show|replay|export`: transactions against the state directory.
//!
//! `exec` runs one transaction with the same executor as `rivet demo`
//! (`rivet_state::execute`: note scripts in order, then the optional script call, then
//! the account's auth component) under the manifest the account was created with, and
//! commits it; a refusal or trap commits nothing and exits 1. It signs the
//! transaction summary with `--key FILE` or the account's key in the keystore
//! (`STATE/keys/NAME.key`); `--summary` prints the summary and proof without
//! committing (signing apart from executing), `--proof HEX` executes with a proof made
//! elsewhere. `replay` re-executes logged transactions from their
//! witnesses and requires identical results, gas and deltas.

mod remote;

use super::keystore;
use super::state_args::{self, note_json, print_json, State, StateArgs};
use anyhow::{bail, Context};
use rivet_format::manifest::Manifest;
use rivet_runtime::component::App;
use rivet_state::auth::keys;
use rivet_state::replay::{self, decode_witness};
use rivet_state::{AccountId, EntryCall, ExecError, Signer, TxRequest, TxResult};
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

/// Gas for a transaction unless `--gas` says otherwise.
pub const DEFAULT_GAS: u64 = 50_000_000;

/// Arguments of `rivet tx`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Run one transaction: consume notes, then call a script; commit or refuse.
    ///
    /// Example: rivet tx exec faucet --script mint-tx run '[100, @hash:p2id, @id:alice]'
    ///
    /// Example: rivet tx exec alice --consume 3f2a
    #[command(allow_negative_numbers = true)]
    Exec(ExecArgs),
    /// List committed transactions in order.
    ///
    /// Example: rivet tx log --json
    Log {
        #[command(flatten)]
        state: StateArgs,
    },
    /// Show one transaction: account, nonce, gas, notes, delta and its calls.
    ///
    /// Example: rivet tx show '#0'
    Show {
        /// Sequence number (`3` or `#3`) or id prefix.
        tx: String,
        #[command(flatten)]
        state: StateArgs,
    },
    /// Re-execute transactions from their witnesses; fail unless results, gas and
    /// delta are identical.
    ///
    /// Example: rivet tx replay '#2'    (or --all)
    Replay {
        /// Sequence numbers or id prefixes.
        txs: Vec<String>,
        /// Replay every logged transaction.
        #[arg(long)]
        all: bool,
        /// Gas limit for each re-execution (at least the logged use).
        #[arg(long, default_value_t = DEFAULT_GAS)]
        gas: u64,
        #[command(flatten)]
        state: StateArgs,
    },
    /// Write a committed transaction's proof bundle (for `rivet verify`).
    ///
    /// Example: rivet tx export '#2' -o tx.bundle
    Export {
        /// Sequence number (`3` or `#3`) or id prefix.
        tx: String,
        /// The bundle file to write.
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
        #[command(flatten)]
        state: StateArgs,
    },
}

/// Arguments of `rivet tx exec`.
#[derive(clap::Args)]
struct ExecArgs {
    /// The executing account: name, id or id prefix.
    account: String,
    /// A note to consume (id or prefix); repeat for several, consumed in order.
    #[arg(long = "consume", value_name = "NOTE")]
    consume: Vec<String>,
    /// The script call after the notes: COMPONENT FUNC ARGS... (WAVE arguments;
    /// `@hash:COMPONENT` and `@id:ACCOUNT` expand to u64 limbs).
    #[arg(long, num_args = 2.., value_names = ["COMPONENT", "FUNC", "ARGS"])]
    script: Vec<String>,
    /// Gas for the whole transaction.
    #[arg(long, default_value_t = DEFAULT_GAS)]
    gas: u64,
    /// Sign with this key file instead of the account's key(s) in the keystore;
    /// repeat for a multisig (each key signs as the account key it matches).
    #[arg(long, value_name = "FILE")]
    key: Vec<std::path::PathBuf>,
    /// Use this proof (hex, e.g. a signature made with `--summary` elsewhere) instead
    /// of signing; an empty string sends no proof.
    #[arg(long, value_name = "HEX", conflicts_with = "key")]
    proof: Option<String>,
    /// Print the transaction summary (and the proof, when a key signs it) without
    /// committing anything.
    #[arg(long)]
    summary: bool,
    #[command(flatten)]
    state: StateArgs,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(r) = remote::run(&args.command, &mut out) {
        return r;
    }
    match args.command {
        Command::Exec(a) => exec(a, &mut out),
        Command::Log { state } => log(&state, &mut out),
        Command::Show { tx, state } => show(&state, &tx, &mut out),
        Command::Replay {
            txs,
            all,
            gas,
            state,
        } => replay_cmd(&state, &txs, all, gas, &mut out),
        Command::Export { tx, output, state } => super::commit::export(&state, &tx, &output),
    }
}

/// The entry call of `--script COMPONENT FUNC ARGS...`.
fn entry(
    s: &State,
    m: &Manifest,
    app: &rivet_runtime::component::App,
    script: &[String],
) -> anyhow::Result<EntryCall> {
    let [component, function, texts @ ..] = script else {
        bail!("--script needs COMPONENT FUNC [ARGS...]");
    };
    let hash = state_args::component_hash(m, component)?;
    let comp = app.component(&hash.to_hex())?;
    let Some(f) = comp.export(function) else {
        let mut names: Vec<&str> = comp.exports.iter().map(|e| e.key.as_str()).collect();
        names.sort_unstable();
        bail!(
            "{component} exports no function {function} (exports: {})",
            names.join(", ")
        );
    };
    let texts = texts
        .iter()
        .map(|t| s.expand(m, t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    Ok(EntryCall {
        component: hash,
        function: f.key.clone(),
        args: super::call::parse_args(&f.key, &f.ty, &texts)?,
    })
}

/// Reports a refusal (exit 1, nothing committed); store and input errors pass on.
fn refused(e: ExecError, json_out: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if let ExecError::Store(_) | ExecError::UnknownAccount(_) | ExecError::NoteUnavailable { .. } =
        e
    {
        return Err(e.into());
    }
    if json_out {
        print_json(out, &json!({"committed": false, "refused": e.to_string()}))?;
    }
    eprintln!("refused: {e}");
    eprintln!("nothing committed");
    Ok(ExitCode::from(1))
}

/// Who signs for account `id` (see [`keystore::signer`]).
fn signer(s: &State, a: &ExecArgs, app: &App, id: AccountId) -> anyhow::Result<Signer> {
    if a.proof.is_some() {
        return Ok(Signer::None);
    }
    let account = s.account(&id.to_string())?;
    keystore::signer(
        &a.state.state,
        &s.label(id),
        keys::account_scheme(app, &account),
        &keys::account_keys(&account),
        &a.key,
    )
}

/// Sets `req.auth_proof`: `given` (`--proof`), else `signer`'s proof for the
/// transaction summary, else nothing. Returns the summary digest in hex and whether
/// there is a proof.
fn sign(
    s: &State,
    app: &App,
    req: &mut TxRequest,
    given: Option<Vec<u8>>,
    signer: Signer,
) -> Result<(String, bool), ExecError> {
    let digest = rivet_state::summarize(&s.store, app, req)?.digest();
    let proof = match (given, signer) {
        (Some(p), _) => Some(p),
        (None, Signer::None) => None,
        (None, signer) => Some(signer.proof(&digest)),
    };
    let has = proof.is_some();
    req.auth_proof = proof.unwrap_or_default();
    Ok((keystore::hex(&digest.0), has))
}

/// `--summary`: the transaction summary and the proof (if a key signed it), nothing
/// committed; local and `--node` execution print it alike.
fn print_summary(
    summary: &str,
    proof: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if json {
        print_json(
            out,
            &json!({"summary": summary, "proof": proof, "committed": false}),
        )?;
    } else {
        writeln!(out, "summary {summary}")?;
        writeln!(out, "proof   {}", proof.unwrap_or("(none: no key)"))?;
        writeln!(out, "nothing committed")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// JSON summary of a transaction.
fn tx_json(s: &State, seq: Option<u64>, tx: &TxResult) -> Value {
    json!({
        "seq": seq,
        "id": tx.id().to_hex(),
        "account": tx.account.to_string(),
        "account_name": s.registry.name_of(tx.account),
        "nonce": {"before": tx.base_nonce, "after": tx.base_nonce + u64::from(tx.delta.nonce_incremented)},
        "gas_used": tx.gas_used,
        "witness_bytes": tx.witness.len(),
        "consumed": tx.consumed.iter().map(|n| n.to_hex()).collect::<Vec<_>>(),
        "created": tx.outputs.iter().map(|n| n.id().to_hex()).collect::<Vec<_>>(),
    })
}

fn exec(a: ExecArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = a.state.open(false)?;
    let id = s.account_id(&a.account)?;
    let mhash = s.manifest_of(id)?;
    let app = replay::load_app(&s.store, &mhash)?;
    let notes = a
        .consume
        .iter()
        .map(|n| Ok(s.note(n)?.0.id()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let entry = if a.script.is_empty() {
        None
    } else {
        Some(entry(&s, app.manifest(), &app, &a.script)?)
    };
    if notes.is_empty() && entry.is_none() {
        bail!("nothing to do: give --consume NOTE and/or --script COMPONENT FUNC ARGS...");
    }
    let mut req = TxRequest {
        account: id,
        notes,
        entry,
        gas: a.gas,
        auth_proof: Vec::new(),
    };
    let given = a
        .proof
        .as_deref()
        .map(keystore::unhex)
        .transpose()
        .context("--proof")?;
    let who = signer(&s, &a, &app, id)?;
    let signed = match sign(&s, &app, &mut req, given, who) {
        Ok(signed) => signed,
        Err(e) => return refused(e, a.state.json, out),
    };
    if a.summary {
        let (summary, has_proof) = signed;
        let proof = has_proof.then(|| keystore::hex(&req.auth_proof));
        return print_summary(&summary, proof.as_deref(), a.state.json, out);
    }
    let tx = match rivet_state::execute(&s.store, &app, &req) {
        Ok(tx) => tx,
        Err(e) => return refused(e, a.state.json, out),
    };
    let (seq, txid) = s.store.commit(&tx).context("committing")?;
    if a.state.json {
        let mut v = tx_json(&s, Some(seq), &tx);
        v["committed"] = json!(true);
        print_json(out, &v)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "tx {} (#{seq}) on {}",
        txid.to_hex(),
        s.label(tx.account)
    )?;
    writeln!(
        out,
        "  gas {}, witness {} bytes, nonce {} -> {}",
        tx.gas_used,
        tx.witness.len(),
        tx.base_nonce,
        tx.base_nonce + u64::from(tx.delta.nonce_incremented)
    )?;
    for n in &tx.consumed {
        writeln!(out, "  consumed {}", n.to_hex())?;
    }
    for n in &tx.outputs {
        let assets: Vec<String> = n
            .assets
            .iter()
            .map(|x| state_args::asset_text(&s, x))
            .collect();
        writeln!(
            out,
            "  created  {} ({}, script {})",
            n.id().to_hex(),
            assets.join(", "),
            s.component_name(Some(app.manifest()), &n.script)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn log(state: &StateArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let log = s.store.transactions()?;
    if state.json {
        let v: Vec<Value> = log
            .iter()
            .map(|(seq, _, tx)| tx_json(&s, Some(*seq), tx))
            .collect();
        print_json(out, &json!(v))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (seq, id, tx) in &log {
        writeln!(
            out,
            "#{seq:<4} {}  {:<10} gas {:<9} nonce {} notes in {} out {}",
            id.to_hex(),
            s.label(tx.account),
            tx.gas_used,
            tx.base_nonce,
            tx.consumed.len(),
            tx.outputs.len()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show(state: &StateArgs, what: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let (seq, tx) = replay::find_tx(&s.store, what)?;
    let manifest = s
        .registry
        .entry(tx.account)
        .and_then(|e| s.store.manifest(&e.manifest).ok().flatten());
    let calls: Vec<Value> = decode_witness(&tx.witness)
        .map_err(|e| anyhow::anyhow!("transaction #{seq}: witness: {e}"))?
        .iter()
        .map(|r| {
            json!({
                "component": s.component_name(manifest.as_ref(), &r.component),
                "function": r.function,
                "advice_entries": r.advice.len(),
            })
        })
        .collect();
    let outputs: Vec<Value> = tx
        .outputs
        .iter()
        .map(|n| note_json(&s, n, rivet_state::NoteStatus::Unspent, manifest.as_ref()))
        .collect();
    let mut v = tx_json(&s, Some(seq), &tx);
    let roots = s.store.tx_roots(seq)?;
    v["old_root"] = json!(roots.map(|r| r.0.to_hex()));
    v["new_root"] = json!(roots.map(|r| r.1.to_hex()));
    v["calls"] = json!(calls);
    v["outputs"] = json!(outputs);
    v["delta"] = json!({
        "values": tx.delta.values.iter().map(|(k, w)| json!({"slot": k, "value": state_args::word_json(w)})).collect::<Vec<_>>(),
        "map_entries": tx.delta.maps.len(),
        "fungible": tx.delta.vault.fungible.iter().map(|(f, d)| json!({"faucet": f.to_string(), "faucet_name": s.label(*f), "change": d.to_string()})).collect::<Vec<_>>(),
        "nonce_incremented": tx.delta.nonce_incremented,
    });
    if state.json {
        print_json(out, &v)?;
    } else {
        writeln!(
            out,
            "tx {} (#{seq}) on {}",
            tx.id().to_hex(),
            s.label(tx.account)
        )?;
        writeln!(
            out,
            "  gas {}, witness {} bytes, nonce {}",
            tx.gas_used,
            tx.witness.len(),
            tx.base_nonce
        )?;
        if let Some((old, new)) = roots {
            writeln!(out, "  state root {old} -> {new}")?;
        }
        for c in &calls {
            writeln!(
                out,
                "  call {} {}",
                c["component"].as_str().unwrap_or("?"),
                c["function"].as_str().unwrap_or("?")
            )?;
        }
        for (slot, w) in &tx.delta.values {
            writeln!(out, "  slot {slot} := {}", state_args::word_text(w))?;
        }
        for (f, d) in &tx.delta.vault.fungible {
            writeln!(out, "  vault {d:+} of {}", s.label(*f))?;
        }
        for n in &tx.consumed {
            writeln!(out, "  consumed {}", n.to_hex())?;
        }
        for n in &tx.outputs {
            writeln!(out, "  created  {}", n.id().to_hex())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn replay_cmd(
    state: &StateArgs,
    txs: &[String],
    all: bool,
    gas: u64,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let seqs: Vec<u64> = if all {
        s.store
            .transactions()?
            .iter()
            .map(|(seq, _, _)| *seq)
            .collect()
    } else if txs.is_empty() {
        bail!("give transaction ids or sequence numbers, or --all");
    } else {
        txs.iter()
            .map(|t| Ok(replay::find_tx(&s.store, t)?.0))
            .collect::<anyhow::Result<_>>()?
    };
    let mut results = Vec::new();
    let mut failed = false;
    for seq in seqs {
        let (_, tx) = replay::find_tx(&s.store, &format!("#{seq}"))?;
        let outcome = s
            .manifest_of(tx.account)
            .and_then(|m| Ok(replay::load_app(&s.store, &m)?))
            .and_then(|app| Ok(replay::replay(&s.store, &s.registry, &app, seq, gas)?));
        match outcome {
            Ok(tx) => {
                if !state.json {
                    writeln!(
                        out,
                        "#{seq} {} replayed: results, gas {} and delta identical",
                        tx.id().to_hex(),
                        tx.gas_used
                    )?;
                }
                results.push(json!({"seq": seq, "id": tx.id().to_hex(), "ok": true, "gas_used": tx.gas_used}));
            }
            Err(e) => {
                failed = true;
                eprintln!("#{seq}: {e:#}");
                results.push(json!({"seq": seq, "ok": false, "error": format!("{e:#}")}));
            }
        }
    }
    if state.json {
        print_json(out, &json!(results))?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
