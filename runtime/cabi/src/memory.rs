//! What lifting and lowering need from the other side: guest memory with its allocator,
//! resource tables, and the canonical options.
//!
//! The runtime implements [`CabiMemory`] over a compiled instance's linear memory and its
//! exported `cabi_realloc`, and [`ResourceHooks`] over its per-context resource table.
//! [`BumpMemory`] is a plain in-host memory with the bump allocator of the conformance
//! vectors; it records every realloc call, which tests compare with the reference.

use crate::error::CabiError;
use crate::types::ResourceType;
use crate::val::ResourceHandle;

/// Guest linear memory plus the guest's `cabi_realloc`.
pub trait CabiMemory {
    /// The whole linear memory.
    fn bytes(&self) -> &[u8];
    /// The whole linear memory, writable.
    fn bytes_mut(&mut self) -> &mut [u8];
    /// The bytes `[ptr, ptr + len)`, writable, or an out-of-bounds error. Lowering
    /// writes only through this, so a memory that tracks written pages (a reused
    /// context) can mark just these instead of everything [`bytes_mut`](Self::bytes_mut)
    /// hands out.
    fn range_mut(&mut self, ptr: u64, len: u64) -> Result<&mut [u8], CabiError> {
        let bytes = self.bytes_mut();
        crate::access::check_bounds(bytes.len(), ptr, len)?;
        Ok(&mut bytes[ptr as usize..(ptr + len) as usize])
    }
    /// Calls the guest's `cabi_realloc(old_ptr, old_size, align, new_size)`. The memory
    /// may grow; the caller re-reads [`bytes`](Self::bytes) afterwards and checks the
    /// returned pointer's alignment and bounds itself.
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError>;
}

/// Resource handle conversion, called for every `own` / `borrow` crossing the boundary.
/// `lower_*` turns a host handle into a guest table index; `lift_*` the reverse (and,
/// for `own`, removes the guest's entry, as the spec's `lift_own` does).
pub trait ResourceHooks {
    /// Transfers ownership of `handle` into the guest; returns the guest's index.
    fn lower_own(&mut self, ty: &ResourceType, handle: ResourceHandle) -> Result<u32, CabiError>;
    /// Lends `handle` to the guest for the duration of the call.
    fn lower_borrow(&mut self, ty: &ResourceType, handle: ResourceHandle)
        -> Result<u32, CabiError>;
    /// Takes ownership of the guest's handle at `index`.
    fn lift_own(&mut self, ty: &ResourceType, index: u32) -> Result<ResourceHandle, CabiError>;
    /// Borrows the guest's handle at `index` for the duration of the call.
    fn lift_borrow(&mut self, ty: &ResourceType, index: u32) -> Result<ResourceHandle, CabiError>;
    /// Called once a call's results have been lifted and its post-return function has
    /// run: the place to check that every borrow lent for the call was dropped
    /// (the spec's `exit_call`).
    fn end_call(&mut self) -> Result<(), CabiError> {
        Ok(())
    }
}

/// [`ResourceHooks`] for contexts without resources: every handle is an error.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoResources;

fn no_resources<T>(ty: &ResourceType) -> Result<T, CabiError> {
    Err(CabiError::Resource {
        resource: ty.name.clone(),
        reason: "resources are not available in this context".into(),
    })
}

impl ResourceHooks for NoResources {
    fn lower_own(&mut self, ty: &ResourceType, _: ResourceHandle) -> Result<u32, CabiError> {
        no_resources(ty)
    }
    fn lower_borrow(&mut self, ty: &ResourceType, _: ResourceHandle) -> Result<u32, CabiError> {
        no_resources(ty)
    }
    fn lift_own(&mut self, ty: &ResourceType, _: u32) -> Result<ResourceHandle, CabiError> {
        no_resources(ty)
    }
    fn lift_borrow(&mut self, ty: &ResourceType, _: u32) -> Result<ResourceHandle, CabiError> {
        no_resources(ty)
    }
}

/// The canonical option `string-encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StringEncoding {
    /// UTF-8, the only encoding Rivet implements.
    #[default]
    Utf8,
    /// UTF-16 (rejected with [`CabiError::UnsupportedEncoding`]).
    Utf16,
    /// latin1+utf16 (rejected with [`CabiError::UnsupportedEncoding`]).
    Latin1Utf16,
}

impl StringEncoding {
    /// Fails unless the encoding is UTF-8.
    pub(crate) fn check(self) -> Result<(), CabiError> {
        match self {
            StringEncoding::Utf8 => Ok(()),
            StringEncoding::Utf16 => Err(CabiError::UnsupportedEncoding("utf16")),
            StringEncoding::Latin1Utf16 => Err(CabiError::UnsupportedEncoding("latin1+utf16")),
        }
    }
}

/// Everything a lift or lower works against: the spec's `LiftLowerContext`.
pub struct Cx<'a> {
    /// Guest memory and allocator.
    pub memory: &'a mut dyn CabiMemory,
    /// Resource handle conversion.
    pub resources: &'a mut dyn ResourceHooks,
    /// String encoding (must be UTF-8 to lift or lower strings).
    pub encoding: StringEncoding,
    /// Host bytes that lifting may still spend on [`Val`](crate::Val)s (`None`:
    /// unbounded). Lifting charges every list and string body it builds against it
    /// (see [`lift::host_cost`](crate::lift::host_cost)), so guest-controlled data
    /// cannot make the host build values far larger than the bytes they came from.
    pub host_budget: Option<u64>,
}

