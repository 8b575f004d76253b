//! Exporting a committed transaction's bundle from the store: the account state and
//! proofs against the root recorded before the transaction (old nodes and replaced
//! account states are kept for this), the request rebuilt from the witness, and the
//! manifest and packages the code ran under.

use super::{Bundle, ConsumedNote, Request};
use crate::commit::{self, Digest};
use crate::error::StoreError;
use crate::replay::{decode_witness, find_tx, ReplayError};
use crate::store::Store;
use rivet_format::codec::FormatError;
use rivet_format::CodeHash;

/// Why a bundle could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such transaction.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// The log entry has no recorded roots.
    #[error("transaction #{0} has no recorded state roots")]
    NoRoots(u64),
    /// The account was not in the state before the transaction.
    #[error("transaction #{seq}: account {account} is not in the state before it (root {root})")]
    NoAccount {
        /// The log sequence number.
        seq: u64,
        /// The account.
        account: crate::AccountId,
        /// The old root.
        root: Digest,
    },
    /// A note, manifest or package is not in the store.
    #[error("{what} {hash} is not in the store")]
    Missing {
        /// `note`, `manifest` or `package`.
        what: &'static str,
        /// Its hash.
        hash: CodeHash,
    },
    /// The stored witness does not decode.
    #[error("transaction #{seq}: witness: {source}")]
    Witness {
        /// The log sequence number.
        seq: u64,
        /// Where decoding failed.
        source: FormatError,
    },
}

/// The bundle of log entry `seq`, with the code of manifest `manifest` (the one the
/// account's transactions run under).
pub fn export(store: &Store, seq: u64, manifest: &CodeHash) -> Result<Bundle, ExportError> {
    let (_, tx) = find_tx(store, &format!("#{seq}"))?;
    let (old_root, new_root) = store.tx_roots(seq)?.ok_or(ExportError::NoRoots(seq))?;
    let (account, account_proof) =
        store
            .account_at(tx.account, &old_root)?
            .ok_or(ExportError::NoAccount {
                seq,
                account: tx.account,
                root: old_root,
            })?;
    let mut notes = Vec::with_capacity(tx.consumed.len());
    for id in &tx.consumed {
        let (note, _) = store.note(id)?.ok_or(ExportError::Missing {
            what: "note",
            hash: *id,
        })?;
        let proof = store.prove(&old_root, &commit::note_key(id))?;
        let nk = commit::nullifier_key(&commit::nullifier(&note));
        let nullifier_proof = store.prove(&old_root, &nk)?;
        notes.push(ConsumedNote {
            note,
            proof,
            nullifier_proof,
        });
    }
    let outputs = tx
        .outputs
        .iter()
        .map(|n| store.prove(&old_root, &commit::note_key(&n.id())))
        .collect::<Result<Vec<_>, _>>()?;
    let records =
        decode_witness(&tx.witness).map_err(|source| ExportError::Witness { seq, source })?;
    let entry = records
        .get(tx.consumed.len())
        .map(|r| (r.component, r.function.clone(), r.args));
    let manifest = store.manifest(manifest)?.ok_or(ExportError::Missing {
        what: "manifest",
        hash: *manifest,
    })?;
    let mut seen = std::collections::BTreeSet::new();
    let packages = manifest
        .components()
        .iter()
        .filter(|c| seen.insert(c.hash))
        .map(|c| {
            store.package(&c.hash)?.ok_or(ExportError::Missing {
                what: "package",
                hash: c.hash,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Bundle {
        old_root,
        new_root,
        request: Request {
            account: tx.account,
            notes: tx.consumed.clone(),
            entry,
            gas: tx.gas_used,
        },
        account,
        account_proof,
        notes,
        outputs,
        tx,
        manifest,
        packages,
    })
}
