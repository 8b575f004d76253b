//! One call tree: a top-level call and everything it calls.
//!
//! The tree is thin: it sequences four parts that each own one concern.
//!
//! * [`Meter`] (`meter`): the gas of the whole tree, its only owner; machines borrow
//!   the budget while they run.
//! * [`Contexts`] (`contexts`): the arena of contexts (instances from the component
//!   pools, handle tables, who created them).
//! * [`Resources`] (`resources`): every resource of the tree, its home and liveness;
//!   with the handle tables, the own/borrow rules, lending and destructors (`serve`).
//! * [`Channel`] (`channel`): the advice map, the witness being replayed, the limits
//!   on payloads and on host values.
//!
//! [`Tree::call_export`] runs a component's export in a context: a fresh one, unless an
//! argument is a resource whose home context belongs to the callee (then that context,
//! see the module docs of [`super`]). A guest's import lands in [`Tree::import`]
//! (`serve`) through [`CtxImports`], which transcodes the arguments from the
//! suspended caller's memory into their canonical bytes, sends those through the
//! channel, calls the provider (another component, whose context receives them
//! straight from the bytes, or a host interface, which gets decoded values), and lowers
//! the delivered result back into the caller with the caller's own `cabi_realloc`.

mod channel;
mod contexts;
mod meter;
mod resources;
mod serve;

use super::advice::{self, encode_up_to, AdviceMap};
use super::error::Trapped;
use super::glue::{GuestMemory, TableHooks};
use super::host::Hosts;
use super::linked::{ExportFn, Linked};
use super::table::ResourceKey;
use super::{App, CallConfig, CallFailure, CallTrap, Caller, Event, Site, CONTEXT_GAS};
use crate::cabi::{CabiError, Cx, FlatValue, ScalarBytes, Val, MAX_FLAT_PARAMS};
use crate::instance::{
    CallError, CoreValue, CoreValues, GuestAccess, ImportFailure, Imports, Instance, InstanceError,
};
use channel::{Channel, Payload};
use contexts::Contexts;
pub(crate) use meter::Meter;
pub(crate) use resources::has_handles;
use resources::Resources;
use rivet_format::gas::copy_cost;
use rivet_format::package::{FuncSig, ValType};
use rivet_format::CodeHash;
use std::sync::Arc;

pub(crate) struct Tree<'a> {
    app: &'a App,
    hosts: &'a mut Hosts,
    gas: Meter,
    channel: Channel<'a>,
    contexts: Contexts<'a>,
    resources: Resources,
    max_depth: u32,
    depth: u32,
    next_scope: u64,
    /// Whether events are recorded (`Export::call_untraced` records none).
    tracing: bool,
    trace: Vec<Event>,
}

/// A core value as a flat value: the same type, with a reference replaced by its word
/// (canonical-ABI flat types have no references; a core reference crosses as its word,
/// 0 = null or index + 1, never reinterpreted).
fn to_flat(v: &CoreValue) -> FlatValue {
    match *v {
        CoreValue::FuncRef(_) | CoreValue::ExternRef(_) => CoreValue::I32(v.bits() as u32 as i32),
        other => other,
    }
}

/// Core values as flat values ([`to_flat`] of each), borrowed when there is no
/// reference among them (the common case: no copy).
fn flat_values(vs: &[CoreValue]) -> std::borrow::Cow<'_, [FlatValue]> {
    if vs
        .iter()
        .any(|v| matches!(v, CoreValue::FuncRef(_) | CoreValue::ExternRef(_)))
    {
        vs.iter().map(to_flat).collect()
    } else {
        std::borrow::Cow::Borrowed(vs)
    }
}

fn site(comp: &Linked, function: &str) -> Box<Site> {
    Box::new(Site {
        component: comp.name.clone(),
        hash: comp.hash,
        function: function.to_string(),
        pc: None,
        wasm_function: None,
    })
}

