//! Transaction authorization: who may act on an account, and how it is checked.
//!
//! Every account has exactly one **authentication component** among its code: the
//! component exporting the bare function `authenticate` of world
//! `rivet:base/auth-component`. The executor ([`crate::exec`]) runs the transaction's
//! note scripts and entry call, computes the [`summary::TxSummary`] (a domain-separated
//! blake3 commitment to the account, its nonce before the transaction, the input note
//! ids, the output notes, the entry call's component, function and argument hash, and
//! the account delta), then calls `authenticate(summary, proof)` on the auth component.
//! `proof` is what the transaction's signer supplied ([`crate::TxRequest::auth_proof`]);
//! it travels as the call's canonical arguments, i.e. as advice, so it is part of the
//! witness and `replay` re-runs the same check. A refusal, trap or any state change
//! other than the nonce by the auth component discards the whole transaction.
//!
//! Signatures are verified by the host, never by contract code: [`verify`] implements
//! `rivet:base/signature` (ed25519 with `ed25519-dalek`'s strict verification, charged
//! like a precompile); its `scheme` enum is where further schemes go.
//!
//! Invariants: the summary covers everything the transaction changes, so a signature
//! authorizes exactly one transaction: a different account, nonce, note, argument,
//! script or delta gives a different summary. Standard auth components increment the
//! nonce when they accept, so a signature can never be used twice. [`keys`] is the
//! signer's side: the storage layout of public keys and the proofs the standard
//! components expect.

pub mod keys;
pub mod summary;
pub mod verify;

pub use keys::{AuthScheme, Signer};
pub use summary::{EntryCommitment, TxSummary};
pub use verify::{SignatureHost, SIGNATURE_INTERFACE};

/// The export every auth component has (a bare world function, so no other component
/// can import it: only the executor calls it).
pub const AUTH_EXPORT: &str = "authenticate";
