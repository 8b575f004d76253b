//! Component calls: isolated contexts, the advice channel and resources.
//!
//! A [`Runtime`] holds compiled packages by code hash. [`Runtime::prepare`] turns a
//! [`Manifest`] into an [`App`]: every component's package (verified by hash, since
//! packages are stored under the hash of their own bytes), its WIT world decoded, each
//! import wired as the manifest says ([`linked`]). [`App::call`] runs one top-level
//! call as a *call tree*:
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
//! * **Traps** ([`Trap`]) name the component, function and, for engine traps, the pc.

pub mod advice;
mod glue;
pub mod host;
pub mod linked;
mod pool;
pub mod table;
mod trap;
mod tree;

pub use advice::AdviceMap;
pub use host::{HostCx, HostCxError, HostError, HostInterface, Hosts};
pub use linked::Linked;
pub use trap::{Site, Trap};

use crate::cabi::Val;
use crate::instance::LoadedPackage;
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use tree::Tree;

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

/// Something that happened in a call tree, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An export starts running.
    Call {
        /// Nesting depth (1 = top level).
        depth: u32,
        /// Who created the context it runs in.
        caller: Caller,
        /// The component's name.
        component: String,
        /// `iface@ver#func`.
        function: String,
    },
    /// An export returned normally.
    Return {
        /// Nesting depth.
        depth: u32,
        /// The component's name.
        component: String,
        /// `iface@ver#func`.
        function: String,
    },
    /// A resource's last owner dropped it.
    Drop {
        /// The defining component (`host` for host resources).
        component: String,
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
    /// The export key (`iface@ver#func`).
    pub function: String,
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

/// A call that failed: why, and what it had done until then.
#[derive(Debug, Clone)]
pub struct Trapped {
    /// The failure.
    pub trap: Trap,
    /// Gas the call tree had spent when it failed (guest code and host work). When
    /// gas ran out this is the whole budget minus what was too little to pay the next
    /// step, which is still unspent.
    pub gas_used: u64,
    /// The budget the call was given.
    pub gas_limit: u64,
    /// Calls, returns and resource drops up to the failure: a call without its
    /// return is the one that failed (or was running when a callee failed).
    pub trace: Vec<Event>,
}

impl Trapped {
    /// A failure before anything ran (lookup of the component or function).
    fn before_running(trap: Trap, gas_limit: u64) -> Self {
        Trapped {
            trap,
            gas_used: 0,
            gas_limit,
            trace: Vec::new(),
        }
    }
}

impl std::fmt::Display for Trapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.trap, f)
    }
}

/// Compiled packages by code hash, and the manifests prepared over them.
#[derive(Default)]
pub struct Runtime {
    packages: RwLock<HashMap<CodeHash, Arc<LoadedPackage>>>,
    apps: Mutex<HashMap<CodeHash, Arc<App>>>,
}

impl Runtime {
    /// An empty runtime.
    pub fn new() -> Self {
        Runtime::default()
    }

    /// Adds a package under its code hash (which is what manifests refer to).
    pub fn add_package(&self, package: Package) -> Result<CodeHash, Trap> {
        let hash = package.code_hash();
        let loaded = LoadedPackage::new(package).map_err(|e| Trap::Load {
            component: hash.to_hex(),
            reason: e.to_string(),
        })?;
        // Build the native code now, so that no call pays for it (a no-op where the
        // engine has no native backend; the interpreter runs then).
        loaded.prepare_native();
        self.packages
            .write()
            .map_err(|_| Trap::Load {
                component: hash.to_hex(),
                reason: "package store poisoned".into(),
            })?
            .insert(hash, Arc::new(loaded));
        Ok(hash)
    }

    /// Decodes and adds an encoded package.
    pub fn add_package_bytes(&self, bytes: &[u8]) -> Result<CodeHash, Trap> {
        let p = Package::decode(bytes).map_err(|e| Trap::Load {
            component: "package".into(),
            reason: e.to_string(),
        })?;
        self.add_package(p)
    }

    /// Prepares `manifest` (cached by manifest hash): every component must have been
    /// added, and its WIT world must decode.
    pub fn prepare(&self, manifest: &Manifest) -> Result<Arc<App>, Trap> {
        let key = manifest.hash();
        if let Some(app) = self.apps.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(app);
        }
        let packages = self.packages.read().map_err(|_| Trap::Load {
            component: "runtime".into(),
            reason: "package store poisoned".into(),
        })?;
        let mut components = Vec::with_capacity(manifest.components().len());
        for c in manifest.components() {
            let pkg = packages.get(&c.hash).ok_or_else(|| Trap::Load {
                component: format!("{} ({})", c.name, c.hash.short()),
                reason: "no package with this code hash was added to the runtime".into(),
            })?;
            let linked = Linked::new(pkg.clone(), manifest, c).map_err(|e| Trap::Load {
                component: format!("{} ({})", c.name, c.hash.short()),
                reason: e.to_string(),
            })?;
            components.push(Arc::new(linked));
        }
        let app = Arc::new(App {
            manifest: manifest.clone(),
            components,
        });
        if let Ok(mut m) = self.apps.lock() {
            m.insert(key, app.clone());
        }
        Ok(app)
    }

    /// Calls `function` (`iface#func`, version optional) of `component` (a name or a
    /// code-hash prefix) under `manifest`, with no host interfaces.
    pub fn call(
        &self,
        manifest: &Manifest,
        component: &str,
        function: &str,
        args: &[Val],
        config: &CallConfig,
    ) -> Result<CallOutcome, Trap> {
        self.prepare(manifest)?
            .call(component, function, args, config, &mut Hosts::new())
    }

    /// Re-executes the call recorded in `witness` under `manifest`.
    pub fn replay(
        &self,
        manifest: &Manifest,
        witness: &Witness,
        config: &CallConfig,
    ) -> Result<CallOutcome, Trap> {
        self.prepare(manifest)?
            .replay(witness, config, &mut Hosts::new())
    }
}