/// A canonical-ABI failure at `site`; a payload refused for its size is the advice
/// limit, however far its encoding had got.
fn cabi_trap(site: Box<Site>, error: CabiError) -> CallTrap {
    match error {
        CabiError::PayloadTooLarge { needed, limit } => CallTrap::AdviceLimit { needed, limit },
        error => CallTrap::Cabi { site, error },
    }
}

fn internal(what: &'static str) -> CallTrap {
    CallTrap::Internal(what)
}

impl<'a> Tree<'a> {
    pub fn new(
        app: &'a App,
        hosts: &'a mut Hosts,
        config: &CallConfig,
        tracing: bool,
        replay: Option<&'a AdviceMap>,
    ) -> Self {
        let limits = config.limits;
        Tree {
            app,
            hosts,
            gas: Meter::new(config.gas),
            channel: Channel::new(limits, replay),
            tracing,
            // Every call tree has at least one context (held inline), two events and
            // two payloads: reserve them up front (no growth on the first push).
            contexts: Contexts::default(),
            resources: Resources::default(),
            max_depth: limits.max_depth,
            depth: 0,
            next_scope: 1,
            trace: Vec::with_capacity(if tracing { 4 } else { 0 }),
        }
    }

    /// Runs `run` with a canonical-ABI context over `memory` (context `ctx`'s guest) and
    /// that context's handle table; the outer `Result` is the tree's own failure, the
    /// inner one the canonical ABI's.
    fn with_cx<R>(
        &mut self,
        ctx: usize,
        memory: &mut dyn GuestAccess,
        keys: &[Arc<ResourceKey>],
        scope: u64,
        lenders: &mut Vec<(usize, u32)>,
        run: impl FnOnce(&mut Cx) -> Result<R, CabiError>,
    ) -> Result<Result<R, CabiError>, CallTrap> {
        let c = self.contexts.get_mut(ctx)?;
        let mut hooks = TableHooks {
            ctx,
            table: &mut c.table,
            resources: &mut self.resources.list,
            keys,
            scope,
            lenders,
        };
        let mut memory = GuestMemory {
            guest: memory,
            gas: &mut self.gas,
        };
        Ok(run(&mut Cx::new(&mut memory, &mut hooks)))
    }

    /// The context an export of `comp` must run in: the home of a resource passed to
    /// it, if that home is a context of `comp`; otherwise a fresh one (`None`).
    fn home_of(&self, comp: &Linked, f: &ExportFn, args: &[u8]) -> Result<Option<usize>, CallTrap> {
        if !f.params_have_handles {
            return Ok(None);
        }
        let tuple = f.ty.params_tuple();
        let vals = self
            .channel
            .decode(tuple, args)
            .map_err(|e| CallTrap::BadArguments {
                function: f.key.clone(),
                reason: format!("advice does not decode: {e}"),
            })?;
        self.resources
            .home_among(&self.contexts, comp, &vals)
            .map_err(|_| CallTrap::Resource {
                site: site(comp, &f.key),
                reason: "arguments are resources of two different contexts of the callee".into(),
            })
    }

    /// A fresh context of `comp` for a call of `function` by `caller`: a pooled
    /// instance, or a new one (whose start function may call imports).
    fn new_context(
        &mut self,
        comp: &'a Linked,
        caller: Caller,
        function: &str,
    ) -> Result<usize, CallTrap> {
        self.gas
            .charge("context creation", CONTEXT_GAS + copy_cost(comp.data_bytes))?;
        let ctx = self.contexts.open(comp, caller);
        if let Some(inst) = comp.pool.take(comp, self.gas.left()) {
            self.contexts.install(ctx, inst)?;
            return Ok(ctx);
        }
        let gas = self.gas.left();
        match Instance::new(&comp.package, &mut CtxImports { tree: self, ctx }, gas) {
            Ok(inst) => {
                self.gas.settle_with(inst.gas_left());
                self.contexts.install(ctx, Box::new(inst))?;
                Ok(ctx)
            }
            Err(e) => {
                self.contexts.discard(ctx);
                if let InstanceError::Uninstantiable(CallError::Import(f)) = &e {
                    if let Some(t) = f.downcast_ref::<CallTrap>() {
                        return Err(t.clone());
                    }
                }
                Err(CallTrap::Instantiate {
                    site: site(comp, function),
                    reason: e.to_string(),
                })
            }
        }
    }

