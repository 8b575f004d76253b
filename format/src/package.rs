//! The package: a Wasm core module compiled to RV32EM, plus everything a runtime needs
//! to instantiate and call it.
//!
//! # Data-memory layout
//! The engine gives a program one flat data memory. A package lays it out as:
//!
//! ```text
//! 0                      linear memory (Wasm address = engine address), up to
//!                        max_pages * 64 KiB; only [0, gp) is accessible: compiled
//!                        code bounds-checks every access against gp (the current size)
//! globals_base           one 8-byte slot per global (imported ones included), lo word
//!                        first; reference globals use the low word
//! funcs_base             function descriptors, 8 bytes each: descriptor 0 = (0, 0),
//!                        descriptor f + 1 = (type id of function f + 1, its code pc);
//!                        a funcref value is the index of its descriptor
//! tables[t].base         per table: its current size (one word), then `capacity`
//!                        4-byte entries (reference values); entries past the size are 0
//! stack_limit            the call stack grows down from stack_top to stack_limit
//! stack_top = memory_size  a multiple of MEMORY_ALIGN (the stack's size rounded up)
//! ```
//!
//! Guest stores can only reach linear memory, so globals, descriptors, tables and stack
//! are out of a guest's reach except through compiled code. Reference values and table
//! memory are described in [`crate::table`].
//!
//! # Encoding (version 4)
//! ```text
//! file = magic "RVPK" | version u16 | section(body) | section(debug)
//! body = program | layout | imports | globals | exports | functions | types | tables
//!        | elements | data | start | custom sections
//! ```
//! A section is deflate-compressed with its lengths in front (see `sections.rs`);
//! the program's code is three streams (forms, registers, immediates; see
//! `code.rs`) rather than 32-bit words, so that the compressor finds similar fields
//! together. [`Package::code_hash`] hashes `magic | version | body` uncompressed
//! (everything but the debug section), so renaming functions or rebuilding with
//! other debug info keeps the identity, and the hash does not depend on the
//! compressor. Older versions are refused with a [`FormatError`] naming the version.

mod check;
mod code;
mod codec;
mod sections;
mod size;

pub use check::PackageError;
pub use size::SizeBreakdown;

use crate::codec::{FormatError, Reader, Writer};
use crate::hash::CodeHash;
use crate::program::Program;
pub use crate::table::{ElemItem, ElemMode, ElementSegment, RefKind, Table};

/// Magic bytes at the start of a package.
pub const PACKAGE_MAGIC: [u8; 4] = *b"RVPK";
/// The package format version this crate reads and writes.
pub const PACKAGE_VERSION: u16 = 4;
/// Code bytes of one foreign-function trampoline (see [`Layout::foreign_pc`]).
pub const FOREIGN_STUB_BYTES: u32 = 16;
/// Bytes per Wasm page.
pub const PAGE_SIZE: u32 = 65536;
/// The compiler makes `memory_size` (= `stack_top`) a multiple of this, so that a
/// runtime can map data memory on whole host pages with inaccessible pages on both
/// sides: the recompiler then leaves the range checks of negative offsets, as well
/// as those past the end, to the hardware (`rivet_engine`'s guarded memory). Not
/// required of a package: other sizes run with range-checked native code.
pub const MEMORY_ALIGN: u32 = 4096;

/// A core value type as it appears in signatures. Floats exist only so that
/// signatures of untranslated functions (see [`FuncDebug::unsupported`]) can be
/// described; compiled code never computes with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValType {
    /// 32-bit integer: one word.
    I32,
    /// 64-bit integer: two words (low, high).
    I64,
    /// 32-bit float bits: one word.
    F32,
    /// 64-bit float bits: two words.
    F64,
    /// A function reference: one word (see [`crate::table`]).
    FuncRef,
    /// An external reference: one word (see [`crate::table`]).
    ExternRef,
}

impl ValType {
    /// Number of 32-bit words in the flattened calling convention.
    pub fn words(self) -> usize {
        match self {
            ValType::I32 | ValType::F32 | ValType::FuncRef | ValType::ExternRef => 1,
            ValType::I64 | ValType::F64 => 2,
        }
    }

    fn to_byte(self) -> u8 {
        match self {
            ValType::I32 => 0,
            ValType::I64 => 1,
            ValType::F32 => 2,
            ValType::F64 => 3,
            ValType::FuncRef => 4,
            ValType::ExternRef => 5,
        }
    }

