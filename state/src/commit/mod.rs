//! State commitments: one blake3 **state root** over every account, note and
//! nullifier, with logarithmic membership and non-membership proofs.
//!
//! Design:
//!
//! * Every piece of committed state is a leaf `(key, value)` of one sparse Merkle tree
//!   ([`smt`]) over 256-bit keys. Keys are domain-separated hashes, so the three kinds
//!   can never collide and keys spread evenly (the tree stays about log2(n) deep):
//!   - account `id`: key [`account_key`], value [`account_commitment`] (blake3 with a
//!     domain tag over the account's canonical encoding: id, kind, code hashes,
//!     storage, vault, nonce, and any field added to [`Account`] later);
//!   - every note ever created (genesis or by a transaction): key [`note_key`] of its
//!     id, value [`note_commitment`] (script hash, inputs, assets, sender, serial);
//!   - every consumed note: key [`nullifier_key`] of its [`nullifier`], value
//!     [`SPENT`]. A note is unspent exactly when its note leaf is present and its
//!     nullifier leaf absent.
//! * The root is a pure function of that set of leaves ([`smt`] explains the canonical
//!   shape): the same state gives the same root whatever backend stores the nodes and
//!   in whatever order it was built. Packages, manifests, names and the log are not
//!   state and are not committed (transaction records carry old and new roots).
//! * Nodes are content-addressed (key = node hash) behind the small [`NodeSource`] /
//!   [`NodeStore`] traits, so a database backend only needs get/put by key, and old
//!   roots stay readable (nodes are never deleted): proofs against the root before any
//!   logged transaction can be produced later.
//!
//! Invariant: every node read is hash-checked against the key it was read by, so a
//! damaged or forged node store yields [`TreeError::Corrupt`], never a wrong proof.

pub mod mem;
pub mod proof;
pub mod smt;

pub use mem::MemNodes;
pub use proof::{Proof, ProofError};
pub use smt::{Node, NodeSource, NodeStore, TreeError};

use crate::codec::encode;
use crate::model::{Account, AccountId, Note, NoteId};
use std::fmt;
use std::sync::LazyLock;

/// A 32-byte blake3 digest: a tree key, leaf value, node hash or state root.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The hash of an empty subtree, and the root of an empty state.
    pub const EMPTY: Digest = Digest([0; 32]);

    /// Lower-case hex, 64 digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses 64 hex digits (either case); `None` otherwise.
    pub fn from_hex(text: &str) -> Option<Digest> {
        let t = text.as_bytes();
        if t.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in t.chunks(2).enumerate() {
            let s = std::str::from_utf8(pair).ok()?;
            out[i] = u8::from_str_radix(s, 16).ok()?;
        }
        Some(Digest(out))
    }

    /// Bit `i` (0 = most significant bit of byte 0): the branch at tree depth `i`.
    pub fn bit(&self, i: usize) -> bool {
        (self.0[i / 8] >> (7 - i % 8)) & 1 == 1
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", &self.to_hex()[..16])
    }
}

/// A blake3 hasher in key-derivation mode for `context` (the domain tag), made once.
pub(crate) fn domain(context: &'static str) -> blake3::Hasher {
    blake3::Hasher::new_derive_key(context)
}

static ACCOUNT: LazyLock<blake3::Hasher> =
    LazyLock::new(|| domain("rivet 2026-12 state account commitment v1"));
static NOTE: LazyLock<blake3::Hasher> =
    LazyLock::new(|| domain("rivet 2026-12 state note commitment v1"));
static NULLIFIER: LazyLock<blake3::Hasher> =
    LazyLock::new(|| domain("rivet 2026-12 state nullifier v1"));
static KEY: LazyLock<blake3::Hasher> = LazyLock::new(|| domain("rivet 2026-12 state tree key v1"));

fn hash_with(h: &blake3::Hasher, parts: &[&[u8]]) -> Digest {
    let mut h = h.clone();
    for p in parts {
        h.update(p);
    }
    Digest(*h.finalize().as_bytes())
}

