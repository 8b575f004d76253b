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
//! stack_top = memory_size
//! ```
//!
//! Guest stores can only reach linear memory, so globals, descriptors, tables and stack
//! are out of a guest's reach except through compiled code. Reference values and table
//! memory are described in [`crate::table`].
//!
//! # Encoding
//! ```text
//! magic "RVPK" | version u16 | program | layout | types | imports | globals | exports
//! | functions | tables | elements | data | start | custom sections | debug
//! ```
//! [`Package::code_hash`] hashes everything but the debug section, so renaming
//! functions or rebuilding with other debug info keeps the identity.

use crate::codec::{FormatError, Reader, Writer};
use crate::hash::CodeHash;
use crate::program::Program;
pub use crate::table::{ElemItem, ElemMode, ElementSegment, RefKind, Table};

/// Magic bytes at the start of a package.
pub const PACKAGE_MAGIC: [u8; 4] = *b"RVPK";
/// The package format version this crate reads and writes.
pub const PACKAGE_VERSION: u16 = 2;
/// Bytes per Wasm page.
pub const PAGE_SIZE: u32 = 65536;

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
        w.u32(self.params.len() as u32);
        for t in &self.params {
            w.u8(t.to_byte());
        }
        w.u32(self.results.len() as u32);
        for t in &self.results {
            w.u8(t.to_byte());
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<FuncSig, FormatError> {
        let n = r.count("parameter count", min_bytes::VALTYPE)?;
        let params = (0..n).map(|_| ValType::read(r)).collect::<Result<_, _>>()?;
        let n = r.count("result count", min_bytes::VALTYPE)?;
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
        w.u32(self.min);
        write_opt_u32(w, self.max);
    }
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Limits, FormatError> {
        let min = r.u32("limits minimum")?;
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
                w.u64(*v);
            }
            ConstInit::Global(g) => {
                w.u8(1);
                w.u32(*g);
            }
        }
    }
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<ConstInit, FormatError> {
        let at = r.offset();
        Ok(match r.u8("initializer kind")? {
            0 => ConstInit::Const(r.u64("constant")?),
            1 => ConstInit::Global(r.u32("global index")?),
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
    /// A length prefix (an empty string or byte string).
    const STR: usize = 4;
    /// Limits with no maximum: min u32 + absent-flag byte.
    const LIMITS: usize = 4 + 1;
    /// A constant initializer's shortest form: kind byte + global index u32.
    const CONST_INIT: usize = 1 + 4;
    /// module, name, kind byte, shortest payload (memory or table limits).
    pub const IMPORT: usize = STR + STR + 1 + LIMITS;
    /// type byte, mutability byte, initializer.
    pub const GLOBAL: usize = 1 + 1 + CONST_INIT;
    /// name, kind byte (memory and table exports carry nothing else).
    pub const EXPORT: usize = STR + 1;
    /// empty signature (two counts), type id, pc.
    pub const FUNCTION: usize = 4 + 4 + 4 + 4;
    /// element type byte, limits, capacity, base address.
    pub const TABLE: usize = 1 + LIMITS + 4 + 4;
    /// passive mode byte, element type byte, item count.
    pub const ELEMENT_SEGMENT: usize = 1 + 1 + 4;
    /// a null item: the absent-flag byte.
    pub const ELEMENT: usize = 1;
    /// passive mode byte, empty bytes.
    pub const DATA_SEGMENT: usize = 1 + STR;
    /// empty name, empty bytes.
    pub const CUSTOM_SECTION: usize = STR + STR;
    /// index, empty name, start, end, absent-reason flag.
    pub const DEBUG_ENTRY: usize = 4 + STR + 4 + 4 + 1;
    /// a value type byte.
    pub const VALTYPE: usize = 1;
}

fn write_opt_u32(w: &mut Writer, v: Option<u32>) {
    match v {
        Some(v) => {
            w.u8(1);
            w.u32(v);
        }
        None => w.u8(0),
    }
}

fn read_opt_u32(r: &mut Reader<'_>, what: &str) -> Result<Option<u32>, FormatError> {
    Ok(if r.bool(what)? {
        Some(r.u32(what)?)
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
            },
            imports: vec![],
            globals: vec![],
            exports: vec![],
            functions: vec![],
            tables: vec![],
            elements: vec![],
            data: vec![],
            start: None,
            custom_sections,
            debug: vec![],
        }
    }

    /// The canonical bytes without debug info: what the code hash covers.
    pub fn encode_body(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.raw(&PACKAGE_MAGIC);
        w.u16(PACKAGE_VERSION);
        self.program.write(&mut w);
        let l = &self.layout;
        l.memory.write(&mut w);
        w.u32(l.max_pages);
        w.u32(l.globals_base);
        w.u32(l.funcs_base);
        w.u32(l.stack_limit);
        w.u32(l.halt_pc);
        w.u32(self.imports.len() as u32);
        for i in &self.imports {
            w.str(&i.module);
            w.str(&i.name);
            match &i.kind {
                ImportKind::Func { sig, call_number } => {
                    w.u8(0);
                    sig.write(&mut w);
                    w.u32(*call_number);
                }
                ImportKind::Global { ty, mutable, index } => {
                    w.u8(1);
                    w.u8(ty.to_byte());
                    w.bool(*mutable);
                    w.u32(*index);
                }
                ImportKind::Memory(lim) => {
                    w.u8(2);
                    lim.write(&mut w);
                }
                ImportKind::Table(t) => {
                    w.u8(3);
                    w.u32(*t);
                }
            }
        }
        w.u32(self.globals.len() as u32);
        for g in &self.globals {
            w.u8(g.ty.to_byte());
            w.bool(g.mutable);
            g.init.write(&mut w);
        }
        w.u32(self.exports.len() as u32);
        for e in &self.exports {
            w.str(&e.name);
            match e.kind {
                ExportKind::Func(i) => {
                    w.u8(0);
                    w.u32(i);
                }
                ExportKind::Global(i) => {
                    w.u8(1);
                    w.u32(i);
                }
                ExportKind::Memory => w.u8(2),
                ExportKind::Table(t) => {
                    w.u8(3);
                    w.u32(t);
                }
            }
        }
        w.u32(self.functions.len() as u32);
        for f in &self.functions {
            f.sig.write(&mut w);
            w.u32(f.type_id);
            w.u32(f.pc);
        }
        w.u32(self.tables.len() as u32);
        for t in &self.tables {
            t.write(&mut w);
        }
        w.u32(self.elements.len() as u32);
        for e in &self.elements {
            e.write(&mut w);
        }
        w.u32(self.data.len() as u32);
        for d in &self.data {
            match d.mode {
                DataMode::Active(off) => {
                    w.u8(0);
                    off.write(&mut w);
                }
                DataMode::Passive => w.u8(1),
            }
            w.bytes(&d.bytes);
        }
        write_opt_u32(&mut w, self.start);
        w.u32(self.custom_sections.len() as u32);
        for c in &self.custom_sections {
            w.str(&c.name);
            w.bytes(&c.bytes);
        }
        w.finish()
    }

    /// The full encoding: the body followed by the debug section.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.raw(&self.encode_body());
        w.u32(self.debug.len() as u32);
        for d in &self.debug {
            w.u32(d.index);
            w.str(&d.name);
            w.u32(d.start);
            w.u32(d.end);
            match &d.unsupported {
                Some(s) => {
                    w.u8(1);
                    w.str(s);
                }
                None => w.u8(0),
            }
        }
        w.finish()
    }

    /// The package's identity: blake3 over [`Package::encode_body`].
    pub fn code_hash(&self) -> CodeHash {
        CodeHash::of(&self.encode_body())
    }

    /// Decodes and fully validates a package; trailing bytes are an error.
    pub fn decode(bytes: &[u8]) -> Result<Package, FormatError> {
        let mut r = Reader::new(bytes);
        let magic = r.take(4, "package magic")?;
        if magic != PACKAGE_MAGIC {
            return Err(FormatError::new(0, "not a Rivet package (bad magic)"));
        }
        let version = r.u16("package version")?;
        if version != PACKAGE_VERSION {
            return Err(FormatError::new(
                4,
                format!(
                    "unsupported package version {version} (this build reads {PACKAGE_VERSION})"
                ),
            ));
        }
        let program = Program::read(&mut r)?;
        let layout = Layout {
            memory: Limits::read(&mut r)?,
            max_pages: r.u32("max pages")?,
            globals_base: r.u32("globals base")?,
            funcs_base: r.u32("function descriptors base")?,
            stack_limit: r.u32("stack limit")?,
            halt_pc: r.u32("halt pc")?,
        };
        let layout_end = r.offset();
        let n = r.count("import count", min_bytes::IMPORT)?;
        let mut imports = Vec::with_capacity(n);
        for _ in 0..n {
            let module = r.str("import module")?.to_string();
            let name = r.str("import name")?.to_string();
            let at = r.offset();
            let kind = match r.u8("import kind")? {
                0 => ImportKind::Func {
                    sig: FuncSig::read(&mut r)?,
                    call_number: r.u32("call number")?,
                },
                1 => ImportKind::Global {
                    ty: ValType::read(&mut r)?,
                    mutable: r.bool("global mutability")?,
                    index: r.u32("global index")?,
                },
                2 => ImportKind::Memory(Limits::read(&mut r)?),
                3 => ImportKind::Table(r.u32("table index")?),
                v => return Err(FormatError::new(at, format!("unknown import kind {v}"))),
            };
            imports.push(Import { module, name, kind });
        }
        let n = r.count("global count", min_bytes::GLOBAL)?;
        let mut globals = Vec::with_capacity(n);
        for _ in 0..n {
            globals.push(Global {
                ty: ValType::read(&mut r)?,
                mutable: r.bool("global mutability")?,
                init: ConstInit::read(&mut r)?,
            });
        }
        let n = r.count("export count", min_bytes::EXPORT)?;
        let mut exports = Vec::with_capacity(n);
        for _ in 0..n {
            let name = r.str("export name")?.to_string();
            let at = r.offset();
            let kind = match r.u8("export kind")? {
                0 => ExportKind::Func(r.u32("function index")?),
                1 => ExportKind::Global(r.u32("global index")?),
                2 => ExportKind::Memory,
                3 => ExportKind::Table(r.u32("table index")?),
                v => return Err(FormatError::new(at, format!("unknown export kind {v}"))),
            };
            exports.push(Export { name, kind });
        }
        let n = r.count("function count", min_bytes::FUNCTION)?;
        let mut functions = Vec::with_capacity(n);
        for _ in 0..n {
            functions.push(Function {
                sig: FuncSig::read(&mut r)?,
                type_id: r.u32("type id")?,
                pc: r.u32("function pc")?,
            });
        }
        let n = r.count("table count", min_bytes::TABLE)?;
        let tables = (0..n)
            .map(|_| Table::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count("element segment count", min_bytes::ELEMENT_SEGMENT)?;
        let elements = (0..n)
            .map(|_| ElementSegment::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count("data segment count", min_bytes::DATA_SEGMENT)?;
        let mut data = Vec::with_capacity(n);
        for _ in 0..n {
            let at = r.offset();
            let mode = match r.u8("data mode")? {
                0 => DataMode::Active(ConstInit::read(&mut r)?),
                1 => DataMode::Passive,
                v => return Err(FormatError::new(at, format!("unknown data mode {v}"))),
            };
            let bytes = r.bytes("data bytes")?.to_vec();
            data.push(DataSegment { mode, bytes });
        }
        let start = read_opt_u32(&mut r, "start function")?;
        let n = r.count("custom section count", min_bytes::CUSTOM_SECTION)?;
        let mut custom_sections = Vec::with_capacity(n);
        for _ in 0..n {
            custom_sections.push(CustomSection {
                name: r.str("custom section name")?.to_string(),
                bytes: r.bytes("custom section bytes")?.to_vec(),
            });
        }
        let body_end = r.offset();
        let n = r.count("debug entry count", min_bytes::DEBUG_ENTRY)?;
        let mut debug = Vec::with_capacity(n);
        for _ in 0..n {
            let index = r.u32("debug function index")?;
            let name = r.str("debug name")?.to_string();
            let start = r.u32("debug start")?;
            let end = r.u32("debug end")?;
            let unsupported = if r.bool("debug unsupported flag")? {
                Some(r.str("debug unsupported reason")?.to_string())
            } else {
                None
            };
            debug.push(FuncDebug {
                index,
                name,
                start,
                end,
                unsupported,
            });
        }
        r.finish("package")?;
        let p = Package {
            program,
            layout,
            imports,
            globals,
            exports,
            functions,
            tables,
            elements,
            data,
            start,
            custom_sections,
            debug,
        };
        p.check()
            .map_err(|what| FormatError::new(layout_end.min(body_end), what))?;
        Ok(p)
    }

    /// Checks the cross-references a runtime relies on: layout ordering, pcs inside
    /// the code, indices in range. Returns what is wrong.
    pub fn check(&self) -> Result<(), String> {
        let p = &self.program;
        let l = &self.layout;
        let lin = l.max_pages as u64 * PAGE_SIZE as u64;
        if l.memory.min > l.max_pages {
            return Err(format!(
                "memory minimum {} exceeds max pages {}",
                l.memory.min, l.max_pages
            ));
        }
        let globals_end = l.globals_base as u64 + 8 * self.globals.len() as u64;
        let mut end = l.funcs_base as u64 + 8 * (self.functions.len() as u64 + 1);
        if (l.globals_base as u64) < lin
            || globals_end > l.funcs_base as u64
            || l.stack_limit > p.stack_top
            || p.stack_top != p.memory_size
        {
            return Err("inconsistent data-memory layout".into());
        }
        for (i, t) in self.tables.iter().enumerate() {
            let max = t.limits.max.unwrap_or(u32::MAX);
            if (t.base as u64) < end || t.limits.min > t.capacity || t.capacity > max {
                return Err(format!("table {i} is misplaced or larger than declared"));
            }
            end = t.end();
        }
        if end > l.stack_limit as u64 {
            return Err("inconsistent data-memory layout".into());
        }
        if !p.contains_pc(l.halt_pc) {
            return Err(format!("halt pc {:#x} is outside the code", l.halt_pc));
        }
        let nf = self.functions.len() as u64;
        let ng = self.globals.len() as u64;
        for (i, f) in self.functions.iter().enumerate() {
            if !p.contains_pc(f.pc) {
                return Err(format!(
                    "function {i} entry {:#x} is outside the code",
                    f.pc
                ));
            }
        }
        let mut numbers = std::collections::HashSet::new();
        let mut has_memory = false;
        let mut table_imports = 0u64;
        for (i, imp) in self.imports.iter().enumerate() {
            match &imp.kind {
                ImportKind::Func { call_number, .. } => {
                    if *call_number < crate::abi::ecall::IMPORT_BASE
                        || *call_number & crate::abi::ecall::HELPER_FLAG != 0
                        || !numbers.insert(*call_number)
                    {
                        return Err(format!("import {i} has an invalid call number"));
                    }
                }
                ImportKind::Global { ty, index, .. } => {
                    let g = self
                        .globals
                        .get(*index as usize)
                        .ok_or("bad global index")?;
                    if g.ty != *ty || g.init != ConstInit::Global(*index) {
                        return Err(format!("import {i} does not match its global slot"));
                    }
                }
                ImportKind::Memory(_) if has_memory => return Err("two memories".into()),
                ImportKind::Memory(_) => has_memory = true,
                ImportKind::Table(t) if *t as u64 != table_imports => {
                    return Err(format!("import {i} names table {t} out of order"))
                }
                ImportKind::Table(_) => table_imports += 1,
            }
        }
        let init_ok = |c: &ConstInit| match c {
            ConstInit::Const(_) => true,
            ConstInit::Global(g) => (*g as u64) < ng,
        };
        for (i, g) in self.globals.iter().enumerate() {
            if !init_ok(&g.init) {
                return Err(format!("global {i} has a bad initializer"));
            }
        }
        for e in &self.exports {
            let ok = match e.kind {
                ExportKind::Func(f) => (f as u64) < nf,
                ExportKind::Global(g) => (g as u64) < ng,
                ExportKind::Table(t) => (t as usize) < self.tables.len(),
                ExportKind::Memory => true,
            };
            if !ok {
                return Err(format!("export {:?} names a missing item", e.name));
            }
        }
        for (i, e) in self.elements.iter().enumerate() {
            let mode_ok = match e.mode {
                ElemMode::Active { table, offset } => {
                    init_ok(&offset)
                        && self
                            .tables
                            .get(table as usize)
                            .is_some_and(|t| t.ty == e.ty)
                }
                ElemMode::Passive | ElemMode::Declared => true,
            };
            let items_ok = e.items.iter().all(|it| match it {
                ElemItem::Null => true,
                ElemItem::Func(f) => (*f as u64) < nf && e.ty == RefKind::Func,
                ElemItem::Global(g) => self
                    .globals
                    .get(*g as usize)
                    .is_some_and(|g| g.ty.ref_kind() == Some(e.ty)),
            });
            if !mode_ok || !items_ok {
                return Err(format!("element segment {i} references a missing item"));
            }
        }
        for (i, d) in self.data.iter().enumerate() {
            if let DataMode::Active(off) = &d.mode {
                if !init_ok(off) {
                    return Err(format!("data segment {i} has a bad offset"));
                }
            }
        }
        if let Some(s) = self.start {
            if s as u64 >= nf {
                return Err("start function is missing".into());
            }
        }
        Ok(())
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
mod tests {
    use super::*;
    use crate::program::Isa;

    /// Every per-item minimum `decode` bounds counts with equals the encoder's output
    /// for the smallest item of that kind (a larger minimum refuses valid packages: a
    /// debug entry with an empty name is 17 bytes, once assumed to be 18).
    #[test]
    fn min_item_sizes_match_the_encoding() {
        let base = Package::interface_only(vec![]);
        let len0 = base.encode().len();
        let grown = |f: &dyn Fn(&mut Package)| {
            let mut p = base.clone();
            f(&mut p);
            p.encode().len() - len0
        };
        let limits = Limits { min: 0, max: None };
        let init = ConstInit::Global(0);
        assert_eq!(
            grown(&|p| p.imports.push(Import {
                module: String::new(),
                name: String::new(),
                kind: ImportKind::Memory(limits),
            })),
            min_bytes::IMPORT
        );
        assert_eq!(
            grown(&|p| p.globals.push(Global {
                ty: ValType::I32,
                mutable: false,
                init,
            })),
            min_bytes::GLOBAL
        );
        assert_eq!(
            grown(&|p| p.exports.push(Export {
                name: String::new(),
                kind: ExportKind::Memory,
            })),
            min_bytes::EXPORT
        );
        assert_eq!(
            grown(&|p| p.functions.push(Function {
                sig: FuncSig::default(),
                type_id: 0,
                pc: 0,
            })),
            min_bytes::FUNCTION
        );
        assert_eq!(
            grown(&|p| p.elements.push(ElementSegment {
                mode: ElemMode::Passive,
                ty: RefKind::Func,
                items: vec![],
            })),
            min_bytes::ELEMENT_SEGMENT
        );
        let one_null = |p: &mut Package| {
            p.elements.push(ElementSegment {
                mode: ElemMode::Passive,
                ty: RefKind::Func,
                items: vec![ElemItem::Null],
            })
        };
        assert_eq!(
            grown(&one_null) - min_bytes::ELEMENT_SEGMENT,
            min_bytes::ELEMENT
        );
        assert_eq!(
            grown(&|p| p.data.push(DataSegment {
                mode: DataMode::Passive,
                bytes: vec![],
            })),
            min_bytes::DATA_SEGMENT
        );
        assert_eq!(
            grown(&|p| p.custom_sections.push(CustomSection {
                name: String::new(),
                bytes: vec![],
            })),
            min_bytes::CUSTOM_SECTION
        );
        assert_eq!(
            grown(&|p| p.debug.push(FuncDebug {
                index: 0,
                name: String::new(),
                start: 0,
                end: 0,
                unsupported: None,
            })),
            min_bytes::DEBUG_ENTRY
        );
        let sig = FuncSig {
            params: vec![ValType::I32],
            results: vec![],
        };
        let with_param = grown(&|p| {
            p.functions.push(Function {
                sig: sig.clone(),
                type_id: 0,
                pc: 0,
            })
        });
        assert_eq!(with_param - min_bytes::FUNCTION, min_bytes::VALTYPE);
    }

    /// The regression the minimum above caused: a package whose debug entries have
    /// empty names decodes (it used to fail with "debug entry count ... exceeds").
    #[test]
    fn unnamed_debug_entries_decode() {
        let mut p = sample();
        let n = p.debug.len();
        for d in &mut p.debug {
            d.name.clear();
        }
        for i in 0..40 {
            let mut d = p.debug[i % n].clone();
            d.index = 100 + i as u32;
            p.debug.push(d);
        }
        assert_eq!(Package::decode(&p.encode()).unwrap(), p);
    }

    pub(crate) fn sample() -> Package {
        let sig = FuncSig {
            params: vec![ValType::I32, ValType::I64],
            results: vec![ValType::I32],
        };
        Package {
            program: Program {
                isa: Isa::Rv32em,
                code_base: 0,
                code: vec![0x0000_0013, 0x0000_0073, 0x0000_0073],
                entry: 0,
                memory_size: 0x3_0000,
                stack_top: 0x3_0000,
                data: vec![],
            },
            layout: Layout {
                memory: Limits {
                    min: 1,
                    max: Some(2),
                },
                max_pages: 2,
                globals_base: 0x2_0000,
                funcs_base: 0x2_0010,
                stack_limit: 0x2_1000,
                halt_pc: 4,
            },
            imports: vec![
                Import {
                    module: "env".into(),
                    name: "f".into(),
                    kind: ImportKind::Func {
                        sig: sig.clone(),
                        call_number: 0x100,
                    },
                },
                Import {
                    module: "env".into(),
                    name: "g".into(),
                    kind: ImportKind::Global {
                        ty: ValType::I32,
                        mutable: false,
                        index: 0,
                    },
                },
            ],
            globals: vec![
                Global {
                    ty: ValType::I32,
                    mutable: false,
                    init: ConstInit::Global(0),
                },
                Global {
                    ty: ValType::I64,
                    mutable: true,
                    init: ConstInit::Const(7),
                },
            ],
            exports: vec![Export {
                name: "run".into(),
                kind: ExportKind::Func(1),
            }],
            functions: vec![
                Function {
                    sig: sig.clone(),
                    type_id: 0,
                    pc: 8,
                },
                Function {
                    sig,
                    type_id: 0,
                    pc: 0,
                },
            ],
            tables: vec![Table {
                ty: RefKind::Func,
                limits: Limits { min: 2, max: None },
                capacity: 8,
                base: 0x2_0100,
            }],
            elements: vec![
                ElementSegment {
                    mode: ElemMode::Active {
                        table: 0,
                        offset: ConstInit::Const(0),
                    },
                    ty: RefKind::Func,
                    items: vec![ElemItem::Func(1), ElemItem::Null],
                },
                ElementSegment {
                    mode: ElemMode::Passive,
                    ty: RefKind::Func,
                    items: vec![ElemItem::Func(0)],
                },
            ],
            data: vec![DataSegment {
                mode: DataMode::Active(ConstInit::Global(0)),
                bytes: b"hi".to_vec(),
            }],
            start: Some(1),
            custom_sections: vec![CustomSection {
                name: "component-type:w".into(),
                bytes: vec![1, 2, 3],
            }],
            debug: vec![FuncDebug {
                index: 1,
                name: "run".into(),
                start: 0,
                end: 8,
                unsupported: None,
            }],
        }
    }

    #[test]
    fn round_trip_and_hash_ignores_debug() {
        let p = sample();
        let bytes = p.encode();
        assert_eq!(Package::decode(&bytes).unwrap(), p);
        let mut q = p.clone();
        q.debug[0].name = "other".into();
        assert_eq!(p.code_hash(), q.code_hash());
        q.custom_sections[0].bytes.push(4);
        assert_ne!(p.code_hash(), q.code_hash());
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = sample().encode();
        for n in 0..bytes.len() {
            assert!(Package::decode(&bytes[..n]).is_err(), "prefix {n} accepted");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(Package::decode(&long).is_err());
    }

    #[test]
    fn flipped_bytes_never_panic_and_bad_references_are_caught() {
        let bytes = sample().encode();
        let mut rejected = 0;
        for i in 0..bytes.len() {
            for bit in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= bit;
                if Package::decode(&b).is_err() {
                    rejected += 1;
                }
            }
        }
        assert!(
            rejected > bytes.len(),
            "only {rejected} corruptions rejected"
        );
        let mut p = sample();
        p.exports[0].kind = ExportKind::Func(9);
        assert!(Package::decode(&p.encode()).is_err());
        let mut p = sample();
        p.functions[0].pc = 0x40;
        assert!(p.check().unwrap_err().contains("outside the code"));
        let mut p = sample();
        p.elements[0].items[1] = ElemItem::Func(5);
        assert!(p.check().is_err());
        let mut p = sample();
        p.tables[0].base = 0x2_0010;
        assert!(p.check().unwrap_err().contains("misplaced"));
    }
}