    /// Turns an engine error of `inst` into a trap (or the nested trap behind it, which
    /// travelled back through the engine as the import's failure).
    fn guest_trap(comp: &Linked, function: &str, inst: &Instance, e: CallError) -> CallTrap {
        if let CallError::Import(f) = &e {
            if let Some(t) = f.downcast_ref::<CallTrap>() {
                return t.clone();
            }
        }
        let pc = inst.pc();
        let mut s = site(comp, function);
        s.pc = Some(pc);
        s.wasm_function = comp
            .package
            .package()
            .function_at(pc)
            .map(|d| d.name.clone());
        match e {
            CallError::OutOfGas => CallTrap::OutOfGas { site: s },
            error => CallTrap::Guest { site: s, error },
        }
    }

    /// Runs core export `export` of context `ctx`'s instance `inst` on the tree's gas.
    fn invoke(
        &mut self,
        ctx: usize,
        inst: &mut Instance,
        comp: &Linked,
        export: &str,
        args: &[CoreValue],
    ) -> Result<CoreValues, CallTrap> {
        let Some((pc, sig)) = comp.package.export_func(export) else {
            let e = CallError::NoSuchExport(export.to_string());
            return Err(Self::guest_trap(comp, export, inst, e));
        };
        let mut out = CoreValues::default();
        self.invoke_at(ctx, inst, comp, export, (pc, sig), args, &mut out)?;
        Ok(out)
    }

    /// [`Tree::invoke`] of core export `export` resolved to its pc and signature,
    /// its results written into `out` (empty; see `Instance::call_pc_into`).
    #[allow(clippy::too_many_arguments)]
    fn invoke_at(
        &mut self,
        ctx: usize,
        inst: &mut Instance,
        comp: &Linked,
        export: &str,
        (pc, sig): (u32, &FuncSig),
        args: &[CoreValue],
        out: &mut CoreValues,
    ) -> Result<(), CallTrap> {
        // The machine holds the budget while it runs (imports it makes take it back
        // for their duration, see `CtxImports`).
        self.gas.lend_to(inst);
        let r = inst.call_pc_into(pc, sig, args, &mut CtxImports { tree: self, ctx }, out);
        self.gas.take_from(inst);
        r.map_err(|e| Self::guest_trap(comp, export, inst, e))
    }

