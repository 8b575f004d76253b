//! Serving a context's imports: resource intrinsics (`[resource-new]`, `-rep`,
//! `-drop` with destructors run in the resource's home context), component-level
//! functions (arguments transcoded from the suspended caller into advice, the
//! provider called by index, the advised result lowered back with the caller's
//! `cabi_realloc`) and host interfaces (advice decoded to values, the host's typed
//! result encoded again).

use super::super::advice::{self, encode_up_to};
use super::super::host::HostCx;
use super::super::linked::{ImportFn, Linked, Target};
use super::super::table::{Entry, Home};
use super::super::{App, CallTrap, Caller, Event};
use super::{cabi_trap, flat_values, internal, site, Payload, Tree};
use crate::cabi::{CabiError, FuncType, ResourceHandle, ScalarBytes};
use crate::instance::{CoreValue, GuestAccess, ImportFailure};

impl<'a> Tree<'a> {
    /// Serves core import number `index` (`module.name`) of context `ctx`.
    pub(super) fn import(
        &mut self,
        ctx: usize,
        index: usize,
        (module, name): (&str, &str),
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, CallTrap> {
        let comp = self.contexts.get(ctx)?.comp;
        let imp = comp
            .call(index)
            .ok_or_else(|| internal("unchecked import"))?;
        let arg = |i: usize| match args.get(i) {
            Some(CoreValue::I32(x)) => Ok(*x as u32),
            _ => Err(internal("intrinsic arguments")),
        };
        let res_site = || site(comp, &format!("import {module}.{name}"));
        let out = match &**imp {
            ImportFn::Func { name, ty, target } => {
                self.import_func(ctx, comp, name, ty, target, args, guest)?
            }
            ImportFn::ResourceNew(key) => {
                let h = self
                    .resources
                    .create(key.clone(), arg(0)?, Home::Context(ctx));
                let c = self.contexts.get_mut(ctx)?;
                c.live += 1;
                let i = c
                    .table
                    .insert(Entry::Own { res: h, lends: 0 })
                    .map_err(|e| CallTrap::Resource {
                        site: res_site(),
                        reason: e.to_string(),
                    })?;
                vec![CoreValue::I32(i as i32)]
            }
            ImportFn::ResourceRep(key) => {
                let (_, r) = self
                    .resources
                    .entry(&self.contexts, ctx, arg(0)?, key)
                    .map_err(|e| CallTrap::Resource {
                        site: res_site(),
                        reason: e.to_string(),
                    })?;
                vec![CoreValue::I32(r.rep as i32)]
            }
            ImportFn::ResourceDrop(key) => {
                let i = arg(0)?;
                let entry = self.resources.entry(&self.contexts, ctx, i, key);
                let (e, _) = entry.map_err(|e| CallTrap::Resource {
                    site: res_site(),
                    reason: e.to_string(),
                })?;
                if let Entry::Own { lends, .. } = e {
                    if lends > 0 {
                        return Err(CallTrap::Resource {
                            site: res_site(),
                            reason: format!("own handle {i} dropped while lent ({lends} borrows)"),
                        });
                    }
                }
                self.contexts
                    .get_mut(ctx)?
                    .table
                    .remove(i)
                    .map_err(|e| CallTrap::Resource {
                        site: res_site(),
                        reason: e.to_string(),
                    })?;
                if let Entry::Own { res, .. } = e {
                    self.destroy(res, ctx, guest)?;
                }
                Vec::new()
            }
        };
        Ok(out)
    }

    /// Ends resource `h`: runs its destructor in its home context.
    fn destroy(
        &mut self,
        h: ResourceHandle,
        cur: usize,
        guest: &mut dyn GuestAccess,
    ) -> Result<(), CallTrap> {
        let r = self
            .resources
            .kill(h)
            .ok_or_else(|| internal("unknown resource"))?;
        let Home::Context(home) = r.home else {
            if self.tracing {
                self.trace.push(Event::Drop {
                    component: "host".into(),
                    resource: r.key.to_string(),
                    rep: r.rep,
                    destructor: false,
                });
            }
            return Ok(());
        };
        let comp = self.contexts.get(home)?.comp;
        let dtor = comp.dtors.get(&r.key);
        if let Some(d) = dtor {
            let args = [CoreValue::I32(r.rep as i32)];
            if home == cur {
                let res = self.gas.run(guest, |g| g.call(d, &args));
                res.map_err(|error| CallTrap::Guest {
                    site: site(comp, d),
                    error,
                })?;
            } else {
                let Some(mut inst) = self.contexts.checkout(home)? else {
                    return Err(CallTrap::Resource {
                        site: site(comp, d),
                        reason: "the destructor's context is busy (re-entered)".into(),
                    });
                };
                let res = self.invoke(home, &mut inst, comp, d, &args);
                self.contexts.checkin(home, inst);
                res?;
            }
        }
        if self.tracing {
            self.trace.push(Event::Drop {
                component: comp.trace_name.clone(),
                resource: r.key.to_string(),
                rep: r.rep,
                destructor: dtor.is_some(),
            });
        }
        let c = self.contexts.get_mut(home)?;
        c.live = c.live.saturating_sub(1);
        self.contexts.release_if_idle(home);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn import_func(
        &mut self,
        ctx: usize,
        comp: &'a Linked,
        name: &str,
        ty: &FuncType,
        target: &Target,
        args: &[CoreValue],
        guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, CallTrap> {
        let cabi = |e: CabiError| cabi_trap(site(comp, &format!("import {name}")), e);
        let flat = flat_values(args);
        let mut lenders = Vec::new();
        let max_payload = self.channel.max_payload();
        let (bytes, retptr) = self
            .with_cx(ctx, &mut *guest, &comp.resources, 0, &mut lenders, |cx| {
                advice::build(ty.params_tuple(), max_payload, |adv| {
                    ty.params_to_memory(cx, &flat, adv, 0)
                })
            })?
            .map_err(cabi)?;
        let mut delivered = Payload::Heap(bytes);
        self.channel.send(&mut self.gas, &mut delivered)?;
        let me = Caller::Component(comp.hash);
        let result = match target {
            Target::Component { component, export } => {
                // Borrowed for the tree's lifetime: no reference counts per call.
                let app: &'a App = self.app;
                let callee = app
                    .components
                    .get(*component)
                    .ok_or_else(|| internal("call target out of range"))?;
                let f = callee
                    .exports
                    .get(*export)
                    .ok_or_else(|| internal("call target export out of range"))?;
                let mut out = Payload::Scalar(ScalarBytes::EMPTY);
                self.call_export(callee, f, &delivered, me, &mut out)
                    .map(|has| has.then_some(out))
            }
            Target::Host {
                interface,
                function,
            } => self.call_host(ctx, me, name, ty, interface, function, &delivered),
        };
        self.contexts.return_lends(&lenders);
        let delivered = match (ty.result_tuple(), result?) {
            (Some(_), Some(mut b)) => {
                self.channel.send(&mut self.gas, &mut b)?;
                Some(b)
            }
            (None, None) => None,
            (want, _) => {
                return Err(CallTrap::BadArguments {
                    function: name.to_string(),
                    reason: format!(
                        "provider returned {} result",
                        if want.is_some() {
                            "no"
                        } else {
                            "an unexpected"
                        }
                    ),
                })
            }
        };
        let out = self
            .with_cx(
                ctx,
                &mut *guest,
                &comp.resources,
                0,
                &mut Vec::new(),
                |cx| match &delivered {
                    Some(b) => advice::view(b, |adv| ty.results_from_memory(adv, 0, cx, retptr)),
                    None => Ok(Vec::new()),
                },
            )?
            .map_err(cabi)?;
        Ok(out)
    }

    /// Serves an import the manifest gives to a host interface: the delivered
    /// arguments decoded to values, the host function, its result encoded again.
    #[allow(clippy::too_many_arguments)]
    fn call_host(
        &mut self,
        ctx: usize,
        me: Caller,
        name: &str,
        ty: &FuncType,
        interface: &str,
        function: &str,
        args: &[u8],
    ) -> Result<Option<Payload>, CallTrap> {
        let bad = |reason: String| CallTrap::BadArguments {
            function: name.to_string(),
            reason,
        };
        let vals = self
            .channel
            .decode(ty.params_tuple(), args)
            .map_err(|e| bad(format!("advice does not decode: {e}")))?;
        let context_caller = self.contexts.caller_of(ctx);
        let host_err = |error: ImportFailure| CallTrap::Host {
            interface: interface.to_string(),
            function: function.to_string(),
            error,
        };
        let host = self
            .hosts
            .get(interface)
            .ok_or_else(|| host_err(ImportFailure::new(NotRegistered)))?;
        let mut hcx = HostCx {
            caller: me,
            context_caller,
            gas: &mut self.gas,
            interface,
            resources: &mut self.resources.list,
        };
        let v = host
            .call(&mut hcx, function, &vals)
            .map_err(|e| host_err(ImportFailure::from_boxed(e)))?;
        match (ty.result_tuple(), v) {
            (Some(t), Some(v)) => {
                encode_up_to(t, std::slice::from_ref(&v), self.channel.max_payload())
                    .map(|b| Some(Payload::Heap(b)))
                    .map_err(|e| bad(e.to_string()))
            }
            (None, None) => Ok(None),
            (want, _) => Err(bad(format!(
                "provider returned {} result",
                if want.is_some() {
                    "no"
                } else {
                    "an unexpected"
                }
            ))),
        }
    }
}

/// A host import whose interface no [`HostInterface`](super::HostInterface) serves.
#[derive(Debug, thiserror::Error)]
#[error("no host interface registered")]
struct NotRegistered;
