//! The stateless verifier: checks a bundle against a trusted old root by proofs and
//! re-execution, and computes the new root. No store is opened; every piece of state
//! it reads is checked against a hash before use (the account and notes against the
//! proven leaves, packages against the manifest's code hashes, the entry's arguments
//! against their advice key, every advice entry against its key).

use super::{Bundle, BundleError};
use crate::commit::{self, smt, Digest, MemNodes, Proof, ProofError, TreeError};
use crate::error::StateError;
use crate::model::Note;
use crate::replay::{decode_witness, reexecute, ReexecError};
use crate::tx::TxId;
use rivet_format::CodeHash;
use rivet_runtime::component::{PrepareError, Runtime};
use std::collections::BTreeSet;

/// What a successful verification established.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Verified {
    /// The transaction's id.
    pub tx: TxId,
    /// The trusted root it started from.
    pub old_root: Digest,
    /// The root after it, recomputed from the proofs and the delta.
    pub new_root: Digest,
    /// Gas the re-execution used (equal to the logged use).
    pub gas_used: u64,
}

/// Why a bundle was rejected.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The bytes are not a well-formed, intact bundle.
    #[error(transparent)]
    Format(#[from] BundleError),
    /// The bundle starts from another root than the trusted one.
    #[error("the bundle starts from root {bundle}, not the trusted root {trusted}")]
    OldRoot {
        /// The root given to the verifier.
        trusted: Digest,
        /// The bundle's old root.
        bundle: Digest,
    },
    /// The request disagrees with the result or its witness.
    #[error("the request's {0} does not match the transaction")]
    Request(&'static str),
    /// A witness advice entry does not hash to its key.
    #[error("witness call {call}: advice entry {key} does not hash to its key")]
    Advice {
        /// The call record (0-based).
        call: usize,
        /// The entry's key.
        key: CodeHash,
    },
    /// A Merkle proof does not lead to the old root.
    #[error("proof of {what}: {source}")]
    Proof {
        /// Which proof.
        what: String,
        /// Why.
        source: ProofError,
    },
    /// The account state is not the one the old root commits to.
    #[error("account state: {0}")]
    Account(String),
    /// A consumed note is not an unspent note of the old state.
    #[error("consumed note {index} ({note}): {reason}")]
    Note {
        /// Position in the consumed list.
        index: usize,
        /// The note's id.
        note: CodeHash,
        /// Why.
        reason: &'static str,
    },
    /// A created note existed already, or the proof count is wrong.
    #[error("created notes: {0}")]
    Output(String),
    /// The bundle's code does not match its manifest.
    #[error("code: {0}")]
    Code(String),
    /// The runtime refused the code.
    #[error("code: preparing the manifest: {0}")]
    Prepare(Box<PrepareError>),
    /// Re-executing did not reproduce the result.
    #[error(transparent)]
    Reexec(#[from] ReexecError),
    /// The delta does not apply to the account.
    #[error("applying the delta: {0}")]
    Apply(#[from] StateError),
    /// The partial tree could not be updated (proofs do not cover the updates).
    #[error("computing the new root: {0}")]
    Tree(#[from] TreeError),
    /// The recomputed new root differs from the bundle's.
    #[error("the new root is {computed}, but the bundle claims {bundle}")]
    NewRoot {
        /// What the verifier computed.
        computed: Digest,
        /// What the bundle records.
        bundle: Digest,
    },
}

/// Decodes and verifies bundle bytes against the trusted `old_root`.
pub fn verify(bytes: &[u8], old_root: &Digest) -> Result<Verified, VerifyError> {
    verify_bundle(&Bundle::decode(bytes)?, old_root)
}

fn proof(
    p: &Proof,
    key: &Digest,
    root: &Digest,
    what: impl FnOnce() -> String,
) -> Result<Option<Digest>, VerifyError> {
    p.check(key, root).map_err(|source| VerifyError::Proof {
        what: what(),
        source,
    })?;
    Ok(p.value(key))
}

/// Verifies a decoded bundle against the trusted `old_root` (see the module docs).
pub fn verify_bundle(b: &Bundle, old_root: &Digest) -> Result<Verified, VerifyError> {
    if b.old_root != *old_root {
        return Err(VerifyError::OldRoot {
            trusted: *old_root,
            bundle: b.old_root,
        });
    }
    check_request(b)?;
    let tx = &b.tx;
    let root = &b.old_root;
    let mut partial = MemNodes::default();
    let mut add = |p: &Proof, key: &Digest| {
        p.add_to(key, &mut partial)
            .map_err(|source| VerifyError::Proof {
                what: "the partial tree".into(),
                source,
            })
    };
    let akey = commit::account_key(tx.account);
    let leaf = proof(&b.account_proof, &akey, root, || {
        format!("account {}", tx.account)
    })?;
    let own = commit::account_commitment(&b.account);
    if b.account.id != tx.account {
        return Err(VerifyError::Account(format!(
            "it is account {}, not {}",
            b.account.id, tx.account
        )));
    }
    if leaf != Some(own) {
        return Err(VerifyError::Account(format!(
            "its commitment {own} is not the old root's leaf {}",
            leaf.map_or("(absent)".into(), |d| d.to_string())
        )));
    }
    add(&b.account_proof, &akey)?;
    let notes = check_notes(b, &mut add)?;
    if b.outputs.len() != tx.outputs.len() {
        return Err(VerifyError::Output(format!(
            "{} non-membership proofs for {} created notes",
            b.outputs.len(),
            tx.outputs.len()
        )));
    }
    for (n, p) in tx.outputs.iter().zip(&b.outputs) {
        let key = commit::note_key(&n.id());
        if proof(p, &key, root, || format!("created note {}", n.id()))?.is_some() {
            return Err(VerifyError::Output(format!(
                "note {} exists already",
                n.id()
            )));
        }
        add(p, &key)?;
    }
    // The new root first (cheap, and it catches a changed delta or output list),
    // then re-execution (it catches everything else the witness implies).
    let mut after = b.account.clone();
    tx.delta.apply(&mut after, &notes, &tx.outputs)?;
    let mut leaves = vec![commit::account_leaf(&after)];
    leaves.extend(notes.iter().map(commit::nullifier_leaf));
    leaves.extend(tx.outputs.iter().map(commit::note_leaf));
    let computed = smt::update(&mut partial, *root, leaves)?;
    if computed != b.new_root {
        return Err(VerifyError::NewRoot {
            computed,
            bundle: b.new_root,
        });
    }
    let app = load(b)?;
    reexecute(&app, b.account.clone(), notes, tx, tx.gas_used)?;
    Ok(Verified {
        tx: tx.id(),
        old_root: *root,
        new_root: computed,
        gas_used: tx.gas_used,
    })
}

/// The request against the result and its witness; every advice entry's hash.
fn check_request(b: &Bundle) -> Result<(), VerifyError> {
    let (req, tx) = (&b.request, &b.tx);
    if req.account != tx.account {
        return Err(VerifyError::Request("account"));
    }
    if req.notes != tx.consumed {
        return Err(VerifyError::Request("notes"));
    }
    if req.gas != tx.gas_used {
        return Err(VerifyError::Request("gas"));
    }
    let records = decode_witness(&tx.witness).map_err(ReexecError::BadWitness)?;
    for (call, r) in records.iter().enumerate() {
        if let Some((key, _)) = r.advice.iter().find(|(k, v)| CodeHash::of(v) != **k) {
            return Err(VerifyError::Advice { call, key: *key });
        }
    }
    let entry = records
        .get(tx.consumed.len())
        .map(|r| (r.component, r.function.clone(), r.args));
    if req.entry != entry {
        return Err(VerifyError::Request("entry call"));
    }
    Ok(())
}

/// Each consumed note: the one the result names, created (membership) and not yet
/// consumed (nullifier non-membership) under the old root.
fn check_notes(
    b: &Bundle,
    add: &mut impl FnMut(&Proof, &Digest) -> Result<(), VerifyError>,
) -> Result<Vec<Note>, VerifyError> {
    let tx = &b.tx;
    if b.notes.len() != tx.consumed.len() {
        return Err(VerifyError::Request("number of consumed notes"));
    }
    let root = &b.old_root;
    let mut out = Vec::with_capacity(b.notes.len());
    for (index, (c, id)) in b.notes.iter().zip(&tx.consumed).enumerate() {
        let bad = |reason| VerifyError::Note {
            index,
            note: *id,
            reason,
        };
        if c.note.id() != *id {
            return Err(bad("the bundle's note is not the consumed one"));
        }
        let key = commit::note_key(id);
        let leaf = proof(&c.proof, &key, root, || format!("note {id}"))?;
        if leaf != Some(commit::note_commitment(&c.note)) {
            return Err(bad("not a note of the old state"));
        }
        let nk = commit::nullifier_key(&commit::nullifier(&c.note));
        if proof(&c.nullifier_proof, &nk, root, || {
            format!("the nullifier of note {id}")
        })?
        .is_some()
        {
            return Err(bad("already consumed in the old state"));
        }
        add(&c.nullifier_proof, &nk)?;
        out.push(c.note.clone());
    }
    Ok(out)
}

/// The bundle's code on a fresh runtime: every package must be a component of the
/// manifest (by code hash) and every component must have its package.
fn load(b: &Bundle) -> Result<std::sync::Arc<rivet_runtime::component::App>, VerifyError> {
    let wanted: BTreeSet<CodeHash> = b.manifest.components().iter().map(|c| c.hash).collect();
    let mut have = BTreeSet::new();
    let runtime = Runtime::new();
    for p in &b.packages {
        let h = p.code_hash();
        if !wanted.contains(&h) {
            return Err(VerifyError::Code(format!(
                "package {h} is not a component of the manifest"
            )));
        }
        if !have.insert(h) {
            return Err(VerifyError::Code(format!("package {h} appears twice")));
        }
        runtime
            .add_package(p.clone())
            .map_err(|t| VerifyError::Prepare(Box::new(t)))?;
    }
    if let Some(missing) = wanted.difference(&have).next() {
        return Err(VerifyError::Code(format!(
            "no package for component {missing}"
        )));
    }
    runtime
        .prepare(&b.manifest)
        .map_err(|t| VerifyError::Prepare(Box::new(t)))
}
