//! JSON renderings of accounts, notes and transactions, with the same field names
//! as the CLI's `--json` output (`rivet account show --json` and so on), so a client
//! reads a node's answers and the CLI's alike.

use crate::ledger::Ledger;
use rivet_format::manifest::Manifest;
use rivet_format::CodeHash;
use rivet_state::registry::Registry;
use rivet_state::replay::decode_witness;
use rivet_state::{Account, AccountId, AccountKind, Asset, Note, NoteStatus, TxResult, Word};
use serde_json::{json, Value};

/// A component's name in the manifest, or its short hash.
fn component_name(manifest: Option<&Manifest>, hash: &CodeHash) -> String {
    manifest
        .and_then(|m| m.component(hash))
        .map_or_else(|| hash.short(), |c| c.name.clone())
}

/// A storage word: its four u64 limbs.
pub fn word_json(w: &Word) -> Value {
    json!(w.limbs())
}

/// An account's registry name, or its id.
fn label(r: &Registry, id: AccountId) -> String {
    r.name_of(id).map_or_else(|| id.to_string(), str::to_string)
}

/// An asset (names from the registry `r`).
pub fn asset_json(r: &Registry, a: &Asset) -> Value {
    match a {
        Asset::Fungible { faucet, amount } => {
            json!({"faucet": faucet.to_string(), "faucet_name": label(r, *faucet), "amount": amount})
        }
        Asset::NonFungible(n) => json!({
            "faucet": n.faucet.to_string(),
            "faucet_name": label(r, n.faucet),
            "data_hash": CodeHash(n.data_hash.0).to_hex()
        }),
    }
}

/// An account: id, name, kind, code, nonce, storage and vault (names from the
/// registry `l`). The CLI's `account show --json` prints exactly this.
pub fn account_json(l: &Registry, a: &Account, manifest: Option<&Manifest>) -> Value {
    let maps: Vec<Value> = a
        .storage
        .maps
        .iter()
        .map(|m| {
            Value::Array(
                m.iter()
                    .map(|(k, v)| json!({"key": word_json(k), "value": word_json(v)}))
                    .collect(),
            )
        })
        .collect();
    let mut vault: Vec<Value> = a
        .vault
        .fungible
        .iter()
        .map(|(f, amount)| {
            asset_json(
                l,
                &Asset::Fungible {
                    faucet: *f,
                    amount: *amount,
                },
            )
        })
        .collect();
    vault.extend(
        a.vault
            .non_fungible
            .iter()
            .map(|n| asset_json(l, &Asset::NonFungible(*n))),
    );
    json!({
        "name": l.name_of(a.id),
        "id": a.id.to_string(),
        "kind": match a.kind { AccountKind::Regular => "regular", AccountKind::Faucet => "faucet" },
        "code": a.code.iter().map(|h| json!({"hash": h.to_hex(), "name": component_name(manifest, h)})).collect::<Vec<_>>(),
        "nonce": a.nonce,
        "storage": {"values": a.storage.values.iter().map(word_json).collect::<Vec<_>>(), "maps": maps},
        "vault": vault,
    })
}

/// The account a note's inputs name by the p2id convention (its first two inputs
/// are the recipient id's halves), if it has at least two inputs.
pub fn recipient(n: &Note) -> Option<rivet_state::AccountId> {
    match n.inputs.as_slice() {
        [p, s, ..] => Some(rivet_state::AccountId::new(*p, *s)),
        _ => None,
    }
}

/// A note and its status.
pub fn note_json(l: &Ledger, n: &Note, status: NoteStatus, manifest: Option<&Manifest>) -> Value {
    json!({
        "id": n.id().to_hex(),
        "status": match status { NoteStatus::Unspent => json!("unspent"), NoteStatus::Consumed(seq) => json!({"consumed_by": seq}) },
        "script": {"hash": n.script.to_hex(), "name": component_name(manifest, &n.script)},
        "sender": n.sender.to_string(),
        "sender_name": l.registry().name_of(n.sender),
        "recipient": recipient(n).map(|r| r.to_string()),
        "recipient_name": recipient(n).and_then(|r| l.registry().name_of(r)),
        "inputs": n.inputs,
        "assets": n.assets.iter().map(|a| asset_json(l.registry(), a)).collect::<Vec<_>>(),
        "serial": CodeHash(n.serial.0).to_hex(),
    })
}

/// A transaction's summary (the log's line).
pub fn tx_json(l: &Ledger, seq: u64, tx: &TxResult) -> Value {
    json!({
        "seq": seq,
        "id": tx.id().to_hex(),
        "account": tx.account.to_string(),
        "account_name": l.registry().name_of(tx.account),
        "nonce": {"before": tx.base_nonce, "after": tx.base_nonce + u64::from(tx.delta.nonce_incremented)},
        "gas_used": tx.gas_used,
        "witness_bytes": tx.witness.len(),
        "consumed": tx.consumed.iter().map(|n| n.to_hex()).collect::<Vec<_>>(),
        "created": tx.outputs.iter().map(|n| n.id().to_hex()).collect::<Vec<_>>(),
    })
}

/// A transaction in full: the summary plus its calls (the trace summary from the
/// witness), output notes and account delta.
pub fn tx_detail(l: &Ledger, seq: u64, tx: &TxResult) -> Value {
    let manifest = l.manifest_of(tx.account);
    let calls: Vec<Value> = match decode_witness(&tx.witness) {
        Ok(records) => records
            .iter()
            .map(|r| {
                json!({
                    "component": component_name(manifest.as_ref(), &r.component),
                    "function": r.function,
                    "advice_entries": r.advice.len(),
                    "advice_bytes": r.advice.values().map(Vec::len).sum::<usize>(),
                })
            })
            .collect(),
        Err(e) => vec![json!({"error": format!("witness: {e}")})],
    };
    let mut v = tx_json(l, seq, tx);
    v["calls"] = json!(calls);
    v["outputs"] = json!(tx
        .outputs
        .iter()
        .map(|n| {
            // The note's current status (a later transaction may have consumed it).
            let status = match l.note(&n.id()) {
                Ok(Some((_, s))) => s,
                _ => NoteStatus::Unspent,
            };
            note_json(l, n, status, manifest.as_ref())
        })
        .collect::<Vec<_>>());
    v["delta"] = json!({
        "values": tx.delta.values.iter().map(|(k, w)| json!({"slot": k, "value": word_json(w)})).collect::<Vec<_>>(),
        "map_entries": tx.delta.maps.len(),
        "fungible": tx.delta.vault.fungible.iter().map(|(f, d)| json!({"faucet": f.to_string(), "faucet_name": l.label(*f), "change": d.to_string()})).collect::<Vec<_>>(),
        "nonce_incremented": tx.delta.nonce_incremented,
    });
    v
}
