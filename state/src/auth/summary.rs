//! The transaction summary: what a signer signs.
//!
//! [`TxSummary::digest`] is blake3 in `derive_key` mode with the context
//! [`SUMMARY_CONTEXT`] (so no other Rivet hash can collide with it) over the canonical
//! encoding ([`crate::codec`]) of: account id, nonce before the transaction, input note
//! ids in consumption order, output notes (full contents), the entry call (flag, then
//! component code hash, function key and the blake3 hash of its canonical argument
//! bytes) and the account delta (storage, vault, nonce flag) as it stands before the
//! auth component runs.

use crate::codec::Encode;
use crate::delta::AccountDelta;
use crate::model::{AccountId, Note, NoteId, Word};
use rivet_format::codec::Writer;
use rivet_format::CodeHash;

/// Domain separation of the summary hash.
pub const SUMMARY_CONTEXT: &str = "rivet 2026-12 transaction summary v1";

/// The entry call as the summary commits to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCommitment {
    /// The component called (normally a transaction script).
    pub component: CodeHash,
    /// The export's key.
    pub function: String,
    /// blake3 of the canonical argument bytes (the witness's argument advice key).
    pub args: CodeHash,
}

/// Everything a transaction does to its account, as signed by its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSummary {
    /// The executing account.
    pub account: AccountId,
    /// Its nonce when the transaction started.
    pub nonce: u64,
    /// Input notes, in consumption order.
    pub inputs: Vec<NoteId>,
    /// Output notes.
    pub outputs: Vec<Note>,
    /// The entry call, if any.
    pub entry: Option<EntryCommitment>,
    /// The account delta before authentication.
    pub delta: AccountDelta,
}

impl TxSummary {
    /// The canonical bytes the digest is taken over.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.account.write(&mut w);
        w.u64(self.nonce);
        self.inputs.write(&mut w);
        self.outputs.write(&mut w);
        match &self.entry {
            None => w.u8(0),
            Some(e) => {
                w.u8(1);
                e.component.write(&mut w);
                w.str(&e.function);
                e.args.write(&mut w);
            }
        }
        self.delta.write(&mut w);
        w.finish()
    }

    /// The 32-byte digest a signer signs and the auth component receives.
    pub fn digest(&self) -> Word {
        let mut h = blake3::Hasher::new_derive_key(SUMMARY_CONTEXT);
        h.update(&self.encode());
        Word(*h.finalize().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Asset, Word};

    fn base() -> TxSummary {
        TxSummary {
            account: AccountId::new(1, 2),
            nonce: 3,
            inputs: vec![CodeHash([4; 32])],
            outputs: vec![Note {
                script: CodeHash([5; 32]),
                inputs: vec![6],
                assets: vec![Asset::Fungible {
                    faucet: AccountId::new(7, 8),
                    amount: 9,
                }],
                sender: AccountId::new(1, 2),
                serial: Word([10; 32]),
            }],
            entry: Some(EntryCommitment {
                component: CodeHash([11; 32]),
                function: "run".into(),
                args: CodeHash([12; 32]),
            }),
            delta: AccountDelta::default(),
        }
    }

    #[test]
    fn every_field_changes_the_digest() {
        let b = base();
        let mut digests = vec![b.digest()];
        type Edit = Box<dyn Fn(&mut TxSummary)>;
        let variants: Vec<Edit> = vec![
            Box::new(|s| s.account = AccountId::new(1, 3)),
            Box::new(|s| s.nonce = 4),
            Box::new(|s| s.inputs.clear()),
            Box::new(|s| s.outputs[0].inputs[0] = 7),
            Box::new(|s| s.entry = None),
            Box::new(|s| s.entry.as_mut().unwrap().args = CodeHash([13; 32])),
            Box::new(|s| s.entry.as_mut().unwrap().function = "other".into()),
            Box::new(|s| s.entry.as_mut().unwrap().component = CodeHash([0; 32])),
            Box::new(|s| s.delta.nonce_incremented = true),
        ];
        for f in &variants {
            let mut s = b.clone();
            f(&mut s);
            digests.push(s.digest());
        }
        let n = digests.len();
        digests.sort();
        digests.dedup();
        assert_eq!(digests.len(), n, "two summaries share a digest");
        // Domain separated: not the plain blake3 of the same bytes.
        assert_ne!(b.digest().0, *blake3::hash(&b.encode()).as_bytes());
        assert_eq!(b.digest(), base().digest(), "deterministic");
    }
}
