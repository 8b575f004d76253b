//! `rivet-testing`: test contracts from `cargo test`, on the host.
//!
//! A [`Chain`] is a private chain for one test: a state store in a fresh temporary
//! directory (removed when the chain is dropped), the packages the test loads, the
//! manifest linking them, and the same transaction executor `rivet demo` and
//! `rivet tx exec` use ([`rivet_state::execute`]). A test
//!
//! 1. loads contracts ([`Chain::add_wasm`], [`Chain::add_wasm_file`],
//!    [`Chain::add_package`]) and links them ([`Chain::link`]);
//! 2. creates accounts ([`Chain::create_account`]) and genesis notes carrying assets
//!    ([`Chain::note`], how a test mints without a faucet contract);
//! 3. runs transactions built with [`Chain::tx`] ([`Chain::run`] commits,
//!    [`Chain::refused`] requires a refusal and checks that nothing changed); the
//!    harness signs each with the keys of the accounts it created (see
//!    [`Chain::create_account`]), or as [`Tx::signed_by`] / [`Tx::proof`] say, so
//!    tests can also sign with a wrong key or reuse a signature;
//! 4. reads balances, storage, notes and view calls ([`Chain::balance`],
//!    [`Chain::storage`], [`Chain::view`]), and can replay every committed
//!    transaction from its witness ([`Chain::replay_all`]).
//!
//! ```no_run
//! use rivet_testing::{Chain, Storage, AccountKind};
//! let mut chain = Chain::new()?;
//! chain.add_wasm_file("basic-wallet", "target/contracts/basic-wallet.wasm")?;
//! chain.add_wasm_file("auth-ed25519", "target/contracts/auth-ed25519.wasm")?;
//! chain.add_wasm_file("p2id", "target/contracts/p2id.wasm")?;
//! chain.link()?;
//! let alice = chain.create_account("alice", AccountKind::Regular, &["basic-wallet", "auth-ed25519"], Storage::default())?;
//! # Ok::<(), rivet_testing::HarnessError>(())
//! ```
//!
//! Every method returns a [`HarnessError`] instead of panicking, so a test's
//! `unwrap`/`?` shows which step failed and why.

mod chain;

pub use chain::{Chain, HarnessError, Tx};
pub use rivet_format::CodeHash;
pub use rivet_runtime::cabi::Val;
pub use rivet_state::auth::keys::{public_key, SigningKey};
pub use rivet_state::{
    Account, AccountId, AccountKind, Asset, ExecError, Note, NoteId, NoteStatus, Signer, Storage,
    TxResult, TxSummary, Word,
};

/// The four `u64` limbs of a code hash, as scripts take it in `list<u64>` arguments
/// and note inputs.
pub fn limbs(hash: CodeHash) -> [u64; 4] {
    Word(hash.0).limbs()
}

/// An account id's two halves, as p2id-style note inputs hold it.
pub fn halves(id: AccountId) -> [u64; 2] {
    [id.prefix, id.suffix]
}
