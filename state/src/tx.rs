//! The result of executing a transaction: what the store commits.

use crate::codec::encode;
use crate::delta::AccountDelta;
use crate::model::{AccountId, Note, NoteId};
use rivet_format::CodeHash;

/// Everything one executed transaction changes, and the evidence to replay it.
///
/// The executor produces it from a [`crate::PendingTx`]; [`crate::Store::commit`]
/// applies it in one database transaction after checking it against the stored state
/// (nonce, unspent inputs, conservation).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TxResult {
    /// The executing account.
    pub account: AccountId,
    /// The account's nonce when execution started (a stale result is refused).
    pub base_nonce: u64,
    /// Storage, vault and nonce changes of the account.
    pub delta: AccountDelta,
    /// Ids of the input notes consumed, in execution order.
    pub consumed: Vec<NoteId>,
    /// Notes created.
    pub outputs: Vec<Note>,
    /// Gas used by all calls of the transaction.
    pub gas_used: u64,
    /// The advice witness (canonical payloads keyed by hash): enough to replay it.
    pub witness: Vec<u8>,
}

/// A transaction's id: blake3 of its result's canonical encoding.
pub type TxId = CodeHash;

impl TxResult {
    /// The transaction id.
    pub fn id(&self) -> TxId {
        CodeHash::of(&encode(self))
    }
}
