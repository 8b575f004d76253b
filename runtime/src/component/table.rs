//! Resources of a call tree and the per-context handle tables.
//!
//! A resource is created by its defining component (`[resource-new]R` with a
//! representation, usually a pointer into that component's memory) or by a host
//! interface, and gets a call-tree-wide number, the [`ResourceHandle`] that travels
//! in [`Val::Own`](crate::cabi::Val::Own) / [`Val::Borrow`](crate::cabi::Val::Borrow)
//! and in advice. Each context has its own `HandleTable` mapping the guest's `i32`
//! handles to those numbers, with the spec's rules:
//!
//! * index 0 is never handed out;
//! * an `own` entry counts how many borrows of it are outstanding (`lends`); it
//!   cannot be lifted out or dropped while lent;
//! * a `borrow` entry belongs to one call (its scope); the callee must drop it before
//!   the call returns;
//! * every lookup checks the entry's resource type: a wrong-type or unknown index traps.

use crate::cabi::ResourceHandle;
use rivet_format::CodeHash;
use std::fmt;
use std::sync::Arc;

/// Most entries one handle table may hold (bounds host memory).
pub const MAX_HANDLES: usize = 1 << 20;

/// Who implements a resource type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// A component of the manifest.
    Component(CodeHash),
    /// The host (a `rivet:base` interface).
    Host,
}

/// The identity of a resource type across components: who defines it, in which of
/// its exported interfaces, under which name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey {
    /// The defining component or the host.
    pub owner: Owner,
    /// The defining interface, as the owner names it (`ns:pkg/iface@ver`).
    pub interface: String,
    /// The resource's name.
    pub name: String,
}

impl fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.interface, self.name)
    }
}

/// Where a resource's representation lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Home {
    /// In the memory of this context (an index into the tree's contexts).
    Context(usize),
    /// In the host.
    Host,
}

/// One resource of the call tree.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub key: Arc<ResourceKey>,
    pub rep: u32,
    pub home: Home,
    pub alive: bool,
}

/// A handle table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// An owning handle and how many borrows of it are outstanding.
    Own { res: ResourceHandle, lends: u32 },
    /// A borrow lent for the call `scope`.
    Borrow { res: ResourceHandle, scope: u64 },
}

impl Entry {
    pub fn res(&self) -> ResourceHandle {
        match self {
            Entry::Own { res, .. } | Entry::Borrow { res, .. } => *res,
        }
    }
}

/// Why a handle-table operation failed (the guest broke a handle rule).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandleError {
    /// The table holds [`MAX_HANDLES`] entries already.
    #[error("handle table full ({MAX_HANDLES} entries)")]
    Full,
    /// No entry at this index.
    #[error("unknown handle {0}")]
    Unknown(u32),
    /// The entry's resource was dropped.
    #[error("handle {0} refers to a dropped resource")]
    Dropped(u32),
    /// The entry is a resource of another type.
    #[error("handle {handle} is a {found}, not a {expected}")]
    WrongType {
        /// The handle.
        handle: u32,
        /// Its resource type.
        found: String,
        /// The type the operation needs.
        expected: String,
    },
}

/// A context's handle table. Index 0 is reserved; its slot is pushed with the first
/// entry, so that a context that never holds a handle (most do not) allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct HandleTable {
    slots: Vec<Option<Entry>>,
    free: Vec<u32>,
}

impl HandleTable {
    /// Adds an entry; returns its index (never 0).
    pub fn insert(&mut self, e: Entry) -> Result<u32, HandleError> {
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(e);
            return Ok(i);
        }
        if self.slots.len() >= MAX_HANDLES {
            return Err(HandleError::Full);
        }
        if self.slots.is_empty() {
            self.slots.push(None);
        }
        self.slots.push(Some(e));
        Ok(self.slots.len() as u32 - 1)
    }

    /// The entry at `i`.
    pub fn get(&self, i: u32) -> Result<Entry, HandleError> {
        self.slots
            .get(i as usize)
            .copied()
            .flatten()
            .ok_or(HandleError::Unknown(i))
    }

    /// The entry at `i`, mutably.
    pub fn get_mut(&mut self, i: u32) -> Result<&mut Entry, HandleError> {
        self.slots
            .get_mut(i as usize)
            .and_then(Option::as_mut)
            .ok_or(HandleError::Unknown(i))
    }

    /// Removes the entry at `i`.
    pub fn remove(&mut self, i: u32) -> Result<Entry, HandleError> {
        let e = self.get(i)?;
        self.slots[i as usize] = None;
        self.free.push(i);
        Ok(e)
    }

    /// Borrow entries still held for call `scope`.
    pub fn borrows_in(&self, scope: u64) -> usize {
        self.slots
            .iter()
            .filter(|e| matches!(e, Some(Entry::Borrow { scope: s, .. }) if *s == scope))
            .count()
    }
}