/// The single item of `found`, if any; two are ambiguous.
fn only<'a>(
    mut found: impl Iterator<Item = &'a Arc<Linked>>,
    name: &str,
) -> Result<Option<&'a Arc<Linked>>, Trap> {
    match (found.next(), found.next()) {
        (c, None) => Ok(c),
        _ => Err(Trap::UnknownComponent(format!("{name}: ambiguous"))),
    }
}

/// A manifest with all its components prepared.
#[derive(Debug)]
pub struct App {
    manifest: Manifest,
    /// In manifest order (sorted by code hash): call targets index into it.
    components: Vec<Arc<Linked>>,
}

impl App {
    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The component named `name`, or whose code hash starts with `name` (hex).
    pub fn component(&self, name: &str) -> Result<&Arc<Linked>, Trap> {
        let by_name = self.components.iter().filter(|c| c.name == name);
        if let Some(c) = only(by_name, name)? {
            return Ok(c);
        }
        let lower = name.to_ascii_lowercase();
        let by_hash = self
            .components
            .iter()
            .filter(|c| !lower.is_empty() && c.hash.to_hex().starts_with(&lower));
        only(by_hash, name)?
            .ok_or_else(|| Trap::UnknownComponent(format!("{name}: not in the manifest")))
    }

    /// Runs a top-level call with the given host interfaces.
    pub fn call(
        &self,
        component: &str,
        function: &str,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, Trap> {
        self.call_traced(component, function, args, config, hosts)
            .map_err(|t| t.trap)
    }

    /// [`App::call`], reporting a failure with the gas the call tree had used and
    /// the trace of everything that happened up to it (what `rivet call` prints for a
    /// trapped call).
    pub fn call_traced(
        &self,
        component: &str,
        function: &str,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, Box<Trapped>> {
        let early = |trap| Box::new(Trapped::before_running(trap, config.gas));
        let comp = self.component(component).map_err(early)?.clone();
        let f = comp.export(function).cloned().ok_or_else(|| {
            let names: Vec<&str> = comp.exports.iter().map(|e| e.key.as_str()).collect();
            Trap::UnknownFunction {
                component: comp.name.clone(),
                function: function.to_string(),
                hint: format!(" (exports: {})", names.join(", ")),
            }
        });
        let f = f.map_err(early)?;
        let mut tree = Tree::new(self, hosts, config.gas, config.limits, None);
        let (results, args, res) = match tree.top(&comp, &f, args) {
            Ok(r) => r,
            Err(trap) => {
                return Err(Box::new(Trapped {
                    trap,
                    gas_used: config.gas.saturating_sub(tree.gas),
                    gas_limit: config.gas,
                    trace: std::mem::take(&mut tree.trace),
                }))
            }
        };
        Ok(CallOutcome {
            results,
            gas_used: config.gas.saturating_sub(tree.gas),
            witness: Witness {
                component: comp.hash,
                function: f.key.clone(),
                args,
                results: res,
                advice: std::mem::take(&mut tree.advice),
            },
            trace: std::mem::take(&mut tree.trace),
        })
    }

    /// Re-executes the call of `witness`, every payload read from its advice and
    /// verified; fails unless the replay produces the same result and entries.
    pub fn replay(
        &self,
        witness: &Witness,
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, Trap> {
        let comp = self
            .components
            .binary_search_by(|c| c.hash.cmp(&witness.component))
            .ok()
            .map(|i| self.components[i].clone())
            .ok_or_else(|| Trap::UnknownComponent(witness.component.to_hex()))?;
        let f = comp
            .export(&witness.function)
            .cloned()
            .ok_or_else(|| Trap::UnknownFunction {
                component: comp.name.clone(),
                function: witness.function.clone(),
                hint: String::new(),
            })?;
        let bytes = witness
            .advice
            .get(&witness.args)
            .ok_or(Trap::AdviceMissing(witness.args))?;
        let actual = CodeHash::of(bytes);
        if actual != witness.args {
            return Err(Trap::AdviceHashMismatch {
                expected: witness.args,
                actual,
            });
        }
        let budget = config
            .limits
            .max_advice_bytes
            .saturating_mul(HOST_VALUE_FACTOR);
        let args =
            advice::decode_within(f.ty.params_tuple(), bytes, Some(budget)).map_err(|e| {
                Trap::BadArguments {
                    function: f.key.clone(),
                    reason: e.to_string(),
                }
            })?;
        let mut tree = Tree::new(
            self,
            hosts,
            config.gas,
            config.limits,
            Some(&witness.advice),
        );
        let (results, args_hash, res) = tree.top(&comp, &f, &args)?;
        if args_hash != witness.args || res != witness.results {
            return Err(Trap::WitnessMismatch(
                "the result differs from the witness".into(),
            ));
        }
        let same_keys = tree.advice.len() == witness.advice.len()
            && tree.advice.iter().all(|(h, _)| witness.advice.contains(h));
        if !same_keys {
            return Err(Trap::WitnessMismatch(format!(
                "the replay produced {} advice entries, the witness has {}",
                tree.advice.len(),
                witness.advice.len()
            )));
        }
        Ok(CallOutcome {
            results,
            gas_used: config.gas.saturating_sub(tree.gas),
            witness: Witness {
                component: comp.hash,
                function: f.key.clone(),
                args: args_hash,
                results: res,
                advice: std::mem::take(&mut tree.advice),
            },
            trace: std::mem::take(&mut tree.trace),
        })
    }
}
