//! Composition by host forwarding: wasmtime's side of a guest-to-guest call.
//!
//! A client component imports an interface that a provider component exports. Instead
//! of fusing the two (wac/wasm-compose), the host defines every function of the
//! client's import with `func_new`, each forwarding its dynamic arguments to the
//! provider instance's export of the same name and returning its results. For the
//! values this is equivalent to wiring the components: each side lifts/lowers with its
//! own canonical options, exactly as a fused adapter would.
//!
//! Resources need a translation, because the client's imported resource types are
//! defined by the host here. A provider-owned handle (`ResourceAny`) returned to the
//! client is kept in [`Forwarder`]'s table and the client gets a host resource whose
//! rep is that table slot ([`ResourceDynamic`], one dynamic type per imported resource
//! name). When the client passes it back, a `borrow` lends the provider handle for the
//! call and an `own` moves it out of the table; when the client drops its handle, the
//! host destructor drops the provider handle, which runs the provider's destructor.

use crate::wasm::export_func;
use wasmtime::component::{
    types::ComponentItem, Component, Instance, Linker, ResourceAny, ResourceDynamic, ResourceType,
    Val,
};
use wasmtime::{bail, format_err, Engine, Result, Store, StoreContextMut};

/// One event the host saw while forwarding, in order: what the differential test
/// compares with Rivet's call trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forwarded {
    /// The client called this function of the interface.
    Call(String),
    /// The client dropped its last handle to a resource of this type, and the
    /// provider's handle was dropped in turn.
    Drop(String),
}

/// What [`link`] defined: the forwarded interface and its resource names (whose
/// positions are the dynamic resource types handed to the client).
#[derive(Debug, Clone)]
pub struct Imports {
    iface: String,
    resources: Vec<String>,
}

/// Store data of a forwarding composition.
pub struct Forwarder {
    imports: Imports,
    provider: Option<Instance>,
    /// The provider's resource type for each of `imports.resources`.
    provider_types: Vec<ResourceType>,
    /// Provider handles held for the client: the client's rep indexes this table.
    handles: Vec<Option<(u32, ResourceAny)>>,
    log: Vec<Forwarded>,
}

impl Forwarder {
    /// Store data for a client linked by [`link`]; [`attach`] a provider before use.
    pub fn new(imports: &Imports) -> Self {
        Forwarder {
            imports: imports.clone(),
            provider: None,
            provider_types: Vec::new(),
            handles: Vec::new(),
            log: Vec::new(),
        }
    }

    /// Everything forwarded so far.
    pub fn log(&self) -> &[Forwarded] {
        &self.log
    }

    /// Provider handles the client still holds (0 once it dropped them all).
    pub fn live_handles(&self) -> usize {
        self.handles.iter().flatten().count()
    }
}

/// Defines every function and resource of the client's import `iface` in `linker` as a
/// forwarder to the provider [`attach`]ed to the store.
pub fn link(
    linker: &mut Linker<Forwarder>,
    engine: &Engine,
    client: &Component,
    iface: &str,
) -> Result<Imports> {
    let ty = client.component_type();
    let import = ty
        .get_import(engine, iface)
        .ok_or_else(|| format_err!("the client does not import {iface}"))?;
    let ComponentItem::ComponentInstance(instance_ty) = import.ty else {
        bail!("the client's import {iface} is not an instance");
    };
    let mut root = linker.root();
    let mut inst = root.instance(iface)?;
    let mut resources = Vec::new();
    for (name, item) in instance_ty.exports(engine) {
        match item.ty {
            ComponentItem::ComponentFunc(_) => {
                let name = name.to_string();
                inst.func_new(&name.clone(), move |store, _ty, params, results| {
                    forward(store, &name, params, results)
                })?;
            }
            ComponentItem::Resource(_) => {
                let id = u32::try_from(resources.len())?;
                let name = name.to_string();
                resources.push(name.clone());
                inst.resource(
                    &name.clone(),
                    ResourceType::host_dynamic(id),
                    move |s, rep| drop_handle(s, &name, rep),
                )?;
            }
            ComponentItem::Type(_) => {}
            other => bail!("{iface}: cannot forward import {name} ({other:?})"),
        }
    }
    Ok(Imports {
        iface: iface.to_string(),
        resources,
    })
}

/// Makes `provider` (an instance exporting the forwarded interface) the target of the
/// forwarders in `store`.
pub fn attach(store: &mut Store<Forwarder>, provider: Instance) -> Result<()> {
    let iface_name = store.data().imports.iface.clone();
    let iface = provider
        .get_export_index(&mut *store, None, &iface_name)
        .ok_or_else(|| format_err!("the provider does not export {iface_name}"))?;
    let mut types = Vec::new();
    for name in store.data().imports.resources.clone() {
        let idx = provider
            .get_export_index(&mut *store, Some(&iface), &name)
            .ok_or_else(|| format_err!("the provider does not export resource {name}"))?;
        let ty = provider
            .get_resource(&mut *store, idx)
            .ok_or_else(|| format_err!("the provider's {name} is not a resource"))?;
        types.push(ty);
    }
    let data = store.data_mut();
    data.provider = Some(provider);
    data.provider_types = types;
    Ok(())
}

