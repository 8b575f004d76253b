//! The state tree inside the store (either backend): node storage for [`crate::commit`], the
//! current root, the roots of every logged transaction and superseded account states.
//!
//! Tables (store format 3):
//!
//! | table              | key                  | value                                  |
//! |--------------------|----------------------|----------------------------------------|
//! | `smt_nodes`        | node hash            | [`Node::encode`] (65 bytes)            |
//! | `tx_roots`         | log sequence number  | old root (32) then new root (32)       |
//! | `account_versions` | account commitment   | an earlier [`Account`] (encoding)      |
//! | `meta`             | `"root"`             | the current state root (32)            |
//!
//! Every write that changes committed state (account creation, genesis notes,
//! [`Store::commit`]) updates the tree and `meta.root` in the same write
//! transaction as the state itself, so the root on disk always matches the state on
//! disk. Nodes are never deleted: any root in `tx_roots` can still be proven against,
//! which is what exporting an old transaction's bundle needs; `account_versions` keeps
//! the account states a commit replaced, for the same reason. Opening a store reads
//! the root; it never rebuilds the tree.

use super::kv::{seq_key, ReadTxn, Table, WriteTxn};
use super::{get_decoded, Store};
use crate::codec::encode;
use crate::commit::{self, smt, Digest, Node, NodeSource, NodeStore, Proof, TreeError};
use crate::error::StoreError;
use crate::model::{Account, AccountId};

/// The `smt_nodes` table of a backend transaction as a [`NodeSource`] (read or
/// write transaction) and, for a write transaction, a [`NodeStore`].
pub struct KvNodes<T>(pub T);

fn backend(e: StoreError) -> TreeError {
    TreeError::Backend(Box::new(e))
}

fn node_in(r: &(impl ReadTxn + ?Sized), hash: &Digest) -> Result<Option<Node>, TreeError> {
    match r.get(Table::SmtNodes, &hash.0).map_err(backend)? {
        None => Ok(None),
        Some(v) => Node::decode(&v).map(Some).ok_or(TreeError::BadNode(*hash)),
    }
}

impl<'b> NodeSource for KvNodes<&(dyn ReadTxn + 'b)> {
    fn get_node(&self, hash: &Digest) -> Result<Option<Node>, TreeError> {
        node_in(self.0, hash)
    }
}

impl<'b> NodeSource for KvNodes<&mut (dyn WriteTxn + 'b)> {
    fn get_node(&self, hash: &Digest) -> Result<Option<Node>, TreeError> {
        node_in(&*self.0, hash)
    }
}

impl<'b> NodeStore for KvNodes<&mut (dyn WriteTxn + 'b)> {
    fn put_node(&mut self, hash: &Digest, node: &Node) -> Result<(), TreeError> {
        self.0
            .insert(Table::SmtNodes, &hash.0, &node.encode())
            .map_err(backend)
    }
}

/// The root recorded in `meta`.
pub(crate) fn read_root(
    r: &(impl ReadTxn + ?Sized),
    path: &std::path::Path,
) -> Result<Digest, StoreError> {
    let v = r.get(Table::Meta, b"root")?;
    v.and_then(|v| <[u8; 32]>::try_from(v.as_slice()).ok())
        .map(Digest)
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid state `root`"))
}

/// Inserts or replaces `leaves` in the tree inside write transaction `w` and records
/// the new root; returns (old root, new root).
pub(crate) fn apply_leaves(
    w: &mut dyn WriteTxn,
    path: &std::path::Path,
    leaves: Vec<(Digest, Digest)>,
) -> Result<(Digest, Digest), StoreError> {
    let old = read_root(&*w, path)?;
    let new = smt::update(&mut KvNodes(&mut *w), old, leaves)?;
    w.insert(Table::Meta, b"root", &new.0)?;
    Ok((old, new))
}

impl Store {
    /// The current state root: the commitment to every account, note and nullifier
    /// ([`crate::commit`]). Equal states have equal roots on every machine and
    /// backend. This is what a node publishes (e.g. in its status) and what
    /// `rivet verify --root` takes.
    pub fn state_root(&self) -> Result<Digest, StoreError> {
        read_root(&*self.read()?, &self.path)
    }

