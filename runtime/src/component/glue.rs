//! What lifting and lowering work against inside a call tree: guest memories with
//! their `cabi_realloc` ([`IdleMemory`] for a context that is not running,
//! [`SuspendedMemory`] for a caller stopped inside an import) and a context's handle
//! table as the canonical ABI's [`ResourceHooks`] ([`TableHooks`]).
//!
//! Both memories run `cabi_realloc` on the call tree's shared gas: the budget is moved
//! into the machine before the call and read back after it.

use super::table::{Entry, HandleTable, Home, Resource, ResourceKey};
use crate::cabi::{CabiError, CabiMemory, ResourceHandle, ResourceHooks, ResourceType};
use crate::instance::{CallError, CoreValue, GuestAccess, Instance, NoImports};
use std::collections::HashMap;
use std::sync::Arc;
use wit_parser::TypeId;

const REALLOC: &str = "cabi_realloc";

fn realloc_args(old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> [CoreValue; 4] {
    [old_ptr, old_size, align, new_size].map(|x| CoreValue::I32(x as i32))
}

fn realloc_result(r: Result<Vec<CoreValue>, CallError>) -> Result<u32, CabiError> {
    match r {
        Ok(v) => match v.as_slice() {
            [CoreValue::I32(p)] => Ok(*p as u32),
            _ => Err(CabiError::Realloc(
                "cabi_realloc has the wrong signature".into(),
            )),
        },
        Err(e) => Err(CabiError::Realloc(e.to_string())),
    }
}

/// The memory of a context that is not running.
pub(crate) struct IdleMemory<'a> {
    pub instance: &'a mut Instance,
    pub gas: &'a mut u64,
}

impl CabiMemory for IdleMemory<'_> {
    fn bytes(&self) -> &[u8] {
        self.instance.memory()
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        self.instance.memory_mut()
    }
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError> {
        self.instance.set_gas(*self.gas);
        let r = self.instance.invoke(
            REALLOC,
            &realloc_args(old_ptr, old_size, align, new_size),
            &mut NoImports,
        );
        *self.gas = self.instance.gas_left();
        realloc_result(r)
    }
}

/// The memory of a caller suspended inside an import.
pub(crate) struct SuspendedMemory<'a> {
    pub guest: &'a mut dyn GuestAccess,
    pub gas: &'a mut u64,
}

impl CabiMemory for SuspendedMemory<'_> {
    fn bytes(&self) -> &[u8] {
        self.guest.memory()
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        self.guest.memory_mut()
    }
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError> {
        self.guest.set_gas(*self.gas);
        let r = self
            .guest
            .call(REALLOC, &realloc_args(old_ptr, old_size, align, new_size));
        *self.gas = self.guest.gas();
        realloc_result(r)
    }
}

/// A context's handle table as the canonical ABI sees it.
pub(crate) struct TableHooks<'a> {
    /// The context whose table this is.
    pub ctx: usize,
    pub table: &'a mut HandleTable,
    pub resources: &'a mut Vec<Resource>,
    /// Resource identities of the context's component.
    pub keys: &'a HashMap<TypeId, Arc<ResourceKey>>,
    /// The call that borrows lowered now belong to.
    pub scope: u64,
    /// Own entries lent by lifting a borrow: (context, index).
    pub lenders: &'a mut Vec<(usize, u32)>,
}

fn err(ty: &ResourceType, reason: impl Into<String>) -> CabiError {
    CabiError::Resource {
        resource: ty.name.clone(),
        reason: reason.into(),
    }
}

impl TableHooks<'_> {
    fn key(&self, ty: &ResourceType) -> Result<&Arc<ResourceKey>, CabiError> {
        ty.wit_id
            .and_then(|id| self.keys.get(&id))
            .ok_or_else(|| err(ty, "resource type unknown to this component"))
    }

    /// The live resource `h`, checked to be of type `ty`.
    fn live(&self, ty: &ResourceType, h: ResourceHandle) -> Result<&Resource, CabiError> {
        let key = self.key(ty)?;
        let r = self
            .resources
            .get(h.0 as usize)
            .filter(|r| r.alive)
            .ok_or_else(|| err(ty, format!("unknown resource {}", h.0)))?;
        if r.key != *key {
            return Err(err(ty, format!("handle is a {}, not a {key}", r.key)));
        }
        Ok(r)
    }

    fn entry(&self, ty: &ResourceType, i: u32) -> Result<Entry, CabiError> {
        let e = self.table.get(i).map_err(|m| err(ty, m))?;
        self.live(ty, e.res())?;
        Ok(e)
    }
}

impl ResourceHooks for TableHooks<'_> {
    fn lower_own(&mut self, ty: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.live(ty, h)?;
        self.table
            .insert(Entry::Own { res: h, lends: 0 })
            .map_err(|m| err(ty, m))
    }

    fn lower_borrow(&mut self, ty: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        let r = self.live(ty, h)?;
        if r.home == Home::Context(self.ctx) {
            // The defining component receives the representation itself.
            return Ok(r.rep);
        }
        self.table
            .insert(Entry::Borrow {
                res: h,
                scope: self.scope,
            })
            .map_err(|m| err(ty, m))
    }

    fn lift_own(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        match self.entry(ty, i)? {
            Entry::Own { lends: 0, res } => {
                self.table.remove(i).map_err(|m| err(ty, m))?;
                Ok(res)
            }
            Entry::Own { lends, .. } => Err(err(
                ty,
                format!("own handle {i} cannot move while lent ({lends} borrows)"),
            )),
            Entry::Borrow { .. } => Err(err(ty, format!("handle {i} is a borrow, not an own"))),
        }
    }

    fn lift_borrow(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        let e = self.entry(ty, i)?;
        if let Ok(Entry::Own { lends, .. }) = self.table.get_mut(i) {
            *lends += 1;
            self.lenders.push((self.ctx, i));
        }
        Ok(e.res())
    }
}
