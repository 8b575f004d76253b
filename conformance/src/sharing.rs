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
//! A call from one member into another while the first is suspended synchronises
//! through the suspended caller's state ([`SharedState`] of the guest), both ways.
//! Function references in shared tables and globals are words of one instance; a
//! copy translates each through [`Funcs`] (see [`crate::funcrefs`]), so another
//! instance's function stays that function. What cannot be copied is refused, never
//! approximated: state held by an instance suspended further up a call chain cannot
//! be read, and an instance with every foreign slot taken cannot take another
//! function. Both are reported as errors naming the reason.
//!
//! An instance whose instantiation trapped is linked like any other: it holds the
//! writes its segments made to the items it imported, and its functions those writes
//! refer to stay callable.

use crate::funcrefs::Funcs;
use rivet_format::package::{ExportKind, ImportKind, Package, RefKind};
use rivet_runtime::instance::{BindError, Instance, SharedState};
use std::cell::RefCell;
use std::rc::Rc;

/// Why shared state could not be copied between instances (the call that needed it
/// fails with this reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SharingError {
    /// The importer reserved less memory than the exporter's memory now has.
    #[error("shared memory of {0} pages does not fit the importer's reservation")]
    MemoryTooLarge(u32),
    /// The exporter no longer has the table.
    #[error("shared table is missing")]
    TableMissing,
    /// The importer's table cannot take the exporter's contents.
    #[error("shared table does not fit the importer's table")]
    TableTooLarge,
    /// The exporter no longer has the global.
    #[error("shared global is missing")]
    GlobalMissing,
    /// A funcref word (or handle) that names no function.
    #[error("function reference {0} names no function")]
    UnknownFuncRef(u32),
    /// The destination cannot take another instance's function.
    #[error(transparent)]
    Bind(#[from] BindError),
    /// A function reference crosses from an instance the runner has no handle for
    /// (one still instantiating).
    #[error("a function reference crosses from an instance that is still instantiating")]
    NoCaller,
    /// The importer's global has another type.
    #[error("shared global has another type")]
    GlobalType,
    /// A memory shared with a table (or the like): a linking bug.
    #[error("shared item kinds differ")]
    KindsDiffer,
    /// The instance to update is running.
    #[error("a shared item's instance is already running")]
    Running,
    /// The holder of the current state is suspended further up the call chain.
    #[error("a shared item is held by an instance suspended further up the call chain")]
    HeldUpstream,
    /// The holder of the current state has not returned yet.
    #[error("a shared item's holder is still running")]
    HolderRunning,
}

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

/// Every shared item of a script, and the function references between instances.
#[derive(Default)]
pub struct Shared {
    groups: Vec<Group>,
    /// Handles of functions whose references crossed instances.
    pub funcs: Funcs,
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

/// Copies `item` of `src` into `dst_item` of `dst`, translating function references.
fn copy(
    funcs: &mut Funcs,
    src: (&Rc<RefCell<Instance>>, &dyn SharedState),
    item: Item,
    dst: (&Rc<RefCell<Instance>>, &mut dyn SharedState),
    dst_item: Item,
) -> Result<(), SharingError> {
    let (dst_instance, dst) = dst;
    match (item, dst_item) {
        (Item::Memory, Item::Memory) => {
            let m = src.1.memory_state();
            if dst.set_memory(m.pages, &m.bytes) {
                Ok(())
            } else {
                Err(SharingError::MemoryTooLarge(m.pages))
            }
        }
        (Item::Table(s), Item::Table(d)) => {
            let t = src.1.table_at(s).ok_or(SharingError::TableMissing)?;
            let entries = if t.ty == RefKind::Func {
                t.entries
                    .iter()
                    .map(|w| funcs.translate(src, (dst_instance, &mut *dst), *w))
                    .collect::<Result<Vec<u32>, _>>()?
            } else {
                t.entries
            };
            if dst.set_table(d, t.size, &entries) {
                Ok(())
            } else {
                Err(SharingError::TableTooLarge)
            }
        }
        (Item::Global(s), Item::Global(d)) => {
            let v = src.1.global_at(s).ok_or(SharingError::GlobalMissing)?;
            let v = funcs.translate_values(src, (dst_instance, &mut *dst), &[v])?[0];
            if dst.set_global_at(d, v) {
                Ok(())
            } else {
                Err(SharingError::GlobalType)
            }
        }
        _ => Err(SharingError::KindsDiffer),
    }
}

/// The instance suspended in an import call, with access to its state.
pub struct Caller<'a> {
    /// The suspended instance (mutably borrowed while it runs).
    pub instance: &'a Rc<RefCell<Instance>>,
    /// Its memory, tables and globals.
    pub state: &'a mut dyn SharedState,
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
    /// own segments, possibly trapping after them) shares every memory, table and
    /// mutable global it imported from `exporter_of(module)`; the importer now holds
    /// their current state. Its function imports resolve to the exporters' functions
    /// (canonical handles, see [`Funcs`]).
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
        self.funcs.link_imports(importer, pkg, |module, name| {
            let exporter = exporter_of(module)?;
            let index = match exporter.try_borrow().ok()?.export_kind(name)? {
                ExportKind::Func(index) => index,
                _ => return None,
            };
            Some((exporter, index))
        });
    }

    /// Brings every shared item of `instance` up to date before it runs, and makes
    /// it their holder. `caller` is the instance suspended in an import call, if any.
    pub fn enter(
        &mut self,
        instance: &Rc<RefCell<Instance>>,
        mut caller: Option<&mut Caller<'_>>,
    ) -> Result<(), SharingError> {
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
                .map_err(|_| SharingError::Running)?;
            let funcs = &mut self.funcs;
            match caller.as_deref_mut() {
                Some(c) if Rc::ptr_eq(c.instance, &src.instance) => copy(
                    funcs,
                    (c.instance, &*c.state),
                    src.item,
                    (instance, &mut *dst),
                    dst_item,
                )?,
                _ => {
                    let held = src
                        .instance
                        .try_borrow()
                        .map_err(|_| SharingError::HeldUpstream)?;
                    copy(
                        funcs,
                        (&src.instance, &*held),
                        src.item,
                        (instance, &mut *dst),
                        dst_item,
                    )?
                }
            }
            group.latest = k;
        }
        Ok(())
    }

    /// After a call returned to the suspended `caller`: copies back every shared
    /// item of the caller that another instance now holds.
    pub fn leave(&mut self, caller: &mut Caller<'_>) -> Result<(), SharingError> {
        for group in &mut self.groups {
            let Some(c) = group
                .members
                .iter()
                .position(|m| Rc::ptr_eq(&m.instance, caller.instance))
            else {
                continue;
            };
            if c == group.latest {
                continue;
            }
            let holder = &group.members[group.latest];
            let held = holder
                .instance
                .try_borrow()
                .map_err(|_| SharingError::HolderRunning)?;
            copy(
                &mut self.funcs,
                (&holder.instance, &*held),
                holder.item,
                (caller.instance, &mut *caller.state),
                group.members[c].item,
            )?;
            group.latest = c;
        }
        Ok(())
    }
}
