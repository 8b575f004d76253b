//! What lifting and lowering work against inside a call tree: a guest's memory with
//! its `cabi_realloc` ([`GuestMemory`], over a context that is not running or a caller
//! stopped inside an import) and a context's handle table as the canonical ABI's
//! [`ResourceHooks`] ([`TableHooks`]).
//!
//! `cabi_realloc` runs on the call tree's shared gas: the budget is moved into the
//! machine before the call and read back after it. Lowering writes through
//! [`CabiMemory::range_mut`], so a reused context only has the pages it wrote to
//! restore.

use super::table::{Entry, HandleTable, Home, Resource, ResourceKey};
use super::tree::Meter;
use crate::cabi::{CabiError, CabiMemory, ResourceHandle, ResourceHooks, ResourceType};
use crate::instance::{CallError, CoreValue, GuestAccess};
use std::sync::Arc;

const REALLOC: &str = "cabi_realloc";

fn realloc_args(old_ptr: u32, old_size: u32, align: u32, new_size: u32) -> [CoreValue; 4] {
    [old_ptr, old_size, align, new_size].map(|x| CoreValue::I32(x as i32))
}

fn realloc_result(r: Result<Option<CoreValue>, CallError>) -> Result<u32, CabiError> {
    match r {
        Ok(Some(CoreValue::I32(p))) => Ok(p as u32),
        Ok(_) => Err(CabiError::Realloc(
            "cabi_realloc has the wrong signature".into(),
        )),
        Err(e) => Err(CabiError::Realloc(e.to_string())),
    }
}

/// A guest's linear memory with its `cabi_realloc`: a context that is not running
/// (an [`Instance`](crate::instance::Instance)) or a caller suspended inside an import;
/// both are [`GuestAccess`], whose `call` runs the allocator on the right machine.
pub(crate) struct GuestMemory<'a> {
    pub guest: &'a mut dyn GuestAccess,
    pub gas: &'a mut Meter,
}

impl CabiMemory for GuestMemory<'_> {
    fn bytes(&self) -> &[u8] {
        self.guest.memory()
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        self.guest.memory_mut()
    }
    fn range_mut(&mut self, ptr: u64, len: u64) -> Result<&mut [u8], CabiError> {
        let size = self.guest.memory().len();
        let fits = ptr.saturating_add(len) <= size as u64;
        match self.guest.memory_range_mut(ptr as u32, len as u32) {
            Some(b) if fits => Ok(b),
            _ => Err(CabiError::OutOfBounds {
                ptr,
                len,
                memory_size: size as u64,
            }),
        }
    }
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError> {
        let args = realloc_args(old_ptr, old_size, align, new_size);
        let r = self.gas.run(self.guest, |g| g.call_one(REALLOC, &args));
        realloc_result(r)
    }
}

/// A context's handle table as the canonical ABI sees it.
pub(crate) struct TableHooks<'a> {
    /// The context whose table this is.
    pub ctx: usize,
    pub table: &'a mut HandleTable,
    pub resources: &'a mut Vec<Resource>,
    /// Resource identities of the context's component, by resource-table index.
    pub keys: &'a [Arc<ResourceKey>],
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
        ty.index
            .and_then(|i| self.keys.get(i as usize))
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
        let e = self.table.get(i).map_err(|m| err(ty, m.to_string()))?;
        self.live(ty, e.res())?;
        Ok(e)
    }
}

