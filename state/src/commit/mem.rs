//! An in-memory [`NodeStore`]: the reference backend (a root computed here is the
//! root any backend must produce) and the partial tree a stateless verifier builds
//! from proofs.

use super::smt::{Node, NodeSource, NodeStore, TreeError};
use super::Digest;
use std::collections::HashMap;

/// Nodes in a hash map, by hash.
#[derive(Default, Debug, Clone)]
pub struct MemNodes {
    nodes: HashMap<Digest, Node>,
}

impl MemNodes {
    /// How many nodes it holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether it holds no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

impl NodeSource for MemNodes {
    fn get_node(&self, hash: &Digest) -> Result<Option<Node>, TreeError> {
        Ok(self.nodes.get(hash).copied())
    }
}

impl NodeStore for MemNodes {
    fn put_node(&mut self, hash: &Digest, node: &Node) -> Result<(), TreeError> {
        self.nodes.insert(*hash, *node);
        Ok(())
    }
}
