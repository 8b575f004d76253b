//! Accounts, notes and transactions, and the database they live in.
//!
//! The model follows Miden's: an [`Account`] holds storage slots, a [`Vault`] of
//! fungible and non-fungible [`Asset`]s and a nonce; a [`Note`] carries assets, inputs
//! and the code hash of the script that runs when it is consumed; a transaction runs
//! against one account, consumes notes and creates notes, and its effect is a
//! [`TxResult`]: an [`AccountDelta`] plus the notes, gas and witness.
//!
//! The executor ([`exec`]) follows this life cycle over the component runtime:
//!
//! 1. read the account and the input notes from the [`Store`];
//! 2. make a [`PendingTx`]; for each input note, [`PendingTx::consume`] it and run its
//!    script, then the transaction script, with the `rivet:base` host interfaces
//!    reading and writing the `PendingTx`;
//! 3. the account's auth component checks the transaction summary and the signer's
//!    proof ([`auth`]): nobody acts on an account without its authorization;
//! 4. on success [`PendingTx::finish`] and [`Store::commit`]; on a trap, out of gas,
//!    a script's or the auth component's refusal drop the `PendingTx`: the store never
//!    saw it.
//!
//! The store re-checks everything at commit ([`AccountDelta::apply`]: slots, balances,
//! nonce and asset conservation), so a bad result can never be written, whoever made
//! it. Encodings ([`codec`]) are canonical, so ids are content hashes.
//!
//! Every commit also moves the **state root** ([`commit`]: a blake3 sparse Merkle tree
//! over accounts, notes and nullifiers, [`Store::state_root`]), and a committed
//! transaction can be exported as a proof [`bundle`] that anyone can verify against
//! the root before it, without the store, by re-execution.

pub mod auth;
pub mod bundle;
pub mod codec;
pub mod commit;
pub mod delta;
pub mod error;
pub mod exec;
pub mod host;
pub mod model;
pub mod pending;
pub mod registry;
pub mod replay;
pub mod store;
pub mod tx;
pub mod vals;

#[cfg(test)]
mod tests;

pub use auth::{Signer, TxSummary};
pub use delta::{AccountDelta, VaultDelta};
pub use error::{StateError, StoreError};
pub use exec::{execute, execute_unauthenticated, summarize, EntryCall, ExecError, TxRequest};
pub use model::{
    Account, AccountId, AccountKind, Asset, NonFungible, Note, NoteId, Storage, Vault, Word,
};
pub use pending::{AccountOpError, PendingTx};
pub use store::{ChainBreak, ChainHead, NoteStatus, Store};
pub use tx::{TxId, TxResult};