    /// The reference kind of a reference type.
    pub fn ref_kind(self) -> Option<RefKind> {
        match self {
            ValType::FuncRef => Some(RefKind::Func),
            ValType::ExternRef => Some(RefKind::Extern),
            _ => None,
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<ValType, FormatError> {
        let at = r.offset();
        Ok(match r.u8("value type")? {
            0 => ValType::I32,
            1 => ValType::I64,
            2 => ValType::F32,
            3 => ValType::F64,
            4 => ValType::FuncRef,
            5 => ValType::ExternRef,
            v => return Err(FormatError::new(at, format!("unknown value type {v}"))),
        })
    }
}

impl std::fmt::Display for ValType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
        })
    }
}

/// A function signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FuncSig {
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

impl FuncSig {
    /// Number of flattened parameter words.
    pub fn param_words(&self) -> usize {
        self.params.iter().map(|t| t.words()).sum()
    }
    /// Number of flattened result words.
    pub fn result_words(&self) -> usize {
        self.results.iter().map(|t| t.words()).sum()
    }

    fn write(&self, w: &mut Writer) {
        w.var_u32(self.params.len() as u32);
        for t in &self.params {
            w.u8(t.to_byte());
        }
        w.var_u32(self.results.len() as u32);
        for t in &self.results {
            w.u8(t.to_byte());
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<FuncSig, FormatError> {
        let n = r.var_count("parameter count", min_bytes::VALTYPE)?;
        let params = (0..n).map(|_| ValType::read(r)).collect::<Result<_, _>>()?;
        let n = r.var_count("result count", min_bytes::VALTYPE)?;
        let results = (0..n).map(|_| ValType::read(r)).collect::<Result<_, _>>()?;
        Ok(FuncSig { params, results })
    }
}

impl std::fmt::Display for FuncSig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |v: &[ValType]| {
            v.iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(f, "({}) -> ({})", list(&self.params), list(&self.results))
    }
}

/// Size limits in pages (memory) or elements (table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Initial size.
    pub min: u32,
    /// Declared maximum.
    pub max: Option<u32>,
}

impl Limits {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.var_u32(self.min);
        write_opt_u32(w, self.max);
    }
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Limits, FormatError> {
        let min = r.var_u32("limits minimum")?;
        let max = read_opt_u32(r, "limits maximum")?;
        Ok(Limits { min, max })
    }
}

/// Where the runtime finds things in data memory (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The memory's declared limits in pages (min 0, max 0 when there is no memory).
    pub memory: Limits,
    /// Pages the memory may grow to: the declared maximum capped by the compiler's
    /// limit. Linear memory occupies `[0, max_pages * PAGE_SIZE)`.
    pub max_pages: u32,
    /// Address of global 0.
    pub globals_base: u32,
    /// Address of function descriptor 0 (see the module docs).
    pub funcs_base: u32,
    /// Lowest address the call stack may use.
    pub stack_limit: u32,
    /// Code address of the halt stub (`ecall` HALT), the return address of host calls.
    pub halt_pc: u32,
    /// Descriptor slots reserved after the module's own functions for functions of
    /// *other* instances (see [`crate::table`]): slot `k` is descriptor
    /// `functions.len() + 1 + k`. Zero for a module that can never receive a funcref
    /// from outside.
    pub foreign_funcs: u32,
    /// Code address of the trampoline of foreign slot 0; slot `k`'s is
    /// `foreign_pc + k * FOREIGN_STUB_BYTES`, and it makes the `ecall`
    /// [`FOREIGN_BASE`](crate::abi::ecall::FOREIGN_BASE)` + k`.
    pub foreign_pc: u32,
}

/// How a global (or a segment offset) gets its initial value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstInit {
    /// A constant, as raw bits (i32 values zero-extended).
    Const(u64),
    /// The value of global `index` (an imported one).
    Global(u32),
}

impl ConstInit {
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            ConstInit::Const(v) => {
                w.u8(0);
                w.var_u64(*v);
            }
            ConstInit::Global(g) => {
                w.u8(1);
                w.var_u32(*g);
            }
        }
    }
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<ConstInit, FormatError> {
        let at = r.offset();
        Ok(match r.u8("initializer kind")? {
            0 => ConstInit::Const(r.var_u64("constant")?),
            1 => ConstInit::Global(r.var_u32("global index")?),
            v => {
                return Err(FormatError::new(
                    at,
                    format!("unknown initializer kind {v}"),
                ))
            }
        })
    }
}

