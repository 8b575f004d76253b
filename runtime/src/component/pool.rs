//! Reused context instances: a fresh context without building a fresh memory.
//!
//! Instantiating a package zeroes its whole data memory (linear-memory cap, globals,
//! table, stack) and copies its data segments in; for a short call that dominates. A
//! [`ContextPool`] keeps, per prepared component, an *image* (an instance right after
//! instantiation) and a few spare instances. A context takes a spare, and when the
//! context dies its instance is reset to the image and put back: the engine's memory
//! tracks which 1 KiB pages were written, so the reset copies back only those (plus the
//! spill bytes of a store that crossed into the next page), then restores registers
//! (including the linear-memory size) and the dropped-segment flags. The result is
//! byte-for-byte the state a new instantiation produces, which the tests check against
//! a real fresh instance after calls that write all over memory.
//!
//! Only packages whose instantiation is a pure function of the package and the
//! component's wiring are pooled: no start function (it could call imports or burn
//! gas), and instantiation must succeed. Anything else keeps taking the fresh path,
//! which reports its own errors exactly as before. Gas is unaffected: without a start
//! function instantiation charges nothing, and a context is charged
//! [`CONTEXT_GAS`](super::CONTEXT_GAS) plus its data-segment copy either way.

use super::linked::Linked;
use crate::instance::{Imports, Instance};
use rivet_engine::ZeroPages;
use rivet_format::package::ValType;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

/// Most spare instances kept per component (a call tree nests at most
/// [`Limits::max_depth`](super::Limits::max_depth) contexts, but the common shapes need
/// one or two).
pub const POOL_CAPACITY: usize = 8;

/// The image and spares of one prepared component.
pub(crate) struct ContextPool {
    /// The instance every spare is reset to; `None` when the package is not pooled.
    /// Never written once built, so `zero` stays true to it.
    image: Option<Instance>,
    /// Which of the image's pages are zero (a reset clears those instead of copying).
    zero: Option<ZeroPages>,
    /// Clean spares, each equal to `image` with an empty dirty map, or empty slots.
    free: Spares,
}

/// Up to [`POOL_CAPACITY`] spare instances shared between threads, without a lock.
///
/// Each slot holds a `Box<Instance>` turned into a raw pointer, or null. Taking a
/// spare swaps a slot's pointer for null, so exactly one taker owns it; giving one
/// compare-exchanges a null slot to its pointer, so no spare is overwritten (a full
/// pool drops the instance). A mutex around a vector did the same with twice the
/// atomic operations, which were a measurable part of a short call. The orderings
/// pair a giver's `Release` with a taker's `Acquire`, so the taker sees the reset
/// instance the giver wrote.
struct Spares([AtomicPtr<Instance>; POOL_CAPACITY]);

// The slots move boxed instances between threads.
const _: () = {
    const fn send<T: Send>() {}
    send::<Box<Instance>>();
};

impl Spares {
    fn new() -> Self {
        Spares(std::array::from_fn(|_| AtomicPtr::new(null_mut())))
    }

    /// A spare, if any slot holds one.
    fn take(&self) -> Option<Box<Instance>> {
        for slot in &self.0 {
            if slot.load(Ordering::Relaxed).is_null() {
                continue;
            }
            let p = slot.swap(null_mut(), Ordering::Acquire);
            if !p.is_null() {
                // SAFETY: a non-null slot pointer came from `Box::into_raw` in
                // `give`, and the swap made this call its only owner.
                return Some(unsafe { Box::from_raw(p) });
            }
        }
        None
    }

    /// Keeps `inst` in an empty slot; drops it when every slot is full.
    fn give(&self, inst: Box<Instance>) {
        let p = Box::into_raw(inst);
        for slot in &self.0 {
            if slot.load(Ordering::Relaxed).is_null()
                && slot
                    .compare_exchange(null_mut(), p, Ordering::Release, Ordering::Relaxed)
                    .is_ok()
            {
                return;
            }
        }
        // SAFETY: `p` came from `Box::into_raw` above and no slot took it.
        drop(unsafe { Box::from_raw(p) });
    }

    /// Number of spares held.
    fn len(&self) -> usize {
        self.0
            .iter()
            .filter(|s| !s.load(Ordering::Relaxed).is_null())
            .count()
    }
}

impl Drop for Spares {
    fn drop(&mut self) {
        for slot in &mut self.0 {
            let p = std::mem::replace(slot.get_mut(), null_mut());
            if !p.is_null() {
                // SAFETY: as in `take`; `&mut self` excludes every other access.
                drop(unsafe { Box::from_raw(p) });
            }
        }
    }
}

impl std::fmt::Debug for ContextPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextPool")
            .field("pooled", &self.image.is_some())
            .field("spares", &self.free.len())
            .finish()
    }
}

