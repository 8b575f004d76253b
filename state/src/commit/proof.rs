//! Merkle proofs: the path from the root to where a key lives, for membership (the
//! path ends at the key's leaf) and non-membership (it ends at an empty subtree or at
//! the one leaf of another key sharing the path's prefix).
//!
//! Encoding (canonical: one encoding per proof, checked at decode):
//! `depth u16 || bitmap (ceil(depth/8) bytes, bit i = sibling i is not empty) ||
//! the non-empty siblings (32 bytes each, root side first) || terminal`, where
//! terminal is `0` (empty) or `1 || key || value` (a leaf). Empty siblings are left
//! out, so a proof costs about 32 bytes per level of a log2(n)-deep tree.

use super::mem::MemNodes;
use super::smt::{self, leaf_hash, node_hash, Node, NodeSource, NodeStore, TreeError};
use super::Digest;
use rivet_format::codec::{FormatError, Reader, Writer};

/// A path from a root towards one key.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Proof {
    /// Sibling hashes, from depth 0 (just below the root) down.
    pub siblings: Vec<Digest>,
    /// What the path ends at: `None` for an empty subtree, else a leaf (key, value).
    pub terminal: Option<(Digest, Digest)>,
}

/// Why a proof does not show what it should.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The proof's path leads to another root.
    #[error("the proof leads to root {found}, not {expected}")]
    Root {
        /// The root it should lead to.
        expected: Digest,
        /// The root it leads to.
        found: Digest,
    },
    /// The terminal leaf's key does not share the path's prefix with the key.
    #[error("the proof's terminal leaf is not on the key's path")]
    OffPath,
    /// More than 256 siblings.
    #[error("the proof has {0} levels (at most 256)")]
    TooLong(usize),
}

impl Proof {
    /// The proof for `key` in the tree with root `root`.
    pub fn build(src: &impl NodeSource, root: Digest, key: &Digest) -> Result<Proof, TreeError> {
        let mut siblings = Vec::new();
        let mut h = root;
        loop {
            if h == Digest::EMPTY {
                return Ok(Proof {
                    siblings,
                    terminal: None,
                });
            }
            match smt::load(src, &h)? {
                Node::Leaf { key, value } => {
                    return Ok(Proof {
                        siblings,
                        terminal: Some((key, value)),
                    })
                }
                Node::Internal { left, right } => {
                    let depth = siblings.len();
                    if depth == 256 {
                        return Err(TreeError::TooDeep(*key));
                    }
                    let (next, sib) = if key.bit(depth) {
                        (right, left)
                    } else {
                        (left, right)
                    };
                    siblings.push(sib);
                    h = next;
                }
            }
        }
    }

    /// The value the proof shows under `key`: `Some` for membership, `None` for
    /// non-membership. Meaningful only once [`Proof::check`] accepted it.
    pub fn value(&self, key: &Digest) -> Option<Digest> {
        self.terminal.and_then(|(k, v)| (k == *key).then_some(v))
    }

    /// Checks that the proof for `key` leads to `root`.
    pub fn check(&self, key: &Digest, root: &Digest) -> Result<(), ProofError> {
        let found = self.walk(key, |_, _| ())?;
        if found != *root {
            return Err(ProofError::Root {
                expected: *root,
                found,
            });
        }
        Ok(())
    }

    /// Adds the proof's nodes to a partial tree (after [`Proof::check`]), so that
    /// [`smt::update`] of `key` can run on it.
    pub fn add_to(&self, key: &Digest, nodes: &mut MemNodes) -> Result<(), ProofError> {
        let mut put = |h: Digest, n: Node| {
            let _ = nodes.put_node(&h, &n);
        };
        self.walk(key, &mut put)?;
        Ok(())
    }

    /// Hashes up from the terminal to the root, handing every node on the path to `f`.
    fn walk(&self, key: &Digest, mut f: impl FnMut(Digest, Node)) -> Result<Digest, ProofError> {
        let depth = self.siblings.len();
        if depth > 256 {
            return Err(ProofError::TooLong(depth));
        }
        let mut h = match self.terminal {
            None => Digest::EMPTY,
            Some((k, v)) => {
                if (0..depth).any(|i| k.bit(i) != key.bit(i)) {
                    return Err(ProofError::OffPath);
                }
                let h = leaf_hash(&k, &v);
                f(h, Node::Leaf { key: k, value: v });
                h
            }
        };
        for (d, sib) in self.siblings.iter().enumerate().rev() {
            let (left, right) = if key.bit(d) { (*sib, h) } else { (h, *sib) };
            h = node_hash(&left, &right);
            f(h, Node::Internal { left, right });
        }
        Ok(h)
    }

    /// Appends the canonical encoding.
    pub fn write(&self, w: &mut Writer) {
        let depth = self.siblings.len();
        w.u16(depth as u16);
        let mut bitmap = vec![0u8; depth.div_ceil(8)];
        for (i, s) in self.siblings.iter().enumerate() {
            if *s != Digest::EMPTY {
                bitmap[i / 8] |= 0x80 >> (i % 8);
            }
        }
        w.raw(&bitmap);
        for s in self.siblings.iter().filter(|s| **s != Digest::EMPTY) {
            w.raw(&s.0);
        }
        match self.terminal {
            None => w.u8(0),
            Some((k, v)) => {
                w.u8(1);
                w.raw(&k.0);
                w.raw(&v.0);
            }
        }
    }

