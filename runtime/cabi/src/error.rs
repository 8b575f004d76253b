//! Errors of the canonical ABI.
//!
//! Two families share one enum: *guest traps* (an invalid value produced by guest code or
//! found in guest memory; the reference implementation traps on these) and *host errors*
//! (a host value that does not match its type, a type Rivet does not support, a failing
//! allocator). Every variant carries the address or name that locates the problem.

use thiserror::Error;

/// Why a lift, lower, load or store failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CabiError {
    /// A `char` code point that is a surrogate or above U+10FFFF.
    #[error("invalid char code point {code:#x}")]
    InvalidChar {
        /// The offending 32-bit value.
        code: u32,
    },
    /// A variant, enum, option or result discriminant with no matching case.
    #[error("discriminant {value} out of range for a type with {cases} cases")]
    DiscriminantOutOfRange {
        /// The discriminant as read (the full i32 in flat form).
        value: u32,
        /// Number of cases of the type.
        cases: u32,
    },
    /// A pointer that is not a multiple of the alignment its data needs.
    #[error("pointer {ptr:#x} is not aligned to {align}")]
    Misaligned {
        /// The pointer.
        ptr: u32,
        /// The required alignment.
        align: u32,
    },
    /// A byte range that does not lie inside linear memory (computed without wrapping).
    #[error("range [{ptr:#x}, {ptr:#x}+{len}) is outside linear memory of {memory_size} bytes")]
    OutOfBounds {
        /// Start of the range.
        ptr: u64,
        /// Length of the range in bytes.
        len: u64,
        /// Size of linear memory.
        memory_size: u64,
    },
    /// String bytes that are not strict UTF-8.
    #[error("string at {ptr:#x} ({len} bytes) is not valid UTF-8 after {valid_up_to} bytes")]
    InvalidUtf8 {
        /// Start of the string.
        ptr: u32,
        /// Byte length of the string.
        len: u32,
        /// Length of the valid prefix.
        valid_up_to: u32,
    },
    /// A string longer than `MAX_STRING_BYTE_LENGTH`.
    #[error("string of {len} bytes exceeds the limit of {max} bytes")]
    StringTooLong {
        /// Byte length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// A list whose element bytes exceed `MAX_LIST_BYTE_LENGTH`.
    #[error("list of {len} elements ({byte_len} bytes) exceeds the limit of {max} bytes")]
    ListTooLong {
        /// Element count.
        len: u64,
        /// Element count times element size.
        byte_len: u64,
        /// The limit.
        max: u64,
    },
    /// A string encoding other than UTF-8 was requested.
    #[error("string encoding {0} is not supported (Rivet implements utf8 only)")]
    UnsupportedEncoding(&'static str),
    /// A WIT type Rivet does not support (streams, futures, maps, ...).
    #[error("unsupported type: {0}")]
    UnsupportedType(String),
    /// A type that is malformed or beyond Rivet's limits (empty record, too large, too deep).
    #[error("invalid type: {0}")]
    InvalidType(String),
    /// A host value whose shape does not match the type it is lowered as.
    #[error("value does not match type at {path}: expected {expected}, found {found}")]
    TypeMismatch {
        /// Where in the value (`.field`, `[index]`, `::case`).
        path: String,
        /// What the type wants.
        expected: String,
        /// What the value has.
        found: String,
    },
    /// Too few core values, or a core value of the wrong width, for a flat lift.
    #[error("flat value {index}: expected {expected}, found {found}")]
    FlatMismatch {
        /// Index into the flat values.
        index: usize,
        /// Wanted core type.
        expected: &'static str,
        /// What was there (`end` when the values ran out).
        found: &'static str,
    },
    /// Flat values were left over after a lift consumed its types.
    #[error("{extra} flat values left over after lifting")]
    ExtraFlatValues {
        /// How many were not consumed.
        extra: usize,
    },
    /// The guest's allocator failed or returned an unusable pointer.
    #[error("cabi_realloc failed: {0}")]
    Realloc(String),
    /// Encoding a payload would make it larger than its bound (the call tree's advice
    /// limit): refused before the host allocates it.
    #[error("payload of {needed} bytes exceeds the limit of {limit}")]
    PayloadTooLarge {
        /// Bytes the payload would need.
        needed: u64,
        /// The bound.
        limit: u64,
    },
    /// Lifting would build host values larger than the lift's budget (see
    /// [`Cx::host_budget`](crate::Cx::host_budget)).
    #[error("lifted values would need more than the {budget} host bytes allowed")]
    HostValuesTooLarge {
        /// The budget.
        budget: u64,
    },
    /// A resource handle could not be lowered or lifted.
    #[error("resource {resource}: {reason}")]
    Resource {
        /// Resource type name.
        resource: String,
        /// Why (unknown handle, wrong type, no resource support, ...).
        reason: String,
    },
}

impl CabiError {
    /// True when the error means the guest misbehaved (the spec would trap), as opposed to
    /// a host-side mistake or limitation.
    pub fn is_guest_trap(&self) -> bool {
        matches!(
            self,
            CabiError::InvalidChar { .. }
                | CabiError::DiscriminantOutOfRange { .. }
                | CabiError::Misaligned { .. }
                | CabiError::OutOfBounds { .. }
                | CabiError::InvalidUtf8 { .. }
                | CabiError::StringTooLong { .. }
                | CabiError::ListTooLong { .. }
                | CabiError::Realloc(_)
                | CabiError::PayloadTooLarge { .. }
                | CabiError::HostValuesTooLarge { .. }
                | CabiError::Resource { .. }
        )
    }
}