/// The account's commitment: blake3 (domain `account commitment v1`) of its canonical
/// encoding, so every field of [`Account`] is covered.
pub fn account_commitment(account: &Account) -> Digest {
    hash_with(&ACCOUNT, &[&encode(account)])
}

/// The note's commitment: blake3 (domain `note commitment v1`) of its canonical
/// encoding (script hash, inputs, assets, sender, serial).
pub fn note_commitment(note: &Note) -> Digest {
    hash_with(&NOTE, &[&encode(note)])
}

/// The note's nullifier: what marks it consumed in the tree without a second leaf
/// under the note's own key (blake3, domain `nullifier v1`, of its id and serial).
pub fn nullifier(note: &Note) -> Digest {
    hash_with(&NULLIFIER, &[&note.id().0, &note.serial.0])
}

/// The leaf value of a nullifier: consumed.
pub const SPENT: Digest = Digest([0xff; 32]);

const ACCOUNT_TAG: u8 = 0;
const NOTE_TAG: u8 = 1;
const NULLIFIER_TAG: u8 = 2;

/// The tree key of account `id`.
pub fn account_key(id: AccountId) -> Digest {
    hash_with(&KEY, &[&[ACCOUNT_TAG], &id.to_bytes()])
}

/// The tree key of note `id`.
pub fn note_key(id: &NoteId) -> Digest {
    hash_with(&KEY, &[&[NOTE_TAG], &id.0])
}

/// The tree key of a nullifier.
pub fn nullifier_key(nullifier: &Digest) -> Digest {
    hash_with(&KEY, &[&[NULLIFIER_TAG], &nullifier.0])
}

/// The leaves of an account: `(key, value)`.
pub fn account_leaf(account: &Account) -> (Digest, Digest) {
    (account_key(account.id), account_commitment(account))
}

/// The leaf of a (created) note: `(key, value)`.
pub fn note_leaf(note: &Note) -> (Digest, Digest) {
    (note_key(&note.id()), note_commitment(note))
}

/// The leaf marking `note` consumed: `(key, value)`.
pub fn nullifier_leaf(note: &Note) -> (Digest, Digest) {
    (nullifier_key(&nullifier(note)), SPENT)
}

/// The state root of `accounts` and `notes` (each with whether it is consumed),
/// computed from scratch in memory: the reference the incremental root of any store
/// backend must equal.
pub fn root_of<'a>(
    accounts: impl IntoIterator<Item = &'a Account>,
    notes: impl IntoIterator<Item = (&'a Note, bool)>,
) -> Result<Digest, TreeError> {
    let mut leaves: Vec<(Digest, Digest)> = accounts.into_iter().map(account_leaf).collect();
    for (note, consumed) in notes {
        leaves.push(note_leaf(note));
        if consumed {
            leaves.push(nullifier_leaf(note));
        }
    }
    smt::update(&mut MemNodes::default(), Digest::EMPTY, leaves)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_bad_text() {
        let d = Digest([0xab; 32]);
        assert_eq!(Digest::from_hex(&d.to_hex()), Some(d));
        assert_eq!(Digest::from_hex(&d.to_hex().to_uppercase()), Some(d));
        assert_eq!(Digest::from_hex("ab"), None);
        assert_eq!(Digest::from_hex(&"zz".repeat(32)), None);
        assert!(Digest([0x80; 32]).bit(0) && !Digest([0x80; 32]).bit(1));
    }

    #[test]
    fn keys_and_commitments_are_domain_separated() {
        let id = AccountId::new(1, 2);
        let note_id = rivet_format::CodeHash(id.to_bytes().repeat(2).try_into().unwrap());
        assert_ne!(account_key(id), note_key(&note_id));
        assert_ne!(note_key(&note_id), nullifier_key(&Digest(note_id.0)));
        let acct = Account {
            id,
            kind: crate::AccountKind::Regular,
            code: vec![],
            storage: Default::default(),
            vault: Default::default(),
            nonce: 0,
        };
        let mut bumped = acct.clone();
        bumped.nonce = 1;
        assert_ne!(account_commitment(&acct), account_commitment(&bumped));
    }
}