impl<'a> Cx<'a> {
    /// A UTF-8 context.
    pub fn new(memory: &'a mut dyn CabiMemory, resources: &'a mut dyn ResourceHooks) -> Self {
        Cx {
            memory,
            resources,
            encoding: StringEncoding::Utf8,
            host_budget: None,
        }
    }

    /// Charges `bytes` of lifted host values against [`Cx::host_budget`].
    pub fn spend_host(&mut self, bytes: u64) -> Result<(), CabiError> {
        if let Some(left) = &mut self.host_budget {
            if *left < bytes {
                return Err(CabiError::HostValuesTooLarge { budget: *left });
            }
            *left -= bytes;
        }
        Ok(())
    }
}

/// A host-side linear memory with a bump allocator that never frees. Two uses:
///
/// * [`BumpMemory::new`]: a fixed-size memory that records each realloc call and its
///   result (the allocator of the conformance vectors, which tests compare with the
///   reference); running out of room is a realloc error.
/// * [`BumpMemory::growable`]: an empty memory that grows (zero-filled) to fit each
///   block, up to 4 GiB, and records nothing: the runtime's advice encoder, where the
///   canonical bytes of a payload are the memory itself.
#[derive(Debug, Clone)]
pub struct BumpMemory {
    /// The memory bytes.
    pub bytes: Vec<u8>,
    /// Next free address.
    pub next: u32,
    /// `(old_ptr, old_size, align, new_size)` of each realloc call, in order (fixed
    /// memories only).
    pub calls: Vec<[u32; 4]>,
    /// What each call returned (fixed memories only).
    pub returns: Vec<u32>,
    /// Whether the memory grows instead of failing (and records nothing).
    pub growable: bool,
    /// Largest size a growable memory may reach; growing beyond it is
    /// [`CabiError::PayloadTooLarge`]. Capacity never exceeds it either.
    pub max_len: u64,
}

impl BumpMemory {
    /// A zeroed memory of `size` bytes whose allocator starts at `heap_base`.
    pub fn new(size: usize, heap_base: u32) -> Self {
        BumpMemory {
            bytes: vec![0; size],
            next: heap_base,
            calls: Vec::new(),
            returns: Vec::new(),
            growable: false,
            max_len: size as u64,
        }
    }

    /// An empty memory that grows to fit, with room reserved for `capacity` bytes.
    pub fn growable(capacity: usize) -> Self {
        BumpMemory::growable_up_to(capacity, u32::MAX as u64 + 1)
    }

    /// [`BumpMemory::growable`] that never holds more than `max_len` bytes (nor
    /// reserves more): what the runtime encodes payloads into, bounded by the advice
    /// limit, so a payload is refused before the host allocates it.
    pub fn growable_up_to(capacity: usize, max_len: u64) -> Self {
        BumpMemory {
            bytes: Vec::with_capacity(capacity.min(max_len as usize)),
            next: 0,
            calls: Vec::new(),
            returns: Vec::new(),
            growable: true,
            max_len,
        }
    }
}

impl CabiMemory for BumpMemory {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
    fn realloc(
        &mut self,
        old_ptr: u32,
        old_size: u32,
        align: u32,
        new_size: u32,
    ) -> Result<u32, CabiError> {
        if !self.growable {
            self.calls.push([old_ptr, old_size, align, new_size]);
        }
        if align == 0 || !align.is_power_of_two() {
            return Err(CabiError::Realloc(format!("bad alignment {align}")));
        }
        let growable = self.growable;
        let exhausted = || {
            CabiError::Realloc(if growable {
                "memory would exceed 4 GiB".into()
            } else {
                "bump allocator exhausted".into()
            })
        };
        let r = self
            .next
            .checked_next_multiple_of(align)
            .ok_or_else(exhausted)?;
        let end = r.checked_add(new_size).ok_or_else(exhausted)?;
        if end as usize > self.bytes.len() {
            if !growable {
                return Err(exhausted());
            }
            if end as u64 > self.max_len {
                return Err(CabiError::PayloadTooLarge {
                    needed: end as u64,
                    limit: self.max_len,
                });
            }
            // Grow geometrically (amortised), but never reserve past the bound; a
            // block that fits the capacity reserved up front allocates nothing.
            if end as usize > self.bytes.capacity() {
                let want = (self.bytes.capacity() as u64 * 2)
                    .clamp(end as u64, self.max_len)
                    .max(end as u64);
                self.bytes.reserve_exact(want as usize - self.bytes.len());
            }
            self.bytes.resize(end as usize, 0);
        }
        let (old, new) = (old_ptr as usize, old_size.min(new_size) as usize);
        if new > 0 {
            if old + new > self.bytes.len() {
                return Err(CabiError::Realloc("old block out of bounds".into()));
            }
            self.bytes.copy_within(old..old + new, r as usize);
        }
        self.next = end;
        if !self.growable {
            self.returns.push(r);
        }
        Ok(r)
    }
}
