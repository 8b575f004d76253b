//! What the runtime executes: per component, index-keyed tables the linker derived
//! from the package's WIT world, so the runtime never decodes WIT.
//!
//! * [`TypeDef`]s: the component-level types of every function the component exports
//!   or imports, as a table in which an entry only refers to *earlier* entries (or to
//!   primitives), so a table is a DAG, built bottom-up in one pass, and recursion over
//!   it is bounded by its length.
//! * [`ResourceDef`]s: the resource types the component's handles refer to, with their
//!   global identity (owner, defining interface, name) and destructor export.
//! * [`ExportFn`]s: export key (`iface@ver#func`) -> core symbol, post-return symbol,
//!   signature; sorted by key.
//! * [`CoreImport`]s: each core import (`module`, `name`) the component may call ->
//!   what serves it: a component-level function (another component's export, by code
//!   hash and *index* into that component's export table, or a host interface
//!   function) or a resource intrinsic on a resource-table index; sorted by
//!   (module, name).
//!
//! Layout (after a component's `imports` in the manifest, see [`super`]):
//!
//! ```text
//! tables    = types: count u32, typedef* | resources: count u32, resource*
//!           | exports: count u32, export* | imports: count u32, core-import*
//! typeref   = u32: 0..=12 bool s8 u8 s16 u16 s32 u32 s64 u64 char string f32 f64,
//!             16 + i: entry i of the types table (i < the referring entry's index)
//! typedef   = 0 list typeref | 1 record optname, count u32, (str typeref)*
//!           | 2 tuple count u32, typeref* | 3 variant optname, count u32, (str opttype)*
//!           | 4 enum optname, count u32, str* | 5 option typeref
//!           | 6 result opttype opttype | 7 flags optname, count u32, str*
//!           | 8 own u32 (resource index) | 9 borrow u32 | 10 unsupported str (reason)
//! optname   = 0 | 1 str          opttype = 0 | 1 typeref      optstr = 0 | 1 str
//! resource  = owner (0 host | 1 hash [32]) | interface str | name str | dtor optstr
//! sig       = params: count u32, (str typeref)* | result opttype
//! export    = key str | core str | post-return optstr | sig
//! core-import = module str | name str
//!           | 0 func: name str, sig, target (0 host: interface str, function str
//!                                           | 1 component: hash [32], export u32)
//!           | 1 resource-new u32 | 2 resource-rep u32 | 3 resource-drop u32
//! ```
//!
//! A resource index of `u32::MAX` in `own`/`borrow` names a resource the linker could
//! not attribute to an imported or exported interface; handles of it trap when used.

use super::error::{invalid, ManifestError};
use super::types::{depths, MAX_TYPE_DEPTH};
use crate::codec::{Decoded, FormatError, Reader, Writer};
use crate::hash::CodeHash;

/// First type-table reference: smaller references are primitives.
pub const TYPE_DEF_BASE: u32 = 16;
/// Resource index meaning "not attributable to an interface".
pub const UNKNOWN_RESOURCE: u32 = u32::MAX;

/// A primitive component type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prim {
    /// `bool`
    Bool,
    /// `s8`
    S8,
    /// `u8`
    U8,
    /// `s16`
    S16,
    /// `u16`
    U16,
    /// `s32`
    S32,
    /// `u32`
    U32,
    /// `s64`
    S64,
    /// `u64`
    U64,
    /// `char`
    Char,
    /// `string`
    String,
    /// `f32` (IEEE 754 binary32; NaNs canonical across the boundary)
    F32,
    /// `f64` (IEEE 754 binary64; NaNs canonical across the boundary)
    F64,
}

const PRIMS: [Prim; 13] = [
    Prim::Bool,
    Prim::S8,
    Prim::U8,
    Prim::S16,
    Prim::U16,
    Prim::S32,
    Prim::U32,
    Prim::S64,
    Prim::U64,
    Prim::Char,
    Prim::String,
    Prim::F32,
    Prim::F64,
];

/// A reference to a type: a primitive or an entry of the component's type table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A primitive.
    Prim(Prim),
    /// Entry `i` of the type table.
    Def(u32),
}

impl TypeRef {
    fn to_u32(self) -> u32 {
        match self {
            TypeRef::Prim(p) => PRIMS.iter().position(|q| *q == p).unwrap_or(0) as u32,
            TypeRef::Def(i) => TYPE_DEF_BASE.saturating_add(i),
        }
    }