/// What an import provides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportKind {
    /// A host function, called with `ecall` number `call_number`.
    Func {
        /// Its signature.
        sig: FuncSig,
        /// The `ecall` number compiled code uses for it.
        call_number: u32,
    },
    /// A global whose value the embedder provides at instantiation.
    Global {
        /// Its type.
        ty: ValType,
        /// Whether it is mutable (the instance gets its own copy either way).
        mutable: bool,
        /// The index of the global slot it fills.
        index: u32,
    },
    /// The memory, treated as the module's own with these limits; an embedder that
    /// shares memory between instances synchronises it (see the spec runner).
    Memory(Limits),
    /// Table `index` (declared in [`Package::tables`]), laid out in this package's
    /// data memory like its own tables; the embedder provides its contents.
    Table(u32),
}

/// One import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Item name.
    pub name: String,
    /// What it is.
    pub kind: ImportKind,
}

/// What an export names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Function `index` (its entry and signature are in [`Package::functions`]).
    Func(u32),
    /// Global `index`.
    Global(u32),
    /// The linear memory.
    Memory,
    /// Table `index`.
    Table(u32),
}

/// One export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What it names.
    pub kind: ExportKind,
}

/// A global slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Global {
    /// Value type.
    pub ty: ValType,
    /// Mutability.
    pub mutable: bool,
    /// Initial value; imported globals have `Global(own index)` and are filled from
    /// the embedder's value.
    pub init: ConstInit,
}

/// A function of the module (imports first, as in Wasm's index space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its signature.
    pub sig: FuncSig,
    /// Canonical type id: functions with structurally equal signatures share it; the
    /// table stores `type_id + 1` for `call_indirect`'s check.
    pub type_id: u32,
    /// Code address of its entry (for imports: a trampoline that makes the `ecall`).
    pub pc: u32,
}

/// Whether a data segment is copied at instantiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataMode {
    /// Copied to this offset at instantiation, then dropped.
    Active(ConstInit),
    /// Only used by `memory.init`.
    Passive,
}

/// A data segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSegment {
    /// Active or passive.
    pub mode: DataMode,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A custom section carried verbatim (e.g. `component-type:*`, the WIT world).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomSection {
    /// Section name.
    pub name: String,
    /// Section contents.
    pub bytes: Vec<u8>,
}

/// Debug information about one function (not part of the code hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncDebug {
    /// Function index.
    pub index: u32,
    /// Name from the name section or the export, or empty.
    pub name: String,
    /// First code address of the function (its trap stubs included).
    pub start: u32,
    /// One past its last code address.
    pub end: u32,
    /// Set when the body was replaced by a trap: the first unsupported operator or type.
    pub unsupported: Option<String>,
}

/// A compiled Wasm core module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The RV32EM code and the data memory size (no initial data: segments are
    /// applied by the runtime, since their offsets may depend on imports).
    pub program: Program,
    /// Data-memory layout.
    pub layout: Layout,
    /// Imports in module order.
    pub imports: Vec<Import>,
    /// Global slots (imported ones first).
    pub globals: Vec<Global>,
    /// Exports.
    pub exports: Vec<Export>,
    /// Every function, imports first.
    pub functions: Vec<Function>,
    /// The module's distinct function signatures, indexed by canonical type id: a
    /// runtime binding another instance's function into a foreign slot gives it the
    /// type id its signature has here (so `call_indirect` checks it exactly).
    pub types: Vec<FuncSig>,
    /// Every table, imported ones first.
    pub tables: Vec<Table>,
    /// Element segments in module order (active ones are applied in order;
    /// `table.init` and `elem.drop` index them all).
    pub elements: Vec<ElementSegment>,
    /// Data segments in module order (`memory.init` indexes them).
    pub data: Vec<DataSegment>,
    /// The start function's index.
    pub start: Option<u32>,
    /// Custom sections carried verbatim.
    pub custom_sections: Vec<CustomSection>,
    /// Function names and code ranges.
    pub debug: Vec<FuncDebug>,
}

