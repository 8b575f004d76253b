//! One call tree: the contexts, resources, advice and gas of a top-level call and
//! everything it calls.
//!
//! [`Tree::call_export`] runs a component's export in a context: a fresh one, unless an
//! argument is a resource whose home context belongs to the callee (then that context,
//! see the module docs of [`super`]). A guest's import lands in [`Tree::import`]
//! through [`CtxImports`], which transcodes the arguments from the suspended caller's
//! memory into their canonical bytes, sends those through the advice channel
//! ([`Tree::advise`]), calls the provider (another component, whose context receives
//! them straight from the bytes, or a host interface, which gets decoded values), and
//! lowers the advised result back into the caller with the caller's own
//! `cabi_realloc`.

mod serve;

use super::advice::{self, encode_up_to, AdviceMap};
use super::error::Trapped;
use super::glue::{GuestMemory, TableHooks};
use super::host::Hosts;
use super::linked::{ExportFn, Linked};
use super::table::{HandleTable, Home, Resource, ResourceKey};
use super::{
    App, CallFailure, CallTrap, Caller, Event, Limits, Site, CONTEXT_GAS, HOST_VALUE_FACTOR,
};
use crate::cabi::{CabiError, Cx, FlatValue, ResourceHandle, Type, Val};
use crate::instance::{
    CallError, CoreValue, GuestAccess, ImportFailure, Imports, Instance, InstanceError,
};
use rivet_format::gas::{copy_cost, hash_cost};
use rivet_format::package::ValType;
use rivet_format::CodeHash;
use std::sync::Arc;

/// A context: one instance of a component with its handle table.
struct Context {
    comp: Arc<Linked>,
    /// Taken out while the context runs (boxed: an instance is large, and moves
    /// between the pool, the context and the running call).
    instance: Option<Box<Instance>>,
    table: HandleTable,
    /// Live resources whose representation lives in this context.
    live: u32,
    running: bool,
    /// Who created the context.
    caller: Caller,
}

pub(crate) struct Tree<'a> {
    app: &'a App,
    hosts: &'a mut Hosts,
    gas: u64,
    limits: Limits,
    advice: AdviceMap,
    replay: Option<&'a AdviceMap>,
    depth: u32,
    contexts: Vec<Option<Context>>,
    resources: Vec<Resource>,
    next_scope: u64,
    trace: Vec<Event>,
}

fn to_flat(v: &CoreValue) -> FlatValue {
    match *v {
        CoreValue::I32(x) => FlatValue::I32(x as u32),
        CoreValue::I64(x) => FlatValue::I64(x as u64),
        CoreValue::F32(x) => FlatValue::F32(x),
        CoreValue::F64(x) => FlatValue::F64(x),
        // Canonical-ABI flat types have no references; a core reference crosses as
        // its word (0 = null, index + 1), never reinterpreted.
        CoreValue::FuncRef(r) | CoreValue::ExternRef(r) => {
            FlatValue::I32(r.map_or(0, |n| n.wrapping_add(1)))
        }
    }
}

