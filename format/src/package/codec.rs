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

    /// The package file: `magic | version | body section | debug section`, both
    /// sections compressed (see [`super::sections`]).
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Writer::new();
        self.write_body(&mut body);
        let mut w = Writer::new();
        w.raw(&PACKAGE_MAGIC);
        w.u16(PACKAGE_VERSION);
        write_section(&mut w, &body.finish());
        write_section(&mut w, &self.encode_debug());
        w.finish()
    }

    fn write_body(&self, w: &mut Writer) {
        write_program(w, &self.program);
        let l = &self.layout;
        l.memory.write(w);
        w.u32(l.max_pages);
        w.u32(l.globals_base);
        w.u32(l.funcs_base);
        w.u32(l.stack_limit);
        w.u32(l.halt_pc);
        w.u32(l.foreign_funcs);
        w.u32(l.foreign_pc);
        w.u32(self.imports.len() as u32);
        for i in &self.imports {
            w.str(&i.module);
            w.str(&i.name);
            match &i.kind {
                ImportKind::Func { sig, call_number } => {
                    w.u8(0);
                    sig.write(w);
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
                    lim.write(w);
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
            g.init.write(w);
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
            f.sig.write(w);
            w.u32(f.type_id);
            w.u32(f.pc);
        }
        w.u32(self.types.len() as u32);
        for t in &self.types {
            t.write(w);
        }
        w.u32(self.tables.len() as u32);
        for t in &self.tables {
            t.write(w);
        }
        w.u32(self.elements.len() as u32);
        for e in &self.elements {
            e.write(w);
        }
        w.u32(self.data.len() as u32);
        for d in &self.data {
            match d.mode {
                DataMode::Active(off) => {
                    w.u8(0);
                    off.write(w);
                }
                DataMode::Passive => w.u8(1),
            }
            w.bytes(&d.bytes);
        }
        write_opt_u32(w, self.start);
        w.u32(self.custom_sections.len() as u32);
        for c in &self.custom_sections {
            w.str(&c.name);
            w.bytes(&c.bytes);
        }
    }

    /// The debug section, uncompressed.
    pub(crate) fn encode_debug(&self) -> Vec<u8> {
        let mut w = Writer::new();
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
        let body = read_section(&mut r, "package body")?;
        let debug_at = r.offset();
        let debug = read_section(&mut r, "debug section")?;
        r.finish("package")?;
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
            max_pages: r.u32("max pages")?,
            globals_base: r.u32("globals base")?,
            funcs_base: r.u32("function descriptors base")?,
            stack_limit: r.u32("stack limit")?,
            halt_pc: r.u32("halt pc")?,
            foreign_funcs: r.u32("foreign function slots")?,
            foreign_pc: r.u32("foreign trampolines pc")?,
        };
        let imports = read_imports(&mut r)?;
        let globals = read_globals(&mut r)?;
        let exports = read_exports(&mut r)?;
        let functions = read_functions(&mut r)?;
        let n = r.count("type count", min_bytes::TYPE)?;
        let types = (0..n)
            .map(|_| FuncSig::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count("table count", min_bytes::TABLE)?;
        let tables = (0..n)
            .map(|_| Table::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count("element segment count", min_bytes::ELEMENT_SEGMENT)?;
        let elements = (0..n)
            .map(|_| ElementSegment::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        let data = read_data(&mut r)?;
        let start = read_opt_u32(&mut r, "start function")?;
        let n = r.count("custom section count", min_bytes::CUSTOM_SECTION)?;
        let mut custom_sections = Vec::with_capacity(n);
        for _ in 0..n {
            custom_sections.push(CustomSection {
                name: r.str("custom section name")?.to_string(),
                bytes: r.bytes("custom section bytes")?.to_vec(),
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
    let n = r.count("import count", min_bytes::IMPORT)?;
    let mut imports = Vec::with_capacity(n);
    for _ in 0..n {
        let module = r.str("import module")?.to_string();
        let name = r.str("import name")?.to_string();
        let at = r.offset();
        let kind = match r.u8("import kind")? {
            0 => ImportKind::Func {
                sig: FuncSig::read(r)?,
                call_number: r.u32("call number")?,
            },
            1 => ImportKind::Global {
                ty: ValType::read(r)?,
                mutable: r.bool("global mutability")?,
                index: r.u32("global index")?,
            },
            2 => ImportKind::Memory(Limits::read(r)?),
            3 => ImportKind::Table(r.u32("table index")?),
            v => return Err(FormatError::new(at, format!("unknown import kind {v}"))),
        };
        imports.push(Import { module, name, kind });
    }
    Ok(imports)
}

fn read_globals(r: &mut Reader<'_>) -> Result<Vec<Global>, FormatError> {
    let n = r.count("global count", min_bytes::GLOBAL)?;
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
    Ok(exports)
}

fn read_functions(r: &mut Reader<'_>) -> Result<Vec<Function>, FormatError> {
    let n = r.count("function count", min_bytes::FUNCTION)?;
    let mut functions = Vec::with_capacity(n);
    for _ in 0..n {
        functions.push(Function {
            sig: FuncSig::read(r)?,
            type_id: r.u32("type id")?,
            pc: r.u32("function pc")?,
        });
    }
    Ok(functions)
}

fn read_data(r: &mut Reader<'_>) -> Result<Vec<DataSegment>, FormatError> {
    let n = r.count("data segment count", min_bytes::DATA_SEGMENT)?;
    let mut data = Vec::with_capacity(n);
    for _ in 0..n {
        let at = r.offset();
        let mode = match r.u8("data mode")? {
            0 => DataMode::Active(ConstInit::read(r)?),
            1 => DataMode::Passive,
            v => return Err(FormatError::new(at, format!("unknown data mode {v}"))),
        };
        let bytes = r.bytes("data bytes")?.to_vec();
        data.push(DataSegment { mode, bytes });
    }
    Ok(data)
}

fn read_debug(r: &mut Reader<'_>) -> Result<Vec<FuncDebug>, FormatError> {
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
    Ok(debug)
}
