//! The advice channel of one call tree: the payloads it produced ([`AdviceMap`]), the
//! witness it replays from, and the limits on both.
//!
//! Every payload crossing contexts is sent through [`Channel::send`]: charged (encode
//! and hash, verify and decode), stored once under its hash and delivered by sharing
//! the stored bytes; in a replay the delivered bytes come from the witness and are
//! re-hashed. Payloads are built within [`Channel::max_payload`] and host values are
//! lifted within [`Channel::decode`]'s budget, which bounds the host memory of a call.

use super::super::advice::{self, AdviceMap, Bytes};
use super::super::{CallTrap, Limits, HOST_VALUE_FACTOR};
use super::meter::Meter;
use crate::cabi::{CabiError, ScalarBytes, Type, Val};
use rivet_format::gas::{copy_cost, hash_cost};
use rivet_format::CodeHash;

/// A payload's canonical bytes before they are sent: inline when the scalar fast path
/// built them (no allocation), on the heap when the canonical-ABI walk did.
pub(crate) enum Payload {
    /// Built by the scalar fast path.
    Scalar(ScalarBytes),
    /// Built by the canonical-ABI walk.
    Heap(Vec<u8>),
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Payload::Scalar(b) => b,
            Payload::Heap(b) => b,
        }
    }
}

/// Payloads of a call tree and where they are read back from.
pub(crate) struct Channel<'a> {
    map: AdviceMap,
    replay: Option<&'a AdviceMap>,
    limits: Limits,
}

impl<'a> Channel<'a> {
    /// A channel under `limits`, replaying from `replay` when given.
    pub fn new(limits: Limits, replay: Option<&'a AdviceMap>) -> Self {
        Channel {
            map: AdviceMap::with_capacity(4),
            replay,
            limits,
        }
    }

    /// The largest payload the channel takes (the advice limit).
    pub fn max_payload(&self) -> u64 {
        self.limits.max_advice_bytes
    }

    /// The payloads so far.
    pub fn map(&self) -> &AdviceMap {
        &self.map
    }

    /// The payloads, leaving an empty map.
    pub fn take(&mut self) -> AdviceMap {
        std::mem::take(&mut self.map)
    }

    /// Sends a payload's canonical bytes: stores them under their hash and delivers
    /// them to the other side by that hash.
    ///
    /// Verification on read: in a replay the bytes come from the witness, i.e. from
    /// outside, and are re-hashed before use (a tampered entry is
    /// [`CallTrap::AdviceHashMismatch`]). In a live call the reader receives the very
    /// bytes the hash was just computed from; the advice map belongs to this call tree
    /// and nothing runs between the two steps, so re-hashing could not fail and is not
    /// repeated (on the reference machine it would double the cost of a 1 KiB
    /// payload: blake3 takes ~1.3-1.6 µs per KiB there). The verification is charged
    /// either way, so a call and its replay use the same gas.
    /// Returns the hash and the bytes as delivered.
    pub fn send(&mut self, gas: &mut Meter, bytes: Payload) -> Result<(CodeHash, Bytes), CallTrap> {
        let len = bytes.len() as u64;
        gas.charge("advice encoding", copy_cost(len) + hash_cost(len))?;
        let hash = CodeHash::of(&bytes);
        // Stored once (inline when short, else the encoder's buffer itself) and
        // delivered from the stored entry.
        let bytes = match bytes {
            Payload::Scalar(b) => Bytes::new(&b),
            Payload::Heap(v) => Bytes::from(v),
        };
        if !self.map.contains(&hash) {
            let needed = self.map.total_bytes() + len;
            if needed > self.limits.max_advice_bytes {
                return Err(CallTrap::AdviceLimit {
                    needed,
                    limit: self.limits.max_advice_bytes,
                });
            }
            self.map.push_new(hash, bytes.clone());
        }
        let (delivered, actual) = match self.replay {
            None => (bytes, hash),
            Some(witness) => {
                let got = witness
                    .get_shared(&hash)
                    .ok_or(CallTrap::AdviceMissing(hash))?;
                let actual = CodeHash::of(&got);
                (got, actual)
            }
        };
        let got_len = delivered.len() as u64;
        gas.charge(
            "advice verification",
            hash_cost(got_len) + copy_cost(got_len),
        )?;
        if actual != hash {
            return Err(CallTrap::AdviceHashMismatch {
                expected: hash,
                actual,
            });
        }
        Ok((hash, delivered))
    }

    /// Decodes delivered bytes into host values, within the host-value budget
    /// ([`HOST_VALUE_FACTOR`] times the advice limit).
    pub fn decode(&self, tuple: &Type, bytes: &[u8]) -> Result<Vec<Val>, CabiError> {
        advice::decode_within(tuple, bytes, Some(self.host_budget()))
    }

    /// The host-value budget of one decoded payload ([`HOST_VALUE_FACTOR`] times the
    /// advice limit).
    pub fn host_budget(&self) -> u64 {
        self.limits
            .max_advice_bytes
            .saturating_mul(HOST_VALUE_FACTOR)
    }
}
