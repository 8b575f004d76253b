//! The state tree inside the redb store: node storage for [`crate::commit`], the
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
//! [`Store::commit`]) updates the tree and `meta.root` in the same redb write
//! transaction as the state itself, so the root on disk always matches the state on
//! disk. Nodes are never deleted: any root in `tx_roots` can still be proven against,
//! which is what exporting an old transaction's bundle needs; `account_versions` keeps
//! the account states a commit replaced, for the same reason. Opening a store reads
//! the root; it never rebuilds the tree.

use super::{get_decoded, Store, ACCOUNTS, META};
use crate::codec::encode;
use crate::commit::{self, smt, Digest, Node, NodeSource, NodeStore, Proof, TreeError};
use crate::error::StoreError;
use crate::model::{Account, AccountId};
use redb::{ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction};

pub(crate) const NODES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("smt_nodes");
pub(crate) const TX_ROOTS: TableDefinition<u64, &[u8; 64]> = TableDefinition::new("tx_roots");
pub(crate) const ACCOUNT_VERSIONS: TableDefinition<&[u8; 32], &[u8]> =
    TableDefinition::new("account_versions");

/// A redb table of nodes as a [`NodeSource`] (read or write transaction) and, for a
/// write transaction's table, a [`NodeStore`]. A PostgreSQL or other backend
/// implements the same two traits over its own table.
pub struct RedbNodes<T>(pub T);

impl<T: ReadableTable<&'static [u8; 32], &'static [u8]>> NodeSource for RedbNodes<T> {
    fn get_node(&self, hash: &Digest) -> Result<Option<Node>, TreeError> {
        let v = self
            .0
            .get(&hash.0)
            .map_err(|e| TreeError::Backend(Box::new(e)))?;
        match v {
            None => Ok(None),
            Some(v) => Node::decode(v.value())
                .map(Some)
                .ok_or(TreeError::BadNode(*hash)),
        }
    }
}

impl NodeStore for RedbNodes<redb::Table<'_, &'static [u8; 32], &'static [u8]>> {
    fn put_node(&mut self, hash: &Digest, node: &Node) -> Result<(), TreeError> {
        self.0
            .insert(&hash.0, node.encode().as_slice())
            .map_err(|e| TreeError::Backend(Box::new(e)))?;
        Ok(())
    }
}

/// The root recorded in `meta`.
pub(crate) fn read_root(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
    path: &std::path::Path,
) -> Result<Digest, StoreError> {
    let v = meta.get("root").map_err(StoreError::db)?;
    v.and_then(|v| <[u8; 32]>::try_from(v.value()).ok())
        .map(Digest)
        .ok_or_else(|| StoreError::damaged(path, "the `meta` table has no valid state `root`"))
}

/// Inserts or replaces `leaves` in the tree inside write transaction `w` and records
/// the new root; returns (old root, new root).
pub(crate) fn apply_leaves(
    w: &WriteTransaction,
    path: &std::path::Path,
    leaves: Vec<(Digest, Digest)>,
) -> Result<(Digest, Digest), StoreError> {
    let mut meta = w.open_table(META)?;
    let old = read_root(&meta, path)?;
    let mut nodes = RedbNodes(w.open_table(NODES)?);
    let new = smt::update(&mut nodes, old, leaves)?;
    meta.insert("root", new.0.as_slice())?;
    Ok((old, new))
}

impl Store {
    /// The current state root: the commitment to every account, note and nullifier
    /// ([`crate::commit`]). Equal states have equal roots on every machine and
    /// backend. This is what a node publishes (e.g. in its status) and what
    /// `rivet verify --root` takes.
    pub fn state_root(&self) -> Result<Digest, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        read_root(&r.open_table(META).map_err(StoreError::db)?, &self.path)
    }

    /// The state roots before and after log entry `seq`, as committed with it.
    pub fn tx_roots(&self, seq: u64) -> Result<Option<(Digest, Digest)>, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let t = r.open_table(TX_ROOTS).map_err(StoreError::db)?;
        let v = t.get(seq).map_err(StoreError::db)?;
        Ok(v.map(|v| split_roots(v.value())))
    }

    /// The proof for tree key `key` against `root` (the current root or any earlier
    /// one: nodes are never deleted).
    pub fn prove(&self, root: &Digest, key: &Digest) -> Result<Proof, StoreError> {
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let nodes = RedbNodes(r.open_table(NODES).map_err(StoreError::db)?);
        Ok(Proof::build(&nodes, *root, key)?)
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
        let r = self.db.begin_read().map_err(StoreError::db)?;
        let current: Option<Account> = get_decoded(
            &r.open_table(ACCOUNTS).map_err(StoreError::db)?,
            "accounts",
            &id.to_bytes(),
        )?;
        if let Some(a) = current.filter(|a| commit::account_commitment(a) == c) {
            return Ok(Some((a, proof)));
        }
        let versions = r.open_table(ACCOUNT_VERSIONS).map_err(StoreError::db)?;
        match get_decoded::<Account, 32>(&versions, "account_versions", &c.0)? {
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
            let mut t = w.open_table(ACCOUNTS)?;
            let mut leaves = Vec::with_capacity(accounts.len());
            for a in accounts {
                let key = a.id.to_bytes();
                if t.get(&key)?.is_some() {
                    return Err(StoreError::AccountExists(a.id));
                }
                t.insert(&key, encode(a).as_slice())?;
                leaves.push(commit::account_leaf(a));
            }
            drop(t);
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