    fn from_u32(v: u32) -> Option<TypeRef> {
        if v >= TYPE_DEF_BASE {
            Some(TypeRef::Def(v - TYPE_DEF_BASE))
        } else {
            PRIMS.get(v as usize).copied().map(TypeRef::Prim)
        }
    }
}

/// One entry of a type table (see the module docs for the encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// `list<T>`
    List(TypeRef),
    /// A record (its WIT name, if any, and its fields in order).
    Record(Option<String>, Vec<(String, TypeRef)>),
    /// `tuple<...>`
    Tuple(Vec<TypeRef>),
    /// A variant (name, cases with optional payloads).
    Variant(Option<String>, Vec<(String, Option<TypeRef>)>),
    /// An enum (name, cases).
    Enum(Option<String>, Vec<String>),
    /// `option<T>`
    Option(TypeRef),
    /// `result<T?, E?>`
    Result(Option<TypeRef>, Option<TypeRef>),
    /// Flags (name, flag names).
    Flags(Option<String>, Vec<String>),
    /// `own<R>`, R a resource-table index.
    Own(u32),
    /// `borrow<R>`, R a resource-table index.
    Borrow(u32),
    /// A type Rivet cannot pass (floats, streams, ...): the reason. Linking succeeds;
    /// the runtime refuses to prepare a component whose functions use one.
    Unsupported(String),
}

impl TypeDef {
    /// The type references this entry contains, in order.
    pub fn refs(&self) -> Vec<TypeRef> {
        match self {
            TypeDef::List(t) | TypeDef::Option(t) => vec![*t],
            TypeDef::Record(_, fs) => fs.iter().map(|(_, t)| *t).collect(),
            TypeDef::Tuple(ts) => ts.clone(),
            TypeDef::Variant(_, cs) => cs.iter().filter_map(|(_, t)| *t).collect(),
            TypeDef::Result(a, b) => a.iter().chain(b).copied().collect(),
            _ => Vec::new(),
        }
    }
}

/// A resource type a component's handles refer to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceDef {
    /// The defining component's code hash, or `None` for a host resource.
    pub owner: Option<CodeHash>,
    /// The defining interface as its owner exports it (`ns:pkg/iface@ver`).
    pub interface: String,
    /// The resource's name.
    pub name: String,
    /// The core export that destroys it, for a resource this component defines.
    pub dtor: Option<String>,
}

impl ResourceDef {
    /// The global identity (owner, interface, name): two components mean the same
    /// resource type exactly when these agree.
    pub fn identity(&self) -> (Option<CodeHash>, &str, &str) {
        (self.owner, &self.interface, &self.name)
    }
}

/// A component-level function signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncSig {
    /// Named parameters.
    pub params: Vec<(String, TypeRef)>,
    /// The result, if any.
    pub result: Option<TypeRef>,
}

/// An exported component-level function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFn {
    /// `iface@ver#func`, or a world-level function's name.
    pub key: String,
    /// The core function implementing it.
    pub core: String,
    /// Its post-return core function, when the package exports one.
    pub post_return: Option<String>,
    /// Its signature.
    pub sig: FuncSig,
}

/// Who serves an imported component-level function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallTarget {
    /// A host interface function.
    Host {
        /// The `rivet:base` interface.
        interface: String,
        /// The function's WIT name.
        function: String,
    },
    /// Another component's export.
    Component {
        /// The provider's code hash.
        hash: CodeHash,
        /// Index into the provider's [`Tables::exports`].
        export: u32,
    },
}

/// What a core import is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreImportKind {
    /// A component-level function.
    Func {
        /// `iface#func` (the importer's name for it, for messages).
        name: String,
        /// Its signature as the importer sees it.
        sig: FuncSig,
        /// Who serves it.
        target: CallTarget,
    },
    /// `[resource-new]R` of a resource the component defines.
    ResourceNew(u32),
    /// `[resource-rep]R`.
    ResourceRep(u32),
    /// `[resource-drop]R`.
    ResourceDrop(u32),
}

/// A core import the component's package may declare, and what serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreImport {
    /// Core module name (`iface@ver`, `$root`, `[export]iface@ver`).
    pub module: String,
    /// Core function name.
    pub name: String,
    /// What it is.
    pub kind: CoreImportKind,
}

/// A component's runtime tables (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// Type table; entries refer only to earlier entries.
    pub types: Vec<TypeDef>,
    /// Resource table.
    pub resources: Vec<ResourceDef>,
    /// Exported functions, sorted by key.
    pub exports: Vec<ExportFn>,
    /// Core imports, sorted by (module, name).
    pub imports: Vec<CoreImport>,
}

