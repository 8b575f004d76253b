//! Component calls: isolated contexts, the advice channel and resources.
//!
//! A [`Runtime`] holds compiled packages by code hash. [`Runtime::prepare`] turns a
//! [`Manifest`] into an [`App`]: every component's package (verified by hash, since
//! packages are stored under the hash of their own bytes), its WIT world decoded, each
//! import wired as the manifest says ([`linked`]). [`App::call`] runs one top-level
//! call as a *call tree* ([`App::export`] resolves a component's function once for
//! many calls; `call_untraced` skips recording the trace, which is all it changes):
//!
//! * **Fresh contexts.** Every call of an export gets a fresh
//!   [`Instance`](crate::instance::Instance) (memory as built from the package's data
//!   segments, globals at their initial values), a new handle table, the identity of
//!   its caller ([`Caller`]). Nothing survives a call tree, so no state leaks from one
//!   call to the next. Instances are reused through a per-component pool (`pool`):
//!   a dead context's instance is reset to an image of the freshly instantiated
//!   package by copying back only the pages it wrote, which is indistinguishable from
//!   a new instantiation and much cheaper.
//! * **One gas budget.** The whole tree spends [`CallConfig::gas`]: guest code on the
//!   engine's per-block schedule, host work per byte with
//!   [`copy_cost`](rivet_format::gas::copy_cost) /
//!   [`hash_cost`](rivet_format::gas::hash_cost): a context costs [`CONTEXT_GAS`] plus
//!   the copy of its data segments (whether its instance is new or reused); every
//!   payload crossing contexts costs two copies and two hashes of its canonical bytes
//!   (encode + hash on the sending side, verify + decode on the receiving side; the
//!   verification is charged even in a live call, where the runtime skips re-hashing
//!   bytes it just hashed, so a call and its replay cost the same). Depth is bounded
//!   by [`Limits::max_depth`].
//! * **Advice.** Every payload crossing contexts (host to guest, guest to guest, guest
//!   to host, and back) goes through [`advice`]: canonical bytes stored under their
//!   blake3 hash and delivered by hash (read back from the witness and verified when
//!   replaying). Between guests the canonical bytes are produced from the sender's
//!   memory and consumed into the receiver's directly
//!   ([`transcode`](crate::cabi::transcode)), without building values. The map, bounded by
//!   [`Limits::max_advice_bytes`], is the call's [`Witness`]; [`App::replay`] re-runs
//!   the call reading every payload from a witness instead, and must reproduce its
//!   result hash, its entries, and (deterministically) the same gas.
//! * **Resources** ([`table`]). Handles follow the canonical ABI's own/borrow rules
//!   per context. A resource's representation lives in the memory of the context that
//!   created it (its *home*), so: **a context stays alive as long as a resource it
//!   created is alive in the call tree, and every call into its component that passes
//!   one of its resources (a method, a function taking `borrow<R>` or `own<R>`) runs
//!   in that home context** instead of a fresh one; the destructor runs there too when
//!   the last owner drops the handle ([`Event::Drop`]). Resources never outlive the
//!   call tree: handles returned to the host are reported, but unusable afterwards,
//!   and handles a finished context leaked are reclaimed with the tree without running
//!   destructors.
//! * **Host interfaces** ([`host`]): imports the manifest gives to the host are
//!   dispatched to a registered [`HostInterface`].
//! * **Failures** ([`error`]): [`PrepareError`] (loading), [`LookupError`] (no such
//!   component or function), [`CallTrap`] (a running call tree; names the component,
//!   function and, for engine traps, the pc), together as [`CallFailure`]; a trapped
//!   call reports the gas it used and its trace so far ([`Trapped`]).

pub mod advice;
mod app;
mod error;
mod glue;
pub mod host;
pub mod linked;
mod pool;
pub mod table;
mod tree;

pub use advice::AdviceMap;
pub use app::{App, Export, Runtime};
pub use error::{CallFailure, CallTrap, LookupError, PrepareError, Site, Trapped};
pub use host::{HostCx, HostCxError, HostError, HostInterface, Hosts};
pub use linked::Linked;

use crate::cabi::Val;
use rivet_format::CodeHash;
use std::sync::Arc;

/// Gas for creating a context, on top of copying its data segments.
pub const CONTEXT_GAS: u64 = 500;

/// Host values (`Val`s) decoded from one payload may take at most this many times
/// [`Limits::max_advice_bytes`] of host memory. With payloads bounded by the advice
/// limit as well, a call tree's peak host memory is a small multiple of that limit
/// (see bench/README.md for the measured figure), whatever the guests send.
pub const HOST_VALUE_FACTOR: u64 = 4;

/// Who made a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    /// The embedder (a top-level call).
    Host,
    /// A component, by code hash.
    Component(CodeHash),
}

/// Bounds on one call tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most advice bytes the tree may produce.
    pub max_advice_bytes: u64,
    /// Deepest nesting of calls (the top-level call is depth 1).
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_advice_bytes: 64 << 20,
            max_depth: 32,
        }
    }
}

/// Budget and bounds of one top-level call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallConfig {
    /// Gas for the whole call tree.
    pub gas: u64,
    /// Size bounds.
    pub limits: Limits,
}

impl Default for CallConfig {
    fn default() -> Self {
        CallConfig {
            gas: 1_000_000_000,
            limits: Limits::default(),
        }
    }
}

/// The export a [`Event::Call`] or [`Event::Return`] is about: one per export of a
/// prepared manifest, shared by the events of every call of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The component's name.
    pub component: Arc<str>,
    /// `iface@ver#func`.
    pub function: Arc<str>,
}

/// Something that happened in a call tree, in order.
///
/// Names are shared with the prepared manifest rather than copied, and a call's two
/// events share one [`CallSite`]: copying four names per call, and then updating
/// four reference counts (atomic operations), were each a measurable part of a
/// short call's cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An export starts running.
    Call {
        /// Nesting depth (1 = top level).
        depth: u32,
        /// Who created the context it runs in.
        caller: Caller,
        /// The component and export.
        site: Arc<CallSite>,
    },
    /// An export returned normally.
    Return {
        /// Nesting depth.
        depth: u32,
        /// The component and export.
        site: Arc<CallSite>,
    },
    /// A resource's last owner dropped it.
    Drop {
        /// The defining component (`host` for host resources).
        component: Arc<str>,
        /// `iface/name` of the resource type.
        resource: String,
        /// Its representation.
        rep: u32,
        /// Whether a destructor ran in the home context.
        destructor: bool,
    },
}

/// What it takes to replay a call: which call, and every payload it exchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The called component.
    pub component: CodeHash,
    /// The export key (`iface@ver#func`), shared with the prepared manifest.
    pub function: Arc<str>,
    /// Hash of the top-level arguments (an entry of `advice`).
    pub args: CodeHash,
    /// Hash of the top-level result, if the function has one.
    pub results: Option<CodeHash>,
    /// All payloads, keyed by hash.
    pub advice: AdviceMap,
}

/// The outcome of a successful call.
#[derive(Debug, Clone)]
pub struct CallOutcome {
    /// The result (empty or one value).
    pub results: Vec<Val>,
    /// Gas spent by the whole call tree.
    pub gas_used: u64,
    /// The advice map and call identity.
    pub witness: Witness,
    /// Calls, returns and resource drops, in order.
    pub trace: Vec<Event>,
}