    /// The state roots before and after log entry `seq`, as committed with it.
    pub fn tx_roots(&self, seq: u64) -> Result<Option<(Digest, Digest)>, StoreError> {
        let Some(v) = self.read()?.get(Table::TxRoots, &seq_key(seq))? else {
            return Ok(None);
        };
        let v = <&[u8; 64]>::try_from(v.as_slice()).map_err(|_| {
            super::kv::bad_width(Table::TxRoots, &seq_key(seq), "pair of roots", 64)
        })?;
        Ok(Some(split_roots(v)))
    }

    /// The proof for tree key `key` against `root` (the current root or any earlier
    /// one: nodes are never deleted).
    pub fn prove(&self, root: &Digest, key: &Digest) -> Result<Proof, StoreError> {
        let r = self.read()?;
        Ok(Proof::build(&KvNodes(&*r), *root, key)?)
    }

    /// Account `id` as it was in the state with root `root`, with its proof; `None`
    /// when the account did not exist then.
    pub fn account_at(
        &self,
        id: AccountId,
        root: &Digest,
    ) -> Result<Option<(Account, Proof)>, StoreError> {
        let key = commit::account_key(id);
        let proof = self.prove(root, &key)?;
        let Some(c) = proof.value(&key) else {
            return Ok(None);
        };
        let r = self.read()?;
        let current: Option<Account> = get_decoded(&*r, Table::Accounts, &id.to_bytes())?;
        if let Some(a) = current.filter(|a| commit::account_commitment(a) == c) {
            return Ok(Some((a, proof)));
        }
        match get_decoded::<Account>(&*r, Table::AccountVersions, &c.0)? {
            Some(a) if commit::account_commitment(&a) == c => Ok(Some((a, proof))),
            _ => Err(StoreError::damaged(
                &self.path,
                format!("account {id}: no stored state has commitment {c}"),
            )),
        }
    }

    /// Recomputes the state root from every stored account and note, from scratch in
    /// memory, and compares it with the recorded root: the check that the incremental
    /// root is the pure function of the state. Linear in the state; for tests and
    /// audits, not for every open.
    pub fn check_root(&self) -> Result<Digest, StoreError> {
        let accounts = self.accounts()?;
        let notes = self.notes()?;
        let spent = |s: &super::NoteStatus| !matches!(s, super::NoteStatus::Unspent);
        let fresh = commit::root_of(&accounts, notes.iter().map(|(n, s)| (n, spent(s))))?;
        let recorded = self.state_root()?;
        if fresh != recorded {
            return Err(StoreError::damaged(
                &self.path,
                format!("the recorded state root {recorded} is not the root of the stored state ({fresh})"),
            ));
        }
        Ok(recorded)
    }

    /// Creates many accounts in one write transaction (a genesis in bulk): refuses the
    /// whole batch if any id exists or repeats.
    pub fn create_accounts(&self, accounts: &[Account]) -> Result<(), StoreError> {
        self.write(|w| {
            let mut leaves = Vec::with_capacity(accounts.len());
            for a in accounts {
                let key = a.id.to_bytes();
                if w.get(Table::Accounts, &key)?.is_some() {
                    return Err(StoreError::AccountExists(a.id));
                }
                w.insert(Table::Accounts, &key, &encode(a))?;
                leaves.push(commit::account_leaf(a));
            }
            apply_leaves(w, &self.path, leaves)?;
            Ok(())
        })
    }
}

/// `old || new` as stored in `tx_roots`.
pub(crate) fn join_roots(old: &Digest, new: &Digest) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&old.0);
    out[32..].copy_from_slice(&new.0);
    out
}

fn split_roots(b: &[u8; 64]) -> (Digest, Digest) {
    let (old, new) = b.split_at(32);
    let mut o = [0u8; 32];
    let mut n = [0u8; 32];
    o.copy_from_slice(old);
    n.copy_from_slice(new);
    (Digest(o), Digest(n))
}