impl ResourceHooks for TableHooks<'_> {
    fn lower_own(&mut self, ty: &ResourceType, h: ResourceHandle) -> Result<u32, CabiError> {
        self.live(ty, h)?;
        self.table
            .insert(Entry::Own { res: h, lends: 0 })
            .map_err(|m| err(ty, m.to_string()))
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
            .map_err(|m| err(ty, m.to_string()))
    }

    fn lift_own(&mut self, ty: &ResourceType, i: u32) -> Result<ResourceHandle, CabiError> {
        match self.entry(ty, i)? {
            Entry::Own { lends: 0, res } => {
                self.table.remove(i).map_err(|m| err(ty, m.to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::table::Owner;
    use rivet_format::CodeHash;

    /// Two resource types `a` and `b` from a tiny WIT package, with their keys.
    fn setup() -> (ResourceType, ResourceType, Vec<Arc<ResourceKey>>) {
        let mut keys = Vec::new();
        let mut tys = Vec::new();
        for (i, name) in ["a", "b"].into_iter().enumerate() {
            keys.push(Arc::new(ResourceKey {
                owner: Owner::Component(CodeHash::of(b"t")),
                interface: "t:t/i".into(),
                name: name.into(),
            }));
            tys.push(ResourceType {
                name: name.into(),
                wit_id: None,
                index: Some(i as u32),
            });
        }
        let b = tys.pop().unwrap();
        (tys.pop().unwrap(), b, keys)
    }

    #[test]
    fn handle_rules() {
        let (a, b, keys) = setup();
        let mut table = HandleTable::default();
        let mut resources = vec![Resource {
            key: keys[a.index.unwrap() as usize].clone(),
            rep: 0x100,
            home: Home::Context(7),
            alive: true,
        }];
        let mut lenders = Vec::new();
        let mut hooks = TableHooks {
            ctx: 0,
            table: &mut table,
            resources: &mut resources,
            keys: &keys,
            scope: 5,
            lenders: &mut lenders,
        };
        let h = ResourceHandle(0);
        let own = hooks.lower_own(&a, h).unwrap();
        assert_eq!(own, 1, "index 0 is reserved");
        // Wrong type, unknown index, unknown resource.
        assert!(hooks.lift_borrow(&b, own).is_err());
        assert!(hooks.lift_own(&a, 0).is_err());
        assert!(hooks.lift_own(&a, 9).is_err());
        assert!(hooks.lower_own(&a, ResourceHandle(3)).is_err());
        // Lending blocks moving the own handle out.
        assert_eq!(hooks.lift_borrow(&a, own).unwrap(), h);
        let e = hooks.lift_own(&a, own).unwrap_err();
        assert!(e.to_string().contains("lent"), "{e}");
        // A borrow lowered into a non-home context is an entry of this call's scope.
        let borrowed = hooks.lower_borrow(&a, h).unwrap();
        assert!(
            hooks.lift_own(&a, borrowed).is_err(),
            "a borrow cannot be moved"
        );
        assert_eq!(hooks.table.borrows_in(5), 1);
        assert_eq!(hooks.table.borrows_in(6), 0);
        // The home context gets the representation itself.
        hooks.ctx = 7;
        assert_eq!(hooks.lower_borrow(&a, h).unwrap(), 0x100);
        assert_eq!(lenders, vec![(0, 1)]);
        // Once returned, the own handle moves out and its index is reused.
        if let Ok(Entry::Own { lends, .. }) = table.get_mut(own) {
            *lends = 0;
        }
        table.remove(borrowed).unwrap();
        let mut lenders = Vec::new();
        let mut hooks = TableHooks {
            ctx: 0,
            table: &mut table,
            resources: &mut resources,
            keys: &keys,
            scope: 5,
            lenders: &mut lenders,
        };
        assert_eq!(hooks.lift_own(&a, own).unwrap(), h);
        assert!(hooks.lift_own(&a, own).is_err(), "moved out");
        assert_eq!(hooks.lower_own(&a, h).unwrap(), own, "freed index reused");
        // Dead resources are unknown.
        resources[0].alive = false;
        let mut hooks = TableHooks {
            ctx: 0,
            table: &mut table,
            resources: &mut resources,
            keys: &keys,
            scope: 5,
            lenders: &mut lenders,
        };
        assert!(hooks.lift_borrow(&a, own).is_err());
    }
}