/// The smallest encoding of each repeated item, in bytes: what [`crate::codec::Reader::count`] may
/// assume per item when it bounds a count by the bytes left. Each is the sum of the
/// item's fixed fields with strings and byte strings empty and every variant at its
/// shortest, so a valid package is never refused; `min_item_sizes_match_the_encoding`
/// checks every one against the writer.
pub(crate) mod min_bytes {
    /// A length prefix (an empty string or byte string): one LEB128 byte.
    const STR: usize = 1;
    /// A LEB128 number's shortest form.
    const VAR: usize = 1;
    /// Limits with no maximum: min + absent-flag byte.
    const LIMITS: usize = VAR + 1;
    /// A constant initializer's shortest form: kind byte + value.
    const CONST_INIT: usize = 1 + VAR;
    /// module, name, kind byte, shortest payload (a table index).
    pub const IMPORT: usize = STR + STR + 1 + VAR;
    /// type byte, mutability byte, initializer.
    pub const GLOBAL: usize = 1 + 1 + CONST_INIT;
    /// name, kind byte (memory and table exports carry nothing else).
    pub const EXPORT: usize = STR + 1;
    /// type id, signature-follows flag, pc delta.
    pub const FUNCTION: usize = VAR + 1 + VAR;
    /// an empty signature (two counts).
    pub const TYPE: usize = VAR + VAR;
    /// element type byte, limits, capacity u32, base address u32 (`crate::table`).
    pub const TABLE: usize = 1 + LIMITS + 4 + 4;
    /// passive mode byte, element type byte, item count u32 (`crate::table`).
    pub const ELEMENT_SEGMENT: usize = 1 + 1 + 4;
    /// a null item: the absent-flag byte.
    pub const ELEMENT: usize = 1;
    /// passive mode byte, empty bytes.
    pub const DATA_SEGMENT: usize = 1 + STR;
    /// empty name, empty bytes.
    pub const CUSTOM_SECTION: usize = STR + STR;
    /// index delta, empty name, start delta, length, absent-reason flag.
    pub const DEBUG_ENTRY: usize = VAR + STR + VAR + VAR + 1;
    /// a value type byte.
    pub const VALTYPE: usize = 1;
}

fn write_opt_u32(w: &mut Writer, v: Option<u32>) {
    match v {
        Some(v) => {
            w.u8(1);
            w.var_u32(v);
        }
        None => w.u8(0),
    }
}

fn read_opt_u32(r: &mut Reader<'_>, what: &str) -> Result<Option<u32>, FormatError> {
    Ok(if r.bool(what)? {
        Some(r.var_u32(what)?)
    } else {
        None
    })
}

impl Package {
    /// The smallest valid package: no functions (its only code is a halt `ecall`), no
    /// memory contents, just `custom_sections` (typically a `component-type:*` WIT
    /// world). It describes an interface without an implementation, which is what
    /// linker and manifest tests and tools need.
    pub fn interface_only(custom_sections: Vec<CustomSection>) -> Package {
        Package {
            program: Program {
                isa: crate::program::Isa::Rv32em,
                code_base: 0,
                code: vec![crate::rv32::Inst::Ecall.encode()],
                entry: 0,
                memory_size: 0x2_0000,
                stack_top: 0x2_0000,
                data: vec![],
            },
            layout: Layout {
                memory: Limits {
                    min: 0,
                    max: Some(1),
                },
                max_pages: 1,
                globals_base: 0x1_0000,
                funcs_base: 0x1_0000,
                stack_limit: 0x1_0008,
                halt_pc: 0,
                foreign_funcs: 0,
                foreign_pc: 0,
            },
            imports: vec![],
            globals: vec![],
            exports: vec![],
            functions: vec![],
            types: vec![],
            tables: vec![],
            elements: vec![],
            data: vec![],
            start: None,
            custom_sections,
            debug: vec![],
        }
    }

    /// The package's identity: blake3 over [`Package::encode_body`].
    pub fn code_hash(&self) -> CodeHash {
        CodeHash::of(&self.encode_body())
    }

    /// The function export named `name`: (function index, function).
    pub fn export_func(&self, name: &str) -> Option<(u32, &Function)> {
        self.exports.iter().find_map(|e| match e.kind {
            ExportKind::Func(i) if e.name == name => self.functions.get(i as usize).map(|f| (i, f)),
            _ => None,
        })
    }

    /// Address of the function descriptor a funcref word `r` points at.
    pub fn descriptor_addr(&self, r: u32) -> u32 {
        self.layout.funcs_base + 8 * r
    }

    /// The canonical type id of signature `sig` in this module, if it has the type.
    pub fn type_id_of(&self, sig: &FuncSig) -> Option<u32> {
        self.types.iter().position(|t| t == sig).map(|i| i as u32)
    }

    /// The funcref word of foreign slot `k`.
    pub fn foreign_word(&self, k: u32) -> u32 {
        self.functions.len() as u32 + 1 + k
    }

    /// Code address of foreign slot `k`'s trampoline.
    pub fn foreign_stub_pc(&self, k: u32) -> u32 {
        self.layout.foreign_pc + k * FOREIGN_STUB_BYTES
    }

    /// Address of global `index`'s slot.
    pub fn global_addr(&self, index: u32) -> u32 {
        self.layout.globals_base + 8 * index
    }

    /// The debug entry of the function containing code address `pc`.
    pub fn function_at(&self, pc: u32) -> Option<&FuncDebug> {
        self.debug.iter().find(|d| d.start <= pc && pc < d.end)
    }
}

#[cfg(test)]
mod tests;
