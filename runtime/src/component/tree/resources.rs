//! The resources of one call tree: every resource ever created in it, by call-tree
//! handle number, with its home (the context holding its representation, or the host).
//!
//! Handle tables (per context, `table`) map a guest's indices to these numbers; the
//! rules of own/borrow handles are applied there and in `glue`. What lives here is the
//! tree-wide part: creation, liveness, the type check of an entry, and where a call
//! that receives resources must run (their home context).

use super::super::linked::Linked;
use super::super::table::{Entry, HandleError, Home, Resource, ResourceKey};
use super::contexts::Contexts;
use crate::cabi::{ResourceHandle, Type, Val};
use std::sync::Arc;

/// All resources of a tree.
#[derive(Default)]
pub(super) struct Resources {
    /// By handle number (never reused within a tree).
    pub list: Vec<Resource>,
}

/// Arguments of one call are resources of two different contexts of the callee.
pub(super) struct TwoHomes;

impl Resources {
    /// A new live resource of type `key` with representation `rep`.
    pub fn create(&mut self, key: Arc<ResourceKey>, rep: u32, home: Home) -> ResourceHandle {
        let h = ResourceHandle(self.list.len() as u32);
        self.list.push(Resource {
            key,
            rep,
            home,
            alive: true,
        });
        h
    }

    /// Ends resource `h`; returns it as it was, `None` when there is no such resource.
    pub fn kill(&mut self, h: ResourceHandle) -> Option<Resource> {
        let r = self.list.get_mut(h.0 as usize)?;
        r.alive = false;
        Some(r.clone())
    }

    /// Entry `i` of context `ctx`'s table, checked to be a live resource of type `key`.
    pub fn entry(
        &self,
        contexts: &Contexts,
        ctx: usize,
        i: u32,
        key: &Arc<ResourceKey>,
    ) -> Result<(Entry, Resource), HandleError> {
        let e = contexts
            .get(ctx)
            .map_err(|_| HandleError::Unknown(i))?
            .table
            .get(i)?;
        let r = self
            .list
            .get(e.res().0 as usize)
            .filter(|r| r.alive)
            .ok_or(HandleError::Dropped(i))?;
        if r.key != *key {
            return Err(HandleError::WrongType {
                handle: i,
                found: r.key.to_string(),
                expected: key.to_string(),
            });
        }
        Ok((e, r.clone()))
    }

    /// The context of `comp` that is home to one of the resources in `vals`, if any:
    /// a call receiving them must run there.
    pub fn home_among(
        &self,
        contexts: &Contexts,
        comp: &Linked,
        vals: &[Val],
    ) -> Result<Option<usize>, TwoHomes> {
        let mut hs = Vec::new();
        vals.iter().for_each(|v| handles(v, &mut hs));
        let mut home = None;
        for h in hs {
            let Some(Resource {
                home: Home::Context(c),
                alive: true,
                ..
            }) = self.list.get(h.0 as usize)
            else {
                continue;
            };
            let ours = contexts.get(*c).is_ok_and(|x| x.comp.hash == comp.hash);
            match home {
                _ if !ours => {}
                None => home = Some(*c),
                Some(prev) if prev == *c => {}
                Some(_) => return Err(TwoHomes),
            }
        }
        Ok(home)
    }
}

/// Whether values of `ty` can carry resource handles.
pub(crate) fn has_handles(ty: &Type) -> bool {
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