impl Tables {
    /// The export with key `key`.
    pub fn export(&self, key: &str) -> Option<(u32, &ExportFn)> {
        let i = self
            .exports
            .binary_search_by(|e| e.key.as_str().cmp(key))
            .ok()?;
        Some((i as u32, &self.exports[i]))
    }

    /// The core import `module.name`.
    pub fn import(&self, module: &str, name: &str) -> Option<(u32, &CoreImport)> {
        let i = self
            .imports
            .binary_search_by(|c| (c.module.as_str(), c.name.as_str()).cmp(&(module, name)))
            .ok()?;
        Some((i as u32, &self.imports[i]))
    }

    /// Checks what does not need the rest of the manifest: canonical order, every
    /// type reference earlier than its entry, every resource index in range.
    pub fn check_local(&self, who: &str) -> Result<(), ManifestError> {
        let bad = |reason: String| invalid(who, reason);
        let n_res = self.resources.len() as u32;
        if let Some(i) = depths(&self.types).iter().position(|d| *d > MAX_TYPE_DEPTH) {
            return Err(bad(format!("type {i} nests deeper than {MAX_TYPE_DEPTH}")));
        }
        let res_ok = |r: u32| r < n_res || r == UNKNOWN_RESOURCE;
        for (i, d) in self.types.iter().enumerate() {
            for r in d.refs() {
                if let TypeRef::Def(j) = r {
                    if j as usize >= i {
                        return Err(bad(format!(
                            "type {i} refers to type {j}, not an earlier one"
                        )));
                    }
                }
            }
            if let TypeDef::Own(r) | TypeDef::Borrow(r) = d {
                if !res_ok(*r) {
                    return Err(bad(format!("type {i}: resource {r} out of range")));
                }
            }
        }
        let ty_ok = |t: &TypeRef| match t {
            TypeRef::Def(j) => (*j as usize) < self.types.len(),
            TypeRef::Prim(_) => true,
        };
        let sig_ok = |s: &FuncSig| s.params.iter().map(|(_, t)| t).chain(&s.result).all(ty_ok);
        for pair in self.exports.windows(2) {
            if pair[0].key >= pair[1].key {
                return Err(bad(format!(
                    "export `{}` out of order or repeated",
                    pair[1].key
                )));
            }
        }
        for e in &self.exports {
            if !sig_ok(&e.sig) {
                return Err(bad(format!("export `{}`: type out of range", e.key)));
            }
        }
        for pair in self.imports.windows(2) {
            if (&pair[0].module, &pair[0].name) >= (&pair[1].module, &pair[1].name) {
                return Err(bad(format!(
                    "core import `{}.{}` out of order or repeated",
                    pair[1].module, pair[1].name
                )));
            }
        }
        for c in &self.imports {
            let ok = match &c.kind {
                CoreImportKind::Func { sig, .. } => sig_ok(sig),
                CoreImportKind::ResourceNew(r)
                | CoreImportKind::ResourceRep(r)
                | CoreImportKind::ResourceDrop(r) => *r < n_res,
            };
            if !ok {
                return Err(bad(format!(
                    "core import `{}.{}`: type or resource out of range",
                    c.module, c.name
                )));
            }
        }
        Ok(())
    }

    /// Appends the encoding (module docs).
    pub fn encode(&self, w: &mut Writer) {
        w.u32(self.types.len() as u32);
        for d in &self.types {
            write_typedef(w, d);
        }
        w.u32(self.resources.len() as u32);
        for r in &self.resources {
            match &r.owner {
                None => w.u8(0),
                Some(h) => {
                    w.u8(1);
                    w.raw(&h.0);
                }
            }
            w.str(&r.interface);
            w.str(&r.name);
            write_opt_str(w, r.dtor.as_deref());
        }
        w.u32(self.exports.len() as u32);
        for e in &self.exports {
            w.str(&e.key);
            w.str(&e.core);
            write_opt_str(w, e.post_return.as_deref());
            write_sig(w, &e.sig);
        }
        w.u32(self.imports.len() as u32);
        for c in &self.imports {
            w.str(&c.module);
            w.str(&c.name);
            match &c.kind {
                CoreImportKind::Func { name, sig, target } => {
                    w.u8(0);
                    w.str(name);
                    write_sig(w, sig);
                    match target {
                        CallTarget::Host {
                            interface,
                            function,
                        } => {
                            w.u8(0);
                            w.str(interface);
                            w.str(function);
                        }
                        CallTarget::Component { hash, export } => {
                            w.u8(1);
                            w.raw(&hash.0);
                            w.u32(*export);
                        }
                    }
                }
                CoreImportKind::ResourceNew(r) => {
                    w.u8(1);
                    w.u32(*r);
                }
                CoreImportKind::ResourceRep(r) => {
                    w.u8(2);
                    w.u32(*r);
                }
                CoreImportKind::ResourceDrop(r) => {
                    w.u8(3);
                    w.u32(*r);
                }
            }
        }
    }

