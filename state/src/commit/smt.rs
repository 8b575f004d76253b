//! A blake3 sparse Merkle tree over 256-bit keys, stored as content-addressed nodes.
//!
//! Canonical shape (what makes the root a pure function of the leaf set): the subtree
//! at a position (a prefix of `depth` key bits) holding the set `S` of leaves is
//!
//! * empty, hash [`Digest::EMPTY`], when `S` is empty;
//! * the leaf itself, hash `H_leaf(key || value)`, when `S` has one leaf (so a lone
//!   leaf sits as high as it can, and depth is about log2(n) for random keys);
//! * an internal node, hash `H_node(left || right)` of the subtrees for bit `depth`
//!   = 0 and = 1, when `S` has two or more leaves.
//!
//! `H_leaf` and `H_node` are blake3 in key-derivation mode with distinct contexts, so
//! a leaf can never pass for an internal node. Leaves are inserted or replaced, never
//! removed (accounts, notes and nullifiers are permanent), which [`update`] relies on.
//!
//! Nodes are stored by their hash ([`NodeStore`]); updates write new nodes and never
//! delete old ones, so every root ever produced stays provable.

use super::{domain, Digest};
use std::sync::LazyLock;

static LEAF: LazyLock<blake3::Hasher> = LazyLock::new(|| domain("rivet 2026-12 smt leaf v1"));
static INNER: LazyLock<blake3::Hasher> = LazyLock::new(|| domain("rivet 2026-12 smt node v1"));

/// Bytes of an encoded node: a tag, then two digests.
pub const NODE_LEN: usize = 65;

/// A stored tree node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Node {
    /// A subtree with exactly one leaf.
    Leaf {
        /// The leaf's full key.
        key: Digest,
        /// Its value.
        value: Digest,
    },
    /// A subtree with two or more leaves.
    Internal {
        /// Hash of the subtree whose next key bit is 0.
        left: Digest,
        /// Hash of the subtree whose next key bit is 1.
        right: Digest,
    },
}

fn h2(base: &blake3::Hasher, a: &Digest, b: &Digest) -> Digest {
    let mut h = base.clone();
    h.update(&a.0);
    h.update(&b.0);
    Digest(*h.finalize().as_bytes())
}

/// `H_leaf(key || value)`.
pub fn leaf_hash(key: &Digest, value: &Digest) -> Digest {
    h2(&LEAF, key, value)
}

/// `H_node(left || right)`.
pub fn node_hash(left: &Digest, right: &Digest) -> Digest {
    h2(&INNER, left, right)
}

impl Node {
    /// The node's hash: its key in a [`NodeStore`].
    pub fn hash(&self) -> Digest {
        match self {
            Node::Leaf { key, value } => leaf_hash(key, value),
            Node::Internal { left, right } => node_hash(left, right),
        }
    }

    /// The stored bytes: tag 0 (leaf: key, value) or 1 (internal: left, right).
    pub fn encode(&self) -> [u8; NODE_LEN] {
        let (tag, a, b) = match self {
            Node::Leaf { key, value } => (0, key, value),
            Node::Internal { left, right } => (1, left, right),
        };
        let mut out = [0u8; NODE_LEN];
        out[0] = tag;
        out[1..33].copy_from_slice(&a.0);
        out[33..].copy_from_slice(&b.0);
        out
    }

    /// Decodes stored bytes; `None` unless they are exactly an [`Node::encode`].
    pub fn decode(bytes: &[u8]) -> Option<Node> {
        let bytes: &[u8; NODE_LEN] = bytes.try_into().ok()?;
        let a = Digest(bytes[1..33].try_into().ok()?);
        let b = Digest(bytes[33..].try_into().ok()?);
        match bytes[0] {
            0 => Some(Node::Leaf { key: a, value: b }),
            1 => Some(Node::Internal { left: a, right: b }),
            _ => None,
        }
    }
}

/// Why a tree operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// A node the walk needs is not in the store (for a partial tree built from
    /// proofs: the proofs do not cover the keys being updated).
    #[error("tree node {0} is missing")]
    Missing(Digest),
    /// The stored node does not hash to the key it is stored under.
    #[error("tree node {hash} is corrupt: its content hashes to {found}")]
    Corrupt {
        /// The key it was read by.
        hash: Digest,
        /// What its content hashes to.
        found: Digest,
    },
    /// Stored bytes that are not a node.
    #[error("tree node {0} does not decode")]
    BadNode(Digest),
    /// The same key twice in one update.
    #[error("key {0} appears twice in one update")]
    DuplicateKey(Digest),
    /// An internal node below depth 255 (only a forged tree has one).
    #[error("the tree is deeper than 256 levels under key {0}")]
    TooDeep(Digest),
    /// The backend failed.
    #[error("node storage: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

/// Read access to nodes by hash. A backend returns what it stored; the tree checks
/// the hash.
pub trait NodeSource {
    /// The node stored under `hash`, if any.
    fn get_node(&self, hash: &Digest) -> Result<Option<Node>, TreeError>;
}

/// Write access to nodes by hash (`put` of an existing node is a no-op in effect).
pub trait NodeStore: NodeSource {
    /// Stores `node` under its hash `hash`.
    fn put_node(&mut self, hash: &Digest, node: &Node) -> Result<(), TreeError>;
}

/// Reads and hash-checks node `hash`.
pub fn load(src: &(impl NodeSource + ?Sized), hash: &Digest) -> Result<Node, TreeError> {
    let node = src.get_node(hash)?.ok_or(TreeError::Missing(*hash))?;
    let found = node.hash();
    if found != *hash {
        return Err(TreeError::Corrupt { hash: *hash, found });
    }
    Ok(node)
}

