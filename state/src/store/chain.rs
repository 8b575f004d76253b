//! The transaction log as a hash chain: every record commits to the one before it, so
//! a changed, removed, inserted or reordered record breaks the chain where it happened.
//!
//! Byte layout (store format 2; all integers little-endian):
//!
//! * A `tx_log` record, keyed by its sequence number `seq` (0, 1, 2, ...), is
//!   `prev (32 bytes) || tx`, where `tx` is the canonical encoding of the
//!   [`TxResult`] ([`crate::codec`]) and `prev` the link of record
//!   `seq - 1` (32 zero bytes for record 0).
//! * The link of a record is
//!   `blake3::derive_key(LINK_CONTEXT, seq (8 bytes) || prev (32) || blake3(tx) (32))`:
//!   it commits to the record's position, to the whole log before it (through
//!   `prev`) and to the transaction (through its id, `blake3(tx)`).
//! * The `meta` table's `head` entry is `len (8 bytes) || link of record len-1` (32
//!   zero bytes when `len` is 0), written in the same database transaction as each
//!   record, so removing records from the end is detected too.
//!
//! Limit: the chain makes the log tamper-evident against a known head, not
//! tamper-proof: whoever can rewrite the file can rewrite every link and the head. Keep
//! (or publish) [`ChainHead`]s you rely on and compare them with [`Store::chain_head`];
//! the chain then proves that the log up to that head is unchanged.
//!
//! [`Store::chain_head`]: crate::Store::chain_head

use crate::codec::decode;
use crate::error::StoreError;
use crate::tx::TxResult;
use rivet_format::codec::FormatError;
use rivet_format::CodeHash;

/// The blake3 key-derivation context of a record's link (fixes the domain).
pub const LINK_CONTEXT: &str = "rivet 2026-12 state tx-log link v2";
/// Bytes of the `prev` link in front of every record.
pub const PREV_LEN: usize = 32;
/// Bytes of the encoded head: length, then the last link.
pub(crate) const HEAD_LEN: usize = 8 + 32;

/// Where the log ends: how many records it holds and the link of the last one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ChainHead {
    /// Number of records (the next sequence number).
    pub len: u64,
    /// Link of record `len - 1`; all zero bytes for an empty log.
    pub hash: CodeHash,
}

impl ChainHead {
    /// The head of an empty log.
    pub const EMPTY: ChainHead = ChainHead {
        len: 0,
        hash: CodeHash([0; 32]),
    };

    /// The head after appending a record holding encoded transaction `tx`.
    pub fn append(&self, tx: &[u8]) -> ChainHead {
        ChainHead {
            len: self.len + 1,
            hash: link(self.len, &self.hash, tx),
        }
    }

    pub(crate) fn encode(&self) -> [u8; HEAD_LEN] {
        let mut out = [0; HEAD_LEN];
        out[..8].copy_from_slice(&self.len.to_le_bytes());
        out[8..].copy_from_slice(&self.hash.0);
        out
    }

    pub(crate) fn decode(bytes: &[u8]) -> Option<ChainHead> {
        let bytes: &[u8; HEAD_LEN] = bytes.try_into().ok()?;
        let (len, hash) = bytes.split_at(8);
        Some(ChainHead {
            len: u64::from_le_bytes(len.try_into().ok()?),
            hash: CodeHash(hash.try_into().ok()?),
        })
    }
}

/// Why the log is not the chain it should be (see [`crate::StoreError::Chain`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// The record with this sequence number is missing: the next one has key `found`
    /// (a record was removed, or one was inserted with a foreign key).
    #[error("missing: the next record in the log is #{found} (a record was removed)")]
    Gap {
        /// The key found where this record was expected.
        found: u64,
    },
    /// The record does not commit to the record before it as the log holds it: that
    /// record was changed, removed or moved, or this record's link was edited.
    #[error(
        "does not commit to the record before it (that record was changed, removed or reordered)"
    )]
    PrevMismatch,
    /// The record is shorter than its link or its transaction does not decode.
    #[error("does not decode: {0}")]
    Undecodable(FormatError),
    /// The last record's link differs from the recorded head: it was changed.
    #[error("does not match the recorded head of the log (the last record was changed)")]
    HeadMismatch,
    /// The log holds another number of records than the head records.
    #[error("the log ends here but its head records {recorded} records (records were removed from or added to the end)")]
    LengthMismatch {
        /// The number of records the head records.
        recorded: u64,
    },
}

/// The link of record `seq` holding encoded transaction `tx` after link `prev`.
pub fn link(seq: u64, prev: &CodeHash, tx: &[u8]) -> CodeHash {
    let mut h = blake3::Hasher::new_derive_key(LINK_CONTEXT);
    h.update(&seq.to_le_bytes());
    h.update(&prev.0);
    h.update(blake3::hash(tx).as_bytes());
    CodeHash(*h.finalize().as_bytes())
}

/// The stored bytes of a record: `prev || tx`.
pub(crate) fn record(prev: &CodeHash, tx: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREV_LEN + tx.len());
    out.extend_from_slice(&prev.0);
    out.extend_from_slice(tx);
    out
}

