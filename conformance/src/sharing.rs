//! Wasm-level sharing between instances of one script, modelled faithfully.
//!
//! Rivet gives every instance its own data memory, so a memory, table or mutable
//! global that one instance exports and another imports exists once per instance.
//! A [`Group`] ties those copies together: exactly one member (the last one that
//! ran, or was instantiated over the item) holds the current state, and before any
//! other member runs the state is copied into it. Control enters an instance only
//! through the runner (invoke, global read) or through an import call, and both go
//! through [`Shared::enter`], so every instance always sees the state every other
//! one left behind.
//!
//! What cannot be copied is refused, never approximated: a non-null funcref names a
//! function of one instance, so a shared table holding one cannot be copied into
//! another instance; and a call from one member into another member *while the first
//! is suspended* can only synchronise memory (through the caller's memory slice),
//! not tables or globals. Both cases are reported as errors naming the reason.

use rivet_format::package::{ExportKind, ImportKind, Package, RefKind};
use rivet_runtime::instance::{CoreValue, Instance};
use std::cell::RefCell;
use std::rc::Rc;

/// A shared item inside one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The linear memory.
    Memory,
    /// Table `index` of the instance.
    Table(u32),
    /// Global `index` of the instance.
    Global(u32),
}

/// One instance's copy of a shared item.
struct Member {
    instance: Rc<RefCell<Instance>>,
    item: Item,
}

/// The copies of one shared item; `latest` holds the current state.
struct Group {
    members: Vec<Member>,
    latest: usize,
}

/// Every shared item of a script.
#[derive(Default)]
pub struct Shared {
    groups: Vec<Group>,
}

/// The item export `name` of `instance` names, if it can be shared.
pub fn export_item(instance: &Instance, name: &str) -> Option<Item> {
    match instance.export_kind(name)? {
        ExportKind::Memory => Some(Item::Memory),
        ExportKind::Table(t) => Some(Item::Table(t)),
        ExportKind::Global(g) => Some(Item::Global(g)),
        ExportKind::Func(_) => None,
    }
}

/// Copies `item` of `src` into `dst_item` of `dst`.
fn copy(src: &Instance, item: Item, dst: &mut Instance, dst_item: Item) -> Result<(), String> {
    match (item, dst_item) {
        (Item::Memory, Item::Memory) => {
            let m = src.memory_state();
            if dst.set_memory(m.pages, &m.bytes) {
                Ok(())
            } else {
                Err(format!(
                    "shared memory of {} pages does not fit the importer's reservation",
                    m.pages
                ))
            }
        }
        (Item::Table(s), Item::Table(d)) => {
            let t = src.table_at(s).ok_or("shared table is missing")?;
            if t.ty == RefKind::Func && t.entries.iter().any(|w| *w != 0) {
                return Err("a shared table holds function references of another instance \
                     (Rivet cannot call them across instances)"
                    .into());
            }
            if dst.set_table(d, t.size, &t.entries) {
                Ok(())
            } else {
                Err("shared table does not fit the importer's table".into())
            }
        }
        (Item::Global(s), Item::Global(d)) => {
            let v = src.global_at(s).ok_or("shared global is missing")?;
            if matches!(v, CoreValue::FuncRef(Some(_))) {
                return Err("a shared global holds a function reference of another instance".into());
            }
            if dst.set_global_at(d, v) {
                Ok(())
            } else {
                Err("shared global has another type".into())
            }
        }
        _ => Err("shared item kinds differ".into()),
    }
}

impl Shared {
    fn group_of(&self, instance: &Rc<RefCell<Instance>>, item: Item) -> Option<usize> {
        self.groups.iter().position(|g| {
            g.members
                .iter()
                .any(|m| Rc::ptr_eq(&m.instance, instance) && m.item == item)
        })
    }

    /// The current state holder of `instance`'s `item` and its item there.
    pub fn latest(
        &self,
        instance: &Rc<RefCell<Instance>>,
        item: Item,
    ) -> (Rc<RefCell<Instance>>, Item) {
        match self.group_of(instance, item) {
            Some(g) => {
                let m = &self.groups[g].members[self.groups[g].latest];
                (m.instance.clone(), m.item)
            }
            None => (instance.clone(), item),
        }
    }