/// The body of every forwarded function.
fn forward(
    mut store: StoreContextMut<'_, Forwarder>,
    name: &str,
    params: &[Val],
    results: &mut [Val],
) -> Result<()> {
    let data = store.data_mut();
    data.log.push(Forwarded::Call(name.to_string()));
    let provider = data
        .provider
        .ok_or_else(|| format_err!("{name}: no provider attached"))?;
    let iface = data.imports.iface.clone();
    let func = export_func(&mut store, &provider, &iface, name)
        .ok_or_else(|| format_err!("the provider does not export {iface}#{name}"))?;
    let args = params
        .iter()
        .map(|v| map_resources(v.clone(), &mut |r| to_provider(&mut store, r)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = vec![Val::Bool(false); func.ty(&store).results().len()];
    if out.len() != results.len() {
        bail!(
            "{name}: the provider returns {} values, the client expects {}",
            out.len(),
            results.len()
        );
    }
    func.call(&mut store, &args, &mut out)?;
    for (slot, v) in results.iter_mut().zip(out) {
        *slot = map_resources(v, &mut |r| to_client(&mut store, r))?;
    }
    Ok(())
}

/// A client handle -> the provider handle it stands for (moved out if `own`).
fn to_provider(store: &mut StoreContextMut<'_, Forwarder>, r: ResourceAny) -> Result<ResourceAny> {
    let d = ResourceDynamic::try_from_resource_any(r, &mut *store)?;
    let slot = store
        .data_mut()
        .handles
        .get_mut(d.rep() as usize)
        .ok_or_else(|| format_err!("client handle rep {} was never issued", d.rep()))?;
    let (ty, handle) = slot.ok_or_else(|| format_err!("client handle rep {} is gone", d.rep()))?;
    if ty != d.ty() {
        bail!("client handle rep {} has type {} not {ty}", d.rep(), d.ty());
    }
    if d.owned() {
        *slot = None;
    }
    Ok(handle)
}

/// A provider `own` handle -> a new client handle standing for it.
fn to_client(store: &mut StoreContextMut<'_, Forwarder>, r: ResourceAny) -> Result<ResourceAny> {
    if !r.owned() {
        bail!("the provider returned a borrow");
    }
    let data = store.data_mut();
    let ty = data
        .provider_types
        .iter()
        .position(|t| *t == r.ty())
        .ok_or_else(|| format_err!("the provider returned a resource of an unforwarded type"))?;
    let ty = u32::try_from(ty)?;
    let rep = u32::try_from(data.handles.len())?;
    data.handles.push(Some((ty, r)));
    ResourceDynamic::new_own(rep, ty).try_into_resource_any(&mut *store)
}

/// The host destructor of a forwarded resource: drops the provider's handle.
fn drop_handle(mut store: StoreContextMut<'_, Forwarder>, name: &str, rep: u32) -> Result<()> {
    let data = store.data_mut();
    let (_, handle) = data
        .handles
        .get_mut(rep as usize)
        .and_then(Option::take)
        .ok_or_else(|| format_err!("{name}: dropping unknown rep {rep}"))?;
    data.log.push(Forwarded::Drop(name.to_string()));
    handle.resource_drop(&mut store)
}

/// A resource-handle rewriter applied by [`map_resources`].
type Rewrite<'a> = dyn FnMut(ResourceAny) -> Result<ResourceAny> + 'a;

/// Rebuilds `v` with every resource handle in it replaced by `f`'s result.
fn map_resources(v: Val, f: &mut Rewrite<'_>) -> Result<Val> {
    Ok(match v {
        Val::Resource(r) => Val::Resource(f(r)?),
        Val::List(vs) => Val::List(map_all(vs, f)?),
        Val::Tuple(vs) => Val::Tuple(map_all(vs, f)?),
        Val::FixedLengthList(vs) => Val::FixedLengthList(map_all(vs, f)?),
        Val::Record(fs) => Val::Record(
            fs.into_iter()
                .map(|(n, v)| Ok((n, map_resources(v, f)?)))
                .collect::<Result<_>>()?,
        ),
        Val::Variant(n, p) => Val::Variant(n, map_payload(p, f)?),
        Val::Option(p) => Val::Option(map_payload(p, f)?),
        Val::Result(Ok(p)) => Val::Result(Ok(map_payload(p, f)?)),
        Val::Result(Err(p)) => Val::Result(Err(map_payload(p, f)?)),
        other => other,
    })
}

fn map_all(vs: Vec<Val>, f: &mut Rewrite<'_>) -> Result<Vec<Val>> {
    vs.into_iter().map(|v| map_resources(v, f)).collect()
}

fn map_payload(p: Option<Box<Val>>, f: &mut Rewrite<'_>) -> Result<Option<Box<Val>>> {
    p.map(|v| map_resources(*v, f).map(Box::new)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_resources_leaves_plain_values_alone() {
        let v = Val::Record(vec![(
            "a".into(),
            Val::Option(Some(Box::new(Val::List(vec![Val::U8(1)])))),
        )]);
        let mut calls = 0;
        let out = map_resources(v.clone(), &mut |r| {
            calls += 1;
            Ok(r)
        })
        .unwrap();
        assert_eq!((out, calls), (v, 0));
    }
}
