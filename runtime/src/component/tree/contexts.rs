//! The contexts of one call tree: an arena of instances with their handle tables.
//!
//! A context is created for a call (from its component's pool, see `pool`), runs it,
//! and is released when it is neither running nor the home of a live resource; its
//! instance then goes back to the pool, reset. Whatever is still alive when the tree
//! ends (homes of leaked resources, contexts of a trapped call) is released then.
//! While a context runs, its instance is checked out ([`Contexts::checkout`]), so a
//! re-entrant call into a running context is detected instead of aliasing it.

use super::super::linked::Linked;
use super::super::table::{Entry, HandleTable};
use super::super::{CallTrap, Caller};
use crate::instance::Instance;

/// One instance of a component with its handle table.
pub(super) struct Context<'a> {
    /// The component, borrowed from the app the tree runs in (no reference count
    /// per context: `Copy`, and free to take out while the tree is borrowed).
    pub comp: &'a Linked,
    /// Taken out while the context runs (boxed: an instance is large, and moves
    /// between the pool, the context and the running call).
    pub instance: Option<Box<Instance>>,
    /// Its handle table.
    pub table: HandleTable,
    /// Live resources whose representation lives in this context.
    pub live: u32,
    /// Whether a call is running in it.
    pub running: bool,
    /// Who created the context.
    pub caller: Caller,
}

/// The arena of a tree's contexts, by index (indices are never reused).
///
/// Most trees have one or two contexts: the first [`INLINE`] live inline, so a short
/// call allocates nothing for its arena; later ones go to `more` (index `INLINE + k`
/// is `more[k]`).
#[derive(Default)]
pub(super) struct Contexts<'a> {
    inline: [Option<Context<'a>>; INLINE],
    /// How many contexts were opened (the next index).
    opened: usize,
    more: Vec<Option<Context<'a>>>,
}

/// Contexts held inline by [`Contexts`].
const INLINE: usize = 2;

fn gone() -> CallTrap {
    CallTrap::Internal("context gone")
}

impl<'a> Contexts<'a> {
    /// The slot of context `i` (`None` past the opened ones).
    fn slot(&self, i: usize) -> Option<&Option<Context<'a>>> {
        match i.checked_sub(INLINE) {
            None => self.inline.get(i),
            Some(k) => self.more.get(k),
        }
    }

    /// The slot of context `i`, mutably.
    fn slot_mut(&mut self, i: usize) -> Option<&mut Option<Context<'a>>> {
        match i.checked_sub(INLINE) {
            None => self.inline.get_mut(i),
            Some(k) => self.more.get_mut(k),
        }
    }

    /// Context `i`.
    pub fn get(&self, i: usize) -> Result<&Context<'a>, CallTrap> {
        self.slot(i).and_then(Option::as_ref).ok_or_else(gone)
    }

    /// Context `i`, mutably.
    pub fn get_mut(&mut self, i: usize) -> Result<&mut Context<'a>, CallTrap> {
        self.slot_mut(i).and_then(Option::as_mut).ok_or_else(gone)
    }

    /// A new context of `comp` made by `caller`, running, with no instance yet.
    pub fn open(&mut self, comp: &'a Linked, caller: Caller) -> usize {
        let c = Some(Context {
            comp,
            instance: None,
            table: HandleTable::default(),
            live: 0,
            running: true,
            caller,
        });
        let i = self.opened;
        match self.inline.get_mut(i) {
            Some(slot) => *slot = c,
            None => self.more.push(c),
        }
        self.opened += 1;
        i
    }

    /// Gives context `i` its instance; it is ready to run.
    pub fn install(&mut self, i: usize, inst: Box<Instance>) -> Result<(), CallTrap> {
        let c = self.get_mut(i)?;
        c.instance = Some(inst);
        c.running = false;
        Ok(())
    }

    /// Forgets a context whose instance could not be made.
    pub fn discard(&mut self, i: usize) {
        if let Some(slot) = self.slot_mut(i) {
            *slot = None;
        }
    }

    /// Takes context `i`'s instance out to run it; `None` when it is already running.
    pub fn checkout(&mut self, i: usize) -> Result<Option<Box<Instance>>, CallTrap> {
        let c = self.get_mut(i)?;
        let inst = c.instance.take();
        if inst.is_some() {
            c.running = true;
        }
        Ok(inst)
    }

    /// Puts a checked-out instance back (the run ended, however it ended).
    pub fn checkin(&mut self, i: usize, inst: Box<Instance>) {
        if let Ok(c) = self.get_mut(i) {
            c.instance = Some(inst);
            c.running = false;
        }
    }

    /// Who created context `i` ([`Caller::Host`] when it is gone).
    pub fn caller_of(&self, i: usize) -> Caller {
        self.get(i).map_or(Caller::Host, |c| c.caller)
    }

    /// Frees context `i` when it is not running and holds no live resource (its
    /// instance goes back to its component's pool).
    pub fn release_if_idle(&mut self, i: usize) {
        let Some(slot) = self.slot_mut(i) else {
            return;
        };
        if slot.as_ref().is_some_and(|c| !c.running && c.live == 0) {
            if let Some(Context {
                comp,
                instance: Some(inst),
                ..
            }) = slot.take()
            {
                comp.pool.give(inst);
            }
        }
    }

    /// Ends the loans of own handles that lifting borrows made (`(context, index)`).
    pub fn return_lends(&mut self, lenders: &[(usize, u32)]) {
        for &(c, i) in lenders {
            if let Ok(ctx) = self.get_mut(c) {
                if let Ok(Entry::Own { lends, .. }) = ctx.table.get_mut(i) {
                    *lends = lends.saturating_sub(1);
                }
            }
        }
    }
}

impl Drop for Contexts<'_> {
    /// Contexts still alive when the tree ends (homes of resources the tree leaked,
    /// or contexts of a call that trapped) go back to their pools, reset.
    fn drop(&mut self) {
        let inline = self.inline.iter_mut();
        for slot in inline.chain(self.more.iter_mut()) {
            if let Some(Context {
                comp,
                instance: Some(inst),
                ..
            }) = slot.take()
            {
                comp.pool.give(inst);
            }
        }
    }
}