/// The wiring as instantiation sees it: imported functions as the component's
/// imports say, no imported globals, default memory sizes (what a call tree's
/// contexts provide, see `CtxImports`).
struct Wiring<'a>(&'a Linked);

impl Imports for Wiring<'_> {
    fn has_import(&mut self, index: usize, _: &str, _: &str, _: &[ValType], _: &[ValType]) -> bool {
        self.0.call(index).is_some()
    }
}

impl ContextPool {
    /// A pool that pools nothing (every context takes the fresh path).
    pub fn unpooled() -> Self {
        ContextPool {
            image: None,
            zero: None,
            free: Spares::new(),
        }
    }

    /// Builds the image of `comp`'s package under its wiring, when it can be pooled.
    pub fn new(comp: &Linked) -> Self {
        let image = if comp.package.package().start.is_some() {
            None
        } else {
            Instance::new(&comp.package, &mut Wiring(comp), 0).ok()
        };
        ContextPool {
            zero: image.as_ref().map(Instance::zero_pages),
            image,
            free: Spares::new(),
        }
    }

    /// A clean instance of `comp` (a spare, or a new one) with `gas`, or `None` when
    /// the package is not pooled. `comp` must be the component the pool was built for.
    pub fn take(&self, comp: &Linked, gas: u64) -> Option<Box<Instance>> {
        self.image.as_ref()?;
        let mut inst = match self.free.take() {
            Some(i) => i,
            None => {
                let mut i = Box::new(Instance::new(&comp.package, &mut Wiring(comp), gas).ok()?);
                i.mark_clean();
                i
            }
        };
        inst.set_gas(gas);
        Some(inst)
    }

    /// Resets `inst` (an instance from [`ContextPool::take`], in any state) to the
    /// image and keeps it, unless the pool is full.
    pub fn give(&self, mut inst: Box<Instance>) {
        let Some(image) = &self.image else {
            return;
        };
        if inst.reset_to_with(image, self.zero.as_ref()) {
            self.free.give(inst);
        }
    }

    /// Number of spares held (for tests).
    #[cfg(test)]
    pub fn spares(&self) -> usize {
        self.free.len()
    }

    /// The image (for tests).
    #[cfg(test)]
    pub fn image(&self) -> Option<&Instance> {
        self.image.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::{LoadedPackage, NoImports};
    use std::sync::Arc;

    fn instance() -> Box<Instance> {
        static PKG: std::sync::OnceLock<Arc<LoadedPackage>> = std::sync::OnceLock::new();
        let p = PKG.get_or_init(|| {
            crate::instance::test_package(
                r#"(module (memory 1) (data (i32.const 4) "x"))"#,
                1,
                16 << 10,
            )
        });
        let mut i = Box::new(Instance::new(p, &mut NoImports, 0).expect("instantiate"));
        i.mark_clean();
        i
    }

    #[test]
    fn the_pool_is_bounded_and_resets_what_it_keeps() {
        let image = *instance();
        let pool = ContextPool {
            zero: Some(image.zero_pages()),
            image: Some(image),
            free: Spares::new(),
        };
        for _ in 0..POOL_CAPACITY + 3 {
            let mut i = instance();
            i.memory_range_mut(4, 1).expect("in bounds")[0] = b'y';
            pool.give(i);
        }
        assert_eq!(pool.spares(), POOL_CAPACITY);
        let image = pool.image().expect("pooled");
        let spares: Vec<_> = std::iter::from_fn(|| pool.free.take()).collect();
        assert_eq!(spares.len(), POOL_CAPACITY);
        for i in &spares {
            assert_eq!(i.memory(), image.memory());
        }
        assert_eq!(pool.spares(), 0);
        for i in spares {
            pool.give(i);
        }
        assert_eq!(pool.spares(), POOL_CAPACITY);
        // A pool without an image keeps nothing.
        let none = ContextPool::unpooled();
        none.give(instance());
        assert_eq!(none.spares(), 0);
    }

    #[test]
    fn spares_move_between_threads_without_loss_or_duplication() {
        let spares = Spares::new();
        std::thread::scope(|scope| {
            for t in 0..4u8 {
                let spares = &spares;
                scope.spawn(move || {
                    for k in 0..500u32 {
                        let mut i = spares.take().unwrap_or_else(instance);
                        // Owned exclusively: no other thread writes this byte now.
                        i.memory_range_mut(4, 1).expect("in bounds")[0] = t;
                        assert_eq!(i.memory_range_mut(4, 1).expect("in bounds")[0], t);
                        if k % 3 != 0 {
                            spares.give(i);
                        }
                    }
                });
            }
        });
        assert!(spares.len() <= POOL_CAPACITY);
    }
}