    /// Calls export `f` of `comp` with delivered arguments; its result payload, if it
    /// has one (then `Ok(true)`), is built in `out` (see [`Payload`]).
    pub fn call_export(
        &mut self,
        comp: &'a Linked,
        f: &'a ExportFn,
        args: &[u8],
        caller: Caller,
        out: &mut Payload,
    ) -> Result<bool, CallTrap> {
        if self.depth >= self.max_depth {
            return Err(CallTrap::CallDepth {
                site: site(comp, &f.key),
                limit: self.max_depth,
            });
        }
        let ctx = match self.home_of(comp, f, args)? {
            Some(c) => c,
            None => self.new_context(comp, caller, &f.key)?,
        };
        let Some(mut inst) = self.contexts.checkout(ctx)? else {
            return Err(CallTrap::Resource {
                site: site(comp, &f.key),
                reason: "the resource's home context is busy (re-entered)".into(),
            });
        };
        self.depth += 1;
        if self.tracing {
            self.trace.push(Event::Call {
                depth: self.depth,
                caller: self.contexts.caller_of(ctx),
                site: f.trace_site.clone(),
            });
        }
        let scope = self.next_scope;
        self.next_scope += 1;
        let r = self.run_export(ctx, &mut inst, comp, f, args, scope, out);
        self.contexts.checkin(ctx, inst);
        if r.is_ok() && self.tracing {
            self.trace.push(Event::Return {
                depth: self.depth,
                site: f.trace_site.clone(),
            });
        }
        self.depth -= 1;
        self.contexts.release_if_idle(ctx);
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn run_export(
        &mut self,
        ctx: usize,
        inst: &mut Instance,
        comp: &'a Linked,
        f: &ExportFn,
        args: &[u8],
        scope: u64,
        payload: &mut Payload,
    ) -> Result<bool, CallTrap> {
        let cabi = |e: CabiError| cabi_trap(site(comp, &f.key), e);
        let mut lenders = Vec::new();
        // All-scalar signatures lower straight from the advice bytes into argument
        // registers (`scalar`); anything else, or anything unusual, takes the walk.
        let mut regs = [FlatValue::I32(0); MAX_FLAT_PARAMS];
        let fast = f.scalar.as_ref();
        let walked;
        let flat: &[FlatValue] = match fast.and_then(|s| s.params_from_bytes(args, &mut regs)) {
            Some(n) => &regs[..n],
            None => {
                walked = self
                    .with_cx(ctx, inst, &comp.resources, scope, &mut lenders, |cx| {
                        advice::view(args, |adv| f.ty.params_from_memory(adv, 0, cx))
                    })?
                    .map_err(cabi)?;
                &walked
            }
        };
        let (pc, sig) = &f.core_entry;
        let mut out = CoreValues::default();
        self.invoke_at(ctx, inst, comp, &f.core, (*pc, sig), flat, &mut out)?;
        let max_payload = self.channel.max_payload();
        let fast_result = match (fast, &mut *payload) {
            (Some(s), Payload::Scalar(b)) => s.result_bytes_into(&out, max_payload, b),
            _ => None,
        };
        let has_result = match fast_result {
            Some(has) => has,
            None => match self.results_walk(ctx, inst, comp, f, &out, scope, &mut lenders)? {
                Some(bytes) => {
                    *payload = Payload::Heap(bytes);
                    true
                }
                None => false,
            },
        };
        if let (Some(post), Some((pc, sig))) = (&f.post_return, &f.post_return_entry) {
            let mut none = CoreValues::default();
            self.invoke_at(ctx, inst, comp, post, (*pc, sig), &out, &mut none)?;
        }
        let left = self.contexts.get(ctx)?.table.borrows_in(scope);
        if left > 0 {
            return Err(CallTrap::Resource {
                site: site(comp, &f.key),
                reason: format!("{left} borrowed handle(s) not dropped before the call returned"),
            });
        }
        Ok(has_result)
    }

    /// The canonical result payload of an export's core results `out`, by the
    /// canonical-ABI walk (lifting from the guest's memory where the result is spilled).
    #[allow(clippy::too_many_arguments)]
    fn results_walk(
        &mut self,
        ctx: usize,
        inst: &mut Instance,
        comp: &'a Linked,
        f: &ExportFn,
        out: &[CoreValue],
        scope: u64,
        lenders: &mut Vec<(usize, u32)>,
    ) -> Result<Option<Vec<u8>>, CallTrap> {
        let cabi = |e: CabiError| cabi_trap(site(comp, &f.key), e);
        let flat_out = flat_values(out);
        let max_payload = self.channel.max_payload();
        self.with_cx(ctx, inst, &comp.resources, scope, lenders, |cx| {
            match f.ty.result_tuple() {
                Some(t) => advice::build(t, max_payload, |adv| {
                    f.ty.results_to_memory(cx, &flat_out, adv, 0)
                })
                .map(|(bytes, _)| Some(bytes)),
                None if flat_out.is_empty() => Ok(None),
                None => Err(CabiError::ExtraFlatValues {
                    extra: flat_out.len(),
                }),
            }
        })?
        .map_err(cabi)
    }

    /// Runs the whole top-level call: advice in, the export, advice out.
    pub fn top(
        &mut self,
        comp: &'a Linked,
        f: &'a ExportFn,
        args: &[Val],
    ) -> Result<(Vec<Val>, CodeHash, Option<CodeHash>), CallTrap> {
        let bad = |e: CabiError| match e {
            CabiError::PayloadTooLarge { .. } => cabi_trap(site(comp, &f.key), e),
            e => CallTrap::BadArguments {
                function: f.key.clone(),
                reason: e.to_string(),
            },
        };
        let max_payload = self.channel.max_payload();
        let fast = f.scalar.as_ref();
        let mut payload = Payload::Scalar(ScalarBytes::EMPTY);
        let built = match (fast, &mut payload) {
            (Some(s), Payload::Scalar(b)) => s.encode_params_into(args, max_payload, b),
            _ => None,
        };
        if built.is_none() {
            let bytes = encode_up_to(f.ty.params_tuple(), args, max_payload).map_err(bad)?;
            payload = Payload::Heap(bytes);
        }
        let args_hash = self.channel.send(&mut self.gas, &mut payload)?;
        let mut result = Payload::Scalar(ScalarBytes::EMPTY);
        let has_result = self.call_export(comp, f, &payload, Caller::Host, &mut result)?;
        match (f.ty.result_tuple(), has_result) {
            (Some(t), true) => {
                let h = self.channel.send(&mut self.gas, &mut result)?;
                let budget = Some(self.channel.host_budget());
                let out = match fast.and_then(|s| s.decode_result(&result, budget)) {
                    Some(out) => out,
                    None => {
                        self.channel
                            .decode(t, &result)
                            .map_err(|e| CallTrap::BadArguments {
                                function: f.key.clone(),
                                reason: format!("advice does not decode: {e}"),
                            })?
                    }
                };
                Ok((out, args_hash, Some(h)))
            }
            (None, false) => Ok((Vec::new(), args_hash, None)),
            _ => Err(internal("result arity")),
        }
    }

    /// The tree's result as a call's: a trap becomes [`CallFailure::Trapped`] with the
    /// gas used so far (of `limit`) and the trace up to it.
    pub fn settle<T>(&mut self, r: Result<T, CallTrap>, limit: u64) -> Result<T, CallFailure> {
        r.map_err(|trap| {
            CallFailure::Trapped(Box::new(Trapped {
                trap,
                gas_used: self.gas_used(limit),
                gas_limit: limit,
                trace: self.take_trace(),
            }))
        })
    }

    /// Gas spent so far out of a budget of `limit`.
    pub fn gas_used(&self, limit: u64) -> u64 {
        limit.saturating_sub(self.gas.left())
    }

    /// The advice produced so far.
    pub fn advice(&self) -> &AdviceMap {
        self.channel.map()
    }

    /// The advice map, leaving an empty one.
    pub fn take_advice(&mut self) -> AdviceMap {
        self.channel.take()
    }

    /// The trace, leaving an empty one.
    pub fn take_trace(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.trace)
    }
}

/// The [`Imports`] of one context: every import goes back to the tree.
struct CtxImports<'t, 'a> {
    tree: &'t mut Tree<'a>,
    ctx: usize,
}

impl Imports for CtxImports<'_, '_> {
    fn call_import(
        &mut self,
        index: usize,
        module: &str,
        name: &str,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        // The budget comes back from the suspended guest for the import, and goes
        // back to it afterwards, also when the import failed (the caller's machine
        // then reports it as the gas left after the trap).
        self.tree.gas.take_from(guest);
        let r = self
            .tree
            .import(self.ctx, index, (module, name), args, guest);
        self.tree.gas.lend_to(guest);
        r.map_err(ImportFailure::new)
    }

    fn has_import(&mut self, index: usize, _: &str, _: &str, _: &[ValType], _: &[ValType]) -> bool {
        self.tree
            .contexts
            .get(self.ctx)
            .is_ok_and(|c| c.comp.call(index).is_some())
    }
}