/// Splits a stored record into its `prev` link and its encoded transaction.
pub(crate) fn split(bytes: &[u8]) -> Result<(CodeHash, &[u8]), FormatError> {
    let Some((prev, tx)) = bytes.split_first_chunk::<PREV_LEN>() else {
        return Err(FormatError::new(
            bytes.len(),
            format!(
                "transaction log record: {} bytes, shorter than its {PREV_LEN}-byte link",
                bytes.len()
            ),
        ));
    };
    Ok((CodeHash(*prev), tx))
}

/// Checks a log record by record, in key order, against the head it forms.
#[derive(Debug, Default)]
pub(crate) struct Verifier {
    head: ChainHead,
}

impl Default for ChainHead {
    fn default() -> Self {
        ChainHead::EMPTY
    }
}

impl Verifier {
    /// Checks the next record (key `seq`, stored `bytes`).
    pub(crate) fn push(&mut self, seq: u64, bytes: &[u8]) -> Result<(), StoreError> {
        let at = |reason| StoreError::Chain { index: seq, reason };
        if seq != self.head.len {
            return Err(StoreError::Chain {
                index: self.head.len,
                reason: ChainBreak::Gap { found: seq },
            });
        }
        let (prev, tx) = split(bytes).map_err(|e| at(ChainBreak::Undecodable(e)))?;
        if prev != self.head.hash {
            return Err(at(ChainBreak::PrevMismatch));
        }
        decode::<TxResult>(tx, "transaction").map_err(|e| at(ChainBreak::Undecodable(e)))?;
        self.head = self.head.append(tx);
        Ok(())
    }

    /// Checks the end of the log against `recorded` (the `meta` head) and returns the
    /// head the records form.
    pub(crate) fn finish(self, recorded: ChainHead) -> Result<ChainHead, StoreError> {
        let head = self.head;
        if head.len != recorded.len {
            return Err(StoreError::Chain {
                index: head.len,
                reason: ChainBreak::LengthMismatch {
                    recorded: recorded.len,
                },
            });
        }
        if head.hash != recorded.hash {
            return Err(StoreError::Chain {
                index: head.len.saturating_sub(1),
                reason: ChainBreak::HeadMismatch,
            });
        }
        Ok(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_commit_to_position_predecessor_and_content() {
        let a = link(0, &ChainHead::EMPTY.hash, b"tx");
        assert_ne!(a, link(1, &ChainHead::EMPTY.hash, b"tx"));
        assert_ne!(a, link(0, &CodeHash([1; 32]), b"tx"));
        assert_ne!(a, link(0, &ChainHead::EMPTY.hash, b"tX"));
        let head = ChainHead::EMPTY.append(b"tx");
        assert_eq!((head.len, head.hash), (1, a));
        assert_eq!(ChainHead::decode(&head.encode()), Some(head));
        assert_eq!(ChainHead::decode(&[0; 39]), None);
    }

    #[test]
    fn short_records_are_format_errors() {
        assert!(split(&[0; 31]).is_err());
        let (prev, tx) = split(&[7; 33]).unwrap();
        assert_eq!((prev, tx), (CodeHash([7; 32]), &[7u8][..]));
    }

    #[test]
    fn the_verifier_names_the_break() {
        let tx = crate::codec::encode(&TxResult {
            account: crate::AccountId::new(1, 2),
            base_nonce: 0,
            delta: Default::default(),
            consumed: vec![],
            outputs: vec![],
            gas_used: 0,
            witness: vec![],
        });
        let h1 = ChainHead::EMPTY.append(&tx);
        let h2 = h1.append(&tx);
        let r0 = record(&ChainHead::EMPTY.hash, &tx);
        let r1 = record(&h1.hash, &tx);
        let run = |records: &[(u64, &[u8])], recorded| {
            let mut v = Verifier::default();
            for (seq, bytes) in records {
                v.push(*seq, bytes)?;
            }
            v.finish(recorded)
        };
        let chain = |e: StoreError| match e {
            StoreError::Chain { index, reason } => (index, reason),
            other => panic!("{other}"),
        };
        assert_eq!(run(&[(0, &r0), (1, &r1)], h2).unwrap(), h2);
        let e = chain(run(&[(0, &r1)], h2).unwrap_err());
        assert_eq!(e, (0, ChainBreak::PrevMismatch));
        let e = chain(run(&[(0, &r0), (2, &r1)], h2).unwrap_err());
        assert_eq!(e, (1, ChainBreak::Gap { found: 2 }));
        let e = chain(run(&[(0, &r0)], h2).unwrap_err());
        assert_eq!(e, (1, ChainBreak::LengthMismatch { recorded: 2 }));
        let e = chain(run(&[(0, &r0), (1, &r1)], h1.append(b"other")).unwrap_err());
        assert_eq!(e, (1, ChainBreak::HeadMismatch));
        assert!(matches!(
            chain(run(&[(0, &r0[..40])], h1).unwrap_err()),
            (0, ChainBreak::Undecodable(_))
        ));
    }
}