    /// Decodes tables (structure only; [`Tables::check_local`] and the manifest's
    /// cross-component checks run afterwards).
    pub fn decode(r: &mut Reader<'_>) -> Result<Tables, FormatError> {
        let n = r.count("type count", 5)?;
        let mut types = Vec::with_capacity(n);
        for _ in 0..n {
            types.push(read_typedef(r)?);
        }
        let n = r.count("resource count", 10)?;
        let mut resources = Vec::with_capacity(n);
        for _ in 0..n {
            let at = r.offset();
            let owner = match r.u8("resource owner")? {
                0 => None,
                1 => Some(read_hash(r, "resource owner hash")?),
                t => return Err(FormatError::new(at, format!("unknown owner tag {t}"))),
            };
            resources.push(ResourceDef {
                owner,
                interface: r.str("resource interface")?.to_string(),
                name: r.str("resource name")?.to_string(),
                dtor: read_opt_str(r, "destructor")?,
            });
        }
        let n = r.count("export table count", 14)?;
        let mut exports = Vec::with_capacity(n);
        for _ in 0..n {
            exports.push(ExportFn {
                key: r.str("export key")?.to_string(),
                core: r.str("export core symbol")?.to_string(),
                post_return: read_opt_str(r, "post-return")?,
                sig: read_sig(r)?,
            });
        }
        let n = r.count("core import count", 13)?;
        let mut imports = Vec::with_capacity(n);
        for _ in 0..n {
            let module = r.str("core import module")?.to_string();
            let name = r.str("core import name")?.to_string();
            let at = r.offset();
            let kind = match r.u8("core import kind")? {
                0 => {
                    let fname = r.str("function name")?.to_string();
                    let sig = read_sig(r)?;
                    let at = r.offset();
                    let target = match r.u8("call target")? {
                        0 => CallTarget::Host {
                            interface: r.str("host interface")?.to_string(),
                            function: r.str("host function")?.to_string(),
                        },
                        1 => CallTarget::Component {
                            hash: read_hash(r, "target hash")?,
                            export: r.u32("target export")?,
                        },
                        t => return Err(FormatError::new(at, format!("unknown target tag {t}"))),
                    };
                    CoreImportKind::Func {
                        name: fname,
                        sig,
                        target,
                    }
                }
                1 => CoreImportKind::ResourceNew(r.u32("resource index")?),
                2 => CoreImportKind::ResourceRep(r.u32("resource index")?),
                3 => CoreImportKind::ResourceDrop(r.u32("resource index")?),
                t => {
                    return Err(FormatError::new(
                        at,
                        format!("unknown core import kind {t}"),
                    ))
                }
            };
            imports.push(CoreImport { module, name, kind });
        }
        Ok(Tables {
            types,
            resources,
            exports,
            imports,
        })
    }
}

pub(super) fn read_hash(r: &mut Reader<'_>, what: &str) -> Result<CodeHash, FormatError> {
    let mut h = [0u8; 32];
    h.copy_from_slice(r.take(32, what)?);
    Ok(CodeHash(h))
}

fn write_opt_str(w: &mut Writer, s: Option<&str>) {
    match s {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.str(s);
        }
    }
}

fn read_opt_str(r: &mut Reader<'_>, what: &str) -> Decoded<Option<String>> {
    Ok(if r.bool(what)? {
        Some(r.str(what)?.to_string())
    } else {
        None
    })
}

fn write_opt_ty(w: &mut Writer, t: Option<TypeRef>) {
    match t {
        None => w.u8(0),
        Some(t) => {
            w.u8(1);
            w.u32(t.to_u32());
        }
    }
}

fn read_ty(r: &mut Reader<'_>) -> Result<TypeRef, FormatError> {
    let at = r.offset();
    let v = r.u32("type reference")?;
    TypeRef::from_u32(v).ok_or_else(|| FormatError::new(at, format!("bad type reference {v}")))
}

fn read_opt_ty(r: &mut Reader<'_>) -> Result<Option<TypeRef>, FormatError> {
    Ok(if r.bool("optional type")? {
        Some(read_ty(r)?)
    } else {
        None
    })
}