    /// Records that `importer` (just instantiated from the current state, then its
    /// own segments) shares every memory, table and mutable global it imported from
    /// `exporter_of(module)`; the importer now holds their current state.
    pub fn link(
        &mut self,
        importer: &Rc<RefCell<Instance>>,
        pkg: &Package,
        mut exporter_of: impl FnMut(&str) -> Option<Rc<RefCell<Instance>>>,
    ) {
        for imp in &pkg.imports {
            let mine = match imp.kind {
                ImportKind::Memory(_) => Item::Memory,
                ImportKind::Table(t) => Item::Table(t),
                ImportKind::Global { index, mutable, .. } if mutable => Item::Global(index),
                _ => continue,
            };
            let Some(exporter) = exporter_of(&imp.module) else {
                continue;
            };
            let Some(theirs) = exporter
                .try_borrow()
                .ok()
                .and_then(|e| export_item(&e, &imp.name))
            else {
                continue;
            };
            let g = match self.group_of(&exporter, theirs) {
                Some(g) => g,
                None => {
                    self.groups.push(Group {
                        members: vec![Member {
                            instance: exporter.clone(),
                            item: theirs,
                        }],
                        latest: 0,
                    });
                    self.groups.len() - 1
                }
            };
            let group = &mut self.groups[g];
            group.members.push(Member {
                instance: importer.clone(),
                item: mine,
            });
            group.latest = group.members.len() - 1;
        }
    }

    /// Brings every shared item of `instance` up to date before it runs, and makes
    /// it their holder. `caller` is the instance suspended in an import call, if
    /// any: its memory is `caller_memory`; sharing a table or global with it cannot
    /// be synchronised mid-call and is an error.
    pub fn enter(
        &mut self,
        instance: &Rc<RefCell<Instance>>,
        caller: Option<&Rc<RefCell<Instance>>>,
        caller_memory: Option<&[u8]>,
    ) -> Result<(), String> {
        for group in &mut self.groups {
            let Some(k) = group
                .members
                .iter()
                .position(|m| Rc::ptr_eq(&m.instance, instance))
            else {
                continue;
            };
            if k == group.latest {
                continue;
            }
            let src = &group.members[group.latest];
            let dst_item = group.members[k].item;
            let mut dst = instance
                .try_borrow_mut()
                .map_err(|_| "a shared item's instance is already running".to_string())?;
            if caller.is_some_and(|c| Rc::ptr_eq(c, &src.instance)) {
                let (Item::Memory, Some(bytes)) = (src.item, caller_memory) else {
                    return Err("a table or global shared with the calling instance cannot be \
                         synchronised during its import call"
                        .into());
                };
                let pages = (bytes.len() / 65536) as u32;
                if !dst.set_memory(pages, bytes) {
                    return Err("shared memory does not fit the callee's reservation".into());
                }
            } else {
                let src_inst = src
                    .instance
                    .try_borrow()
                    .map_err(|_| "a shared item's holder is running".to_string())?;
                copy(&src_inst, src.item, &mut dst, dst_item)?;
            }
            group.latest = k;
        }
        Ok(())
    }

    /// After `callee` returned to the suspended `caller`: copies shared memory back
    /// into the caller's memory slice and makes the caller the holder again.
    pub fn leave(
        &mut self,
        callee: &Rc<RefCell<Instance>>,
        caller: &Rc<RefCell<Instance>>,
        caller_memory: &mut [u8],
    ) -> Result<(), String> {
        for group in &mut self.groups {
            let Some(c) = group
                .members
                .iter()
                .position(|m| Rc::ptr_eq(&m.instance, caller))
            else {
                continue;
            };
            if c == group.latest {
                continue;
            }
            let holder = &group.members[group.latest];
            if !Rc::ptr_eq(&holder.instance, callee) || holder.item != Item::Memory {
                return Err("shared state changed during an import call cannot be handed \
                     back to the suspended caller"
                    .into());
            }
            let src = holder
                .instance
                .try_borrow()
                .map_err(|_| "the callee is still running".to_string())?;
            let bytes = src.memory();
            if bytes.len() != caller_memory.len() {
                return Err("a shared memory grew during an import call; the suspended \
                     caller's size cannot be updated"
                    .into());
            }
            caller_memory.copy_from_slice(bytes);
            group.latest = c;
        }
        Ok(())
    }
}