    /// Reads one proof, refusing any non-canonical encoding.
    pub fn read(r: &mut Reader<'_>) -> Result<Proof, FormatError> {
        let at = r.offset();
        let depth = r.u16("proof depth")? as usize;
        if depth > 256 {
            return Err(FormatError::new(
                at,
                format!("proof depth {depth} exceeds 256"),
            ));
        }
        let bitmap = r.take(depth.div_ceil(8), "proof bitmap")?.to_vec();
        let mut siblings = Vec::with_capacity(depth);
        for i in 0..depth {
            if bitmap[i / 8] & (0x80 >> (i % 8)) == 0 {
                siblings.push(Digest::EMPTY);
                continue;
            }
            let at = r.offset();
            let d = digest(r, "proof sibling")?;
            if d == Digest::EMPTY {
                return Err(FormatError::new(at, "an empty sibling marked non-empty"));
            }
            siblings.push(d);
        }
        if !depth.is_multiple_of(8) && bitmap[depth / 8] & (0xff >> (depth % 8)) != 0 {
            return Err(FormatError::new(
                at + 2,
                "proof bitmap has bits past its depth",
            ));
        }
        let at = r.offset();
        let terminal = match r.u8("proof terminal")? {
            0 => None,
            1 => Some((digest(r, "terminal key")?, digest(r, "terminal value")?)),
            t => {
                return Err(FormatError::new(
                    at,
                    format!("proof terminal tag {t} is not 0 or 1"),
                ))
            }
        };
        Ok(Proof { siblings, terminal })
    }
}

/// Reads a 32-byte digest.
pub(crate) fn digest(r: &mut Reader<'_>, what: &str) -> Result<Digest, FormatError> {
    let mut b = [0u8; 32];
    b.copy_from_slice(r.take(32, what)?);
    Ok(Digest(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> Digest {
        Digest(*blake3::hash(&i.to_le_bytes()).as_bytes())
    }

    fn encoded(p: &Proof) -> Vec<u8> {
        let mut w = Writer::new();
        p.write(&mut w);
        w.finish()
    }

    #[test]
    fn proofs_show_membership_and_absence_and_update_a_partial_tree() {
        let mut s = MemNodes::default();
        let leaves: Vec<_> = (0..1000).map(|i| (key(i), key(i + 5000))).collect();
        let root = smt::update(&mut s, Digest::EMPTY, leaves).unwrap();
        let present = Proof::build(&s, root, &key(3)).unwrap();
        present.check(&key(3), &root).unwrap();
        assert_eq!(present.value(&key(3)), Some(key(5003)));
        let absent = Proof::build(&s, root, &key(99_999)).unwrap();
        absent.check(&key(99_999), &root).unwrap();
        assert_eq!(absent.value(&key(99_999)), None);
        // About log2(1000) = 10 levels, not 1000.
        assert!(present.siblings.len() < 25, "{}", present.siblings.len());
        // A wrong value or a foreign key does not lead to the root.
        let mut forged = present.clone();
        forged.terminal = Some((key(3), key(1)));
        assert!(matches!(
            forged.check(&key(3), &root),
            Err(ProofError::Root { .. })
        ));
        // Round trip, and the partial tree gives the same new root as the full one.
        let back = Proof::read(&mut Reader::new(&encoded(&present))).unwrap();
        assert_eq!(back, present);
        let mut partial = MemNodes::default();
        present.add_to(&key(3), &mut partial).unwrap();
        absent.add_to(&key(99_999), &mut partial).unwrap();
        let ups = vec![(key(3), key(7)), (key(99_999), key(8))];
        let full = smt::update(&mut s, root, ups.clone()).unwrap();
        assert_eq!(smt::update(&mut partial, root, ups).unwrap(), full);
        // A key the proofs do not cover cannot be updated.
        let e = smt::update(&mut partial, root, vec![(key(4), key(4))]).unwrap_err();
        assert!(matches!(e, TreeError::Missing(_)), "{e}");
    }

    #[test]
    fn non_canonical_encodings_are_refused() {
        let p = Proof {
            siblings: vec![Digest::EMPTY, key(1), Digest::EMPTY],
            terminal: None,
        };
        let bytes = encoded(&p);
        assert_eq!(Proof::read(&mut Reader::new(&bytes)).unwrap(), p);
        let mut stray = bytes.clone();
        stray[2] |= 0x01; // a bitmap bit past depth 3
        assert!(Proof::read(&mut Reader::new(&stray)).is_err());
        let mut zero = bytes.clone();
        zero[3..35].fill(0); // the non-empty sibling made empty
        assert!(Proof::read(&mut Reader::new(&zero)).is_err());
        for cut in 0..bytes.len() {
            assert!(
                Proof::read(&mut Reader::new(&bytes[..cut])).is_err(),
                "{cut}"
            );
        }
    }
}
