//! The package's byte encoding (see the module docs of [`super`] for the layout):
//! [`Package::encode_body`] / [`Package::encode`] write it, [`Package::decode`] reads
//! it back bounded by the bytes left and then runs [`Package::check`].

use super::sections::{read_program, read_section, write_program, write_section};
use super::{
    min_bytes, read_opt_u32, write_opt_u32, ConstInit, CustomSection, DataMode, DataSegment,
    ElementSegment, Export, ExportKind, FuncDebug, FuncSig, Function, Global, Import, ImportKind,
    Layout, Limits, Package, Table, ValType, PACKAGE_MAGIC, PACKAGE_VERSION,
};
use crate::codec::{FormatError, Reader, Writer};

impl Package {
    /// The canonical bytes without debug info, uncompressed: what the code hash
    /// covers (`magic | version | body`).
    pub fn encode_body(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.raw(&PACKAGE_MAGIC);
        w.u16(PACKAGE_VERSION);
        self.write_body(&mut w);
        w.finish()
    }

    /// The package file: `magic | version | compressed (body, debug)` (see [`super::sections`]).
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Writer::new();
        self.write_body(&mut body);
        let mut w = Writer::new();
        w.raw(&PACKAGE_MAGIC);
        w.u16(PACKAGE_VERSION);
        write_section(&mut w, &[&body.finish(), &self.encode_debug()]);
        w.finish()
    }

    fn write_body(&self, w: &mut Writer) {
        write_program(w, &self.program);
        let l = &self.layout;
        l.memory.write(w);
        w.var_u32(l.max_pages);
        w.var_u32(l.globals_base);
        w.var_u32(l.funcs_base);
        w.var_u32(l.stack_limit);
        w.var_u32(l.halt_pc);
        w.var_u32(l.foreign_funcs);
        w.var_u32(l.foreign_pc);
        w.var_u32(self.imports.len() as u32);
        for i in &self.imports {
            w.var_str(&i.module);
            w.var_str(&i.name);
            match &i.kind {
                ImportKind::Func { sig, call_number } => {
                    w.u8(0);
                    sig.write(w);
                    w.var_u32(*call_number);
                }
                ImportKind::Global { ty, mutable, index } => {
                    w.u8(1);
                    w.u8(ty.to_byte());
                    w.bool(*mutable);
                    w.var_u32(*index);
                }
                ImportKind::Memory(lim) => {
                    w.u8(2);
                    lim.write(w);
                }
                ImportKind::Table(t) => {
                    w.u8(3);
                    w.var_u32(*t);
                }
            }
        }
        w.var_u32(self.globals.len() as u32);
        for g in &self.globals {
            w.u8(g.ty.to_byte());
            w.bool(g.mutable);
            g.init.write(w);
        }
        w.var_u32(self.exports.len() as u32);
        for e in &self.exports {
            w.var_str(&e.name);
            match e.kind {
                ExportKind::Func(i) => {
                    w.u8(0);
                    w.var_u32(i);
                }
                ExportKind::Global(i) => {
                    w.u8(1);
                    w.var_u32(i);
                }
                ExportKind::Memory => w.u8(2),
                ExportKind::Table(t) => {
                    w.u8(3);
                    w.var_u32(t);
                }
            }
        }
        w.var_u32(self.types.len() as u32);
        for t in &self.types {
            t.write(w);
        }
        write_functions(w, &self.functions, &self.types);
        w.var_u32(self.tables.len() as u32);
        for t in &self.tables {
            t.write(w);
        }
        w.var_u32(self.elements.len() as u32);
        for e in &self.elements {
            e.write(w);
        }
        w.var_u32(self.data.len() as u32);
        for d in &self.data {
            match d.mode {
                DataMode::Active(off) => {
                    w.u8(0);
                    off.write(w);
                }
                DataMode::Passive => w.u8(1),
            }
            w.var_bytes(&d.bytes);
        }
        write_opt_u32(w, self.start);
        w.var_u32(self.custom_sections.len() as u32);
        for c in &self.custom_sections {
            w.var_str(&c.name);
            w.var_bytes(&c.bytes);
        }
    }

    /// The debug section, uncompressed.
    /// The debug section, uncompressed: per entry the index as the difference from
    /// the previous entry's, the name, the start as the difference from the previous
    /// entry's end, the length, and the unsupported reason if any.
    pub(crate) fn encode_debug(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.var_u32(self.debug.len() as u32);
        let (mut index, mut end) = (0u32, 0u32);
        for d in &self.debug {
            w.var_i32(d.index.wrapping_sub(index) as i32);
            w.var_str(&d.name);
            w.var_i32(d.start.wrapping_sub(end) as i32);
            w.var_u32(d.end.wrapping_sub(d.start));
            (index, end) = (d.index, d.end);
            match &d.unsupported {
                Some(s) => {
                    w.u8(1);
                    w.var_str(s);
                }
                None => w.u8(0),
            }
        }
        w.finish()
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
        let body_at = r.offset();
        let [body, debug] = read_section(&mut r, "package sections")?;
        r.finish("package")?;
        let debug_at = body_at;
        let inner = |at: usize, section: &'static str| {
            move |e: FormatError| {
                FormatError::new(at, format!("{section} byte {}: {}", e.offset, e.what))
            }
        };
        let mut d = Reader::new(&debug);
        let debug = read_debug(&mut d)
            .and_then(|v| d.finish("debug section").map(|_| v))
            .map_err(inner(debug_at, "debug section"))?;
        let mut p = Package::read_body(&body).map_err(inner(body_at, "package body"))?;
        p.debug = debug;
        p.check()
            .map_err(|e| FormatError::new(body_at, e.to_string()))?;
        Ok(p)
    }

    /// Parses the uncompressed body (everything but the debug section).
    fn read_body(body: &[u8]) -> Result<Package, FormatError> {
        let mut r = Reader::new(body);
        let program = read_program(&mut r)?;
        let layout = Layout {
            memory: Limits::read(&mut r)?,
            max_pages: r.var_u32("max pages")?,
            globals_base: r.var_u32("globals base")?,
            funcs_base: r.var_u32("function descriptors base")?,
            stack_limit: r.var_u32("stack limit")?,
            halt_pc: r.var_u32("halt pc")?,
            foreign_funcs: r.var_u32("foreign function slots")?,
            foreign_pc: r.var_u32("foreign trampolines pc")?,
        };
        let imports = read_imports(&mut r)?;
        let globals = read_globals(&mut r)?;
        let exports = read_exports(&mut r)?;
        let n = r.var_count("type count", min_bytes::TYPE)?;
        let types = (0..n)
            .map(|_| FuncSig::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let functions = read_functions(&mut r, &types)?;
        let n = r.var_count("table count", min_bytes::TABLE)?;
        let tables = (0..n)
            .map(|_| Table::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.var_count("element segment count", min_bytes::ELEMENT_SEGMENT)?;
        let elements = (0..n)
            .map(|_| ElementSegment::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let data = read_data(&mut r)?;
        let start = read_opt_u32(&mut r, "start function")?;
        let n = r.var_count("custom section count", min_bytes::CUSTOM_SECTION)?;
        let mut custom_sections = Vec::with_capacity(n);
        for _ in 0..n {
            custom_sections.push(CustomSection {
                name: r.var_str("custom section name")?.to_string(),
                bytes: r.var_bytes("custom section bytes")?.to_vec(),
            });
        }
        r.finish("package body")?;
        Ok(Package {
            program,
            layout,
            imports,
            globals,
            exports,
            functions,
            types,
            tables,
            elements,
            data,
            start,
            custom_sections,
            debug: vec![],
        })
    }
}

fn read_imports(r: &mut Reader<'_>) -> Result<Vec<Import>, FormatError> {
    let n = r.var_count("import count", min_bytes::IMPORT)?;
    let mut imports = Vec::with_capacity(n);
    for _ in 0..n {
        let module = r.var_str("import module")?.to_string();
        let name = r.var_str("import name")?.to_string();
        let at = r.offset();
        let kind = match r.u8("import kind")? {
            0 => ImportKind::Func {
                sig: FuncSig::read(r)?,
                call_number: r.var_u32("call number")?,
            },
            1 => ImportKind::Global {
                ty: ValType::read(r)?,
                mutable: r.bool("global mutability")?,
                index: r.var_u32("global index")?,
            },
            2 => ImportKind::Memory(Limits::read(r)?),
            3 => ImportKind::Table(r.var_u32("table index")?),
            v => return Err(FormatError::new(at, format!("unknown import kind {v}"))),
        };
        imports.push(Import { module, name, kind });
    }
    Ok(imports)
}

fn read_globals(r: &mut Reader<'_>) -> Result<Vec<Global>, FormatError> {
    let n = r.var_count("global count", min_bytes::GLOBAL)?;
    let mut globals = Vec::with_capacity(n);
    for _ in 0..n {
        globals.push(Global {
            ty: ValType::read(r)?,
            mutable: r.bool("global mutability")?,
            init: ConstInit::read(r)?,
        });
    }
    Ok(globals)
}

fn read_exports(r: &mut Reader<'_>) -> Result<Vec<Export>, FormatError> {
    let n = r.var_count("export count", min_bytes::EXPORT)?;
    let mut exports = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.var_str("export name")?.to_string();
        let at = r.offset();
        let kind = match r.u8("export kind")? {
            0 => ExportKind::Func(r.var_u32("function index")?),
            1 => ExportKind::Global(r.var_u32("global index")?),
            2 => ExportKind::Memory,
            3 => ExportKind::Table(r.var_u32("table index")?),
            v => return Err(FormatError::new(at, format!("unknown export kind {v}"))),
        };
        exports.push(Export { name, kind });
    }
    Ok(exports)
}

/// Functions: type id, then the signature only when it is not `types[type_id]`
/// (flag byte 1), then the pc as the difference from the previous function's.
fn write_functions(w: &mut Writer, functions: &[Function], types: &[FuncSig]) {
    w.var_u32(functions.len() as u32);
    let mut pc = 0u32;
    for f in functions {
        w.var_u32(f.type_id);
        if types.get(f.type_id as usize) == Some(&f.sig) {
            w.u8(0);
        } else {
            w.u8(1);
            f.sig.write(w);
        }
        w.var_i32(f.pc.wrapping_sub(pc) as i32);
        pc = f.pc;
    }
}

fn read_functions(r: &mut Reader<'_>, types: &[FuncSig]) -> Result<Vec<Function>, FormatError> {
    let n = r.var_count("function count", min_bytes::FUNCTION)?;
    let mut functions = Vec::with_capacity(n);
    let mut pc = 0u32;
    for _ in 0..n {
        let type_id = r.var_u32("type id")?;
        let at = r.offset();
        let sig = if r.bool("function signature flag")? {
            let sig = FuncSig::read(r)?;
            if types.get(type_id as usize) == Some(&sig) {
                return Err(FormatError::new(at, "explicit signature equals its type's"));
            }
            sig
        } else {
            types.get(type_id as usize).cloned().ok_or_else(|| {
                FormatError::new(at, format!("function type id {type_id} out of range"))
            })?
        };
        pc = pc.wrapping_add(r.var_i32("function pc delta")? as u32);
        functions.push(Function { sig, type_id, pc });
    }
    Ok(functions)
}

fn read_data(r: &mut Reader<'_>) -> Result<Vec<DataSegment>, FormatError> {
    let n = r.var_count("data segment count", min_bytes::DATA_SEGMENT)?;
    let mut data = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.offset();
        let mode = match r.u8("data mode")? {
            0 => DataMode::Active(ConstInit::read(r)?),
            1 => DataMode::Passive,
            v => return Err(FormatError::new(at, format!("unknown data mode {v}"))),
        };
        let bytes = r.var_bytes("data bytes")?.to_vec();
        data.push(DataSegment { mode, bytes });
    }
    Ok(data)
}

fn read_debug(r: &mut Reader<'_>) -> Result<Vec<FuncDebug>, FormatError> {
    let n = r.var_count("debug entry count", min_bytes::DEBUG_ENTRY)?;
    let mut debug = Vec::with_capacity(n);
    let (mut index, mut end) = (0u32, 0u32);
    for _ in 0..n {
        index = index.wrapping_add(r.var_i32("debug function index")? as u32);
        let name = r.var_str("debug name")?.to_string();
        let start = end.wrapping_add(r.var_i32("debug start")? as u32);
        end = start.wrapping_add(r.var_u32("debug length")?);
        let unsupported = if r.bool("debug unsupported flag")? {
            Some(r.var_str("debug unsupported reason")?.to_string())
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
    Ok(debug)
}