fn write_sig(w: &mut Writer, s: &FuncSig) {
    w.u32(s.params.len() as u32);
    for (n, t) in &s.params {
        w.str(n);
        w.u32(t.to_u32());
    }
    write_opt_ty(w, s.result);
}

fn read_sig(r: &mut Reader<'_>) -> Result<FuncSig, FormatError> {
    let n = r.count("parameter count", 8)?;
    let mut params = Vec::with_capacity(n);
    for _ in 0..n {
        params.push((r.str("parameter name")?.to_string(), read_ty(r)?));
    }
    Ok(FuncSig {
        params,
        result: read_opt_ty(r)?,
    })
}

fn write_names(w: &mut Writer, names: &[String]) {
    w.u32(names.len() as u32);
    for n in names {
        w.str(n);
    }
}

fn read_names(r: &mut Reader<'_>, what: &str) -> Decoded<Vec<String>> {
    let n = r.count(what, 4)?;
    (0..n).map(|_| Ok(r.str(what)?.to_string())).collect()
}

fn write_typedef(w: &mut Writer, d: &TypeDef) {
    let name = |w: &mut Writer, n: &Option<String>| write_opt_str(w, n.as_deref());
    match d {
        TypeDef::List(t) => {
            w.u8(0);
            w.u32(t.to_u32());
        }
        TypeDef::Record(n, fs) => {
            w.u8(1);
            name(w, n);
            w.u32(fs.len() as u32);
            for (f, t) in fs {
                w.str(f);
                w.u32(t.to_u32());
            }
        }
        TypeDef::Tuple(ts) => {
            w.u8(2);
            w.u32(ts.len() as u32);
            ts.iter().for_each(|t| w.u32(t.to_u32()));
        }
        TypeDef::Variant(n, cs) => {
            w.u8(3);
            name(w, n);
            w.u32(cs.len() as u32);
            for (c, t) in cs {
                w.str(c);
                write_opt_ty(w, *t);
            }
        }
        TypeDef::Enum(n, cs) => {
            w.u8(4);
            name(w, n);
            write_names(w, cs);
        }
        TypeDef::Option(t) => {
            w.u8(5);
            w.u32(t.to_u32());
        }
        TypeDef::Result(a, b) => {
            w.u8(6);
            write_opt_ty(w, *a);
            write_opt_ty(w, *b);
        }
        TypeDef::Flags(n, fs) => {
            w.u8(7);
            name(w, n);
            write_names(w, fs);
        }
        TypeDef::Own(r) => {
            w.u8(8);
            w.u32(*r);
        }
        TypeDef::Borrow(r) => {
            w.u8(9);
            w.u32(*r);
        }
        TypeDef::Unsupported(why) => {
            w.u8(10);
            w.str(why);
        }
    }
}

fn read_typedef(r: &mut Reader<'_>) -> Result<TypeDef, FormatError> {
    let at = r.offset();
    Ok(match r.u8("type tag")? {
        0 => TypeDef::List(read_ty(r)?),
        1 => {
            let name = read_opt_str(r, "record name")?;
            let n = r.count("field count", 8)?;
            let mut fs = Vec::with_capacity(n);
            for _ in 0..n {
                fs.push((r.str("field name")?.to_string(), read_ty(r)?));
            }
            TypeDef::Record(name, fs)
        }
        2 => {
            let n = r.count("tuple length", 4)?;
            TypeDef::Tuple((0..n).map(|_| read_ty(r)).collect::<Result<_, _>>()?)
        }
        3 => {
            let name = read_opt_str(r, "variant name")?;
            let n = r.count("case count", 5)?;
            let mut cs = Vec::with_capacity(n);
            for _ in 0..n {
                cs.push((r.str("case name")?.to_string(), read_opt_ty(r)?));
            }
            TypeDef::Variant(name, cs)
        }
        4 => TypeDef::Enum(read_opt_str(r, "enum name")?, read_names(r, "enum cases")?),
        5 => TypeDef::Option(read_ty(r)?),
        6 => TypeDef::Result(read_opt_ty(r)?, read_opt_ty(r)?),
        7 => TypeDef::Flags(read_opt_str(r, "flags name")?, read_names(r, "flags")?),
        8 => TypeDef::Own(r.u32("resource index")?),
        9 => TypeDef::Borrow(r.u32("resource index")?),
        10 => TypeDef::Unsupported(r.str("unsupported type")?.to_string()),
        t => return Err(FormatError::new(at, format!("unknown type tag {t}"))),
    })
}