fn put(s: &mut impl NodeStore, node: Node) -> Result<Digest, TreeError> {
    let h = node.hash();
    s.put_node(&h, &node)?;
    Ok(h)
}

/// The value under `key` in the tree with root `root`.
pub fn get(src: &impl NodeSource, root: Digest, key: &Digest) -> Result<Option<Digest>, TreeError> {
    let mut h = root;
    for depth in 0..=256 {
        if h == Digest::EMPTY {
            return Ok(None);
        }
        match load(src, &h)? {
            Node::Leaf { key: k, value } => return Ok((k == *key).then_some(value)),
            Node::Internal { left, right } => {
                if depth == 256 {
                    break;
                }
                h = if key.bit(depth) { right } else { left };
            }
        }
    }
    Err(TreeError::TooDeep(*key))
}

/// Inserts or replaces `leaves` (key, value) in the tree with root `root`, writing the
/// new nodes to `s`; returns the new root. One walk for the whole batch: only nodes
/// of the final tree are written, and each is written once.
pub fn update(
    s: &mut impl NodeStore,
    root: Digest,
    mut leaves: Vec<(Digest, Digest)>,
) -> Result<Digest, TreeError> {
    leaves.sort_unstable_by_key(|l| l.0);
    if let Some(w) = leaves.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(TreeError::DuplicateKey(w[0].0));
    }
    upd(s, root, 0, &leaves)
}

fn upd(
    s: &mut impl NodeStore,
    hash: Digest,
    depth: usize,
    ups: &[(Digest, Digest)],
) -> Result<Digest, TreeError> {
    if ups.is_empty() {
        return Ok(hash);
    }
    if hash == Digest::EMPTY {
        return build(s, depth, ups);
    }
    match load(s, &hash)? {
        Node::Leaf { key, value } => {
            if ups.iter().any(|(k, _)| *k == key) {
                return build(s, depth, ups);
            }
            let mut all = ups.to_vec();
            let at = all.partition_point(|(k, _)| *k < key);
            all.insert(at, (key, value));
            build(s, depth, &all)
        }
        Node::Internal { left, right } => {
            if depth >= 256 {
                return Err(TreeError::TooDeep(ups[0].0));
            }
            let split = ups.partition_point(|(k, _)| !k.bit(depth));
            let left = upd(s, left, depth + 1, &ups[..split])?;
            let right = upd(s, right, depth + 1, &ups[split..])?;
            put(s, Node::Internal { left, right })
        }
    }
}

/// The subtree at `depth` holding exactly `leaves` (sorted, distinct keys sharing
/// their first `depth` bits).
fn build(
    s: &mut impl NodeStore,
    depth: usize,
    leaves: &[(Digest, Digest)],
) -> Result<Digest, TreeError> {
    match leaves {
        [] => Ok(Digest::EMPTY),
        [(key, value)] => put(
            s,
            Node::Leaf {
                key: *key,
                value: *value,
            },
        ),
        _ => {
            if depth >= 256 {
                return Err(TreeError::DuplicateKey(leaves[0].0));
            }
            let split = leaves.partition_point(|(k, _)| !k.bit(depth));
            let left = build(s, depth + 1, &leaves[..split])?;
            let right = build(s, depth + 1, &leaves[split..])?;
            put(s, Node::Internal { left, right })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::MemNodes;

    fn key(i: u32) -> Digest {
        Digest(*blake3::hash(&i.to_le_bytes()).as_bytes())
    }

    #[test]
    fn the_root_depends_on_the_leaf_set_not_the_order() {
        let leaves: Vec<_> = (0..200).map(|i| (key(i), key(i + 1000))).collect();
        let mut a = MemNodes::default();
        let all = update(&mut a, Digest::EMPTY, leaves.clone()).unwrap();
        // One at a time, in reverse, through a second store.
        let mut b = MemNodes::default();
        let mut root = Digest::EMPTY;
        for l in leaves.iter().rev() {
            root = update(&mut b, root, vec![*l]).unwrap();
        }
        assert_eq!(root, all);
        // Replacing a value and putting it back restores the root.
        let changed = update(&mut b, root, vec![(key(7), key(1))]).unwrap();
        assert_ne!(changed, root);
        assert_eq!(get(&b, changed, &key(7)).unwrap(), Some(key(1)));
        assert_eq!(
            get(&b, root, &key(7)).unwrap(),
            Some(key(1007)),
            "old roots stay readable"
        );
        assert_eq!(
            update(&mut b, changed, vec![(key(7), key(1007))]).unwrap(),
            root
        );
        assert_eq!(get(&b, root, &key(5000)).unwrap(), None);
    }

    #[test]
    fn duplicates_and_corrupt_nodes_are_errors() {
        let mut s = MemNodes::default();
        let dup = vec![(key(1), key(2)), (key(1), key(3))];
        assert!(matches!(
            update(&mut s, Digest::EMPTY, dup),
            Err(TreeError::DuplicateKey(_))
        ));
        let root = update(
            &mut s,
            Digest::EMPTY,
            vec![(key(1), key(2)), (key(3), key(4))],
        )
        .unwrap();
        let forged = Node::Leaf {
            key: key(9),
            value: key(9),
        };
        s.put_node(&root, &forged).unwrap();
        assert!(matches!(
            get(&s, root, &key(1)),
            Err(TreeError::Corrupt { .. })
        ));
        assert!(matches!(
            get(&s, key(77), &key(1)),
            Err(TreeError::Missing(_))
        ));
        let n = Node::Internal {
            left: key(1),
            right: key(2),
        };
        assert_eq!(Node::decode(&n.encode()), Some(n));
        assert_eq!(Node::decode(&[2; NODE_LEN]), None);
        assert_eq!(Node::decode(&[0; 3]), None);
    }
}
