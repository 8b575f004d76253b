//! [`Runtime`] (compiled packages by code hash, prepared manifests) and [`App`] (one
//! prepared manifest): the entry points of a component call. Each call runs one
//! [`Tree`]; its outcome (or its trap, with the gas used and the trace so far) is
//! collected here.

use super::error::{CallFailure, CallTrap, LookupError, PrepareError, Trapped};
use super::linked::ExportFn;
use super::tree::Tree;
use super::{advice, CallConfig, CallOutcome, Hosts, Linked, Witness, HOST_VALUE_FACTOR};
use crate::cabi::Val;
use crate::instance::LoadedPackage;
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

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
    pub fn add_package(&self, package: Package) -> Result<CodeHash, PrepareError> {
        let hash = package.code_hash();
        let loaded = LoadedPackage::new(package).map_err(|e| PrepareError::Package {
            hash,
            error: Arc::new(e),
        })?;
        // Build the native code now, so that no call pays for it (a no-op where the
        // engine has no native backend; the interpreter runs then).
        loaded.prepare_native();
        self.packages
            .write()
            .map_err(|_| PrepareError::Poisoned)?
            .insert(hash, Arc::new(loaded));
        Ok(hash)
    }

    /// Decodes and adds an encoded package.
    pub fn add_package_bytes(&self, bytes: &[u8]) -> Result<CodeHash, PrepareError> {
        self.add_package(Package::decode(bytes).map_err(PrepareError::Decode)?)
    }

    /// Prepares `manifest` (cached by manifest hash): every component must have been
    /// added, and its tables must fit its package.
    pub fn prepare(&self, manifest: &Manifest) -> Result<Arc<App>, PrepareError> {
        let key = manifest.hash();
        if let Some(app) = self.apps.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(app);
        }
        let packages = self.packages.read().map_err(|_| PrepareError::Poisoned)?;
        let mut components = Vec::with_capacity(manifest.components().len());
        for c in manifest.components() {
            let component = || format!("{} ({})", c.name, c.hash.short());
            let pkg = packages
                .get(&c.hash)
                .ok_or_else(|| PrepareError::MissingPackage {
                    component: component(),
                })?;
            let linked =
                Linked::new(pkg.clone(), manifest, c).map_err(|error| PrepareError::Wiring {
                    component: component(),
                    error,
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
    ) -> Result<CallOutcome, CallFailure> {
        self.prepare(manifest)?
            .call(component, function, args, config, &mut Hosts::new())
    }

    /// Re-executes the call recorded in `witness` under `manifest`.
    pub fn replay(
        &self,
        manifest: &Manifest,
        witness: &Witness,
        config: &CallConfig,
    ) -> Result<CallOutcome, CallFailure> {
        self.prepare(manifest)?
            .replay(witness, config, &mut Hosts::new())
    }
}

/// The single item of `found`, if any; two are ambiguous.
fn only<'a>(
    mut found: impl Iterator<Item = &'a Arc<Linked>>,
    name: &str,
) -> Result<Option<&'a Arc<Linked>>, LookupError> {
    match (found.next(), found.next()) {
        (c, None) => Ok(c),
        _ => Err(LookupError::AmbiguousComponent(name.to_string())),
    }
}

/// A manifest with all its components prepared.
#[derive(Debug)]
pub struct App {
    manifest: Manifest,
    /// In manifest order (sorted by code hash): call targets index into it.
    pub(super) components: Vec<Arc<Linked>>,
}

/// A failure before any gas was spent.
fn early(trap: CallTrap, gas_limit: u64) -> CallFailure {
    CallFailure::Trapped(Box::new(Trapped {
        trap,
        gas_used: 0,
        gas_limit,
        trace: Vec::new(),
    }))
}

impl App {
    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The component named `name`, or whose code hash starts with `name` (hex).
    pub fn component(&self, name: &str) -> Result<&Arc<Linked>, LookupError> {
        let by_name = self.components.iter().filter(|c| c.name == name);
        if let Some(c) = only(by_name, name)? {
            return Ok(c);
        }
        let lower = name.to_ascii_lowercase();
        let by_hash = self
            .components
            .iter()
            .filter(|c| !lower.is_empty() && c.hash.to_hex().starts_with(&lower));
        only(by_hash, name)?.ok_or_else(|| LookupError::UnknownComponent(name.to_string()))
    }

    /// Runs a top-level call with the given host interfaces. A trap comes back with
    /// the gas the call used and its trace so far ([`CallFailure::Trapped`]).
    pub fn call(
        &self,
        component: &str,
        function: &str,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, CallFailure> {
        self.export(component, function)?.call(args, config, hosts)
    }

    /// [`App::call`] without recording the trace ([`Export::call_untraced`]).
    pub fn call_untraced(
        &self,
        component: &str,
        function: &str,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, CallFailure> {
        self.export(component, function)?
            .call_untraced(args, config, hosts)
    }

    /// Export `function` of `component`, resolved once for many calls (what
    /// [`App::call`] looks up by name on every call).
    pub fn export(&self, component: &str, function: &str) -> Result<Export<'_>, LookupError> {
        // Borrowed, not cloned: the app outlives the call (no reference-count traffic).
        self.export_of(self.component(component)?, function)
    }

    /// The component with code hash `hash` (a binary search: the manifest keeps its
    /// components sorted by hash), for callers that name components by hash, as
    /// transactions and witnesses do.
    pub fn component_by_hash(&self, hash: &CodeHash) -> Result<&Arc<Linked>, LookupError> {
        self.components
            .binary_search_by(|c| c.hash.cmp(hash))
            .map(|i| &self.components[i])
            .map_err(|_| LookupError::UnknownComponent(hash.to_hex()))
    }

    /// [`App::export`] of the component with code hash `hash`.
    pub fn export_by_hash(
        &self,
        hash: &CodeHash,
        function: &str,
    ) -> Result<Export<'_>, LookupError> {
        self.export_of(self.component_by_hash(hash)?, function)
    }

