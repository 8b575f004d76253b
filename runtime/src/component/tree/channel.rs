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

/// A payload's canonical bytes: as built (inline when the scalar fast path built
/// them, no allocation; on the heap when the canonical-ABI walk did), and after
/// [`Channel::send`] the bytes its receiver reads.
///
/// Senders build the payload in place and pass it by reference, and receivers read it
/// there: a payload is never moved between building and reading. (Moving a freshly
/// written value reads it back wider than it was written, which the processor cannot
/// forward from its store buffer: a stall of about a dozen cycles per move, and a
/// short call made several.)
pub(crate) enum Payload {
    /// Built by the scalar fast path.
    Scalar(ScalarBytes),
    /// Built by the canonical-ABI walk.
    Heap(Vec<u8>),
    /// Stored in the advice map (a walked payload once sent), or a witness's bytes
    /// delivered in a replay.
    Stored(Bytes),
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Payload::Scalar(b) => b,
            Payload::Heap(b) => b,
            Payload::Stored(b) => b,
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

    /// Sends a payload's canonical bytes: stores them under their hash and leaves in
    /// `payload` what the other side reads, which is the payload itself in a live call
    /// (a walked one then shares the stored buffer) and the witness's entry in a
    /// replay. Returns the hash.
    ///
    /// Verification on read: in a replay the bytes come from the witness, i.e. from
    /// outside, and are re-hashed before use (a tampered entry is
    /// [`CallTrap::AdviceHashMismatch`]). In a live call the reader receives the very
    /// bytes the hash was just computed from; the advice map belongs to this call tree
    /// and nothing runs between the two steps, so re-hashing could not fail and is not
    /// repeated (on the reference machine it would double the cost of a 1 KiB
    /// payload: blake3 takes ~1.3-1.6 µs per KiB there). The verification is charged
    /// either way, so a call and its replay use the same gas.
    #[inline]
    pub fn send(&mut self, gas: &mut Meter, payload: &mut Payload) -> Result<CodeHash, CallTrap> {
        let len = payload.len() as u64;
        gas.charge("advice encoding", copy_cost(len) + hash_cost(len))?;
        let hash = CodeHash::of(payload);
        // Stored once (inline when short, else the encoder's buffer itself).
        if !self.map.contains(&hash) {
            let needed = self.map.total_bytes() + len;
            if needed > self.limits.max_advice_bytes {
                return Err(CallTrap::AdviceLimit {
                    needed,
                    limit: self.limits.max_advice_bytes,
                });
            }
            match payload {
                Payload::Scalar(b) => self
                    .map
                    .push_new_with(hash, || Bytes::from_padded(b.padded(), b.len())),
                Payload::Heap(v) => {
                    let shared = Bytes::from(std::mem::take(v));
                    *payload = Payload::Stored(shared.clone());
                    self.map.push_new(hash, shared);
                }
                Payload::Stored(b) => self.map.push_new(hash, b.clone()),
            }
        }
        let actual = match self.replay {
            None => hash,
            Some(witness) => {
                let got = witness
                    .get_shared(&hash)
                    .ok_or(CallTrap::AdviceMissing(hash))?;
                let actual = CodeHash::of(&got);
                *payload = Payload::Stored(got);
                actual
            }
        };
        let got_len = payload.len() as u64;
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
        Ok(hash)
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