fn to_core(v: &FlatValue) -> CoreValue {
    match *v {
        FlatValue::I32(x) => CoreValue::I32(x as i32),
        FlatValue::I64(x) => CoreValue::I64(x as i64),
        FlatValue::F32(x) => CoreValue::F32(x),
        FlatValue::F64(x) => CoreValue::F64(x),
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

/// Whether values of `ty` can carry resource handles.
fn has_handles(ty: &Type) -> bool {
    match ty {
        Type::Own(_) | Type::Borrow(_) => true,
        Type::List(l) => has_handles(&l.elem),
        Type::Record(r) => r.fields.iter().any(|(_, t)| has_handles(t)),
        Type::Tuple(t) => t.types.iter().any(has_handles),
        Type::Variant(v) => v.cases.values().flatten().any(has_handles),
        Type::Option(o) => has_handles(&o.some),
        Type::Result(r) => r.ok.iter().chain(&r.err).any(has_handles),
        _ => false,
    }
}

/// Handles inside a value, in order.
fn handles(v: &Val, out: &mut Vec<ResourceHandle>) {
    match v {
        Val::Own(h) | Val::Borrow(h) => out.push(*h),
        Val::List(vs) | Val::Tuple(vs) => vs.iter().for_each(|v| handles(v, out)),
        Val::Record(fs) => fs.iter().for_each(|(_, v)| handles(v, out)),
        Val::Variant(_, Some(p))
        | Val::Option(Some(p))
        | Val::Result(Ok(Some(p)) | Err(Some(p))) => handles(p, out),
        _ => {}
    }
}

impl<'a> Tree<'a> {
    pub fn new(
        app: &'a App,
        hosts: &'a mut Hosts,
        gas: u64,
        limits: Limits,
        replay: Option<&'a AdviceMap>,
    ) -> Self {
        Tree {
            app,
            hosts,
            gas,
            limits,
            advice: AdviceMap::new(),
            replay,
            depth: 0,
            contexts: Vec::new(),
            resources: Vec::new(),
            next_scope: 1,
            trace: Vec::new(),
        }
    }

    fn charge(&mut self, what: &'static str, amount: u64) -> Result<(), CallTrap> {
        if self.gas < amount {
            return Err(CallTrap::HostOutOfGas {
                what,
                needed: amount,
                left: self.gas,
            });
        }
        self.gas -= amount;
        Ok(())
    }

    fn context(&mut self, i: usize) -> Result<&mut Context, CallTrap> {
        self.contexts
            .get_mut(i)
            .and_then(Option::as_mut)
            .ok_or_else(|| internal("context gone"))
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
        let c = self.contexts[ctx]
            .as_mut()
            .ok_or_else(|| internal("context gone"))?;
        let mut hooks = TableHooks {
            ctx,
            table: &mut c.table,
            resources: &mut self.resources,
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

    /// Sends a payload's canonical bytes through the advice channel: stores them under
    /// their hash and delivers them to the other side by that hash.
    ///
    /// Verification on read: in a replay the bytes come from the witness, i.e. from
    /// outside, and are re-hashed before use (a tampered entry is
    /// [`CallTrap::AdviceHashMismatch`]). In a live call the reader receives the very
    /// bytes the hash was just computed from; the advice map belongs to this call tree
    /// and nothing runs between the two steps, so re-hashing could not fail and is not
    /// repeated (on the reference machine it would double the cost of a 1 KiB
    /// payload: blake3 takes ~1.3-1.6 µs per KiB there). The verification is charged
    /// either way, so a call and its replay use the same gas.
    /// Returns the hash and the bytes as delivered.
    pub fn advise(&mut self, bytes: Vec<u8>) -> Result<(CodeHash, Arc<Vec<u8>>), CallTrap> {
        let len = bytes.len() as u64;
        self.charge("advice encoding", copy_cost(len) + hash_cost(len))?;
        let hash = CodeHash::of(&bytes);
        let bytes = Arc::new(bytes);
        if !self.advice.contains(&hash) {
            let needed = self.advice.total_bytes() + len;
            if needed > self.limits.max_advice_bytes {
                return Err(CallTrap::AdviceLimit {
                    needed,
                    limit: self.limits.max_advice_bytes,
                });
            }
            self.advice.insert_shared(hash, bytes.clone());
        }
        let (delivered, actual) = match self.replay {
            None => (bytes, hash),
            Some(witness) => {
                let got = witness
                    .get_shared(&hash)
                    .ok_or(CallTrap::AdviceMissing(hash))?;
                let actual = CodeHash::of(&got);
                (got, actual)
            }
        };
        let got_len = delivered.len() as u64;
        self.charge(
            "advice verification",
            hash_cost(got_len) + copy_cost(got_len),
        )?;
        if actual != hash {
            return Err(CallTrap::AdviceHashMismatch {
                expected: hash,
                actual,
            });
        }
        Ok((hash, delivered))
    }

    /// Decodes delivered advice into host values, within the tree's host-value
    /// budget ([`HOST_VALUE_FACTOR`] times the advice limit).
    pub(super) fn decode(&self, tuple: &Type, bytes: &[u8]) -> Result<Vec<Val>, CabiError> {
        let budget = self
            .limits
            .max_advice_bytes
            .saturating_mul(HOST_VALUE_FACTOR);
        advice::decode_within(tuple, bytes, Some(budget))
    }

    /// The context an export of `comp` must run in: the home of a resource passed to
    /// it, if that home is a context of `comp`; otherwise a fresh one (`None`).
    fn home_of(&self, comp: &Linked, f: &ExportFn, args: &[u8]) -> Result<Option<usize>, CallTrap> {
        if !has_handles(f.ty.params_tuple()) {
            return Ok(None);
        }
        let tuple = f.ty.params_tuple();
        let vals = self
            .decode(tuple, args)
            .map_err(|e| CallTrap::BadArguments {
                function: f.key.clone(),
                reason: format!("advice does not decode: {e}"),
            })?;
        let mut hs = Vec::new();
        vals.iter().for_each(|v| handles(v, &mut hs));
        let mut home = None;
        for h in hs {
            let Some(Resource {
                home: Home::Context(c),
                alive: true,
                ..
            }) = self.resources.get(h.0 as usize)
            else {
                continue;
            };
            let ours = self
                .contexts
                .get(*c)
                .and_then(Option::as_ref)
                .is_some_and(|x| x.comp.hash == comp.hash);
            match home {
                _ if !ours => {}
                None => home = Some(*c),
                Some(prev) if prev == *c => {}
                Some(_) => {
                    return Err(CallTrap::Resource {
                        site: site(comp, &f.key),
                        reason: "arguments are resources of two different contexts of the callee"
                            .into(),
                    })
                }
            }
        }
        Ok(home)
    }

    fn new_context(
        &mut self,
        comp: &Arc<Linked>,
        caller: Caller,
        function: &str,
    ) -> Result<usize, CallTrap> {
        self.charge("context creation", CONTEXT_GAS + copy_cost(comp.data_bytes))?;
        let ctx = self.contexts.len();
        self.contexts.push(Some(Context {
            comp: comp.clone(),
            instance: None,
            table: HandleTable::default(),
            live: 0,
            running: true,
            caller,
        }));
        let gas = self.gas;
        if let Some(inst) = comp.pool.take(comp, gas) {
            let c = self.context(ctx)?;
            c.instance = Some(inst);
            c.running = false;
            return Ok(ctx);
        }
        let made = Instance::new(&comp.package, &mut CtxImports { tree: self, ctx }, gas);
        match made {
            Ok(inst) => {
                self.gas = inst.gas_left();
                let c = self.context(ctx)?;
                c.instance = Some(Box::new(inst));
                c.running = false;
                Ok(ctx)
            }
            Err(e) => {
                self.contexts[ctx] = None;
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

    /// Frees a context that is not running and holds no live resource (its instance
    /// goes back to its component's pool).
    fn release_if_idle(&mut self, ctx: usize) {
        if let Some(Some(c)) = self.contexts.get(ctx) {
            if !c.running && c.live == 0 {
                if let Some(Context {
                    comp,
                    instance: Some(inst),
                    ..
                }) = self.contexts[ctx].take()
                {
                    comp.pool.give(inst);
                }
            }
        }
    }

    /// Turns an engine error of `inst` into a trap (or the nested trap behind it, which
    /// travelled back through the engine as the import's failure).
    fn guest_trap(
        &mut self,
        comp: &Linked,
        function: &str,
        inst: &Instance,
        e: CallError,
    ) -> CallTrap {
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

    /// Calls export `f` of `comp` with delivered arguments.
    pub fn call_export(
        &mut self,
        comp: &Arc<Linked>,
        f: &Arc<ExportFn>,
        args: &[u8],
        caller: Caller,
    ) -> Result<Option<Vec<u8>>, CallTrap> {
        if self.depth >= self.limits.max_depth {
            return Err(CallTrap::CallDepth {
                site: site(comp, &f.key),
                limit: self.limits.max_depth,
            });
        }
        let ctx = match self.home_of(comp, f, args)? {
            Some(c) => c,
            None => self.new_context(comp, caller, &f.key)?,
        };
        let c = self.context(ctx)?;
        let Some(mut inst) = c.instance.take() else {
            return Err(CallTrap::Resource {
                site: site(comp, &f.key),
                reason: "the resource's home context is busy (re-entered)".into(),
            });
        };
        c.running = true;
        let by = c.caller;
        self.depth += 1;
        self.trace.push(Event::Call {
            depth: self.depth,
            caller: by,
            component: comp.name.clone(),
            function: f.key.clone(),
        });
        let scope = self.next_scope;
        self.next_scope += 1;
        let r = self.run_export(ctx, &mut inst, comp, f, args, scope);
        if let Ok(c) = self.context(ctx) {
            c.instance = Some(inst);
            c.running = false;
        }
        if r.is_ok() {
            self.trace.push(Event::Return {
                depth: self.depth,
                component: comp.name.clone(),
                function: f.key.clone(),
            });
        }
        self.depth -= 1;
        self.release_if_idle(ctx);
        r
    }

    fn run_export(
        &mut self,
        ctx: usize,
        inst: &mut Instance,
        comp: &Arc<Linked>,
        f: &ExportFn,
        args: &[u8],
        scope: u64,
    ) -> Result<Option<Vec<u8>>, CallTrap> {
        let cabi = |e: CabiError| cabi_trap(site(comp, &f.key), e);
        let mut lenders = Vec::new();
        let flat = self
            .with_cx(ctx, inst, &comp.resources, scope, &mut lenders, |cx| {
                advice::view(args, |adv| f.ty.params_from_memory(adv, 0, cx))
            })?
            .map_err(cabi)?;
        let core: Vec<CoreValue> = flat.iter().map(to_core).collect();
        inst.set_gas(self.gas);
        let out = inst.invoke(&f.core, &core, &mut CtxImports { tree: self, ctx });
        self.gas = inst.gas_left();
        let out = out.map_err(|e| self.guest_trap(comp, &f.key, inst, e))?;
        let flat_out: Vec<FlatValue> = out.iter().map(to_flat).collect();
        let max_payload = self.limits.max_advice_bytes;
        let v = self
            .with_cx(
                ctx,
                inst,
                &comp.resources,
                scope,
                &mut lenders,
                |cx| match f.ty.result_tuple() {
                    Some(t) => advice::build(t, max_payload, |adv| {
                        f.ty.results_to_memory(cx, &flat_out, adv, 0)
                    })
                    .map(|(bytes, _)| Some(bytes)),
                    None if flat_out.is_empty() => Ok(None),
                    None => Err(CabiError::ExtraFlatValues {
                        extra: flat_out.len(),
                    }),
                },
            )?
            .map_err(cabi)?;
        if let Some(post) = &f.post_return {
            inst.set_gas(self.gas);
            let r = inst.invoke(post, &out, &mut CtxImports { tree: self, ctx });
            self.gas = inst.gas_left();
            r.map_err(|e| self.guest_trap(comp, post, inst, e))?;
        }
        let left = self.context(ctx)?.table.borrows_in(scope);
        if left > 0 {
            return Err(CallTrap::Resource {
                site: site(comp, &f.key),
                reason: format!("{left} borrowed handle(s) not dropped before the call returned"),
            });
        }
        Ok(v)
    }

    /// Runs the whole top-level call: advice in, the export, advice out.
    pub fn top(
        &mut self,
        comp: &Arc<Linked>,
        f: &Arc<ExportFn>,
        args: &[Val],
    ) -> Result<(Vec<Val>, CodeHash, Option<CodeHash>), CallTrap> {
        let bad = |e: CabiError| match e {
            CabiError::PayloadTooLarge { .. } => cabi_trap(site(comp, &f.key), e),
            e => CallTrap::BadArguments {
                function: f.key.clone(),
                reason: e.to_string(),
            },
        };
        let bytes =
            encode_up_to(f.ty.params_tuple(), args, self.limits.max_advice_bytes).map_err(bad)?;
        let (args_hash, delivered) = self.advise(bytes)?;
        let r = self.call_export(comp, f, &delivered, Caller::Host)?;
        match (f.ty.result_tuple(), r) {
            (Some(t), Some(b)) => {
                let (h, got) = self.advise(b)?;
                let out = self.decode(t, &got).map_err(|e| CallTrap::BadArguments {
                    function: f.key.clone(),
                    reason: format!("advice does not decode: {e}"),
                })?;
                Ok((out, args_hash, Some(h)))
            }
            (None, None) => Ok((Vec::new(), args_hash, None)),
            _ => Err(internal("result arity")),
        }
    }
}

impl Tree<'_> {
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
        limit.saturating_sub(self.gas)
    }

    /// The advice produced so far.
    pub fn advice(&self) -> &AdviceMap {
        &self.advice
    }

    /// The advice map, leaving an empty one.
    pub fn take_advice(&mut self) -> AdviceMap {
        std::mem::take(&mut self.advice)
    }

    /// The trace, leaving an empty one.
    pub fn take_trace(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.trace)
    }
}

impl Drop for Tree<'_> {
    /// Contexts still alive when the tree ends (homes of resources the tree leaked,
    /// or contexts of a call that trapped) go back to their pools, reset.
    fn drop(&mut self) {
        for c in self.contexts.drain(..).flatten() {
            if let Some(inst) = c.instance {
                c.comp.pool.give(inst);
            }
        }
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
        let r = self
            .tree
            .import(self.ctx, index, (module, name), args, guest);
        // The tree's gas is the truth, also when the import failed: the caller's
        // machine reports it as the gas left after the trap.
        guest.set_gas(self.tree.gas);
        r.map_err(ImportFailure::new)
    }

    fn has_import(&mut self, index: usize, _: &str, _: &str, _: &[ValType], _: &[ValType]) -> bool {
        self.tree
            .contexts
            .get(self.ctx)
            .and_then(Option::as_ref)
            .is_some_and(|c| c.comp.call(index).is_some())
    }
}