    fn export_of<'a>(
        &'a self,
        comp: &'a Linked,
        function: &str,
    ) -> Result<Export<'a>, LookupError> {
        let f = comp
            .export(function)
            .ok_or_else(|| LookupError::UnknownFunction {
                component: comp.name.clone(),
                function: function.to_string(),
                exports: comp.exports.iter().map(|e| e.key.clone()).collect(),
            })?;
        Ok(Export { app: self, comp, f })
    }

    /// Re-executes the call of `witness`, every payload read from its advice and
    /// verified; fails unless the replay produces the same result and entries.
    pub fn replay(
        &self,
        witness: &Witness,
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, CallFailure> {
        let comp = self.component_by_hash(&witness.component)?;
        let f = comp
            .export(&witness.function)
            .ok_or_else(|| LookupError::UnknownFunction {
                component: comp.name.clone(),
                function: witness.function.to_string(),
                exports: Vec::new(),
            })?;
        let args = replay_args(witness, f, config).map_err(|t| early(t, config.gas))?;
        let mut tree = Tree::new(self, hosts, config, true, Some(&witness.advice));
        let r = tree
            .top(comp, f, &args)
            .and_then(|(results, args_hash, res)| {
                if args_hash != witness.args || res != witness.results {
                    return Err(CallTrap::WitnessMismatch(
                        "the result differs from the witness".into(),
                    ));
                }
                let (ours, theirs) = (tree.advice(), &witness.advice);
                if ours.len() != theirs.len() || !ours.iter().all(|(h, _)| theirs.contains(h)) {
                    return Err(CallTrap::WitnessMismatch(format!(
                        "the replay produced {} advice entries, the witness has {}",
                        ours.len(),
                        theirs.len()
                    )));
                }
                Ok((results, args_hash, res))
            });
        settle(&mut tree, r, comp, f, config.gas)
    }
}

/// The outcome of call tree `tree`, which ran export `f` of `comp` under `gas` and
/// ended with `r` (a trap becomes [`CallFailure::Trapped`]).
fn settle(
    tree: &mut Tree<'_>,
    r: Result<(Vec<Val>, CodeHash, Option<CodeHash>), CallTrap>,
    comp: &Linked,
    f: &ExportFn,
    gas: u64,
) -> Result<CallOutcome, CallFailure> {
    let (results, args, res) = tree.settle(r, gas)?;
    Ok(CallOutcome {
        results,
        gas_used: tree.gas_used(gas),
        witness: Witness {
            component: comp.hash,
            function: f.trace_key.clone(),
            args,
            results: res,
            advice: tree.take_advice(),
        },
        trace: tree.take_trace(),
    })
}

/// The top-level arguments of a witness, read back and verified.
fn replay_args(witness: &Witness, f: &ExportFn, config: &CallConfig) -> Result<Vec<Val>, CallTrap> {
    let bytes = witness
        .advice
        .get(&witness.args)
        .ok_or(CallTrap::AdviceMissing(witness.args))?;
    let actual = CodeHash::of(bytes);
    if actual != witness.args {
        return Err(CallTrap::AdviceHashMismatch {
            expected: witness.args,
            actual,
        });
    }
    let budget = config
        .limits
        .max_advice_bytes
        .saturating_mul(HOST_VALUE_FACTOR);
    advice::decode_within(f.ty.params_tuple(), bytes, Some(budget)).map_err(|e| {
        CallTrap::BadArguments {
            function: f.key.clone(),
            reason: e.to_string(),
        }
    })
}

/// An export of an [`App`]'s component, resolved by [`App::export`]: calls through it
/// skip the name lookups (like a typed function handle in other runtimes).
#[derive(Clone, Copy)]
pub struct Export<'a> {
    app: &'a App,
    comp: &'a Linked,
    f: &'a ExportFn,
}

impl Export<'_> {
    /// Runs a top-level call of the export ([`App::call`]).
    pub fn call(
        &self,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, CallFailure> {
        self.run(args, config, hosts, true)
    }

    /// [`Export::call`] without recording the trace (the outcome's and a trap's
    /// trace are empty); results, gas, witness and advice are the same. For
    /// callers that never read the trace: each event shares two names with the
    /// manifest, and updating their reference counts is about a tenth of a short
    /// call's cost.
    pub fn call_untraced(
        &self,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
    ) -> Result<CallOutcome, CallFailure> {
        self.run(args, config, hosts, false)
    }

    fn run(
        &self,
        args: &[Val],
        config: &CallConfig,
        hosts: &mut Hosts,
        tracing: bool,
    ) -> Result<CallOutcome, CallFailure> {
        let (comp, f) = (self.comp, self.f);
        let mut tree = Tree::new(self.app, hosts, config, tracing, None);
        let r = tree.top(comp, f, args);
        // By reference: moving the tree into `settle` copied it (a memcpy of
        // its whole size per call).
        settle(&mut tree, r, comp, f, config.gas)
    }
}
